// One test per rule of the evaluation semantics, on small hand-written
// models. Each expected result is worked out by hand from the rules, and both
// the fast evaluator and the reference evaluator must produce it.
//
// Every model is evaluated at kNow, 2026-06-01T12:00:00Z (Unix time
// 1780315200), unless a test sets another time.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "reference_evaluator.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph::test {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const absl::Time kNow = absl::FromUnixSeconds(1780315200);

using Ids = std::set<std::string>;

// A model compiled for the fast evaluator and loaded into the reference
// evaluator, both in the same context.
class Evaluators {
 public:
  static std::unique_ptr<Evaluators> Create(const std::string& model_text,
                                            ReferenceContext context) {
    auto result = std::unique_ptr<Evaluators>(new Evaluators());
    if (!google::protobuf::TextFormat::ParseFromString(model_text,
                                                       &result->model_)) {
      ADD_FAILURE() << "invalid model text:\n" << model_text;
      return nullptr;
    }

    absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(result->model_);
    if (!policy.ok()) {
      ADD_FAILURE() << "Compile failed: " << policy.status();
      return nullptr;
    }

    EvaluationContext fast_context;
    fast_context.now = context.now;
    fast_context.configuration = context.development
                                     ? Configuration::kDevelopment
                                     : Configuration::kProduction;
    for (const auto& [id, value] : context.switch_overrides) {
      fast_context.switch_overrides.push_back({id, value});
    }
    absl::StatusOr<std::unique_ptr<Evaluator>> fast =
        Evaluator::Create(*policy, fast_context);
    if (!fast.ok()) {
      ADD_FAILURE() << "Evaluator::Create failed: " << fast.status();
      return nullptr;
    }
    result->fast_ = std::move(*fast);
    result->reference_ =
        std::make_unique<ReferenceEvaluator>(result->model_, std::move(context));
    return result;
  }

  const Evaluator& fast() const { return *fast_; }
  ReferenceEvaluator& reference() { return *reference_; }
  const Policy& policy() const { return fast_->policy(); }

  Ids FastPrivileges(const std::string& user_id, bool latent) const {
    Ids ids;
    for (PrivilegeIndex index : fast_->EffectivePrivileges(User(user_id), Mode(latent))) {
      ids.insert(policy().privilege_id(index));
    }
    return ids;
  }

  Ids FastRoles(const std::string& user_id, bool latent) const {
    Ids ids;
    for (RoleIndex index : fast_->EffectiveRoles(User(user_id), Mode(latent))) {
      ids.insert(policy().role_id(index));
    }
    return ids;
  }

  bool FastCheck(const std::string& user_id, const std::string& privilege_id,
                 bool latent) const {
    return fast_->Check(User(user_id), Privilege(privilege_id), Mode(latent));
  }

  Ids FastWhoHas(const std::string& privilege_id) const {
    return UserIds(fast_->WhoHas(Privilege(privilege_id)));
  }

  Ids FastDormantHolders(const std::string& privilege_id) const {
    return UserIds(fast_->DormantHolders(Privilege(privilege_id)));
  }

  UserIndex User(const std::string& id) const {
    std::optional<UserIndex> index = policy().FindUser(id);
    EXPECT_TRUE(index.has_value()) << "no user " << id << " in the model";
    return index.value_or(0);
  }

  PrivilegeIndex Privilege(const std::string& id) const {
    std::optional<PrivilegeIndex> index = policy().FindPrivilege(id);
    EXPECT_TRUE(index.has_value()) << "no privilege " << id << " in the model";
    return index.value_or(0);
  }

 private:
  Evaluators() = default;

  static UserMode Mode(bool latent) {
    return latent ? UserMode::kLatent : UserMode::kEffective;
  }

  Ids UserIds(const Roaring& users) const {
    Ids ids;
    for (auto it = users.begin(); it != users.end(); ++it) {
      ids.insert(std::string(policy().user_id(*it)));
    }
    return ids;
  }

  v1::Model model_;
  std::unique_ptr<Evaluator> fast_;
  std::unique_ptr<ReferenceEvaluator> reference_;
};

ReferenceContext Production() {
  ReferenceContext context;
  context.now = kNow;
  return context;
}

ReferenceContext Development() {
  ReferenceContext context = Production();
  context.development = true;
  return context;
}

// Expects both evaluators to return exactly `expected` as the user's
// effective privileges.
void ExpectPrivileges(Evaluators& evaluators, const std::string& user_id,
                      const Ids& expected, bool latent = false) {
  EXPECT_EQ(evaluators.FastPrivileges(user_id, latent), expected)
      << "fast evaluator, user " << user_id << (latent ? ", latent" : "");
  EXPECT_EQ(evaluators.reference().EffectivePrivileges(user_id, latent), expected)
      << "reference evaluator, user " << user_id << (latent ? ", latent" : "");
}

void ExpectRoles(Evaluators& evaluators, const std::string& user_id,
                 const Ids& expected, bool latent = false) {
  EXPECT_EQ(evaluators.FastRoles(user_id, latent), expected)
      << "fast evaluator, user " << user_id << (latent ? ", latent" : "");
  EXPECT_EQ(evaluators.reference().EffectiveRoles(user_id, latent), expected)
      << "reference evaluator, user " << user_id << (latent ? ", latent" : "");
}

void ExpectCheck(Evaluators& evaluators, const std::string& user_id,
                 const std::string& privilege_id, bool expected,
                 bool latent = false) {
  EXPECT_EQ(evaluators.FastCheck(user_id, privilege_id, latent), expected)
      << "fast evaluator, Check(" << user_id << ", " << privilege_id
      << (latent ? ", latent)" : ")");
  EXPECT_EQ(evaluators.reference().Check(user_id, privilege_id, latent), expected)
      << "reference evaluator, Check(" << user_id << ", " << privilege_id
      << (latent ? ", latent)" : ")");
}

void ExpectSwitch(Evaluators& evaluators, const std::string& switch_id,
                  bool expected) {
  std::optional<SwitchIndex> index = evaluators.policy().FindSwitch(switch_id);
  ASSERT_TRUE(index.has_value()) << "no switch " << switch_id;
  EXPECT_EQ(evaluators.fast().SwitchOn(*index), expected)
      << "fast evaluator, switch " << switch_id;
  EXPECT_EQ(evaluators.reference().SwitchOn(switch_id), expected)
      << "reference evaluator, switch " << switch_id;
}

// Rule: valid_from <= now <= valid_to, both ends inclusive, for users, roles,
// assignments and inducements alike.
TEST(SemanticsTest, ActivationEndsAreInclusive) {
  // kNow is 1780315200 s; one nanosecond before it is 1780315199 s plus
  // 999999999 ns.
  const std::string model = R"pb(
    privileges { id: "app:read" resource: "app" action: "read" }
    privileges { id: "app:from_now" resource: "app" action: "from_now" }
    privileges { id: "app:to_now" resource: "app" action: "to_now" }
    privileges { id: "app:from_later" resource: "app" action: "from_later" }
    privileges { id: "app:to_earlier" resource: "app" action: "to_earlier" }
    roles {
      id: "reader"
      inducements { privilege: "app:read" }
      inducements {
        privilege: "app:from_now"
        activation { valid_from { seconds: 1780315200 } }
      }
      inducements {
        privilege: "app:to_now"
        activation { valid_to { seconds: 1780315200 } }
      }
      inducements {
        privilege: "app:from_later"
        activation { valid_from { seconds: 1780315200 nanos: 1 } }
      }
      inducements {
        privilege: "app:to_earlier"
        activation { valid_to { seconds: 1780315199 nanos: 999999999 } }
      }
    }
    roles {
      id: "expired_role"
      activation { valid_to { seconds: 1780315199 } }
      inducements { privilege: "app:read" }
    }
    users {
      id: "assigned_from_now"
      assignments {
        role: "reader"
        activation { valid_from { seconds: 1780315200 } }
      }
    }
    users {
      id: "assigned_to_now"
      assignments {
        role: "reader"
        activation { valid_to { seconds: 1780315200 } }
      }
    }
    users {
      id: "assigned_from_later"
      assignments {
        role: "reader"
        activation { valid_from { seconds: 1780315200 nanos: 1 } }
      }
    }
    users {
      id: "assigned_to_earlier"
      assignments {
        role: "reader"
        activation { valid_to { seconds: 1780315199 nanos: 999999999 } }
      }
    }
    users {
      id: "window_exactly_now"
      activation {
        valid_from { seconds: 1780315200 }
        valid_to { seconds: 1780315200 }
      }
      assignments { role: "reader" }
    }
    users {
      id: "user_expired"
      activation { valid_to { seconds: 1780315199 } }
      assignments { role: "reader" }
    }
    users {
      id: "disabled_assignment"
      assignments {
        role: "reader"
        activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
      }
    }
    users {
      id: "member_of_expired_role"
      assignments { role: "expired_role" }
    }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // The reader role grants app:read, app:from_now and app:to_now at kNow.
  const Ids reader = {"app:read", "app:from_now", "app:to_now"};
  ExpectPrivileges(*evaluators, "assigned_from_now", reader);
  ExpectPrivileges(*evaluators, "assigned_to_now", reader);
  ExpectPrivileges(*evaluators, "assigned_from_later", {});
  ExpectPrivileges(*evaluators, "assigned_to_earlier", {});
  ExpectPrivileges(*evaluators, "window_exactly_now", reader);
  ExpectPrivileges(*evaluators, "user_expired", {});
  ExpectPrivileges(*evaluators, "disabled_assignment", {});
  ExpectPrivileges(*evaluators, "member_of_expired_role", {});
  ExpectRoles(*evaluators, "member_of_expired_role", {"expired_role"});
}

// Rule: production evaluates active and deprecated items, development active
// and proposed ones; draft and archived items are never in effect.
TEST(SemanticsTest, LifecycleStatesByConfiguration) {
  const std::string model = R"pb(
    privileges { id: "p:unset" resource: "p" action: "unset" }
    privileges { id: "p:active" resource: "p" action: "active" }
    privileges { id: "p:deprecated" resource: "p" action: "deprecated" }
    privileges { id: "p:proposed" resource: "p" action: "proposed" }
    privileges { id: "p:draft" resource: "p" action: "draft" }
    privileges { id: "p:archived" resource: "p" action: "archived" }
    roles {
      id: "staged"
      inducements { privilege: "p:unset" }
      inducements { privilege: "p:active" lifecycle_state: LIFECYCLE_STATE_ACTIVE }
      inducements {
        privilege: "p:deprecated"
        lifecycle_state: LIFECYCLE_STATE_DEPRECATED
      }
      inducements { privilege: "p:proposed" lifecycle_state: LIFECYCLE_STATE_PROPOSED }
      inducements { privilege: "p:draft" lifecycle_state: LIFECYCLE_STATE_DRAFT }
      inducements { privilege: "p:archived" lifecycle_state: LIFECYCLE_STATE_ARCHIVED }
    }
    roles {
      id: "proposed_role"
      lifecycle_state: LIFECYCLE_STATE_PROPOSED
      inducements { privilege: "p:unset" }
    }
    users { id: "member" assignments { role: "staged" } }
    users {
      id: "proposed_user"
      lifecycle_state: LIFECYCLE_STATE_PROPOSED
      assignments { role: "staged" }
    }
    users {
      id: "deprecated_assignment"
      assignments { role: "staged" lifecycle_state: LIFECYCLE_STATE_DEPRECATED }
    }
    users {
      id: "draft_assignment"
      assignments { role: "staged" lifecycle_state: LIFECYCLE_STATE_DRAFT }
    }
    users { id: "proposed_role_member" assignments { role: "proposed_role" } }
  )pb";

  auto production = Evaluators::Create(model, Production());
  ASSERT_NE(production, nullptr);
  const Ids in_production = {"p:unset", "p:active", "p:deprecated"};
  ExpectPrivileges(*production, "member", in_production);
  ExpectPrivileges(*production, "proposed_user", {});
  ExpectPrivileges(*production, "proposed_user", in_production, /*latent=*/true);
  ExpectPrivileges(*production, "deprecated_assignment", in_production);
  ExpectPrivileges(*production, "draft_assignment", {});
  ExpectRoles(*production, "draft_assignment", {});
  ExpectPrivileges(*production, "proposed_role_member", {});
  ExpectRoles(*production, "proposed_role_member", {"proposed_role"});

  auto development = Evaluators::Create(model, Development());
  ASSERT_NE(development, nullptr);
  const Ids in_development = {"p:unset", "p:active", "p:proposed"};
  ExpectPrivileges(*development, "member", in_development);
  ExpectPrivileges(*development, "proposed_user", in_development);
  ExpectPrivileges(*development, "deprecated_assignment", {});
  ExpectPrivileges(*development, "draft_assignment", {});
  ExpectPrivileges(*development, "proposed_role_member", {"p:unset"});
}

// Rule: MEMBER and MANAGER assignments carry privileges and membership;
// OWNER and APPROVER assignments, of users and of roles, count for neither.
TEST(SemanticsTest, OwnerAndApproverGrantNothing) {
  const std::string model = R"pb(
    privileges { id: "db:read" resource: "db" action: "read" }
    privileges { id: "db:admin" resource: "db" action: "admin" }
    roles {
      id: "meta"
      inducements { privilege: "db:admin" order: 2 }
    }
    roles {
      id: "db_reader"
      assignments { role: "meta" relation: RELATION_OWNER }
      inducements { privilege: "db:read" }
    }
    roles {
      id: "db_operator"
      assignments { role: "meta" relation: RELATION_MANAGER }
      inducements { privilege: "db:read" }
    }
    users { id: "member" assignments { role: "db_reader" relation: RELATION_MEMBER } }
    users { id: "manager" assignments { role: "db_reader" relation: RELATION_MANAGER } }
    users { id: "owner" assignments { role: "db_reader" relation: RELATION_OWNER } }
    users { id: "approver" assignments { role: "db_reader" relation: RELATION_APPROVER } }
    users { id: "operator" assignments { role: "db_operator" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // db_reader's OWNER assignment to the meta-role is ignored, so its members
  // get no db:admin; db_operator's MANAGER assignment counts.
  ExpectPrivileges(*evaluators, "member", {"db:read"});
  ExpectRoles(*evaluators, "member", {"db_reader"});
  ExpectPrivileges(*evaluators, "manager", {"db:read"});
  ExpectRoles(*evaluators, "manager", {"db_reader"});
  ExpectPrivileges(*evaluators, "owner", {});
  ExpectRoles(*evaluators, "owner", {});
  ExpectPrivileges(*evaluators, "approver", {});
  ExpectRoles(*evaluators, "approver", {});
  ExpectPrivileges(*evaluators, "operator", {"db:read", "db:admin"});
  ExpectRoles(*evaluators, "operator", {"db_operator"});
}

// Rule: an inactive user has no effective privileges or roles; latent mode
// ignores only the user's own activity. WhoHas lists active holders and
// DormantHolders the inactive ones.
TEST(SemanticsTest, InactiveUserHoldsOnlyLatentPrivileges) {
  const std::string model = R"pb(
    privileges { id: "crm:export" resource: "crm" action: "export" }
    roles {
      id: "sales"
      inducements { privilege: "crm:export" }
    }
    users { id: "active" assignments { role: "sales" } }
    users {
      id: "disabled"
      activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
      assignments { role: "sales" }
    }
    users {
      id: "disabled_with_expired_assignment"
      activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
      assignments {
        role: "sales"
        activation { valid_to { seconds: 1780315199 } }
      }
    }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  EXPECT_FALSE(evaluators->fast().IsUserActive(evaluators->User("disabled")));
  EXPECT_FALSE(evaluators->reference().IsUserActive("disabled"));
  ExpectPrivileges(*evaluators, "disabled", {});
  ExpectRoles(*evaluators, "disabled", {});
  ExpectCheck(*evaluators, "disabled", "crm:export", false);
  ExpectPrivileges(*evaluators, "disabled", {"crm:export"}, /*latent=*/true);
  ExpectRoles(*evaluators, "disabled", {"sales"}, /*latent=*/true);
  ExpectCheck(*evaluators, "disabled", "crm:export", true, /*latent=*/true);

  // Latent mode still honours the assignment's own activation.
  ExpectPrivileges(*evaluators, "disabled_with_expired_assignment", {},
                   /*latent=*/true);

  EXPECT_EQ(evaluators->FastWhoHas("crm:export"), Ids{"active"});
  EXPECT_EQ(evaluators->reference().WhoHas("crm:export"), Ids{"active"});
  EXPECT_EQ(evaluators->FastDormantHolders("crm:export"), Ids{"disabled"});
  EXPECT_EQ(evaluators->reference().DormantHolders("crm:export"), Ids{"disabled"});
}

// Rule: an inactive role keeps its members but contributes no inducements,
// and its own assignments are not followed.
TEST(SemanticsTest, InactiveRoleKeepsMembershipOnly) {
  const std::string model = R"pb(
    privileges { id: "erp:post" resource: "erp" action: "post" }
    privileges { id: "erp:view" resource: "erp" action: "view" }
    privileges { id: "erp:audit" resource: "erp" action: "audit" }
    roles {
      id: "audited"
      inducements { privilege: "erp:audit" order: 2 }
    }
    roles {
      id: "viewer"
      inducements { privilege: "erp:view" }
    }
    roles {
      id: "accountant"
      activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
      assignments { role: "audited" }
      inducements { privilege: "erp:post" }
      inducements { role: "viewer" }
    }
    users { id: "alice" assignments { role: "accountant" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  ExpectRoles(*evaluators, "alice", {"accountant"});
  ExpectPrivileges(*evaluators, "alice", {});
}

// Rule: a role's own assignment to meta-role M evaluates M at s + 1, and an
// order-2 inducement in M reaches the members of the roles assigned M. M's
// order-1 inducements apply only to M's own members.
TEST(SemanticsTest, MetaRoleOrderTwoReachesMembers) {
  const std::string model = R"pb(
    privileges { id: "git:push" resource: "git" action: "push" }
    privileges { id: "git:admin" resource: "git" action: "admin" }
    privileges { id: "vpn:connect" resource: "vpn" action: "connect" }
    roles {
      id: "meta_engineering"
      inducements { privilege: "vpn:connect" order: 2 }
      inducements { privilege: "git:admin" order: 1 }
    }
    roles {
      id: "developer"
      assignments { role: "meta_engineering" }
      inducements { privilege: "git:push" }
    }
    users { id: "dev" assignments { role: "developer" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  ExpectPrivileges(*evaluators, "dev", {"git:push", "vpn:connect"});
  // The meta-role is evaluated at order 2, so it is no effective role.
  ExpectRoles(*evaluators, "dev", {"developer"});
}

// Rule: an order-2 inducement of a role that a user reaches at order 1 leads
// to order 0 and is skipped.
TEST(SemanticsTest, OrderTwoSkippedAtOrderOne) {
  const std::string model = R"pb(
    privileges { id: "vpn:connect" resource: "vpn" action: "connect" }
    privileges { id: "wiki:edit" resource: "wiki" action: "edit" }
    roles {
      id: "meta_engineering"
      inducements { privilege: "vpn:connect" order: 2 }
      inducements { privilege: "wiki:edit" order: 0 }
    }
    users { id: "direct" assignments { role: "meta_engineering" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // Order 0 means order 1.
  ExpectPrivileges(*evaluators, "direct", {"wiki:edit"});
  ExpectRoles(*evaluators, "direct", {"meta_engineering"});
}

// Rule: with a meta-meta-role, an order-3 inducement reaches users two
// role-assignment steps away: user -> role (1) -> meta (2) -> meta-meta (3).
TEST(SemanticsTest, MetaMetaRoleOrderThree) {
  const std::string model = R"pb(
    privileges { id: "siem:read" resource: "siem" action: "read" }
    privileges { id: "siem:tune" resource: "siem" action: "tune" }
    roles {
      id: "meta_meta"
      inducements { privilege: "siem:read" order: 3 }
      inducements { privilege: "siem:tune" order: 2 }
    }
    roles {
      id: "meta"
      assignments { role: "meta_meta" }
    }
    roles {
      id: "analyst"
      assignments { role: "meta" }
    }
    users { id: "through_role" assignments { role: "analyst" } }
    users { id: "through_meta" assignments { role: "meta" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // through_role reaches meta_meta at order 3: the order-3 inducement grants
  // (3 - 2 == 1), the order-2 one leads to order 2 and grants nothing.
  ExpectPrivileges(*evaluators, "through_role", {"siem:read"});
  ExpectRoles(*evaluators, "through_role", {"analyst"});
  // through_meta reaches meta_meta at order 2: only the order-2 inducement
  // grants, and the order-3 one leads below order 1.
  ExpectPrivileges(*evaluators, "through_meta", {"siem:tune"});
  ExpectRoles(*evaluators, "through_meta", {"meta"});
}

// Rule: an order-1 inducement between meta-roles keeps the evaluation order,
// so the induced meta-role's order-2 content still reaches the members.
// An order-2 role inducement in a meta-role makes the members effective
// members of the induced role.
TEST(SemanticsTest, OrderOneBetweenMetaRolesPassesContent) {
  const std::string model = R"pb(
    privileges { id: "ci:run" resource: "ci" action: "run" }
    privileges { id: "ci:configure" resource: "ci" action: "configure" }
    privileges { id: "chat:join" resource: "chat" action: "join" }
    roles {
      id: "meta_base"
      inducements { privilege: "ci:run" order: 2 }
      inducements { privilege: "ci:configure" order: 1 }
    }
    roles {
      id: "meta_team"
      inducements { role: "meta_base" order: 1 }
      inducements { role: "chat_user" order: 2 }
    }
    roles {
      id: "chat_user"
      inducements { privilege: "chat:join" }
    }
    roles {
      id: "team_a"
      assignments { role: "meta_team" }
    }
    users { id: "member" assignments { role: "team_a" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // (team_a, 1) -> (meta_team, 2) -> (meta_base, 2) grants ci:run; the
  // order-1 ci:configure leads to order 2 and grants nothing.
  // (meta_team, 2) -> order-2 role inducement -> (chat_user, 1).
  ExpectPrivileges(*evaluators, "member", {"ci:run", "chat:join"});
  ExpectRoles(*evaluators, "member", {"team_a", "chat_user"});
}

// Rule: a condition that is false or fails to evaluate (a missing map key)
// makes its assignment or inducement not apply, and negating a failing
// condition does not make it apply.
TEST(SemanticsTest, ConditionsFailClosed) {
  const std::string model = R"pb(
    privileges { id: "ops:deploy" resource: "ops" action: "deploy" }
    privileges { id: "ops:page" resource: "ops" action: "page" }
    privileges { id: "ops:view" resource: "ops" action: "view" }
    roles {
      id: "operations"
      inducements {
        privilege: "ops:deploy"
        condition { expression: "user.attributes[\"dept\"] == \"ops\"" }
      }
      inducements {
        privilege: "ops:page"
        condition { expression: "!(user.attributes[\"dept\"] == \"ops\")" }
      }
      inducements { privilege: "ops:view" }
    }
    roles {
      id: "gold_only"
      inducements { privilege: "ops:view" }
    }
    users {
      id: "in_ops"
      attributes { key: "dept" value: "ops" }
      assignments { role: "operations" }
    }
    users {
      id: "in_dev"
      attributes { key: "dept" value: "dev" }
      assignments { role: "operations" }
    }
    users {
      id: "no_dept"
      assignments { role: "operations" }
    }
    users {
      id: "tier_condition"
      assignments {
        role: "gold_only"
        condition { expression: "role.attributes[\"tier\"] == \"gold\"" }
      }
    }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  ExpectPrivileges(*evaluators, "in_ops", {"ops:deploy", "ops:view"});
  ExpectPrivileges(*evaluators, "in_dev", {"ops:page", "ops:view"});
  // Both conditions fail to evaluate for no_dept, so neither applies.
  ExpectPrivileges(*evaluators, "no_dept", {"ops:view"});
  // gold_only has no tier attribute: the assignment condition fails.
  ExpectPrivileges(*evaluators, "tier_condition", {});
  ExpectRoles(*evaluators, "tier_condition", {});

  EXPECT_THAT(evaluators->fast().EvaluationErrors(), Not(IsEmpty()))
      << "failed conditions must be reported";
}

// Rule: switches.X is true when X is active and now <= expires_at (or there
// is no expiry); an override forces the value regardless of the expiry.
TEST(SemanticsTest, SwitchExpiryAndOverrides) {
  const std::string model = R"pb(
    privileges { id: "ir:at" resource: "ir" action: "at" }
    privileges { id: "ir:past" resource: "ir" action: "past" }
    privileges { id: "ir:future" resource: "ir" action: "future" }
    privileges { id: "ir:forever" resource: "ir" action: "forever" }
    privileges { id: "ir:off" resource: "ir" action: "off" }
    switches { id: "at_now" active: true expires_at { seconds: 1780315200 } }
    switches {
      id: "just_expired"
      active: true
      expires_at { seconds: 1780315199 nanos: 999999999 }
    }
    switches { id: "future" active: true expires_at { seconds: 1780315201 } }
    switches { id: "forever" active: true }
    switches { id: "off" active: false }
    roles {
      id: "responder"
      inducements { privilege: "ir:at" condition { expression: "switches.at_now" } }
      inducements {
        privilege: "ir:past"
        condition { expression: "switches.just_expired" }
      }
      inducements { privilege: "ir:future" condition { expression: "switches.future" } }
      inducements { privilege: "ir:forever" condition { expression: "switches.forever" } }
      inducements { privilege: "ir:off" condition { expression: "switches.off" } }
    }
    users { id: "responder" assignments { role: "responder" } }
  )pb";

  auto plain = Evaluators::Create(model, Production());
  ASSERT_NE(plain, nullptr);
  ExpectSwitch(*plain, "at_now", true);
  ExpectSwitch(*plain, "just_expired", false);
  ExpectSwitch(*plain, "future", true);
  ExpectSwitch(*plain, "forever", true);
  ExpectSwitch(*plain, "off", false);
  ExpectPrivileges(*plain, "responder", {"ir:at", "ir:future", "ir:forever"});

  ReferenceContext one_second_later = Production();
  one_second_later.now = kNow + absl::Seconds(1);
  auto later = Evaluators::Create(model, one_second_later);
  ASSERT_NE(later, nullptr);
  ExpectSwitch(*later, "at_now", false);
  ExpectSwitch(*later, "future", true);
  ExpectPrivileges(*later, "responder", {"ir:future", "ir:forever"});

  ReferenceContext overridden = Production();
  overridden.switch_overrides = {
      {"just_expired", true}, {"off", true}, {"at_now", false}};
  auto forced = Evaluators::Create(model, overridden);
  ASSERT_NE(forced, nullptr);
  ExpectSwitch(*forced, "just_expired", true);
  ExpectSwitch(*forced, "off", true);
  ExpectSwitch(*forced, "at_now", false);
  ExpectPrivileges(*forced, "responder",
                   {"ir:past", "ir:future", "ir:forever", "ir:off"});
}

TEST(SemanticsTest, UnknownSwitchOverrideIsNotFound) {
  v1::Model model;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(switches { id: "known" active: true })pb", &model));
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  ASSERT_TRUE(policy.ok()) << policy.status();

  EvaluationContext context;
  context.now = kNow;
  context.switch_overrides = {{"unknown", true}};
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*policy, context);
  EXPECT_EQ(evaluator.status().code(), absl::StatusCode::kNotFound);
}

// Rule: cycles longer than one role are allowed and cut by visiting each
// (role, order) state once; every query terminates.
TEST(SemanticsTest, CyclesTerminate) {
  const std::string model = R"pb(
    privileges { id: "a:x" resource: "a" action: "x" }
    privileges { id: "b:x" resource: "b" action: "x" }
    privileges { id: "c:x" resource: "c" action: "x" }
    privileges { id: "m:second" resource: "m" action: "second" }
    privileges { id: "m:third" resource: "m" action: "third" }
    privileges { id: "m:fourth" resource: "m" action: "fourth" }
    roles { id: "a" inducements { role: "b" } inducements { privilege: "a:x" } }
    roles { id: "b" inducements { role: "c" } inducements { privilege: "b:x" } }
    roles { id: "c" inducements { role: "a" } inducements { privilege: "c:x" } }
    roles {
      id: "meta_one"
      assignments { role: "meta_two" }
      inducements { privilege: "m:second" order: 2 }
      inducements { privilege: "m:fourth" order: 4 }
    }
    roles {
      id: "meta_two"
      assignments { role: "meta_one" }
      inducements { privilege: "m:third" order: 3 }
    }
    roles { id: "team" assignments { role: "meta_one" } }
    users { id: "in_cycle" assignments { role: "b" } }
    users { id: "in_meta_cycle" assignments { role: "team" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);
  EXPECT_THAT(evaluators->policy().warnings(), Not(IsEmpty()))
      << "cycles are reported as warnings";

  ExpectPrivileges(*evaluators, "in_cycle", {"a:x", "b:x", "c:x"});
  ExpectRoles(*evaluators, "in_cycle", {"a", "b", "c"});

  // (team, 1) -> (meta_one, 2) -> (meta_two, 3) -> (meta_one, 4) -> ...
  // m:second from order 2, m:third from order 3, m:fourth from order 4 each
  // reach order 1.
  ExpectPrivileges(*evaluators, "in_meta_cycle",
                   {"m:second", "m:third", "m:fourth"});
  ExpectRoles(*evaluators, "in_meta_cycle", {"team"});
}

// Rule: states above CompileOptions::max_evaluation_order (16 by default)
// are not followed, which bounds the walk around an assignment cycle.
TEST(SemanticsTest, EvaluationOrderLimit) {
  const std::string model = R"pb(
    privileges { id: "m:fifteen" resource: "m" action: "fifteen" }
    privileges { id: "m:sixteen" resource: "m" action: "sixteen" }
    privileges { id: "m:seventeen" resource: "m" action: "seventeen" }
    roles {
      id: "meta_even"
      assignments { role: "meta_odd" }
      inducements { privilege: "m:sixteen" order: 16 }
    }
    roles {
      id: "meta_odd"
      assignments { role: "meta_even" }
      inducements { privilege: "m:fifteen" order: 15 }
      inducements { privilege: "m:seventeen" order: 17 }
    }
    roles { id: "team" assignments { role: "meta_even" } }
    users { id: "member" assignments { role: "team" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  // meta_even is evaluated at the even orders 2..16 and meta_odd at the odd
  // orders 3..15; (meta_odd, 17) is above the limit and never evaluated.
  ExpectPrivileges(*evaluators, "member", {"m:fifteen", "m:sixteen"});
}

TEST(SemanticsTest, SelfInducementIsRejected) {
  v1::Model model;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(roles { id: "loop" inducements { role: "loop" } })pb", &model));

  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SemanticsTest, SelfAssignmentIsRejected) {
  v1::Model model;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(roles { id: "loop" assignments { role: "loop" } })pb", &model));

  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SemanticsTest, ConsistencyOfCheckAndPopulation) {
  const std::string model = R"pb(
    privileges { id: "hr:read" resource: "hr" action: "read" }
    roles { id: "hr" inducements { privilege: "hr:read" } }
    users { id: "holder" assignments { role: "hr" } }
    users { id: "other" }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  ExpectCheck(*evaluators, "holder", "hr:read", true);
  ExpectCheck(*evaluators, "other", "hr:read", false);
  EXPECT_EQ(evaluators->FastWhoHas("hr:read"), Ids{"holder"});
  EXPECT_EQ(evaluators->reference().WhoHas("hr:read"), Ids{"holder"});
  EXPECT_EQ(evaluators->FastDormantHolders("hr:read"), Ids{});
}

// The meta-role model that the Explain tests share: dev -> developer (order 1)
// -> meta_engineering (order 2), whose order-2 inducement of vpn:connect
// reads the `vpn` switch.
const char kExplainModel[] = R"pb(
  privileges { id: "vpn:connect" resource: "vpn" action: "connect" }
  switches { id: "vpn" active: true }
  roles {
    id: "meta_engineering"
    inducements {
      privilege: "vpn:connect"
      order: 2
      condition { expression: "switches.vpn" }
    }
  }
  roles {
    id: "developer"
    assignments { role: "meta_engineering" }
  }
  users { id: "dev" assignments { role: "developer" } }
)pb";

// Finds the first path whose last step targets the privilege.
const v1::ExplanationPath* PathToPrivilege(const v1::Explanation& explanation,
                                           const std::string& privilege_id) {
  for (const v1::ExplanationPath& path : explanation.paths()) {
    if (path.steps_size() == 0) continue;
    const v1::PathStep& last = path.steps(path.steps_size() - 1);
    if (last.target() == privilege_id && last.target_is_privilege()) return &path;
  }
  return nullptr;
}

TEST(SemanticsTest, ExplainShowsMetaRolePath) {
  auto evaluators = Evaluators::Create(kExplainModel, Production());
  ASSERT_NE(evaluators, nullptr);
  ExpectPrivileges(*evaluators, "dev", {"vpn:connect"});

  v1::Explanation explanation = evaluators->fast().Explain(
      evaluators->User("dev"), evaluators->Privilege("vpn:connect"));
  EXPECT_TRUE(explanation.allowed());
  EXPECT_TRUE(explanation.user_active());
  EXPECT_EQ(explanation.user(), "dev");
  EXPECT_EQ(explanation.privilege(), "vpn:connect");
  EXPECT_FALSE(explanation.truncated());
  ASSERT_THAT(explanation.paths(), SizeIs(1));

  const v1::ExplanationPath* path = PathToPrivilege(explanation, "vpn:connect");
  ASSERT_NE(path, nullptr) << explanation.DebugString();
  EXPECT_TRUE(path->grants());
  ASSERT_THAT(path->steps(), SizeIs(3)) << explanation.DebugString();

  const v1::PathStep& assignment = path->steps(0);
  EXPECT_EQ(assignment.kind(), v1::PathStep::KIND_ASSIGNMENT);
  EXPECT_EQ(assignment.source(), "dev");
  EXPECT_EQ(assignment.target(), "developer");
  EXPECT_EQ(assignment.order(), 1);
  EXPECT_EQ(assignment.evaluation_order(), 1);
  EXPECT_TRUE(assignment.applies());

  const v1::PathStep& meta = path->steps(1);
  EXPECT_EQ(meta.kind(), v1::PathStep::KIND_ROLE_ASSIGNMENT);
  EXPECT_EQ(meta.source(), "developer");
  EXPECT_EQ(meta.target(), "meta_engineering");
  EXPECT_EQ(meta.order(), 1);
  EXPECT_EQ(meta.evaluation_order(), 2);
  EXPECT_TRUE(meta.applies());

  const v1::PathStep& inducement = path->steps(2);
  EXPECT_EQ(inducement.kind(), v1::PathStep::KIND_INDUCEMENT);
  EXPECT_EQ(inducement.source(), "meta_engineering");
  EXPECT_EQ(inducement.target(), "vpn:connect");
  EXPECT_TRUE(inducement.target_is_privilege());
  EXPECT_EQ(inducement.order(), 2);
  EXPECT_EQ(inducement.evaluation_order(), 1);
  EXPECT_TRUE(inducement.applies());
  EXPECT_EQ(inducement.condition().expression(), "switches.vpn");
  EXPECT_TRUE(inducement.condition().value());
  EXPECT_EQ(inducement.condition().error(), "");
}

TEST(SemanticsTest, ExplainShowsFalseCondition) {
  ReferenceContext switched_off = Production();
  switched_off.switch_overrides = {{"vpn", false}};
  auto evaluators = Evaluators::Create(kExplainModel, switched_off);
  ASSERT_NE(evaluators, nullptr);
  ExpectPrivileges(*evaluators, "dev", {});

  v1::Explanation explanation = evaluators->fast().Explain(
      evaluators->User("dev"), evaluators->Privilege("vpn:connect"));
  EXPECT_FALSE(explanation.allowed());

  const v1::ExplanationPath* path = PathToPrivilege(explanation, "vpn:connect");
  ASSERT_NE(path, nullptr) << explanation.DebugString();
  EXPECT_FALSE(path->grants());
  ASSERT_THAT(path->steps(), SizeIs(3)) << explanation.DebugString();

  const v1::PathStep& inducement = path->steps(2);
  EXPECT_FALSE(inducement.applies());
  EXPECT_FALSE(inducement.condition().value());
  EXPECT_EQ(inducement.condition().error(), "");
  EXPECT_NE(inducement.reason(), "");
}

TEST(SemanticsTest, ExplainShowsConditionError) {
  const std::string model = R"pb(
    privileges { id: "ops:deploy" resource: "ops" action: "deploy" }
    roles {
      id: "operations"
      inducements {
        privilege: "ops:deploy"
        condition { expression: "user.attributes[\"dept\"] == \"ops\"" }
      }
    }
    users { id: "no_dept" assignments { role: "operations" } }
  )pb";
  auto evaluators = Evaluators::Create(model, Production());
  ASSERT_NE(evaluators, nullptr);

  v1::Explanation explanation = evaluators->fast().Explain(
      evaluators->User("no_dept"), evaluators->Privilege("ops:deploy"));
  EXPECT_FALSE(explanation.allowed());

  const v1::ExplanationPath* path = PathToPrivilege(explanation, "ops:deploy");
  ASSERT_NE(path, nullptr) << explanation.DebugString();
  EXPECT_FALSE(path->grants());
  ASSERT_THAT(path->steps(), SizeIs(2)) << explanation.DebugString();
  EXPECT_FALSE(path->steps(1).condition().value());
  EXPECT_NE(path->steps(1).condition().error(), "");
}

}  // namespace
}  // namespace rolegraph::test
