#!/usr/bin/env bash
# Installs a built tree to a temporary prefix, checks what is installed,
# compiles every installed header alone against the prefix, builds
# examples/embed with find_package(rolegraph) and a C program with
# `pkg-config --cflags --libs rolegraph`, and runs both.
#
#   install_test.sh BUILD_DIR SOURCE_DIR [CMAKE]
set -euo pipefail

build_dir="$1"
source_dir="$2"
cmake="${3:-cmake}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

fail() {
  echo "install_test: $*" >&2
  exit 1
}

"$cmake" --install "$build_dir" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log" >&2; fail "cmake --install failed"; }

# What the package must hold, and what it must not.
for file in include/rolegraph/c_api.h include/rolegraph/policy.h \
            include/rolegraph/internal/hot_path.h \
            include/rolegraph/v1/model.pb.h include/rolegraph/v1/results.pb.h \
            include/rolegraph/v1/model.proto include/rolegraph/v1/delta.proto; do
  [ -f "$prefix/$file" ] || fail "$file is not installed"
done
libdir="$(dirname "$(find "$prefix" -name librolegraph.a | head -n 1)")"
[ -f "$libdir/librolegraph.a" ] || fail "librolegraph.a is not installed"
[ -e "$libdir/librolegraph.so" ] || fail "librolegraph.so is not installed"
[ -f "$libdir/cmake/rolegraph/rolegraphConfig.cmake" ] || fail "rolegraphConfig.cmake is not installed"
[ -f "$libdir/cmake/rolegraph/rolegraphConfigVersion.cmake" ] || fail "the version file is not installed"
[ -f "$libdir/pkgconfig/rolegraph.pc" ] || fail "rolegraph.pc is not installed"
if find "$prefix/include" -path '*condition*' | grep -q .; then
  fail "private condition headers are installed: $(find "$prefix/include" -path '*condition*')"
fi

# Every installed header compiles alone with only the prefix on the
# include path, so none of them includes a header that is not installed.
while IFS= read -r header; do
  relative="${header#"$prefix/include/"}"
  echo "#include \"$relative\"" >"$work/header.cc"
  c++ -std=c++20 -fsyntax-only -I"$prefix/include" "$work/header.cc" ||
    fail "installed header $relative does not compile alone against the prefix"
done < <(find "$prefix/include/rolegraph" -name '*.h' | sort)
echo '#include "rolegraph/c_api.h"' >"$work/c_header.c"
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$prefix/include" "$work/c_header.c" ||
  fail "rolegraph/c_api.h does not compile as C11"

# A host program built with find_package(rolegraph).
"$cmake" -S "$source_dir/examples/embed" -B "$work/embed" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$work/embed-configure.log" ||
  { cat "$work/embed-configure.log" >&2; fail "configuring examples/embed failed"; }
"$cmake" --build "$work/embed" -j 2 >"$work/embed-build.log" ||
  { cat "$work/embed-build.log" >&2; fail "building examples/embed failed"; }

model="$source_dir/examples/org.json"
if [ ! -f "$model" ]; then
  model="$source_dir/tests/model/data/valid.json"
fi
status=0
"$work/embed/embed" "$model" >"$work/embed.out" || status=$?
cat "$work/embed.out"
[ "$status" -le 1 ] || fail "examples/embed exited with $status on $model"
grep -q "^model: " "$work/embed.out" || fail "examples/embed printed no model summary"
status=0
"$work/embed/embed" "$work/missing.json" 2>"$work/embed.err" || status=$?
[ "$status" -eq 2 ] || fail "examples/embed exited with $status on a missing file, expected 2"
grep -q "missing.json" "$work/embed.err" || fail "the error does not name the missing file"

# A C host built with pkg-config, against the shared library.
cat >"$work/pkgconfig_host.c" <<'PROGRAM'
#include <stdio.h>
#include <string.h>

#include "rolegraph/c_api.h"

int main(int argc, char** argv) {
  static const char kModel[] =
      "{\"privileges\": [{\"id\": \"vpn:use\"}],"
      " \"roles\": [{\"id\": \"staff\", \"inducements\": [{\"privilege\": \"vpn:use\"}]}],"
      " \"users\": [{\"id\": \"ada\", \"assignments\": [{\"role\": \"staff\"}]}]}";
  rolegraph_model* model = NULL;
  rolegraph_policy* policy = NULL;
  rolegraph_evaluator* evaluator = NULL;
  rolegraph_error* error = NULL;
  int allowed = 0;
  (void)argc;
  (void)argv;
  if (rolegraph_model_parse(kModel, strlen(kModel), ROLEGRAPH_FORMAT_JSON, "host.json",
                            &model, &error) != ROLEGRAPH_OK ||
      rolegraph_compile(model, &policy, &error) != ROLEGRAPH_OK ||
      rolegraph_evaluator_create(policy, 1796385600, 0, ROLEGRAPH_CONFIGURATION_PRODUCTION,
                                 NULL, 0, &evaluator, &error) != ROLEGRAPH_OK ||
      rolegraph_check(evaluator, "ada", "vpn:use", &allowed, &error) != ROLEGRAPH_OK) {
    fprintf(stderr, "pkgconfig_host: %s\n", rolegraph_error_message(error));
    return 2;
  }
  printf("rolegraph %s: ada vpn:use %s\n", rolegraph_version(), allowed ? "allow" : "deny");
  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
  rolegraph_model_free(model);
  return allowed ? 0 : 1;
}
PROGRAM
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags="$(pkg-config --cflags --libs rolegraph)" || fail "pkg-config cannot resolve rolegraph"
# shellcheck disable=SC2086
cc -std=c11 "$work/pkgconfig_host.c" -o "$work/pkgconfig_host" $flags \
  -Wl,-rpath,"$libdir" || fail "the pkg-config host does not build with: $flags"
"$work/pkgconfig_host" || fail "the pkg-config host failed"
echo "install_test: passed"
