// The incident-readiness report: for each incident type, who can be
// affected; for each switch, who gains what when it turns on; roles ranked
// by blast radius; and segregation-of-duties violations.
//
//   auto evaluator = rolegraph::Evaluator::Create(policy, context);
//   absl::StatusOr<rolegraph::v1::IncidentReadinessReport> report =
//       rolegraph::BuildIncidentReport(**evaluator, {.group_by = "department"});
//
// The functions here only read the evaluator and are safe to call from many
// threads at once.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_REPORT_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

struct ReportOptions {
  // The user attribute that splits holder counts; empty for no split.
  std::string group_by;
  // How many roles the blast-radius ranking lists.
  int top_roles = 10;
  // An incident type is flagged when fewer responders than this would
  // reach it with a switch on.
  int min_responders = 2;
};

// Builds the report in the evaluator's context. Switch effects are computed
// by evaluating the same policy with each switch forced on.
absl::StatusOr<v1::IncidentReadinessReport> BuildIncidentReport(
    const Evaluator& evaluator, const ReportOptions& options = ReportOptions());

// The privileges an incident type covers, sorted; NotFound for an unknown
// incident type id.
absl::StatusOr<std::vector<PrivilegeIndex>> IncidentTypePrivileges(
    const Policy& policy, absl::string_view incident_type_id);

// Segregation-of-duties violations of every exclusion rule in the
// evaluator's context, sorted by rule and user.
std::vector<v1::SodViolation> FindSodViolations(const Evaluator& evaluator);

// Describes why the user's account is inactive in the evaluator's context,
// such as "administratively disabled" or "validity ended
// 2026-01-31T00:00:00Z"; several reasons are joined with ", ". Returns
// "inactive" when none of the user's own settings explains it.
std::string InactiveUserReason(const Evaluator& evaluator, UserIndex user);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_REPORT_H_
