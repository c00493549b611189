// The evaluable form of a condition: what the planner produces and the
// evaluator runs. Each instruction computes one value from the values of
// its operands (earlier instructions), so a program is a tree of
// instructions whose height is bounded like the source tree's.
//
//   absl::StatusOr<Program> program = Plan(checked);
//   program->instructions[program->root].op;  // kCompare for "user.id == 'a'"
#ifndef ROLEGRAPH_SRC_CONDITION_PROGRAM_H_
#define ROLEGRAPH_SRC_CONDITION_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "condition/ast.h"
#include "condition/checker.h"
#include "condition/condition.h"
#include "re2/re2.h"

namespace rolegraph::condition {

enum class Op {
  // Constants: bool_value, int_value, text, time or duration.
  kBoolConstant,
  kIntConstant,
  kStringConstant,
  kTimestampConstant,
  kDurationConstant,
  // Variables.
  kUserId,
  kUserAttributes,
  kRoleId,
  kRoleAttributes,
  kSwitch,  // switch_index
  kNow,
  // Logic, with CEL's commutative error handling for kAnd and kOr.
  kNot,
  kAnd,
  kOr,
  kConditional,
  // Comparison by binary_operator (== != < <= > >=) of two operand_kind
  // values.
  kCompare,
  // Containers.
  kList,
  kInList,      // operands[1] is a kList instruction, compared lazily
  kInMap,
  kMapField,    // operands[0][text]: a key known when planning
  kMapIndex,    // operands[0][operands[1]]
  kListIndex,
  kHas,         // text in operands[0]
  // Arithmetic.
  kNegateInt,
  kNegateDuration,
  kAddInt,
  kSubtractInt,
  kMultiplyInt,
  kDivideInt,
  kRemainderInt,
  kAddString,
  kAddTimestampDuration,
  kAddDurationTimestamp,
  kAddDurations,
  kSubtractTimestamps,
  kSubtractTimestampDuration,
  kSubtractDurations,
  // Function calls by overload. `regex` is set for a literal pattern.
  kCall,
};

struct Instruction {
  Op op = Op::kBoolConstant;
  // The source position, for evaluation error messages.
  Position position;
  std::vector<int> operands;
  BinaryOperator binary_operator = BinaryOperator::kEqual;
  TypeKind operand_kind = TypeKind::kAny;
  Overload overload = Overload::kNone;
  bool bool_value = false;
  int64_t int_value = 0;
  std::string text;
  absl::Time time;
  absl::Duration duration;
  int switch_index = -1;
  // A literal `matches` pattern, compiled once by the planner.
  std::shared_ptr<const RE2> regex;
};

struct Program {
  std::vector<Instruction> instructions;
  int root = -1;
  Dependency dependency = Dependency::kConstant;
  std::vector<int> switches_read;
  bool reads_role = false;
  // See CompiledCondition::user_attribute_keys.
  std::optional<std::vector<std::string>> user_attribute_keys;
  // Declarations::switch_ids, to name switches in evaluation errors.
  std::vector<std::string> switch_ids;
  // Limits::max_built_string_bytes of the compilation; the default matches
  // Limits for programs planned without Compile.
  size_t max_built_string_bytes = 16 * 1024 * 1024;
};

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_PROGRAM_H_
