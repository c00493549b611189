// A deliberately naive evaluator of rolegraph's evaluation semantics, used as
// the specification that the fast evaluator is tested against.
//
//   ReferenceEvaluator reference(model, {.now = now});
//   bool allowed = reference.Check("alice", "crm:export");
//   std::set<std::string> holders = reference.WhoHas("crm:export");
//
// It walks the v1::Model directly by string id, with no compilation, no
// precomputed closures and no population index, so that each rule of the
// semantics is one visible step of the walk:
//
// - An item (user, role, assignment, inducement) is active when its lifecycle
//   state is in effect, it is not disabled, and valid_from <= now <= valid_to.
//   Production puts unset, active and deprecated states in effect, and
//   development unset, active and proposed ones.
// - A user's assignment counts when it is active, its condition is true and
//   its relation is MEMBER or MANAGER; it evaluates the role at order 1.
// - At state (R, s): R is an effective role when s == 1. An inactive R stops
//   there. Otherwise each counting own assignment of R to M leads to (M, s+1),
//   and each active inducement with a true condition and order N (0 means 1)
//   leads to its target at t = s - (N - 1) when t >= 1. A privilege target is
//   granted when t == 1.
// - Each state is visited once per user; states above the maximum evaluation
//   order are not followed.
// - A condition that fails to compile or to evaluate counts as false.
//
// Results are memoised per user and mode, so a ReferenceEvaluator is not
// safe to share between threads.
#ifndef ROLEGRAPH_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
#define ROLEGRAPH_TESTS_ENGINE_REFERENCE_EVALUATOR_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "condition/condition.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::test {

struct ReferenceContext {
  absl::Time now = absl::UnixEpoch();
  // False selects the production configuration.
  bool development = false;
  // Switch values forced for this evaluation, by switch id, regardless of
  // the model's `active` and `expires_at`. Unknown ids are ignored.
  std::map<std::string, bool> switch_overrides;
  // States with an evaluation order above this are not followed.
  int max_evaluation_order = 16;
};

class ReferenceEvaluator {
 public:
  // Keeps a reference to `model`, which must outlive the evaluator.
  ReferenceEvaluator(const v1::Model& model, ReferenceContext context);

  ReferenceEvaluator(const ReferenceEvaluator&) = delete;
  ReferenceEvaluator& operator=(const ReferenceEvaluator&) = delete;

  // Whether switch `id` reads true in this context. False for unknown ids.
  bool SwitchOn(const std::string& id) const;

  // Whether the user's own activation and lifecycle state are in effect.
  // False for unknown users.
  bool IsUserActive(const std::string& user_id) const;

  // Whether the privilege is among the user's effective privileges. With
  // `latent`, the user's own activity is ignored, but everything else applies.
  bool Check(const std::string& user_id, const std::string& privilege_id,
             bool latent = false);

  // The privileges granted to the user. Empty for an unknown user, and for an
  // inactive one unless `latent`.
  std::set<std::string> EffectivePrivileges(const std::string& user_id,
                                            bool latent = false);

  // The roles the user is an effective member of at order 1, inactive roles
  // included.
  std::set<std::string> EffectiveRoles(const std::string& user_id,
                                       bool latent = false);

  // Active users that hold the privilege.
  std::set<std::string> WhoHas(const std::string& privilege_id);

  // Inactive users whose latent privileges contain the privilege.
  std::set<std::string> DormantHolders(const std::string& privilege_id);

  // Active users whose effective roles contain the role.
  std::set<std::string> RoleMembers(const std::string& role_id);

  // The privileges that a member gains through the role: the walk from
  // state (role, 1) with no user, where every condition that reads the user
  // counts as false. `user_dependent`, when given, is set to whether the
  // walk met such a condition.
  std::set<std::string> RolePrivileges(const std::string& role_id,
                                       bool* user_dependent = nullptr);

 private:
  struct UserResult {
    std::set<std::string> privileges;
    std::set<std::string> roles;
  };

  const UserResult& Evaluate(const std::string& user_id, bool latent);
  // Walks from the states (role, 1) of `start_roles`. With a null `user`,
  // conditions that read the user count as false and set *user_dependent.
  UserResult Walk(const v1::User* user,
                  const std::vector<std::string>& start_roles,
                  bool* user_dependent);
  bool AssignmentCounts(const v1::Assignment& assignment, const v1::User* user,
                        bool* user_dependent);

  bool IsActive(const v1::Activation& activation,
                v1::LifecycleState lifecycle_state) const;
  bool ConditionHolds(const v1::Condition& condition, const v1::User* user,
                      const v1::Role& role, bool* user_dependent);

  const v1::User* FindUser(const std::string& id) const;
  const v1::Role* FindRole(const std::string& id) const;

  const v1::Model& model_;
  ReferenceContext context_;
  condition::Declarations declarations_;
  // Indexed like declarations_.switch_ids.
  std::unique_ptr<bool[]> switch_values_;
  // Compiled conditions by source text; null when compilation failed.
  std::map<std::string, std::unique_ptr<const condition::CompiledCondition>>
      conditions_;
  std::map<std::pair<std::string, bool>, UserResult> results_;
};

}  // namespace rolegraph::test

#endif  // ROLEGRAPH_TESTS_ENGINE_REFERENCE_EVALUATOR_H_
