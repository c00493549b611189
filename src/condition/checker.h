// The type checker of the condition language: a parsed tree to a checked
// tree. It gives every node a type, resolves names against the declared
// variables and switches, picks the overload of every function call, and
// classifies what the condition reads (its Dependency).
//
//   absl::StatusOr<CheckedExpr> checked = Check(*std::move(parsed), decls);
//   checked->dependency;  // kUser for "user.id == 'alice'"
//
// Errors are InvalidArgument with a "LINE:COLUMN: " prefix and, for a
// misspelled name, a "; did you mean 'x'?" suggestion.
#ifndef ROLEGRAPH_SRC_CONDITION_CHECKER_H_
#define ROLEGRAPH_SRC_CONDITION_CHECKER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "condition/ast.h"
#include "condition/condition.h"

namespace rolegraph::condition {

// kAny only appears as the element type of the empty list literal `[]`.
enum class TypeKind { kBool, kInt, kString, kTimestamp, kDuration, kList, kMap, kAny };

// A type of the language. A list has one scalar element type, and every map
// is a map(string, string).
struct Type {
  TypeKind kind = TypeKind::kAny;
  TypeKind element = TypeKind::kAny;  // Only for kList.

  friend bool operator==(const Type& a, const Type& b) {
    return a.kind == b.kind && (a.kind != TypeKind::kList || a.element == b.element);
  }
};

// Returns the type as CEL writes it: "int", "list(string)",
// "map(string, string)".
std::string TypeName(Type type);

// The variable a kIdentifier or kSelect node reads, if any.
enum class Variable { kNone, kUserId, kUserAttributes, kRoleId, kRoleAttributes, kSwitch, kNow };

// The implementation a kCall node resolves to.
enum class Overload {
  kNone,
  kHas,
  kSizeString,
  kSizeList,
  kSizeMap,
  kStartsWith,
  kEndsWith,
  kContains,
  kMatches,
  kTimestampFromString,
  kTimestampFromTimestamp,
  kDurationFromString,
  kDurationFromDuration,
  kIntFromInt,
  kIntFromString,
  kIntFromTimestamp,
  kStringFromString,
  kStringFromInt,
  kStringFromBool,
  kStringFromTimestamp,
  kStringFromDuration,
};

// The output of the checker: the parsed tree plus side tables indexed by
// node id.
struct CheckedExpr {
  ParsedExpr parsed;
  std::vector<Type> types;
  std::vector<Variable> variables;
  // For Variable::kSwitch: the index into Declarations::switch_ids.
  std::vector<int> switch_indexes;
  std::vector<Overload> overloads;
  Dependency dependency = Dependency::kConstant;
  // Switch indexes the condition reads, sorted and unique.
  std::vector<int> switches_read;
  // Whether `role` appears, so that the value depends on where the
  // condition sits.
  bool reads_role = false;
  // Declarations::switch_ids, kept to name switches in evaluation errors.
  std::vector<std::string> switch_ids;
};

// Checks `parsed` against `declarations`. The whole condition must have
// type bool.
absl::StatusOr<CheckedExpr> Check(ParsedExpr parsed,
                                  const Declarations& declarations);

// Returns the candidate closest to `name` by edit distance when it is close
// enough to be a likely misspelling, or an empty string.
std::string SuggestName(absl::string_view name,
                        const std::vector<std::string>& candidates);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_CHECKER_H_
