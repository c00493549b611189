// Comparison of two contexts of one compiled model: the roles and users
// they can evaluate differently, so that a switch flip or a change of time
// recomputes only those users.
#include <algorithm>
#include <vector>

#include "engine/context_state.h"

namespace rolegraph::internal {
namespace {

// Whether the condition can take a different value in the two contexts
// for some user.
bool ConditionDiffers(const ContextState& a, const ContextState& b, int32_t condition) {
  const size_t c = static_cast<size_t>(condition);
  const Gate gate = a.condition_gate[c];
  if (gate != b.condition_gate[c]) return true;
  if (gate != Gate::kPerUser) return false;
  // The value depends on the user, so it can only change with what else
  // the condition reads. Time is not tracked per condition, so a different
  // time counts as a difference.
  if (a.now != b.now) return true;
  for (int s : a.model.conditions[c].condition->switches_read()) {
    if (a.switch_on[s] != b.switch_on[s]) return true;
  }
  return false;
}

}  // namespace

ContextDifference CompareContexts(const ContextState& a, const ContextState& b) {
  const CompiledModel& model = a.model;
  const size_t roles = model.role_ids.size();
  const size_t users = model.user_count();

  std::vector<uint8_t> condition_differs(model.conditions.size(), 0);
  for (size_t c = 0; c < model.conditions.size(); ++c) {
    condition_differs[c] = ConditionDiffers(a, b, static_cast<int32_t>(c)) ? 1 : 0;
  }
  auto edge_differs = [&](uint32_t activity, int32_t condition) {
    if (a.activity_on[activity] != b.activity_on[activity]) return true;
    return condition != kNoCondition && condition_differs[static_cast<size_t>(condition)] != 0;
  };

  // Roles with a differing edge of their own, and the reverse role graph.
  ContextDifference difference;
  difference.roles.assign(roles, 0);
  Csr<RoleIndex> entered_from;
  entered_from.offsets.assign(roles + 1, 0);
  auto for_each_edge = [&](RoleIndex r, auto visit) {
    for (const CompiledAssignment& assignment : model.role_assignments.of(r)) {
      if (!CarriesPrivileges(assignment.relation)) continue;
      visit(assignment.activity, assignment.condition, true, assignment.role);
    }
    for (const CompiledInducement& inducement : model.role_inducements.of(r)) {
      visit(inducement.activity, inducement.condition, !inducement.target_is_privilege,
            inducement.target);
    }
  };
  for (RoleIndex r = 0; r < roles; ++r) {
    if (a.role_active(r) != b.role_active(r)) difference.roles[r] = 1;
    for_each_edge(r, [&](uint32_t activity, int32_t condition, bool to_role, uint32_t target) {
      if (edge_differs(activity, condition)) difference.roles[r] = 1;
      if (to_role) ++entered_from.offsets[target + 1];
    });
  }
  for (size_t r = 0; r < roles; ++r) entered_from.offsets[r + 1] += entered_from.offsets[r];
  entered_from.items.resize(entered_from.offsets[roles]);
  std::vector<uint32_t> next(entered_from.offsets.begin(), entered_from.offsets.end() - 1);
  for (RoleIndex r = 0; r < roles; ++r) {
    for_each_edge(r, [&](uint32_t, int32_t, bool to_role, uint32_t target) {
      if (to_role) entered_from.items[next[target]++] = r;
    });
  }

  // A role that reaches a differing role differs too, whatever the order.
  std::vector<RoleIndex> stack;
  for (RoleIndex r = 0; r < roles; ++r) {
    if (difference.roles[r] != 0) stack.push_back(r);
  }
  while (!stack.empty()) {
    const RoleIndex r = stack.back();
    stack.pop_back();
    for (RoleIndex from : entered_from.of(r)) {
      if (difference.roles[from] != 0) continue;
      difference.roles[from] = 1;
      stack.push_back(from);
    }
  }

  for (UserIndex u = 0; u < users; ++u) {
    bool differs = a.user_active(u) != b.user_active(u);
    for (const CompiledAssignment& assignment : model.user_assignments.of(u)) {
      if (differs) break;
      if (!CarriesPrivileges(assignment.relation)) continue;
      differs = difference.roles[assignment.role] != 0 ||
                edge_differs(assignment.activity, assignment.condition);
    }
    if (differs) difference.users.push_back(u);
  }
  return difference;
}

}  // namespace rolegraph::internal
