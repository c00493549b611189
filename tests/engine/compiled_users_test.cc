// The policy keeps users in compiled form only. These tests check that
// every field of a user survives: Policy::user and Policy::ToModel give back
// what was compiled, ids and attributes are found, and conditions on
// attributes still get each user's own value.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "random_model.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using google::protobuf::util::MessageDifferencer;

// Users out of id order, with every field that evaluation does not read.
constexpr char kModel[] = R"pb(
  name: "compiled-users"
  privileges { id: "crm:read" resource: "crm" action: "read" description: "Read" }
  roles {
    id: "sales"
    display_name: "Sales"
    attributes { key: "tier" value: "gold" }
    inducements { privilege: "crm:read" description: "reads the CRM" }
  }
  roles { id: "support" kind: ROLE_KIND_BUSINESS }
  switches { id: "incident_response" description: "Break glass" }
  incident_types { id: "crm-leak" name: "CRM leak" resources: "crm" }
  exclusions { id: "sales-or-support" roles: "sales" roles: "support" }
  users {
    id: "zoe"
    display_name: "Zoe Example"
    attributes { key: "department" value: "sales" }
    attributes { key: "country" value: "NZ" }
    attributes { key: "" value: "empty key" }
    lifecycle_state: LIFECYCLE_STATE_DRAFT
    activation {
      administrative_status: ADMINISTRATIVE_STATUS_ENABLED
      valid_from { seconds: 1767225600 nanos: 123456789 }
    }
    assignments {
      role: "sales"
      relation: RELATION_MANAGER
      description: "covers for the team lead"
      lifecycle_state: LIFECYCLE_STATE_PROPOSED
      activation { valid_to { seconds: -86400 nanos: 5 } }
      condition {
        expression: "user.attributes.department == 'sales' || switches.incident_response"
        description: "sales staff, or anyone during an incident"
      }
    }
    assignments { role: "support" relation: RELATION_APPROVER }
  }
  users {
    id: "adam"
    activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
    assignments { role: "sales" relation: RELATION_OWNER }
  }
  users { id: "mia" display_name: "Mia" attributes { key: "department" value: "sales" } }
)pb";

v1::Model ParseModel(const char* text) {
  v1::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  return model;
}

std::shared_ptr<const Policy> MustCompile(const v1::Model& model) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

TEST(CompiledUsersTest, ToModelGivesBackTheCompiledModel) {
  const v1::Model model = ParseModel(kModel);
  std::shared_ptr<const Policy> policy = MustCompile(model);
  ASSERT_NE(policy, nullptr);

  const v1::Model rebuilt = policy->ToModel();
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(model, rebuilt)) << difference;
}

TEST(CompiledUsersTest, DefinitionsHoldEverythingButUsers) {
  v1::Model model = ParseModel(kModel);
  std::shared_ptr<const Policy> policy = MustCompile(model);
  ASSERT_NE(policy, nullptr);

  model.clear_users();
  EXPECT_TRUE(MessageDifferencer::Equals(model, policy->definitions()));
}

TEST(CompiledUsersTest, UserIsRebuiltWithEveryField) {
  const v1::Model model = ParseModel(kModel);
  std::shared_ptr<const Policy> policy = MustCompile(model);
  ASSERT_NE(policy, nullptr);

  for (const v1::User& user : model.users()) {
    std::optional<UserIndex> index = policy->FindUser(user.id());
    ASSERT_TRUE(index.has_value()) << user.id();
    EXPECT_EQ(policy->user_id(*index), user.id());
    EXPECT_TRUE(MessageDifferencer::Equals(user, policy->user(*index)))
        << user.id() << ":\n" << policy->user(*index).DebugString();
  }
}

TEST(CompiledUsersTest, IdsAreDenseInSortedOrder) {
  std::shared_ptr<const Policy> policy = MustCompile(ParseModel(kModel));
  ASSERT_NE(policy, nullptr);

  ASSERT_EQ(policy->user_count(), 3u);
  EXPECT_EQ(policy->user_id(0), "adam");
  EXPECT_EQ(policy->user_id(1), "mia");
  EXPECT_EQ(policy->user_id(2), "zoe");
  EXPECT_FALSE(policy->FindUser("").has_value());
  EXPECT_FALSE(policy->FindUser("zo").has_value());
  EXPECT_FALSE(policy->FindUser("zoe ").has_value());
}

TEST(CompiledUsersTest, AttributesAreFoundByKey) {
  std::shared_ptr<const Policy> policy = MustCompile(ParseModel(kModel));
  ASSERT_NE(policy, nullptr);
  const UserIndex zoe = *policy->FindUser("zoe");
  const UserIndex adam = *policy->FindUser("adam");

  EXPECT_EQ(policy->user_attribute(zoe, "department"), "sales");
  EXPECT_EQ(policy->user_attribute(zoe, "country"), "NZ");
  EXPECT_EQ(policy->user_attribute(zoe, ""), "empty key");
  EXPECT_FALSE(policy->user_attribute(zoe, "Department").has_value());
  EXPECT_FALSE(policy->user_attribute(adam, "department").has_value());
}

// A condition that reads one attribute is evaluated once per value of the
// attribute. Users that share a value must still get it, and a failure must
// still name each user it happens for.
TEST(CompiledUsersTest, AttributeConditionsPerUser) {
  const v1::Model model = ParseModel(R"pb(
    privileges { id: "crm:export" resource: "crm" action: "export" }
    roles {
      id: "staff"
      inducements {
        privilege: "crm:export"
        condition { expression: "user.attributes.department == 'sales'" }
      }
    }
    users { id: "ann" attributes { key: "department" value: "sales" } assignments { role: "staff" } }
    users { id: "bob" attributes { key: "department" value: "hr" } assignments { role: "staff" } }
    users { id: "cat" assignments { role: "staff" } }
    users { id: "dan" assignments { role: "staff" } }
    users { id: "eve" attributes { key: "department" value: "sales" } assignments { role: "staff" } }
  )pb");
  std::shared_ptr<const Policy> policy = MustCompile(model);
  ASSERT_NE(policy, nullptr);
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(policy, EvaluationContext());
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();

  const PrivilegeIndex privilege = *policy->FindPrivilege("crm:export");
  std::vector<std::string> holders;
  for (UserIndex user : (*evaluator)->WhoHas(privilege)) {
    holders.emplace_back(policy->user_id(user));
  }
  EXPECT_EQ(holders, (std::vector<std::string>{"ann", "eve"}));
  for (const char* id : {"ann", "eve"}) {
    EXPECT_TRUE((*evaluator)->Check(*policy->FindUser(id), privilege)) << id;
  }
  for (const char* id : {"bob", "cat", "dan"}) {
    EXPECT_FALSE((*evaluator)->Check(*policy->FindUser(id), privilege)) << id;
  }

  std::vector<std::string> failed_for;
  for (const v1::Diagnostic& error : (*evaluator)->EvaluationErrors()) {
    for (const char* id : {"ann", "bob", "cat", "dan", "eve"}) {
      if (absl::StrContains(error.message(), absl::StrCat("user \"", id, "\""))) {
        failed_for.emplace_back(id);
      }
    }
  }
  std::sort(failed_for.begin(), failed_for.end());
  failed_for.erase(std::unique(failed_for.begin(), failed_for.end()), failed_for.end());
  EXPECT_EQ(failed_for, (std::vector<std::string>{"cat", "dan"}));
}

// Random models mix every activation, lifecycle, relation and condition
// form that the evaluation distinguishes.
TEST(CompiledUsersTest, RandomModelsRoundTrip) {
  for (int seed = 1; seed <= 500; ++seed) {
    const v1::Model model = test::GenerateRandomModel(static_cast<uint64_t>(seed));
    std::shared_ptr<const Policy> policy = MustCompile(model);
    ASSERT_NE(policy, nullptr) << "seed " << seed;

    std::string difference;
    MessageDifferencer differencer;
    differencer.set_message_field_comparison(MessageDifferencer::EQUIVALENT);
    differencer.ReportDifferencesToString(&difference);
    EXPECT_TRUE(differencer.Compare(model, policy->ToModel()))
        << "seed " << seed << ":\n" << difference;
  }
}

}  // namespace
}  // namespace rolegraph
