// Rebuilds users, and the whole model, from the compiled policy, which does
// not keep the users' protobuf messages.
#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "engine/compiled_model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using internal::Activity;
using internal::CompiledAssignment;
using internal::CompiledModel;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

// Sets the activation and lifecycle fields of `item` from `activity`.
template <typename Item>
void SetActivity(const Activity& activity, Item& item) {
  item.set_lifecycle_state(activity.lifecycle_state);
  const bool bounded_from = activity.valid_from != absl::InfinitePast();
  const bool bounded_to = activity.valid_to != absl::InfiniteFuture();
  if (activity.administrative_status == v1::ADMINISTRATIVE_STATUS_UNSPECIFIED &&
      !bounded_from && !bounded_to) {
    return;
  }
  v1::Activation& activation = *item.mutable_activation();
  activation.set_administrative_status(activity.administrative_status);
  if (bounded_from) *activation.mutable_valid_from() = ToTimestamp(activity.valid_from);
  if (bounded_to) *activation.mutable_valid_to() = ToTimestamp(activity.valid_to);
}

void RebuildUser(const CompiledModel& model, UserIndex user, v1::User& out) {
  out.set_id(std::string(model.user_ids[user]));
  out.set_display_name(std::string(model.user_display_names[user]));
  auto& attributes = *out.mutable_attributes();
  for (const internal::AttributeEntry& entry : model.user_attributes.of(user)) {
    attributes[std::string(model.user_attributes.strings[entry.key])] =
        std::string(model.user_attributes.strings[entry.value]);
  }
  SetActivity(model.activities[model.user_activity[user]], out);

  const uint32_t first = model.user_assignments.offsets[user];
  const auto assignments = model.user_assignments.of(user);
  for (uint32_t i = 0; i < assignments.size(); ++i) {
    const CompiledAssignment& compiled = assignments[i];
    v1::Assignment& assignment = *out.add_assignments();
    assignment.set_role(model.role_ids[compiled.role]);
    assignment.set_relation(compiled.relation);
    SetActivity(model.activities[compiled.activity], assignment);
    if (compiled.condition != internal::kNoCondition) {
      assignment.mutable_condition()->set_expression(
          model.conditions[static_cast<size_t>(compiled.condition)].condition->source());
    }
    auto text = model.user_assignment_texts.find(first + i);
    if (text != model.user_assignment_texts.end()) {
      assignment.set_description(text->second.description);
      if (!text->second.condition_description.empty()) {
        assignment.mutable_condition()->set_description(text->second.condition_description);
      }
    }
  }
}

}  // namespace

v1::User Policy::user(UserIndex user) const {
  v1::User out;
  RebuildUser(*compiled_, user, out);
  return out;
}

v1::Model Policy::ToModel() const {
  const CompiledModel& model = *compiled_;
  v1::Model out = model.definitions;
  std::vector<UserIndex> at_position(model.user_count());
  for (UserIndex u = 0; u < model.user_count(); ++u) {
    at_position[model.user_position[u]] = u;
  }
  out.mutable_users()->Reserve(static_cast<int>(model.user_count()));
  for (UserIndex u : at_position) RebuildUser(model, u, *out.add_users());
  return out;
}

}  // namespace rolegraph
