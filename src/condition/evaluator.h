// The evaluator of the condition language: runs a Program against an
// Activation (the values of the variables).
//
//   absl::StatusOr<bool> result = EvaluateProgram(program, activation);
//
// The program is a tree, so evaluation visits each instruction at most once
// and its time is linear in the program size. Its recursion depth is the program's height, which
// the parser bounds by Limits::max_nesting_depth. Simple comparisons
// allocate nothing: strings are views into the program, the activation or
// the attribute maps.
//
// Errors (a missing map key, an integer overflow, a division by zero, an
// invalid regular expression or timestamp built at run time) are returned
// as a status whose message starts with "LINE:COLUMN: ". Callers treat them
// as false (fail closed) and report them.
#ifndef ROLEGRAPH_SRC_CONDITION_EVALUATOR_H_
#define ROLEGRAPH_SRC_CONDITION_EVALUATOR_H_

#include "absl/status/statusor.h"
#include "condition/condition.h"
#include "condition/program.h"

namespace rolegraph::condition {

// Evaluates `program`, whose root must have type bool.
absl::StatusOr<bool> EvaluateProgram(const Program& program,
                                     const Activation& activation);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_EVALUATOR_H_
