// Segregation-of-duties violations: effective membership of two or more
// roles of one exclusion rule.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "rolegraph/report.h"

namespace rolegraph {
namespace {

// The rule's roles as sorted, unique indexes. Unknown ids are skipped
// because validation rejects them before compilation.
std::vector<RoleIndex> RuleRoles(const Policy& policy,
                                 const v1::ExclusionRule& rule) {
  std::vector<RoleIndex> roles;
  for (const std::string& id : rule.roles()) {
    std::optional<RoleIndex> role = policy.FindRole(id);
    if (role.has_value()) roles.push_back(*role);
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

}  // namespace

std::vector<v1::SodViolation> FindSodViolations(const Evaluator& evaluator) {
  const Policy& policy = evaluator.policy();
  std::vector<const v1::ExclusionRule*> rules;
  for (const v1::ExclusionRule& rule : policy.model().exclusions()) {
    rules.push_back(&rule);
  }
  std::sort(rules.begin(), rules.end(),
            [](const v1::ExclusionRule* a, const v1::ExclusionRule* b) {
              return a->id() < b->id();
            });

  std::vector<v1::SodViolation> violations;
  for (const v1::ExclusionRule* rule : rules) {
    // Role memberships of each user among the rule's roles. Ordered maps and
    // increasing role indexes keep users and roles sorted by id.
    std::map<UserIndex, std::vector<RoleIndex>> memberships;
    for (RoleIndex role : RuleRoles(policy, *rule)) {
      for (UserIndex user : evaluator.RoleMembers(role)) {
        memberships[user].push_back(role);
      }
    }

    for (const auto& [user, roles] : memberships) {
      if (roles.size() < 2) continue;
      v1::SodViolation& violation = violations.emplace_back();
      violation.set_rule_id(rule->id());
      violation.set_user(policy.user_id(user));
      for (RoleIndex role : roles) violation.add_roles(policy.role_id(role));
    }
  }
  return violations;
}

}  // namespace rolegraph
