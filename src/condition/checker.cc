#include "condition/checker.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "condition/lexer.h"

namespace rolegraph::condition {
namespace {

// One accepted argument list of a function and what it resolves to. A
// receiver, when the function is called as a method, is the first argument.
struct Signature {
  std::vector<TypeKind> arguments;
  TypeKind result;
  Overload overload;
};

enum class CallStyle { kGlobal, kMethod, kBoth };

struct Function {
  const char* name;
  CallStyle style;
  std::vector<Signature> signatures;
};

const std::vector<Function>& Functions() {
  using K = TypeKind;
  using O = Overload;
  static const auto* functions = new std::vector<Function>{
      {"has", CallStyle::kGlobal, {}},
      {"size", CallStyle::kBoth,
       {{{K::kString}, K::kInt, O::kSizeString},
        {{K::kList}, K::kInt, O::kSizeList},
        {{K::kMap}, K::kInt, O::kSizeMap}}},
      {"startsWith", CallStyle::kMethod,
       {{{K::kString, K::kString}, K::kBool, O::kStartsWith}}},
      {"endsWith", CallStyle::kMethod,
       {{{K::kString, K::kString}, K::kBool, O::kEndsWith}}},
      {"contains", CallStyle::kMethod,
       {{{K::kString, K::kString}, K::kBool, O::kContains}}},
      {"matches", CallStyle::kBoth,
       {{{K::kString, K::kString}, K::kBool, O::kMatches}}},
      {"timestamp", CallStyle::kGlobal,
       {{{K::kString}, K::kTimestamp, O::kTimestampFromString},
        {{K::kTimestamp}, K::kTimestamp, O::kTimestampFromTimestamp}}},
      {"duration", CallStyle::kGlobal,
       {{{K::kString}, K::kDuration, O::kDurationFromString},
        {{K::kDuration}, K::kDuration, O::kDurationFromDuration}}},
      {"int", CallStyle::kGlobal,
       {{{K::kInt}, K::kInt, O::kIntFromInt},
        {{K::kString}, K::kInt, O::kIntFromString},
        {{K::kTimestamp}, K::kInt, O::kIntFromTimestamp}}},
      {"string", CallStyle::kGlobal,
       {{{K::kString}, K::kString, O::kStringFromString},
        {{K::kInt}, K::kString, O::kStringFromInt},
        {{K::kBool}, K::kString, O::kStringFromBool},
        {{K::kTimestamp}, K::kString, O::kStringFromTimestamp},
        {{K::kDuration}, K::kString, O::kStringFromDuration}}},
  };
  return *functions;
}

const char* KindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kString: return "string";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kList: return "list";
    case TypeKind::kMap: return "map(string, string)";
    case TypeKind::kAny: return "any";
  }
  return "unknown";
}

bool IsScalar(TypeKind kind) {
  return kind == TypeKind::kBool || kind == TypeKind::kInt ||
         kind == TypeKind::kString || kind == TypeKind::kTimestamp ||
         kind == TypeKind::kDuration;
}

bool IsOrdered(TypeKind kind) {
  return kind == TypeKind::kInt || kind == TypeKind::kString ||
         kind == TypeKind::kTimestamp || kind == TypeKind::kDuration;
}

Type Scalar(TypeKind kind) { return Type{kind, TypeKind::kAny}; }

std::string WithSuggestion(std::string message, absl::string_view name,
                           const std::vector<std::string>& candidates) {
  const std::string suggestion = SuggestName(name, candidates);
  if (!suggestion.empty()) absl::StrAppend(&message, "; did you mean '", suggestion, "'?");
  return message;
}

// Returns the optimal string alignment distance: insertions, deletions,
// substitutions and transpositions of adjacent characters each cost one.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

class Checker {
 public:
  Checker(CheckedExpr* out, const Declarations& declarations)
      : out_(*out), declarations_(declarations) {}

  absl::Status Run();

 private:
  const Node& NodeAt(int index) const { return out_.parsed.nodes[index]; }
  Type TypeOf(int index) const { return out_.types[index]; }
  absl::Status Visit(int index);
  absl::Status VisitIdentifier(int index);
  absl::Status VisitSelect(int index);
  absl::Status VisitVariableField(int index, absl::string_view variable);
  absl::Status VisitIndex(int index);
  absl::Status VisitList(int index);
  absl::Status VisitUnary(int index);
  absl::Status VisitBinary(int index);
  absl::Status VisitLogical(int index);
  absl::Status VisitEquality(int index);
  absl::Status VisitOrdering(int index);
  absl::Status VisitIn(int index);
  absl::Status VisitArithmetic(int index);
  absl::Status VisitConditional(int index);
  absl::Status VisitCall(int index);
  absl::Status VisitHas(int index);
  void Classify();

  CheckedExpr& out_;
  const Declarations& declarations_;
};

absl::Status Checker::Run() {
  const size_t count = out_.parsed.nodes.size();
  out_.types.assign(count, Type());
  out_.variables.assign(count, Variable::kNone);
  out_.switch_indexes.assign(count, -1);
  out_.overloads.assign(count, Overload::kNone);
  out_.switch_ids = declarations_.switch_ids;

  const int root = out_.parsed.root;
  if (absl::Status status = Visit(root); !status.ok()) return status;
  if (TypeOf(root).kind != TypeKind::kBool) {
    return ErrorAt(NodeAt(root).position,
                   absl::StrCat("a condition must have type bool, but this one "
                                "has type ",
                                TypeName(TypeOf(root))));
  }
  Classify();
  return absl::OkStatus();
}

void Checker::Classify() {
  bool reads_user = false;
  bool reads_context = false;
  for (size_t i = 0; i < out_.variables.size(); ++i) {
    switch (out_.variables[i]) {
      case Variable::kNone:
        break;
      case Variable::kUserId:
      case Variable::kUserAttributes:
        reads_user = true;
        break;
      case Variable::kSwitch:
        out_.switches_read.push_back(out_.switch_indexes[i]);
        reads_context = true;
        break;
      case Variable::kRoleId:
      case Variable::kRoleAttributes:
        out_.reads_role = true;
        reads_context = true;
        break;
      case Variable::kNow:
        reads_context = true;
        break;
    }
  }
  std::sort(out_.switches_read.begin(), out_.switches_read.end());
  out_.switches_read.erase(
      std::unique(out_.switches_read.begin(), out_.switches_read.end()),
      out_.switches_read.end());
  out_.dependency = reads_user      ? Dependency::kUser
                    : reads_context ? Dependency::kContext
                                    : Dependency::kConstant;
}

absl::Status Checker::Visit(int index) {
  const Node& node = NodeAt(index);
  switch (node.kind) {
    case NodeKind::kBoolLiteral:
      out_.types[index] = Scalar(TypeKind::kBool);
      return absl::OkStatus();
    case NodeKind::kIntLiteral:
      out_.types[index] = Scalar(TypeKind::kInt);
      return absl::OkStatus();
    case NodeKind::kStringLiteral:
      out_.types[index] = Scalar(TypeKind::kString);
      return absl::OkStatus();
    case NodeKind::kIdentifier: return VisitIdentifier(index);
    case NodeKind::kSelect: return VisitSelect(index);
    case NodeKind::kIndex: return VisitIndex(index);
    case NodeKind::kCall: return VisitCall(index);
    case NodeKind::kList: return VisitList(index);
    case NodeKind::kUnary: return VisitUnary(index);
    case NodeKind::kBinary: return VisitBinary(index);
    case NodeKind::kConditional: return VisitConditional(index);
  }
  return ErrorAt(node.position, "unknown expression kind");
}

absl::Status Checker::VisitIdentifier(int index) {
  const Node& node = NodeAt(index);
  if (node.text == "now") {
    out_.types[index] = Scalar(TypeKind::kTimestamp);
    out_.variables[index] = Variable::kNow;
    return absl::OkStatus();
  }
  if (node.text == "user" || node.text == "role") {
    return ErrorAt(node.position,
                   absl::StrCat("'", node.text, "' is not a value by itself; "
                                "select a field, as in ",
                                node.text, ".id or ", node.text, ".attributes"));
  }
  if (node.text == "switches") {
    return ErrorAt(node.position,
                   "'switches' is not a value by itself; select a switch, as "
                   "in switches.incident_response");
  }
  return ErrorAt(node.position,
                 WithSuggestion(absl::StrCat("undeclared reference to '",
                                             node.text, "'"),
                                node.text, {"user", "role", "switches", "now"}));
}

absl::Status Checker::VisitSelect(int index) {
  const Node& node = NodeAt(index);
  const Node& operand = NodeAt(node.operands[0]);
  if (operand.kind == NodeKind::kIdentifier &&
      (operand.text == "user" || operand.text == "role" ||
       operand.text == "switches")) {
    return VisitVariableField(index, operand.text);
  }

  if (absl::Status status = Visit(node.operands[0]); !status.ok()) return status;
  const Type operand_type = TypeOf(node.operands[0]);
  if (operand_type.kind != TypeKind::kMap) {
    return ErrorAt(node.position,
                   absl::StrCat("cannot select field '", node.text, "' from a ",
                                TypeName(operand_type), "; only maps have fields"));
  }
  out_.types[index] = Scalar(TypeKind::kString);
  return absl::OkStatus();
}

absl::Status Checker::VisitVariableField(int index, absl::string_view variable) {
  const Node& node = NodeAt(index);
  if (variable == "switches") {
    const std::vector<std::string>& ids = declarations_.switch_ids;
    const auto found = std::find(ids.begin(), ids.end(), node.text);
    if (found == ids.end()) {
      std::string message = absl::StrCat("unknown switch '", node.text, "'");
      if (ids.empty()) {
        absl::StrAppend(&message, "; the model declares no switches");
        return ErrorAt(node.position, message);
      }
      return ErrorAt(node.position, WithSuggestion(message, node.text, ids));
    }
    out_.types[index] = Scalar(TypeKind::kBool);
    out_.variables[index] = Variable::kSwitch;
    out_.switch_indexes[index] = static_cast<int>(found - ids.begin());
    return absl::OkStatus();
  }

  const bool is_user = variable == "user";
  if (node.text == "id") {
    out_.types[index] = Scalar(TypeKind::kString);
    out_.variables[index] = is_user ? Variable::kUserId : Variable::kRoleId;
    return absl::OkStatus();
  }
  if (node.text == "attributes") {
    out_.types[index] = Scalar(TypeKind::kMap);
    out_.variables[index] =
        is_user ? Variable::kUserAttributes : Variable::kRoleAttributes;
    return absl::OkStatus();
  }
  return ErrorAt(node.position,
                 WithSuggestion(absl::StrCat(variable, " has no field '",
                                             node.text, "'; its fields are id "
                                             "and attributes"),
                                node.text, {"id", "attributes"}));
}

absl::Status Checker::VisitIndex(int index) {
  const Node& node = NodeAt(index);
  for (int operand : node.operands) {
    if (absl::Status status = Visit(operand); !status.ok()) return status;
  }
  const Type container = TypeOf(node.operands[0]);
  const Type key = TypeOf(node.operands[1]);
  if (container.kind == TypeKind::kMap && key.kind == TypeKind::kString) {
    out_.types[index] = Scalar(TypeKind::kString);
    return absl::OkStatus();
  }
  if (container.kind == TypeKind::kList && container.element != TypeKind::kAny &&
      key.kind == TypeKind::kInt) {
    out_.types[index] = Scalar(container.element);
    return absl::OkStatus();
  }
  return ErrorAt(node.position, absl::StrCat("cannot index a ", TypeName(container),
                                             " with a ", TypeName(key)));
}

absl::Status Checker::VisitList(int index) {
  const Node& node = NodeAt(index);
  TypeKind element = TypeKind::kAny;
  for (int operand : node.operands) {
    if (absl::Status status = Visit(operand); !status.ok()) return status;
    const Type type = TypeOf(operand);
    if (!IsScalar(type.kind)) {
      return ErrorAt(NodeAt(operand).position,
                     absl::StrCat("list elements must be bool, int, string, "
                                  "timestamp or duration, not ",
                                  TypeName(type)));
    }
    if (element != TypeKind::kAny && type.kind != element) {
      return ErrorAt(NodeAt(operand).position,
                     absl::StrCat("list elements must all have the same type: "
                                  "found ",
                                  KindName(type.kind), " after ", KindName(element)));
    }
    element = type.kind;
  }
  out_.types[index] = Type{TypeKind::kList, element};
  return absl::OkStatus();
}

absl::Status Checker::VisitUnary(int index) {
  const Node& node = NodeAt(index);
  if (absl::Status status = Visit(node.operands[0]); !status.ok()) return status;
  const Type operand = TypeOf(node.operands[0]);
  const bool is_not = node.unary_operator == UnaryOperator::kNot;
  const bool valid = is_not ? operand.kind == TypeKind::kBool
                            : (operand.kind == TypeKind::kInt ||
                               operand.kind == TypeKind::kDuration);
  if (!valid) {
    return ErrorAt(node.position,
                   absl::StrCat("operator '", OperatorSymbol(node.unary_operator),
                                "' cannot be applied to ", TypeName(operand)));
  }
  out_.types[index] = operand;
  return absl::OkStatus();
}

absl::Status Checker::VisitBinary(int index) {
  const Node& node = NodeAt(index);
  for (int operand : node.operands) {
    if (absl::Status status = Visit(operand); !status.ok()) return status;
  }
  switch (node.binary_operator) {
    case BinaryOperator::kAnd:
    case BinaryOperator::kOr:
      return VisitLogical(index);
    case BinaryOperator::kEqual:
    case BinaryOperator::kNotEqual:
      return VisitEquality(index);
    case BinaryOperator::kLess:
    case BinaryOperator::kLessEqual:
    case BinaryOperator::kGreater:
    case BinaryOperator::kGreaterEqual:
      return VisitOrdering(index);
    case BinaryOperator::kIn:
      return VisitIn(index);
    default:
      return VisitArithmetic(index);
  }
}

absl::Status Checker::VisitLogical(int index) {
  const Node& node = NodeAt(index);
  const Type left = TypeOf(node.operands[0]);
  const Type right = TypeOf(node.operands[1]);
  if (left.kind != TypeKind::kBool || right.kind != TypeKind::kBool) {
    return ErrorAt(node.position,
                   absl::StrCat("operator '", OperatorSymbol(node.binary_operator),
                                "' needs bool operands, got ", TypeName(left),
                                " and ", TypeName(right)));
  }
  out_.types[index] = Scalar(TypeKind::kBool);
  return absl::OkStatus();
}

absl::Status Checker::VisitEquality(int index) {
  const Node& node = NodeAt(index);
  const Type left = TypeOf(node.operands[0]);
  const Type right = TypeOf(node.operands[1]);
  if (left.kind != right.kind) {
    return ErrorAt(node.position, absl::StrCat("cannot compare ", TypeName(left),
                                               " with ", TypeName(right)));
  }
  if (!IsScalar(left.kind)) {
    return ErrorAt(node.position,
                   absl::StrCat("operator '", OperatorSymbol(node.binary_operator),
                                "' is not supported on ", TypeName(left)));
  }
  out_.types[index] = Scalar(TypeKind::kBool);
  return absl::OkStatus();
}

absl::Status Checker::VisitOrdering(int index) {
  const Node& node = NodeAt(index);
  const Type left = TypeOf(node.operands[0]);
  const Type right = TypeOf(node.operands[1]);
  if (left.kind != right.kind) {
    return ErrorAt(node.position, absl::StrCat("cannot compare ", TypeName(left),
                                               " with ", TypeName(right)));
  }
  if (!IsOrdered(left.kind)) {
    return ErrorAt(node.position,
                   absl::StrCat("operator '", OperatorSymbol(node.binary_operator),
                                "' is not supported on ", TypeName(left),
                                "; it orders int, string, timestamp and duration"));
  }
  out_.types[index] = Scalar(TypeKind::kBool);
  return absl::OkStatus();
}

absl::Status Checker::VisitIn(int index) {
  const Node& node = NodeAt(index);
  const Type element = TypeOf(node.operands[0]);
  const Type container = TypeOf(node.operands[1]);
  bool valid = false;
  if (container.kind == TypeKind::kList) {
    valid = IsScalar(element.kind) && (container.element == element.kind ||
                                       container.element == TypeKind::kAny);
  } else if (container.kind == TypeKind::kMap) {
    valid = element.kind == TypeKind::kString;
  } else {
    return ErrorAt(node.position,
                   absl::StrCat("operator 'in' needs a list or a map on its "
                                "right, got ",
                                TypeName(container)));
  }
  if (!valid) {
    return ErrorAt(node.position, absl::StrCat("cannot look for a ", TypeName(element),
                                               " in a ", TypeName(container)));
  }
  out_.types[index] = Scalar(TypeKind::kBool);
  return absl::OkStatus();
}

absl::Status Checker::VisitArithmetic(int index) {
  const Node& node = NodeAt(index);
  const TypeKind left = TypeOf(node.operands[0]).kind;
  const TypeKind right = TypeOf(node.operands[1]).kind;
  using K = TypeKind;
  TypeKind result = K::kAny;
  if (left == K::kInt && right == K::kInt) {
    result = K::kInt;
  } else if (node.binary_operator == BinaryOperator::kAdd) {
    if (left == K::kString && right == K::kString) result = K::kString;
    if (left == K::kTimestamp && right == K::kDuration) result = K::kTimestamp;
    if (left == K::kDuration && right == K::kTimestamp) result = K::kTimestamp;
    if (left == K::kDuration && right == K::kDuration) result = K::kDuration;
  } else if (node.binary_operator == BinaryOperator::kSubtract) {
    if (left == K::kTimestamp && right == K::kTimestamp) result = K::kDuration;
    if (left == K::kTimestamp && right == K::kDuration) result = K::kTimestamp;
    if (left == K::kDuration && right == K::kDuration) result = K::kDuration;
  }
  if (result == K::kAny) {
    return ErrorAt(node.position,
                   absl::StrCat("operator '", OperatorSymbol(node.binary_operator),
                                "' cannot be applied to ",
                                TypeName(TypeOf(node.operands[0])), " and ",
                                TypeName(TypeOf(node.operands[1]))));
  }
  out_.types[index] = Scalar(result);
  return absl::OkStatus();
}

absl::Status Checker::VisitConditional(int index) {
  const Node& node = NodeAt(index);
  for (int operand : node.operands) {
    if (absl::Status status = Visit(operand); !status.ok()) return status;
  }
  const Type condition = TypeOf(node.operands[0]);
  Type if_true = TypeOf(node.operands[1]);
  Type if_false = TypeOf(node.operands[2]);
  if (condition.kind != TypeKind::kBool) {
    return ErrorAt(node.position,
                   absl::StrCat("the condition of '? :' must be a bool, got ",
                                TypeName(condition)));
  }

  // An empty list takes the element type of the other branch.
  if (if_true.kind == TypeKind::kList && if_false.kind == TypeKind::kList) {
    if (if_true.element == TypeKind::kAny) if_true.element = if_false.element;
    if (if_false.element == TypeKind::kAny) if_false.element = if_true.element;
  }
  if (!(if_true == if_false)) {
    return ErrorAt(node.position,
                   absl::StrCat("the branches of '? :' must have the same type, "
                                "got ",
                                TypeName(if_true), " and ", TypeName(if_false)));
  }
  out_.types[index] = if_true;
  return absl::OkStatus();
}

std::string DescribeSignature(const Function& function, const Signature& signature) {
  std::vector<std::string> names;
  for (TypeKind kind : signature.arguments) names.push_back(KindName(kind));
  if (function.style == CallStyle::kMethod) {
    return absl::StrCat(names[0], ".", function.name, "(",
                        absl::StrJoin(names.begin() + 1, names.end(), ", "), ")");
  }
  return absl::StrCat(function.name, "(", absl::StrJoin(names, ", "), ")");
}

absl::Status Checker::VisitCall(int index) {
  const Node& node = NodeAt(index);
  const std::vector<Function>& functions = Functions();
  const auto function = std::find_if(
      functions.begin(), functions.end(),
      [&](const Function& f) { return node.text == f.name; });
  if (function == functions.end()) {
    std::vector<std::string> names;
    for (const Function& f : functions) names.push_back(f.name);
    return ErrorAt(node.position,
                   WithSuggestion(absl::StrCat("undeclared function '", node.text, "'"),
                                  node.text, names));
  }
  if (node.has_receiver && function->style == CallStyle::kGlobal) {
    return ErrorAt(node.position,
                   absl::StrCat("'", node.text, "' is not a method; call it as ",
                                node.text, "(x)"));
  }
  if (!node.has_receiver && function->style == CallStyle::kMethod) {
    return ErrorAt(node.position,
                   absl::StrCat("'", node.text, "' is a method; call it on a "
                                "string, as in s.",
                                node.text, "(\"x\")"));
  }
  if (node.text == "has") return VisitHas(index);

  std::vector<std::string> argument_names;
  for (int operand : node.operands) {
    if (absl::Status status = Visit(operand); !status.ok()) return status;
    argument_names.push_back(TypeName(TypeOf(operand)));
  }
  for (const Signature& signature : function->signatures) {
    if (signature.arguments.size() != node.operands.size()) continue;
    bool matches = true;
    for (size_t i = 0; i < node.operands.size(); ++i) {
      matches = matches && TypeOf(node.operands[i]).kind == signature.arguments[i];
    }
    if (matches) {
      out_.types[index] = Scalar(signature.result);
      out_.overloads[index] = signature.overload;
      return absl::OkStatus();
    }
  }

  std::vector<std::string> expected;
  for (const Signature& signature : function->signatures) {
    expected.push_back(DescribeSignature(*function, signature));
  }
  const std::string given =
      node.has_receiver
          ? absl::StrCat(argument_names[0], ".", node.text, "(",
                         absl::StrJoin(argument_names.begin() + 1,
                                       argument_names.end(), ", "),
                         ")")
          : absl::StrCat(node.text, "(", absl::StrJoin(argument_names, ", "), ")");
  return ErrorAt(node.position,
                 absl::StrCat("no overload matches ", given, "; expected ",
                              absl::StrJoin(expected, " or ")));
}

absl::Status Checker::VisitHas(int index) {
  const Node& node = NodeAt(index);
  const absl::Status usage = ErrorAt(
      node.position,
      "has() takes one field selection on a map, as in "
      "has(user.attributes.department)");
  if (node.operands.size() != 1) return usage;
  const Node& argument = NodeAt(node.operands[0]);
  // A field of a variable, such as user.id, is not a map field.
  if (argument.kind != NodeKind::kSelect ||
      NodeAt(argument.operands[0]).kind == NodeKind::kIdentifier) {
    return usage;
  }

  if (absl::Status status = Visit(argument.operands[0]); !status.ok()) {
    return status;
  }
  if (TypeOf(argument.operands[0]).kind != TypeKind::kMap) return usage;
  out_.types[node.operands[0]] = Scalar(TypeKind::kString);
  out_.types[index] = Scalar(TypeKind::kBool);
  out_.overloads[index] = Overload::kHas;
  return absl::OkStatus();
}

}  // namespace

std::string TypeName(Type type) {
  if (type.kind == TypeKind::kList) {
    if (type.element == TypeKind::kAny) return "list";
    return absl::StrCat("list(", KindName(type.element), ")");
  }
  return KindName(type.kind);
}

std::string SuggestName(absl::string_view name,
                        const std::vector<std::string>& candidates) {
  // Allows one edit for short names, two up to eight characters, three
  // beyond. A letter that differs only in case counts as one edit.
  const size_t allowed = name.size() <= 4 ? 1 : name.size() <= 8 ? 2 : 3;
  std::string best;
  size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(name, candidate);
    if (distance < best_distance && distance < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

absl::StatusOr<CheckedExpr> Check(ParsedExpr parsed,
                                  const Declarations& declarations) {
  CheckedExpr checked;
  checked.parsed = std::move(parsed);
  Checker checker(&checked, declarations);
  if (absl::Status status = checker.Run(); !status.ok()) return status;
  return checked;
}

}  // namespace rolegraph::condition
