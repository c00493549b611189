// The parser of the condition language: source text to an abstract syntax
// tree (see ast.h), with CEL's grammar and operator precedence.
//
//   absl::StatusOr<ParsedExpr> parsed = Parse("!switches.freeze", Limits());
//   ToDebugString(*parsed);  // "(! (. switches freeze))"
//
// The parser enforces Limits: the source size and the nesting depth. Chains
// of `&&` and `||` are built as balanced trees, so a long flat conjunction
// does not count as deep nesting.
#ifndef ROLEGRAPH_SRC_CONDITION_PARSER_H_
#define ROLEGRAPH_SRC_CONDITION_PARSER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "condition/ast.h"
#include "condition/condition.h"

namespace rolegraph::condition {

// Parses `source`. Errors are InvalidArgument with a "LINE:COLUMN: " prefix.
absl::StatusOr<ParsedExpr> Parse(absl::string_view source, const Limits& limits);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_PARSER_H_
