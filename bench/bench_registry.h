// Registration of the benchmark families. main() calls every Register*
// function once per shape, so each operation appears once per shape with
// the name "Operation/variant/shape". Google Benchmark appends
// "/process_time" to the operations that measure the whole process's CPU
// time.
#ifndef ROLEGRAPH_BENCH_BENCH_REGISTRY_H_
#define ROLEGRAPH_BENCH_BENCH_REGISTRY_H_

#include <benchmark/benchmark.h>

#include <string>

#include "org_generator.h"
#include "shape_cache.h"

namespace rolegraph::bench {

// Check (hits, misses, mixed and the static variants), the naive reference,
// EffectivePrivileges and Explain.
void RegisterQueryBenchmarks(const ShapeInfo& shape);

// Evaluator creation, population index build, WhoHas and the switch flip.
void RegisterPopulationBenchmarks(const ShapeInfo& shape);

// Compile, with the compiled policy's size.
void RegisterCompileBenchmarks(const ShapeInfo& shape);

// The incident-readiness report.
void RegisterReportBenchmarks(const ShapeInfo& shape);

// Returns the prepared shape, or marks the benchmark as failed with the
// preparation error and returns null.
inline const PreparedShape* ShapeOrSkip(benchmark::State& state,
                                        const std::string& name) {
  absl::StatusOr<const PreparedShape*> shape = GetShape(name);
  if (!shape.ok()) {
    state.SkipWithError(shape.status().ToString().c_str());
    return nullptr;
  }
  return *shape;
}

inline constexpr double kMebibyte = 1024.0 * 1024.0;

}  // namespace rolegraph::bench

#endif  // ROLEGRAPH_BENCH_BENCH_REGISTRY_H_
