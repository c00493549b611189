// rolegraph_bench: runs every benchmark on every shape, or writes one shape
// to a model file so that the CLI can be measured on it.
//
//   rolegraph_bench --benchmark_out=bench.json --benchmark_out_format=json
//   rolegraph_bench --benchmark_filter=casbin-small
//   rolegraph_bench --write-shape=enterprise-1m --out=/tmp/enterprise-1m.binpb
//   rolegraph_bench --list-shapes
//
// Exit codes: 0 success (a benchmark that fails reports its error in the
// output instead), 2 invalid usage or a shape that could not be written.
#include <benchmark/benchmark.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "bench_registry.h"
#include "org_generator.h"
#include "rolegraph/model.h"

namespace rolegraph::bench {
namespace {

constexpr absl::string_view kUsage =
    "rolegraph_bench options, on top of Google Benchmark's --benchmark_* flags:\n"
    "  --list-shapes        print the shape names and sizes, then exit\n"
    "  --write-shape=NAME   write shape NAME to the file given by --out, then exit\n"
    "  --out=FILE           the model file to write; the extension sets the\n"
    "                       format (.binpb/.pb, .json, .txtpb/.textproto/.pbtxt)\n";

struct ToolFlags {
  bool list_shapes = false;
  bool help = false;
  std::optional<std::string> write_shape;
  std::optional<std::string> out;
};

// Removes this tool's flags from argv and leaves the rest for Google
// Benchmark.
ToolFlags ExtractToolFlags(int& argc, char** argv) {
  ToolFlags flags;
  int next_kept = 1;
  for (int i = 1; i < argc; ++i) {
    absl::string_view argument = argv[i];
    if (argument == "--list-shapes") {
      flags.list_shapes = true;
    } else if (absl::ConsumePrefix(&argument, "--write-shape=")) {
      flags.write_shape = std::string(argument);
    } else if (absl::ConsumePrefix(&argument, "--out=")) {
      flags.out = std::string(argument);
    } else {
      if (argument == "--help" || argument == "-h") flags.help = true;
      argv[next_kept++] = argv[i];
    }
  }
  argc = next_kept;
  return flags;
}

int ListShapes() {
  for (const ShapeInfo& shape : Shapes()) {
    std::cout << shape.name << "\t" << shape.description << "\n";
  }
  return 0;
}

int WriteShape(const std::string& name, const std::optional<std::string>& out) {
  if (!out.has_value() || out->empty()) {
    std::cerr << "rolegraph_bench: --write-shape needs --out=FILE with a .binpb, "
                 ".json or .txtpb extension\n";
    return 2;
  }
  absl::StatusOr<ModelFormat> format = FormatForPath(*out);
  if (!format.ok()) {
    std::cerr << "rolegraph_bench: " << format.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<v1::Model> model = BuildShape(name);
  if (!model.ok()) {
    std::cerr << "rolegraph_bench: " << model.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<std::string> content = SerializeModel(*model, *format);
  if (!content.ok()) {
    std::cerr << "rolegraph_bench: serialising shape " << name
              << " failed: " << content.status().message() << "\n";
    return 2;
  }

  std::ofstream file(*out, std::ios::binary | std::ios::trunc);
  file.write(content->data(), static_cast<std::streamsize>(content->size()));
  file.close();
  if (!file) {
    std::cerr << "rolegraph_bench: writing " << *out << " failed: "
              << std::strerror(errno) << "; check the directory and free space\n";
    return 2;
  }
  std::cerr << "wrote shape " << name << " (" << model->users_size() << " users, "
            << model->roles_size() << " roles, " << model->privileges_size()
            << " privileges, " << content->size() << " bytes) to " << *out << "\n";
  return 0;
}

void RegisterAll() {
  for (const ShapeInfo& shape : Shapes()) {
    RegisterQueryBenchmarks(shape);
    RegisterPopulationBenchmarks(shape);
    RegisterCompileBenchmarks(shape);
    RegisterReportBenchmarks(shape);
  }
}

}  // namespace
}  // namespace rolegraph::bench

int main(int argc, char** argv) {
  using namespace rolegraph::bench;
  const ToolFlags flags = ExtractToolFlags(argc, argv);
  if (flags.list_shapes) return ListShapes();
  if (flags.write_shape.has_value()) return WriteShape(*flags.write_shape, flags.out);
  if (flags.out.has_value()) {
    std::cerr << "rolegraph_bench: --out is only used with --write-shape\n";
    return 2;
  }
  if (flags.help) std::cout << kUsage << "\n";

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::AddCustomContext("evaluation_time",
                              absl::FormatTime(absl::RFC3339_full, ReferenceTime(),
                                               absl::UTCTimeZone()));
  benchmark::AddCustomContext("hp_data_dir", HpDataDirectory());

  RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
