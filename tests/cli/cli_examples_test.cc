// The rolegraph program on the example organisation in examples/.
#include <filesystem>
#include <string>

#include "cli_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rolegraph::testing {
namespace {

using ::testing::HasSubstr;

std::string ExampleModel() {
  return std::string(ROLEGRAPH_SOURCE_DIR) + "/examples/org.json";
}

TEST(CliExamples, ValidateExample) {
  if (!std::filesystem::exists(ExampleModel())) {
    GTEST_SKIP() << ExampleModel() << " does not exist";
  }
  CliResult result = RunCli({"validate", ExampleModel()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(CliExamples, ReportOnExample) {
  if (!std::filesystem::exists(ExampleModel())) {
    GTEST_SKIP() << ExampleModel() << " does not exist";
  }
  CliResult text = RunCli({"report", ExampleModel(), "--group-by", "department"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("INCIDENT-READINESS REPORT"));
  EXPECT_THAT(text.out, HasSubstr("INCIDENT TYPES"));

  CliResult json = RunCli({"report", ExampleModel(), "--format", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"incidentTypes\""));
}

}  // namespace
}  // namespace rolegraph::testing
