#include "condition/planner.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "condition/lexer.h"

namespace rolegraph::condition {
namespace {

// CEL's range for timestamps (years 0001 to 9999) and durations (about
// 10,000 years either way).
absl::Time MinTimestamp() {
  return absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone());
}
absl::Time MaxTimestamp() {
  return absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59),
                         absl::UTCTimeZone()) +
         absl::Nanoseconds(999999999);
}
constexpr int64_t kMaxDurationSeconds = int64_t{315576000000};

class Planner {
 public:
  Planner(const CheckedExpr& checked, Program* program)
      : checked_(checked), program_(*program) {}

  absl::StatusOr<int> Visit(int node_index);

 private:
  const Node& NodeAt(int index) const { return checked_.parsed.nodes[index]; }
  TypeKind KindOf(int node_index) const { return checked_.types[node_index].kind; }
  int Add(Instruction instruction);
  absl::Status VisitOperands(const Node& node, Instruction* instruction);
  absl::StatusOr<int> VisitSelect(int node_index, Instruction instruction);
  absl::StatusOr<int> VisitIndex(int node_index, Instruction instruction);
  absl::StatusOr<int> VisitBinary(int node_index, Instruction instruction);
  absl::StatusOr<int> VisitCall(int node_index, Instruction instruction);
  absl::Status PlanLiteralCall(const Node& argument, Instruction* instruction);

  const CheckedExpr& checked_;
  Program& program_;
};

int Planner::Add(Instruction instruction) {
  program_.instructions.push_back(std::move(instruction));
  return static_cast<int>(program_.instructions.size()) - 1;
}

absl::Status Planner::VisitOperands(const Node& node, Instruction* instruction) {
  for (int operand : node.operands) {
    absl::StatusOr<int> planned = Visit(operand);
    if (!planned.ok()) return planned.status();
    instruction->operands.push_back(*planned);
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Planner::Visit(int node_index) {
  const Node& node = NodeAt(node_index);
  Instruction instruction;
  instruction.position = node.position;
  switch (node.kind) {
    case NodeKind::kBoolLiteral:
      instruction.op = Op::kBoolConstant;
      instruction.bool_value = node.bool_value;
      return Add(std::move(instruction));
    case NodeKind::kIntLiteral:
      instruction.op = Op::kIntConstant;
      instruction.int_value = node.int_value;
      return Add(std::move(instruction));
    case NodeKind::kStringLiteral:
      instruction.op = Op::kStringConstant;
      instruction.text = node.text;
      return Add(std::move(instruction));
    case NodeKind::kIdentifier:
      // The checker accepts only `now` as a bare name.
      instruction.op = Op::kNow;
      return Add(std::move(instruction));
    case NodeKind::kSelect:
      return VisitSelect(node_index, std::move(instruction));
    case NodeKind::kIndex:
      return VisitIndex(node_index, std::move(instruction));
    case NodeKind::kCall:
      return VisitCall(node_index, std::move(instruction));
    case NodeKind::kList:
      instruction.op = Op::kList;
      instruction.operand_kind = checked_.types[node_index].element;
      break;
    case NodeKind::kUnary:
      instruction.op = node.unary_operator == UnaryOperator::kNot ? Op::kNot
                       : KindOf(node.operands[0]) == TypeKind::kInt
                           ? Op::kNegateInt
                           : Op::kNegateDuration;
      break;
    case NodeKind::kBinary:
      return VisitBinary(node_index, std::move(instruction));
    case NodeKind::kConditional:
      instruction.op = Op::kConditional;
      break;
  }
  if (absl::Status status = VisitOperands(node, &instruction); !status.ok()) {
    return status;
  }
  return Add(std::move(instruction));
}

absl::StatusOr<int> Planner::VisitSelect(int node_index, Instruction instruction) {
  const Node& node = NodeAt(node_index);
  switch (checked_.variables[node_index]) {
    case Variable::kUserId: instruction.op = Op::kUserId; return Add(std::move(instruction));
    case Variable::kUserAttributes:
      instruction.op = Op::kUserAttributes;
      return Add(std::move(instruction));
    case Variable::kRoleId: instruction.op = Op::kRoleId; return Add(std::move(instruction));
    case Variable::kRoleAttributes:
      instruction.op = Op::kRoleAttributes;
      return Add(std::move(instruction));
    case Variable::kSwitch:
      instruction.op = Op::kSwitch;
      instruction.switch_index = checked_.switch_indexes[node_index];
      return Add(std::move(instruction));
    case Variable::kNow:
    case Variable::kNone:
      break;
  }

  instruction.op = Op::kMapField;
  instruction.text = node.text;
  absl::StatusOr<int> map = Visit(node.operands[0]);
  if (!map.ok()) return map;
  instruction.operands = {*map};
  return Add(std::move(instruction));
}

absl::StatusOr<int> Planner::VisitIndex(int node_index, Instruction instruction) {
  const Node& node = NodeAt(node_index);
  const Node& key = NodeAt(node.operands[1]);
  if (KindOf(node.operands[0]) == TypeKind::kMap &&
      key.kind == NodeKind::kStringLiteral) {
    instruction.op = Op::kMapField;
    instruction.text = key.text;
    absl::StatusOr<int> map = Visit(node.operands[0]);
    if (!map.ok()) return map;
    instruction.operands = {*map};
    return Add(std::move(instruction));
  }

  instruction.op = KindOf(node.operands[0]) == TypeKind::kMap ? Op::kMapIndex
                                                              : Op::kListIndex;
  if (absl::Status status = VisitOperands(node, &instruction); !status.ok()) {
    return status;
  }
  return Add(std::move(instruction));
}

absl::StatusOr<int> Planner::VisitBinary(int node_index, Instruction instruction) {
  const Node& node = NodeAt(node_index);
  const TypeKind left = KindOf(node.operands[0]);
  const TypeKind right = KindOf(node.operands[1]);
  using K = TypeKind;
  instruction.binary_operator = node.binary_operator;
  switch (node.binary_operator) {
    case BinaryOperator::kAnd: instruction.op = Op::kAnd; break;
    case BinaryOperator::kOr: instruction.op = Op::kOr; break;
    case BinaryOperator::kEqual:
    case BinaryOperator::kNotEqual:
    case BinaryOperator::kLess:
    case BinaryOperator::kLessEqual:
    case BinaryOperator::kGreater:
    case BinaryOperator::kGreaterEqual:
      instruction.op = Op::kCompare;
      instruction.operand_kind = left;
      break;
    case BinaryOperator::kIn:
      instruction.op = right == K::kMap ? Op::kInMap : Op::kInList;
      instruction.operand_kind = left;
      break;
    case BinaryOperator::kAdd:
      instruction.op = left == K::kInt                                ? Op::kAddInt
                       : left == K::kString                           ? Op::kAddString
                       : left == K::kTimestamp                        ? Op::kAddTimestampDuration
                       : right == K::kTimestamp ? Op::kAddDurationTimestamp
                                                : Op::kAddDurations;
      break;
    case BinaryOperator::kSubtract:
      instruction.op = left == K::kInt ? Op::kSubtractInt
                       : left == K::kTimestamp
                           ? (right == K::kTimestamp ? Op::kSubtractTimestamps
                                                     : Op::kSubtractTimestampDuration)
                           : Op::kSubtractDurations;
      break;
    case BinaryOperator::kMultiply: instruction.op = Op::kMultiplyInt; break;
    case BinaryOperator::kDivide: instruction.op = Op::kDivideInt; break;
    case BinaryOperator::kRemainder: instruction.op = Op::kRemainderInt; break;
  }
  if (absl::Status status = VisitOperands(node, &instruction); !status.ok()) {
    return status;
  }
  return Add(std::move(instruction));
}

absl::StatusOr<int> Planner::VisitCall(int node_index, Instruction instruction) {
  const Node& node = NodeAt(node_index);
  instruction.op = Op::kCall;
  instruction.overload = checked_.overloads[node_index];

  if (instruction.overload == Overload::kHas) {
    const Node& selection = NodeAt(node.operands[0]);
    instruction.op = Op::kHas;
    instruction.text = selection.text;
    absl::StatusOr<int> map = Visit(selection.operands[0]);
    if (!map.ok()) return map;
    instruction.operands = {*map};
    return Add(std::move(instruction));
  }

  const Node& last = NodeAt(node.operands.back());
  if (last.kind == NodeKind::kStringLiteral) {
    if (absl::Status status = PlanLiteralCall(last, &instruction); !status.ok()) {
      return status;
    }
    if (instruction.op != Op::kCall) return Add(std::move(instruction));
  }
  if (absl::Status status = VisitOperands(node, &instruction); !status.ok()) {
    return status;
  }
  return Add(std::move(instruction));
}

// Evaluates a call whose last argument is a string literal when that can be
// done once: a timestamp or duration literal becomes a constant, and a
// literal `matches` pattern is compiled. Invalid literals are errors here,
// at compile time, and never reach evaluation.
absl::Status Planner::PlanLiteralCall(const Node& argument, Instruction* instruction) {
  switch (instruction->overload) {
    case Overload::kTimestampFromString:
      instruction->op = Op::kTimestampConstant;
      if (absl::Status status = ParseTimestamp(argument.text, &instruction->time);
          !status.ok()) {
        return ErrorAt(argument.position, status.message());
      }
      return absl::OkStatus();
    case Overload::kDurationFromString:
      instruction->op = Op::kDurationConstant;
      if (absl::Status status =
              ParseDurationText(argument.text, &instruction->duration);
          !status.ok()) {
        return ErrorAt(argument.position, status.message());
      }
      return absl::OkStatus();
    case Overload::kMatches: {
      RE2::Options options;
      options.set_log_errors(false);
      auto regex = std::make_shared<const RE2>(argument.text, options);
      if (!regex->ok()) {
        return ErrorAt(argument.position,
                       absl::StrCat("invalid regular expression: ",
                                    regex->error(), "; the syntax is RE2's"));
      }
      instruction->regex = std::move(regex);
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

}  // namespace

bool TimestampInRange(absl::Time time) {
  return time >= MinTimestamp() && time <= MaxTimestamp();
}

bool DurationInRange(absl::Duration duration) {
  return absl::AbsDuration(duration) <= absl::Seconds(kMaxDurationSeconds);
}

absl::Status ParseTimestamp(absl::string_view text, absl::Time* time) {
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid timestamp \"", text,
                     "\"; write RFC 3339, such as \"2026-12-04T09:30:00Z\""));
  }
  if (!TimestampInRange(*time)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "timestamp \"", text, "\" is outside years 0001 to 9999"));
  }
  return absl::OkStatus();
}

absl::Status ParseDurationText(absl::string_view text, absl::Duration* duration) {
  if (!absl::ParseDuration(text, duration) || *duration == absl::InfiniteDuration() ||
      *duration == -absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid duration \"", text,
                     "\"; write a number and a unit (h, m, s, ms, us, ns), such "
                     "as \"1h30m\" or \"90s\""));
  }
  if (!DurationInRange(*duration)) {
    return absl::InvalidArgumentError(
        absl::StrCat("duration \"", text, "\" is longer than 10,000 years"));
  }
  return absl::OkStatus();
}

namespace {

// The key that `consumer` reads from its map operand at position
// `operand`, when the source fixes it.
std::optional<std::string> LiteralKey(const Program& program, const Instruction& consumer,
                                      size_t operand) {
  const auto constant = [&](int index) -> std::optional<std::string> {
    const Instruction& key = program.instructions[static_cast<size_t>(index)];
    if (key.op != Op::kStringConstant) return std::nullopt;
    return key.text;
  };
  switch (consumer.op) {
    case Op::kMapField:
    case Op::kHas:
      if (operand == 0) return consumer.text;
      return std::nullopt;
    case Op::kMapIndex:
      if (operand == 0) return constant(consumer.operands[1]);
      return std::nullopt;
    case Op::kInMap:
      if (operand == 1) return constant(consumer.operands[0]);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Sets user_attribute_keys when every use of `user` is a read of
// `user.attributes` at a literal key.
void FindUserAttributeKeys(Program& program) {
  if (program.dependency != Dependency::kUser) return;
  std::vector<bool> user_map(program.instructions.size(), false);
  for (size_t i = 0; i < program.instructions.size(); ++i) {
    const Op op = program.instructions[i].op;
    if (op == Op::kUserId) return;
    user_map[i] = op == Op::kUserAttributes;
  }

  std::vector<std::string> keys;
  for (const Instruction& instruction : program.instructions) {
    for (size_t k = 0; k < instruction.operands.size(); ++k) {
      if (!user_map[static_cast<size_t>(instruction.operands[k])]) continue;
      std::optional<std::string> key = LiteralKey(program, instruction, k);
      if (!key.has_value()) return;
      keys.push_back(*std::move(key));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  program.user_attribute_keys = std::move(keys);
}

}  // namespace

absl::StatusOr<Program> Plan(const CheckedExpr& checked) {
  Program program;
  program.dependency = checked.dependency;
  program.switches_read = checked.switches_read;
  program.reads_role = checked.reads_role;
  program.switch_ids = checked.switch_ids;
  Planner planner(checked, &program);
  absl::StatusOr<int> root = planner.Visit(checked.parsed.root);
  if (!root.ok()) return root.status();
  program.root = *root;
  FindUserAttributeKeys(program);
  return program;
}

}  // namespace rolegraph::condition
