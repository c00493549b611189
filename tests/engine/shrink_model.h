// Reduction of a failing model to a small one that still fails, so that a
// differential-test mismatch can be read and reproduced by hand.
//
//   v1::Model small = ShrinkModel(model, [&](const v1::Model& candidate) {
//     return HasMismatch(candidate);
//   });
//
// The shrinker edits the model through protobuf reflection, one edit at a
// time: it deletes an element of a repeated field or clears a set field, and
// keeps the edit when `still_fails` returns true for the result. It repeats
// until no single edit keeps the failure, so the result is minimal with
// respect to single edits, not globally smallest.
#ifndef ROLEGRAPH_TESTS_ENGINE_SHRINK_MODEL_H_
#define ROLEGRAPH_TESTS_ENGINE_SHRINK_MODEL_H_

#include <functional>

#include "rolegraph/v1/model.pb.h"

namespace rolegraph::test {

// `still_fails` must return false for models it cannot evaluate (invalid
// ones included), so that edits which break the model are rejected.
v1::Model ShrinkModel(v1::Model model,
                      const std::function<bool(const v1::Model&)>& still_fails);

}  // namespace rolegraph::test

#endif  // ROLEGRAPH_TESTS_ENGINE_SHRINK_MODEL_H_
