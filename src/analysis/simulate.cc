// Simulate: the per-user effect of a model delta, recomputing only the
// users that the changed roles, conditional assignments and the delta itself
// can reach.
#include "rolegraph/simulate.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "engine/context_state.h"

namespace rolegraph {
namespace {

constexpr uint32_t kMissing = UINT32_MAX;

// Maps dense indexes of the baseline policy to those of the changed one.
// Deltas only add ids, and dense indexes follow id order, so the maps are
// monotonic and sorted lists stay sorted after mapping.
struct IndexMaps {
  std::vector<uint32_t> users;
  std::vector<uint32_t> roles;
  std::vector<uint32_t> privileges;
};

// `ids` is a std::vector<std::string> or an internal::IdTable.
template <typename Ids, typename Find>
std::vector<uint32_t> MapIds(const Ids& ids, Find find) {
  std::vector<uint32_t> map(ids.size(), kMissing);
  for (uint32_t i = 0; i < ids.size(); ++i) {
    std::optional<uint32_t> found = find(ids[i]);
    if (found.has_value()) map[i] = *found;
  }
  return map;
}

IndexMaps BuildIndexMaps(const Policy& before, const Policy& after) {
  const internal::CompiledModel& model = before.compiled();
  IndexMaps maps;
  if (&before == &after) {
    auto identity = [](size_t size) {
      std::vector<uint32_t> map(size);
      std::iota(map.begin(), map.end(), 0);
      return map;
    };
    maps.users = identity(model.user_count());
    maps.roles = identity(model.role_ids.size());
    maps.privileges = identity(model.privilege_ids.size());
    return maps;
  }
  maps.users = MapIds(model.user_ids, [&](absl::string_view id) { return after.FindUser(id); });
  maps.roles = MapIds(model.role_ids, [&](const std::string& id) { return after.FindRole(id); });
  maps.privileges = MapIds(model.privilege_ids,
                           [&](const std::string& id) { return after.FindPrivilege(id); });
  return maps;
}

std::vector<uint32_t> Mapped(const std::vector<uint32_t>& values,
                             const std::vector<uint32_t>& map) {
  std::vector<uint32_t> out;
  out.reserve(values.size());
  for (uint32_t v : values) out.push_back(map[v]);
  return out;
}

// Whether the role's order-1 closure differs, or depends on the user on
// either side and so cannot be compared. `was` is kMissing for a new role.
bool ClosureChanged(const internal::ContextState& before, const internal::ContextState& after,
                    const IndexMaps& maps, uint32_t was, RoleIndex now) {
  const internal::Closure& closure = after.role_closure(now);
  if (was == kMissing || closure.user_dependent) return true;
  const internal::Closure& old = before.role_closure(was);
  return old.user_dependent || Mapped(old.privileges, maps.privileges) != closure.privileges ||
         Mapped(old.roles, maps.roles) != closure.roles;
}

// The id of the user or role that a set_activation path starts with, such as
// "ana" for prefix "users[" in "users[ana].assignments[1]".
std::optional<std::string> PathId(const v1::SetActivation& set, absl::string_view prefix) {
  absl::string_view path = set.path();
  if (!absl::ConsumePrefix(&path, prefix)) return std::nullopt;
  return std::string(path.substr(0, path.find(']')));
}

// Ids of the roles whose own definition the delta changes: their
// inducements, their activation or that of one of their assignments or
// inducements. nullopt when the delta sets a switch, which can change gates
// anywhere.
std::optional<std::vector<std::string>> RolesModifiedBy(const v1::ModelDelta& delta) {
  std::vector<std::string> roles;
  for (const v1::Change& change : delta.changes()) {
    switch (change.change_case()) {
      case v1::Change::kAddInducement:
        roles.push_back(change.add_inducement().role());
        break;
      case v1::Change::kRemoveInducement:
        roles.push_back(change.remove_inducement().role());
        break;
      case v1::Change::kAddRole:
        roles.push_back(change.add_role().id());
        break;
      case v1::Change::kSetActivation:
        if (std::optional<std::string> id = PathId(change.set_activation(), "roles[")) {
          roles.push_back(*std::move(id));
        }
        break;
      case v1::Change::kSetSwitch:
        return std::nullopt;
      default:
        break;
    }
  }
  return roles;
}

// Marks the roles of `model` that reach one of `ids`, themselves included,
// through inducements of roles and their own (meta-role) assignments, at
// any order and whatever the conditions.
void MarkRolesReaching(const internal::CompiledModel& model,
                       const std::vector<std::string>& ids, std::vector<uint8_t>& marked) {
  const size_t roles = model.role_ids.size();
  internal::Csr<RoleIndex> sources;
  std::vector<uint32_t> counts(roles + 1, 0);
  const auto for_each_edge = [&model, roles](auto visit) {
    for (RoleIndex r = 0; r < roles; ++r) {
      for (const internal::CompiledInducement& inducement : model.role_inducements.of(r)) {
        if (!inducement.target_is_privilege) visit(r, inducement.target);
      }
      for (const internal::CompiledAssignment& assignment : model.role_assignments.of(r)) {
        visit(r, assignment.role);
      }
    }
  };
  for_each_edge([&counts](RoleIndex, RoleIndex target) { ++counts[target + 1]; });
  for (size_t r = 0; r < roles; ++r) counts[r + 1] += counts[r];
  sources.offsets = counts;
  sources.items.resize(counts[roles]);
  for_each_edge([&counts, &sources](RoleIndex source, RoleIndex target) {
    sources.items[counts[target]++] = source;
  });

  std::vector<RoleIndex> pending;
  for (const std::string& id : ids) {
    auto it = model.role_index.find(id);
    if (it == model.role_index.end() || marked[it->second] != 0) continue;
    marked[it->second] = 1;
    pending.push_back(it->second);
  }
  while (!pending.empty()) {
    const RoleIndex role = pending.back();
    pending.pop_back();
    for (RoleIndex source : sources.of(role)) {
      if (marked[source] != 0) continue;
      marked[source] = 1;
      pending.push_back(source);
    }
  }
}

// Roles (in the changed policy's indexes) whose order-1 closure differs, or
// that depend on the user on either side and so cannot be compared.
// `may_change`, when given, marks the only roles that can have changed.
std::vector<RoleIndex> ChangedRoles(const internal::ContextState& before,
                                    const internal::ContextState& after,
                                    const IndexMaps& maps,
                                    const std::vector<uint8_t>* may_change) {
  std::vector<uint32_t> after_to_before(after.model.role_ids.size(), kMissing);
  for (RoleIndex r = 0; r < maps.roles.size(); ++r) after_to_before[maps.roles[r]] = r;

  std::vector<RoleIndex> changed;
  for (RoleIndex r = 0; r < after.model.role_ids.size(); ++r) {
    const uint32_t was = after_to_before[r];
    if (may_change != nullptr && (*may_change)[r] == 0 && was != kMissing) continue;
    if (ClosureChanged(before, after, maps, was, r)) changed.push_back(r);
  }
  return changed;
}

// The roles (in the changed policy's indexes) that can have changed: those
// that reach, before or after the delta, a role whose definition it
// changes. Without a switch change, the gates of every other role's edges
// are the same on both sides, so the closures of the other roles are the
// same even where they depend on the user. nullopt when the delta sets a
// switch.
std::optional<std::vector<uint8_t>> RolesThatMayChange(const Policy& before,
                                                       const Policy& after,
                                                       const IndexMaps& maps,
                                                       const v1::ModelDelta& delta) {
  std::optional<std::vector<std::string>> modified = RolesModifiedBy(delta);
  if (!modified.has_value()) return std::nullopt;

  std::vector<uint8_t> marked(after.role_count(), 0);
  MarkRolesReaching(after.compiled(), *modified, marked);
  std::vector<uint8_t> marked_before(before.role_count(), 0);
  MarkRolesReaching(before.compiled(), *modified, marked_before);
  for (RoleIndex r = 0; r < marked_before.size(); ++r) {
    if (marked_before[r] != 0 && maps.roles[r] != kMissing) marked[maps.roles[r]] = 1;
  }
  return marked;
}

// Users named by the delta, as ids.
std::vector<std::string> UsersNamedBy(const v1::ModelDelta& delta) {
  std::vector<std::string> users;
  for (const v1::Change& change : delta.changes()) {
    switch (change.change_case()) {
      case v1::Change::kAddAssignment:
        users.push_back(change.add_assignment().user());
        break;
      case v1::Change::kRemoveAssignment:
        users.push_back(change.remove_assignment().user());
        break;
      case v1::Change::kAddUser:
        users.push_back(change.add_user().id());
        break;
      case v1::Change::kObtainRole:
        users.push_back(change.obtain_role().user());
        break;
      case v1::Change::kSetActivation:
        if (std::optional<std::string> id = PathId(change.set_activation(), "users[")) {
          users.push_back(*std::move(id));
        }
        break;
      default:
        break;
    }
  }
  return users;
}

// The users to recompute, in the changed policy's indexes, sorted.
std::vector<UserIndex> CandidateUsers(const Evaluator& before, const Evaluator& after,
                                      const IndexMaps& maps,
                                      const std::vector<RoleIndex>& changed_roles,
                                      const v1::ModelDelta& delta) {
  const internal::CompiledModel& old_model = before.policy().compiled();
  const internal::CompiledModel& new_model = after.policy().compiled();
  std::vector<uint8_t> selected(new_model.user_count(), 0);

  std::vector<uint32_t> after_to_before(new_model.role_ids.size(), kMissing);
  for (RoleIndex r = 0; r < maps.roles.size(); ++r) after_to_before[maps.roles[r]] = r;
  for (RoleIndex r : changed_roles) {
    for (UserIndex u : new_model.role_assignees.of(r)) selected[u] = 1;
    if (after_to_before[r] == kMissing) continue;
    for (UserIndex u : old_model.role_assignees.of(after_to_before[r])) {
      selected[maps.users[u]] = 1;
    }
  }
  for (UserIndex u : new_model.users_with_conditional_assignments) selected[u] = 1;
  for (UserIndex u : old_model.users_with_conditional_assignments) selected[maps.users[u]] = 1;
  for (const std::string& id : UsersNamedBy(delta)) {
    std::optional<UserIndex> u = after.policy().FindUser(id);
    if (u.has_value()) selected[*u] = 1;
  }

  std::vector<UserIndex> users;
  for (UserIndex u = 0; u < selected.size(); ++u) {
    if (selected[u] != 0) users.push_back(u);
  }
  return users;
}

// Exclusion rules with their roles in both policies' indexes.
struct SodRule {
  std::string id;
  std::vector<uint32_t> before_roles;
  std::vector<uint32_t> after_roles;
  std::vector<std::string> role_ids;
};

std::vector<SodRule> ResolveSodRules(const Policy& before, const Policy& after) {
  std::vector<SodRule> rules;
  for (const v1::ExclusionRule& rule : after.definitions().exclusions()) {
    SodRule resolved;
    resolved.id = rule.id();
    for (const std::string& role : rule.roles()) {
      std::optional<RoleIndex> was = before.FindRole(role);
      std::optional<RoleIndex> now = after.FindRole(role);
      resolved.before_roles.push_back(was.value_or(kMissing));
      resolved.after_roles.push_back(now.value_or(kMissing));
      resolved.role_ids.push_back(role);
    }
    rules.push_back(std::move(resolved));
  }
  return rules;
}

// The rule's roles, as ids, that the sorted role list contains, when two or
// more; otherwise empty.
std::vector<std::string> Violation(const std::vector<uint32_t>& rule_roles,
                                   const std::vector<std::string>& role_ids,
                                   const std::vector<RoleIndex>& user_roles) {
  std::vector<std::string> held;
  for (size_t i = 0; i < rule_roles.size(); ++i) {
    if (rule_roles[i] != kMissing &&
        std::binary_search(user_roles.begin(), user_roles.end(), rule_roles[i])) {
      held.push_back(role_ids[i]);
    }
  }
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  if (held.size() < 2) held.clear();
  return held;
}

// One recomputed user's differences, in the changed policy's indexes.
struct UserDiff {
  UserIndex user;
  std::vector<PrivilegeIndex> gained, lost;
  std::vector<RoleIndex> roles_gained, roles_lost;
  std::vector<v1::SodViolation> sod_introduced, sod_resolved;
};

std::vector<uint32_t> Minus(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

UserDiff DiffUser(const Evaluator& before, const Evaluator& after, const IndexMaps& maps,
                  const std::vector<uint32_t>& after_to_before_user,
                  const std::vector<SodRule>& rules, UserIndex user) {
  UserDiff diff;
  diff.user = user;
  std::vector<PrivilegeIndex> was_privileges;
  std::vector<RoleIndex> was_roles_before_index;
  const uint32_t old_user = after_to_before_user[user];
  if (old_user != kMissing) {
    was_privileges = Mapped(before.EffectivePrivileges(old_user), maps.privileges);
    was_roles_before_index = before.EffectiveRoles(old_user);
  }
  const std::vector<RoleIndex> was_roles = Mapped(was_roles_before_index, maps.roles);
  const std::vector<PrivilegeIndex> now_privileges = after.EffectivePrivileges(user);
  const std::vector<RoleIndex> now_roles = after.EffectiveRoles(user);

  diff.gained = Minus(now_privileges, was_privileges);
  diff.lost = Minus(was_privileges, now_privileges);
  diff.roles_gained = Minus(now_roles, was_roles);
  diff.roles_lost = Minus(was_roles, now_roles);
  if (diff.roles_gained.empty() && diff.roles_lost.empty()) return diff;

  for (const SodRule& rule : rules) {
    std::vector<std::string> was = Violation(rule.before_roles, rule.role_ids,
                                             was_roles_before_index);
    std::vector<std::string> now = Violation(rule.after_roles, rule.role_ids, now_roles);
    if (was == now) continue;
    v1::SodViolation violation;
    violation.set_rule_id(rule.id);
    violation.set_user(std::string(after.policy().user_id(user)));
    if (!now.empty()) {
      for (const std::string& role : now) violation.add_roles(role);
      diff.sod_introduced.push_back(violation);
    } else {
      for (const std::string& role : was) violation.add_roles(role);
      diff.sod_resolved.push_back(violation);
    }
  }
  return diff;
}

// The privileges and roles that members of one role gain and lose through
// it when only switches change. Users who agree on the per-user conditions
// below the role in both contexts get the same change, so it is computed
// once per combination of values.
struct RoleChange {
  std::vector<PrivilegeIndex> gained, lost;
  std::vector<RoleIndex> roles_gained, roles_lost;
};

class RoleChangeCache {
 public:
  RoleChangeCache(const internal::ContextState& before, const internal::ContextState& after)
      : before_(before), after_(after), before_memo_(before), after_memo_(after) {}

  const RoleChange& Get(UserIndex user, RoleIndex role) {
    // The values before the change, then after.
    key_.role = role;
    key_.values.clear();
    internal::AppendDecidingValues(before_, before_memo_, user, role, key_.values);
    internal::AppendDecidingValues(after_, after_memo_, user, role, key_.values);
    auto it = changes_.find(key_);
    if (it != changes_.end()) return it->second;

    std::vector<PrivilegeIndex> was, now;
    std::vector<RoleIndex> was_roles, now_roles;
    internal::ReachFrom(before_, user, role, was, was_roles);
    internal::ReachFrom(after_, user, role, now, now_roles);
    RoleChange change;
    change.gained = Minus(now, was);
    change.lost = Minus(was, now);
    change.roles_gained = Minus(now_roles, was_roles);
    change.roles_lost = Minus(was_roles, now_roles);
    return changes_.emplace(key_, std::move(change)).first->second;
  }

 private:
  const internal::ContextState& before_;
  const internal::ContextState& after_;
  internal::ConditionMemo before_memo_;
  internal::ConditionMemo after_memo_;
  internal::GroupKey key_;
  absl::flat_hash_map<internal::GroupKey, RoleChange> changes_;
};

// Computes DiffUser for a delta that only sets switches, so both
// evaluators share one policy. Only the user's roles that can change are
// looked at: a privilege reached through one of them counts as gained when
// no route granted it to the user before, and as lost when no route grants
// it after. Falls back to DiffUser when an assignment of the user itself
// changes or role memberships change.
UserDiff DiffUserAfterSwitches(const Evaluator& before, const Evaluator& after,
                               const internal::ContextDifference& difference,
                               const IndexMaps& maps,
                               const std::vector<uint32_t>& identity,
                               const std::vector<SodRule>& rules, RoleChangeCache& cache,
                               UserIndex user) {
  const internal::ContextState& was = before.context_state();
  const internal::ContextState& now = after.context_state();
  UserDiff diff;
  diff.user = user;
  if (was.user_active(user) != now.user_active(user)) {
    return DiffUser(before, after, maps, identity, rules, user);
  }
  if (!now.user_active(user)) return diff;

  std::vector<PrivilegeIndex> gained, lost;
  for (const internal::CompiledAssignment& a : was.model.user_assignments.of(user)) {
    if (!internal::CarriesPrivileges(a.relation)) continue;
    const bool applied = was.EdgeApplies(a.activity, a.condition, user);
    if (applied != now.EdgeApplies(a.activity, a.condition, user)) {
      return DiffUser(before, after, maps, identity, rules, user);
    }
    if (!applied || difference.roles[a.role] == 0) continue;

    const RoleChange& change = cache.Get(user, a.role);
    if (!change.roles_gained.empty() || !change.roles_lost.empty()) {
      return DiffUser(before, after, maps, identity, rules, user);
    }
    gained.insert(gained.end(), change.gained.begin(), change.gained.end());
    lost.insert(lost.end(), change.lost.begin(), change.lost.end());
  }

  internal::SortUnique(gained);
  internal::SortUnique(lost);
  for (PrivilegeIndex p : gained) {
    if (!before.Check(user, p)) diff.gained.push_back(p);
  }
  for (PrivilegeIndex p : lost) {
    if (!after.Check(user, p)) diff.lost.push_back(p);
  }
  return diff;
}

std::string SensitivityKey(v1::Sensitivity sensitivity) {
  std::string name(v1::Sensitivity_Name(sensitivity));
  absl::string_view view = name;
  absl::ConsumePrefix(&view, "SENSITIVITY_");
  return absl::AsciiStrToLower(view);
}

// Sums gains and losses per privilege first, then per resource and
// sensitivity, so that each privilege's strings are read once.
void AddTotals(const Policy& policy, const std::vector<UserDiff>& diffs,
               v1::SimulationTotals& totals,
               std::map<std::string, std::pair<int64_t, int64_t>>& by_resource,
               std::map<std::string, std::pair<int64_t, int64_t>>& by_sensitivity) {
  std::vector<std::pair<int64_t, int64_t>> by_privilege(policy.privilege_count());
  int64_t gained = 0;
  int64_t lost = 0;
  for (const UserDiff& diff : diffs) {
    for (PrivilegeIndex p : diff.gained) ++by_privilege[p].first;
    for (PrivilegeIndex p : diff.lost) ++by_privilege[p].second;
    gained += static_cast<int64_t>(diff.gained.size());
    lost += static_cast<int64_t>(diff.lost.size());
  }
  totals.set_privileges_gained(gained);
  totals.set_privileges_lost(lost);

  for (PrivilegeIndex p = 0; p < by_privilege.size(); ++p) {
    const auto [plus, minus] = by_privilege[p];
    if (plus == 0 && minus == 0) continue;
    const v1::Privilege& privilege = policy.privilege(p);
    for (auto* counts : {&by_resource[privilege.resource()],
                         &by_sensitivity[SensitivityKey(privilege.sensitivity())]}) {
      counts->first += plus;
      counts->second += minus;
    }
  }
}

void AppendCounts(const std::map<std::string, std::pair<int64_t, int64_t>>& counts,
                  google::protobuf::RepeatedPtrField<v1::ChangeCount>* out) {
  for (const auto& [key, value] : counts) {
    v1::ChangeCount* count = out->Add();
    count->set_key(key);
    count->set_gained(value.first);
    count->set_lost(value.second);
  }
}

// Builds the changed evaluator: the same policy with switch overrides when
// the delta only sets switches, or a policy compiled from the changed model.
absl::StatusOr<std::unique_ptr<Evaluator>> ChangedEvaluator(const Evaluator& baseline,
                                                            const v1::ModelDelta& delta) {
  EvaluationContext context = baseline.context();
  bool structural = false;
  for (const v1::Change& change : delta.changes()) {
    if (change.change_case() != v1::Change::kSetSwitch) structural = true;
  }

  // A switch that the delta sets reads the value the delta gives it.
  for (int i = 0; i < delta.changes_size(); ++i) {
    const v1::Change& change = delta.changes(i);
    if (change.change_case() != v1::Change::kSetSwitch) continue;
    const v1::SetSwitch& set = change.set_switch();
    if (!baseline.policy().FindSwitch(set.switch_id()).has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "changes[", i, "].set_switch: unknown switch \"", set.switch_id(), "\""));
    }
    std::erase_if(context.switch_overrides,
                  [&](const auto& entry) { return entry.first == set.switch_id(); });
    if (structural) continue;
    bool on = set.active();
    if (on && set.has_expires_at()) {
      on = context.now <= absl::FromUnixSeconds(set.expires_at().seconds()) +
                              absl::Nanoseconds(set.expires_at().nanos());
    }
    context.switch_overrides.emplace_back(set.switch_id(), on);
  }

  if (!structural) return Evaluator::Create(baseline.shared_policy(), context);

  absl::StatusOr<v1::Model> changed = ApplyDelta(baseline.policy().ToModel(), delta);
  if (!changed.ok()) return changed.status();
  CompileOptions options;
  options.file_name = "<model with the delta applied>";
  options.max_evaluation_order = baseline.policy().compiled().max_evaluation_order;
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(*changed, options);
  if (!policy.ok()) {
    // The paths name items of the changed model, where the delta's
    // additions come after the model's own items.
    return absl::Status(policy.status().code(),
                        absl::StrCat("the delta makes the model invalid; fix the change "
                                     "that adds the item named below. ",
                                     policy.status().message()));
  }
  return Evaluator::Create(*policy, context);
}

}  // namespace

absl::StatusOr<v1::SimulationResult> Simulate(const Evaluator& baseline,
                                              const v1::ModelDelta& delta,
                                              const SimulationOptions& options) {
  absl::StatusOr<std::unique_ptr<Evaluator>> changed = ChangedEvaluator(baseline, delta);
  if (!changed.ok()) return changed.status();
  const Evaluator& after = **changed;

  const IndexMaps maps = BuildIndexMaps(baseline.policy(), after.policy());
  std::vector<RoleIndex> changed_roles;
  std::vector<UserIndex> users;
  std::optional<internal::ContextDifference> difference;
  if (&after.policy() == &baseline.policy()) {
    // Only switches change: the users to recompute are those that can
    // reach an edge whose gate or condition value the switches alter.
    difference = internal::CompareContexts(baseline.context_state(), after.context_state());
    for (RoleIndex r = 0; r < difference->roles.size(); ++r) {
      if (difference->roles[r] != 0 &&
          ClosureChanged(baseline.context_state(), after.context_state(), maps, r, r)) {
        changed_roles.push_back(r);
      }
    }
    users = difference->users;
  } else {
    const std::optional<std::vector<uint8_t>> may_change =
        RolesThatMayChange(baseline.policy(), after.policy(), maps, delta);
    changed_roles = ChangedRoles(baseline.context_state(), after.context_state(), maps,
                                 may_change.has_value() ? &*may_change : nullptr);
    users = CandidateUsers(baseline, after, maps, changed_roles, delta);
  }
  std::vector<uint32_t> after_to_before_user(after.policy().user_count(), kMissing);
  for (UserIndex u = 0; u < maps.users.size(); ++u) after_to_before_user[maps.users[u]] = u;
  const std::vector<SodRule> rules = ResolveSodRules(baseline.policy(), after.policy());

  int workers = options.threads > 0 ? options.threads : baseline.context_state().workers;
  workers = std::max(1, std::min<int>(workers, static_cast<int>(users.size() / 256) + 1));
  std::vector<UserDiff> diffs(users.size());
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      RoleChangeCache cache(baseline.context_state(), after.context_state());
      for (size_t i = static_cast<size_t>(w); i < users.size();
           i += static_cast<size_t>(workers)) {
        diffs[i] = difference.has_value()
                       ? DiffUserAfterSwitches(baseline, after, *difference, maps,
                                               after_to_before_user, rules, cache, users[i])
                       : DiffUser(baseline, after, maps, after_to_before_user, rules, users[i]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  v1::SimulationResult result;
  *result.mutable_context() = after.ContextInfo();
  result.set_description(delta.description());
  v1::SimulationTotals& totals = *result.mutable_totals();
  std::map<std::string, std::pair<int64_t, int64_t>> by_resource, by_sensitivity;
  const Policy& policy = after.policy();
  for (const UserDiff& diff : diffs) {
    if (diff.gained.empty() && diff.lost.empty() && diff.roles_gained.empty() &&
        diff.roles_lost.empty()) {
      continue;
    }
    v1::UserChange* change = result.add_users();
    change->set_user(std::string(policy.user_id(diff.user)));
    for (PrivilegeIndex p : diff.gained) change->add_privileges_gained(policy.privilege_id(p));
    for (PrivilegeIndex p : diff.lost) change->add_privileges_lost(policy.privilege_id(p));
    for (RoleIndex r : diff.roles_gained) change->add_roles_gained(policy.role_id(r));
    for (RoleIndex r : diff.roles_lost) change->add_roles_lost(policy.role_id(r));
    for (const v1::SodViolation& v : diff.sod_introduced) *result.add_sod_introduced() = v;
    for (const v1::SodViolation& v : diff.sod_resolved) *result.add_sod_resolved() = v;
  }
  AddTotals(policy, diffs, totals, by_resource, by_sensitivity);
  totals.set_users_affected(result.users_size());
  AppendCounts(by_resource, totals.mutable_by_resource());
  AppendCounts(by_sensitivity, totals.mutable_by_sensitivity());
  totals.set_roles_changed(static_cast<int64_t>(changed_roles.size()));
  totals.set_users_evaluated(static_cast<int64_t>(users.size()));
  return result;
}

absl::StatusOr<v1::SimulationResult> Simulate(std::shared_ptr<const Policy> policy,
                                              const v1::ModelDelta& delta,
                                              const EvaluationContext& context) {
  absl::StatusOr<std::unique_ptr<Evaluator>> baseline =
      Evaluator::Create(std::move(policy), context);
  if (!baseline.ok()) return baseline.status();
  return Simulate(**baseline, delta);
}

}  // namespace rolegraph
