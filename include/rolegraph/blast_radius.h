// Blast radius: what an attacker gains by holding one role or taking over
// one user account, now and when each switch turns on. The result also
// lists the incident types reached, the rarely held critical privileges
// gained and the segregation-of-duties rules broken.
//
//   auto evaluator = rolegraph::Evaluator::Create(policy, context);
//   absl::StatusOr<rolegraph::v1::BlastRadius> radius =
//       rolegraph::RoleBlastRadius(**evaluator, "tech-prod-db-admin");
//
// The score is the one the incident-readiness report ranks roles by: the
// sum over the privileges gained of a weight per sensitivity (low 1,
// medium 2, high 4, critical 8; unset counts as low).
//
// The functions only read the evaluator and are safe to call from many
// threads at once.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_BLAST_RADIUS_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_BLAST_RADIUS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

struct BlastRadiusOptions {
  // A critical privilege is reported as rare when at most this many other
  // active users hold it.
  int rare_holder_threshold = 3;
};

// The blast radius of a role: what a new user whose only assignment is a
// member assignment to the role would hold. Conditions that read the user
// see a user with no attributes, so they usually fail closed. NotFound for
// an unknown role.
absl::StatusOr<v1::BlastRadius> RoleBlastRadius(
    const Evaluator& evaluator, absl::string_view role_id,
    const BlastRadiusOptions& options = BlastRadiusOptions());

// The blast radius of a user account: what it holds, or would hold if
// re-enabled when it is dormant. NotFound for an unknown user.
absl::StatusOr<v1::BlastRadius> UserBlastRadius(
    const Evaluator& evaluator, absl::string_view user_id,
    const BlastRadiusOptions& options = BlastRadiusOptions());

// Every role that grants privileges, ranked by score, highest first (ties:
// more active members first, then role id); `top` <= 0 keeps all. The
// result carries only `context` and `ranking`.
v1::BlastRadius RankRoles(const Evaluator& evaluator, int top);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_BLAST_RADIUS_H_
