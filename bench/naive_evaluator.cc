#include "naive_evaluator.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace rolegraph::bench {
namespace {

// The same bound as CompileOptions::max_evaluation_order's default.
constexpr int kMaxEvaluationOrder = 16;

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

bool CarriesPrivileges(v1::Relation relation) {
  return relation == v1::RELATION_MEMBER || relation == v1::RELATION_MANAGER;
}

}  // namespace

NaiveEvaluator::NaiveEvaluator(
    const v1::Model& model, absl::Time now,
    std::vector<std::pair<std::string, bool>> switch_overrides)
    : now_(now), switch_overrides_(std::move(switch_overrides)) {
  for (const v1::User& user : model.users()) users_[user.id()] = &user;
  for (const v1::Role& role : model.roles()) roles_[role.id()] = &role;
  for (const v1::Switch& item : model.switches()) switches_[item.id()] = &item;
}

// Production configuration: active (or unset) and deprecated items are in
// effect. Both ends of the validity window are inclusive.
bool NaiveEvaluator::InEffect(const v1::Activation& activation,
                              v1::LifecycleState lifecycle_state) const {
  if (lifecycle_state != v1::LIFECYCLE_STATE_UNSPECIFIED &&
      lifecycle_state != v1::LIFECYCLE_STATE_ACTIVE &&
      lifecycle_state != v1::LIFECYCLE_STATE_DEPRECATED) {
    return false;
  }
  if (activation.administrative_status() == v1::ADMINISTRATIVE_STATUS_DISABLED) {
    return false;
  }
  if (activation.has_valid_from() && now_ < ToTime(activation.valid_from())) {
    return false;
  }
  if (activation.has_valid_to() && now_ > ToTime(activation.valid_to())) {
    return false;
  }
  return true;
}

bool NaiveEvaluator::SwitchOn(const std::string& id, bool* known) const {
  for (const auto& [override_id, value] : switch_overrides_) {
    if (override_id == id) {
      *known = true;
      return value;
    }
  }
  auto it = switches_.find(id);
  *known = it != switches_.end();
  if (!*known || !it->second->active()) return false;
  return !it->second->has_expires_at() || now_ <= ToTime(it->second->expires_at());
}

// Interprets the two condition forms that the generator writes. A missing
// attribute or an unknown switch fails the condition (fail closed).
bool NaiveEvaluator::ConditionHolds(const v1::Condition& condition,
                                    const v1::User& user) const {
  absl::string_view expression = condition.expression();
  if (expression.empty()) return true;

  if (absl::ConsumePrefix(&expression, "switches.")) {
    bool known = false;
    const bool on = SwitchOn(std::string(expression), &known);
    return known && on;
  }

  absl::string_view rest = expression;
  if (absl::ConsumePrefix(&rest, "user.attributes[\"")) {
    const size_t key_end = rest.find("\"] == \"");
    if (key_end != absl::string_view::npos && absl::EndsWith(rest, "\"")) {
      const std::string key(rest.substr(0, key_end));
      absl::string_view value = rest.substr(key_end + 7);
      value.remove_suffix(1);
      auto it = user.attributes().find(key);
      return it != user.attributes().end() && it->second == value;
    }
  }

  ++unsupported_conditions_;
  return false;
}

// Follows every edge out of state (role, order). An inactive role keeps its
// membership but contributes nothing, so the walk stops there.
bool NaiveEvaluator::Reaches(const v1::User& user, const v1::Role& role,
                             int order, const std::string& privilege_id,
                             Visited& visited) const {
  if (!visited.emplace(role.id(), order).second) return false;
  if (!InEffect(role.activation(), role.lifecycle_state())) return false;

  for (const v1::Inducement& inducement : role.inducements()) {
    if (!InEffect(inducement.activation(), inducement.lifecycle_state())) continue;
    if (!ConditionHolds(inducement.condition(), user)) continue;

    const int inducement_order = std::max(inducement.order(), 1);
    const int target_order = order - (inducement_order - 1);
    if (target_order < 1) continue;

    if (inducement.has_privilege()) {
      if (target_order == 1 && inducement.privilege() == privilege_id) return true;
      continue;
    }
    auto target = roles_.find(inducement.role());
    if (target == roles_.end()) continue;
    if (Reaches(user, *target->second, target_order, privilege_id, visited)) {
      return true;
    }
  }

  for (const v1::Assignment& assignment : role.assignments()) {
    if (!CarriesPrivileges(assignment.relation())) continue;
    if (!InEffect(assignment.activation(), assignment.lifecycle_state())) continue;
    if (!ConditionHolds(assignment.condition(), user)) continue;
    if (order + 1 > kMaxEvaluationOrder) continue;

    auto meta = roles_.find(assignment.role());
    if (meta == roles_.end()) continue;
    if (Reaches(user, *meta->second, order + 1, privilege_id, visited)) return true;
  }
  return false;
}

bool NaiveEvaluator::Check(const std::string& user_id,
                           const std::string& privilege_id) const {
  auto user_it = users_.find(user_id);
  if (user_it == users_.end()) return false;
  const v1::User& user = *user_it->second;
  if (!InEffect(user.activation(), user.lifecycle_state())) return false;

  Visited visited;
  for (const v1::Assignment& assignment : user.assignments()) {
    if (!CarriesPrivileges(assignment.relation())) continue;
    if (!InEffect(assignment.activation(), assignment.lifecycle_state())) continue;
    if (!ConditionHolds(assignment.condition(), user)) continue;

    auto role = roles_.find(assignment.role());
    if (role == roles_.end()) continue;
    if (Reaches(user, *role->second, 1, privilege_id, visited)) return true;
  }
  return false;
}

}  // namespace rolegraph::bench
