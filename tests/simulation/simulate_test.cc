// Simulate against a full recomputation: for random models and random
// deltas, the per-user changes must equal the difference between the
// reference evaluator on the model before and after ApplyDelta.
#include "rolegraph/simulate.h"

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/random_model.h"
#include "engine/reference_evaluator.h"
#include "google/protobuf/text_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Picks an element of a repeated field with the generator.
template <typename Items>
const auto& Pick(const Items& items, std::mt19937_64& random) {
  return items[static_cast<int>(random() % static_cast<uint64_t>(items.size()))];
}

// A random delta of one to three changes, each of which ApplyDelta accepts
// on its own.
v1::ModelDelta RandomDelta(const v1::Model& model, std::mt19937_64& random) {
  v1::ModelDelta delta;
  const int changes = 1 + static_cast<int>(random() % 3);
  for (int i = 0; i < changes; ++i) {
    v1::Change* change = delta.add_changes();
    switch (random() % 9) {
      case 0: {
        v1::ObtainRole* obtain = change->mutable_obtain_role();
        obtain->set_user(Pick(model.users(), random).id());
        obtain->set_role(Pick(model.roles(), random).id());
        break;
      }
      case 1: {
        v1::AddInducement* add = change->mutable_add_inducement();
        add->set_role(Pick(model.roles(), random).id());
        add->mutable_inducement()->set_privilege(Pick(model.privileges(), random).id());
        add->mutable_inducement()->set_order(1 + static_cast<int>(random() % 2));
        break;
      }
      case 2: {
        const v1::Role& role = Pick(model.roles(), random);
        v1::SetActivation* set = change->mutable_set_activation();
        set->set_path(absl::StrCat("roles[", role.id(), "]"));
        set->mutable_activation()->set_administrative_status(
            random() % 2 == 0 ? v1::ADMINISTRATIVE_STATUS_DISABLED
                              : v1::ADMINISTRATIVE_STATUS_ENABLED);
        break;
      }
      case 3: {
        const v1::User& user = Pick(model.users(), random);
        v1::SetActivation* set = change->mutable_set_activation();
        set->set_path(absl::StrCat("users[", user.id(), "]"));
        set->mutable_activation()->set_administrative_status(
            random() % 2 == 0 ? v1::ADMINISTRATIVE_STATUS_DISABLED
                              : v1::ADMINISTRATIVE_STATUS_ENABLED);
        break;
      }
      case 4: {
        const v1::Role& role = Pick(model.roles(), random);
        if (role.inducements().empty()) {
          v1::ObtainRole* obtain = change->mutable_obtain_role();
          obtain->set_user(Pick(model.users(), random).id());
          obtain->set_role(role.id());
          break;
        }
        v1::RemoveInducement* remove = change->mutable_remove_inducement();
        remove->set_role(role.id());
        const v1::Inducement& inducement = Pick(role.inducements(), random);
        if (inducement.has_role()) {
          remove->set_target_role(inducement.role());
        } else {
          remove->set_target_privilege(inducement.privilege());
        }
        break;
      }
      case 5: {
        const v1::Role& role = Pick(model.roles(), random);
        v1::SetActivation* set = change->mutable_set_activation();
        if (role.inducements().empty()) {
          set->set_path(absl::StrCat("roles[", role.id(), "]"));
        } else {
          set->set_path(absl::StrCat("roles[", role.id(), "].inducements[",
                                     random() % static_cast<uint64_t>(role.inducements_size()),
                                     "]"));
        }
        set->mutable_activation()->set_administrative_status(
            random() % 2 == 0 ? v1::ADMINISTRATIVE_STATUS_DISABLED
                              : v1::ADMINISTRATIVE_STATUS_ENABLED);
        break;
      }
      case 6: {
        v1::AddAssignment* add = change->mutable_add_assignment();
        add->set_user(Pick(model.users(), random).id());
        add->mutable_assignment()->set_role(Pick(model.roles(), random).id());
        if (random() % 2 == 0) {
          add->mutable_assignment()->mutable_condition()->set_expression(
              "has(user.attributes.department)");
        }
        break;
      }
      default: {
        if (model.switches().empty()) {
          v1::ObtainRole* obtain = change->mutable_obtain_role();
          obtain->set_user(Pick(model.users(), random).id());
          obtain->set_role(Pick(model.roles(), random).id());
          break;
        }
        v1::SetSwitch* set = change->mutable_set_switch();
        set->set_switch_id(Pick(model.switches(), random).id());
        set->set_active(random() % 2 == 0);
        break;
      }
    }
  }
  return delta;
}

std::vector<std::string> Minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& x : a) {
    if (!b.contains(x)) out.push_back(x);
  }
  return out;
}

std::vector<std::string> AsVector(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}

// Simulates the delta on the model and compares every user's reported
// change with the reference evaluator run on the model before and after.
// Returns the number of users that change.
int ExpectMatchesRecomputation(const v1::Model& model, const v1::ModelDelta& delta,
                               uint64_t seed) {
  absl::StatusOr<v1::Model> changed = ApplyDelta(model, delta);
  EXPECT_TRUE(changed.ok()) << "seed " << seed << ": " << changed.status();
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_TRUE(policy.ok()) << "seed " << seed << ": " << policy.status();
  if (!changed.ok() || !policy.ok()) return 0;

  EvaluationContext context{.now = test::kRandomModelNow};
  absl::StatusOr<v1::SimulationResult> result = Simulate(*policy, delta, context);
  EXPECT_TRUE(result.ok()) << "seed " << seed << ": " << result.status();
  if (!result.ok()) return 0;

  test::ReferenceEvaluator before(model, {.now = test::kRandomModelNow});
  test::ReferenceEvaluator after(*changed, {.now = test::kRandomModelNow});
  std::map<std::string, const v1::UserChange*> reported;
  for (const v1::UserChange& change : result->users()) reported[change.user()] = &change;

  int changed_users = 0;
  for (const v1::User& user : changed->users()) {
    const std::set<std::string> was = before.EffectivePrivileges(user.id(), false);
    const std::set<std::string> now = after.EffectivePrivileges(user.id(), false);
    const std::set<std::string> was_roles = before.EffectiveRoles(user.id(), false);
    const std::set<std::string> now_roles = after.EffectiveRoles(user.id(), false);
    const bool changes = was != now || was_roles != now_roles;

    std::string context_text;
    google::protobuf::TextFormat::PrintToString(delta, &context_text);
    SCOPED_TRACE(absl::StrCat("seed ", seed, ", user ", user.id(), ", delta:\n",
                              context_text));
    EXPECT_EQ(reported.contains(user.id()), changes);
    if (!changes || !reported.contains(user.id())) continue;
    ++changed_users;
    const v1::UserChange& change = *reported[user.id()];
    EXPECT_EQ(AsVector(change.privileges_gained()), Minus(now, was));
    EXPECT_EQ(AsVector(change.privileges_lost()), Minus(was, now));
    EXPECT_EQ(AsVector(change.roles_gained()), Minus(now_roles, was_roles));
    EXPECT_EQ(AsVector(change.roles_lost()), Minus(was_roles, now_roles));
  }
  return changed_users;
}

TEST(SimulateTest, RandomDeltasMatchFullRecomputation) {
  constexpr int kModels = 1000;
  int changed_users = 0;
  for (uint64_t seed = 1; seed <= kModels; ++seed) {
    const v1::Model model = test::GenerateRandomModel(seed);
    std::mt19937_64 random(seed * 7919);
    // Two changes of one delta may conflict, such as removing the same
    // inducement twice, so draw again until the delta applies. A single
    // change always applies.
    v1::ModelDelta delta = RandomDelta(model, random);
    while (!ApplyDelta(model, delta).ok()) delta = RandomDelta(model, random);
    changed_users += ExpectMatchesRecomputation(model, delta, seed);
    if (HasFailure()) return;
  }
  // The deltas must actually change something for the comparison to mean
  // anything.
  EXPECT_GT(changed_users, kModels / 4);
}

// Deltas that only set switches take the path that reuses the compiled
// policy and recomputes only the users who can reach a changed switch.
TEST(SimulateTest, SwitchOnlyDeltasMatchFullRecomputation) {
  constexpr int kModels = 1000;
  int simulated = 0;
  int changed_users = 0;
  for (uint64_t seed = 1; seed <= kModels; ++seed) {
    const v1::Model model = test::GenerateRandomModel(seed);
    if (model.switches().empty()) continue;
    std::mt19937_64 random(seed * 104729);
    // Turns one or two switches the other way from how the model has them.
    v1::ModelDelta delta;
    const int changes = 1 + static_cast<int>(random() % 2);
    for (int i = 0; i < changes; ++i) {
      const v1::Switch& flipped = Pick(model.switches(), random);
      v1::SetSwitch* set = delta.add_changes()->mutable_set_switch();
      set->set_switch_id(flipped.id());
      set->set_active(!flipped.active());
    }
    changed_users += ExpectMatchesRecomputation(model, delta, seed);
    ++simulated;
    if (HasFailure()) return;
  }
  EXPECT_GT(simulated, kModels / 2);
  EXPECT_GT(changed_users, simulated / 8);
}

v1::Model SmallModel() {
  v1::Model model;
  google::protobuf::TextFormat::ParseFromString(R"pb(
    privileges { id: "db:read" resource: "db" action: "read" sensitivity: SENSITIVITY_LOW }
    privileges { id: "db:admin" resource: "db" action: "admin" sensitivity: SENSITIVITY_CRITICAL }
    switches { id: "incident_response" }
    roles {
      id: "responder-meta"
      inducements { privilege: "db:admin" order: 2 condition { expression: "switches.incident_response" } }
    }
    roles { id: "ops" assignments { role: "responder-meta" } inducements { privilege: "db:read" } }
    roles { id: "clerk" }
    roles { id: "approver" }
    exclusions { id: "sod" roles: "clerk" roles: "approver" }
    users { id: "alice" assignments { role: "ops" } }
    users { id: "bob" assignments { role: "clerk" } }
    users { id: "carol" }
  )pb", &model);
  return model;
}

TEST(SimulateTest, SwitchOnGrantsResponders) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(SmallModel());
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::ModelDelta delta;
  delta.add_changes()->mutable_set_switch()->set_switch_id("incident_response");
  delta.mutable_changes(0)->mutable_set_switch()->set_active(true);

  absl::StatusOr<v1::SimulationResult> result = Simulate(*policy, delta, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->users_size(), 1);
  EXPECT_EQ(result->users(0).user(), "alice");
  EXPECT_THAT(result->users(0).privileges_gained(), ElementsAre("db:admin"));
  EXPECT_THAT(result->users(0).privileges_lost(), IsEmpty());
  EXPECT_EQ(result->totals().users_affected(), 1);
  EXPECT_EQ(result->totals().privileges_gained(), 1);
  ASSERT_EQ(result->totals().by_sensitivity_size(), 1);
  EXPECT_EQ(result->totals().by_sensitivity(0).key(), "critical");
}

TEST(SimulateTest, ObtainRoleReportsSodViolation) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(SmallModel());
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::ModelDelta delta;
  v1::ObtainRole* obtain = delta.add_changes()->mutable_obtain_role();
  obtain->set_user("bob");
  obtain->set_role("approver");

  absl::StatusOr<v1::SimulationResult> result = Simulate(*policy, delta, {});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->sod_introduced_size(), 1);
  EXPECT_EQ(result->sod_introduced(0).user(), "bob");
  EXPECT_THAT(result->sod_introduced(0).roles(), ElementsAre("approver", "clerk"));
  ASSERT_EQ(result->users_size(), 1);
  EXPECT_THAT(result->users(0).roles_gained(), ElementsAre("approver"));
}

TEST(SimulateTest, UnknownIdsNameTheChange) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(SmallModel());
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::ModelDelta delta;
  delta.add_changes()->mutable_set_switch()->set_switch_id("incident_response");
  v1::ObtainRole* obtain = delta.add_changes()->mutable_obtain_role();
  obtain->set_user("mallory");
  obtain->set_role("ops");

  absl::StatusOr<v1::SimulationResult> result = Simulate(*policy, delta, {});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("changes[1].obtain_role: unknown user \"mallory\""));
}

TEST(SimulateTest, ObtainingUnknownRoleIsRejected) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(SmallModel());
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::ModelDelta delta;
  v1::ObtainRole* obtain = delta.add_changes()->mutable_obtain_role();
  obtain->set_user("alice");
  obtain->set_role("no-such-role");

  absl::StatusOr<v1::SimulationResult> result = Simulate(*policy, delta, {});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(std::string(result.status().message()), ::testing::HasSubstr("no-such-role"));
}

// A change that refers to an unknown role or privilege is rejected by the
// change, not later by validation of the changed model.
TEST(SimulateTest, AddedItemsMustReferToKnownIds) {
  v1::Model model;
  model.add_roles()->set_id("ops");
  model.add_users()->set_id("ana");

  v1::ModelDelta delta;
  v1::AddAssignment* add = delta.add_changes()->mutable_add_assignment();
  add->set_user("ana");
  add->mutable_assignment()->set_role("opz");
  absl::StatusOr<v1::Model> changed = ApplyDelta(model, delta);
  ASSERT_FALSE(changed.ok());
  EXPECT_THAT(std::string(changed.status().message()),
              ::testing::HasSubstr("changes[0].add_assignment: unknown role \"opz\"; "
                                   "did you mean \"ops\"?"));

  delta.Clear();
  v1::AddInducement* induce = delta.add_changes()->mutable_add_inducement();
  induce->set_role("ops");
  induce->mutable_inducement()->set_privilege("db:admin");
  changed = ApplyDelta(model, delta);
  ASSERT_FALSE(changed.ok());
  EXPECT_THAT(std::string(changed.status().message()),
              ::testing::HasSubstr("changes[0].add_inducement: unknown privilege \"db:admin\""));

  // Two swapped letters are one edit.
  delta.Clear();
  v1::ObtainRole* obtain = delta.add_changes()->mutable_obtain_role();
  obtain->set_user("aan");
  obtain->set_role("ops");
  changed = ApplyDelta(model, delta);
  ASSERT_FALSE(changed.ok());
  EXPECT_THAT(std::string(changed.status().message()),
              ::testing::HasSubstr("unknown user \"aan\"; did you mean \"ana\"?"));
}

// Ids such as "maya.chen" contain dots, and set_activation paths must
// still find them and their assignments.
TEST(SimulateTest, ActivationPathsAcceptDottedIds) {
  v1::Model model;
  model.add_roles()->set_id("ops.team");
  v1::User* user = model.add_users();
  user->set_id("maya.chen");
  user->add_assignments()->set_role("ops.team");

  for (const char* path : {"users[maya.chen]", "users[maya.chen].assignments[0]",
                           "roles[ops.team]"}) {
    v1::ModelDelta delta;
    v1::SetActivation* set = delta.add_changes()->mutable_set_activation();
    set->set_path(path);
    set->mutable_activation()->set_administrative_status(v1::ADMINISTRATIVE_STATUS_DISABLED);
    absl::StatusOr<v1::Model> changed = ApplyDelta(model, delta);
    ASSERT_TRUE(changed.ok()) << path << ": " << changed.status();
  }

  v1::ModelDelta delta;
  v1::SetActivation* set = delta.add_changes()->mutable_set_activation();
  set->set_path("users[maya.chen].assignments[0]");
  set->mutable_activation()->set_administrative_status(v1::ADMINISTRATIVE_STATUS_DISABLED);
  absl::StatusOr<v1::Model> changed = ApplyDelta(model, delta);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->users(0).assignments(0).activation().administrative_status(),
            v1::ADMINISTRATIVE_STATUS_DISABLED);
  EXPECT_FALSE(changed->users(0).has_activation());

  set->set_path("users[maya.chen].assignments[1]");
  EXPECT_FALSE(ApplyDelta(model, delta).ok());
  set->set_path("users[maya.chen].roles[0]");
  EXPECT_FALSE(ApplyDelta(model, delta).ok());
}

}  // namespace
}  // namespace rolegraph
