#include "shape_cache.h"

#include <malloc.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "org_generator.h"

namespace rolegraph::bench {
namespace {

// std::mt19937_64 is fully specified by the standard, so the samples are the
// same with every standard library. The distributions are not, hence the
// plain modulo below (its bias is negligible for these ranges).
constexpr uint64_t kSampleSeed = 20261204;

uint32_t Draw(std::mt19937_64& rng, size_t n) {
  return static_cast<uint32_t>(rng() % n);
}

std::vector<UserIndex> ActiveUsers(const Evaluator& evaluator) {
  std::vector<UserIndex> users;
  const size_t count = evaluator.policy().user_count();
  for (UserIndex u = 0; u < count; ++u) {
    if (evaluator.IsUserActive(u)) users.push_back(u);
  }
  return users;
}

// Draws hits, misses, the median user and held privileges. Gives up on a
// sample after 20 draws per wanted pair, so small shapes may get fewer.
void DrawSamples(PreparedShape& shape) {
  const Evaluator& evaluator = *shape.baseline;
  const std::vector<UserIndex> active = ActiveUsers(evaluator);
  const size_t privilege_count = shape.policy->privilege_count();
  if (active.empty() || privilege_count == 0) return;
  std::mt19937_64 rng(kSampleSeed);

  for (size_t attempt = 0; attempt < 20 * kSampleSize && shape.hits.size() < kSampleSize;
       ++attempt) {
    const UserIndex user = active[Draw(rng, active.size())];
    const std::vector<PrivilegeIndex> held = evaluator.EffectivePrivileges(user);
    if (held.empty()) continue;
    shape.hits.push_back({user, held[Draw(rng, held.size())]});
  }
  for (size_t attempt = 0;
       attempt < 20 * kSampleSize && shape.misses.size() < kSampleSize; ++attempt) {
    const QueryPair pair{active[Draw(rng, active.size())],
                         Draw(rng, privilege_count)};
    if (!evaluator.Check(pair.user, pair.privilege)) shape.misses.push_back(pair);
  }

  std::vector<std::pair<size_t, UserIndex>> sizes;
  for (int i = 0; i < 1001; ++i) {
    const UserIndex user = active[Draw(rng, active.size())];
    sizes.emplace_back(evaluator.EffectivePrivileges(user).size(), user);
    shape.sample_users.push_back(user);
  }
  std::sort(sizes.begin(), sizes.end());
  shape.median_user_privileges = sizes[sizes.size() / 2].first;
  shape.median_user = sizes[sizes.size() / 2].second;

  for (PrivilegeIndex p = 0; p < privilege_count; ++p) {
    if (!evaluator.WhoHas(p).isEmpty()) shape.held_privileges.push_back(p);
  }
  for (size_t i = shape.held_privileges.size(); i > 1; --i) {
    std::swap(shape.held_privileges[i - 1], shape.held_privileges[Draw(rng, i)]);
  }
  if (shape.held_privileges.size() > kSampleSize) {
    shape.held_privileges.resize(kSampleSize);
  }
}

// Marks the users whose checks walk the graph, and splits off the pairs of
// the others.
void ClassifyWalkingUsers(PreparedShape& shape) {
  const Policy& policy = *shape.policy;
  std::vector<bool> dependent(policy.role_count());
  for (RoleIndex r = 0; r < policy.role_count(); ++r) {
    bool user_dependent = false;
    shape.baseline->RolePrivileges(r, &user_dependent);
    dependent[r] = user_dependent;
    if (user_dependent) ++shape.user_dependent_roles;
  }

  std::vector<bool> walks(policy.user_count());
  for (const v1::User& user : shape.model.users()) {
    const UserIndex u = *policy.FindUser(user.id());
    for (const v1::Assignment& assignment : user.assignments()) {
      if (assignment.relation() != v1::RELATION_MEMBER &&
          assignment.relation() != v1::RELATION_MANAGER) {
        continue;
      }
      const std::optional<RoleIndex> role = policy.FindRole(assignment.role());
      if (role.has_value() && dependent[*role]) walks[u] = true;
    }
  }
  size_t active = 0;
  size_t walking = 0;
  for (UserIndex u = 0; u < policy.user_count(); ++u) {
    if (!shape.baseline->IsUserActive(u)) continue;
    ++active;
    if (walks[u]) ++walking;
  }
  shape.walking_user_fraction =
      active == 0 ? 0 : static_cast<double>(walking) / static_cast<double>(active);

  for (const QueryPair& pair : shape.hits) {
    if (!walks[pair.user]) shape.static_hits.push_back(pair);
  }
  for (const QueryPair& pair : shape.misses) {
    if (!walks[pair.user]) shape.static_misses.push_back(pair);
  }
}

absl::StatusOr<std::unique_ptr<PreparedShape>> Prepare(const std::string& name) {
  auto shape = std::make_unique<PreparedShape>();
  shape->name = name;

  // Wall-clock time here only times the preparation. It never reaches the
  // model or the evaluation context.
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::Model> model = BuildShape(name);
  if (!model.ok()) return model.status();
  shape->model = std::move(*model);
  shape->generate_time = absl::Now() - start;

  CompileOptions options;
  options.file_name = name;
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      Compile(shape->model, options);
  if (!policy.ok()) return policy.status();
  shape->policy = std::move(*policy);

  absl::StatusOr<std::unique_ptr<Evaluator>> baseline =
      Evaluator::Create(shape->policy, BenchmarkContext());
  if (!baseline.ok()) return baseline.status();
  shape->baseline = std::move(*baseline);
  if (shape->policy->privilege_count() > 0) shape->baseline->WhoHas(0);

  for (const v1::User& user : shape->model.users()) {
    shape->assignment_count += user.assignments_size();
  }
  for (const v1::Role& role : shape->model.roles()) {
    shape->assignment_count += role.assignments_size();
    shape->inducement_count += role.inducements_size();
  }

  DrawSamples(*shape);
  ClassifyWalkingUsers(*shape);
  shape->prepare_time = absl::Now() - start;
  return shape;
}

struct CacheEntry {
  absl::Status status;
  std::unique_ptr<PreparedShape> shape;
};

}  // namespace

absl::StatusOr<const PreparedShape*> GetShape(const std::string& name) {
  static auto* cache = new std::map<std::string, CacheEntry>();
  auto it = cache->find(name);
  if (it == cache->end()) {
    CacheEntry entry;
    absl::StatusOr<std::unique_ptr<PreparedShape>> prepared = Prepare(name);
    if (prepared.ok()) {
      entry.shape = std::move(*prepared);
    } else {
      entry.status = prepared.status();
    }
    it = cache->emplace(name, std::move(entry)).first;
  }
  if (!it->second.status.ok()) return it->second.status;
  return it->second.shape.get();
}

EvaluationContext BenchmarkContext(
    std::vector<std::pair<std::string, bool>> switch_overrides) {
  EvaluationContext context;
  context.now = ReferenceTime();
  context.configuration = Configuration::kProduction;
  context.switch_overrides = std::move(switch_overrides);
  return context;
}

int64_t HeapBytesInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.uordblks + info.hblkhd);
}

int64_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmHWM:")) continue;
    rest = absl::StripAsciiWhitespace(rest);
    if (!absl::ConsumeSuffix(&rest, "kB")) return 0;
    int64_t kilobytes = 0;
    if (!absl::SimpleAtoi(rest, &kilobytes)) return 0;
    return kilobytes * 1024;
  }
  return 0;
}

}  // namespace rolegraph::bench
