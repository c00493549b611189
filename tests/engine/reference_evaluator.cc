#include "reference_evaluator.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/types/span.h"
#include "google/protobuf/timestamp.pb.h"

namespace rolegraph::test {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

bool LifecycleInEffect(v1::LifecycleState state, bool development) {
  switch (state) {
    case v1::LIFECYCLE_STATE_UNSPECIFIED:
    case v1::LIFECYCLE_STATE_ACTIVE:
      return true;
    case v1::LIFECYCLE_STATE_DEPRECATED:
      return !development;
    case v1::LIFECYCLE_STATE_PROPOSED:
      return development;
    default:
      // Draft, archived and values outside the enum are never in effect.
      return false;
  }
}

bool CarriesPrivileges(v1::Relation relation) {
  return relation == v1::RELATION_MEMBER || relation == v1::RELATION_MANAGER;
}

}  // namespace

ReferenceEvaluator::ReferenceEvaluator(const v1::Model& model,
                                       ReferenceContext context)
    : model_(model), context_(std::move(context)) {
  switch_values_ = std::make_unique<bool[]>(model_.switches_size());
  for (int i = 0; i < model_.switches_size(); ++i) {
    const v1::Switch& config = model_.switches(i);
    declarations_.switch_ids.push_back(config.id());
    switch_values_[i] = SwitchOn(config.id());
  }
}

bool ReferenceEvaluator::SwitchOn(const std::string& id) const {
  auto forced = context_.switch_overrides.find(id);
  if (forced != context_.switch_overrides.end()) return forced->second;

  for (const v1::Switch& config : model_.switches()) {
    if (config.id() != id) continue;
    if (!config.active()) return false;
    return !config.has_expires_at() ||
           context_.now <= ToTime(config.expires_at());
  }
  return false;
}

bool ReferenceEvaluator::IsActive(const v1::Activation& activation,
                                  v1::LifecycleState lifecycle_state) const {
  if (!LifecycleInEffect(lifecycle_state, context_.development)) return false;

  if (activation.administrative_status() ==
      v1::ADMINISTRATIVE_STATUS_DISABLED) {
    return false;
  }

  if (activation.has_valid_from() &&
      context_.now < ToTime(activation.valid_from())) {
    return false;
  }
  if (activation.has_valid_to() &&
      context_.now > ToTime(activation.valid_to())) {
    return false;
  }
  return true;
}

bool ReferenceEvaluator::IsUserActive(const std::string& user_id) const {
  const v1::User* user = FindUser(user_id);
  return user != nullptr && IsActive(user->activation(), user->lifecycle_state());
}

bool ReferenceEvaluator::ConditionHolds(const v1::Condition& condition,
                                        const v1::User* user,
                                        const v1::Role& role,
                                        bool* user_dependent) {
  if (condition.expression().empty()) return true;

  auto cached = conditions_.find(condition.expression());
  if (cached == conditions_.end()) {
    auto compiled =
        condition::Compile(condition.expression(), declarations_);
    std::unique_ptr<const condition::CompiledCondition> entry;
    if (compiled.ok()) entry = std::move(*compiled);
    cached = conditions_.emplace(condition.expression(), std::move(entry)).first;
  }
  // A condition that does not compile fails closed, like one that fails to
  // evaluate. Valid models have none.
  if (cached->second == nullptr) return false;

  if (user == nullptr &&
      cached->second->dependency() == condition::Dependency::kUser) {
    *user_dependent = true;
    return false;
  }

  condition::Activation activation;
  activation.now = context_.now;
  activation.switches = absl::Span<const bool>(switch_values_.get(),
                                               model_.switches_size());
  std::optional<condition::ProtoAttributeMap> user_attributes;
  if (user != nullptr) {
    user_attributes.emplace(user->attributes());
    activation.user = {user->id(), &*user_attributes};
  }
  const condition::ProtoAttributeMap role_attributes(role.attributes());
  activation.role = {role.id(), &role_attributes};

  absl::StatusOr<bool> value = cached->second->Evaluate(activation);
  return value.ok() && *value;
}

const v1::User* ReferenceEvaluator::FindUser(const std::string& id) const {
  for (const v1::User& user : model_.users()) {
    if (user.id() == id) return &user;
  }
  return nullptr;
}

const v1::Role* ReferenceEvaluator::FindRole(const std::string& id) const {
  for (const v1::Role& role : model_.roles()) {
    if (role.id() == id) return &role;
  }
  return nullptr;
}

bool ReferenceEvaluator::AssignmentCounts(const v1::Assignment& assignment,
                                          const v1::User* user,
                                          bool* user_dependent) {
  if (!CarriesPrivileges(assignment.relation())) return false;
  if (!IsActive(assignment.activation(), assignment.lifecycle_state())) {
    return false;
  }
  // Assignment conditions see the assigned role as `role`.
  const v1::Role* target = FindRole(assignment.role());
  return target != nullptr &&
         ConditionHolds(assignment.condition(), user, *target, user_dependent);
}

ReferenceEvaluator::UserResult ReferenceEvaluator::Walk(
    const v1::User* user, const std::vector<std::string>& start_roles,
    bool* user_dependent) {
  UserResult result;
  std::set<std::pair<std::string, int>> visited;
  std::vector<std::pair<const v1::Role*, int>> pending;

  auto enqueue = [&](const std::string& role_id, int order) {
    if (order > context_.max_evaluation_order) return;
    const v1::Role* role = FindRole(role_id);
    if (role == nullptr) return;
    if (!visited.insert({role_id, order}).second) return;
    pending.push_back({role, order});
  };

  for (const std::string& role_id : start_roles) enqueue(role_id, 1);

  while (!pending.empty()) {
    auto [role, order] = pending.back();
    pending.pop_back();

    if (order == 1) result.roles.insert(role->id());
    if (!IsActive(role->activation(), role->lifecycle_state())) continue;

    for (const v1::Assignment& assignment : role->assignments()) {
      if (AssignmentCounts(assignment, user, user_dependent)) {
        enqueue(assignment.role(), order + 1);
      }
    }

    for (const v1::Inducement& inducement : role->inducements()) {
      if (!IsActive(inducement.activation(), inducement.lifecycle_state())) {
        continue;
      }
      // The order decides before the condition, so that a condition on an
      // inducement that leads nowhere is not evaluated.
      int target_order = order - (std::max(inducement.order(), 1) - 1);
      if (target_order < 1) continue;
      if (inducement.has_privilege() && target_order != 1) continue;
      if (!ConditionHolds(inducement.condition(), user, *role, user_dependent)) {
        continue;
      }

      if (inducement.has_role()) {
        enqueue(inducement.role(), target_order);
      } else if (inducement.has_privilege()) {
        result.privileges.insert(inducement.privilege());
      }
    }
  }
  return result;
}

const ReferenceEvaluator::UserResult& ReferenceEvaluator::Evaluate(
    const std::string& user_id, bool latent) {
  auto key = std::make_pair(user_id, latent);
  auto cached = results_.find(key);
  if (cached != results_.end()) return cached->second;

  UserResult result;
  const v1::User* user = FindUser(user_id);
  if (user != nullptr && (latent || IsUserActive(user_id))) {
    std::vector<std::string> assigned_roles;
    for (const v1::Assignment& assignment : user->assignments()) {
      if (AssignmentCounts(assignment, user, nullptr)) {
        assigned_roles.push_back(assignment.role());
      }
    }
    result = Walk(user, assigned_roles, nullptr);
  }
  return results_.emplace(key, std::move(result)).first->second;
}

bool ReferenceEvaluator::Check(const std::string& user_id,
                               const std::string& privilege_id, bool latent) {
  return Evaluate(user_id, latent).privileges.count(privilege_id) > 0;
}

std::set<std::string> ReferenceEvaluator::EffectivePrivileges(
    const std::string& user_id, bool latent) {
  return Evaluate(user_id, latent).privileges;
}

std::set<std::string> ReferenceEvaluator::EffectiveRoles(
    const std::string& user_id, bool latent) {
  return Evaluate(user_id, latent).roles;
}

std::set<std::string> ReferenceEvaluator::WhoHas(
    const std::string& privilege_id) {
  std::set<std::string> holders;
  for (const v1::User& user : model_.users()) {
    if (IsUserActive(user.id()) && Check(user.id(), privilege_id)) {
      holders.insert(user.id());
    }
  }
  return holders;
}

std::set<std::string> ReferenceEvaluator::DormantHolders(
    const std::string& privilege_id) {
  std::set<std::string> holders;
  for (const v1::User& user : model_.users()) {
    if (!IsUserActive(user.id()) &&
        Check(user.id(), privilege_id, /*latent=*/true)) {
      holders.insert(user.id());
    }
  }
  return holders;
}


std::set<std::string> ReferenceEvaluator::RoleMembers(const std::string& role_id) {
  std::set<std::string> members;
  for (const v1::User& user : model_.users()) {
    if (IsUserActive(user.id()) && EffectiveRoles(user.id()).count(role_id) > 0) {
      members.insert(user.id());
    }
  }
  return members;
}

std::set<std::string> ReferenceEvaluator::RolePrivileges(
    const std::string& role_id, bool* user_dependent) {
  bool reads_user = false;
  UserResult result = Walk(nullptr, {role_id}, &reads_user);
  if (user_dependent != nullptr) *user_dependent = reads_user;
  return result.privileges;
}

}  // namespace rolegraph::test
