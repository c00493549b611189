#include "random_model.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/timestamp.pb.h"

namespace rolegraph::test {
namespace {

// Offsets from kRandomModelNow for validity-window ends and switch expiries:
// exactly now, one nanosecond or second either side, and a day either side.
const absl::Duration kBoundaryOffsets[] = {
    absl::ZeroDuration(),    absl::ZeroDuration(),  absl::Nanoseconds(1),
    -absl::Nanoseconds(1),   absl::Seconds(1),      -absl::Seconds(1),
    absl::Hours(24),         -absl::Hours(24),
};

const v1::LifecycleState kLifecycleStates[] = {
    v1::LIFECYCLE_STATE_ACTIVE,   v1::LIFECYCLE_STATE_DRAFT,
    v1::LIFECYCLE_STATE_PROPOSED, v1::LIFECYCLE_STATE_DEPRECATED,
    v1::LIFECYCLE_STATE_ARCHIVED,
};

const char* const kDepartments[] = {"ops", "dev", "sales"};

// The meta-role level of a role: 0 for roles that users are assigned,
// 1 for meta-roles, 2 for meta-meta-roles.
constexpr int kMaxLevel = 2;

class Generator {
 public:
  explicit Generator(uint64_t seed) : engine_(seed) {}

  v1::Model Generate(uint64_t seed);

 private:
  // A uniform integer in [low, high]. The modulo bias is irrelevant here.
  int Uniform(int low, int high) {
    return low + static_cast<int>(engine_() % static_cast<uint64_t>(high - low + 1));
  }
  bool Percent(int percent) { return Uniform(0, 99) < percent; }

  template <typename T, size_t N>
  const T& Pick(const T (&values)[N]) {
    return values[Uniform(0, static_cast<int>(N) - 1)];
  }

  void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp);
  absl::Time BoundaryTime() { return kRandomModelNow + Pick(kBoundaryOffsets); }

  void FillActivation(v1::Activation* activation);
  v1::LifecycleState RandomLifecycleState();
  v1::Relation RandomRelation();
  std::string RandomCondition();
  // A role other than `self`, preferring roles of `level`.
  int PickRole(int self, int level);

  void AddPrivileges(v1::Model& model);
  void AddSwitches(v1::Model& model);
  void AddRoles(v1::Model& model);
  void AddRoleEdges(v1::Role& role, int self);
  void AddUsers(v1::Model& model);

  std::mt19937_64 engine_;
  std::vector<std::string> privilege_ids_;
  std::vector<std::string> switch_ids_;
  std::vector<std::string> role_ids_;
  std::vector<int> role_levels_;
  int user_count_ = 0;
};

void Generator::SetTimestamp(absl::Time time,
                             google::protobuf::Timestamp* timestamp) {
  absl::Duration since_epoch = time - absl::UnixEpoch();
  int64_t seconds = absl::IDivDuration(since_epoch, absl::Seconds(1),
                                       &since_epoch);
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(since_epoch)));
}

void Generator::FillActivation(v1::Activation* activation) {
  if (Percent(70)) return;

  int status = Uniform(0, 9);
  if (status < 2) {
    activation->set_administrative_status(v1::ADMINISTRATIVE_STATUS_DISABLED);
  } else if (status < 4) {
    activation->set_administrative_status(v1::ADMINISTRATIVE_STATUS_ENABLED);
  }

  bool has_from = Percent(50);
  bool has_to = Percent(50);
  absl::Time from = BoundaryTime();
  absl::Time to = BoundaryTime();
  // valid_to before valid_from is a validation error.
  if (has_from && has_to && to < from) std::swap(from, to);
  if (has_from) SetTimestamp(from, activation->mutable_valid_from());
  if (has_to) SetTimestamp(to, activation->mutable_valid_to());
}

v1::LifecycleState Generator::RandomLifecycleState() {
  if (Percent(75)) return v1::LIFECYCLE_STATE_UNSPECIFIED;
  return Pick(kLifecycleStates);
}

v1::Relation Generator::RandomRelation() {
  int draw = Uniform(0, 9);
  if (draw < 6) return v1::RELATION_MEMBER;
  if (draw < 8) return v1::RELATION_MANAGER;
  if (draw < 9) return v1::RELATION_OWNER;
  return v1::RELATION_APPROVER;
}

std::string Generator::RandomCondition() {
  std::string some_switch =
      switch_ids_.empty() ? "" : switch_ids_[Uniform(0, switch_ids_.size() - 1)];
  std::string some_role = role_ids_[Uniform(0, role_ids_.size() - 1)];
  std::string some_user = absl::StrCat("u", Uniform(0, user_count_ - 1));
  // Both RFC 3339 spellings of UTC: "Z" and "+00:00".
  std::string at_now = absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", kRandomModelNow,
                                        absl::UTCTimeZone());
  std::string near_now = absl::FormatTime(absl::RFC3339_full, BoundaryTime(),
                                          absl::UTCTimeZone());

  switch (Uniform(0, 17)) {
    // Constant conditions.
    case 0: return "true";
    case 1: return "false";
    case 2: return "1 == 2";
    case 3: return "1 == 1";
    // Context-only conditions: switches, time and the role.
    case 4:
      if (!some_switch.empty()) return absl::StrCat("switches.", some_switch);
      return "true";
    case 5:
      if (!some_switch.empty()) return absl::StrCat("!switches.", some_switch);
      return "false";
    case 6: return absl::StrFormat("now >= timestamp(\"%s\")", at_now);
    case 7: return absl::StrFormat("now <= timestamp(\"%s\")", near_now);
    case 8: return absl::StrFormat("now > timestamp(\"%s\")", near_now);
    case 9: return absl::StrFormat("role.id == \"%s\"", some_role);
    // Fails to evaluate for roles without the attribute.
    case 10: return "role.attributes[\"tier\"] == \"gold\"";
    // Per-user conditions. The ones that index `dept` fail for users
    // without it.
    case 11: return "user.attributes[\"dept\"] == \"ops\"";
    case 12: return "user.attributes[\"dept\"] != \"dev\"";
    case 13: return absl::StrFormat("user.id == \"%s\"", some_user);
    case 14: return "user.attributes[\"missing\"] == \"x\"";
    case 15:
      if (!some_switch.empty()) {
        return absl::StrFormat("user.attributes[\"dept\"] == \"ops\" || switches.%s",
                               some_switch);
      }
      return "user.attributes[\"dept\"] == \"ops\" || false";
    case 16:
      return absl::StrFormat(
          "user.attributes[\"dept\"] == \"dev\" && role.id != \"%s\"", some_role);
    default:
      return absl::StrFormat("user.id.startsWith(\"%s\")", some_user);
  }
}

int Generator::PickRole(int self, int level) {
  std::vector<int> candidates;
  for (int i = 0; i < static_cast<int>(role_ids_.size()); ++i) {
    if (i != self && role_levels_[i] == level) candidates.push_back(i);
  }
  if (candidates.empty() || Percent(20)) {
    candidates.clear();
    for (int i = 0; i < static_cast<int>(role_ids_.size()); ++i) {
      if (i != self) candidates.push_back(i);
    }
  }
  return candidates[Uniform(0, candidates.size() - 1)];
}

void Generator::AddPrivileges(v1::Model& model) {
  int count = Uniform(3, 12);
  for (int i = 0; i < count; ++i) {
    v1::Privilege* privilege = model.add_privileges();
    std::string resource = absl::StrCat("res", i % 4);
    std::string action = absl::StrCat("act", i);
    privilege->set_id(absl::StrCat(resource, ":", action));
    privilege->set_resource(resource);
    privilege->set_action(action);
    privilege->set_sensitivity(static_cast<v1::Sensitivity>(Uniform(1, 4)));
    privilege_ids_.push_back(privilege->id());
  }
}

void Generator::AddSwitches(v1::Model& model) {
  int count = Uniform(0, 3);
  for (int i = 0; i < count; ++i) {
    v1::Switch* config = model.add_switches();
    config->set_id(absl::StrCat("s", i));
    config->set_active(Percent(60));
    if (Percent(60)) SetTimestamp(BoundaryTime(), config->mutable_expires_at());
    switch_ids_.push_back(config->id());
  }
}

void Generator::AddRoles(v1::Model& model) {
  int count = Uniform(3, 15);
  for (int i = 0; i < count; ++i) {
    role_ids_.push_back(absl::StrCat("r", i));
    // About half the roles are plain roles, the rest meta-roles of levels 1
    // and 2.
    role_levels_.push_back(Percent(50) ? 0 : Uniform(1, kMaxLevel));
  }

  for (int i = 0; i < count; ++i) {
    v1::Role* role = model.add_roles();
    role->set_id(role_ids_[i]);
    role->set_kind(role_levels_[i] > 0 ? v1::ROLE_KIND_META
                                       : static_cast<v1::RoleKind>(Uniform(1, 4)));
    if (Percent(50)) {
      (*role->mutable_attributes())["tier"] = Percent(50) ? "gold" : "silver";
    }
    FillActivation(role->mutable_activation());
    if (role->activation().ByteSizeLong() == 0) role->clear_activation();
    role->set_lifecycle_state(RandomLifecycleState());
    AddRoleEdges(*role, i);
  }
}

void Generator::AddRoleEdges(v1::Role& role, int self) {
  int level = role_levels_[self];

  int assignment_count = Uniform(0, level < kMaxLevel ? 2 : 1);
  for (int i = 0; i < assignment_count; ++i) {
    v1::Assignment* assignment = role.add_assignments();
    assignment->set_role(role_ids_[PickRole(self, level + 1)]);
    assignment->set_relation(RandomRelation());
    FillActivation(assignment->mutable_activation());
    if (assignment->activation().ByteSizeLong() == 0) {
      assignment->clear_activation();
    }
    assignment->set_lifecycle_state(RandomLifecycleState());
    if (Percent(25)) assignment->mutable_condition()->set_expression(RandomCondition());
  }

  int inducement_count = Uniform(0, 4);
  for (int i = 0; i < inducement_count; ++i) {
    v1::Inducement* inducement = role.add_inducements();
    if (Percent(35)) {
      // Order 1 between roles of one level (meta-role to meta-role passes
      // higher-order content along), or a higher order into lower levels.
      inducement->set_role(role_ids_[PickRole(self, level)]);
      inducement->set_order(Percent(70) ? Uniform(0, 1) : Uniform(2, 3));
    } else {
      inducement->set_privilege(
          privilege_ids_[Uniform(0, privilege_ids_.size() - 1)]);
      // Mostly the order that reaches users assigned to level-0 roles.
      inducement->set_order(Percent(65) ? level + 1 : Uniform(0, 3));
    }
    FillActivation(inducement->mutable_activation());
    if (inducement->activation().ByteSizeLong() == 0) {
      inducement->clear_activation();
    }
    inducement->set_lifecycle_state(RandomLifecycleState());
    if (Percent(30)) inducement->mutable_condition()->set_expression(RandomCondition());
  }
}

void Generator::AddUsers(v1::Model& model) {
  for (int i = 0; i < user_count_; ++i) {
    v1::User* user = model.add_users();
    user->set_id(absl::StrCat("u", i));
    if (Percent(75)) (*user->mutable_attributes())["dept"] = Pick(kDepartments);
    FillActivation(user->mutable_activation());
    if (user->activation().ByteSizeLong() == 0) user->clear_activation();
    user->set_lifecycle_state(RandomLifecycleState());

    int assignment_count = Uniform(0, 4);
    for (int j = 0; j < assignment_count; ++j) {
      v1::Assignment* assignment = user->add_assignments();
      // Mostly plain roles. A direct assignment to a meta-role evaluates it
      // at order 1, where its higher-order inducements are skipped.
      assignment->set_role(role_ids_[PickRole(-1, Percent(80) ? 0 : 1)]);
      assignment->set_relation(RandomRelation());
      FillActivation(assignment->mutable_activation());
      if (assignment->activation().ByteSizeLong() == 0) {
        assignment->clear_activation();
      }
      assignment->set_lifecycle_state(RandomLifecycleState());
      if (Percent(25)) {
        assignment->mutable_condition()->set_expression(RandomCondition());
      }
    }
  }
}

v1::Model Generator::Generate(uint64_t seed) {
  v1::Model model;
  model.set_name(absl::StrCat("random-", seed));
  // Conditions name users, so the count is drawn before any role exists.
  user_count_ = Uniform(2, 10);

  AddPrivileges(model);
  AddSwitches(model);
  AddRoles(model);
  AddUsers(model);
  return model;
}

}  // namespace

v1::Model GenerateRandomModel(uint64_t seed) {
  return Generator(seed).Generate(seed);
}

}  // namespace rolegraph::test
