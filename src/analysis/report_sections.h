// The sections of the incident-readiness report. BuildIncidentReport in
// report.cc computes the shared inputs once (incident type coverage, each
// role's privileges, each switch's comparison) and passes them to the
// builders here.
#ifndef ROLEGRAPH_SRC_ANALYSIS_REPORT_SECTIONS_H_
#define ROLEGRAPH_SRC_ANALYSIS_REPORT_SECTIONS_H_

#include <roaring/roaring.hh>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"
#include "rolegraph/report.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::analysis {

// An incident type with the privileges it covers, sorted.
struct IncidentCoverage {
  const v1::IncidentType* type = nullptr;
  std::vector<PrivilegeIndex> privileges;
};

// The coverage of every incident type in the model, sorted by id.
std::vector<IncidentCoverage> CoverIncidentTypes(const Policy& policy);

// The privileges each role grants its members in one context, indexed by
// RoleIndex.
struct RoleGrants {
  std::vector<std::vector<PrivilegeIndex>> privileges;
  std::vector<bool> user_dependent;
};

RoleGrants CollectRoleGrants(const Evaluator& evaluator);

// One switch forced on, compared with a baseline where it is off: the
// current context when the switch is off in it, otherwise the current
// context with the switch forced off.
struct SwitchComparison {
  SwitchIndex id = 0;
  std::unique_ptr<Evaluator> on;
  std::unique_ptr<Evaluator> forced_off;
  const Evaluator* baseline = nullptr;
  // Per privilege: the active users that hold it with the switch on but not
  // in the baseline.
  std::vector<Roaring> gained;
  // The users whose results can differ between the baseline and `on`.
  std::vector<UserIndex> affected;
};

absl::StatusOr<SwitchComparison> CompareSwitch(const Evaluator& current,
                                               SwitchIndex id);

// Each user's value of the attribute that the report groups holders by,
// read once for all incident types.
struct UserGroups {
  // Distinct values, sorted, with "(none)" standing for users without the
  // attribute.
  std::vector<std::string> values;
  // Per user, an index into `values`.
  std::vector<uint32_t> of_user;
};

UserGroups CollectUserGroups(const Policy& policy, const std::string& group_by);

// The per-incident-type section, without the responders. `groups` is null
// when the report does not group holders.
v1::IncidentTypeReport BuildIncidentTypeSection(const Evaluator& evaluator,
                                                const IncidentCoverage& coverage,
                                                const RoleGrants& grants,
                                                const UserGroups* groups);

// The users that gain access to the covered privileges when the switch
// turns on.
v1::SwitchResponders BuildResponders(const Evaluator& evaluator,
                                     const SwitchComparison& comparison,
                                     const IncidentCoverage& coverage,
                                     int min_responders);

v1::SwitchReport BuildSwitchSection(
    const Evaluator& evaluator, const SwitchComparison& comparison,
    const std::vector<IncidentCoverage>& coverages);

// Roles ordered by blast-radius score, highest first; `top` <= 0 keeps all.
std::vector<v1::RoleRisk> RankRolesByBlastRadius(
    const Evaluator& evaluator, const RoleGrants& grants,
    const std::vector<IncidentCoverage>& coverages, int top);

// The blast-radius weight of one privilege of this sensitivity. An unset
// sensitivity weighs as low.
int SensitivityWeight(v1::Sensitivity sensitivity);

// The blast-radius score of the privileges an attacker gains: the sum of
// their sensitivity weights. The ranking and the blast-radius queries both
// use it.
double BlastRadiusScore(const Policy& policy,
                        const std::vector<PrivilegeIndex>& privileges);

// The segregation-of-duties violations of the given users only, ordered as
// FindSodViolations orders them. Needs no population index, so it suits
// the few users whose roles a switch can change.
std::vector<v1::SodViolation> SodViolationsAmong(const Evaluator& evaluator,
                                                 const std::vector<UserIndex>& users);

// The ids of the users in the bitmap, in index order and so sorted.
std::vector<std::string> UserIds(const Policy& policy, const Roaring& users);

}  // namespace rolegraph::analysis

#endif  // ROLEGRAPH_SRC_ANALYSIS_REPORT_SECTIONS_H_
