// The planner of the condition language: a checked tree to a Program.
//
//   absl::StatusOr<Program> program = Plan(checked);
//
// The planner does once the work that does not depend on the activation.
// It compiles literal `matches` patterns with RE2 and parses literal
// `timestamp("...")` and `duration("...")` arguments. A map selection or an
// index with a literal key becomes a direct key lookup. Invalid literals are
// InvalidArgument errors with a "LINE:COLUMN: " prefix.
#ifndef ROLEGRAPH_SRC_CONDITION_PLANNER_H_
#define ROLEGRAPH_SRC_CONDITION_PLANNER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "condition/checker.h"
#include "condition/program.h"

namespace rolegraph::condition {

absl::StatusOr<Program> Plan(const CheckedExpr& checked);

// Parses an RFC 3339 timestamp such as "2026-12-04T09:30:00Z" and checks
// that it lies in years 0001 to 9999. The planner and the evaluator share it.
absl::Status ParseTimestamp(absl::string_view text, absl::Time* time);

// Parses a Go-style duration such as "1h30m", "90s" or "-250ms" and checks
// that it is finite and within 10,000 years.
absl::Status ParseDurationText(absl::string_view text, absl::Duration* duration);

// Checks that a timestamp or duration computed by arithmetic stays in range.
bool TimestampInRange(absl::Time time);
bool DurationInRange(absl::Duration duration);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_PLANNER_H_
