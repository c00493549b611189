// Tests of the incident-readiness report on a small in-memory organisation.
#include "rolegraph/report.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Sales reads and exports CRM data; crm-admin administers it. The
// ir-responder role induces emergency-admin (crm:admin) only while the
// incident_response switch is on. erin is disabled and frank's validity
// ended, so both are dormant.
constexpr char kOrganisation[] = R"pb(
  name: "report-test"
  privileges { id: "crm:read" resource: "crm" action: "read" sensitivity: SENSITIVITY_LOW }
  privileges { id: "crm:export" resource: "crm" action: "export" sensitivity: SENSITIVITY_CRITICAL }
  privileges { id: "crm:admin" resource: "crm" action: "admin" sensitivity: SENSITIVITY_HIGH }
  privileges { id: "ad:reset" resource: "ad" action: "reset" sensitivity: SENSITIVITY_HIGH }
  privileges { id: "hr:read" resource: "hr" action: "read" sensitivity: SENSITIVITY_MEDIUM }
  roles {
    id: "sales"
    kind: ROLE_KIND_BUSINESS
    inducements { privilege: "crm:read" }
    inducements { privilege: "crm:export" }
  }
  roles { id: "crm-admin" inducements { privilege: "crm:admin" } }
  roles { id: "emergency-admin" inducements { privilege: "crm:admin" } }
  roles {
    id: "ir-responder"
    inducements {
      role: "emergency-admin"
      condition { expression: "switches.incident_response" }
    }
  }
  roles { id: "helpdesk" inducements { privilege: "ad:reset" } }
  roles { id: "payroll" inducements { privilege: "hr:read" } }
  users {
    id: "alice"
    attributes { key: "department" value: "sales" }
    assignments { role: "sales" }
    assignments { role: "ir-responder" }
  }
  users {
    id: "bob"
    attributes { key: "department" value: "sales" }
    assignments { role: "sales" }
    assignments { role: "helpdesk" }
  }
  users {
    id: "carol"
    attributes { key: "department" value: "it" }
    assignments { role: "crm-admin" }
    assignments { role: "ir-responder" }
  }
  users { id: "dave" assignments { role: "ir-responder" } }
  users {
    id: "erin"
    activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
    assignments { role: "sales" }
  }
  users {
    id: "frank"
    activation { valid_to { seconds: 1767225600 } }
    assignments { role: "crm-admin" }
  }
  switches { id: "break_glass" }
  switches { id: "incident_response" }
  incident_types { id: "crm_breach" name: "CRM compromised" resources: "crm" }
  incident_types { id: "ad_compromise" privileges: "ad:reset" }
  incident_types {
    id: "crm_critical"
    resources: "crm"
    min_sensitivity: SENSITIVITY_HIGH
  }
  exclusions { id: "sales-vs-helpdesk" roles: "sales" roles: "helpdesk" }
  exclusions { id: "sales-vs-emergency" roles: "sales" roles: "emergency-admin" }
)pb";

absl::Time ReportTime() {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, "2026-12-04T12:00:00Z",
                              &time, &error))
      << error;
  return time;
}

std::shared_ptr<const Policy> CompileOrganisation() {
  v1::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kOrganisation, &model));
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

std::unique_ptr<Evaluator> CreateEvaluator(
    std::vector<std::pair<std::string, bool>> overrides = {}) {
  std::shared_ptr<const Policy> policy = CompileOrganisation();
  if (policy == nullptr) return nullptr;
  EvaluationContext context;
  context.now = ReportTime();
  context.switch_overrides = std::move(overrides);
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(policy, context);
  EXPECT_TRUE(evaluator.ok()) << evaluator.status();
  return evaluator.ok() ? *std::move(evaluator) : nullptr;
}

v1::IncidentReadinessReport BuildReport(const Evaluator& evaluator,
                                        ReportOptions options = {}) {
  absl::StatusOr<v1::IncidentReadinessReport> report =
      BuildIncidentReport(evaluator, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : v1::IncidentReadinessReport();
}

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

const v1::IncidentTypeReport* FindType(const v1::IncidentReadinessReport& report,
                                       const std::string& id) {
  for (const v1::IncidentTypeReport& type : report.incident_types()) {
    if (type.id() == id) return &type;
  }
  return nullptr;
}

TEST(IncidentTypePrivileges, ResourceAndListedPrivileges) {
  std::shared_ptr<const Policy> policy = CompileOrganisation();
  ASSERT_NE(policy, nullptr);

  absl::StatusOr<std::vector<PrivilegeIndex>> crm =
      IncidentTypePrivileges(*policy, "crm_breach");
  ASSERT_TRUE(crm.ok()) << crm.status();
  std::vector<std::string> ids;
  for (PrivilegeIndex privilege : *crm) ids.push_back(policy->privilege_id(privilege));
  EXPECT_THAT(ids, ElementsAre("crm:admin", "crm:export", "crm:read"));

  absl::StatusOr<std::vector<PrivilegeIndex>> ad =
      IncidentTypePrivileges(*policy, "ad_compromise");
  ASSERT_TRUE(ad.ok()) << ad.status();
  ASSERT_EQ(ad->size(), 1u);
  EXPECT_EQ(policy->privilege_id((*ad)[0]), "ad:reset");
}

TEST(IncidentTypePrivileges, MinimumSensitivityFilters) {
  std::shared_ptr<const Policy> policy = CompileOrganisation();
  ASSERT_NE(policy, nullptr);
  absl::StatusOr<std::vector<PrivilegeIndex>> critical =
      IncidentTypePrivileges(*policy, "crm_critical");
  ASSERT_TRUE(critical.ok()) << critical.status();
  std::vector<std::string> ids;
  for (PrivilegeIndex privilege : *critical) {
    ids.push_back(policy->privilege_id(privilege));
  }
  EXPECT_THAT(ids, ElementsAre("crm:admin", "crm:export"));
}

TEST(IncidentTypePrivileges, UnknownIdIsNotFound) {
  std::shared_ptr<const Policy> policy = CompileOrganisation();
  ASSERT_NE(policy, nullptr);
  absl::StatusOr<std::vector<PrivilegeIndex>> missing =
      IncidentTypePrivileges(*policy, "no_such_type");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()),
              ::testing::HasSubstr("no_such_type"));
}

TEST(IncidentReport, HeaderCounts) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);

  EXPECT_EQ(report.model_name(), "report-test");
  EXPECT_EQ(report.user_count(), 6);
  EXPECT_EQ(report.active_user_count(), 4);
  EXPECT_EQ(report.role_count(), 6);
  EXPECT_EQ(report.privilege_count(), 5);
  EXPECT_EQ(report.min_responders(), 2);
  EXPECT_EQ(report.context().configuration(), "production");
}

TEST(IncidentReport, IncidentTypesSortedById) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);

  std::vector<std::string> ids;
  for (const v1::IncidentTypeReport& type : report.incident_types()) {
    ids.push_back(type.id());
  }
  EXPECT_THAT(ids, ElementsAre("ad_compromise", "crm_breach", "crm_critical"));
}

TEST(IncidentReport, ActiveHoldersAndGroups) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report =
      BuildReport(*evaluator, {.group_by = "department"});
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);

  EXPECT_EQ(crm->name(), "CRM compromised");
  EXPECT_THAT(Strings(crm->privileges()),
              ElementsAre("crm:admin", "crm:export", "crm:read"));
  EXPECT_EQ(crm->holder_count(), 3);
  EXPECT_THAT(Strings(crm->holders()), ElementsAre("alice", "bob", "carol"));
  ASSERT_EQ(crm->groups_size(), 2);
  EXPECT_EQ(crm->groups(0).value(), "sales");
  EXPECT_EQ(crm->groups(0).count(), 2);
  EXPECT_EQ(crm->groups(1).value(), "it");
  EXPECT_EQ(crm->groups(1).count(), 1);
}

TEST(IncidentReport, NoGroupsWithoutGroupBy) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);
  EXPECT_THAT(crm->groups(), IsEmpty());
}

TEST(IncidentReport, UsersWithoutAttributeGroupAsNone) {
  std::unique_ptr<Evaluator> evaluator =
      CreateEvaluator({{"incident_response", true}});
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report =
      BuildReport(*evaluator, {.group_by = "department"});
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);

  EXPECT_EQ(crm->holder_count(), 4);
  ASSERT_EQ(crm->groups_size(), 3);
  EXPECT_EQ(crm->groups(0).value(), "sales");
  EXPECT_EQ(crm->groups(0).count(), 2);
  EXPECT_EQ(crm->groups(1).value(), "(none)");
  EXPECT_EQ(crm->groups(1).count(), 1);
  EXPECT_EQ(crm->groups(2).value(), "it");
  EXPECT_EQ(crm->groups(2).count(), 1);
}

TEST(IncidentReport, DormantHoldersWithReasons) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);

  EXPECT_EQ(crm->dormant_holder_count(), 2);
  ASSERT_EQ(crm->dormant_holders_size(), 2);
  const v1::DormantHolder& erin = crm->dormant_holders(0);
  EXPECT_EQ(erin.user(), "erin");
  EXPECT_EQ(erin.reason(), "administratively disabled");
  EXPECT_THAT(Strings(erin.privileges()), ElementsAre("crm:export", "crm:read"));
  EXPECT_EQ(erin.max_sensitivity(), v1::SENSITIVITY_CRITICAL);

  const v1::DormantHolder& frank = crm->dormant_holders(1);
  EXPECT_EQ(frank.user(), "frank");
  EXPECT_EQ(frank.reason(), "validity ended 2026-01-01T00:00:00Z");
  EXPECT_THAT(Strings(frank.privileges()), ElementsAre("crm:admin"));
  EXPECT_EQ(frank.max_sensitivity(), v1::SENSITIVITY_HIGH);
}

TEST(IncidentReport, GrantingRolesByMemberCount) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);

  ASSERT_EQ(crm->granting_roles_size(), 3);
  EXPECT_EQ(crm->granting_roles(0).role(), "sales");
  EXPECT_EQ(crm->granting_roles(0).holder_count(), 2);
  EXPECT_THAT(Strings(crm->granting_roles(0).privileges()),
              ElementsAre("crm:export", "crm:read"));
  EXPECT_EQ(crm->granting_roles(1).role(), "crm-admin");
  EXPECT_EQ(crm->granting_roles(1).holder_count(), 1);
  EXPECT_EQ(crm->granting_roles(2).role(), "emergency-admin");
  EXPECT_EQ(crm->granting_roles(2).holder_count(), 0);
}

TEST(IncidentReport, RespondersPerSwitch) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);

  ASSERT_EQ(crm->responders_size(), 2);
  EXPECT_EQ(crm->responders(0).switch_id(), "break_glass");
  EXPECT_EQ(crm->responders(0).count(), 0);
  EXPECT_TRUE(crm->responders(0).below_minimum());
  EXPECT_EQ(crm->responders(1).switch_id(), "incident_response");
  EXPECT_THAT(Strings(crm->responders(1).users()), ElementsAre("alice", "dave"));
  EXPECT_EQ(crm->responders(1).count(), 2);
  EXPECT_FALSE(crm->responders(1).below_minimum());
}

TEST(IncidentReport, MinRespondersRaisesFlag) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report =
      BuildReport(*evaluator, {.min_responders = 3});
  const v1::IncidentTypeReport* crm = FindType(report, "crm_breach");
  ASSERT_NE(crm, nullptr);
  ASSERT_EQ(crm->responders_size(), 2);
  EXPECT_TRUE(crm->responders(1).below_minimum());
  EXPECT_EQ(report.min_responders(), 3);
}

TEST(IncidentReport, SwitchGainsAndReadinessGaps) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);

  ASSERT_EQ(report.switches_size(), 2);
  const v1::SwitchReport& break_glass = report.switches(0);
  EXPECT_EQ(break_glass.switch_id(), "break_glass");
  EXPECT_EQ(break_glass.users_gaining(), 0);
  EXPECT_THAT(Strings(break_glass.uncovered_incident_types()),
              ElementsAre("ad_compromise", "crm_breach", "crm_critical"));

  const v1::SwitchReport& response = report.switches(1);
  EXPECT_EQ(response.switch_id(), "incident_response");
  EXPECT_FALSE(response.on());
  EXPECT_EQ(response.users_gaining(), 2);
  ASSERT_EQ(response.gains_size(), 2);
  EXPECT_EQ(response.gains(0).user(), "alice");
  EXPECT_THAT(Strings(response.gains(0).privileges()), ElementsAre("crm:admin"));
  EXPECT_EQ(response.gains(1).user(), "dave");
  EXPECT_THAT(Strings(response.uncovered_incident_types()),
              ElementsAre("ad_compromise"));
}

TEST(IncidentReport, SwitchAlreadyOnComparesWithOff) {
  std::unique_ptr<Evaluator> evaluator =
      CreateEvaluator({{"incident_response", true}});
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);

  ASSERT_EQ(report.switches_size(), 2);
  const v1::SwitchReport& response = report.switches(1);
  EXPECT_TRUE(response.on());
  EXPECT_EQ(response.users_gaining(), 2);
  EXPECT_THAT(Strings(response.uncovered_incident_types()),
              ElementsAre("ad_compromise"));
}

TEST(IncidentReport, BlastRadiusRanking) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator, {.top_roles = 0});

  std::vector<std::string> roles;
  for (const v1::RoleRisk& risk : report.roles_by_blast_radius()) {
    roles.push_back(risk.role());
  }
  // sales: critical 8 + low 1; three roles at high 4 ordered by members,
  // then id; payroll: medium 2. ir-responder grants nothing while the
  // switch is off.
  EXPECT_THAT(roles, ElementsAre("sales", "crm-admin", "helpdesk",
                                 "emergency-admin", "payroll"));
  const v1::RoleRisk& sales = report.roles_by_blast_radius(0);
  EXPECT_EQ(sales.score(), 9);
  EXPECT_EQ(sales.member_count(), 2);
  EXPECT_EQ(sales.privilege_count(), 2);
  EXPECT_EQ(sales.critical_privilege_count(), 1);
  EXPECT_THAT(Strings(sales.incident_types()),
              ElementsAre("crm_breach", "crm_critical"));
  EXPECT_EQ(report.roles_by_blast_radius(4).score(), 2);
}

TEST(IncidentReport, BlastRadiusTopLimits) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator, {.top_roles = 2});
  ASSERT_EQ(report.roles_by_blast_radius_size(), 2);
  EXPECT_EQ(report.roles_by_blast_radius(1).role(), "crm-admin");
}

TEST(IncidentReport, SodViolationsNowAndWithSwitch) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  v1::IncidentReadinessReport report = BuildReport(*evaluator);

  ASSERT_EQ(report.sod_violations_size(), 1);
  EXPECT_EQ(report.sod_violations(0).rule_id(), "sales-vs-helpdesk");
  EXPECT_EQ(report.sod_violations(0).user(), "bob");
  EXPECT_THAT(Strings(report.sod_violations(0).roles()),
              ElementsAre("helpdesk", "sales"));
  EXPECT_EQ(report.sod_violations(0).switch_id(), "");

  ASSERT_EQ(report.sod_violations_with_switches_size(), 1);
  const v1::SodViolation& added = report.sod_violations_with_switches(0);
  EXPECT_EQ(added.switch_id(), "incident_response");
  EXPECT_EQ(added.rule_id(), "sales-vs-emergency");
  EXPECT_EQ(added.user(), "alice");
  EXPECT_THAT(Strings(added.roles()), ElementsAre("emergency-admin", "sales"));
}

TEST(FindSodViolations, SortedByRuleThenUser) {
  std::unique_ptr<Evaluator> evaluator =
      CreateEvaluator({{"incident_response", true}});
  ASSERT_NE(evaluator, nullptr);
  std::vector<v1::SodViolation> violations = FindSodViolations(*evaluator);

  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].rule_id(), "sales-vs-emergency");
  EXPECT_EQ(violations[0].user(), "alice");
  EXPECT_EQ(violations[1].rule_id(), "sales-vs-helpdesk");
  EXPECT_EQ(violations[1].user(), "bob");
}

TEST(IncidentReport, NegativeMinRespondersRejected) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  absl::StatusOr<v1::IncidentReadinessReport> report =
      BuildIncidentReport(*evaluator, {.min_responders = -1});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(InactiveUserReason, NamesEveryCause) {
  std::unique_ptr<Evaluator> evaluator = CreateEvaluator();
  ASSERT_NE(evaluator, nullptr);
  const Policy& policy = evaluator->policy();
  EXPECT_EQ(InactiveUserReason(*evaluator, *policy.FindUser("erin")),
            "administratively disabled");
  EXPECT_EQ(InactiveUserReason(*evaluator, *policy.FindUser("frank")),
            "validity ended 2026-01-01T00:00:00Z");
}

}  // namespace
}  // namespace rolegraph
