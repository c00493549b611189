// The incident-readiness report, grouped by department, on the baseline
// evaluator (whose population index is already built).
#include <benchmark/benchmark.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "bench_registry.h"
#include "rolegraph/report.h"

namespace rolegraph::bench {
namespace {

void BM_IncidentReport(benchmark::State& state, std::string name) {
  const PreparedShape* shape = ShapeOrSkip(state, name);
  if (shape == nullptr) return;
  ReportOptions options;
  options.group_by = "department";

  size_t report_bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<v1::IncidentReadinessReport> report =
        BuildIncidentReport(*shape->baseline, options);
    if (!report.ok()) {
      state.SkipWithError(report.status().ToString().c_str());
      break;
    }
    report_bytes = report->ByteSizeLong();
    benchmark::DoNotOptimize(report_bytes);
  }

  const int64_t incident_types = shape->model.incident_types_size();
  state.SetItemsProcessed(state.iterations() * incident_types);
  state.counters["incident_types"] = static_cast<double>(incident_types);
  state.counters["report_MiB"] = static_cast<double>(report_bytes) / kMebibyte;
  state.counters["peak_rss_MiB"] = static_cast<double>(PeakResidentBytes()) / kMebibyte;
}

}  // namespace

void RegisterReportBenchmarks(const ShapeInfo& shape) {
  benchmark::RegisterBenchmark(
      absl::StrCat("IncidentReport/", shape.name).c_str(), BM_IncidentReport,
      shape.name)
      ->Unit(benchmark::kMillisecond)
      ->MeasureProcessCPUTime();
}

}  // namespace rolegraph::bench
