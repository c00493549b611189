// The compiled form of a model: dense ids, contiguous adjacency (CSR) and
// compiled conditions. Built once by Compile and never changed afterwards.
#ifndef ROLEGRAPH_SRC_ENGINE_COMPILED_MODEL_H_
#define ROLEGRAPH_SRC_ENGINE_COMPILED_MODEL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "condition/condition.h"
#include "engine/string_pool.h"
#include "rolegraph/internal/hot_path.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/model.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::internal {

// An activation and lifecycle state. Items share entries of one table, and
// entry 0 is the default: enabled, active, unbounded.
struct Activity {
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_to = absl::InfiniteFuture();
  v1::AdministrativeStatus administrative_status =
      v1::ADMINISTRATIVE_STATUS_UNSPECIFIED;
  v1::LifecycleState lifecycle_state = v1::LIFECYCLE_STATE_UNSPECIFIED;

  bool disabled() const {
    return administrative_status == v1::ADMINISTRATIVE_STATUS_DISABLED;
  }

  friend bool operator==(const Activity&, const Activity&) = default;

  template <typename H>
  friend H AbslHashValue(H state, const Activity& activity) {
    // Saturating conversions: far-off times may collide, which only costs
    // an equality comparison.
    return H::combine(
        std::move(state),
        absl::ToInt64Nanoseconds(activity.valid_from - absl::UnixEpoch()),
        absl::ToInt64Nanoseconds(activity.valid_to - absl::UnixEpoch()),
        static_cast<int>(activity.administrative_status),
        static_cast<int>(activity.lifecycle_state));
  }
};

struct CompiledInducement {
  // A RoleIndex or a PrivilegeIndex, as `target_is_privilege` tells apart.
  uint32_t target;
  uint32_t activity;
  int32_t condition;
  // The order, with 0 normalised to 1.
  int32_t order;
  bool target_is_privilege;
};

// A compiled condition and where it sits in the model.
struct ConditionSite {
  std::unique_ptr<const condition::CompiledCondition> condition;
  // The role that `role` refers to in the condition: the assigned role for
  // an assignment, the role holding it for an inducement.
  RoleIndex role;
  // The field path of the condition, such as "roles[2].inducements[0]".
  std::string model_path;
  // The first condition that has the same value for every user in every
  // context: the same source, and neither reads `role`. Its own index when
  // there is none before it.
  int32_t same_value_as;
  // The positions in the user attribute strings of the keys that the
  // condition reads, when it reads the user only through them
  // (CompiledCondition::user_attribute_keys). kNoText for a key no user has.
  std::optional<std::vector<uint32_t>> user_key_ids;
};

// Offsets into a flat array: item i owns [offsets[i], offsets[i + 1]).
template <typename T>
struct Csr {
  std::vector<uint32_t> offsets{0};
  std::vector<T> items;

  absl::Span<const T> of(uint32_t i) const {
    return absl::MakeConstSpan(items.data() + offsets[i],
                               offsets[i + 1] - offsets[i]);
  }
};

// The texts of a user assignment that evaluation does not read, kept so
// that Policy::ToModel gives them back. Most assignments have none.
struct AssignmentText {
  std::string description;
  std::string condition_description;
};

struct CompiledModel {
  CompiledModel() = default;
  CompiledModel(const CompiledModel&) = delete;
  CompiledModel& operator=(const CompiledModel&) = delete;

  // The model without its users, which are kept below in compiled form:
  // ids, display names and attributes in string pools, activation in the
  // activity table, assignments in `user_assignments`.
  v1::Model definitions;
  std::vector<v1::Diagnostic> warnings;
  // CompileOptions::file_name, named in evaluation diagnostics.
  std::string file_name;
  int max_evaluation_order = 16;

  // Sorted ids; the position is the dense index.
  IdTable user_ids;
  std::vector<std::string> role_ids;
  std::vector<std::string> privilege_ids;
  std::vector<std::string> switch_ids;

  absl::flat_hash_map<std::string, RoleIndex> role_index;
  absl::flat_hash_map<std::string, PrivilegeIndex> privilege_index;
  absl::flat_hash_map<std::string, SwitchIndex> switch_index;
  absl::flat_hash_map<std::string, std::vector<PrivilegeIndex>> resource_privileges;

  // Dense index to position in the model's repeated field.
  std::vector<uint32_t> user_position;
  std::vector<uint32_t> role_position;
  std::vector<uint32_t> privilege_position;
  std::vector<uint32_t> switch_position;

  StringPool user_display_names;
  AttributeTable user_attributes;
  // Indexed like user_assignments.items.
  absl::flat_hash_map<uint32_t, AssignmentText> user_assignment_texts;

  std::vector<Activity> activities;
  std::vector<uint32_t> user_activity;
  std::vector<uint32_t> role_activity;

  // Assignments and inducements in model order for each user or role.
  Csr<CompiledAssignment> user_assignments;
  Csr<CompiledAssignment> role_assignments;
  Csr<CompiledInducement> role_inducements;

  std::vector<ConditionSite> conditions;

  // For each role, the users with an assignment to it, sorted; a user
  // assigned twice appears twice.
  Csr<UserIndex> role_assignees;
  // Users with at least one conditional assignment, sorted.
  std::vector<UserIndex> users_with_conditional_assignments;

  size_t user_count() const { return user_ids.size(); }
  const v1::Role& role(RoleIndex r) const {
    return definitions.roles(static_cast<int>(role_position[r]));
  }
  const v1::Switch& switch_config(SwitchIndex s) const {
    return definitions.switches(static_cast<int>(switch_position[s]));
  }
  uint32_t state_count() const {
    return static_cast<uint32_t>(role_ids.size()) *
           static_cast<uint32_t>(max_evaluation_order);
  }
};

}  // namespace rolegraph::internal

#endif  // ROLEGRAPH_SRC_ENGINE_COMPILED_MODEL_H_
