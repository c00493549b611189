// Cycles in the role graph. The edges run from a role to each role it
// induces and to each meta-role it is assigned. Evaluation cuts cycles,
// because it visits a role once per evaluation order, so they are warnings.
// A role that reaches itself in one step is an error, reported with the
// references.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

enum class EdgeKind { kInducement, kAssignment };

struct Edge {
  int target;
  EdgeKind kind;
};

// One step of a cycle: a role and the edge that leaves it.
struct CycleStep {
  int role;
  EdgeKind kind;
};

// Adjacency lists indexed by the position of a role in the model. Only the
// first definition of a duplicated id has edges.
std::vector<std::vector<Edge>> BuildRoleGraph(const v1::Model& model,
                                              const ModelIndex& index) {
  std::vector<std::vector<Edge>> graph(model.roles_size());
  const auto add_edge = [&](int source, const std::string& target_id,
                            EdgeKind kind) {
    const auto target = index.roles.position.find(target_id);
    if (target == index.roles.position.end() || target->second == source)
      return;
    graph[source].push_back({target->second, kind});
  };

  for (int i = 0; i < model.roles_size(); ++i) {
    const v1::Role& role = model.roles(i);
    if (index.roles.position.at(role.id()) != i) continue;
    for (const v1::Inducement& inducement : role.inducements()) {
      if (inducement.target_case() == v1::Inducement::kRole) {
        add_edge(i, inducement.role(), EdgeKind::kInducement);
      }
    }
    for (const v1::Assignment& assignment : role.assignments()) {
      add_edge(i, assignment.role(), EdgeKind::kAssignment);
    }
  }
  return graph;
}

// Rotates the cycle to start at its first role in model order, so that the
// same cycle always reads the same way.
std::vector<CycleStep> Canonical(std::vector<CycleStep> cycle) {
  const auto first = std::min_element(
      cycle.begin(), cycle.end(),
      [](const CycleStep& a, const CycleStep& b) { return a.role < b.role; });
  std::rotate(cycle.begin(), first, cycle.end());
  return cycle;
}

std::string DescribeCycle(const v1::Model& model,
                          const std::vector<CycleStep>& cycle) {
  std::vector<std::string> steps;
  for (size_t i = 0; i < cycle.size(); ++i) {
    const std::string& from = model.roles(cycle[i].role).id();
    const std::string& to =
        model.roles(cycle[(i + 1) % cycle.size()].role).id();
    const char* verb = cycle[i].kind == EdgeKind::kInducement
                           ? " induces "
                           : " is assigned to ";
    steps.push_back(absl::StrCat(Quote(from), verb, Quote(to)));
  }
  return absl::StrCat("roles form a cycle of ", cycle.size(), ": ",
                      absl::StrJoin(steps, ", "));
}

// Depth-first search in model order. Every edge back to a role on the
// current path closes one cycle. The search is iterative, so long role
// chains cannot exhaust the stack.
class CycleFinder {
 public:
  explicit CycleFinder(const std::vector<std::vector<Edge>>& graph)
      : graph_(graph),
        state_(graph.size(), kUnvisited),
        stack_position_(graph.size(), -1) {}

  std::vector<std::vector<CycleStep>> Run() {
    for (int root = 0; root < static_cast<int>(graph_.size()); ++root) {
      if (state_[root] == kUnvisited) Visit(root);
    }
    return std::move(cycles_);
  }

 private:
  enum State { kUnvisited, kOnPath, kDone };

  struct Frame {
    int role;
    size_t next_edge;
  };

  void Push(int role) {
    state_[role] = kOnPath;
    stack_position_[role] = static_cast<int>(path_.size());
    path_.push_back({role, 0});
  }

  void Visit(int root) {
    Push(root);
    while (!path_.empty()) {
      Frame& frame = path_.back();
      if (frame.next_edge == graph_[frame.role].size()) {
        state_[frame.role] = kDone;
        stack_position_[frame.role] = -1;
        path_.pop_back();
        continue;
      }
      const Edge& edge = graph_[frame.role][frame.next_edge++];
      if (state_[edge.target] == kUnvisited) {
        Push(edge.target);
      } else if (state_[edge.target] == kOnPath) {
        RecordCycle(edge);
      }
    }
  }

  void RecordCycle(const Edge& closing) {
    std::vector<CycleStep> cycle;
    for (size_t i = stack_position_[closing.target]; i < path_.size(); ++i) {
      const Frame& frame = path_[i];
      const bool last = i + 1 == path_.size();
      // The frame's next_edge has already moved past the edge it followed.
      const EdgeKind kind =
          last ? closing.kind : graph_[frame.role][frame.next_edge - 1].kind;
      cycle.push_back({frame.role, kind});
    }
    cycle = Canonical(std::move(cycle));

    std::vector<int> signature;
    for (const CycleStep& step : cycle) signature.push_back(step.role);
    if (seen_.insert(std::move(signature)).second) {
      cycles_.push_back(std::move(cycle));
    }
  }

  const std::vector<std::vector<Edge>>& graph_;
  std::vector<State> state_;
  std::vector<int> stack_position_;
  std::vector<Frame> path_;
  std::set<std::vector<int>> seen_;
  std::vector<std::vector<CycleStep>> cycles_;
};

}  // namespace

void CheckRoleCycles(const v1::Model& model, const ModelIndex& index,
                     DiagnosticList& diagnostics) {
  const std::vector<std::vector<Edge>> graph = BuildRoleGraph(model, index);
  for (const std::vector<CycleStep>& cycle : CycleFinder(graph).Run()) {
    diagnostics.AddWarning(
        absl::StrCat("roles[", cycle.front().role, "]"), "role-cycle",
        DescribeCycle(model, cycle),
        "evaluation cuts the cycle, but it usually comes from a mistake. "
        "Remove one of its inducements or assignments if it is not intended.");
  }
}

}  // namespace rolegraph::model_internal
