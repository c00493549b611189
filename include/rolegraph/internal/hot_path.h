// The data that Evaluator::Check reads, laid out flat so that the check can
// be inlined into callers. Not part of the public interface: the layout may
// change in any release.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_INTERNAL_HOT_PATH_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_INTERNAL_HOT_PATH_H_

#include <cstdint>

#include "rolegraph/v1/model.pb.h"

namespace rolegraph::internal {

inline constexpr int32_t kNoCondition = -1;

// The resolution of a condition in an evaluation context.
enum class Gate : uint8_t { kClosed = 0, kOpen = 1, kPerUser = 2 };

// An assignment of a user to a role, or of a role to a meta-role.
struct CompiledAssignment {
  uint32_t role;
  // Index into the activity table.
  uint32_t activity;
  // Index into the condition table, or kNoCondition.
  int32_t condition;
  v1::Relation relation;
};

// Borrowed views of a compiled policy and of one evaluation context.
struct HotPath {
  const uint32_t* user_activity = nullptr;
  const uint32_t* user_assignment_offsets = nullptr;
  const CompiledAssignment* user_assignments = nullptr;
  // Per activity: 1 when in effect in the context.
  const uint8_t* activity_on = nullptr;
  const Gate* condition_gate = nullptr;
  // For each role, the sorted privileges of its closure at order 1:
  // [role_privilege_offsets[r], role_privilege_offsets[r + 1]).
  const uint32_t* role_privilege_offsets = nullptr;
  const uint32_t* role_privileges = nullptr;
  // For each role, 1 when its closure leaves out edges gated per user.
  const uint8_t* role_user_dependent = nullptr;
};

}  // namespace rolegraph::internal

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_INTERNAL_HOT_PATH_H_
