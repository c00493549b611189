// Cycles in the role graph. The edges run from a role to each role it
// induces and to each meta-role it is assigned. Evaluation cuts cycles,
// because it visits a role once per evaluation order, so they are warnings.
// A role that reaches itself in one step is an error, reported with the
// references.
//
// A dense graph has exponentially many cycles, so the warnings are per
// strongly connected component: one warning for each group of roles that
// all reach each other, showing its shortest cycle through the group's
// first role and naming a bounded number of the other roles.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

// A warning shows at most this many steps of a cycle and this many of the
// other roles of a component, so its length does not grow with the model.
constexpr size_t kMaxStepsShown = 10;
constexpr size_t kMaxRolesShown = 10;

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

// Tarjan's algorithm without recursion, so long role chains cannot exhaust
// the stack. Returns the components of two or more roles, each sorted by
// model position, in the order of their first role.
std::vector<std::vector<int>> FindCyclicComponents(
    const std::vector<std::vector<Edge>>& graph) {
  const int size = static_cast<int>(graph.size());
  std::vector<int> order(size, -1);
  std::vector<int> low(size, 0);
  std::vector<bool> on_stack(size, false);
  std::vector<int> stack;
  std::vector<std::pair<int, size_t>> calls;  // role, next edge
  std::vector<std::vector<int>> components;
  int next_order = 0;

  for (int root = 0; root < size; ++root) {
    if (order[root] != -1) continue;
    calls.push_back({root, 0});
    order[root] = low[root] = next_order++;
    stack.push_back(root);
    on_stack[root] = true;

    while (!calls.empty()) {
      auto& [role, next_edge] = calls.back();
      if (next_edge < graph[role].size()) {
        const int target = graph[role][next_edge++].target;
        if (order[target] == -1) {
          order[target] = low[target] = next_order++;
          stack.push_back(target);
          on_stack[target] = true;
          calls.push_back({target, 0});
        } else if (on_stack[target]) {
          low[role] = std::min(low[role], order[target]);
        }
        continue;
      }

      // All edges of `role` are done: close its component if it is a root.
      const int finished = role;
      calls.pop_back();
      if (!calls.empty()) {
        low[calls.back().first] = std::min(low[calls.back().first], low[finished]);
      }
      if (low[finished] != order[finished]) continue;
      std::vector<int> component;
      int member = -1;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = false;
        component.push_back(member);
      } while (member != finished);
      if (component.size() < 2) continue;
      std::sort(component.begin(), component.end());
      components.push_back(std::move(component));
    }
  }
  std::sort(components.begin(), components.end());
  return components;
}

// Returns the shortest cycle through `start` inside its component, found by
// a breadth-first search that follows edges in model order.
std::vector<CycleStep> ShortestCycle(const std::vector<std::vector<Edge>>& graph,
                                     const std::vector<int>& component, int start) {
  std::vector<bool> in_component(graph.size(), false);
  for (int role : component) in_component[role] = true;

  // The edge that first reached each role: its source and kind.
  std::vector<int> parent(graph.size(), -1);
  std::vector<EdgeKind> parent_kind(graph.size(), EdgeKind::kInducement);
  std::vector<int> queue = {start};
  int closing_role = -1;
  EdgeKind closing_kind = EdgeKind::kInducement;
  for (size_t head = 0; head < queue.size() && closing_role == -1; ++head) {
    const int role = queue[head];
    for (const Edge& edge : graph[role]) {
      if (!in_component[edge.target]) continue;
      if (edge.target == start) {
        closing_role = role;
        closing_kind = edge.kind;
        break;
      }
      if (parent[edge.target] != -1) continue;
      parent[edge.target] = role;
      parent_kind[edge.target] = edge.kind;
      queue.push_back(edge.target);
    }
  }

  // Every role of a component lies on a cycle, so the search always closes.
  std::vector<CycleStep> cycle = {{closing_role, closing_kind}};
  for (int role = closing_role; role != start; role = parent[role]) {
    cycle.push_back({parent[role], parent_kind[role]});
  }
  std::reverse(cycle.begin(), cycle.end());
  return cycle;
}

std::string DescribeCycle(const v1::Model& model,
                          const std::vector<CycleStep>& cycle) {
  std::vector<std::string> steps;
  for (size_t i = 0; i < cycle.size() && i < kMaxStepsShown; ++i) {
    const std::string& from = model.roles(cycle[i].role).id();
    const std::string& to =
        model.roles(cycle[(i + 1) % cycle.size()].role).id();
    const char* verb = cycle[i].kind == EdgeKind::kInducement
                           ? " induces "
                           : " is assigned to ";
    steps.push_back(absl::StrCat(Quote(from), verb, Quote(to)));
  }
  if (cycle.size() > kMaxStepsShown) {
    steps.push_back(
        absl::StrCat("and ", cycle.size() - kMaxStepsShown, " more steps"));
  }
  return absl::StrCat("roles form a cycle of ", cycle.size(), ": ",
                      absl::StrJoin(steps, ", "));
}

// Describes the roles of a component that the shown cycle leaves out.
std::string DescribeOtherRoles(const v1::Model& model,
                               const std::vector<int>& component,
                               const std::vector<CycleStep>& cycle) {
  std::vector<bool> on_cycle(model.roles_size(), false);
  for (const CycleStep& step : cycle) on_cycle[step.role] = true;
  std::vector<std::string> shown;
  size_t others = 0;
  for (int role : component) {
    if (on_cycle[role]) continue;
    ++others;
    if (shown.size() < kMaxRolesShown) shown.push_back(Quote(model.roles(role).id()));
  }
  if (others == 0) return "; the same roles also form other cycles";
  if (others > shown.size()) {
    shown.push_back(absl::StrCat("and ", others - shown.size(), " more"));
  }
  return absl::StrCat("; ", component.size(),
                      " roles in all reach each other, so there are more "
                      "cycles through ",
                      absl::StrJoin(shown, ", "));
}

// Returns whether the component is exactly one cycle: each role leads to
// one other role of the component.
bool IsSingleCycle(const std::vector<std::vector<Edge>>& graph,
                   const std::vector<int>& component) {
  std::vector<bool> in_component(graph.size(), false);
  for (int role : component) in_component[role] = true;
  for (int role : component) {
    int target = -1;
    for (const Edge& edge : graph[role]) {
      if (!in_component[edge.target]) continue;
      if (target != -1 && target != edge.target) return false;
      target = edge.target;
    }
  }
  return true;
}

}  // namespace

void CheckRoleCycles(const v1::Model& model, const ModelIndex& index,
                     DiagnosticList& diagnostics) {
  const std::vector<std::vector<Edge>> graph = BuildRoleGraph(model, index);
  for (const std::vector<int>& component : FindCyclicComponents(graph)) {
    const std::vector<CycleStep> cycle =
        ShortestCycle(graph, component, component.front());
    std::string message = DescribeCycle(model, cycle);
    if (!IsSingleCycle(graph, component)) {
      absl::StrAppend(&message, DescribeOtherRoles(model, component, cycle));
    }
    diagnostics.AddWarning(
        absl::StrCat("roles[", component.front(), "]"), "role-cycle",
        std::move(message),
        "evaluation cuts the cycle, but it usually comes from a mistake. "
        "Remove one of its inducements or assignments if it is not intended.");
  }
}

}  // namespace rolegraph::model_internal
