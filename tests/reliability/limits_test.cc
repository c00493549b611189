// Each input dimension has a limit with a default, a way to raise it and a
// clear error: ids, condition length and nesting, built strings, the model
// file size and the paths of an explanation.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Model OneUserModel(const std::string& user_id, const std::string& expression) {
  v1::Model model;
  v1::Privilege* privilege = model.add_privileges();
  privilege->set_id("db:read");
  privilege->set_resource("db");
  privilege->set_action("read");
  v1::Role* role = model.add_roles();
  role->set_id("reader");
  role->add_inducements()->set_privilege("db:read");
  v1::User* user = model.add_users();
  user->set_id(user_id);
  v1::Assignment* assignment = user->add_assignments();
  assignment->set_role("reader");
  if (!expression.empty()) assignment->mutable_condition()->set_expression(expression);
  return model;
}

std::string Errors(const v1::ValidationResult& result) {
  std::string text;
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    absl::StrAppend(&text, diagnostic.path(), ": ", diagnostic.message(), " [",
                    diagnostic.hint(), "]\n");
  }
  return text;
}

TEST(LimitsTest, IdLongerThanLimitIsError) {
  const std::string long_id(2000, 'u');
  const v1::ValidationResult result =
      ValidateModel(OneUserModel(long_id, ""), "ids.json");
  ASSERT_EQ(result.error_count(), 1) << Errors(result);
  EXPECT_EQ(result.diagnostics(0).path(), "users[0].id");
  EXPECT_EQ(result.diagnostics(0).code(), "id-too-long");
  EXPECT_THAT(result.diagnostics(0).message(),
              HasSubstr("is 2000 bytes long, more than the limit of 1024"));
  EXPECT_THAT(result.diagnostics(0).hint(), HasSubstr("ValidationOptions::max_id_bytes"));
  // The message quotes only the start of the id.
  EXPECT_LT(result.diagnostics(0).message().size(), 200u);

  ValidationOptions options;
  options.max_id_bytes = 4096;
  EXPECT_EQ(ValidateModel(OneUserModel(long_id, ""), "ids.json", options).error_count(), 0);

  CompileOptions compile_options;
  EXPECT_FALSE(Compile(OneUserModel(long_id, ""), compile_options).ok());
  compile_options.validation.max_id_bytes = 4096;
  EXPECT_TRUE(Compile(OneUserModel(long_id, ""), compile_options).ok());
}

TEST(LimitsTest, IdAtLimitIsValid) {
  EXPECT_EQ(ValidateModel(OneUserModel(std::string(1024, 'u'), ""), "ids.json")
                .error_count(),
            0);
}

TEST(LimitsTest, ConditionNestingLimitNamesValidationOption) {
  const std::string deep =
      absl::StrCat(std::string(100, '('), "user.id == \"a\"", std::string(100, ')'));
  const v1::ValidationResult result = ValidateModel(OneUserModel("alice", deep), "c.json");
  ASSERT_EQ(result.error_count(), 1) << Errors(result);
  EXPECT_THAT(result.diagnostics(0).message(), HasSubstr("nests deeper than 64 levels"));
  EXPECT_THAT(result.diagnostics(0).message(),
              HasSubstr("ValidationOptions::max_condition_nesting_depth"));
  // The message quotes only the start of a long expression.
  EXPECT_LT(result.diagnostics(0).message().size(), 500u);

  ValidationOptions options;
  options.max_condition_nesting_depth = 128;
  EXPECT_EQ(ValidateModel(OneUserModel("alice", deep), "c.json", options).error_count(), 0);

  CompileOptions compile_options;
  compile_options.validation.max_condition_nesting_depth = 128;
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      Compile(OneUserModel("alice", deep), compile_options);
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator = Evaluator::Create(*policy, {});
  ASSERT_TRUE(evaluator.ok());
  EXPECT_FALSE((*evaluator)->Check(0, 0));
}

TEST(LimitsTest, ConditionLengthLimitNamesValidationOption) {
  const std::string long_condition =
      absl::StrCat("user.id == \"", std::string(70000, 'a'), "\"");
  const v1::ValidationResult result =
      ValidateModel(OneUserModel("alice", long_condition), "c.json");
  ASSERT_EQ(result.error_count(), 1) << Errors(result).substr(0, 400);
  EXPECT_THAT(result.diagnostics(0).message(),
              HasSubstr("more than the limit of 65536"));
  EXPECT_THAT(result.diagnostics(0).message(),
              HasSubstr("ValidationOptions::max_condition_bytes"));
  EXPECT_THAT(result.diagnostics(0).message(), Not(HasSubstr(std::string(300, 'a'))));

  ValidationOptions options;
  options.max_condition_bytes = 128 * 1024;
  EXPECT_EQ(
      ValidateModel(OneUserModel("alice", long_condition), "c.json", options).error_count(),
      0);
}

TEST(LimitsTest, ExplainLimitsAreHonoured) {
  // Twenty roles each granting the privilege give twenty paths.
  v1::Model model = OneUserModel("alice", "");
  for (int i = 0; i < 20; ++i) {
    v1::Role* role = model.add_roles();
    role->set_id(absl::StrCat("extra-", i));
    role->add_inducements()->set_role("reader");
    model.mutable_users(0)->add_assignments()->set_role(role->id());
  }
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator = Evaluator::Create(*policy, {});
  ASSERT_TRUE(evaluator.ok());

  const v1::Explanation all = (*evaluator)->Explain(0, 0);
  EXPECT_EQ(all.paths_size(), 21);
  EXPECT_FALSE(all.truncated());

  ExplainOptions options;
  options.max_paths = 5;
  const v1::Explanation cut = (*evaluator)->Explain(0, 0, options);
  EXPECT_EQ(cut.paths_size(), 5);
  EXPECT_TRUE(cut.truncated());
  EXPECT_TRUE(cut.allowed());

  options = ExplainOptions();
  options.max_path_steps = 1;
  const v1::Explanation short_paths = (*evaluator)->Explain(0, 0, options);
  EXPECT_TRUE(short_paths.allowed());
  for (const v1::ExplanationPath& path : short_paths.paths()) {
    EXPECT_LE(path.steps_size(), 2);
  }
}

}  // namespace
}  // namespace rolegraph
