// The simulate, blast-radius and emergency commands, run as a user would
// run the built program, on copies of examples/org.json.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "cli/cli_runner.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::rolegraph::testing::CliResult;
using ::rolegraph::testing::ReadFile;
using ::rolegraph::testing::RunCli;
using ::rolegraph::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kAt[] = "2026-12-04T12:00:00Z";

std::string ExamplePath() {
  return (std::filesystem::path(ROLEGRAPH_SOURCE_DIR) / "examples" / "org.json").string();
}

// A copy of the example model in a temporary directory.
std::string CopyExample(const TempDir& directory) {
  return directory.Write("org.json", ReadFile(ExamplePath()));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> ActivateArguments(const std::string& model) {
  return {"emergency", "activate", model,      "--switch", "incident_response",
          "--ttl",     "4h",       "--reason", "INC-1042", "--actor",
          "alice",     "--at",     kAt};
}

std::unique_ptr<Evaluator> ExampleEvaluator(bool switch_on) {
  absl::StatusOr<v1::Model> model = LoadModel(ExamplePath());
  EXPECT_TRUE(model.ok()) << model.status();
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(*model);
  EXPECT_TRUE(policy.ok()) << policy.status();
  absl::Time at;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, kAt, &at, &error));
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator = Evaluator::Create(
      *policy, {.now = at, .switch_overrides = {{"incident_response", switch_on}}});
  EXPECT_TRUE(evaluator.ok()) << evaluator.status();
  return *std::move(evaluator);
}

// `simulate --switch incident_response=on` lists exactly the user and
// privilege pairs that Check and Explain grant with the switch on and not
// with it off.
TEST(SimulateCli, SwitchOnMatchesExplain) {
  const CliResult result = RunCli({"simulate", ExamplePath(), "--switch",
                                   "incident_response=on", "--at", kAt, "--format",
                                   "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::SimulationResult simulation;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &simulation).ok())
      << result.out;

  std::map<std::string, std::set<std::string>> simulated;
  for (const v1::UserChange& change : simulation.users()) {
    EXPECT_THAT(change.privileges_lost(), IsEmpty()) << change.user();
    simulated[change.user()].insert(change.privileges_gained().begin(),
                                    change.privileges_gained().end());
  }

  std::unique_ptr<Evaluator> off = ExampleEvaluator(false);
  std::unique_ptr<Evaluator> on = ExampleEvaluator(true);
  const Policy& policy = off->policy();
  std::map<std::string, std::set<std::string>> explained;
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count(); ++privilege) {
      const bool now = off->Explain(user, privilege).allowed();
      const bool with_switch = on->Explain(user, privilege).allowed();
      EXPECT_EQ(now, off->Check(user, privilege));
      EXPECT_EQ(with_switch, on->Check(user, privilege));
      if (with_switch && !now) {
        explained[std::string(policy.user_id(user))].insert(policy.privilege_id(privilege));
      }
    }
  }
  for (auto it = simulated.begin(); it != simulated.end();) {
    it = it->second.empty() ? simulated.erase(it) : std::next(it);
  }
  EXPECT_THAT(explained, Not(IsEmpty()));
  EXPECT_EQ(simulated, explained);
  EXPECT_THAT(simulation.context().switches_on(), ::testing::ElementsAre("incident_response"));
}

TEST(SimulateCli, TextListsTotalsAndUsers) {
  const CliResult result = RunCli(
      {"simulate", ExamplePath(), "--switch", "incident_response=on", "--at", kAt});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("SIMULATION: switch incident_response=on"));
  EXPECT_THAT(result.out, HasSubstr("by resource:"));
  EXPECT_THAT(result.out, HasSubstr("by sensitivity:"));
  EXPECT_THAT(result.out, HasSubstr("PRIVILEGES GAINED"));
  EXPECT_THAT(result.out, HasSubstr("segregation of duties:"));
}

TEST(SimulateCli, DeltaFileIntroducesSodViolation) {
  TempDir directory;
  const std::string delta = directory.Write(
      "delta.txtpb",
      "description: \"a payroll clerk obtains the approver role\"\n"
      "changes { obtain_role { user: \"anna.kowalczyk\" role: \"biz-payroll-approver\" } }\n");
  const CliResult result = RunCli({"simulate", ExamplePath(), "--delta", delta, "--at",
                                   kAt, "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::SimulationResult simulation;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &simulation).ok());
  EXPECT_EQ(simulation.description(), "a payroll clerk obtains the approver role");
  ASSERT_THAT(simulation.users(), SizeIs(1));
  EXPECT_EQ(simulation.users(0).user(), "anna.kowalczyk");
  EXPECT_THAT(simulation.users(0).roles_gained(),
              ::testing::Contains("biz-payroll-approver"));
  ASSERT_THAT(simulation.sod_introduced(), SizeIs(1));
  EXPECT_EQ(simulation.sod_introduced(0).rule_id(), "sod-payroll");
}

TEST(SimulateCli, DeltaWithUnknownUserNamesChange) {
  TempDir directory;
  const std::string delta = directory.Write(
      "delta.json",
      "{\"changes\": [{\"obtainRole\": {\"user\": \"nobody\", \"role\": \"biz-payroll-approver\"}}]}\n");
  const CliResult result = RunCli({"simulate", ExamplePath(), "--delta", delta});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("changes[0].obtain_role"));
  EXPECT_THAT(result.err, HasSubstr("nobody"));
}

TEST(SimulateCli, MissingChangeIsUsageError) {
  const CliResult result = RunCli({"simulate", ExamplePath(), "--at", kAt});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("give --delta FILE or --switch"));
}

TEST(SimulateCli, UnknownSwitchSuggests) {
  const CliResult result =
      RunCli({"simulate", ExamplePath(), "--switch", "incident_respons=on", "--at", kAt});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("did you mean \"incident_response\""));
}

TEST(SimulateCli, BadDeltaNamesLocation) {
  TempDir directory;
  const std::string delta = directory.Write("delta.json", "{\n  \"changes\": [\n    {,}\n  ]\n}\n");
  const CliResult result = RunCli({"simulate", ExamplePath(), "--delta", delta});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(delta + ":3:"));
}

TEST(BlastRadiusCli, TopRanksRoles) {
  const CliResult result = RunCli({"blast-radius", ExamplePath(), "--top", "5", "--at",
                                   kAt, "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::BlastRadius radius;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &radius).ok());
  ASSERT_THAT(radius.ranking(), SizeIs(5));
  for (int i = 1; i < radius.ranking_size(); ++i) {
    EXPECT_GE(radius.ranking(i - 1).score(), radius.ranking(i).score());
  }
}

// A role's score equals the report's ranking score for the same role.
TEST(BlastRadiusCli, RoleScoreMatchesRanking) {
  const CliResult top = RunCli({"blast-radius", ExamplePath(), "--top", "1", "--at", kAt,
                                "--format", "json"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  v1::BlastRadius ranking;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(top.out, &ranking).ok());
  ASSERT_THAT(ranking.ranking(), SizeIs(1));
  const v1::RoleRisk& first = ranking.ranking(0);

  const CliResult role = RunCli({"blast-radius", ExamplePath(), "--role", first.role(),
                                 "--at", kAt, "--format", "json"});
  ASSERT_EQ(role.exit_code, 0) << role.err;
  v1::BlastRadius radius;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(role.out, &radius).ok());
  EXPECT_EQ(radius.subject_kind(), "role");
  EXPECT_EQ(radius.score(), first.score());
  EXPECT_EQ(radius.privileges_size(), first.privilege_count());
}

TEST(BlastRadiusCli, ResponderRoleGainsWithSwitch) {
  const CliResult result =
      RunCli({"blast-radius", ExamplePath(), "--user", "", "--at", kAt});
  EXPECT_EQ(result.exit_code, 2);

  // The meta-role's members gain emergency privileges; find one through
  // the simulation and measure the account.
  const CliResult simulated = RunCli({"simulate", ExamplePath(), "--switch",
                                      "incident_response=on", "--at", kAt, "--format",
                                      "json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  v1::SimulationResult simulation;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(simulated.out, &simulation).ok());
  ASSERT_THAT(simulation.users(), Not(IsEmpty()));
  const v1::UserChange& responder = simulation.users(0);

  const CliResult user = RunCli({"blast-radius", ExamplePath(), "--user",
                                 responder.user(), "--at", kAt, "--format", "json"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  v1::BlastRadius radius;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(user.out, &radius).ok());
  ASSERT_THAT(radius.switch_gains(), SizeIs(1));
  EXPECT_EQ(radius.switch_gains(0).switch_id(), "incident_response");
  EXPECT_THAT(radius.switch_gains(0).privileges(),
              ::testing::ElementsAreArray(responder.privileges_gained()));
}

TEST(BlastRadiusCli, NeedsExactlyOneSubject) {
  const CliResult result = RunCli({"blast-radius", ExamplePath(), "--top", "3", "--role",
                                   "x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("exactly one of --role R, --user U or --top N"));
}

TEST(BlastRadiusCli, UnknownRoleSuggests) {
  const CliResult result =
      RunCli({"blast-radius", ExamplePath(), "--role", "tech-prod-db-admn"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("did you mean \"tech-prod-db-admin\""));
}

TEST(EmergencyCli, ActivateThenExpiryViaCheck) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const CliResult activated = RunCli(ActivateArguments(model));
  ASSERT_EQ(activated.exit_code, 0) << activated.err;
  EXPECT_THAT(activated.out, HasSubstr("PREVIEW"));
  EXPECT_THAT(activated.out, HasSubstr("is on until 2026-12-04T16:00:00Z"));

  // A privilege the activation granted, to check before and after expiry.
  const std::vector<std::string> lines = Lines(ReadFile(model + ".audit.jsonl"));
  ASSERT_THAT(lines, SizeIs(1));
  v1::EmergencyAuditRecord record;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[0], &record).ok());
  ASSERT_THAT(record.granted(), Not(IsEmpty()));
  const std::string user = record.granted(0).user();
  const std::string privilege = record.granted(0).privileges(0);

  EXPECT_EQ(RunCli({"check", model, "--user", user, "--privilege", privilege, "--at",
                    "2026-12-04T15:59:59Z"})
                .exit_code,
            0);
  EXPECT_EQ(RunCli({"check", model, "--user", user, "--privilege", privilege, "--at",
                    "2026-12-04T16:00:01Z"})
                .exit_code,
            1);
}

TEST(EmergencyCli, StatusShowsHoldersAndTimeLeft) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  ASSERT_EQ(RunCli(ActivateArguments(model)).exit_code, 0);

  const CliResult status =
      RunCli({"emergency", "status", model, "--at", "2026-12-04T13:00:00Z"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("1 switch, 1 on"));
  EXPECT_THAT(status.out, HasSubstr("  3h  "));
  EXPECT_THAT(status.out, HasSubstr("hold emergency privileges now"));

  const CliResult expired =
      RunCli({"emergency", "status", model, "--at", "2026-12-04T17:00:00Z"});
  ASSERT_EQ(expired.exit_code, 0) << expired.err;
  EXPECT_THAT(expired.out, HasSubstr("1 switch, 0 on"));
  EXPECT_THAT(expired.out, HasSubstr("expired"));
}

TEST(EmergencyCli, MissingReasonIsRejected) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const std::string before = ReadFile(model);
  const CliResult result =
      RunCli({"emergency", "activate", model, "--switch", "incident_response", "--ttl",
              "4h", "--actor", "alice"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("missing required flag --reason"));
  EXPECT_EQ(ReadFile(model), before);
}

TEST(EmergencyCli, MissingActorIsRejected) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const CliResult result =
      RunCli({"emergency", "activate", model, "--switch", "incident_response", "--ttl",
              "4h", "--reason", "INC-1042"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("missing required flag --actor"));
}

TEST(EmergencyCli, BlankActorIsRejected) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const CliResult result =
      RunCli({"emergency", "activate", model, "--switch", "incident_response", "--ttl",
              "4h", "--reason", "INC-1042", "--actor", " "});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("missing actor"));
}

TEST(EmergencyCli, TtlAboveMaximumIsRejected) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const std::string before = ReadFile(model);
  std::vector<std::string> arguments = ActivateArguments(model);
  arguments[6] = "9h";
  const CliResult result = RunCli(arguments);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("ttl 9h exceeds the maximum 8h"));
  EXPECT_EQ(ReadFile(model), before);
  EXPECT_FALSE(std::filesystem::exists(model + ".audit.jsonl"));
}

TEST(EmergencyCli, InvalidTtlIsRejected) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  std::vector<std::string> arguments = ActivateArguments(model);
  arguments[6] = "four hours";
  const CliResult result = RunCli(arguments);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("invalid --ttl \"four hours\""));
}

TEST(EmergencyCli, UnknownActionIsRejected) {
  const CliResult result = RunCli({"emergency", "enable", ExamplePath()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("unknown emergency action \"enable\""));
}

TEST(EmergencyCli, DryRunChangesNothing) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const std::string before = ReadFile(model);
  std::vector<std::string> arguments = ActivateArguments(model);
  arguments.push_back("--dry-run");
  const CliResult result = RunCli(arguments);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("PREVIEW"));
  EXPECT_EQ(ReadFile(model), before);
  EXPECT_FALSE(std::filesystem::exists(model + ".audit.jsonl"));
}

// The writer exits between writing the new model and renaming it, as a
// crash there would: the model is the old one, whole, and the audit log
// holds only complete lines.
TEST(EmergencyCli, CrashBeforeRenameKeepsFilesWhole) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  const std::string before = ReadFile(model);

  ::setenv("ROLEGRAPH_TEST_EXIT_BEFORE_RENAME", "1", 1);
  const CliResult crashed = RunCli(ActivateArguments(model));
  ::unsetenv("ROLEGRAPH_TEST_EXIT_BEFORE_RENAME");
  EXPECT_EQ(crashed.exit_code, 1);

  EXPECT_EQ(ReadFile(model), before);
  EXPECT_TRUE(LoadModel(model).ok());
  const std::string audit = ReadFile(model + ".audit.jsonl");
  EXPECT_FALSE(audit.empty());
  EXPECT_EQ(audit.back(), '\n');
  for (const std::string& line : Lines(audit)) {
    v1::EmergencyAuditRecord record;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &record).ok()) << line;
  }

  // A later activation succeeds and the model then reads as activated.
  const CliResult retried = RunCli(ActivateArguments(model));
  ASSERT_EQ(retried.exit_code, 0) << retried.err;
  absl::StatusOr<v1::Model> after = LoadModel(model);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(after->switches(0).active());
  EXPECT_THAT(Lines(ReadFile(model + ".audit.jsonl")), SizeIs(2));
}

// Two operators activate at once: the lock serialises them, both succeed,
// and both audit records are complete lines.
TEST(EmergencyCli, ConcurrentActivationsAreSerialised) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  std::vector<std::string> first = ActivateArguments(model);
  std::vector<std::string> second = ActivateArguments(model);
  second[10] = "bob";  // --actor
  second[8] = "INC-1043";  // --reason

  CliResult first_result;
  CliResult second_result;
  std::thread one([&] { first_result = RunCli(first); });
  std::thread two([&] { second_result = RunCli(second); });
  one.join();
  two.join();
  EXPECT_EQ(first_result.exit_code, 0) << first_result.err;
  EXPECT_EQ(second_result.exit_code, 0) << second_result.err;

  const std::vector<std::string> lines = Lines(ReadFile(model + ".audit.jsonl"));
  ASSERT_THAT(lines, SizeIs(2));
  std::set<std::string> actors;
  for (const std::string& line : lines) {
    v1::EmergencyAuditRecord record;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &record).ok()) << line;
    actors.insert(record.actor());
  }
  EXPECT_EQ(actors, (std::set<std::string>{"alice", "bob"}));

  // The model contains the whole activation that ran last.
  absl::StatusOr<v1::Model> after = LoadModel(model);
  ASSERT_TRUE(after.ok()) << after.status();
  v1::EmergencyAuditRecord last;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[1], &last).ok());
  EXPECT_EQ(after->switches(0).activated_by(), last.actor());
}

TEST(EmergencyCli, LockTimeoutIsClearError) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  // Hold the lock from this process with flock, as another operator would.
  absl::StatusOr<v1::Model> unused = LoadModel(model);
  ASSERT_TRUE(unused.ok());
  const std::string lock_path = model + ".lock";
  const int descriptor = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(descriptor, 0);
  ASSERT_EQ(::flock(descriptor, LOCK_EX), 0);

  std::vector<std::string> arguments = ActivateArguments(model);
  arguments.insert(arguments.end(), {"--lock-timeout", "300ms"});
  const CliResult result = RunCli(arguments);
  ::close(descriptor);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("timed out after 300ms waiting for the lock"));
}

TEST(EmergencyCli, DeactivateRemovesPrivileges) {
  TempDir directory;
  const std::string model = CopyExample(directory);
  ASSERT_EQ(RunCli(ActivateArguments(model)).exit_code, 0);
  const CliResult result =
      RunCli({"emergency", "deactivate", model, "--switch", "incident_response",
              "--reason", "INC-1042 closed", "--actor", "bob", "--at",
              "2026-12-04T13:00:00Z", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::EmergencyOperation operation;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &operation).ok());
  EXPECT_EQ(operation.record().action(), "deactivate");
  EXPECT_THAT(operation.record().removed(), Not(IsEmpty()));
  EXPECT_THAT(Lines(ReadFile(model + ".audit.jsonl")), SizeIs(2));
}

// The readiness report flags incident types with fewer responders than
// --min-responders.
TEST(ReadinessCli, MinRespondersFlagsIncidentTypes) {
  const CliResult text = RunCli({"report", ExamplePath(), "--at", kAt,
                                 "--min-responders", "6"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("responders with a switch on (minimum 6)"));
  EXPECT_THAT(text.out, HasSubstr("BELOW MINIMUM"));

  const CliResult json = RunCli({"report", ExamplePath(), "--at", kAt,
                                 "--min-responders", "6", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::IncidentReadinessReport report;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &report).ok());
  EXPECT_EQ(report.min_responders(), 6);
  int below = 0;
  for (const v1::IncidentTypeReport& type : report.incident_types()) {
    for (const v1::SwitchResponders& responders : type.responders()) {
      EXPECT_EQ(responders.below_minimum(), responders.count() < 6) << type.id();
      below += responders.below_minimum() ? 1 : 0;
    }
  }
  EXPECT_GT(below, 0);
}

}  // namespace
}  // namespace rolegraph
