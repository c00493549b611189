// Roles ranked by blast radius: how much an attacker holding the role gains.
//
// The score of a role is the sum, over the privileges it grants its members
// in the report's context, of a weight per sensitivity: low 1, medium 2,
// high 4, critical 8 (unset counts as low). Ties go to the role with more
// active members, then to the smaller role id.
#include <algorithm>
#include <iterator>
#include <vector>

#include "analysis/report_sections.h"

namespace rolegraph::analysis {
namespace {

bool Intersects(const std::vector<PrivilegeIndex>& a,
                const std::vector<PrivilegeIndex>& b) {
  auto left = a.begin();
  auto right = b.begin();
  while (left != a.end() && right != b.end()) {
    if (*left == *right) return true;
    if (*left < *right) {
      ++left;
    } else {
      ++right;
    }
  }
  return false;
}

v1::RoleRisk AssessRole(const Evaluator& evaluator, RoleIndex role,
                        const std::vector<PrivilegeIndex>& privileges,
                        const std::vector<IncidentCoverage>& coverages) {
  const Policy& policy = evaluator.policy();
  const v1::Role& config = policy.role(role);

  v1::RoleRisk risk;
  risk.set_role(config.id());
  risk.set_display_name(config.display_name());
  risk.set_kind(config.kind());
  risk.set_member_count(
      static_cast<int64_t>(evaluator.RoleMembers(role).cardinality()));
  risk.set_privilege_count(static_cast<int64_t>(privileges.size()));

  int64_t critical = 0;
  for (PrivilegeIndex privilege : privileges) {
    if (policy.privilege(privilege).sensitivity() == v1::SENSITIVITY_CRITICAL) {
      ++critical;
    }
  }
  risk.set_score(BlastRadiusScore(policy, privileges));
  risk.set_critical_privilege_count(critical);

  for (const IncidentCoverage& coverage : coverages) {
    if (Intersects(privileges, coverage.privileges)) {
      risk.add_incident_types(coverage.type->id());
    }
  }
  return risk;
}

}  // namespace

int SensitivityWeight(v1::Sensitivity sensitivity) {
  switch (sensitivity) {
    case v1::SENSITIVITY_MEDIUM:
      return 2;
    case v1::SENSITIVITY_HIGH:
      return 4;
    case v1::SENSITIVITY_CRITICAL:
      return 8;
    default:
      return 1;
  }
}

double BlastRadiusScore(const Policy& policy,
                        const std::vector<PrivilegeIndex>& privileges) {
  int64_t score = 0;
  for (PrivilegeIndex privilege : privileges) {
    score += SensitivityWeight(policy.privilege(privilege).sensitivity());
  }
  return static_cast<double>(score);
}

std::vector<v1::RoleRisk> RankRolesByBlastRadius(
    const Evaluator& evaluator, const RoleGrants& grants,
    const std::vector<IncidentCoverage>& coverages, int top) {
  std::vector<v1::RoleRisk> risks;
  for (RoleIndex role = 0; role < grants.privileges.size(); ++role) {
    if (grants.privileges[role].empty()) continue;
    risks.push_back(
        AssessRole(evaluator, role, grants.privileges[role], coverages));
  }

  // Roles arrive in id order, so the stable sort leaves ties in id order.
  std::stable_sort(risks.begin(), risks.end(),
                   [](const v1::RoleRisk& a, const v1::RoleRisk& b) {
                     if (a.score() != b.score()) return a.score() > b.score();
                     return a.member_count() > b.member_count();
                   });
  if (top > 0 && risks.size() > static_cast<size_t>(top)) {
    risks.resize(static_cast<size_t>(top));
  }
  return risks;
}

}  // namespace rolegraph::analysis
