// Evaluator: per-user results from the context's closures, and the
// population index for holder queries.
#include "rolegraph/evaluator.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/context_state.h"

namespace rolegraph {

using internal::Closure;
using internal::CompiledAssignment;
using internal::ContextState;

namespace {

bool UserCounts(const ContextState& state, UserIndex user, UserMode mode) {
  return mode == UserMode::kLatent || state.user_active(user);
}

// Appends `run`, which is sorted, to `values`, which is sorted, keeping
// the result sorted.
void MergeRun(std::vector<uint32_t>& values, const std::vector<uint32_t>& run) {
  const size_t middle = values.size();
  values.insert(values.end(), run.begin(), run.end());
  if (middle > 0 && !run.empty() && values[middle - 1] > values[middle]) {
    std::inplace_merge(values.begin(), values.begin() + static_cast<ptrdiff_t>(middle),
                       values.end());
  }
}

// Collects what the user reaches through its counting member and manager
// assignments into sorted vectors, with repeats.
void CollectForUser(const ContextState& state, UserIndex user,
                    std::vector<PrivilegeIndex>* privileges,
                    std::vector<RoleIndex>* roles) {
  thread_local std::vector<uint32_t> walked_privileges, walked_roles;
  for (const CompiledAssignment& a : state.model.user_assignments.of(user)) {
    if (!internal::CarriesPrivileges(a.relation)) continue;
    if (!state.EdgeApplies(a.activity, a.condition, user)) continue;

    const Closure& closure = state.role_closure(a.role);
    if (!closure.user_dependent) {
      if (privileges != nullptr) MergeRun(*privileges, closure.privileges);
      if (roles != nullptr) MergeRun(*roles, closure.roles);
      continue;
    }
    walked_privileges.clear();
    walked_roles.clear();
    internal::WalkForUser(state, user, a.role, privileges ? &walked_privileges : nullptr,
                          roles ? &walked_roles : nullptr);
    std::sort(walked_privileges.begin(), walked_privileges.end());
    std::sort(walked_roles.begin(), walked_roles.end());
    if (privileges != nullptr) MergeRun(*privileges, walked_privileges);
    if (roles != nullptr) MergeRun(*roles, walked_roles);
  }
}

void Unique(std::vector<uint32_t>& sorted) {
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
}

}  // namespace

Evaluator::Evaluator(std::shared_ptr<const Policy> policy, EvaluationContext context)
    : policy_(std::move(policy)), context_(std::move(context)) {}

Evaluator::~Evaluator() = default;

absl::StatusOr<std::unique_ptr<Evaluator>> Evaluator::Create(
    std::shared_ptr<const Policy> policy, EvaluationContext context) {
  if (policy == nullptr) return absl::InvalidArgumentError("policy is null");

  std::unique_ptr<Evaluator> evaluator(
      new Evaluator(std::move(policy), std::move(context)));
  evaluator->state_ =
      std::make_unique<ContextState>(evaluator->policy_->compiled());
  absl::Status status =
      internal::BuildContextState(evaluator->context_, *evaluator->state_);
  if (!status.ok()) return status;
  evaluator->hot_ = internal::MakeHotPath(*evaluator->state_);
  return evaluator;
}

v1::EvaluationContextInfo Evaluator::ContextInfo() const {
  v1::EvaluationContextInfo info;
  const int64_t nanos = absl::ToUnixNanos(context_.now);
  info.mutable_at()->set_seconds(nanos / 1000000000);
  info.mutable_at()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  if (info.at().nanos() < 0) {
    info.mutable_at()->set_seconds(info.at().seconds() - 1);
    info.mutable_at()->set_nanos(info.at().nanos() + 1000000000);
  }
  info.set_configuration(std::string(ConfigurationName(context_.configuration)));
  for (SwitchIndex s = 0; s < policy_->switch_count(); ++s) {
    if (SwitchOn(s)) info.add_switches_on(policy_->switch_id(s));
  }
  return info;
}

bool Evaluator::SwitchOn(SwitchIndex id) const { return state_->switch_on[id]; }

bool Evaluator::IsUserActive(UserIndex user) const {
  return state_->user_active(user);
}

bool Evaluator::CheckByWalk(UserIndex user, PrivilegeIndex privilege) const {
  const ContextState& state = *state_;
  for (const CompiledAssignment& a : state.model.user_assignments.of(user)) {
    if (!internal::CarriesPrivileges(a.relation)) continue;
    if (!state.EdgeApplies(a.activity, a.condition, user)) continue;

    const internal::Reach reach = hot_.Lookup(a.role, privilege);
    if (reach == internal::Reach::kGranted) return true;
    // Walk only when some user could reach the privilege through the role.
    if (reach == internal::Reach::kPossible &&
        internal::WalkFindsPrivilege(state, user, a.role, privilege)) {
      return true;
    }
  }
  return false;
}

std::vector<PrivilegeIndex> Evaluator::EffectivePrivileges(UserIndex user,
                                                           UserMode mode) const {
  std::vector<PrivilegeIndex> privileges;
  if (!UserCounts(*state_, user, mode)) return privileges;
  CollectForUser(*state_, user, &privileges, nullptr);
  Unique(privileges);
  return privileges;
}

std::vector<RoleIndex> Evaluator::EffectiveRoles(UserIndex user,
                                                 UserMode mode) const {
  std::vector<RoleIndex> roles;
  if (!UserCounts(*state_, user, mode)) return roles;
  CollectForUser(*state_, user, nullptr, &roles);
  Unique(roles);
  return roles;
}

std::vector<PrivilegeIndex> Evaluator::RolePrivileges(RoleIndex role,
                                                      bool* user_dependent) const {
  const Closure& closure = state_->role_closure(role);
  if (user_dependent != nullptr) *user_dependent = closure.user_dependent;
  return closure.privileges;
}

namespace internal {
namespace {

// The groups one thread finds in its range of users.
struct LocalGroup {
  GroupKey key;
  std::vector<PrivilegeIndex> privileges;
  std::vector<RoleIndex> roles;
  std::vector<UserIndex> users;  // sorted
};

// What one thread collects from its contiguous range of users. The lists
// stay sorted because users are visited in increasing order.
struct UserScan {
  UserScan(size_t roles, size_t privileges) : direct(roles), dormant(privileges) {}

  std::vector<std::vector<uint32_t>> direct;
  std::vector<std::vector<uint32_t>> dormant;
  std::vector<LocalGroup> groups;
  absl::flat_hash_map<GroupKey, uint32_t> group_of;
};

// Adds the user to the group of its values below the role, walking the
// role once for the first user with those values.
void AddToGroup(const ContextState& state, UserIndex user, RoleIndex role,
                ConditionMemo& memo, UserScan& scan) {
  thread_local GroupKey key;
  key.role = role;
  key.values.clear();
  AppendDecidingValues(state, memo, user, role, key.values);

  auto it = scan.group_of.find(key);
  if (it == scan.group_of.end()) {
    LocalGroup group;
    group.key = key;
    ReachFrom(state, user, role, group.privileges, group.roles);
    it = scan.group_of.emplace(key, static_cast<uint32_t>(scan.groups.size())).first;
    scan.groups.push_back(std::move(group));
  }
  std::vector<UserIndex>& users = scan.groups[it->second].users;
  if (users.empty() || users.back() != user) users.push_back(user);
}

void ScanUsers(const ContextState& state, UserIndex begin, UserIndex end,
               UserScan& scan) {
  const CompiledModel& model = state.model;
  std::vector<PrivilegeIndex> reached;
  ConditionMemo memo(state);

  for (UserIndex u = begin; u < end; ++u) {
    if (!state.user_active(u)) {
      reached.clear();
      CollectForUser(state, u, &reached, nullptr);
      Unique(reached);
      for (PrivilegeIndex p : reached) scan.dormant[p].push_back(u);
      continue;
    }

    for (const CompiledAssignment& a : model.user_assignments.of(u)) {
      if (!CarriesPrivileges(a.relation)) continue;
      if (!state.EdgeApplies(a.activity, a.condition, u)) continue;
      std::vector<uint32_t>& holders = scan.direct[a.role];
      if (holders.empty() || holders.back() != u) holders.push_back(u);
      if (state.role_closure(a.role).user_dependent) AddToGroup(state, u, a.role, memo, scan);
    }
  }
}

// Runs body(begin, end, worker) over [0, count) split into one contiguous
// range per worker.
template <typename Body>
void ParallelRanges(size_t count, int workers, Body body) {
  std::vector<std::thread> threads;
  const size_t step = (count + static_cast<size_t>(workers) - 1) /
                      static_cast<size_t>(workers);
  for (int w = 0; w < workers; ++w) {
    const size_t begin = std::min(count, step * static_cast<size_t>(w));
    const size_t end = std::min(count, begin + step);
    if (w + 1 == workers) {
      body(begin, end, w);
    } else {
      threads.emplace_back(body, begin, end, w);
    }
  }
  for (std::thread& thread : threads) thread.join();
}

// Concatenates the per-thread lists of each slot into one bitmap per slot.
std::vector<Roaring> MergeScans(std::vector<UserScan>& scans,
                                std::vector<std::vector<uint32_t>> UserScan::*field,
                                int workers) {
  const size_t slots = (scans[0].*field).size();
  std::vector<Roaring> bitmaps(slots);
  ParallelRanges(slots, workers, [&](size_t begin, size_t end, int) {
    std::vector<uint32_t> merged;
    for (size_t slot = begin; slot < end; ++slot) {
      merged.clear();
      for (UserScan& scan : scans) {
        std::vector<uint32_t>& part = (scan.*field)[slot];
        merged.insert(merged.end(), part.begin(), part.end());
        std::vector<uint32_t>().swap(part);
      }
      if (merged.empty()) continue;
      bitmaps[slot] = Roaring(merged.size(), merged.data());
      bitmaps[slot].runOptimize();
      bitmaps[slot].shrinkToFit();
    }
  });
  return bitmaps;
}

// Merges the threads' groups by key. Threads hold increasing ranges of
// users, so appending their lists in thread order keeps them sorted.
std::vector<UserGroup> MergeGroups(std::vector<UserScan>& scans) {
  absl::flat_hash_map<GroupKey, uint32_t> group_of;
  std::vector<UserGroup> groups;
  std::vector<std::vector<UserIndex>> users;
  for (UserScan& scan : scans) {
    for (LocalGroup& local : scan.groups) {
      auto [it, inserted] =
          group_of.try_emplace(local.key, static_cast<uint32_t>(groups.size()));
      if (inserted) {
        groups.push_back({local.key.role, std::move(local.privileges),
                          std::move(local.roles), Roaring()});
        users.emplace_back();
      }
      std::vector<UserIndex>& list = users[it->second];
      list.insert(list.end(), local.users.begin(), local.users.end());
    }
    scan.groups.clear();
    scan.group_of.clear();
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    groups[g].users = Roaring(users[g].size(), users[g].data());
    groups[g].users.runOptimize();
  }
  return groups;
}

// Builds rows of sources: for each role r, its closure's items name r;
// for each group g, its items name role_count + g.
template <typename ClosureItems, typename GroupItems>
Csr<uint32_t> SourcesOf(const ContextState& state, const std::vector<UserGroup>& groups,
                        size_t rows, ClosureItems closure_items, GroupItems group_items) {
  const uint32_t roles = static_cast<uint32_t>(state.model.role_ids.size());
  Csr<uint32_t> csr;
  csr.offsets.assign(rows + 1, 0);
  for (RoleIndex r = 0; r < roles; ++r) {
    for (uint32_t row : closure_items(state.role_closure(r))) ++csr.offsets[row + 1];
  }
  for (const UserGroup& group : groups) {
    for (uint32_t row : group_items(group)) ++csr.offsets[row + 1];
  }
  for (size_t i = 0; i < rows; ++i) csr.offsets[i + 1] += csr.offsets[i];

  csr.items.resize(csr.offsets[rows]);
  std::vector<uint32_t> next(csr.offsets.begin(), csr.offsets.end() - 1);
  for (RoleIndex r = 0; r < roles; ++r) {
    for (uint32_t row : closure_items(state.role_closure(r))) csr.items[next[row]++] = r;
  }
  for (uint32_t g = 0; g < groups.size(); ++g) {
    for (uint32_t row : group_items(groups[g])) csr.items[next[row]++] = roles + g;
  }
  return csr;
}

}  // namespace

std::unique_ptr<PopulationIndex> BuildPopulationIndex(const ContextState& state) {
  const CompiledModel& model = state.model;
  const size_t users = model.user_count();
  const size_t roles = model.role_ids.size();
  const size_t privileges = model.privilege_ids.size();
  const int workers = state.workers;

  std::vector<UserScan> scans;
  for (int w = 0; w < workers; ++w) scans.emplace_back(roles, privileges);
  ParallelRanges(users, workers, [&](size_t begin, size_t end, int w) {
    ScanUsers(state, static_cast<UserIndex>(begin), static_cast<UserIndex>(end),
              scans[static_cast<size_t>(w)]);
  });

  auto index = std::make_unique<PopulationIndex>();
  index->direct = MergeScans(scans, &UserScan::direct, workers);
  index->dormant_holders = MergeScans(scans, &UserScan::dormant, workers);
  index->groups = MergeGroups(scans);
  scans.clear();

  index->privilege_sources = SourcesOf(
      state, index->groups, privileges,
      [](const Closure& closure) -> const std::vector<uint32_t>& { return closure.privileges; },
      [](const UserGroup& group) -> const std::vector<uint32_t>& { return group.privileges; });
  index->role_sources = SourcesOf(
      state, index->groups, roles,
      [](const Closure& closure) -> const std::vector<uint32_t>& { return closure.roles; },
      [](const UserGroup& group) -> const std::vector<uint32_t>& { return group.roles; });

  index->holders.resize(privileges);
  index->holders_once = std::make_unique<std::once_flag[]>(privileges);
  index->role_members.resize(roles);
  index->members_once = std::make_unique<std::once_flag[]>(roles);
  return index;
}

Roaring PopulationIndex::UnionOfSources(absl::Span<const uint32_t> sources) const {
  std::vector<const Roaring*> inputs;
  inputs.reserve(sources.size());
  for (uint32_t source : sources) {
    const Roaring& users =
        source < direct.size() ? direct[source] : groups[source - direct.size()].users;
    if (!users.isEmpty()) inputs.push_back(&users);
  }
  Roaring result;
  if (inputs.size() == 1) {
    result = *inputs[0];
  } else if (!inputs.empty()) {
    result = Roaring::fastunion(inputs.size(), inputs.data());
    result.runOptimize();
  }
  result.shrinkToFit();
  return result;
}

const Roaring& PopulationIndex::Holders(PrivilegeIndex privilege) const {
  std::call_once(holders_once[privilege], [&] {
    holders[privilege] = UnionOfSources(privilege_sources.of(privilege));
  });
  return holders[privilege];
}

const Roaring& PopulationIndex::Members(RoleIndex role) const {
  std::call_once(members_once[role], [&] {
    role_members[role] = UnionOfSources(role_sources.of(role));
  });
  return role_members[role];
}

}  // namespace internal

namespace {
const internal::PopulationIndex& IndexOf(const ContextState& state) {
  std::call_once(state.index_once,
                  [&state] { state.index = internal::BuildPopulationIndex(state); });
  return *state.index;
}
}  // namespace

const Roaring& Evaluator::WhoHas(PrivilegeIndex privilege) const {
  return IndexOf(*state_).Holders(privilege);
}

const Roaring& Evaluator::DormantHolders(PrivilegeIndex privilege) const {
  return IndexOf(*state_).dormant_holders[privilege];
}

const Roaring& Evaluator::RoleMembers(RoleIndex role) const {
  return IndexOf(*state_).Members(role);
}

std::vector<v1::Diagnostic> Evaluator::EvaluationErrors() const {
  absl::MutexLock lock(&state_->errors_mutex);
  std::vector<v1::Diagnostic> errors;
  errors.reserve(state_->errors.size());
  for (const auto& [key, diagnostic] : state_->errors) errors.push_back(diagnostic);
  return errors;
}

int64_t Evaluator::EvaluationErrorCount() const {
  absl::MutexLock lock(&state_->errors_mutex);
  return static_cast<int64_t>(state_->failed_pairs.size());
}

absl::StatusOr<Configuration> ParseConfiguration(absl::string_view name) {
  if (name == "production") return Configuration::kProduction;
  if (name == "development") return Configuration::kDevelopment;
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid configuration \"", name, "\"; use production or development"));
}

absl::string_view ConfigurationName(Configuration configuration) {
  return configuration == Configuration::kProduction ? "production" : "development";
}

}  // namespace rolegraph
