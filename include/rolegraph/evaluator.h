// Evaluation of a compiled policy in one context: a point in time, the
// switch states and the configuration.
//
//   auto evaluator = rolegraph::Evaluator::Create(policy, {.now = absl::Now()});
//   bool allowed = (*evaluator)->Check(user, privilege);
//   const Roaring& holders = (*evaluator)->WhoHas(privilege);
//
// Creating an evaluator resolves everything that depends on the context but
// not on the user (activation windows, lifecycle states, switch and time
// conditions) and materialises per-role closures. After that, Check touches
// only the user's assignments and those closures.
//
// An Evaluator is immutable after creation except for caches that it fills
// under its own synchronisation, so every const method is safe to call from
// many threads at once. It keeps its Policy alive.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_EVALUATOR_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_EVALUATOR_H_

#include <roaring/roaring.hh>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "rolegraph/internal/hot_path.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

// The set of lifecycle states in effect. Production evaluates active and
// deprecated items, development active and proposed ones.
enum class Configuration { kProduction, kDevelopment };

struct EvaluationContext {
  absl::Time now = absl::UnixEpoch();
  Configuration configuration = Configuration::kProduction;
  // Switch states forced for this evaluation, by switch id. A forced switch
  // reads exactly the given value, whatever the model's expiry is.
  std::vector<std::pair<std::string, bool>> switch_overrides;
  // Threads for population-wide work such as building the holder index;
  // 0 means one per hardware thread, at most 8.
  int threads = 0;
};

// Whether to honour the user's own activation. Latent evaluation computes
// what an inactive account would hold if it were re-enabled.
enum class UserMode { kEffective, kLatent };

struct ExplainOptions {
  // Paths beyond this number are dropped and Explanation::truncated is set.
  int max_paths = 1000;
  // Paths longer than this many steps are not followed.
  int max_path_steps = 64;
};

// The maximum number of condition evaluation failures that an evaluator
// keeps diagnostics for. Evaluator::EvaluationErrorCount counts them all.
inline constexpr size_t kMaxRecordedErrors = 100;

namespace internal {
struct ContextState;
}  // namespace internal

class Evaluator {
 public:
  // Resolves the context. An override naming an unknown switch is NotFound.
  static absl::StatusOr<std::unique_ptr<Evaluator>> Create(
      std::shared_ptr<const Policy> policy, EvaluationContext context);

  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  const Policy& policy() const { return *policy_; }
  const std::shared_ptr<const Policy>& shared_policy() const { return policy_; }
  const EvaluationContext& context() const { return context_; }
  // The context in the form results carry.
  v1::EvaluationContextInfo ContextInfo() const;

  // Whether switch `id` reads true in this context.
  bool SwitchOn(SwitchIndex id) const;

  // Whether the user's own activation and lifecycle state are in effect.
  bool IsUserActive(UserIndex user) const;

  // Whether the user effectively holds the privilege. Always false for an
  // inactive user in kEffective mode. Inline: it reads only the user's
  // assignments and one hash-table slot per assigned role, hashes no
  // string and allocates nothing unless a condition reads the user.
  bool Check(UserIndex user, PrivilegeIndex privilege,
             UserMode mode = UserMode::kEffective) const;

  // The user's effective privileges, sorted by index (and so by id).
  std::vector<PrivilegeIndex> EffectivePrivileges(
      UserIndex user, UserMode mode = UserMode::kEffective) const;

  // The roles the user is an effective member of at order 1, through
  // member and manager assignments and role inducements, sorted. Inactive
  // roles are included: they keep their members.
  std::vector<RoleIndex> EffectiveRoles(
      UserIndex user, UserMode mode = UserMode::kEffective) const;

  // Every assignment path from the user to the privilege, with the value of
  // each condition on it, including the paths that do not apply.
  v1::Explanation Explain(UserIndex user, PrivilegeIndex privilege,
                          const ExplainOptions& options = ExplainOptions()) const;

  // Active users that hold the privilege. The population index is built on
  // the first call of WhoHas, DormantHolders or RoleMembers and reused; the
  // bitmap of one privilege or role is formed on its first query and kept.
  const Roaring& WhoHas(PrivilegeIndex privilege) const;

  // Inactive users that would hold the privilege if re-enabled.
  const Roaring& DormantHolders(PrivilegeIndex privilege) const;

  // Active users that are effective members of the role at order 1, as
  // EffectiveRoles counts membership. Uses the population index.
  const Roaring& RoleMembers(RoleIndex role) const;

  // The privileges that a member of the role gains through it in this
  // context, sorted. Conditions that read the user are left out, because
  // they depend on who the member is; `user_dependent`, when given, is set
  // to whether any such condition was left out.
  std::vector<PrivilegeIndex> RolePrivileges(RoleIndex role,
                                             bool* user_dependent = nullptr) const;

  // Condition evaluation failures met so far in this context, with the
  // model path of each condition. Each failed condition counted as false.
  // Each (user, condition) pair that failed appears once. Only the first
  // kMaxRecordedErrors pairs are kept, ordered by user index and then by
  // condition, with failures of conditions that read no user first.
  std::vector<v1::Diagnostic> EvaluationErrors() const;
  // The number of (user, condition) pairs that failed so far, including
  // those that EvaluationErrors leaves out.
  int64_t EvaluationErrorCount() const;

  // The resolved context, for the library's own analysis code.
  const internal::ContextState& context_state() const { return *state_; }

 private:
  Evaluator(std::shared_ptr<const Policy> policy, EvaluationContext context);

  // Check for users whose assignments or roles have conditions that read
  // the user: walks the user's path states.
  bool CheckByWalk(UserIndex user, PrivilegeIndex privilege) const;

  std::shared_ptr<const Policy> policy_;
  EvaluationContext context_;
  std::unique_ptr<internal::ContextState> state_;
  internal::HotPath hot_;
};

inline bool Evaluator::Check(UserIndex user, PrivilegeIndex privilege,
                             UserMode mode) const {
  const internal::HotPath& hot = hot_;
  if (mode == UserMode::kEffective && hot.activity_on[hot.user_activity[user]] == 0) {
    return false;
  }

  bool walk = false;
  const uint32_t end = hot.user_assignment_offsets[user + 1];
  for (uint32_t i = hot.user_assignment_offsets[user]; i < end; ++i) {
    const internal::CompiledAssignment& a = hot.user_assignments[i];
    if (a.relation != v1::RELATION_MEMBER && a.relation != v1::RELATION_MANAGER) continue;
    if (hot.activity_on[a.activity] == 0) continue;
    bool per_user = false;
    if (a.condition != internal::kNoCondition) {
      const internal::Gate gate = hot.condition_gate[a.condition];
      if (gate == internal::Gate::kClosed) continue;
      per_user = gate == internal::Gate::kPerUser;
    }

    const internal::Reach reach = hot.Lookup(a.role, privilege);
    if (reach == internal::Reach::kNone) continue;
    if (reach == internal::Reach::kGranted && !per_user) return true;
    // The assignment's condition or the role's edges read the user.
    walk = true;
  }
  return walk && CheckByWalk(user, privilege);
}

// Parses "production" or "development".
absl::StatusOr<Configuration> ParseConfiguration(absl::string_view name);
absl::string_view ConfigurationName(Configuration configuration);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_EVALUATOR_H_
