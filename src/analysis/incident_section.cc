// The per-incident-type section of the report: covered privileges, active
// and dormant holders, and the roles that grant the access.
#include <algorithm>
#include <iterator>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report_sections.h"

namespace rolegraph {
namespace analysis {
namespace {

constexpr char kNoGroupValue[] = "(none)";

void AddGroups(const UserGroups& groups, const Roaring& holders,
               v1::IncidentTypeReport& section) {
  std::vector<int64_t> counts(groups.values.size(), 0);
  for (UserIndex user : holders) ++counts[groups.of_user[user]];

  // Largest group first; equal counts in value order.
  std::vector<std::pair<const std::string*, int64_t>> ordered;
  for (size_t g = 0; g < counts.size(); ++g) {
    if (counts[g] > 0) ordered.emplace_back(&groups.values[g], counts[g]);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return *a.first < *b.first;
  });
  for (const auto& [value, count] : ordered) {
    v1::GroupCount* group = section.add_groups();
    group->set_value(*value);
    group->set_count(count);
  }
}

void AddDormantHolders(const Evaluator& evaluator,
                       const IncidentCoverage& coverage,
                       v1::IncidentTypeReport& section) {
  const Policy& policy = evaluator.policy();
  std::map<UserIndex, std::vector<PrivilegeIndex>> latent;
  for (PrivilegeIndex privilege : coverage.privileges) {
    for (UserIndex user : evaluator.DormantHolders(privilege)) {
      latent[user].push_back(privilege);
    }
  }

  for (const auto& [user, privileges] : latent) {
    v1::DormantHolder* holder = section.add_dormant_holders();
    holder->set_user(std::string(policy.user_id(user)));
    holder->set_reason(InactiveUserReason(evaluator, user));
    v1::Sensitivity highest = v1::SENSITIVITY_UNSPECIFIED;
    for (PrivilegeIndex privilege : privileges) {
      holder->add_privileges(policy.privilege_id(privilege));
      highest = std::max(highest, policy.privilege(privilege).sensitivity());
    }
    holder->set_max_sensitivity(highest);
  }
  section.set_dormant_holder_count(static_cast<int64_t>(latent.size()));
}

void AddGrantingRoles(const Evaluator& evaluator,
                      const IncidentCoverage& coverage,
                      const RoleGrants& grants,
                      v1::IncidentTypeReport& section) {
  // NOTE: a role whose grants of these privileges all depend on conditions
  // that read the user is not listed, because RolePrivileges leaves such
  // grants out.
  const Policy& policy = evaluator.policy();
  std::vector<v1::GrantingRole> roles;
  for (RoleIndex role = 0; role < policy.role_count(); ++role) {
    std::vector<PrivilegeIndex> granted;
    std::set_intersection(grants.privileges[role].begin(),
                          grants.privileges[role].end(),
                          coverage.privileges.begin(),
                          coverage.privileges.end(),
                          std::back_inserter(granted));
    if (granted.empty()) continue;

    v1::GrantingRole& entry = roles.emplace_back();
    entry.set_role(policy.role_id(role));
    entry.set_holder_count(
        static_cast<int64_t>(evaluator.RoleMembers(role).cardinality()));
    for (PrivilegeIndex privilege : granted) {
      entry.add_privileges(policy.privilege_id(privilege));
    }
    entry.set_user_dependent(grants.user_dependent[role]);
  }

  // Most members first; equal counts in role id order.
  std::stable_sort(roles.begin(), roles.end(),
                   [](const v1::GrantingRole& a, const v1::GrantingRole& b) {
                     return a.holder_count() > b.holder_count();
                   });
  for (v1::GrantingRole& role : roles) {
    *section.add_granting_roles() = std::move(role);
  }
}

}  // namespace

UserGroups CollectUserGroups(const Policy& policy, const std::string& group_by) {
  std::map<std::string, uint32_t, std::less<>> index;
  std::vector<const std::string*> value_of(policy.user_count(), nullptr);
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    const absl::string_view value =
        policy.user_attribute(user, group_by).value_or(kNoGroupValue);
    auto it = index.find(value);
    if (it == index.end()) it = index.emplace(std::string(value), 0).first;
    value_of[user] = &it->first;
  }

  UserGroups groups;
  for (auto& [value, position] : index) {
    position = static_cast<uint32_t>(groups.values.size());
    groups.values.push_back(value);
  }
  groups.of_user.resize(policy.user_count());
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    groups.of_user[user] = index.find(*value_of[user])->second;
  }
  return groups;
}

RoleGrants CollectRoleGrants(const Evaluator& evaluator) {
  const size_t role_count = evaluator.policy().role_count();
  RoleGrants grants;
  grants.privileges.resize(role_count);
  grants.user_dependent.resize(role_count);
  for (RoleIndex role = 0; role < role_count; ++role) {
    bool user_dependent = false;
    grants.privileges[role] = evaluator.RolePrivileges(role, &user_dependent);
    grants.user_dependent[role] = user_dependent;
  }
  return grants;
}

v1::IncidentTypeReport BuildIncidentTypeSection(const Evaluator& evaluator,
                                                const IncidentCoverage& coverage,
                                                const RoleGrants& grants,
                                                const UserGroups* groups) {
  const Policy& policy = evaluator.policy();
  const v1::IncidentType& type = *coverage.type;

  v1::IncidentTypeReport section;
  section.set_id(type.id());
  section.set_name(type.name());
  section.set_description(type.description());
  for (PrivilegeIndex privilege : coverage.privileges) {
    section.add_privileges(policy.privilege_id(privilege));
  }

  Roaring holders;
  for (PrivilegeIndex privilege : coverage.privileges) {
    holders |= evaluator.WhoHas(privilege);
  }
  section.set_holder_count(static_cast<int64_t>(holders.cardinality()));
  for (std::string& user : UserIds(policy, holders)) {
    section.add_holders(std::move(user));
  }
  if (groups != nullptr) AddGroups(*groups, holders, section);

  AddDormantHolders(evaluator, coverage, section);
  AddGrantingRoles(evaluator, coverage, grants, section);
  return section;
}

}  // namespace analysis
}  // namespace rolegraph
