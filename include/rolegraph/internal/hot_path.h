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

// The relation of a privilege to a role in one evaluation context.
enum class Reach : uint8_t {
  // No member reaches the privilege through the role.
  kNone = 0,
  // Every member reaches it: it is in the role's closure at order 1.
  kGranted = 1,
  // Some members may reach it, through edges gated by conditions that read
  // the user.
  kPossible = 2,
};

// Borrowed views of a compiled policy and of one evaluation context.
struct HotPath {
  const uint32_t* user_activity = nullptr;
  const uint32_t* user_assignment_offsets = nullptr;
  const CompiledAssignment* user_assignments = nullptr;
  // Per activity: 1 when in effect in the context.
  const uint8_t* activity_on = nullptr;
  const Gate* condition_gate = nullptr;

  // An open-addressing hash table of the (role, privilege) pairs whose
  // Reach is not kNone, so that a lookup costs one or two cache lines. An
  // entry is 0 when empty, otherwise (role + 1) << 32 | privilege, with
  // kPossibleBit set for kPossible.
  static constexpr uint64_t kPossibleBit = uint64_t{1} << 63;
  const uint64_t* reach_table = nullptr;
  uint64_t reach_mask = 0;  // table size - 1; the size is a power of two
  int reach_shift = 64;     // 64 - log2(table size)

  static uint64_t ReachKey(uint32_t role, uint32_t privilege) {
    return (uint64_t{role} + 1) << 32 | privilege;
  }
  // The first slot to probe: the top bits of a multiplicative hash.
  uint64_t ReachSlot(uint64_t key) const {
    return reach_shift >= 64 ? 0 : (key * 0x9E3779B97F4A7C15ULL) >> reach_shift;
  }

  Reach Lookup(uint32_t role, uint32_t privilege) const {
    const uint64_t key = ReachKey(role, privilege);
    for (uint64_t slot = ReachSlot(key);; slot = (slot + 1) & reach_mask) {
      const uint64_t entry = reach_table[slot];
      if (entry == 0) return Reach::kNone;
      if ((entry & ~kPossibleBit) == key) {
        return (entry & kPossibleBit) != 0 ? Reach::kPossible : Reach::kGranted;
      }
    }
  }
};

}  // namespace rolegraph::internal

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_INTERNAL_HOT_PATH_H_
