// Which privileges an incident type covers.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "analysis/report_sections.h"
#include "rolegraph/report.h"

namespace rolegraph {
namespace {

const v1::IncidentType* FindIncidentType(const v1::Model& model,
                                         absl::string_view id) {
  for (const v1::IncidentType& type : model.incident_types()) {
    if (type.id() == id) return &type;
  }
  return nullptr;
}

// The listed privileges and every privilege on the listed resources. The
// minimum sensitivity filters the whole union, listed privileges included.
std::vector<PrivilegeIndex> CoveredPrivileges(const Policy& policy,
                                              const v1::IncidentType& type) {
  std::vector<PrivilegeIndex> covered;
  for (const std::string& id : type.privileges()) {
    std::optional<PrivilegeIndex> privilege = policy.FindPrivilege(id);
    if (privilege.has_value()) covered.push_back(*privilege);
  }
  for (const std::string& resource : type.resources()) {
    absl::Span<const PrivilegeIndex> on_resource =
        policy.PrivilegesOnResource(resource);
    covered.insert(covered.end(), on_resource.begin(), on_resource.end());
  }

  std::sort(covered.begin(), covered.end());
  covered.erase(std::unique(covered.begin(), covered.end()), covered.end());

  const v1::Sensitivity minimum = type.min_sensitivity();
  std::erase_if(covered, [&](PrivilegeIndex privilege) {
    return policy.privilege(privilege).sensitivity() < minimum;
  });
  return covered;
}

}  // namespace

absl::StatusOr<std::vector<PrivilegeIndex>> IncidentTypePrivileges(
    const Policy& policy, absl::string_view incident_type_id) {
  const v1::IncidentType* type =
      FindIncidentType(policy.definitions(), incident_type_id);
  if (type == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("incident type \"", incident_type_id,
                     "\" not found in model \"", policy.definitions().name(),
                     "\"; check the id against incident_types"));
  }
  return CoveredPrivileges(policy, *type);
}

namespace analysis {

std::vector<IncidentCoverage> CoverIncidentTypes(const Policy& policy) {
  std::vector<IncidentCoverage> coverages;
  for (const v1::IncidentType& type : policy.definitions().incident_types()) {
    coverages.push_back({&type, CoveredPrivileges(policy, type)});
  }

  std::sort(coverages.begin(), coverages.end(),
            [](const IncidentCoverage& a, const IncidentCoverage& b) {
              return a.type->id() < b.type->id();
            });
  return coverages;
}

}  // namespace analysis
}  // namespace rolegraph
