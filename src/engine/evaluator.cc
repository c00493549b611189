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

    const Closure& closure = state.role_closure(a.role);
    if (std::binary_search(closure.privileges.begin(), closure.privileges.end(),
                           privilege)) {
      return true;
    }
    if (!closure.user_dependent) continue;

    // Walk only when some user could reach the privilege through the role.
    const PrivilegeIndex* first =
        state.role_candidates.data() + state.role_candidate_offsets[a.role];
    const PrivilegeIndex* last =
        state.role_candidates.data() + state.role_candidate_offsets[a.role + 1];
    if (!std::binary_search(first, last, privilege)) continue;
    if (internal::WalkFindsPrivilege(state, user, a.role, privilege)) return true;
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

namespace {

// Unions the bitmaps of `sources` and the extra members into one bitmap.
Roaring UnionOf(const std::vector<uint32_t>& sources,
                const std::vector<Roaring>& bitmaps, const Roaring& extra) {
  std::vector<const Roaring*> inputs;
  inputs.reserve(sources.size() + 1);
  for (uint32_t source : sources) {
    if (!bitmaps[source].isEmpty()) inputs.push_back(&bitmaps[source]);
  }
  if (!extra.isEmpty()) inputs.push_back(&extra);
  if (inputs.empty()) return Roaring();
  if (inputs.size() == 1) return *inputs[0];
  return Roaring::fastunion(inputs.size(), inputs.data());
}

}  // namespace

namespace internal {
namespace {

// The lists one thread collects from its range of users. They stay sorted
// because each thread takes a contiguous range and appends in order.
struct UserScan {
  explicit UserScan(size_t roles, size_t privileges)
      : direct(roles), extra_holders(privileges), extra_members(roles),
        dormant(privileges) {}

  // Direct holders of each role whose closure does not depend on the user.
  std::vector<std::vector<uint32_t>> direct;
  // Users whose closures depend on the user, evaluated one by one.
  std::vector<std::vector<uint32_t>> extra_holders;
  std::vector<std::vector<uint32_t>> extra_members;
  std::vector<std::vector<uint32_t>> dormant;
};

// A cache of what users reach through one user-dependent role, keyed by the
// values of the per-user conditions that can matter below it. Users with
// the same values reach the same privileges and roles, so one walk serves
// them all.
class WalkCache {
 public:
  explicit WalkCache(const ContextState& state) : state_(state) {}

  struct Reached {
    std::vector<PrivilegeIndex> privileges;  // sorted, unique
    std::vector<RoleIndex> roles;            // sorted, unique
  };

  // Returns what the user reaches from (role, 1); the result lives as long
  // as the cache.
  const Reached& Get(UserIndex user, RoleIndex role) {
    const std::vector<int32_t>& conditions = state_.role_user_conditions[role];
    if (conditions.size() > 64) {
      // NOTE: too many deciding conditions for a key: walk every time.
      scratch_ = Walked(user, role);
      return scratch_;
    }
    uint64_t values = 0;
    for (size_t i = 0; i < conditions.size(); ++i) {
      if (state_.EvaluateForUser(conditions[i], user)) values |= uint64_t{1} << i;
    }
    auto [it, inserted] = cache_.try_emplace({role, values});
    if (inserted) it->second = Walked(user, role);
    return it->second;
  }

 private:
  Reached Walked(UserIndex user, RoleIndex role) const {
    Reached reached;
    WalkForUser(state_, user, role, &reached.privileges, &reached.roles);
    internal::SortUnique(reached.privileges);
    internal::SortUnique(reached.roles);
    return reached;
  }

  const ContextState& state_;
  absl::flat_hash_map<std::pair<RoleIndex, uint64_t>, Reached> cache_;
  Reached scratch_;
};

void ScanUsers(const ContextState& state, UserIndex begin, UserIndex end,
               UserScan& scan) {
  const CompiledModel& model = state.model;
  std::vector<PrivilegeIndex> reached_privileges;
  std::vector<RoleIndex> reached_roles;
  WalkCache cache(state);

  for (UserIndex u = begin; u < end; ++u) {
    if (!state.user_active(u)) {
      reached_privileges.clear();
      CollectForUser(state, u, &reached_privileges, nullptr);
      Unique(reached_privileges);
      for (PrivilegeIndex p : reached_privileges) scan.dormant[p].push_back(u);
      continue;
    }

    reached_privileges.clear();
    reached_roles.clear();
    for (const CompiledAssignment& a : model.user_assignments.of(u)) {
      if (!CarriesPrivileges(a.relation)) continue;
      if (!state.EdgeApplies(a.activity, a.condition, u)) continue;
      std::vector<uint32_t>& holders = scan.direct[a.role];
      if (holders.empty() || holders.back() != u) holders.push_back(u);
      if (!state.role_closure(a.role).user_dependent) continue;

      const WalkCache::Reached& reached = cache.Get(u, a.role);
      MergeRun(reached_privileges, reached.privileges);
      MergeRun(reached_roles, reached.roles);
    }
    Unique(reached_privileges);
    Unique(reached_roles);
    for (PrivilegeIndex p : reached_privileges) scan.extra_holders[p].push_back(u);
    for (RoleIndex r : reached_roles) scan.extra_members[r].push_back(u);
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
      bitmaps[slot] = Roaring(merged.size(), merged.data());
      bitmaps[slot].runOptimize();
    }
  });
  return bitmaps;
}

}  // namespace

std::unique_ptr<PopulationIndex> BuildPopulationIndex(const ContextState& state) {
  const CompiledModel& model = state.model;
  const size_t users = model.user_ids.size();
  const size_t roles = model.role_ids.size();
  const size_t privileges = model.privilege_ids.size();
  const int workers = state.workers;

  std::vector<UserScan> scans;
  for (int w = 0; w < workers; ++w) scans.emplace_back(roles, privileges);
  ParallelRanges(users, workers, [&](size_t begin, size_t end, int w) {
    ScanUsers(state, static_cast<UserIndex>(begin), static_cast<UserIndex>(end),
              scans[static_cast<size_t>(w)]);
  });

  const std::vector<Roaring> direct = MergeScans(scans, &UserScan::direct, workers);
  const std::vector<Roaring> extra_holders =
      MergeScans(scans, &UserScan::extra_holders, workers);
  const std::vector<Roaring> extra_members =
      MergeScans(scans, &UserScan::extra_members, workers);

  auto index = std::make_unique<PopulationIndex>();
  index->dormant_holders = MergeScans(scans, &UserScan::dormant, workers);
  scans.clear();

  std::vector<std::vector<uint32_t>> roles_granting(privileges);
  std::vector<std::vector<uint32_t>> roles_entering(roles);
  for (RoleIndex r = 0; r < roles; ++r) {
    const Closure& closure = state.role_closure(r);
    for (PrivilegeIndex p : closure.privileges) roles_granting[p].push_back(r);
    for (RoleIndex member_of : closure.roles) roles_entering[member_of].push_back(r);
  }

  index->holders.resize(privileges);
  ParallelRanges(privileges, workers, [&](size_t begin, size_t end, int) {
    for (size_t p = begin; p < end; ++p) {
      index->holders[p] = UnionOf(roles_granting[p], direct, extra_holders[p]);
    }
  });
  index->role_members.resize(roles);
  ParallelRanges(roles, workers, [&](size_t begin, size_t end, int) {
    for (size_t r = begin; r < end; ++r) {
      index->role_members[r] = UnionOf(roles_entering[r], direct, extra_members[r]);
    }
  });
  return index;
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
  return IndexOf(*state_).holders[privilege];
}

const Roaring& Evaluator::DormantHolders(PrivilegeIndex privilege) const {
  return IndexOf(*state_).dormant_holders[privilege];
}

const Roaring& Evaluator::RoleMembers(RoleIndex role) const {
  return IndexOf(*state_).role_members[role];
}

std::vector<v1::Diagnostic> Evaluator::EvaluationErrors() const {
  absl::MutexLock lock(&state_->errors_mutex);
  return state_->errors;
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
