// End-to-end tests of the query commands of the built rolegraph program.
#include <string>
#include <vector>

#include "cli_runner.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "rolegraph/v1/results.pb.h"
#include "test_models.h"

namespace rolegraph::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CliQueryTest : public ::testing::Test {
 protected:
  void SetUp() override { model_ = dir_.Write("org.json", kOrganisationJson); }

  // Runs `command MODEL args... --at kTestTime`.
  CliResult Run(const std::string& command,
                const std::vector<std::string>& arguments) {
    std::vector<std::string> all = {command, model_};
    all.insert(all.end(), arguments.begin(), arguments.end());
    all.push_back("--at");
    all.push_back(kTestTime);
    return RunCli(all);
  }

  TempDir dir_;
  std::string model_;
};

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return message;
}

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

TEST_F(CliQueryTest, ValidateValidModel) {
  CliResult result = Run("validate", {});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("org.json: valid, 0 warnings"));
}

TEST_F(CliQueryTest, ValidateJsonCounts) {
  CliResult result = Run("validate", {"--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"errorCount\": 0"));
  auto validation = ParseJson<v1::ValidationResult>(result.out);
  EXPECT_EQ(validation.error_count(), 0);
}

TEST_F(CliQueryTest, ValidateReportsErrorsWithExitTwo) {
  std::string broken = dir_.Write("broken.json", kDanglingReferenceJson);
  CliResult result = RunCli({"validate", broken});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out, HasSubstr("1 error"));
  EXPECT_THAT(result.out, HasSubstr("broken.json"));
  EXPECT_THAT(result.out, HasSubstr("crm:missing"));
}

TEST_F(CliQueryTest, ValidateCsvHasHeader) {
  std::string broken = dir_.Write("broken.json", kDanglingReferenceJson);
  CliResult result = RunCli({"validate", broken, "--format", "csv"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out,
              HasSubstr("severity,file,line,column,path,code,message,hint\n"));
  EXPECT_THAT(result.out, HasSubstr("\nerror,"));
}

TEST_F(CliQueryTest, CheckAllowExitsZero) {
  CliResult result = Run("check", {"--user", "alice", "--privilege", "crm:export"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "allow\n");
}

TEST_F(CliQueryTest, CheckDenyExitsOne) {
  CliResult result = Run("check", {"--user", "dave", "--privilege", "crm:admin"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out, "deny\n");
}

TEST_F(CliQueryTest, CheckWithSwitchOn) {
  CliResult result = Run("check", {"--user", "dave", "--privilege", "crm:admin",
                                   "--switch", "incident_response=on"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "allow\n");
}

TEST_F(CliQueryTest, CheckLaterSwitchFlagWins) {
  CliResult result = Run("check", {"--user", "dave", "--privilege", "crm:admin",
                                   "--switch", "incident_response=on",
                                   "--switch=incident_response=off"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
}

TEST_F(CliQueryTest, CheckHonoursAtFlag) {
  // frank's validity ended on 2026-01-01, so he held crm:admin before it.
  CliResult before = RunCli({"check", model_, "--user", "frank", "--privilege",
                             "crm:admin", "--at", "2025-06-01T00:00:00Z"});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  CliResult after = Run("check", {"--user", "frank", "--privilege", "crm:admin"});
  EXPECT_EQ(after.exit_code, 1) << after.err;
}

TEST_F(CliQueryTest, CheckJson) {
  CliResult result = Run("check", {"--user", "bob", "--privilege", "ad:reset",
                                   "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto check = ParseJson<v1::CheckResult>(result.out);
  EXPECT_TRUE(check.allowed());
  EXPECT_EQ(check.user(), "bob");
  EXPECT_EQ(check.privilege(), "ad:reset");
  EXPECT_EQ(check.context().configuration(), "production");
}

TEST_F(CliQueryTest, PrivilegesJsonSorted) {
  CliResult result = Run("privileges", {"--user", "bob", "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto privileges = ParseJson<v1::PrivilegesResult>(result.out);
  EXPECT_TRUE(privileges.user_active());
  EXPECT_THAT(Strings(privileges.privileges()),
              ElementsAre("ad:reset", "crm:export", "crm:read"));
  EXPECT_THAT(Strings(privileges.roles()), ElementsAre("helpdesk", "sales"));
}

TEST_F(CliQueryTest, PrivilegesTextTable) {
  CliResult result = Run("privileges", {"--user", "alice"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("alice: active, 2 effective privileges"));
  EXPECT_THAT(result.out, HasSubstr("crm:export  critical"));
}

TEST_F(CliQueryTest, PrivilegesOfDormantUser) {
  CliResult result = Run("privileges", {"--user", "erin"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("erin: inactive (administratively disabled)"));
  EXPECT_THAT(result.out, HasSubstr("latent privileges if re-enabled: 2"));

  CliResult json = Run("privileges", {"--user", "erin", "--format", "json"});
  auto privileges = ParseJson<v1::PrivilegesResult>(json.out);
  EXPECT_FALSE(privileges.user_active());
  EXPECT_THAT(privileges.privileges(), IsEmpty());
  EXPECT_THAT(Strings(privileges.latent_privileges()),
              ElementsAre("crm:export", "crm:read"));
}

TEST_F(CliQueryTest, PrivilegesCsv) {
  CliResult result = Run("privileges", {"--user", "alice", "--format", "csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "privilege,resource,action,sensitivity,status\n"
            "crm:export,crm,export,critical,effective\n"
            "crm:read,crm,read,low,effective\n");
}

TEST_F(CliQueryTest, ExplainShowsConditionValue) {
  CliResult result = Run("explain", {"--user", "dave", "--privilege", "crm:admin"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("dave -> crm:admin: deny"));
  EXPECT_THAT(result.out, HasSubstr("ir-responder -> emergency-admin"));
  EXPECT_THAT(result.out, HasSubstr("switches.incident_response = false"));
  EXPECT_THAT(result.out, HasSubstr("EVAL ORDER"));
}

TEST_F(CliQueryTest, ExplainJsonPaths) {
  CliResult result = Run("explain", {"--user", "alice", "--privilege", "crm:admin",
                                     "--switch", "incident_response=on",
                                     "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto explanation = ParseJson<v1::Explanation>(result.out);
  EXPECT_TRUE(explanation.allowed());
  ASSERT_GE(explanation.paths_size(), 1);
  const v1::ExplanationPath& path = explanation.paths(0);
  EXPECT_TRUE(path.grants());
  ASSERT_EQ(path.steps_size(), 3);
  EXPECT_EQ(path.steps(0).source(), "alice");
  EXPECT_EQ(path.steps(0).target(), "ir-responder");
  EXPECT_EQ(path.steps(1).condition().expression(),
            "switches.incident_response");
  EXPECT_TRUE(path.steps(1).condition().value());
  EXPECT_EQ(path.steps(2).target(), "crm:admin");
}

TEST_F(CliQueryTest, WhoHasPrivilegeJson) {
  CliResult result = Run("who-has", {"--privilege", "crm:export", "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"holders\""));
  EXPECT_THAT(result.out, HasSubstr("\"dormantHolders\""));
  EXPECT_THAT(result.out, HasSubstr("\"count\""));
  auto who = ParseJson<v1::WhoHasResult>(result.out);
  EXPECT_THAT(Strings(who.holders()), ElementsAre("alice", "bob"));
  EXPECT_THAT(Strings(who.dormant_holders()), ElementsAre("erin"));
  EXPECT_EQ(who.count(), 2);
}

TEST_F(CliQueryTest, WhoHasZeroCountStillPrinted) {
  CliResult result = Run("who-has", {"--privilege", "ad:reset", "--format",
                                     "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"dormantCount\": 0"));
  EXPECT_THAT(result.out, HasSubstr("\"dormantHolders\": []"));
}

TEST_F(CliQueryTest, WhoHasResource) {
  CliResult result = Run("who-has", {"--resource", "crm", "--format", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto who = ParseJson<v1::WhoHasResult>(result.out);
  EXPECT_THAT(Strings(who.privileges()),
              ElementsAre("crm:admin", "crm:export", "crm:read"));
  EXPECT_THAT(Strings(who.holders()), ElementsAre("alice", "bob", "carol"));
  EXPECT_THAT(Strings(who.dormant_holders()), ElementsAre("erin", "frank"));
}

TEST_F(CliQueryTest, WhoHasTextCountsFirst) {
  CliResult result = Run("who-has", {"--resource", "crm"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find('\n')),
            "crm: 3 active holders, 2 dormant holders");
  EXPECT_THAT(result.out, HasSubstr("frank  validity ended 2026-01-01T00:00:00Z"));
}

TEST_F(CliQueryTest, WhoHasLimitCutsList) {
  CliResult result = Run("who-has", {"--resource", "crm", "--limit", "1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("  alice\n  ... and 2 more\n"));
}

TEST_F(CliQueryTest, WhoHasCsv) {
  CliResult result = Run("who-has", {"--privilege", "crm:admin", "--format", "csv"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "user,status,reason\n"
            "carol,active,\n"
            "frank,dormant,validity ended 2026-01-01T00:00:00Z\n");
}

TEST_F(CliQueryTest, ReportText) {
  CliResult result = Run("report", {"--group-by", "department"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("INCIDENT-READINESS REPORT: cli-test"));
  EXPECT_THAT(result.out, HasSubstr("6 users (4 active), 5 roles, 4 privileges"));
  EXPECT_THAT(result.out, HasSubstr("crm_breach: CRM compromised"));
  EXPECT_THAT(result.out, HasSubstr("active holders: 3"));
  EXPECT_THAT(result.out, HasSubstr("by department: sales 2, it 1"));
  EXPECT_THAT(result.out, HasSubstr("dormant holders: 2, 1 with critical privileges"));
  EXPECT_THAT(result.out, HasSubstr("CRITICAL"));
  EXPECT_THAT(result.out, HasSubstr("readiness gaps: 1 incident type"));
  EXPECT_THAT(result.out, HasSubstr("BELOW MINIMUM"));
  EXPECT_THAT(result.out, HasSubstr("ROLES BY BLAST RADIUS"));
  EXPECT_THAT(result.out, HasSubstr("violations now: 1"));
  EXPECT_THAT(result.out, HasSubstr("new violations with a switch on: 1"));
}

TEST_F(CliQueryTest, ReportJson) {
  CliResult result = Run("report", {"--format", "json", "--top", "1",
                                    "--min-responders", "3"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto report = ParseJson<v1::IncidentReadinessReport>(result.out);
  EXPECT_EQ(report.user_count(), 6);
  EXPECT_EQ(report.active_user_count(), 4);
  ASSERT_EQ(report.incident_types_size(), 2);
  EXPECT_EQ(report.incident_types(0).id(), "ad_compromise");
  EXPECT_EQ(report.incident_types(1).holder_count(), 3);
  ASSERT_EQ(report.incident_types(1).responders_size(), 1);
  EXPECT_THAT(Strings(report.incident_types(1).responders(0).users()),
              ElementsAre("alice", "dave"));
  EXPECT_TRUE(report.incident_types(1).responders(0).below_minimum());
  ASSERT_EQ(report.roles_by_blast_radius_size(), 1);
  EXPECT_EQ(report.roles_by_blast_radius(0).role(), "sales");
  EXPECT_EQ(report.roles_by_blast_radius(0).score(), 9);
  ASSERT_EQ(report.switches_size(), 1);
  EXPECT_THAT(Strings(report.switches(0).uncovered_incident_types()),
              ElementsAre("ad_compromise"));
  EXPECT_EQ(report.sod_violations_size(), 1);
  EXPECT_EQ(report.sod_violations_with_switches_size(), 1);
}

TEST_F(CliQueryTest, ReportIsDeterministic) {
  CliResult first = Run("report", {"--format", "json"});
  CliResult second = Run("report", {"--format", "json"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
}

TEST_F(CliQueryTest, TextFormatModel) {
  std::string textproto = dir_.Write("small.txtpb", R"pb(
    name: "small"
    privileges { id: "db:read" resource: "db" action: "read" }
    roles { id: "reader" inducements { privilege: "db:read" } }
    users { id: "u1" assignments { role: "reader" } }
  )pb");
  CliResult result = RunCli({"check", textproto, "--user", "u1", "--privilege",
                             "db:read"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "allow\n");
}

TEST_F(CliQueryTest, HelpListsCommands) {
  CliResult result = RunCli({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("who-has"));
  EXPECT_THAT(result.out, HasSubstr("report"));

  CliResult check = RunCli({"check", "--help"});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_THAT(check.out, HasSubstr("--privilege P"));
  EXPECT_THAT(check.out, HasSubstr("--switch ID=on|off"));
}

}  // namespace
}  // namespace rolegraph::testing
