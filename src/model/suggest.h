// "Did you mean" suggestions for misspelled names and ids.
#ifndef ROLEGRAPH_SRC_MODEL_SUGGEST_H_
#define ROLEGRAPH_SRC_MODEL_SUGGEST_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace rolegraph::model_internal {

// Returns the optimal string alignment distance between `a` and `b`,
// counting bytes: insertions, deletions, substitutions and swaps of
// adjacent bytes each cost one, so "alcie" is one edit from "alice".
size_t EditDistance(absl::string_view a, absl::string_view b);

// Returns the candidate closest to `name` if it is close enough to be a
// likely misspelling (at most a third of the name's length away, at least
// one edit allowed, case differences free), or an empty string. Ties go to
// the earliest candidate.
std::string ClosestMatch(absl::string_view name,
                         absl::Span<const std::string> candidates);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_SUGGEST_H_
