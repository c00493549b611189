// Every file in tests/bad_input with a `.expected` file must be rejected,
// by LoadModel or by ValidateModel, with a message that contains the
// expected text, and `rolegraph validate` must exit with status 2 and print
// the same text. Files without one are valid models with a named test here.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/cli_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunCli;

const std::filesystem::path& BadInputDirectory() {
  static const auto* directory =
      new std::filesystem::path(std::filesystem::path(ROLEGRAPH_SOURCE_DIR) / "tests" /
                                "bad_input");
  return *directory;
}

// The file names of every case, sorted, so test names are stable.
std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(BadInputDirectory())) {
    const std::filesystem::path& path = entry.path();
    if (path.extension() != ".expected") continue;
    names.push_back(path.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ExpectedText(const std::string& name) {
  const std::string content =
      ReadFile((BadInputDirectory() / (name + ".expected")).string());
  return std::string(absl::StripTrailingAsciiWhitespace(content));
}

// The load error, or every validation error, one per line.
std::string LibraryErrors(const std::string& path, bool& rejected) {
  absl::StatusOr<v1::Model> model = LoadModel(path);
  if (!model.ok()) {
    rejected = true;
    return std::string(model.status().message());
  }
  const v1::ValidationResult validation = ValidateModel(*model, path);
  rejected = validation.error_count() > 0;
  std::vector<std::string> lines;
  for (const v1::Diagnostic& diagnostic : validation.diagnostics()) {
    lines.push_back(absl::StrCat(diagnostic.path(), ": ", diagnostic.message()));
  }
  return absl::StrJoin(lines, "\n");
}

class BadInputTest : public ::testing::TestWithParam<std::string> {};

TEST(BadInputCorpusTest, HasCases) { EXPECT_GE(CaseNames().size(), 30u); }

TEST_P(BadInputTest, LibraryRejectsWithMessage) {
  const std::string path = (BadInputDirectory() / GetParam()).string();
  const std::string expected = ExpectedText(GetParam());
  ASSERT_FALSE(expected.empty()) << GetParam() << ".expected is empty";

  bool rejected = false;
  const std::string errors = LibraryErrors(path, rejected);
  EXPECT_TRUE(rejected) << GetParam() << " was accepted:\n" << errors;
  EXPECT_THAT(errors, HasSubstr(expected));
}

TEST_P(BadInputTest, CliValidateExitsWithTwo) {
  const std::string path = (BadInputDirectory() / GetParam()).string();
  const std::string expected = ExpectedText(GetParam());

  const testing::CliResult result = RunCli({"validate", path});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.out + result.err, HasSubstr(expected));
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(name.begin(), name.end(),
                  [](char c) { return !absl::ascii_isalnum(c); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputTest, ::testing::ValuesIn(CaseNames()),
                         TestName);

// Users and roles are separate namespaces: a user whose id equals a role's
// id is valid, and gains nothing through the role's name.
TEST(BadInputNamespaceTest, UserNamedLikeRoleGainsNothing) {
  const std::string path = (BadInputDirectory() / "user_named_like_role.json").string();
  absl::StatusOr<v1::Model> model = LoadModel(path);
  ASSERT_TRUE(model.ok()) << model.status();
  const v1::ValidationResult validation = ValidateModel(*model, path);
  EXPECT_EQ(validation.error_count(), 0);

  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(*model);
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*policy, {.now = absl::FromUnixSeconds(1780315200)});
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();

  ASSERT_TRUE((*policy)->FindRole("admin").has_value());
  const UserIndex admin = *(*policy)->FindUser("admin");
  const UserIndex bob = *(*policy)->FindUser("bob");
  const PrivilegeIndex drop = *(*policy)->FindPrivilege("db:drop");
  const PrivilegeIndex admin_privilege = *(*policy)->FindPrivilege("admin");

  EXPECT_TRUE((*evaluator)->EffectivePrivileges(admin).empty());
  EXPECT_TRUE((*evaluator)->EffectivePrivileges(admin, UserMode::kLatent).empty());
  EXPECT_TRUE((*evaluator)->EffectiveRoles(admin).empty());
  EXPECT_FALSE((*evaluator)->Check(admin, drop));
  EXPECT_FALSE((*evaluator)->Check(admin, admin_privilege));
  EXPECT_FALSE((*evaluator)->WhoHas(drop).contains(admin));
  EXPECT_TRUE((*evaluator)->Explain(admin, drop).paths().empty());
  EXPECT_TRUE((*evaluator)->Check(bob, drop));

  const testing::CliResult validate = RunCli({"validate", path});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  const testing::CliResult check =
      RunCli({"check", path, "--user", "admin", "--privilege", "db:drop",
              "--at", "2026-06-01T12:00:00Z"});
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("deny"));
}

}  // namespace
}  // namespace rolegraph
