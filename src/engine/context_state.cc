// Resolving a context: activity of every item, the value of every condition
// that does not read the user, and the closures of all reachable path
// states.
#include "engine/context_state.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace rolegraph::internal {
namespace {


bool LifecycleInEffect(v1::LifecycleState state, Configuration configuration) {
  switch (state) {
    case v1::LIFECYCLE_STATE_UNSPECIFIED:
    case v1::LIFECYCLE_STATE_ACTIVE:
      return true;
    case v1::LIFECYCLE_STATE_DEPRECATED:
      return configuration == Configuration::kProduction;
    case v1::LIFECYCLE_STATE_PROPOSED:
      return configuration == Configuration::kDevelopment;
    default:
      return false;
  }
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

absl::Status ResolveSwitches(const EvaluationContext& context,
                             ContextState& state) {
  const CompiledModel& model = state.model;
  const size_t count = model.switch_ids.size();
  state.switch_on = std::make_unique<bool[]>(std::max<size_t>(count, 1));

  for (SwitchIndex s = 0; s < count; ++s) {
    const v1::Switch& config = model.switch_config(s);
    bool on = config.active();
    if (on && config.has_expires_at()) on = context.now <= ToTime(config.expires_at());
    state.switch_on[s] = on;
  }

  for (const auto& [id, value] : context.switch_overrides) {
    auto it = model.switch_index.find(id);
    if (it == model.switch_index.end()) {
      return absl::NotFoundError(absl::StrCat(
          "unknown switch \"", id, "\"; the model defines: ",
          model.switch_ids.empty() ? "no switches" : "",
          absl::StrJoin(model.switch_ids, ", ")));
    }
    state.switch_on[it->second] = value;
  }
  return absl::OkStatus();
}

void ResolveConditions(ContextState& state) {
  const CompiledModel& model = state.model;
  state.condition_gate.resize(model.conditions.size(), Gate::kClosed);

  for (size_t i = 0; i < model.conditions.size(); ++i) {
    const ConditionSite& site = model.conditions[i];
    if (site.condition->dependency() == condition::Dependency::kUser) {
      state.condition_gate[i] = Gate::kPerUser;
      continue;
    }

    condition::Activation activation;
    activation.now = state.now;
    activation.switches =
        absl::MakeConstSpan(state.switch_on.get(), model.switch_ids.size());
    const condition::ProtoAttributeMap role_attributes(model.role(site.role).attributes());
    activation.role = {model.role_ids[site.role], &role_attributes};
    absl::StatusOr<bool> value = site.condition->Evaluate(activation);
    if (!value.ok()) {
      state.RecordError(static_cast<int32_t>(i), kNoUser, value.status().message());
    }
    state.condition_gate[i] = value.ok() && *value ? Gate::kOpen : Gate::kClosed;
  }
}

// The states reachable from every (role, 1), with the edges the context
// opens. Edges gated per user are kept apart: they lead to discovered
// states but are not part of `successors`.
struct StateGraph {
  std::vector<StateId> states;
  absl::flat_hash_map<StateId, uint32_t> local;
  Csr<uint32_t> successors;       // open edges, local ids
  Csr<uint32_t> all_successors;   // open and per-user edges, local ids
  std::vector<std::vector<PrivilegeIndex>> grants;
  std::vector<std::vector<PrivilegeIndex>> user_grants;
  // Per-user conditions on the state's outgoing edges.
  std::vector<std::vector<int32_t>> user_conditions;
};

// Strongly connected components, in the order Tarjan's algorithm completes
// them: every component comes after all the components it reaches.
struct Components {
  std::vector<uint32_t> of;
  std::vector<std::vector<uint32_t>> members;
};

Components FindComponents(const Csr<uint32_t>& edges, size_t n) {
  constexpr uint32_t kUnvisited = UINT32_MAX;
  Components result;
  result.of.assign(n, kUnvisited);
  std::vector<uint32_t> index(n, kUnvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<uint32_t> stack;
  struct Frame {
    uint32_t node;
    uint32_t next_edge;
  };
  std::vector<Frame> frames;
  uint32_t counter = 0;

  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    frames.push_back({root, edges.offsets[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;

    while (!frames.empty()) {
      const uint32_t v = frames.back().node;
      if (frames.back().next_edge < edges.offsets[v + 1]) {
        const uint32_t w = edges.items[frames.back().next_edge++];
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, edges.offsets[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }

      frames.pop_back();
      if (!frames.empty()) {
        const uint32_t parent = frames.back().node;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] != index[v]) continue;

      std::vector<uint32_t> members;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        members.push_back(w);
      } while (w != v);
      const uint32_t id = static_cast<uint32_t>(result.members.size());
      for (uint32_t m : members) result.of[m] = id;
      result.members.push_back(std::move(members));
    }
  }
  return result;
}

template <typename T>
void Append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

class ClosureBuilder {
 public:
  explicit ClosureBuilder(ContextState& state) : state_(state) {}

  void Run() {
    Discover();
    ComputeClosures();
    ComputeUpperBounds();
    BuildReachTable();
  }

 private:
  uint32_t LocalId(StateId id) {
    auto [it, inserted] =
        graph_.local.emplace(id, static_cast<uint32_t>(graph_.states.size()));
    if (inserted) graph_.states.push_back(id);
    return it->second;
  }

  // Returns kOpen, kClosed or kPerUser for an edge in this context.
  Gate EdgeGate(uint32_t activity, int32_t condition) const {
    if (state_.activity_on[activity] == 0) return Gate::kClosed;
    if (condition == kNoCondition) return Gate::kOpen;
    return state_.condition_gate[static_cast<size_t>(condition)];
  }

  void Discover() {
    const CompiledModel& model = state_.model;
    const int max_order = model.max_evaluation_order;
    for (RoleIndex r = 0; r < model.role_ids.size(); ++r) LocalId(state_.state(r, 1));

    // States are expanded in discovery order, so local ids are also the
    // order of the CSR rows.
    for (size_t next = 0; next < graph_.states.size(); ++next) {
      const StateId id = graph_.states[next];
      const RoleIndex role = state_.state_role(id);
      const int order = state_.state_order(id);
      std::vector<uint32_t> successors, all_successors;
      std::vector<PrivilegeIndex> grants, user_grants;
      std::vector<int32_t> user_conditions;

      auto add_edge = [&](Gate gate, int32_t condition, bool to_privilege, uint32_t target) {
        if (gate == Gate::kPerUser) user_conditions.push_back(condition);
        if (to_privilege) {
          (gate == Gate::kOpen ? grants : user_grants).push_back(target);
          return;
        }
        if (gate == Gate::kOpen) successors.push_back(target);
        all_successors.push_back(target);
      };

      if (state_.role_active(role)) {
        for (const CompiledAssignment& a : model.role_assignments.of(role)) {
          if (!CarriesPrivileges(a.relation) || order + 1 > max_order) continue;
          Gate gate = EdgeGate(a.activity, a.condition);
          if (gate == Gate::kClosed) continue;
          add_edge(gate, a.condition, false, LocalId(state_.state(a.role, order + 1)));
        }
        for (const CompiledInducement& i : model.role_inducements.of(role)) {
          const int target_order = order - (i.order - 1);
          if (target_order < 1) continue;
          if (i.target_is_privilege && target_order != 1) continue;
          Gate gate = EdgeGate(i.activity, i.condition);
          if (gate == Gate::kClosed) continue;
          add_edge(gate, i.condition, i.target_is_privilege,
                   i.target_is_privilege ? i.target
                                         : LocalId(state_.state(i.target, target_order)));
        }
      }

      auto push_row = [](Csr<uint32_t>& csr, const std::vector<uint32_t>& row) {
        csr.items.insert(csr.items.end(), row.begin(), row.end());
        csr.offsets.push_back(static_cast<uint32_t>(csr.items.size()));
      };
      push_row(graph_.successors, successors);
      push_row(graph_.all_successors, all_successors);
      graph_.grants.push_back(std::move(grants));
      graph_.user_grants.push_back(std::move(user_grants));
      graph_.user_conditions.push_back(std::move(user_conditions));
    }
  }

  // The closures over open edges. Each strongly connected component shares
  // one closure, built once every component it reaches is complete.
  void ComputeClosures() {
    const size_t n = graph_.states.size();
    const Components components = FindComponents(graph_.successors, n);
    for (const std::vector<uint32_t>& members : components.members) {
      const uint32_t self = static_cast<uint32_t>(state_.closures.size());
      Closure closure;
      for (uint32_t m : members) {
        const StateId id = graph_.states[m];
        if (state_.state_order(id) == 1) closure.roles.push_back(state_.state_role(id));
        Append(closure.privileges, graph_.grants[m]);
        closure.user_dependent |= !graph_.user_conditions[m].empty();

        for (uint32_t w : graph_.successors.of(m)) {
          if (components.of[w] == self) continue;
          const Closure& next = state_.closures[components.of[w]];
          Append(closure.privileges, next.privileges);
          Append(closure.roles, next.roles);
          closure.user_dependent |= next.user_dependent;
        }
      }
      SortUnique(closure.privileges);
      SortUnique(closure.roles);
      state_.closures.push_back(std::move(closure));
    }

    state_.state_closure.assign(state_.model.state_count(), -1);
    for (uint32_t v = 0; v < n; ++v) {
      state_.state_closure[graph_.states[v]] = static_cast<int32_t>(components.of[v]);
    }
  }

  // For roles whose closure depends on the user: the privileges the role
  // could grant if every per-user condition held, and those conditions.
  // Check skips the walk when the privilege is not among them. The
  // population index evaluates the conditions once per user and reuses one
  // walk for all users with the same values.
  void ComputeUpperBounds() {
    const size_t n = graph_.states.size();
    const Components components = FindComponents(graph_.all_successors, n);
    struct Upper {
      std::vector<PrivilegeIndex> privileges;
      std::vector<int32_t> conditions;
    };
    std::vector<Upper> uppers;
    for (const std::vector<uint32_t>& members : components.members) {
      const uint32_t self = static_cast<uint32_t>(uppers.size());
      Upper upper;
      for (uint32_t m : members) {
        Append(upper.privileges, graph_.grants[m]);
        Append(upper.privileges, graph_.user_grants[m]);
        Append(upper.conditions, graph_.user_conditions[m]);
        for (uint32_t w : graph_.all_successors.of(m)) {
          if (components.of[w] == self) continue;
          Append(upper.privileges, uppers[components.of[w]].privileges);
          Append(upper.conditions, uppers[components.of[w]].conditions);
        }
      }
      SortUnique(upper.privileges);
      SortUnique(upper.conditions);
      uppers.push_back(std::move(upper));
    }

    const size_t roles = state_.model.role_ids.size();
    state_.role_user_conditions.resize(roles);
    candidates_.resize(roles);
    for (RoleIndex r = 0; r < roles; ++r) {
      const Closure& lower = state_.role_closure(r);
      if (!lower.user_dependent) continue;
      const Upper& upper = uppers[components.of[graph_.local.at(state_.state(r, 1))]];
      std::set_difference(upper.privileges.begin(), upper.privileges.end(),
                          lower.privileges.begin(), lower.privileges.end(),
                          std::back_inserter(candidates_[r]));
      // Conditions that always agree decide once.
      std::vector<int32_t>& deciding = state_.role_user_conditions[r];
      for (int32_t condition : upper.conditions) {
        deciding.push_back(state_.model.conditions[static_cast<size_t>(condition)].same_value_as);
      }
      SortUnique(deciding);
    }
  }

  // Fills the reach table: closures as kGranted, the privileges beyond
  // them that some user could reach as kPossible. The table is at most
  // half full, so probes stay short.
  void BuildReachTable() {
    const size_t roles = state_.model.role_ids.size();
    size_t pairs = 0;
    for (RoleIndex r = 0; r < roles; ++r) {
      pairs += state_.role_closure(r).privileges.size() + candidates_[r].size();
    }
    int bits = 4;
    while ((size_t{1} << bits) < 2 * pairs) ++bits;
    state_.reach_table.assign(size_t{1} << bits, 0);
    state_.reach_mask = (uint64_t{1} << bits) - 1;
    state_.reach_shift = 64 - bits;

    HotPath hot;
    hot.reach_mask = state_.reach_mask;
    hot.reach_shift = state_.reach_shift;
    auto insert = [&](RoleIndex role, PrivilegeIndex privilege, uint64_t flag) {
      const uint64_t key = HotPath::ReachKey(role, privilege);
      uint64_t slot = hot.ReachSlot(key);
      while (state_.reach_table[slot] != 0) slot = (slot + 1) & state_.reach_mask;
      state_.reach_table[slot] = key | flag;
    };
    for (RoleIndex r = 0; r < roles; ++r) {
      for (PrivilegeIndex p : state_.role_closure(r).privileges) insert(r, p, 0);
      for (PrivilegeIndex p : candidates_[r]) insert(r, p, HotPath::kPossibleBit);
    }
    candidates_.clear();
  }

  ContextState& state_;
  StateGraph graph_;
  // Per role, the privileges beyond its closure that some user could reach.
  std::vector<std::vector<PrivilegeIndex>> candidates_;
};

}  // namespace

void ContextState::RecordError(int32_t condition, UserIndex user,
                               absl::string_view message) const {
  // Failures of context conditions (no user) sort first, then by user and
  // condition.
  const uint64_t key = (user == kNoUser ? 0 : uint64_t{user} + 1) << 32 |
                       static_cast<uint32_t>(condition);
  absl::MutexLock lock(&errors_mutex);
  if (!failed_pairs.insert(key).second) return;
  if (errors.size() >= kMaxRecordedErrors) {
    if (key > errors.rbegin()->first) return;
    errors.erase(std::prev(errors.end()));
  }

  const ConditionSite& site = model.conditions[static_cast<size_t>(condition)];
  v1::Diagnostic diagnostic;
  diagnostic.set_severity(v1::SEVERITY_WARNING);
  diagnostic.set_code("condition-evaluation-failed");
  diagnostic.set_file(model.file_name);
  diagnostic.set_path(absl::StrCat(site.model_path, ".condition"));
  std::string subject =
      user == kNoUser ? "" : absl::StrCat(" for user \"", model.user_ids[user], "\"");
  diagnostic.set_message(absl::StrCat("condition `", site.condition->source(),
                                      "` failed to evaluate", subject, ": ", message,
                                      "; it counts as false"));
  diagnostic.set_hint(
      "guard the condition, for example with has(user.attributes.KEY)");
  errors.emplace(key, std::move(diagnostic));
}

v1::ConditionValue ContextState::ConditionValueFor(int32_t condition,
                                                   UserIndex user) const {
  const ConditionSite& site = model.conditions[static_cast<size_t>(condition)];
  condition::Activation activation;
  activation.now = now;
  activation.switches = absl::MakeConstSpan(switch_on.get(), model.switch_ids.size());
  const internal::AttributeView user_attributes(model.user_attributes, user);
  const condition::ProtoAttributeMap role_attributes(model.role(site.role).attributes());
  activation.user = {model.user_ids[user], &user_attributes};
  activation.role = {model.role_ids[site.role], &role_attributes};

  v1::ConditionValue result;
  result.set_expression(site.condition->source());
  absl::StatusOr<bool> value = site.condition->Evaluate(activation);
  if (value.ok()) {
    result.set_value(*value);
  } else {
    result.set_error(std::string(value.status().message()));
  }
  return result;
}

absl::StatusOr<bool> ContextState::EvaluateStatus(int32_t condition,
                                                 UserIndex user) const {
  const ConditionSite& site = model.conditions[static_cast<size_t>(condition)];
  condition::Activation activation;
  activation.now = now;
  activation.switches = absl::MakeConstSpan(switch_on.get(), model.switch_ids.size());
  const internal::AttributeView user_attributes(model.user_attributes, user);
  const condition::ProtoAttributeMap role_attributes(model.role(site.role).attributes());
  activation.user = {model.user_ids[user], &user_attributes};
  activation.role = {model.role_ids[site.role], &role_attributes};
  return site.condition->Evaluate(activation);
}

bool ContextState::EvaluateForUser(int32_t condition, UserIndex user) const {
  absl::StatusOr<bool> value = EvaluateStatus(condition, user);
  if (!value.ok()) {
    RecordError(condition, user, value.status().message());
    return false;
  }
  return *value;
}

absl::Status BuildContextState(const EvaluationContext& context,
                               ContextState& state) {
  const CompiledModel& model = state.model;
  state.now = context.now;
  state.configuration = context.configuration;
  state.workers = context.threads > 0
                      ? context.threads
                      : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));

  absl::Status status = ResolveSwitches(context, state);
  if (!status.ok()) return status;

  state.activity_on.resize(model.activities.size());
  for (size_t i = 0; i < model.activities.size(); ++i) {
    const Activity& activity = model.activities[i];
    state.activity_on[i] = !activity.disabled() &&
                           LifecycleInEffect(activity.lifecycle_state,
                                             context.configuration) &&
                           activity.valid_from <= context.now &&
                           context.now <= activity.valid_to;
  }

  ResolveConditions(state);
  ClosureBuilder(state).Run();
  return absl::OkStatus();
}

HotPath MakeHotPath(const ContextState& state) {
  const CompiledModel& model = state.model;
  HotPath hot;
  hot.user_activity = model.user_activity.data();
  hot.user_assignment_offsets = model.user_assignments.offsets.data();
  hot.user_assignments = model.user_assignments.items.data();
  hot.activity_on = state.activity_on.data();
  hot.condition_gate = state.condition_gate.data();
  hot.reach_table = state.reach_table.data();
  hot.reach_mask = state.reach_mask;
  hot.reach_shift = state.reach_shift;
  return hot;
}

namespace {

// Walks the user's path states from (role, 1). `visit_closure` receives the
// closure of each state that does not depend on the user, `visit_grant`
// each privilege granted by a per-user edge and `visit_role` each role
// entered at order 1 on the way; a callback returning true stops the walk.
// Buffers are per thread, so a walk allocates only when they grow.
template <typename OnClosure, typename OnGrant, typename OnRole>
bool Walk(const ContextState& state, UserIndex user, RoleIndex role,
          OnClosure visit_closure, OnGrant visit_grant, OnRole visit_role) {
  thread_local absl::flat_hash_set<StateId> visited;
  thread_local std::vector<StateId> stack;
  visited.clear();
  stack.clear();

  const CompiledModel& model = state.model;
  const int max_order = model.max_evaluation_order;
  auto push = [&](StateId id) {
    if (visited.insert(id).second) stack.push_back(id);
  };
  push(state.state(role, 1));

  while (!stack.empty()) {
    const StateId id = stack.back();
    stack.pop_back();
    const Closure& closure = state.closure_of(id);
    if (!closure.user_dependent) {
      if (visit_closure(closure)) return true;
      continue;
    }

    const RoleIndex current = state.state_role(id);
    const int order = state.state_order(id);
    if (order == 1 && visit_role(current)) return true;
    if (!state.role_active(current)) continue;

    for (const CompiledAssignment& a : model.role_assignments.of(current)) {
      if (!CarriesPrivileges(a.relation) || order + 1 > max_order) continue;
      if (state.EdgeApplies(a.activity, a.condition, user)) {
        push(state.state(a.role, order + 1));
      }
    }
    for (const CompiledInducement& i : model.role_inducements.of(current)) {
      const int target_order = order - (i.order - 1);
      if (target_order < 1) continue;
      if (i.target_is_privilege && target_order != 1) continue;
      if (!state.EdgeApplies(i.activity, i.condition, user)) continue;
      if (!i.target_is_privilege) {
        push(state.state(i.target, target_order));
      } else if (visit_grant(i.target)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void WalkForUser(const ContextState& state, UserIndex user, RoleIndex role,
                 std::vector<PrivilegeIndex>* privileges,
                 std::vector<RoleIndex>* roles) {
  Walk(
      state, user, role,
      [&](const Closure& closure) {
        if (privileges != nullptr) Append(*privileges, closure.privileges);
        if (roles != nullptr) Append(*roles, closure.roles);
        return false;
      },
      [&](PrivilegeIndex p) {
        if (privileges != nullptr) privileges->push_back(p);
        return false;
      },
      [&](RoleIndex r) {
        if (roles != nullptr) roles->push_back(r);
        return false;
      });
}

void ReachFrom(const ContextState& state, UserIndex user, RoleIndex role,
               std::vector<PrivilegeIndex>& privileges, std::vector<RoleIndex>& roles) {
  const Closure& closure = state.role_closure(role);
  if (!closure.user_dependent) {
    privileges = closure.privileges;
    roles = closure.roles;
    return;
  }
  privileges.clear();
  roles.clear();
  WalkForUser(state, user, role, &privileges, &roles);
  SortUnique(privileges);
  SortUnique(roles);
}

bool WalkFindsPrivilege(const ContextState& state, UserIndex user, RoleIndex role,
                        PrivilegeIndex privilege) {
  return Walk(
      state, user, role,
      [&](const Closure& closure) {
        return std::binary_search(closure.privileges.begin(), closure.privileges.end(),
                                  privilege);
      },
      [&](PrivilegeIndex p) { return p == privilege; }, [](RoleIndex) { return false; });
}

}  // namespace rolegraph::internal
