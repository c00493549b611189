// Tests of the random model generator: determinism, validity, and that the
// differential seeds cover every feature the evaluation semantics
// distinguish.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"
#include "random_model.h"
#include "rolegraph/model.h"

namespace rolegraph::test {
namespace {

// The seeds that the differential test runs.
constexpr int kFirstSeed = 1;
constexpr int kLastSeed = 2000;

std::string ModelText(const v1::Model& model) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(model, &text);
  return text;
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

// Feature counts over many generated models, by feature name.
class Coverage {
 public:
  void Add(const v1::Model& model) {
    for (const v1::Switch& config : model.switches()) AddSwitch(config);
    for (const v1::Role& role : model.roles()) AddRole(role);
    for (const v1::User& user : model.users()) {
      AddActivation(user.activation());
      AddLifecycle(user.lifecycle_state());
      for (const v1::Assignment& assignment : user.assignments()) {
        AddAssignment(assignment);
      }
    }
    AddMetaRoles(model);
    AddCycles(model);
  }

  const std::map<std::string, int>& counts() const { return counts_; }

 private:
  void Count(const std::string& feature) { ++counts_[feature]; }

  void AddSwitch(const v1::Switch& config) {
    if (!config.has_expires_at()) return;
    absl::Time expiry = ToTime(config.expires_at());
    if (expiry < kRandomModelNow) Count("switch expired before now");
    if (expiry == kRandomModelNow) Count("switch expiring at now");
    if (expiry > kRandomModelNow) Count("switch expiring after now");
  }

  void AddRole(const v1::Role& role) {
    AddActivation(role.activation());
    AddLifecycle(role.lifecycle_state());
    if (!role.assignments().empty()) Count("role with own assignments");
    for (const v1::Assignment& assignment : role.assignments()) {
      AddAssignment(assignment);
    }
    for (const v1::Inducement& inducement : role.inducements()) {
      std::string target = inducement.has_role() ? "role" : "privilege";
      Count(absl::StrCat(target, " inducement of order ", inducement.order()));
      AddActivation(inducement.activation());
      AddLifecycle(inducement.lifecycle_state());
      AddCondition(inducement.condition());
    }
  }

  void AddAssignment(const v1::Assignment& assignment) {
    Count(v1::Relation_Name(assignment.relation()));
    AddActivation(assignment.activation());
    AddLifecycle(assignment.lifecycle_state());
    AddCondition(assignment.condition());
  }

  void AddActivation(const v1::Activation& activation) {
    if (activation.administrative_status() == v1::ADMINISTRATIVE_STATUS_DISABLED) {
      Count("disabled item");
    }
    if (activation.has_valid_from()) {
      absl::Duration offset = ToTime(activation.valid_from()) - kRandomModelNow;
      if (offset == absl::ZeroDuration()) Count("valid_from at now");
      if (offset == absl::Nanoseconds(1)) Count("valid_from 1ns after now");
      if (offset == -absl::Seconds(1)) Count("valid_from 1s before now");
    }
    if (activation.has_valid_to()) {
      absl::Duration offset = ToTime(activation.valid_to()) - kRandomModelNow;
      if (offset == absl::ZeroDuration()) Count("valid_to at now");
      if (offset == -absl::Nanoseconds(1)) Count("valid_to 1ns before now");
      if (offset == absl::Seconds(1)) Count("valid_to 1s after now");
    }
  }

  void AddLifecycle(v1::LifecycleState state) {
    Count(v1::LifecycleState_Name(state));
  }

  void AddCondition(const v1::Condition& condition) {
    const std::string& source = condition.expression();
    if (source.empty()) return;
    if (absl::StrContains(source, "user.")) {
      Count("per-user condition");
      if (absl::StrContains(source, "\"missing\"")) Count("failing condition");
    } else if (absl::StrContains(source, "switches.") ||
               absl::StrContains(source, "now") ||
               absl::StrContains(source, "role.")) {
      Count("context condition");
    } else {
      Count("constant condition");
    }
  }

  // Counts meta-meta-roles (a meta-role that has its own assignments) and
  // order-1 role inducements held by meta-roles.
  void AddMetaRoles(const v1::Model& model) {
    std::set<std::string> meta_roles;
    for (const v1::Role& role : model.roles()) {
      for (const v1::Assignment& assignment : role.assignments()) {
        meta_roles.insert(assignment.role());
      }
    }
    for (const v1::Role& role : model.roles()) {
      if (meta_roles.count(role.id()) == 0) continue;
      if (!role.assignments().empty()) Count("meta-meta-role");
      for (const v1::Inducement& inducement : role.inducements()) {
        if (inducement.has_role() && inducement.order() <= 1) {
          Count("order-1 inducement in a meta-role");
        }
      }
    }
  }

  // Counts the models whose role graph (inducements of roles and roles' own
  // assignments) has a cycle through two or more roles.
  void AddCycles(const v1::Model& model) {
    std::map<std::string, std::vector<std::string>> edges;
    for (const v1::Role& role : model.roles()) {
      for (const v1::Inducement& inducement : role.inducements()) {
        if (inducement.has_role()) edges[role.id()].push_back(inducement.role());
      }
      for (const v1::Assignment& assignment : role.assignments()) {
        edges[role.id()].push_back(assignment.role());
      }
    }

    std::map<std::string, int> state;  // 1 while on the stack, 2 when done
    bool cycle = false;
    std::function<void(const std::string&)> visit = [&](const std::string& id) {
      state[id] = 1;
      for (const std::string& next : edges[id]) {
        if (next == id) Count("self-reference");
        if (state[next] == 1 && next != id) cycle = true;
        if (state[next] == 0) visit(next);
      }
      state[id] = 2;
    };
    for (const v1::Role& role : model.roles()) {
      if (state[role.id()] == 0) visit(role.id());
    }
    if (cycle) Count("role cycle");
  }

  std::map<std::string, int> counts_;
};

TEST(RandomModelTest, SameSeedSameModel) {
  EXPECT_EQ(ModelText(GenerateRandomModel(7)), ModelText(GenerateRandomModel(7)));
}

TEST(RandomModelTest, SeedsDiffer) {
  EXPECT_NE(ModelText(GenerateRandomModel(7)), ModelText(GenerateRandomModel(8)));
}

TEST(RandomModelTest, SizesWithinBounds) {
  for (int seed = kFirstSeed; seed <= kLastSeed; ++seed) {
    v1::Model model = GenerateRandomModel(seed);
    EXPECT_GE(model.roles_size(), 3) << "seed " << seed;
    EXPECT_LE(model.roles_size(), 15) << "seed " << seed;
    EXPECT_GE(model.privileges_size(), 3) << "seed " << seed;
    EXPECT_LE(model.privileges_size(), 12) << "seed " << seed;
    EXPECT_GE(model.users_size(), 2) << "seed " << seed;
    EXPECT_LE(model.users_size(), 10) << "seed " << seed;
    EXPECT_LE(model.switches_size(), 3) << "seed " << seed;
  }
}

TEST(RandomModelTest, ModelsAreValid) {
  for (int seed = kFirstSeed; seed <= kLastSeed; ++seed) {
    v1::Model model = GenerateRandomModel(seed);
    v1::ValidationResult result = ValidateModel(model, model.name());
    ASSERT_EQ(result.error_count(), 0)
        << "seed " << seed << ":\n" << result.DebugString() << "\nmodel:\n"
        << ModelText(model);
  }
}

TEST(RandomModelTest, SeedsCoverEveryFeature) {
  Coverage coverage;
  for (int seed = kFirstSeed; seed <= kLastSeed; ++seed) {
    coverage.Add(GenerateRandomModel(seed));
  }

  const std::vector<std::string> required = {
      "privilege inducement of order 0", "privilege inducement of order 1",
      "privilege inducement of order 2", "privilege inducement of order 3",
      "role inducement of order 0",      "role inducement of order 1",
      "role inducement of order 2",      "role inducement of order 3",
      "role with own assignments",       "meta-meta-role",
      "order-1 inducement in a meta-role", "RELATION_MEMBER",
      "RELATION_MANAGER",                "RELATION_OWNER",
      "RELATION_APPROVER",               "constant condition",
      "context condition",               "per-user condition",
      "failing condition",               "valid_from at now",
      "valid_from 1ns after now",        "valid_from 1s before now",
      "valid_to at now",                 "valid_to 1ns before now",
      "valid_to 1s after now",           "disabled item",
      "LIFECYCLE_STATE_ACTIVE",          "LIFECYCLE_STATE_DRAFT",
      "LIFECYCLE_STATE_PROPOSED",        "LIFECYCLE_STATE_DEPRECATED",
      "LIFECYCLE_STATE_ARCHIVED",        "switch expired before now",
      "switch expiring at now",          "switch expiring after now",
      "role cycle",
  };
  for (const std::string& feature : required) {
    auto found = coverage.counts().find(feature);
    int count = found == coverage.counts().end() ? 0 : found->second;
    EXPECT_GT(count, 0) << "no generated model has: " << feature;
  }
  EXPECT_EQ(coverage.counts().count("self-reference"), 0u)
      << "a role induces or is assigned to itself";
}

}  // namespace
}  // namespace rolegraph::test
