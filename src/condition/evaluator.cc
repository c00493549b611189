#include "condition/evaluator.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "condition/planner.h"

namespace rolegraph::condition {
namespace {

// A value during evaluation. Only the fields of `kind` are meaningful.
// Strings and lists are borrowed: from the program, the activation, or the
// evaluation's own scratch storage.
struct Value {
  TypeKind kind = TypeKind::kBool;
  bool boolean = false;
  int64_t integer = 0;
  absl::Time time;
  absl::Duration duration;
  absl::string_view text;
  const AttributeMap* map = nullptr;
  // The owner of `map` ("user" or "role") and its id, named in errors.
  const char* map_owner = "";
  absl::string_view map_owner_id;
  const std::vector<Value>* list = nullptr;
};

Value Bool(bool b) {
  Value value;
  value.kind = TypeKind::kBool;
  value.boolean = b;
  return value;
}

Value Int(int64_t i) {
  Value value;
  value.kind = TypeKind::kInt;
  value.integer = i;
  return value;
}

Value String(absl::string_view text) {
  Value value;
  value.kind = TypeKind::kString;
  value.text = text;
  return value;
}

Value Timestamp(absl::Time time) {
  Value value;
  value.kind = TypeKind::kTimestamp;
  value.time = time;
  return value;
}

Value Duration(absl::Duration duration) {
  Value value;
  value.kind = TypeKind::kDuration;
  value.duration = duration;
  return value;
}

// Orders two values of the same kind: negative, zero or positive.
int CompareValues(const Value& a, const Value& b, TypeKind kind) {
  switch (kind) {
    case TypeKind::kBool: return static_cast<int>(a.boolean) - static_cast<int>(b.boolean);
    case TypeKind::kInt: return a.integer < b.integer ? -1 : a.integer > b.integer;
    case TypeKind::kString: return a.text.compare(b.text);
    case TypeKind::kTimestamp: return a.time < b.time ? -1 : a.time > b.time;
    case TypeKind::kDuration:
      return a.duration < b.duration ? -1 : a.duration > b.duration;
    default: return 0;
  }
}

bool ComparisonHolds(BinaryOperator op, int order) {
  switch (op) {
    case BinaryOperator::kEqual: return order == 0;
    case BinaryOperator::kNotEqual: return order != 0;
    case BinaryOperator::kLess: return order < 0;
    case BinaryOperator::kLessEqual: return order <= 0;
    case BinaryOperator::kGreater: return order > 0;
    case BinaryOperator::kGreaterEqual: return order >= 0;
    default: return false;
  }
}

// Error messages quote at most this many bytes of a value, because values
// come from attributes and may be huge.
constexpr size_t kMaxQuotedBytes = 80;
// Regular expressions built at evaluation time, such as from an attribute
// value, may be at most this long: the same bound as a condition's source.
constexpr size_t kMaxPatternBytes = 64 * 1024;
// No valid RFC 3339 timestamp or duration text is longer than this.
constexpr size_t kMaxTimeTextBytes = 128;

// Returns the start of `text`, cut at a character boundary and followed by
// "..." when longer than kMaxQuotedBytes.
std::string Excerpt(absl::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return std::string(text);
  size_t end = kMaxQuotedBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "... (", text.size(), " bytes)");
}

int64_t CountCodePoints(absl::string_view text) {
  int64_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

class Evaluation {
 public:
  Evaluation(const Program& program, const Activation& activation)
      : program_(program), activation_(activation) {}

  absl::Status Eval(int index, Value* out);

 private:
  const Instruction& At(int index) const { return program_.instructions[index]; }
  absl::Status Error(const Instruction& instruction, absl::string_view message) const;
  absl::Status Store(const Instruction& instruction, std::string text, Value* out);
  // Fails when building `bytes` more would pass
  // Program::max_built_string_bytes.
  absl::Status ReserveString(const Instruction& instruction, size_t bytes);

  Value Attributes(const Subject& subject, const char* owner) const;
  absl::Status EvalLogical(const Instruction& instruction, Value* out);
  absl::Status EvalInList(const Instruction& instruction, Value* out);
  absl::Status EvalList(const Instruction& instruction, Value* out);
  absl::Status LookUp(const Instruction& instruction, const Value& map,
                      absl::string_view key, Value* out) const;
  absl::Status EvalArithmetic(const Instruction& instruction, const Value& left,
                              const Value& right, Value* out);
  absl::Status EvalCall(const Instruction& instruction, Value* out);
  absl::Status EvalMatches(const Instruction& instruction, absl::string_view text,
                           absl::string_view pattern, Value* out) const;

  const Program& program_;
  const Activation& activation_;
  // Strings and lists built during this evaluation. The vectors own them
  // through pointers so that views stay valid while the vectors grow.
  std::vector<std::unique_ptr<std::string>> strings_;
  std::vector<std::unique_ptr<std::vector<Value>>> lists_;
  size_t built_string_bytes_ = 0;
};

absl::Status Evaluation::Error(const Instruction& instruction,
                               absl::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat(
      instruction.position.line, ":", instruction.position.column, ": ", message));
}

absl::Status Evaluation::ReserveString(const Instruction& instruction,
                                       size_t bytes) {
  if (bytes > program_.max_built_string_bytes - built_string_bytes_ ||
      built_string_bytes_ > program_.max_built_string_bytes) {
    return Error(instruction,
                 absl::StrCat("the strings built by this condition would exceed "
                              "the limit of ",
                              program_.max_built_string_bytes,
                              " bytes (Limits::max_built_string_bytes)"));
  }
  built_string_bytes_ += bytes;
  return absl::OkStatus();
}

absl::Status Evaluation::Store(const Instruction& instruction, std::string text,
                               Value* out) {
  absl::Status reserved = ReserveString(instruction, text.size());
  if (!reserved.ok()) return reserved;
  strings_.push_back(std::make_unique<std::string>(std::move(text)));
  *out = String(*strings_.back());
  return absl::OkStatus();
}

Value Evaluation::Attributes(const Subject& subject, const char* owner) const {
  Value value;
  value.kind = TypeKind::kMap;
  value.map = subject.attributes;
  value.map_owner = owner;
  value.map_owner_id = subject.id;
  return value;
}

absl::Status Evaluation::Eval(int index, Value* out) {
  const Instruction& instruction = At(index);
  Value operands[2];
  switch (instruction.op) {
    case Op::kBoolConstant: *out = Bool(instruction.bool_value); return absl::OkStatus();
    case Op::kIntConstant: *out = Int(instruction.int_value); return absl::OkStatus();
    case Op::kStringConstant: *out = String(instruction.text); return absl::OkStatus();
    case Op::kTimestampConstant: *out = Timestamp(instruction.time); return absl::OkStatus();
    case Op::kDurationConstant:
      *out = Duration(instruction.duration);
      return absl::OkStatus();
    case Op::kUserId: *out = String(activation_.user.id); return absl::OkStatus();
    case Op::kRoleId: *out = String(activation_.role.id); return absl::OkStatus();
    case Op::kUserAttributes:
      *out = Attributes(activation_.user, "user");
      return absl::OkStatus();
    case Op::kRoleAttributes:
      *out = Attributes(activation_.role, "role");
      return absl::OkStatus();
    case Op::kNow: *out = Timestamp(activation_.now); return absl::OkStatus();
    case Op::kSwitch: {
      const size_t switch_index = static_cast<size_t>(instruction.switch_index);
      if (switch_index >= activation_.switches.size()) {
        return Error(instruction,
                     absl::StrCat("switch '", program_.switch_ids[switch_index],
                                  "' has no value in the activation"));
      }
      *out = Bool(activation_.switches[switch_index]);
      return absl::OkStatus();
    }
    case Op::kAnd:
    case Op::kOr:
      return EvalLogical(instruction, out);
    case Op::kConditional: {
      if (absl::Status status = Eval(instruction.operands[0], &operands[0]); !status.ok()) {
        return status;
      }
      return Eval(instruction.operands[operands[0].boolean ? 1 : 2], out);
    }
    case Op::kInList:
      return EvalInList(instruction, out);
    case Op::kList:
      return EvalList(instruction, out);
    case Op::kCall:
      return EvalCall(instruction, out);
    default:
      break;
  }

  // The remaining instructions evaluate all of their operands first.
  for (size_t i = 0; i < instruction.operands.size(); ++i) {
    if (absl::Status status = Eval(instruction.operands[i], &operands[i]); !status.ok()) {
      return status;
    }
  }
  const Value& left = operands[0];
  const Value& right = operands[1];
  switch (instruction.op) {
    case Op::kNot:
      *out = Bool(!left.boolean);
      return absl::OkStatus();
    case Op::kCompare:
      *out = Bool(ComparisonHolds(instruction.binary_operator,
                                  CompareValues(left, right, instruction.operand_kind)));
      return absl::OkStatus();
    case Op::kInMap:
      *out = Bool(right.map != nullptr && right.map->Find(left.text).has_value());
      return absl::OkStatus();
    case Op::kHas:
      *out = Bool(left.map != nullptr && left.map->Find(instruction.text).has_value());
      return absl::OkStatus();
    case Op::kMapField:
      return LookUp(instruction, left, instruction.text, out);
    case Op::kMapIndex:
      return LookUp(instruction, left, right.text, out);
    case Op::kListIndex: {
      const int64_t size = static_cast<int64_t>(left.list->size());
      if (right.integer < 0 || right.integer >= size) {
        return Error(instruction, absl::StrCat("list index ", right.integer,
                                               " is out of range for a list of size ",
                                               size));
      }
      *out = (*left.list)[static_cast<size_t>(right.integer)];
      return absl::OkStatus();
    }
    default:
      return EvalArithmetic(instruction, left, right, out);
  }
}

// Implements CEL's commutative `&&` and `||`: a false (for `&&`) or true
// (for `||`) operand decides the result even when the other operand fails,
// and otherwise the first error is the result.
absl::Status Evaluation::EvalLogical(const Instruction& instruction, Value* out) {
  const bool deciding = instruction.op == Op::kOr;
  Value left;
  absl::Status left_status = Eval(instruction.operands[0], &left);
  if (left_status.ok() && left.boolean == deciding) {
    *out = Bool(deciding);
    return absl::OkStatus();
  }

  Value right;
  absl::Status right_status = Eval(instruction.operands[1], &right);
  if (right_status.ok() && right.boolean == deciding) {
    *out = Bool(deciding);
    return absl::OkStatus();
  }
  if (!left_status.ok()) return left_status;
  if (!right_status.ok()) return right_status;
  *out = Bool(!deciding);
  return absl::OkStatus();
}

absl::Status Evaluation::EvalInList(const Instruction& instruction, Value* out) {
  Value element;
  if (absl::Status status = Eval(instruction.operands[0], &element); !status.ok()) {
    return status;
  }

  // A list literal is searched element by element without building it.
  // Every element is still evaluated, so an element that fails makes the
  // whole expression fail, as building the list would.
  const Instruction& container = At(instruction.operands[1]);
  bool found = false;
  if (container.op == Op::kList) {
    for (int operand : container.operands) {
      Value candidate;
      if (absl::Status status = Eval(operand, &candidate); !status.ok()) return status;
      found = found || CompareValues(element, candidate, instruction.operand_kind) == 0;
    }
  } else {
    Value list;
    if (absl::Status status = Eval(instruction.operands[1], &list); !status.ok()) {
      return status;
    }
    for (const Value& candidate : *list.list) {
      found = found || CompareValues(element, candidate, instruction.operand_kind) == 0;
    }
  }
  *out = Bool(found);
  return absl::OkStatus();
}

absl::Status Evaluation::EvalList(const Instruction& instruction, Value* out) {
  auto list = std::make_unique<std::vector<Value>>();
  list->resize(instruction.operands.size());
  for (size_t i = 0; i < instruction.operands.size(); ++i) {
    if (absl::Status status = Eval(instruction.operands[i], &(*list)[i]); !status.ok()) {
      return status;
    }
  }
  out->kind = TypeKind::kList;
  out->list = list.get();
  lists_.push_back(std::move(list));
  return absl::OkStatus();
}

absl::Status Evaluation::LookUp(const Instruction& instruction, const Value& map,
                                absl::string_view key, Value* out) const {
  if (map.map != nullptr) {
    const std::optional<absl::string_view> found = map.map->Find(key);
    if (found.has_value()) {
      *out = String(*found);
      return absl::OkStatus();
    }
  }
  return Error(instruction, absl::StrCat("no attribute \"", Excerpt(key), "\" on ",
                                         map.map_owner, " \"", map.map_owner_id,
                                         "\""));
}

absl::Status Evaluation::EvalArithmetic(const Instruction& instruction,
                                        const Value& left, const Value& right,
                                        Value* out) {
  const auto overflow = [&] {
    return Error(instruction,
                 absl::StrCat("integer overflow in ", left.integer, " ",
                              OperatorSymbol(instruction.binary_operator), " ",
                              right.integer));
  };
  const auto out_of_range = [&](absl::string_view what) {
    return Error(instruction, absl::StrCat(what, " is out of range"));
  };
  int64_t result = 0;
  switch (instruction.op) {
    case Op::kNegateInt:
      if (__builtin_sub_overflow(int64_t{0}, left.integer, &result)) {
        return Error(instruction, absl::StrCat("integer overflow in -(", left.integer, ")"));
      }
      *out = Int(result);
      return absl::OkStatus();
    case Op::kNegateDuration:
      *out = Duration(-left.duration);
      return absl::OkStatus();
    case Op::kAddInt:
      if (__builtin_add_overflow(left.integer, right.integer, &result)) return overflow();
      *out = Int(result);
      return absl::OkStatus();
    case Op::kSubtractInt:
      if (__builtin_sub_overflow(left.integer, right.integer, &result)) return overflow();
      *out = Int(result);
      return absl::OkStatus();
    case Op::kMultiplyInt:
      if (__builtin_mul_overflow(left.integer, right.integer, &result)) return overflow();
      *out = Int(result);
      return absl::OkStatus();
    case Op::kDivideInt:
    case Op::kRemainderInt: {
      if (right.integer == 0) return Error(instruction, "division by zero");
      if (left.integer == INT64_MIN && right.integer == -1) return overflow();
      *out = Int(instruction.op == Op::kDivideInt ? left.integer / right.integer
                                                  : left.integer % right.integer);
      return absl::OkStatus();
    }
    case Op::kAddString: {
      // Checked before concatenating, so the oversized string is never built.
      absl::Status reserved =
          ReserveString(instruction, left.text.size() + right.text.size());
      if (!reserved.ok()) return reserved;
      strings_.push_back(
          std::make_unique<std::string>(absl::StrCat(left.text, right.text)));
      *out = String(*strings_.back());
      return absl::OkStatus();
    }
    case Op::kAddTimestampDuration:
    case Op::kAddDurationTimestamp:
    case Op::kSubtractTimestampDuration: {
      const absl::Time time =
          instruction.op == Op::kAddTimestampDuration   ? left.time + right.duration
          : instruction.op == Op::kAddDurationTimestamp ? right.time + left.duration
                                                        : left.time - right.duration;
      if (!TimestampInRange(time)) return out_of_range("timestamp");
      *out = Timestamp(time);
      return absl::OkStatus();
    }
    case Op::kAddDurations:
    case Op::kSubtractDurations:
    case Op::kSubtractTimestamps: {
      const absl::Duration duration =
          instruction.op == Op::kAddDurations        ? left.duration + right.duration
          : instruction.op == Op::kSubtractDurations ? left.duration - right.duration
                                                     : left.time - right.time;
      if (!DurationInRange(duration)) return out_of_range("duration");
      *out = Duration(duration);
      return absl::OkStatus();
    }
    default:
      return Error(instruction, "internal error: unknown instruction");
  }
}

absl::Status Evaluation::EvalMatches(const Instruction& instruction,
                                     absl::string_view text,
                                     absl::string_view pattern, Value* out) const {
  const re2::StringPiece subject(text.data(), text.size());
  if (instruction.regex != nullptr) {
    *out = Bool(RE2::PartialMatch(subject, *instruction.regex));
    return absl::OkStatus();
  }

  if (pattern.size() > kMaxPatternBytes) {
    return Error(instruction, absl::StrCat("regular expression \"", Excerpt(pattern),
                                           "\" is longer than ", kMaxPatternBytes,
                                           " bytes"));
  }
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 regex(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!regex.ok()) {
    return Error(instruction, absl::StrCat("invalid regular expression \"",
                                           Excerpt(pattern), "\": ", regex.error()));
  }
  *out = Bool(RE2::PartialMatch(subject, regex));
  return absl::OkStatus();
}

absl::Status Evaluation::EvalCall(const Instruction& instruction, Value* out) {
  Value arguments[2];
  for (size_t i = 0; i < instruction.operands.size(); ++i) {
    if (absl::Status status = Eval(instruction.operands[i], &arguments[i]); !status.ok()) {
      return status;
    }
  }
  const Value& first = arguments[0];
  const Value& second = arguments[1];
  switch (instruction.overload) {
    case Overload::kSizeString: *out = Int(CountCodePoints(first.text)); break;
    case Overload::kSizeList: *out = Int(static_cast<int64_t>(first.list->size())); break;
    case Overload::kSizeMap:
      *out = Int(first.map == nullptr ? 0 : static_cast<int64_t>(first.map->size()));
      break;
    case Overload::kStartsWith: *out = Bool(absl::StartsWith(first.text, second.text)); break;
    case Overload::kEndsWith: *out = Bool(absl::EndsWith(first.text, second.text)); break;
    case Overload::kContains: *out = Bool(absl::StrContains(first.text, second.text)); break;
    case Overload::kMatches: return EvalMatches(instruction, first.text, second.text, out);
    case Overload::kTimestampFromString: {
      absl::Time time;
      if (first.text.size() > kMaxTimeTextBytes) {
        return Error(instruction, absl::StrCat("invalid timestamp \"",
                                               Excerpt(first.text), "\""));
      }
      if (absl::Status status = ParseTimestamp(first.text, &time); !status.ok()) {
        return Error(instruction, status.message());
      }
      *out = Timestamp(time);
      break;
    }
    case Overload::kDurationFromString: {
      absl::Duration duration;
      if (first.text.size() > kMaxTimeTextBytes) {
        return Error(instruction, absl::StrCat("invalid duration \"",
                                               Excerpt(first.text), "\""));
      }
      if (absl::Status status = ParseDurationText(first.text, &duration); !status.ok()) {
        return Error(instruction, status.message());
      }
      *out = Duration(duration);
      break;
    }
    case Overload::kTimestampFromTimestamp:
    case Overload::kDurationFromDuration:
    case Overload::kIntFromInt:
    case Overload::kStringFromString:
      *out = first;
      break;
    case Overload::kIntFromString: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(first.text, &value)) {
        return Error(instruction, absl::StrCat("cannot convert \"", Excerpt(first.text),
                                               "\" to int"));
      }
      *out = Int(value);
      break;
    }
    case Overload::kIntFromTimestamp: *out = Int(absl::ToUnixSeconds(first.time)); break;
    case Overload::kStringFromInt:
      return Store(instruction, absl::StrCat(first.integer), out);
    case Overload::kStringFromBool: *out = String(first.boolean ? "true" : "false"); break;
    case Overload::kStringFromTimestamp:
      return Store(instruction,
                   absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", first.time,
                                    absl::UTCTimeZone()),
                   out);
    case Overload::kStringFromDuration:
      return Store(instruction, absl::FormatDuration(first.duration), out);
    case Overload::kHas:
    case Overload::kNone:
      return Error(instruction, "internal error: call without an overload");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> EvaluateProgram(const Program& program,
                                     const Activation& activation) {
  Evaluation evaluation(program, activation);
  Value result;
  if (absl::Status status = evaluation.Eval(program.root, &result); !status.ok()) {
    return status;
  }
  return result.boolean;
}

}  // namespace rolegraph::condition
