// Condition evaluation failures: each failing (user, condition) pair is
// recorded once, the kept diagnostics do not depend on thread timing, and
// the count covers the pairs that are not kept.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

constexpr int kUsers = 150;

// kUsers users, none of whom has the attribute that the condition reads.
v1::Model ModelWithFailingCondition() {
  v1::Model model;
  v1::Privilege* privilege = model.add_privileges();
  privilege->set_id("crm:export");
  privilege->set_resource("crm");
  privilege->set_action("export");
  v1::Role* role = model.add_roles();
  role->set_id("staff");
  v1::Inducement* inducement = role->add_inducements();
  inducement->set_privilege("crm:export");
  inducement->mutable_condition()->set_expression("user.attributes.department == 'sales'");
  for (int u = 0; u < kUsers; ++u) {
    v1::User* user = model.add_users();
    user->set_id(absl::StrFormat("user%03d", u));
    user->add_assignments()->set_role("staff");
  }
  return model;
}

std::unique_ptr<Evaluator> MustCreate(const v1::Model& model, int threads) {
  CompileOptions options;
  options.file_name = "staff.json";
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model, options);
  EXPECT_TRUE(policy.ok()) << policy.status();
  if (!policy.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*policy, {.threads = threads});
  EXPECT_TRUE(evaluator.ok()) << evaluator.status();
  return evaluator.ok() ? *std::move(evaluator) : nullptr;
}

std::vector<std::string> Messages(const Evaluator& evaluator) {
  std::vector<std::string> messages;
  for (const v1::Diagnostic& diagnostic : evaluator.EvaluationErrors()) {
    messages.push_back(diagnostic.message());
  }
  return messages;
}

TEST(EvaluationErrorsTest, KeepsFirstUsersAndCountsAll) {
  std::unique_ptr<Evaluator> evaluator = MustCreate(ModelWithFailingCondition(), 2);
  ASSERT_NE(evaluator, nullptr);
  EXPECT_EQ(evaluator->WhoHas(0).cardinality(), 0u);

  EXPECT_EQ(evaluator->EvaluationErrorCount(), kUsers);
  const std::vector<v1::Diagnostic> errors = evaluator->EvaluationErrors();
  ASSERT_EQ(errors.size(), kMaxRecordedErrors);
  for (size_t u = 0; u < errors.size(); ++u) {
    EXPECT_NE(errors[u].message().find(absl::StrFormat("user \"user%03d\"", u)),
              std::string::npos)
        << errors[u].message();
    EXPECT_EQ(errors[u].file(), "staff.json");
    EXPECT_EQ(errors[u].path(), "roles[0].inducements[0].condition");
  }
}

TEST(EvaluationErrorsTest, RepeatedFailureRecordedOnce) {
  std::unique_ptr<Evaluator> evaluator = MustCreate(ModelWithFailingCondition(), 1);
  ASSERT_NE(evaluator, nullptr);
  const UserIndex user = *evaluator->policy().FindUser("user007");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(evaluator->Check(user, 0));
  evaluator->EffectivePrivileges(user);

  EXPECT_EQ(evaluator->EvaluationErrorCount(), 1);
  EXPECT_EQ(evaluator->EvaluationErrors().size(), 1u);
}

TEST(EvaluationErrorsTest, SameRecordWhateverTheThreads) {
  const v1::Model model = ModelWithFailingCondition();
  std::unique_ptr<Evaluator> single = MustCreate(model, 1);
  ASSERT_NE(single, nullptr);
  single->WhoHas(0);
  const std::vector<std::string> expected = Messages(*single);

  for (int run = 0; run < 5; ++run) {
    std::unique_ptr<Evaluator> parallel = MustCreate(model, 2);
    ASSERT_NE(parallel, nullptr);
    parallel->WhoHas(0);
    EXPECT_EQ(Messages(*parallel), expected) << "run " << run;
  }
}

}  // namespace
}  // namespace rolegraph
