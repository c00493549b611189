// Per-user queries: Check, EffectivePrivileges and Explain, and Check on the
// naive reference evaluator over the same pairs.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench_registry.h"
#include "naive_evaluator.h"

namespace rolegraph::bench {
namespace {

enum class PairKind { kHit, kMiss, kMixed, kStaticHit, kStaticMiss };

// Alternates hits and misses, so that half the checks allow.
std::vector<QueryPair> MixedPairs(const PreparedShape& shape) {
  std::vector<QueryPair> mixed;
  const size_t count = std::min(shape.hits.size(), shape.misses.size());
  for (size_t i = 0; i < count; ++i) {
    mixed.push_back(shape.hits[i]);
    mixed.push_back(shape.misses[i]);
  }
  return mixed;
}

std::vector<QueryPair> PairsOf(const PreparedShape& shape, PairKind kind) {
  switch (kind) {
    case PairKind::kHit:
      return shape.hits;
    case PairKind::kMiss:
      return shape.misses;
    case PairKind::kMixed:
      return MixedPairs(shape);
    case PairKind::kStaticHit:
      return shape.static_hits;
    case PairKind::kStaticMiss:
      return shape.static_misses;
  }
  return {};
}

void BM_Check(benchmark::State& state, std::string name, PairKind kind) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  const std::vector<QueryPair> pairs = PairsOf(*shape, kind);
  if (pairs.empty()) {
    state.SkipWithError(
        "the shape has no pairs of this kind (static pairs need users whose "
        "Check never walks)");
    return;
  }

  const Evaluator& evaluator = *shape->baseline;
  size_t next = 0;
  int64_t allowed = 0;
  for (auto _ : state) {
    const QueryPair& pair = pairs[next];
    if (++next == pairs.size()) next = 0;
    const bool result = evaluator.Check(pair.user, pair.privilege);
    benchmark::DoNotOptimize(result);
    allowed += result ? 1 : 0;
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["allowed_fraction"] =
      static_cast<double>(allowed) / static_cast<double>(state.iterations());
  state.counters["walking_users"] = shape->walking_user_fraction;
  state.counters["user_dependent_roles"] =
      static_cast<double>(shape->user_dependent_roles);
}

// The naive evaluator and the mixed pairs as strings, with the fast
// evaluator's time per Check on the same pairs, measured once per process.
struct NaiveFixture {
  std::unique_ptr<NaiveEvaluator> naive;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<bool> expected;
  double fast_nanoseconds_per_check = 0;
  std::string disagreement;
};

double TimeFastChecks(const Evaluator& evaluator,
                      const std::vector<QueryPair>& pairs) {
  int64_t checks = 0;
  const absl::Time start = absl::Now();
  absl::Duration elapsed;
  do {
    for (const QueryPair& pair : pairs) {
      benchmark::DoNotOptimize(evaluator.Check(pair.user, pair.privilege));
    }
    checks += static_cast<int64_t>(pairs.size());
    elapsed = absl::Now() - start;
  } while (elapsed < absl::Milliseconds(200));
  return absl::ToDoubleNanoseconds(elapsed) / static_cast<double>(checks);
}

const NaiveFixture& GetNaiveFixture(const PreparedShape& shape) {
  static auto* fixtures = new std::map<std::string, std::unique_ptr<NaiveFixture>>();
  std::unique_ptr<NaiveFixture>& fixture = (*fixtures)[shape.name];
  if (fixture != nullptr) return *fixture;

  fixture = std::make_unique<NaiveFixture>();
  fixture->naive = std::make_unique<NaiveEvaluator>(shape.model, ReferenceTime(),
                                                    BenchmarkContext().switch_overrides);
  const std::vector<QueryPair> mixed = MixedPairs(shape);
  const Policy& policy = *shape.policy;
  for (const QueryPair& pair : mixed) {
    fixture->pairs.emplace_back(policy.user_id(pair.user),
                                policy.privilege_id(pair.privilege));
    fixture->expected.push_back(shape.baseline->Check(pair.user, pair.privilege));
  }

  // The ratio is only meaningful when both evaluators agree.
  for (size_t i = 0; i < mixed.size(); ++i) {
    const auto& [user, privilege] = fixture->pairs[i];
    if (fixture->naive->Check(user, privilege) == fixture->expected[i]) continue;
    fixture->disagreement = absl::StrCat(
        "naive and compiled evaluators disagree on Check(", user, ", ", privilege,
        "): compiled says ", fixture->expected[i] ? "allow" : "deny");
    break;
  }
  fixture->fast_nanoseconds_per_check = TimeFastChecks(*shape.baseline, mixed);
  return *fixture;
}

void BM_NaiveCheck(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  const NaiveFixture& fixture = GetNaiveFixture(*shape);
  if (!fixture.disagreement.empty()) {
    state.SkipWithError(fixture.disagreement.c_str());
    return;
  }
  if (fixture.pairs.empty()) {
    state.SkipWithError("the shape yields no pairs to check");
    return;
  }

  size_t next = 0;
  const absl::Time start = absl::Now();
  for (auto _ : state) {
    const auto& [user, privilege] = fixture.pairs[next];
    if (++next == fixture.pairs.size()) next = 0;
    benchmark::DoNotOptimize(fixture.naive->Check(user, privilege));
  }
  const double naive_nanoseconds =
      absl::ToDoubleNanoseconds(absl::Now() - start) /
      static_cast<double>(state.iterations());

  state.SetItemsProcessed(state.iterations());
  state.counters["compiled_ns"] = fixture.fast_nanoseconds_per_check;
  state.counters["speedup"] = naive_nanoseconds / fixture.fast_nanoseconds_per_check;
  state.counters["unsupported_conditions"] =
      static_cast<double>(fixture.naive->unsupported_conditions());
}

void BM_EffectivePrivileges(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;

  const Evaluator& evaluator = *shape->baseline;
  for (auto _ : state) {
    std::vector<PrivilegeIndex> privileges =
        evaluator.EffectivePrivileges(shape->median_user);
    benchmark::DoNotOptimize(privileges.data());
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["privileges"] = static_cast<double>(shape->median_user_privileges);
}

// The mean over the sample of users, which mixes users whose roles depend
// on the user (evaluated by walking) with users whose roles do not.
void BM_EffectivePrivilegesSample(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  if (shape->sample_users.empty()) {
    state.SkipWithError("the shape has no active users");
    return;
  }

  const Evaluator& evaluator = *shape->baseline;
  size_t next = 0;
  int64_t privileges = 0;
  for (auto _ : state) {
    std::vector<PrivilegeIndex> result =
        evaluator.EffectivePrivileges(shape->sample_users[next]);
    if (++next == shape->sample_users.size()) next = 0;
    benchmark::DoNotOptimize(result.data());
    privileges += static_cast<int64_t>(result.size());
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["privileges"] =
      static_cast<double>(privileges) / static_cast<double>(state.iterations());
}

void BM_Explain(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  if (shape->hits.empty()) {
    state.SkipWithError("the shape yields no held privileges to explain");
    return;
  }

  const Evaluator& evaluator = *shape->baseline;
  size_t next = 0;
  int64_t paths = 0;
  for (auto _ : state) {
    const QueryPair& pair = shape->hits[next];
    if (++next == shape->hits.size()) next = 0;
    v1::Explanation explanation = evaluator.Explain(pair.user, pair.privilege);
    paths += explanation.paths_size();
    benchmark::DoNotOptimize(explanation);
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["paths"] =
      static_cast<double>(paths) / static_cast<double>(state.iterations());
}

}  // namespace

void RegisterQueryBenchmarks(const ShapeInfo& shape) {
  const std::string& name = shape.name;
  const std::pair<const char*, PairKind> kinds[] = {
      {"hit", PairKind::kHit},
      {"miss", PairKind::kMiss},
      {"mixed", PairKind::kMixed},
      {"static-hit", PairKind::kStaticHit},
      {"static-miss", PairKind::kStaticMiss}};
  for (const auto& [label, kind] : kinds) {
    benchmark::RegisterBenchmark(absl::StrCat("Check/", label, "/", name).c_str(),
                                 BM_Check, name, kind);
  }
  benchmark::RegisterBenchmark(absl::StrCat("NaiveCheck/mixed/", name).c_str(),
                               BM_NaiveCheck, name);
  benchmark::RegisterBenchmark(
      absl::StrCat("EffectivePrivileges/median/", name).c_str(),
      BM_EffectivePrivileges, name);
  benchmark::RegisterBenchmark(
      absl::StrCat("EffectivePrivileges/sample/", name).c_str(),
      BM_EffectivePrivilegesSample, name);
  benchmark::RegisterBenchmark(absl::StrCat("Explain/hit/", name).c_str(),
                               BM_Explain, name)
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace rolegraph::bench
