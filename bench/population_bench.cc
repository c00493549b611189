// Whole-population operations: creating an evaluator, building the
// population index, WhoHas, and simulating a flip of the incident switch.
#include <benchmark/benchmark.h>

#include <roaring/roaring.hh>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench_registry.h"
#include "rolegraph/simulate.h"

namespace rolegraph::bench {
namespace {

std::unique_ptr<Evaluator> CreateOrSkip(benchmark::State& state,
                                        const PreparedShape& shape,
                                        EvaluationContext context) {
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(shape.policy, std::move(context));
  if (!evaluator.ok()) {
    state.SkipWithError(evaluator.status().ToString().c_str());
    return nullptr;
  }
  return std::move(*evaluator);
}

// Evaluator::Create alone: activities, conditions and per-role closures.
void BM_EvaluatorCreate(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;

  for (auto _ : state) {
    std::unique_ptr<Evaluator> evaluator =
        CreateOrSkip(state, *shape, BenchmarkContext());
    if (evaluator == nullptr) return;
    benchmark::DoNotOptimize(evaluator.get());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(shape->policy->role_count()));
}

// Creates a fresh evaluator per iteration, and WhoHas(0) forces its index
// build. The heap that the evaluator and its index take is measured once,
// after the loop.
void BM_IndexBuild(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;

  for (auto _ : state) {
    std::unique_ptr<Evaluator> evaluator =
        CreateOrSkip(state, *shape, BenchmarkContext());
    if (evaluator == nullptr) return;
    benchmark::DoNotOptimize(evaluator->WhoHas(0).cardinality());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(shape->policy->user_count()));

  const int64_t before = HeapBytesInUse();
  std::unique_ptr<Evaluator> evaluator =
      CreateOrSkip(state, *shape, BenchmarkContext());
  if (evaluator == nullptr) return;
  evaluator->WhoHas(0);
  state.counters["evaluator_heap_MiB"] =
      static_cast<double>(HeapBytesInUse() - before) / kMebibyte;
  state.counters["peak_rss_MiB"] = static_cast<double>(PeakResidentBytes()) / kMebibyte;
}

// Returns the prepared shape, or null after skipping the benchmark when the
// shape is missing or no privilege has a holder.
const PreparedShape* ShapeWithHoldersOrSkip(benchmark::State& state, const std::string& name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return nullptr;
  if (shape->held_privileges.empty()) {
    state.SkipWithError("no privilege of the shape has a holder");
    return nullptr;
  }
  return shape;
}

void BM_WhoHasCount(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeWithHoldersOrSkip(state, name);
  if (shape == nullptr) return;
  const std::vector<PrivilegeIndex>& privileges = shape->held_privileges;

  const Evaluator& evaluator = *shape->baseline;
  size_t next = 0;
  uint64_t holders = 0;
  for (auto _ : state) {
    const PrivilegeIndex privilege = privileges[next];
    if (++next == privileges.size()) next = 0;
    const uint64_t count = evaluator.WhoHas(privilege).cardinality();
    benchmark::DoNotOptimize(count);
    holders += count;
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["holders"] =
      static_cast<double>(holders) / static_cast<double>(state.iterations());
}

// Materialises the holders of each privilege as user indexes.
void BM_WhoHasList(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeWithHoldersOrSkip(state, name);
  if (shape == nullptr) return;
  const std::vector<PrivilegeIndex>& privileges = shape->held_privileges;

  const Evaluator& evaluator = *shape->baseline;
  size_t next = 0;
  int64_t holders = 0;
  for (auto _ : state) {
    const PrivilegeIndex privilege = privileges[next];
    if (++next == privileges.size()) next = 0;
    const Roaring& bitmap = evaluator.WhoHas(privilege);
    std::vector<uint32_t> list(bitmap.cardinality());
    bitmap.toUint32Array(list.data());
    benchmark::DoNotOptimize(list.data());
    holders += static_cast<int64_t>(list.size());
  }

  state.SetItemsProcessed(state.iterations());
  state.counters["holders"] =
      static_cast<double>(holders) / static_cast<double>(state.iterations());
  state.counters["holders_per_second"] =
      benchmark::Counter(static_cast<double>(holders), benchmark::Counter::kIsRate);
}

// The first WhoHas count of each privilege after the index is built: the
// union of its sources. The evaluator and its index are built with the
// timer paused, then a batch of held privileges is counted once each.
void BM_WhoHasFirstCount(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeWithHoldersOrSkip(state, name);
  if (shape == nullptr) return;
  const std::vector<PrivilegeIndex>& privileges = shape->held_privileges;

  uint64_t holders = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::unique_ptr<Evaluator> evaluator =
        CreateOrSkip(state, *shape, BenchmarkContext());
    if (evaluator == nullptr) return;
    benchmark::DoNotOptimize(evaluator->WhoHas(privileges[0]).cardinality());
    state.ResumeTiming();
    for (size_t i = 1; i < privileges.size(); ++i) {
      holders += evaluator->WhoHas(privileges[i]).cardinality();
    }
    state.PauseTiming();
    evaluator.reset();
    state.ResumeTiming();
  }

  const int64_t batch = static_cast<int64_t>(privileges.size()) - 1;
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["holders"] = static_cast<double>(holders) /
                              static_cast<double>(state.iterations() * std::max<int64_t>(1, batch));
}

// Simulates turning the incident switch on over the whole population: the
// users who can reach a condition that reads the switch are evaluated in
// both contexts and their differences listed.
void BM_SwitchFlip(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;

  v1::ModelDelta delta;
  v1::SetSwitch* set = delta.add_changes()->mutable_set_switch();
  set->set_switch_id(std::string(kIncidentSwitch));
  set->set_active(true);

  v1::SimulationTotals totals;
  for (auto _ : state) {
    absl::StatusOr<v1::SimulationResult> result = Simulate(*shape->baseline, delta);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    totals = result->totals();
  }

  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(shape->policy->user_count()));
  state.counters["users_evaluated"] = static_cast<double>(totals.users_evaluated());
  state.counters["users_gaining"] = static_cast<double>(totals.users_affected());
  state.counters["grants_gained"] = static_cast<double>(totals.privileges_gained());
}

}  // namespace

void RegisterPopulationBenchmarks(const ShapeInfo& shape) {
  const std::string& name = shape.name;
  // Operations slower than the default minimum time (0.5 s) run once. The
  // engine may build the population index on several threads, so the CPU
  // time counts every thread of the process.
  auto heavy = [](benchmark::internal::Benchmark* benchmark) {
    benchmark->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
  };

  heavy(benchmark::RegisterBenchmark(absl::StrCat("EvaluatorCreate/", name).c_str(),
                                     BM_EvaluatorCreate, name));
  heavy(benchmark::RegisterBenchmark(absl::StrCat("IndexBuild/", name).c_str(),
                                     BM_IndexBuild, name));
  benchmark::RegisterBenchmark(absl::StrCat("WhoHas/count/", name).c_str(),
                               BM_WhoHasCount, name);
  benchmark::RegisterBenchmark(absl::StrCat("WhoHas/first-count/", name).c_str(),
                               BM_WhoHasFirstCount, name)
      ->Unit(benchmark::kMicrosecond)
      ->Iterations(2);
  benchmark::RegisterBenchmark(absl::StrCat("WhoHas/list/", name).c_str(),
                               BM_WhoHasList, name)
      ->Unit(benchmark::kMicrosecond);
  heavy(benchmark::RegisterBenchmark(absl::StrCat("SwitchFlip/", name).c_str(),
                                     BM_SwitchFlip, name));
}

}  // namespace rolegraph::bench
