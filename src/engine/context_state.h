// The per-context part of an Evaluator: which activities and conditions
// hold in the context, and the closure of every reachable path state.
//
// A path state is (role, s), where s is the evaluation order. Its closure is
// what the state reaches through edges whose gates the context alone
// decides: the privileges granted at order 1 and the roles entered at order
// 1. Edges gated by a condition that reads the user are left out of the
// closure, and the state is marked user-dependent; evaluation walks such
// states for each user.
#ifndef ROLEGRAPH_SRC_ENGINE_CONTEXT_STATE_H_
#define ROLEGRAPH_SRC_ENGINE_CONTEXT_STATE_H_

#include <roaring/roaring.hh>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/compiled_model.h"
#include "rolegraph/evaluator.h"

namespace rolegraph::internal {

using StateId = uint32_t;

// Stands for "no user" where an error arises outside any user's evaluation.
inline constexpr UserIndex kNoUser = UINT32_MAX;

struct Closure {
  std::vector<PrivilegeIndex> privileges;  // sorted
  std::vector<RoleIndex> roles;            // sorted
  bool user_dependent = false;
};

// Users who reach the same privileges and roles through one role whose
// closure depends on the user: they agree on every per-user condition that
// can matter below it.
struct UserGroup {
  RoleIndex role;
  std::vector<PrivilegeIndex> privileges;  // sorted, unique
  std::vector<RoleIndex> roles;            // sorted, unique
  Roaring users;
};

// Holders per privilege and members per role for one context, in factored
// form. A privilege's holders are the union of the direct holders of the
// roles whose closures grant it and of the user groups that reach it.
// Building the index scans the users once, and the union for one privilege
// or role is formed on its first query and kept.
struct PopulationIndex {
  // Active users with an applying member or manager assignment to the role.
  std::vector<Roaring> direct;
  std::vector<UserGroup> groups;
  // The sources of each privilege's holders and each role's members. A
  // value below the role count is a role, whose direct holders count. A
  // value v at or above it stands for groups[v - role count].
  Csr<uint32_t> privilege_sources;
  Csr<uint32_t> role_sources;
  std::vector<Roaring> dormant_holders;

  // Unions formed on first use. Each slot is written once, inside the
  // std::call_once of its flag, and only read afterwards.
  std::unique_ptr<std::once_flag[]> holders_once;
  mutable std::vector<Roaring> holders;
  std::unique_ptr<std::once_flag[]> members_once;
  mutable std::vector<Roaring> role_members;

  const Roaring& Holders(PrivilegeIndex privilege) const;
  const Roaring& Members(RoleIndex role) const;

 private:
  Roaring UnionOfSources(absl::Span<const uint32_t> sources) const;
};

struct ContextState {
  explicit ContextState(const CompiledModel& model) : model(model) {}

  const CompiledModel& model;
  absl::Time now;
  Configuration configuration = Configuration::kProduction;
  // Threads for population-wide work.
  int workers = 1;

  std::unique_ptr<bool[]> switch_on;
  std::vector<uint8_t> activity_on;
  std::vector<Gate> condition_gate;
  // For each state id, an index into `closures`, or -1 when unreachable.
  std::vector<int32_t> state_closure;
  std::vector<Closure> closures;

  // The Reach of every (role, privilege) pair that is not kNone: the
  // order-1 closure of each role, and for roles whose closure depends on
  // the user, the privileges beyond it that some user could reach. See
  // HotPath for the layout.
  std::vector<uint64_t> reach_table;
  uint64_t reach_mask = 0;
  int reach_shift = 64;

  // For roles whose closure depends on the user, the per-user conditions
  // that decide what a member reaches, one per group of conditions that
  // always agree (ConditionSite::same_value_as).
  std::vector<std::vector<int32_t>> role_user_conditions;

  // std::call_once rather than absl::call_once: ThreadSanitizer tracks the
  // ordering through pthread_once, but not inside Debian's Abseil build.
  mutable std::once_flag index_once;
  mutable std::unique_ptr<PopulationIndex> index;

  // Condition evaluation failures: every failing (user, condition) pair
  // once, and the diagnostics of the first kMaxRecordedErrors pairs in
  // (user, condition) order, so that the record does not depend on which
  // thread evaluated first.
  mutable absl::Mutex errors_mutex;
  mutable absl::flat_hash_set<uint64_t> failed_pairs ABSL_GUARDED_BY(errors_mutex);
  mutable std::map<uint64_t, v1::Diagnostic> errors ABSL_GUARDED_BY(errors_mutex);

  StateId state(RoleIndex role, int order) const {
    return role * static_cast<uint32_t>(model.max_evaluation_order) +
           static_cast<uint32_t>(order - 1);
  }
  RoleIndex state_role(StateId id) const {
    return id / static_cast<uint32_t>(model.max_evaluation_order);
  }
  int state_order(StateId id) const {
    return static_cast<int>(id % static_cast<uint32_t>(model.max_evaluation_order)) + 1;
  }

  const Closure& closure_of(StateId id) const {
    return closures[static_cast<size_t>(state_closure[id])];
  }
  const Closure& role_closure(RoleIndex role) const {
    return closure_of(state(role, 1));
  }

  bool user_active(UserIndex user) const {
    return activity_on[model.user_activity[user]] != 0;
  }
  bool role_active(RoleIndex role) const {
    return activity_on[model.role_activity[role]] != 0;
  }

  // Evaluates a per-user condition; failures count as false and are
  // recorded.
  bool EvaluateForUser(int32_t condition, UserIndex user) const;
  // Evaluates a per-user condition without recording a failure.
  absl::StatusOr<bool> EvaluateStatus(int32_t condition, UserIndex user) const;

  // Evaluates any condition for one user and returns its value and error,
  // for explanations.
  v1::ConditionValue ConditionValueFor(int32_t condition, UserIndex user) const;

  // Whether an edge with this activity and condition applies to the user.
  bool EdgeApplies(uint32_t activity, int32_t condition, UserIndex user) const {
    if (activity_on[activity] == 0) return false;
    if (condition == kNoCondition) return true;
    Gate gate = condition_gate[static_cast<size_t>(condition)];
    if (gate != Gate::kPerUser) return gate == Gate::kOpen;
    return EvaluateForUser(condition, user);
  }

  void RecordError(int32_t condition, UserIndex user,
                   absl::string_view message) const;
};

// Evaluates per-user conditions for one user at a time and remembers the
// values, shared between conditions that always agree (see
// ConditionSite::same_value_as). A condition with ConditionSite::user_key_ids
// is also remembered by the user's values at those keys, across users. For
// one thread.
class ConditionMemo {
 public:
  explicit ConditionMemo(const ContextState& state)
      : state_(state),
        user_(state.model.conditions.size(), kNoUser),
        value_(state.model.conditions.size(), 0) {}

  bool Evaluate(int32_t condition, UserIndex user) {
    const size_t shared =
        static_cast<size_t>(state_.model.conditions[static_cast<size_t>(condition)].same_value_as);
    if (user_[shared] != user) {
      user_[shared] = user;
      value_[shared] = EvaluateShared(static_cast<int32_t>(shared), user) ? 1 : 0;
    }
    return value_[shared] != 0;
  }

 private:
  // A condition and the positions of the user's values at its keys.
  struct ValuesKey {
    int32_t condition;
    absl::InlinedVector<uint32_t, 2> values;

    friend bool operator==(const ValuesKey&, const ValuesKey&) = default;
    template <typename H>
    friend H AbslHashValue(H state, const ValuesKey& key) {
      return H::combine(std::move(state), key.condition, key.values);
    }
  };

  bool EvaluateShared(int32_t condition, UserIndex user) {
    const ConditionSite& site = state_.model.conditions[static_cast<size_t>(condition)];
    if (!site.user_key_ids.has_value()) return state_.EvaluateForUser(condition, user);

    ValuesKey key{condition, {}};
    for (uint32_t key_id : *site.user_key_ids) {
      key.values.push_back(state_.model.user_attributes.FindValue(user, key_id));
    }
    auto it = by_values_.find(key);
    if (it != by_values_.end()) return it->second;
    // A failure is not remembered, because its message names the user.
    absl::StatusOr<bool> value = state_.EvaluateStatus(condition, user);
    if (!value.ok()) {
      state_.RecordError(condition, user, value.status().message());
      return false;
    }
    by_values_.emplace(std::move(key), *value);
    return *value;
  }

  const ContextState& state_;
  std::vector<UserIndex> user_;
  std::vector<uint8_t> value_;
  absl::flat_hash_map<ValuesKey, bool> by_values_;
};

// A role and the values of the per-user conditions that decide what its
// members reach. Members with equal keys reach the same privileges and
// roles.
struct GroupKey {
  RoleIndex role = 0;
  std::vector<bool> values;

  friend bool operator==(const GroupKey&, const GroupKey&) = default;

  template <typename H>
  friend H AbslHashValue(H state, const GroupKey& key) {
    return H::combine(std::move(state), key.role, key.values);
  }
};

// Appends to `values` the value for the user of each condition that
// decides what members of the role reach in this context.
inline void AppendDecidingValues(const ContextState& state, ConditionMemo& memo,
                                 UserIndex user, RoleIndex role,
                                 std::vector<bool>& values) {
  for (int32_t condition : state.role_user_conditions[role]) {
    values.push_back(memo.Evaluate(condition, user));
  }
}

// Resolves activities, conditions and closures for the context.
absl::Status BuildContextState(const EvaluationContext& context,
                               ContextState& state);

// Sorts the values, drops repeats and releases spare capacity.
template <typename T>
void SortUnique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  values.shrink_to_fit();
}

// Whether the relation of an assignment carries privileges and traversal.
inline bool CarriesPrivileges(v1::Relation relation) {
  return relation == v1::RELATION_MEMBER || relation == v1::RELATION_MANAGER;
}

// Whether the user reaches the privilege from state (role, 1); stops at the
// first path found.
bool WalkFindsPrivilege(const ContextState& state, UserIndex user, RoleIndex role,
                        PrivilegeIndex privilege);

// Collects the privileges and roles a user reaches from state (role, 1),
// walking user-dependent states and using closures elsewhere. Appends,
// unsorted and possibly with repeats.
void WalkForUser(const ContextState& state, UserIndex user, RoleIndex role,
                 std::vector<PrivilegeIndex>* privileges,
                 std::vector<RoleIndex>* roles);

// Sets `privileges` and `roles` to what the user reaches from state
// (role, 1), sorted and unique.
void ReachFrom(const ContextState& state, UserIndex user, RoleIndex role,
               std::vector<PrivilegeIndex>& privileges, std::vector<RoleIndex>& roles);

// Returns views of the state for Evaluator's inline Check.
HotPath MakeHotPath(const ContextState& state);

// The roles and users that two contexts of one compiled model can evaluate
// differently.
struct ContextDifference {
  // Per role, 1 when its members may reach different privileges or roles:
  // it can reach an edge whose gate, activity or per-user condition value
  // differs, or a role whose activity differs.
  std::vector<uint8_t> roles;
  // The users whose results may differ, sorted: their activity or one of
  // their assignments differs, or they are assigned a differing role.
  std::vector<UserIndex> users;
};
ContextDifference CompareContexts(const ContextState& a, const ContextState& b);

// Builds the population index.
std::unique_ptr<PopulationIndex> BuildPopulationIndex(const ContextState& state);

}  // namespace rolegraph::internal

#endif  // ROLEGRAPH_SRC_ENGINE_CONTEXT_STATE_H_
