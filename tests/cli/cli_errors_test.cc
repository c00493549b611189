// The rolegraph program on bad input: every case exits 2 with one line on
// stderr that names the problem.
#include <string>
#include <vector>

#include "cli_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_models.h"

namespace rolegraph::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CliErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override { model_ = dir_.Write("org.json", kOrganisationJson); }

  // Expects exit code 2, nothing on stdout and one "rolegraph: " line on
  // stderr, and returns that line.
  std::string ExpectUsageError(const std::vector<std::string>& arguments) {
    CliResult result = RunCli(arguments);
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, StartsWith("rolegraph: "));
    EXPECT_EQ(LineCount(result.err), 1) << result.err;
    return result.err;
  }

  TempDir dir_;
  std::string model_;
};

TEST_F(CliErrorsTest, NoArguments) {
  CliResult result = RunCli({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("usage: rolegraph <command> MODEL"));
}

TEST_F(CliErrorsTest, UnknownCommandSuggests) {
  std::string error = ExpectUsageError({"chek", model_});
  EXPECT_THAT(error, HasSubstr("unknown command \"chek\""));
  EXPECT_THAT(error, HasSubstr("did you mean \"check\""));
}

TEST_F(CliErrorsTest, UnknownFlag) {
  std::string error = ExpectUsageError({"check", model_, "--usr", "alice"});
  EXPECT_THAT(error, HasSubstr("unknown flag --usr"));
}

TEST_F(CliErrorsTest, MissingModelFile) {
  std::string missing = (dir_.path() / "absent.json").string();
  CliResult result = RunCli({"check", missing, "--user", "alice",
                             "--privilege", "crm:read"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("absent.json"));
}

TEST_F(CliErrorsTest, MissingModelArgument) {
  std::string error = ExpectUsageError({"privileges", "--user", "alice"});
  EXPECT_THAT(error, HasSubstr("missing MODEL"));
}

TEST_F(CliErrorsTest, MalformedJsonModel) {
  std::string malformed = dir_.Write("bad.json", "{\"name\": \"x\",\n  \"users\": [}\n");
  CliResult result = RunCli({"validate", malformed});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("bad.json"));
}

TEST_F(CliErrorsTest, UnsupportedModelExtension) {
  std::string yaml = dir_.Write("org.yaml", "name: x\n");
  CliResult result = RunCli({"validate", yaml});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("org.yaml"));
}

TEST_F(CliErrorsTest, ModelWithValidationErrors) {
  std::string broken = dir_.Write("broken.json", kDanglingReferenceJson);
  CliResult result = RunCli({"check", broken, "--user", "alice", "--privilege",
                             "crm:read"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err, HasSubstr("broken.json"));
  EXPECT_THAT(result.err, HasSubstr("crm:missing"));
  EXPECT_THAT(result.err, HasSubstr("has 1 validation error"));
}

TEST_F(CliErrorsTest, UnknownUserSuggests) {
  std::string error = ExpectUsageError(
      {"check", model_, "--user", "alcie", "--privilege", "crm:read"});
  EXPECT_THAT(error, HasSubstr("user \"alcie\" not found in"));
  EXPECT_THAT(error, HasSubstr("org.json"));
  EXPECT_THAT(error, HasSubstr("did you mean \"alice\""));
}

TEST_F(CliErrorsTest, UnknownUserWithoutCloseMatch) {
  std::string error = ExpectUsageError({"privileges", model_, "--user", "zzzzzzzz"});
  EXPECT_THAT(error, HasSubstr("user \"zzzzzzzz\" not found"));
  EXPECT_THAT(error, HasSubstr("check the id"));
}

TEST_F(CliErrorsTest, UnknownPrivilegeSuggests) {
  std::string error = ExpectUsageError(
      {"check", model_, "--user", "alice", "--privilege", "crm:exprt"});
  EXPECT_THAT(error, HasSubstr("privilege \"crm:exprt\" not found"));
  EXPECT_THAT(error, HasSubstr("did you mean \"crm:export\""));
}

TEST_F(CliErrorsTest, UnknownResource) {
  std::string error = ExpectUsageError({"who-has", model_, "--resource", "crn"});
  EXPECT_THAT(error, HasSubstr("resource \"crn\" not found"));
  EXPECT_THAT(error, HasSubstr("did you mean \"crm\""));
}

TEST_F(CliErrorsTest, UnknownSwitchSuggests) {
  std::string error = ExpectUsageError({"check", model_, "--user", "alice",
                                        "--privilege", "crm:read", "--switch",
                                        "incident_respons=on"});
  EXPECT_THAT(error, HasSubstr("switch \"incident_respons\" not found"));
  EXPECT_THAT(error, HasSubstr("did you mean \"incident_response\""));
}

TEST_F(CliErrorsTest, MalformedSwitchValue) {
  std::string error = ExpectUsageError({"report", model_, "--switch",
                                        "incident_response=maybe"});
  EXPECT_THAT(error, HasSubstr("invalid --switch \"incident_response=maybe\""));
}

TEST_F(CliErrorsTest, BadAtValue) {
  std::string error = ExpectUsageError({"report", model_, "--at", "yesterday"});
  EXPECT_THAT(error, HasSubstr("invalid --at \"yesterday\""));
  EXPECT_THAT(error, HasSubstr("RFC 3339"));
}

TEST_F(CliErrorsTest, BadFormatValue) {
  std::string error = ExpectUsageError({"report", model_, "--format", "xml"});
  EXPECT_THAT(error, HasSubstr("invalid --format \"xml\""));
  EXPECT_THAT(error, HasSubstr("text, json"));
}

TEST_F(CliErrorsTest, CsvRejectedWhereNoList) {
  std::string error = ExpectUsageError({"check", model_, "--user", "alice",
                                        "--privilege", "crm:read", "--format",
                                        "csv"});
  EXPECT_THAT(error, HasSubstr("invalid --format \"csv\""));
}

TEST_F(CliErrorsTest, BadConfiguration) {
  std::string error = ExpectUsageError({"report", model_, "--configuration", "staging"});
  EXPECT_THAT(error, HasSubstr("invalid --configuration \"staging\""));
}

TEST_F(CliErrorsTest, MissingRequiredFlags) {
  EXPECT_THAT(ExpectUsageError({"check", model_, "--user", "alice"}),
              HasSubstr("missing required flag --privilege"));
  EXPECT_THAT(ExpectUsageError({"check", model_, "--privilege", "crm:read"}),
              HasSubstr("missing required flag --user"));
  EXPECT_THAT(ExpectUsageError({"privileges", model_}),
              HasSubstr("missing required flag --user"));
  EXPECT_THAT(ExpectUsageError({"explain", model_, "--user", "alice"}),
              HasSubstr("missing required flag --privilege"));
}

TEST_F(CliErrorsTest, FlagWithoutValue) {
  EXPECT_THAT(ExpectUsageError({"check", model_, "--privilege", "crm:read", "--user"}),
              HasSubstr("missing value for --user"));
}

TEST_F(CliErrorsTest, RepeatedSingleValueFlag) {
  EXPECT_THAT(ExpectUsageError({"check", model_, "--user", "alice", "--user",
                                "bob", "--privilege", "crm:read"}),
              HasSubstr("--user was given more than once"));
}

TEST_F(CliErrorsTest, WhoHasNeedsExactlyOneSubject) {
  EXPECT_THAT(ExpectUsageError({"who-has", model_}),
              HasSubstr("exactly one of --privilege P or --resource R"));
  EXPECT_THAT(ExpectUsageError({"who-has", model_, "--privilege", "crm:read",
                                "--resource", "crm"}),
              HasSubstr("exactly one of"));
}

TEST_F(CliErrorsTest, BadCounts) {
  EXPECT_THAT(ExpectUsageError({"report", model_, "--top", "-1"}),
              HasSubstr("invalid --top \"-1\""));
  EXPECT_THAT(ExpectUsageError({"report", model_, "--min-responders", "two"}),
              HasSubstr("invalid --min-responders \"two\""));
  EXPECT_THAT(ExpectUsageError({"who-has", model_, "--resource", "crm", "--limit", "x"}),
              HasSubstr("invalid --limit \"x\""));
}

TEST_F(CliErrorsTest, ExtraPositionalArgument) {
  EXPECT_THAT(ExpectUsageError({"validate", model_, "other.json"}),
              HasSubstr("unexpected argument \"other.json\""));
}

}  // namespace
}  // namespace rolegraph::testing
