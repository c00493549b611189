// A seeded generator of small random models for differential tests.
//
//   v1::Model model = rolegraph::test::GenerateRandomModel(42);
//   ReferenceEvaluator reference(model, {.now = kRandomModelNow});
//
// The same seed yields the same model with any standard library, because
// the generator draws from std::mt19937_64, whose output the C++ standard
// fixes, and uses no standard distribution.
//
// Models have 3-15 roles, 3-12 privileges, 2-10 users and 0-3 switches. They
// mix in everything that the evaluation semantics distinguish:
// - meta-roles and meta-meta-roles, reached through roles' own assignments;
// - inducements of orders 0 to 3, to roles and to privileges;
// - all four relations;
// - constant, context-only and per-user conditions, some of which fail to
//   evaluate;
// - validity windows whose ends lie on kRandomModelNow, or one nanosecond,
//   one second or one day beside it, and disabled items;
// - every lifecycle state;
// - switches that expire before, at or after kRandomModelNow;
// - role cycles through two or more roles.
// No role induces or is assigned to itself, so a generated model has no
// validation errors, only cycle warnings.
#ifndef ROLEGRAPH_TESTS_ENGINE_RANDOM_MODEL_H_
#define ROLEGRAPH_TESTS_ENGINE_RANDOM_MODEL_H_

#include <cstdint>

#include "absl/time/time.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::test {

// The evaluation time that generated validity windows, switch expiries and
// time conditions are placed around: 2026-06-01T12:00:00Z.
inline const absl::Time kRandomModelNow = absl::FromUnixSeconds(1780315200);

v1::Model GenerateRandomModel(uint64_t seed);

}  // namespace rolegraph::test

#endif  // ROLEGRAPH_TESTS_ENGINE_RANDOM_MODEL_H_
