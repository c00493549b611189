#!/usr/bin/env bash
# Builds rolegraph with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# in one build directory, runs the GoogleTest suite there, then runs each
# libFuzzer target in tests/fuzz for FUZZ_SECONDS from a copy of its seed
# corpus. A failing build or test stops the script at once. A failing fuzz
# target is reported after the other targets have run. Installs the missing
# Debian 12 packages first, as build.sh does.
#
# The ctest entry labelled differential_long (random models 2,001 to 10,000
# against the reference evaluator) is left out here, because it takes about
# four minutes on two cores under the sanitizers and `./build.sh test` runs
# it. The first 2,000 models still run.
#
# Usage: tests/run_sanitizers.sh [BUILD_DIR]
# Environment:
#   BUILD_DIR     build directory (default /tmp/build-san)
#   FUZZ_SECONDS  seconds per fuzz target (default 60; 0 skips fuzzing)
#   JOBS          parallel build and test jobs (default 2)
#   CC, CXX       compilers (default clang-14, clang++-14)
set -euo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${1:-${BUILD_DIR:-/tmp/build-san}}"
fuzz_seconds="${FUZZ_SECONDS:-60}"
jobs="${JOBS:-2}"
cc="${CC:-clang-14}"
cxx="${CXX:-clang++-14}"

log() { printf '%s run_sanitizers: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# clang-14 does not pull in the sanitizer and libFuzzer runtimes
# (libclang-rt-14-dev) or llvm-symbolizer (llvm-14) without recommends.
log "installing missing packages"
"${source_dir}/build.sh" deps clang-14 libclang-rt-14-dev llvm-14

# Reports stop the test at the first error; leak checking stays on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Reports name functions and lines only with a symbolizer.
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" && -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# -O1 keeps the sanitized tests within minutes and the reports accurate.
# Line tables are all a stack trace needs, and are smaller than full debug
# info.
log "configuring ${build_dir} with ${cxx}"
cmake -S "${source_dir}" -B "${build_dir}" \
  -DCMAKE_C_COMPILER="${cc}" -DCMAKE_CXX_COMPILER="${cxx}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DROLEGRAPH_SANITIZE=address,undefined \
  -DROLEGRAPH_BUILD_FUZZERS=ON \
  -DROLEGRAPH_BUILD_BENCHMARKS=OFF \
  -DROLEGRAPH_BUILD_PYTHON=OFF >/dev/null

log "building with -j${jobs}"
cmake --build "${build_dir}" -j"${jobs}"

# The property tests compare explanations for one random model here instead
# of ten, because Explain on the dense ones takes most of an hour under the
# sanitizers. The engine and CLI tests and the fuzz targets still run
# Explain.
log "running the test suite under ASan and UBSan"
ROLEGRAPH_PROPERTIES_EXPLAINED_SEEDS=1 ctest --test-dir "${build_dir}" \
  -j"${jobs}" --output-on-failure --label-exclude differential_long \
  --timeout 1200
log "test suite passed"

if [[ "${fuzz_seconds}" -le 0 ]]; then
  log "FUZZ_SECONDS=${fuzz_seconds}, skipping the fuzz targets"
  exit 0
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "${work_dir}"' EXIT
status=0
for corpus in "${source_dir}"/tests/fuzz/corpus/*/; do
  name="$(basename "${corpus}")"
  fuzzer="${build_dir}/tests/fuzz/${name}"
  if [[ ! -x "${fuzzer}" ]]; then
    log "missing fuzz target ${fuzzer} for corpus ${corpus}"
    status=1
    continue
  fi

  # New inputs go to a scratch copy, so the committed corpus stays small.
  cp -r "${corpus}" "${work_dir}/${name}"
  mkdir -p "${work_dir}/artifacts-${name}"
  log "fuzzing ${name} for ${fuzz_seconds}s"
  if ! "${fuzzer}" "${work_dir}/${name}" \
      -max_total_time="${fuzz_seconds}" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="${work_dir}/artifacts-${name}/" \
      >"${work_dir}/${name}.log" 2>&1; then
    tail -n 60 "${work_dir}/${name}.log"
    mkdir -p "${build_dir}/fuzz-artifacts"
    cp -r "${work_dir}/artifacts-${name}" "${build_dir}/fuzz-artifacts/${name}"
    log "FAILED: ${name}; the crashing input is in ${build_dir}/fuzz-artifacts/${name}"
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "${work_dir}/${name}.log" || true
  fi
done

if [[ "${status}" -ne 0 ]]; then
  log "FAILED"
  exit "${status}"
fi
log "passed"
