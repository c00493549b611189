// Compile: validation, id interning and the CSR layout, with the size of the
// compiled policy.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "bench_registry.h"

namespace rolegraph::bench {
namespace {

// The policy's size is the heap growth across Compile while the policy is
// held (HeapBytesInUse, so memory freed during compilation does not count).
// `model_MiB` is the size of the input model as protobuf's SpaceUsedLong
// estimates it, for comparison.
void BM_Compile(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  CompileOptions options;
  options.file_name = name;

  int64_t policy_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const int64_t before = HeapBytesInUse();
    state.ResumeTiming();

    absl::StatusOr<std::shared_ptr<const Policy>> policy =
        Compile(shape->model, options);

    state.PauseTiming();
    if (!policy.ok()) {
      state.SkipWithError(policy.status().ToString().c_str());
      state.ResumeTiming();
      break;
    }
    policy_bytes = HeapBytesInUse() - before;
    policy->reset();  // Destruction is not part of compilation.
    state.ResumeTiming();
  }

  const double assignments =
      static_cast<double>(std::max<int64_t>(1, shape->assignment_count));
  const double model_bytes = static_cast<double>(shape->model.SpaceUsedLong());
  state.SetItemsProcessed(state.iterations() * shape->assignment_count);
  state.counters["assignments"] = static_cast<double>(shape->assignment_count);
  state.counters["policy_MiB"] = static_cast<double>(policy_bytes) / kMebibyte;
  state.counters["bytes_per_assignment"] =
      static_cast<double>(policy_bytes) / assignments;
  state.counters["model_MiB"] = model_bytes / kMebibyte;
  state.counters["peak_rss_MiB"] = static_cast<double>(PeakResidentBytes()) / kMebibyte;
}

}  // namespace

void RegisterCompileBenchmarks(const ShapeInfo& shape) {
  benchmark::RegisterBenchmark(
      absl::StrCat("Compile/", shape.name).c_str(), BM_Compile, shape.name)
      ->Unit(benchmark::kMillisecond)
      ->MeasureProcessCPUTime();
}

}  // namespace rolegraph::bench
