// Pathological models and inputs: each must give a clear error or a bounded
// answer quickly, and none may crash, hang or use unbounded memory.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "condition/condition.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;

// Each step of the tests below must finish well within this much processor
// time, even under AddressSanitizer.
constexpr absl::Duration kStepBudget = absl::Seconds(20);

// Measures the processor time of the whole process, so that a loaded
// machine does not fail the budgets.
class Stopwatch {
 public:
  absl::Duration Elapsed() const {
    return absl::Seconds(static_cast<double>(std::clock() - start_) / CLOCKS_PER_SEC);
  }

 private:
  std::clock_t start_ = std::clock();
};

v1::Privilege* AddPrivilege(v1::Model& model, const std::string& id) {
  v1::Privilege* privilege = model.add_privileges();
  privilege->set_id(id);
  privilege->set_resource("db");
  privilege->set_action(id);
  return privilege;
}

std::string RoleId(int i) { return absl::StrCat("role-", i); }

int CountWithCode(const v1::ValidationResult& result, const std::string& code) {
  int count = 0;
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    if (diagnostic.code() == code) ++count;
  }
  return count;
}

std::string FirstError(const v1::ValidationResult& result) {
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    if (diagnostic.severity() == v1::SEVERITY_ERROR) {
      return absl::StrCat(diagnostic.path(), ": ", diagnostic.message(), " [",
                          diagnostic.hint(), "]");
    }
  }
  return "";
}

std::unique_ptr<Evaluator> Evaluate(const v1::Model& model) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_TRUE(policy.ok()) << policy.status();
  if (!policy.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*policy, {.now = absl::FromUnixSeconds(1780315200)});
  EXPECT_TRUE(evaluator.ok()) << evaluator.status();
  if (!evaluator.ok()) return nullptr;
  return *std::move(evaluator);
}

// role-0 induces role-1, which induces role-2, and so on; the last role
// induces the privilege. The user is assigned role-0.
v1::Model ChainModel(int length) {
  v1::Model model;
  AddPrivilege(model, "db:read");
  for (int i = 0; i < length; ++i) {
    v1::Role* role = model.add_roles();
    role->set_id(RoleId(i));
    if (i + 1 < length) {
      role->add_inducements()->set_role(RoleId(i + 1));
    } else {
      role->add_inducements()->set_privilege("db:read");
    }
  }
  v1::User* user = model.add_users();
  user->set_id("alice");
  user->add_assignments()->set_role(RoleId(0));
  return model;
}

TEST(PathologicalTest, ChainOfTenThousandRoles) {
  const v1::Model model = ChainModel(10000);

  Stopwatch validation_time;
  const v1::ValidationResult validation = ValidateModel(model, "chain.json");
  EXPECT_EQ(validation.error_count(), 0) << FirstError(validation);
  EXPECT_EQ(validation.warning_count(), 0);
  EXPECT_LT(validation_time.Elapsed(), kStepBudget);

  Stopwatch evaluation_time;
  std::unique_ptr<Evaluator> evaluator = Evaluate(model);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex alice = *evaluator->policy().FindUser("alice");
  const PrivilegeIndex read = *evaluator->policy().FindPrivilege("db:read");
  EXPECT_TRUE(evaluator->Check(alice, read));
  EXPECT_EQ(evaluator->EffectivePrivileges(alice).size(), 1u);
  EXPECT_EQ(evaluator->EffectiveRoles(alice).size(), 10000u);
  EXPECT_TRUE(evaluator->WhoHas(read).contains(alice));

  // The only path is 10,001 steps long, beyond max_path_steps, so Explain
  // must not follow it to the end but must still report the decision.
  const v1::Explanation explanation = evaluator->Explain(alice, read);
  EXPECT_TRUE(explanation.allowed());
  for (const v1::ExplanationPath& path : explanation.paths()) {
    EXPECT_LE(path.steps_size(), ExplainOptions().max_path_steps + 1);
  }
  EXPECT_LT(evaluation_time.Elapsed(), kStepBudget);
}

TEST(PathologicalTest, ChainOfTenThousandMetaRoles) {
  // Each role is assigned the next as a meta-role, so the evaluation order
  // grows by one per step until CompileOptions::max_evaluation_order cuts it.
  v1::Model model = ChainModel(10000);
  for (int i = 0; i + 1 < model.roles_size(); ++i) {
    v1::Role* role = model.mutable_roles(i);
    role->clear_inducements();
    role->add_assignments()->set_role(RoleId(i + 1));
  }

  Stopwatch time;
  const v1::ValidationResult validation = ValidateModel(model, "meta.json");
  EXPECT_EQ(validation.error_count(), 0) << FirstError(validation);
  std::unique_ptr<Evaluator> evaluator = Evaluate(model);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex alice = *evaluator->policy().FindUser("alice");
  EXPECT_TRUE(evaluator->EffectivePrivileges(alice).empty());
  EXPECT_EQ(evaluator->EffectiveRoles(alice).size(), 1u);
  EXPECT_LT(time.Elapsed(), kStepBudget);
}

// Every role induces every other role, and the last one the privilege.
v1::Model CompleteGraphModel(int roles) {
  v1::Model model;
  AddPrivilege(model, "db:admin");
  for (int i = 0; i < roles; ++i) {
    v1::Role* role = model.add_roles();
    role->set_id(RoleId(i));
    for (int k = 0; k < roles; ++k) {
      if (k != i) role->add_inducements()->set_role(RoleId(k));
    }
  }
  model.mutable_roles(roles - 1)->add_inducements()->set_privilege("db:admin");
  v1::User* user = model.add_users();
  user->set_id("alice");
  user->add_assignments()->set_role(RoleId(0));
  return model;
}

TEST(PathologicalTest, CompleteGraphOfFiveHundredRolesHasBoundedWarnings) {
  const v1::Model model = CompleteGraphModel(500);

  Stopwatch time;
  const v1::ValidationResult validation = ValidateModel(model, "complete.json");
  EXPECT_LT(time.Elapsed(), kStepBudget);
  EXPECT_EQ(validation.error_count(), 0) << FirstError(validation);

  // The graph has astronomically many cycles; one strongly connected
  // component must give one warning of bounded length.
  EXPECT_EQ(CountWithCode(validation, "role-cycle"), 1);
  size_t longest_message = 0;
  for (const v1::Diagnostic& diagnostic : validation.diagnostics()) {
    longest_message = std::max(longest_message, diagnostic.message().size());
  }
  EXPECT_LE(longest_message, 4096u);
}

TEST(PathologicalTest, CompleteGraphOfFiveHundredRolesEvaluates) {
  const v1::Model model = CompleteGraphModel(500);

  Stopwatch time;
  std::unique_ptr<Evaluator> evaluator = Evaluate(model);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex alice = *evaluator->policy().FindUser("alice");
  const PrivilegeIndex admin = *evaluator->policy().FindPrivilege("db:admin");
  EXPECT_TRUE(evaluator->Check(alice, admin));
  EXPECT_EQ(evaluator->EffectiveRoles(alice).size(), 500u);
  EXPECT_LT(time.Elapsed(), kStepBudget);

  // There are more simple paths than atoms in the universe; Explain stops
  // at max_paths and says so.
  Stopwatch explain_time;
  ExplainOptions options;
  const v1::Explanation explanation = evaluator->Explain(alice, admin, options);
  EXPECT_TRUE(explanation.allowed());
  EXPECT_TRUE(explanation.truncated());
  EXPECT_LE(explanation.paths_size(), options.max_paths);
  EXPECT_GE(explanation.paths_size(), 1);
  EXPECT_LT(explain_time.Elapsed(), kStepBudget);

  options.max_paths = 3;
  options.max_path_steps = 4;
  const v1::Explanation small = evaluator->Explain(alice, admin, options);
  EXPECT_TRUE(small.truncated());
  EXPECT_LE(small.paths_size(), 3);
  for (const v1::ExplanationPath& path : small.paths()) {
    EXPECT_LE(path.steps_size(), 5);
  }
}

std::string NestedParentheses(int depth) {
  return absl::StrCat(std::string(depth, '('), "true", std::string(depth, ')'));
}

TEST(PathologicalTest, TenThousandNestedParenthesesInCondition) {
  const std::string source = NestedParentheses(10000);

  const auto compiled = condition::Compile(source, {});
  ASSERT_FALSE(compiled.ok());
  EXPECT_THAT(compiled.status().message(),
              HasSubstr("expression nests deeper than 64 levels"));

  v1::Model model = ChainModel(1);
  model.mutable_users(0)->mutable_assignments(0)->mutable_condition()->set_expression(
      source);
  const v1::ValidationResult validation = ValidateModel(model, "nested.json");
  ASSERT_EQ(validation.error_count(), 1);
  EXPECT_EQ(validation.diagnostics(0).path(), "users[0].assignments[0].condition");
  EXPECT_THAT(validation.diagnostics(0).message(),
              HasSubstr("nests deeper than 64 levels"));

  // The same depth in unary operators and in list literals.
  for (const std::string& deep :
       {absl::StrCat(std::string(10000, '!'), "true"),
        absl::StrCat(std::string(10000, '-'), "1 == 1"),
        absl::StrCat("size(", std::string(10000, '['), std::string(10000, ']'),
                     ") == 1")}) {
    const auto result = condition::Compile(deep, {});
    ASSERT_FALSE(result.ok()) << deep.substr(0, 20);
    EXPECT_THAT(result.status().message(), HasSubstr("nests deeper than"));
  }
}

TEST(PathologicalTest, ConditionLimitsCanBeRaised) {
  const std::string source = NestedParentheses(100);
  EXPECT_FALSE(condition::Compile(source, {}).ok());

  condition::Limits limits;
  limits.max_nesting_depth = 200;
  EXPECT_TRUE(condition::Compile(source, {}, limits).ok());

  const std::string long_source =
      absl::StrCat("user.id == \"", std::string(70 * 1024, 'a'), "\"");
  const auto too_long = condition::Compile(long_source, {});
  ASSERT_FALSE(too_long.ok());
  EXPECT_THAT(too_long.status().message(),
              HasSubstr("more than the limit of 65536"));
  limits.max_source_bytes = 128 * 1024;
  EXPECT_TRUE(condition::Compile(long_source, {}, limits).ok());
}

TEST(PathologicalTest, HundredMegabyteAttributeValue) {
  v1::Model model = ChainModel(2);
  const std::string big(100 << 20, 'x');
  (*model.mutable_users(0)->mutable_attributes())["blob"] = big;
  model.mutable_users(0)->mutable_assignments(0)->mutable_condition()->set_expression(
      "user.attributes[\"blob\"].endsWith(\"x\") && "
      "size(user.attributes[\"blob\"]) > 1000");

  Stopwatch time;
  const v1::ValidationResult validation = ValidateModel(model, "big.json");
  EXPECT_EQ(validation.error_count(), 0) << FirstError(validation);
  std::unique_ptr<Evaluator> evaluator = Evaluate(model);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex alice = *evaluator->policy().FindUser("alice");
  EXPECT_EQ(evaluator->EffectivePrivileges(alice).size(), 1u);
  EXPECT_LT(time.Elapsed(), kStepBudget);
}

TEST(PathologicalTest, ConcatenatingHugeAttributeFailsClosed) {
  // Each `+` copies both operands, so without a bound this condition would
  // allocate 64 times 100 MB.
  v1::Model model = ChainModel(2);
  (*model.mutable_users(0)->mutable_attributes())["blob"] = std::string(100 << 20, 'x');
  std::string expression = "user.attributes[\"blob\"]";
  for (int i = 0; i < 40; ++i) expression += " + user.attributes[\"blob\"]";
  model.mutable_users(0)->mutable_assignments(0)->mutable_condition()->set_expression(
      absl::StrCat("size(", expression, ") > 0"));

  Stopwatch time;
  std::unique_ptr<Evaluator> evaluator = Evaluate(model);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex alice = *evaluator->policy().FindUser("alice");
  EXPECT_TRUE(evaluator->EffectivePrivileges(alice).empty());
  const std::vector<v1::Diagnostic> errors = evaluator->EvaluationErrors();
  ASSERT_FALSE(errors.empty());
  EXPECT_THAT(errors[0].message(), HasSubstr("exceed the limit of 16777216 bytes"));
  EXPECT_LT(time.Elapsed(), kStepBudget);
}

TEST(PathologicalTest, HundredMegabyteAttributeInJsonFile) {
  const std::string path = ::testing::TempDir() + "/big_attribute.json";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs("{\"users\": [{\"id\": \"alice\", \"attributes\": {\"blob\": \"", file);
    const std::string chunk(1 << 20, 'y');
    for (int i = 0; i < 100; ++i) std::fwrite(chunk.data(), 1, chunk.size(), file);
    std::fputs("\"}}]}", file);
    std::fclose(file);
  }

  Stopwatch time;
  absl::StatusOr<v1::Model> model = LoadModel(path);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->users(0).attributes().at("blob").size(), size_t{100} << 20);
  EXPECT_LT(time.Elapsed(), kStepBudget);

  LoadOptions options;
  options.max_file_bytes = 1 << 20;
  absl::StatusOr<v1::Model> limited = LoadModel(path, options);
  ASSERT_FALSE(limited.ok());
  EXPECT_THAT(limited.status().message(), HasSubstr("more than the limit of 1048576"));
  EXPECT_THAT(limited.status().message(), HasSubstr("LoadOptions::max_file_bytes"));
  std::remove(path.c_str());
}

TEST(PathologicalTest, DeeplyNestedJsonIsRejected) {
  for (const std::string& content :
       {absl::StrCat(std::string(100000, '['), std::string(100000, ']')),
        absl::StrCat("{\"name\": ", std::string(100000, '['), std::string(100000, ']'), "}"),
        absl::StrCat("{\"roles\": [", std::string(100000, '{'))}) {
    absl::StatusOr<v1::Model> model = ParseModel(content, ModelFormat::kJson, "deep.json");
    EXPECT_FALSE(model.ok());
    EXPECT_THAT(model.status().message(), HasSubstr("deep.json"));
  }
}

TEST(PathologicalTest, DeeplyNestedTextFormatIsRejected) {
  std::string content = "roles { ";
  for (int i = 0; i < 100000; ++i) content += "attributes { ";
  absl::StatusOr<v1::Model> model = ParseModel(content, ModelFormat::kText, "deep.txtpb");
  EXPECT_FALSE(model.ok());

  // An unknown field nested deeply, which the parser must skip.
  std::string unknown = "x { ";
  for (int i = 0; i < 100000; ++i) unknown += "y { ";
  EXPECT_FALSE(ParseModel(unknown, ModelFormat::kText, "deep.txtpb").ok());
}

TEST(PathologicalTest, DeeplyNestedBinaryIsRejected) {
  // Field 1 (name) is a string, but an unknown group nested 100,000 deep
  // must be rejected rather than recursed into.
  std::string content;
  for (int i = 0; i < 100000; ++i) content += '\x7b';  // field 15, start group
  EXPECT_FALSE(ParseModel(content, ModelFormat::kBinary, "deep.binpb").ok());
}

}  // namespace
}  // namespace rolegraph
