// The per-process cache of benchmark shapes, and memory probes.
//
// A shape is generated, compiled and sampled once per process, the first
// time a benchmark requests it, so that repetitions measure only the
// operation. Cached shapes stay in memory until the process exits.
//
//   absl::StatusOr<const PreparedShape*> shape = GetShape("casbin-large");
//   if (!shape.ok()) state.SkipWithError(shape.status().ToString().c_str());
//
// Not thread-safe: benchmarks that use it run single-threaded.
#ifndef ROLEGRAPH_BENCH_SHAPE_CACHE_H_
#define ROLEGRAPH_BENCH_SHAPE_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::bench {

// How many (user, privilege) pairs each sample holds.
inline constexpr size_t kSampleSize = 4096;

struct QueryPair {
  UserIndex user;
  PrivilegeIndex privilege;
};

struct PreparedShape {
  std::string name;
  v1::Model model;
  std::shared_ptr<const Policy> policy;
  // The evaluator at ReferenceTime() with the model's switch states. Its
  // population index is built when the shape is prepared.
  std::unique_ptr<Evaluator> baseline;

  // User assignments plus role assignments, the divisor of the compiled
  // policy's bytes per assignment.
  int64_t assignment_count = 0;
  int64_t inducement_count = 0;

  // Pairs that Check allows and denies, drawn from active users with a
  // seeded generator. Hits pick one of the user's effective privileges.
  std::vector<QueryPair> hits;
  std::vector<QueryPair> misses;
  // The active user whose effective privilege count is the median of a
  // sample of 1,001 active users.
  UserIndex median_user = 0;
  size_t median_user_privileges = 0;
  // That sample of active users, in draw order.
  std::vector<UserIndex> sample_users;
  // Privileges with at least one holder, in a seeded random order.
  std::vector<PrivilegeIndex> held_privileges;

  // Roles whose closure depends on the user, because a condition that reads
  // `user` lies on some path from them.
  size_t user_dependent_roles = 0;
  // The share of active users with a member or manager assignment to such a
  // role: Check walks the graph for them. Assignment activity is ignored,
  // so this is an upper bound.
  double walking_user_fraction = 0;
  // The hits and misses of users outside that share, whose checks use only
  // precomputed closures.
  std::vector<QueryPair> static_hits;
  std::vector<QueryPair> static_misses;

  absl::Duration generate_time;
  absl::Duration prepare_time;
};

// Returns the cached shape, preparing it on first use. A shape that failed
// to prepare returns the same error on every call.
absl::StatusOr<const PreparedShape*> GetShape(const std::string& name);

// The evaluation context of every benchmark: ReferenceTime(), production,
// plus the given switch overrides.
EvaluationContext BenchmarkContext(
    std::vector<std::pair<std::string, bool>> switch_overrides = {});

// Bytes that malloc has handed out and not yet taken back (glibc
// mallinfo2: in-use chunks plus mmapped blocks). Unlike the resident set
// size, it drops when memory is freed and does not count freed memory that
// the allocator keeps for reuse.
int64_t HeapBytesInUse();

// The process's peak resident set size (VmHWM in /proc/self/status) in
// bytes, or 0 when it cannot be read.
int64_t PeakResidentBytes();

}  // namespace rolegraph::bench

#endif  // ROLEGRAPH_BENCH_SHAPE_CACHE_H_
