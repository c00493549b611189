// Explain: every assignment path from a user to a privilege, with the
// reason each step applies or not. This is the thorough, slow path: it
// walks the model graph for one query and uses no closures.
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/context_state.h"
#include "rolegraph/evaluator.h"

namespace rolegraph {
namespace {

using internal::Activity;
using internal::CompiledAssignment;
using internal::CompiledInducement;
using internal::CompiledModel;
using internal::ContextState;
using internal::StateId;

// Expanding more states than this ends the search and marks the result
// truncated, so a dense graph cannot make one explanation run for long.
constexpr int kMaxExpansions = 200000;

std::string LifecycleName(v1::LifecycleState state) {
  std::string name(v1::LifecycleState_Name(state));
  absl::string_view prefix = "LIFECYCLE_STATE_";
  if (absl::StartsWith(name, prefix)) name = name.substr(prefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  return name;
}

// Returns why an activity is not in effect in the context, or "" when it is.
std::string InactiveReason(const ContextState& state, uint32_t activity_id) {
  if (state.activity_on[activity_id] != 0) return "";
  const Activity& activity = state.model.activities[activity_id];
  if (activity.disabled()) return "administratively disabled";
  if (state.now < activity.valid_from) {
    return absl::StrCat("not valid before ",
                        absl::FormatTime(absl::RFC3339_full, activity.valid_from,
                                         absl::UTCTimeZone()));
  }
  if (state.now > activity.valid_to) {
    return absl::StrCat("not valid after ",
                        absl::FormatTime(absl::RFC3339_full, activity.valid_to,
                                         absl::UTCTimeZone()));
  }
  return absl::StrCat("lifecycle state ", LifecycleName(activity.lifecycle_state),
                      " is not in effect in the ",
                      ConfigurationName(state.configuration), " configuration");
}

class Explainer {
 public:
  Explainer(const ContextState& state, UserIndex user, PrivilegeIndex privilege,
            const ExplainOptions& options, v1::Explanation& out)
      : state_(state),
        model_(state.model),
        user_(user),
        privilege_(privilege),
        options_(options),
        out_(out) {}

  void Run() {
    FindRolesReachingPrivilege();
    const uint32_t position = model_.user_position[user_];
    const auto assignments = model_.user_assignments.of(user_);
    for (size_t i = 0; i < assignments.size(); ++i) {
      const CompiledAssignment& a = assignments[i];
      if (!reaches_[a.role]) continue;

      v1::PathStep step;
      step.set_kind(v1::PathStep::KIND_ASSIGNMENT);
      step.set_source(std::string(model_.user_ids[user_]));
      step.set_target(model_.role_ids[a.role]);
      step.set_relation(a.relation);
      step.set_order(1);
      step.set_evaluation_order(1);
      step.set_model_path(absl::StrCat("users[", position, "].assignments[", i, "]"));
      Gate(a.activity, a.condition, step);
      if (step.applies() && !internal::CarriesPrivileges(a.relation)) {
        step.set_applies(false);
        step.set_reason(absl::StrCat(v1::Relation_Name(a.relation),
                                     " gives membership only, no privileges"));
      }

      path_.push_back(step);
      on_path_.insert(state_.state(a.role, 1));
      Visit(state_.state(a.role, 1));
      on_path_.erase(state_.state(a.role, 1));
      path_.pop_back();
    }
  }

 private:
  // Marks every role from which some chain of inducements and role
  // assignments leads to the privilege, ignoring orders and gates.
  void FindRolesReachingPrivilege() {
    const size_t roles = model_.role_ids.size();
    std::vector<std::vector<RoleIndex>> predecessors(roles);
    reaches_.assign(roles, false);
    std::vector<RoleIndex> queue;
    for (RoleIndex r = 0; r < roles; ++r) {
      for (const CompiledInducement& i : model_.role_inducements.of(r)) {
        if (!i.target_is_privilege) {
          predecessors[i.target].push_back(r);
        } else if (i.target == privilege_ && !reaches_[r]) {
          reaches_[r] = true;
          queue.push_back(r);
        }
      }
      for (const CompiledAssignment& a : model_.role_assignments.of(r)) {
        predecessors[a.role].push_back(r);
      }
    }
    while (!queue.empty()) {
      RoleIndex r = queue.back();
      queue.pop_back();
      for (RoleIndex p : predecessors[r]) {
        if (!reaches_[p]) {
          reaches_[p] = true;
          queue.push_back(p);
        }
      }
    }
  }

  // Fills applies, reason and the condition value of a step.
  void Gate(uint32_t activity, int32_t condition, v1::PathStep& step) const {
    std::string reason = InactiveReason(state_, activity);
    if (condition != internal::kNoCondition) {
      *step.mutable_condition() = state_.ConditionValueFor(condition, user_);
      if (reason.empty() && !step.condition().error().empty()) {
        reason = absl::StrCat("condition failed to evaluate (counts as false): ",
                              step.condition().error());
      } else if (reason.empty() && !step.condition().value()) {
        reason = "condition is false";
      }
    }
    step.set_applies(reason.empty());
    step.set_reason(reason);
  }

  bool Full() {
    if (out_.paths_size() >= options_.max_paths || expansions_ >= kMaxExpansions) {
      out_.set_truncated(true);
      return true;
    }
    return false;
  }

  void Follow(StateId next, v1::PathStep step) {
    if (on_path_.contains(next)) return;
    path_.push_back(std::move(step));
    on_path_.insert(next);
    Visit(next);
    on_path_.erase(next);
    path_.pop_back();
  }

  void Visit(StateId id) {
    if (Full() || static_cast<int>(path_.size()) >= options_.max_path_steps) return;
    ++expansions_;
    // Follow drops a step into a role that is already on the path, and
    // Visit stops once the path has max_path_steps steps. Such steps are
    // skipped before they are built, because building them dominates the
    // cost of dense graphs.
    const bool can_extend =
        static_cast<int>(path_.size()) + 1 < options_.max_path_steps;

    const RoleIndex role = state_.state_role(id);
    const int order = state_.state_order(id);
    const uint32_t position = model_.role_position[role];
    const std::string role_reason = InactiveReason(state_, model_.role_activity[role]);

    const auto assignments = model_.role_assignments.of(role);
    for (size_t i = 0; i < assignments.size(); ++i) {
      const CompiledAssignment& a = assignments[i];
      if (!reaches_[a.role] || order + 1 > model_.max_evaluation_order) continue;
      if (!can_extend || on_path_.contains(state_.state(a.role, order + 1))) continue;

      v1::PathStep step = MakeStep(v1::PathStep::KIND_ROLE_ASSIGNMENT, role, order + 1,
                                   absl::StrCat("roles[", position, "].assignments[", i, "]"));
      step.set_target(model_.role_ids[a.role]);
      step.set_relation(a.relation);
      step.set_order(1);
      Gate(a.activity, a.condition, step);
      Block(step, role_reason, role);
      if (step.applies() && !internal::CarriesPrivileges(a.relation)) {
        step.set_applies(false);
        step.set_reason(absl::StrCat(v1::Relation_Name(a.relation),
                                     " is not followed to meta-roles"));
      }
      Follow(state_.state(a.role, order + 1), std::move(step));
      if (Full()) return;
    }

    const auto inducements = model_.role_inducements.of(role);
    for (size_t i = 0; i < inducements.size(); ++i) {
      const CompiledInducement& inducement = inducements[i];
      const int target_order = order - (inducement.order - 1);
      if (target_order < 1) continue;
      if (inducement.target_is_privilege
              ? (inducement.target != privilege_ || target_order != 1)
              : !reaches_[inducement.target]) {
        continue;
      }
      if (!inducement.target_is_privilege &&
          (!can_extend ||
           on_path_.contains(state_.state(inducement.target, target_order)))) {
        continue;
      }

      v1::PathStep step =
          MakeStep(v1::PathStep::KIND_INDUCEMENT, role, target_order,
                   absl::StrCat("roles[", position, "].inducements[", i, "]"));
      step.set_order(inducement.order);
      step.set_target_is_privilege(inducement.target_is_privilege);
      step.set_target(inducement.target_is_privilege
                          ? model_.privilege_ids[inducement.target]
                          : model_.role_ids[inducement.target]);
      Gate(inducement.activity, inducement.condition, step);
      Block(step, role_reason, role);

      if (inducement.target_is_privilege) {
        EmitPath(std::move(step));
      } else {
        Follow(state_.state(inducement.target, target_order), std::move(step));
      }
      if (Full()) return;
    }
  }

  v1::PathStep MakeStep(v1::PathStep::Kind kind, RoleIndex source, int evaluation_order,
                        std::string model_path) const {
    v1::PathStep step;
    step.set_kind(kind);
    step.set_source(model_.role_ids[source]);
    step.set_evaluation_order(evaluation_order);
    step.set_model_path(std::move(model_path));
    return step;
  }

  // An inactive source role blocks every step out of it.
  void Block(v1::PathStep& step, const std::string& role_reason, RoleIndex role) const {
    if (role_reason.empty()) return;
    step.set_applies(false);
    step.set_reason(absl::StrCat("role \"", model_.role_ids[role],
                                 "\" is not active: ", role_reason));
  }

  void EmitPath(v1::PathStep last) {
    v1::ExplanationPath* path = out_.add_paths();
    bool grants = last.applies();
    for (const v1::PathStep& step : path_) {
      *path->add_steps() = step;
      grants = grants && step.applies();
    }
    *path->add_steps() = std::move(last);
    path->set_grants(grants);
  }

  const ContextState& state_;
  const CompiledModel& model_;
  const UserIndex user_;
  const PrivilegeIndex privilege_;
  const ExplainOptions& options_;
  v1::Explanation& out_;

  std::vector<bool> reaches_;
  std::vector<v1::PathStep> path_;
  absl::flat_hash_set<StateId> on_path_;
  int expansions_ = 0;
};

}  // namespace

v1::Explanation Evaluator::Explain(UserIndex user, PrivilegeIndex privilege,
                                   const ExplainOptions& options) const {
  v1::Explanation explanation;
  *explanation.mutable_context() = ContextInfo();
  explanation.set_user(std::string(policy_->user_id(user)));
  explanation.set_privilege(policy_->privilege_id(privilege));
  explanation.set_user_active(IsUserActive(user));
  explanation.set_allowed(Check(user, privilege));

  Explainer(*state_, user, privilege, options, explanation).Run();
  return explanation;
}

}  // namespace rolegraph
