#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds rolegraph, then runs
# one job:
#   ./build.sh report   print the incident-readiness report of the example
#   ./build.sh test     run every test
#   ./build.sh build    only build
#   ./build.sh deps [PACKAGE...]
#                       only install the missing packages, and the named
#                       extra Debian packages
# Environment: BUILD_DIR (default: build), JOBS (default: 2), and CI=true to
# turn compiler warnings into errors.
set -euo pipefail

job="${1:-report}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build_dir="${BUILD_DIR:-$here/build}"
jobs="${JOBS:-2}"

packages=(cmake g++ make pkg-config protobuf-compiler libprotobuf-dev libabsl-dev
          libroaring-dev libre2-dev libgtest-dev libgmock-dev libbenchmark-dev
          pybind11-dev python3-dev python3-protobuf python3-pytest)

install_missing() {
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing missing packages: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
}

build() {
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  # Debian's python3, which has pytest and protobuf from apt, even where
  # another python3 comes first on PATH.
  cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DROLEGRAPH_WERROR="$werror" >&2
  cmake --build "$build_dir" -j "$jobs" >&2
}

case "$job" in
  report)
    install_missing
    build
    "$build_dir/tools/rolegraph" report "$here/examples/org.json" \
      --at 2026-12-04T12:00:00Z --group-by department
    ;;
  test)
    install_missing
    build
    cd "$build_dir"
    ctest --output-on-failure -j "$jobs"
    ;;
  build)
    install_missing
    build
    ;;
  deps)
    shift
    packages+=("$@")
    install_missing
    ;;
  *)
    echo "usage: ./build.sh report|test|build|deps" >&2
    exit 2
    ;;
esac
