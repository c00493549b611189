// rolegraph import upa: building model files from user-permission data.
#include <filesystem>
#include <string>

#include "cli_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rolegraph::testing {
namespace {

using ::testing::HasSubstr;

// Two users and two permissions: user 1 has both, user 2 has permission 1.
constexpr char kUpa[] = "1 1\n1 2\n2 1\n";

int FileCount(const std::filesystem::path& directory) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(directory)) {
    ++count;
  }
  return count;
}

TEST(CliImport, WritesJsonModel) {
  TempDir dir;
  std::string upa = dir.Write("small.upa", kUpa);
  std::string output = (dir.path() / "small.json").string();

  CliResult result = RunCli({"import", "upa", "--upa", upa, "-o", output});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("wrote "));
  EXPECT_THAT(result.out, HasSubstr("2 users"));
  EXPECT_THAT(result.out, HasSubstr("2 privileges"));
  // Only the input and the model: the temporary file was renamed away.
  EXPECT_EQ(FileCount(dir.path()), 2);

  CliResult validate = RunCli({"validate", output});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  CliResult check = RunCli({"who-has", output, "--privilege", "p1", "--format", "csv"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out, "user,status,reason\nu1,active,\nu2,active,\n");
}

TEST(CliImport, WritesTextFormatByExtension) {
  TempDir dir;
  std::string upa = dir.Write("small.upa", kUpa);
  std::string output = (dir.path() / "small.txtpb").string();

  CliResult result = RunCli({"import", "upa", "--upa", upa, "--output", output});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(ReadFile(output), HasSubstr("users {"));
  CliResult check = RunCli({"check", output, "--user", "u2", "--privilege", "p2"});
  EXPECT_EQ(check.exit_code, 1) << check.err;
}

TEST(CliImport, ReplacesExistingFile) {
  TempDir dir;
  std::string upa = dir.Write("small.upa", kUpa);
  std::string output = dir.Write("model.json", "old content");

  CliResult result = RunCli({"import", "upa", "--upa", upa, "-o", output});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(ReadFile(output), HasSubstr("\"users\""));
}

TEST(CliImport, UnsupportedOutputExtension) {
  TempDir dir;
  std::string upa = dir.Write("small.upa", kUpa);
  CliResult result = RunCli({"import", "upa", "--upa", upa, "-o",
                             (dir.path() / "model.yaml").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("model.yaml"));
  EXPECT_EQ(FileCount(dir.path()), 1);
}

TEST(CliImport, MalformedUpaLeavesNoFile) {
  TempDir dir;
  std::string upa = dir.Write("bad.upa", "1 1\nnot a pair\n");
  CliResult result = RunCli({"import", "upa", "--upa", upa, "-o",
                             (dir.path() / "model.json").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("bad.upa"));
  EXPECT_EQ(FileCount(dir.path()), 1);
}

TEST(CliImport, MissingUpaFile) {
  TempDir dir;
  CliResult result = RunCli({"import", "upa", "--upa",
                             (dir.path() / "absent.upa").string(), "-o",
                             (dir.path() / "model.json").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("absent.upa"));
}

TEST(CliImport, MissingFlagsAndKind) {
  TempDir dir;
  std::string upa = dir.Write("small.upa", kUpa);
  CliResult no_output = RunCli({"import", "upa", "--upa", upa});
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_THAT(no_output.err, HasSubstr("missing required flag --output"));

  CliResult no_kind = RunCli({"import", "--upa", upa, "-o", "x.json"});
  EXPECT_EQ(no_kind.exit_code, 2);
  EXPECT_THAT(no_kind.err, HasSubstr("rolegraph import upa"));
}

}  // namespace
}  // namespace rolegraph::testing
