// Helpers shared by the condition-language tests: run the stages up to a
// given one, and build activations.
#ifndef ROLEGRAPH_TESTS_CONDITION_CONDITION_TEST_UTIL_H_
#define ROLEGRAPH_TESTS_CONDITION_CONDITION_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "condition/checker.h"
#include "condition/condition.h"
#include "condition/evaluator.h"
#include "condition/parser.h"
#include "condition/planner.h"

namespace rolegraph::condition::testing {

inline Declarations TestDeclarations() {
  Declarations declarations;
  declarations.switch_ids = {"incident_response", "freeze", "audit_mode"};
  return declarations;
}

inline absl::StatusOr<CheckedExpr> ParseAndCheck(
    absl::string_view source, const Declarations& declarations = TestDeclarations()) {
  absl::StatusOr<ParsedExpr> parsed = Parse(source, Limits());
  if (!parsed.ok()) return parsed.status();
  return Check(*std::move(parsed), declarations);
}

inline absl::StatusOr<Program> ParseCheckAndPlan(
    absl::string_view source, const Declarations& declarations = TestDeclarations()) {
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck(source, declarations);
  if (!checked.ok()) return checked.status();
  return Plan(*checked);
}

// Returns the status message, or "OK" for a success, for readable
// assertions on errors.
template <typename T>
std::string MessageOf(const absl::StatusOr<T>& result) {
  return result.ok() ? "OK" : std::string(result.status().message());
}

}  // namespace rolegraph::condition::testing

#endif  // ROLEGRAPH_TESTS_CONDITION_CONDITION_TEST_UTIL_H_
