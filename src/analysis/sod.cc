// Segregation-of-duties violations: effective membership of two or more
// roles of one exclusion rule.
#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "analysis/report_sections.h"
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

// The model's exclusion rules, sorted by id.
std::vector<const v1::ExclusionRule*> SortedRules(const Policy& policy) {
  std::vector<const v1::ExclusionRule*> rules;
  for (const v1::ExclusionRule& rule : policy.definitions().exclusions()) {
    rules.push_back(&rule);
  }
  std::sort(rules.begin(), rules.end(),
            [](const v1::ExclusionRule* a, const v1::ExclusionRule* b) {
              return a->id() < b->id();
            });
  return rules;
}

void AddViolation(const Policy& policy, const v1::ExclusionRule& rule, UserIndex user,
                  const std::vector<RoleIndex>& roles,
                  std::vector<v1::SodViolation>& violations) {
  v1::SodViolation& violation = violations.emplace_back();
  violation.set_rule_id(rule.id());
  violation.set_user(std::string(policy.user_id(user)));
  for (RoleIndex role : roles) violation.add_roles(policy.role_id(role));
}

}  // namespace

std::vector<v1::SodViolation> FindSodViolations(const Evaluator& evaluator) {
  const Policy& policy = evaluator.policy();
  std::vector<v1::SodViolation> violations;
  for (const v1::ExclusionRule* rule : SortedRules(policy)) {
    // Role memberships of each user among the rule's roles. Ordered maps and
    // increasing role indexes keep users and roles sorted by id.
    std::map<UserIndex, std::vector<RoleIndex>> memberships;
    for (RoleIndex role : RuleRoles(policy, *rule)) {
      for (UserIndex user : evaluator.RoleMembers(role)) {
        memberships[user].push_back(role);
      }
    }

    for (const auto& [user, roles] : memberships) {
      if (roles.size() >= 2) AddViolation(policy, *rule, user, roles, violations);
    }
  }
  return violations;
}

namespace analysis {

std::vector<v1::SodViolation> SodViolationsAmong(const Evaluator& evaluator,
                                                 const std::vector<UserIndex>& users) {
  const Policy& policy = evaluator.policy();
  const std::vector<const v1::ExclusionRule*> rules = SortedRules(policy);
  if (rules.empty()) return {};

  std::vector<std::vector<RoleIndex>> roles_of(users.size());
  for (size_t i = 0; i < users.size(); ++i) roles_of[i] = evaluator.EffectiveRoles(users[i]);

  std::vector<v1::SodViolation> violations;
  std::vector<RoleIndex> member_of;
  for (const v1::ExclusionRule* rule : rules) {
    const std::vector<RoleIndex> rule_roles = RuleRoles(policy, *rule);
    for (size_t i = 0; i < users.size(); ++i) {
      member_of.clear();
      std::set_intersection(rule_roles.begin(), rule_roles.end(), roles_of[i].begin(),
                            roles_of[i].end(), std::back_inserter(member_of));
      if (member_of.size() >= 2) AddViolation(policy, *rule, users[i], member_of, violations);
    }
  }
  return violations;
}

}  // namespace analysis
}  // namespace rolegraph
