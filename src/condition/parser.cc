#include "condition/parser.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "condition/lexer.h"

namespace rolegraph::condition {

const char* OperatorSymbol(UnaryOperator op) {
  return op == UnaryOperator::kNot ? "!" : "-";
}

const char* OperatorSymbol(BinaryOperator op) {
  switch (op) {
    case BinaryOperator::kAnd: return "&&";
    case BinaryOperator::kOr: return "||";
    case BinaryOperator::kEqual: return "==";
    case BinaryOperator::kNotEqual: return "!=";
    case BinaryOperator::kLess: return "<";
    case BinaryOperator::kLessEqual: return "<=";
    case BinaryOperator::kGreater: return ">";
    case BinaryOperator::kGreaterEqual: return ">=";
    case BinaryOperator::kIn: return "in";
    case BinaryOperator::kAdd: return "+";
    case BinaryOperator::kSubtract: return "-";
    case BinaryOperator::kMultiply: return "*";
    case BinaryOperator::kDivide: return "/";
    case BinaryOperator::kRemainder: return "%";
  }
  return "?";
}

namespace {

constexpr uint64_t kMaxIntMagnitude = uint64_t{1} << 63;

class Parser {
 public:
  Parser(std::vector<Token> tokens, const Limits& limits)
      : tokens_(std::move(tokens)), limits_(limits) {}

  absl::StatusOr<int> ParseAll();
  std::vector<Node> TakeNodes() { return std::move(nodes_); }

 private:
  const Token& Current() const { return tokens_[index_]; }
  bool At(TokenKind kind) const { return Current().kind == kind; }
  const Token& Next() { return tokens_[index_++]; }
  absl::Status Expect(TokenKind kind, absl::string_view expected);
  absl::Status UnexpectedToken(absl::string_view expected) const;

  // Counts one more level of recursion and fails once it passes the limit.
  // Every recursive call of the parser goes through here, so the stack
  // depth is bounded by Limits::max_nesting_depth.
  // NOTE: A level costs about a dozen stack frames, so a limit raised to many
  // thousands can still overflow a small thread stack.
  absl::Status EnterNesting(Position position);
  void LeaveNesting() { --depth_; }
  absl::Status NestingError(Position position) const;

  // Appends a node, computing its height from its operands.
  absl::StatusOr<int> AddNode(Node node);

  absl::StatusOr<int> ParseExpression();
  absl::StatusOr<int> ParseConditional();
  absl::StatusOr<int> ParseLogical(TokenKind token, BinaryOperator op);
  absl::StatusOr<int> ParseLogicalOperand(TokenKind token);
  absl::StatusOr<int> BuildBalanced(const std::vector<int>& operands,
                                    const std::vector<Position>& positions,
                                    size_t begin, size_t end, BinaryOperator op);
  absl::StatusOr<int> ParseRelation();
  absl::StatusOr<int> ParseAddition();
  absl::StatusOr<int> ParseMultiplication();
  absl::StatusOr<int> ParseUnary();
  absl::StatusOr<int> ParseMember();
  absl::StatusOr<int> ParsePrimary();
  absl::StatusOr<int> ParseIntLiteral(bool negative, Position position);
  absl::Status ParseArguments(TokenKind close, std::vector<int>* operands);

  std::vector<Token> tokens_;
  size_t index_ = 0;
  const Limits& limits_;
  int depth_ = 0;
  std::vector<Node> nodes_;
};

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd: return "the end of the condition";
    case TokenKind::kIdentifier: return absl::StrCat("'", token.text, "'");
    case TokenKind::kInt: return "a number";
    case TokenKind::kString: return "a string";
    case TokenKind::kTrue: return "'true'";
    case TokenKind::kFalse: return "'false'";
    case TokenKind::kNull: return "'null'";
    case TokenKind::kIn: return "'in'";
    case TokenKind::kLeftParen: return "'('";
    case TokenKind::kRightParen: return "')'";
    case TokenKind::kLeftBracket: return "'['";
    case TokenKind::kRightBracket: return "']'";
    case TokenKind::kLeftBrace: return "'{'";
    case TokenKind::kRightBrace: return "'}'";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kComma: return "','";
    case TokenKind::kQuestion: return "'?'";
    case TokenKind::kColon: return "':'";
    case TokenKind::kNot: return "'!'";
    case TokenKind::kNotEqual: return "'!='";
    case TokenKind::kEqual: return "'=='";
    case TokenKind::kLess: return "'<'";
    case TokenKind::kLessEqual: return "'<='";
    case TokenKind::kGreater: return "'>'";
    case TokenKind::kGreaterEqual: return "'>='";
    case TokenKind::kAnd: return "'&&'";
    case TokenKind::kOr: return "'||'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kPercent: return "'%'";
  }
  return "a token";
}

absl::Status Parser::UnexpectedToken(absl::string_view expected) const {
  return ErrorAt(Current().position,
                 absl::StrCat("expected ", expected, ", found ",
                              DescribeToken(Current())));
}

absl::Status Parser::Expect(TokenKind kind, absl::string_view expected) {
  if (!At(kind)) return UnexpectedToken(expected);
  Next();
  return absl::OkStatus();
}

absl::Status Parser::NestingError(Position position) const {
  return ErrorAt(position,
                 absl::StrCat("expression nests deeper than ",
                              limits_.max_nesting_depth,
                              " levels; simplify it or raise "
                              "Limits::max_nesting_depth"));
}

absl::Status Parser::EnterNesting(Position position) {
  if (++depth_ > limits_.max_nesting_depth) return NestingError(position);
  return absl::OkStatus();
}

absl::StatusOr<int> Parser::AddNode(Node node) {
  int height = 0;
  for (int operand : node.operands) {
    height = std::max(height, nodes_[operand].height);
  }
  node.height = height + 1;
  if (node.height > limits_.max_nesting_depth) {
    return NestingError(node.position);
  }
  nodes_.push_back(std::move(node));
  return static_cast<int>(nodes_.size()) - 1;
}

absl::StatusOr<int> Parser::ParseAll() {
  if (At(TokenKind::kEnd)) {
    return ErrorAt(Current().position, "condition is empty");
  }
  absl::StatusOr<int> root = ParseExpression();
  if (!root.ok()) return root;
  if (!At(TokenKind::kEnd)) return UnexpectedToken("an operator");
  return root;
}

absl::StatusOr<int> Parser::ParseExpression() {
  if (absl::Status status = EnterNesting(Current().position); !status.ok()) {
    return status;
  }
  absl::StatusOr<int> result = ParseConditional();
  LeaveNesting();
  return result;
}

absl::StatusOr<int> Parser::ParseConditional() {
  absl::StatusOr<int> condition = ParseLogical(TokenKind::kOr, BinaryOperator::kOr);
  if (!condition.ok() || !At(TokenKind::kQuestion)) return condition;

  Node node;
  node.kind = NodeKind::kConditional;
  node.position = Next().position;
  absl::StatusOr<int> if_true = ParseLogical(TokenKind::kOr, BinaryOperator::kOr);
  if (!if_true.ok()) return if_true;
  if (absl::Status status = Expect(TokenKind::kColon, "':'"); !status.ok()) {
    return status;
  }
  absl::StatusOr<int> if_false = ParseExpression();
  if (!if_false.ok()) return if_false;

  node.operands = {*condition, *if_true, *if_false};
  return AddNode(std::move(node));
}

absl::StatusOr<int> Parser::ParseLogicalOperand(TokenKind token) {
  return token == TokenKind::kOr ? ParseLogical(TokenKind::kAnd, BinaryOperator::kAnd)
                                 : ParseRelation();
}

absl::StatusOr<int> Parser::ParseLogical(TokenKind token, BinaryOperator op) {
  std::vector<int> operands;
  std::vector<Position> positions;
  absl::StatusOr<int> first = ParseLogicalOperand(token);
  if (!first.ok()) return first;
  operands.push_back(*first);

  while (At(token)) {
    positions.push_back(Next().position);
    absl::StatusOr<int> operand = ParseLogicalOperand(token);
    if (!operand.ok()) return operand;
    operands.push_back(*operand);
  }
  if (operands.size() == 1) return operands[0];
  return BuildBalanced(operands, positions, 0, operands.size(), op);
}

// Builds `operands[begin..end)` joined by `op` as a balanced tree. Both
// operators are associative (errors included), so the shape does not change
// the value, and the height grows with log2 of the chain length.
absl::StatusOr<int> Parser::BuildBalanced(const std::vector<int>& operands,
                                          const std::vector<Position>& positions,
                                          size_t begin, size_t end,
                                          BinaryOperator op) {
  if (end - begin == 1) return operands[begin];
  const size_t middle = begin + (end - begin) / 2;
  absl::StatusOr<int> left = BuildBalanced(operands, positions, begin, middle, op);
  if (!left.ok()) return left;
  absl::StatusOr<int> right = BuildBalanced(operands, positions, middle, end, op);
  if (!right.ok()) return right;

  Node node;
  node.kind = NodeKind::kBinary;
  node.binary_operator = op;
  node.position = positions[middle - 1];
  node.operands = {*left, *right};
  return AddNode(std::move(node));
}

absl::StatusOr<int> Parser::ParseRelation() {
  absl::StatusOr<int> left = ParseAddition();
  while (left.ok()) {
    BinaryOperator op;
    switch (Current().kind) {
      case TokenKind::kEqual: op = BinaryOperator::kEqual; break;
      case TokenKind::kNotEqual: op = BinaryOperator::kNotEqual; break;
      case TokenKind::kLess: op = BinaryOperator::kLess; break;
      case TokenKind::kLessEqual: op = BinaryOperator::kLessEqual; break;
      case TokenKind::kGreater: op = BinaryOperator::kGreater; break;
      case TokenKind::kGreaterEqual: op = BinaryOperator::kGreaterEqual; break;
      case TokenKind::kIn: op = BinaryOperator::kIn; break;
      default: return left;
    }
    Node node;
    node.kind = NodeKind::kBinary;
    node.binary_operator = op;
    node.position = Next().position;
    absl::StatusOr<int> right = ParseAddition();
    if (!right.ok()) return right;
    node.operands = {*left, *right};
    left = AddNode(std::move(node));
  }
  return left;
}

absl::StatusOr<int> Parser::ParseAddition() {
  absl::StatusOr<int> left = ParseMultiplication();
  while (left.ok() && (At(TokenKind::kPlus) || At(TokenKind::kMinus))) {
    Node node;
    node.kind = NodeKind::kBinary;
    node.binary_operator =
        At(TokenKind::kPlus) ? BinaryOperator::kAdd : BinaryOperator::kSubtract;
    node.position = Next().position;
    absl::StatusOr<int> right = ParseMultiplication();
    if (!right.ok()) return right;
    node.operands = {*left, *right};
    left = AddNode(std::move(node));
  }
  return left;
}

absl::StatusOr<int> Parser::ParseMultiplication() {
  absl::StatusOr<int> left = ParseUnary();
  while (left.ok() && (At(TokenKind::kStar) || At(TokenKind::kSlash) ||
                       At(TokenKind::kPercent))) {
    Node node;
    node.kind = NodeKind::kBinary;
    node.binary_operator = At(TokenKind::kStar)    ? BinaryOperator::kMultiply
                           : At(TokenKind::kSlash) ? BinaryOperator::kDivide
                                                   : BinaryOperator::kRemainder;
    node.position = Next().position;
    absl::StatusOr<int> right = ParseUnary();
    if (!right.ok()) return right;
    node.operands = {*left, *right};
    left = AddNode(std::move(node));
  }
  return left;
}

absl::StatusOr<int> Parser::ParseUnary() {
  if (!At(TokenKind::kNot) && !At(TokenKind::kMinus)) return ParseMember();

  const Token& op = Next();
  // A minus directly before a number is part of the literal, so that
  // -9223372036854775808 (INT64_MIN) can be written.
  if (op.kind == TokenKind::kMinus && At(TokenKind::kInt)) {
    return ParseIntLiteral(/*negative=*/true, op.position);
  }

  if (absl::Status status = EnterNesting(op.position); !status.ok()) {
    return status;
  }
  absl::StatusOr<int> operand = ParseUnary();
  LeaveNesting();
  if (!operand.ok()) return operand;

  Node node;
  node.kind = NodeKind::kUnary;
  node.unary_operator =
      op.kind == TokenKind::kNot ? UnaryOperator::kNot : UnaryOperator::kNegate;
  node.position = op.position;
  node.operands = {*operand};
  return AddNode(std::move(node));
}

absl::StatusOr<int> Parser::ParseMember() {
  absl::StatusOr<int> operand = ParsePrimary();
  while (operand.ok()) {
    if (At(TokenKind::kDot)) {
      Next();
      if (!At(TokenKind::kIdentifier)) return UnexpectedToken("a field name");
      const Token& name = Next();
      Node node;
      node.position = name.position;
      node.text = name.text;
      node.operands = {*operand};
      if (At(TokenKind::kLeftParen)) {
        Next();
        node.kind = NodeKind::kCall;
        node.has_receiver = true;
        if (absl::Status status = ParseArguments(TokenKind::kRightParen,
                                                 &node.operands);
            !status.ok()) {
          return status;
        }
      } else {
        node.kind = NodeKind::kSelect;
      }
      operand = AddNode(std::move(node));
    } else if (At(TokenKind::kLeftBracket)) {
      Node node;
      node.kind = NodeKind::kIndex;
      node.position = Next().position;
      absl::StatusOr<int> index = ParseExpression();
      if (!index.ok()) return index;
      if (absl::Status status = Expect(TokenKind::kRightBracket, "']'");
          !status.ok()) {
        return status;
      }
      node.operands = {*operand, *index};
      operand = AddNode(std::move(node));
    } else {
      return operand;
    }
  }
  return operand;
}

absl::Status Parser::ParseArguments(TokenKind close, std::vector<int>* operands) {
  const absl::string_view closer = close == TokenKind::kRightParen ? "')'" : "']'";
  while (!At(close)) {
    absl::StatusOr<int> argument = ParseExpression();
    if (!argument.ok()) return argument.status();
    operands->push_back(*argument);
    if (At(TokenKind::kComma)) {
      Next();
    } else if (!At(close)) {
      return UnexpectedToken(absl::StrCat("',' or ", closer));
    }
  }
  Next();
  return absl::OkStatus();
}

absl::StatusOr<int> Parser::ParseIntLiteral(bool negative, Position position) {
  const Token& token = Next();
  const uint64_t limit = negative ? kMaxIntMagnitude : kMaxIntMagnitude - 1;
  if (token.int_magnitude > limit) {
    return ErrorAt(position, "integer literal is out of the int range (64-bit signed)");
  }
  Node node;
  node.kind = NodeKind::kIntLiteral;
  node.position = position;
  node.int_value = negative ? static_cast<int64_t>(0 - token.int_magnitude)
                            : static_cast<int64_t>(token.int_magnitude);
  return AddNode(std::move(node));
}

absl::StatusOr<int> Parser::ParsePrimary() {
  const Token& token = Current();
  Node node;
  node.position = token.position;
  switch (token.kind) {
    case TokenKind::kInt:
      return ParseIntLiteral(/*negative=*/false, token.position);
    case TokenKind::kTrue:
    case TokenKind::kFalse:
      node.kind = NodeKind::kBoolLiteral;
      node.bool_value = token.kind == TokenKind::kTrue;
      Next();
      return AddNode(std::move(node));
    case TokenKind::kString:
      node.kind = NodeKind::kStringLiteral;
      node.text = token.text;
      Next();
      return AddNode(std::move(node));
    case TokenKind::kNull:
      return ErrorAt(token.position, "null is not supported; use has() to test "
                                     "whether an attribute is set");
    case TokenKind::kLeftBrace:
      return ErrorAt(token.position, "map literals are not supported");
    case TokenKind::kDot:
      return ErrorAt(token.position,
                     "qualified names that start with '.' are not supported");
    case TokenKind::kIdentifier:
      node.text = token.text;
      Next();
      if (!At(TokenKind::kLeftParen)) {
        node.kind = NodeKind::kIdentifier;
        return AddNode(std::move(node));
      }
      Next();
      node.kind = NodeKind::kCall;
      if (absl::Status status = ParseArguments(TokenKind::kRightParen,
                                               &node.operands);
          !status.ok()) {
        return status;
      }
      return AddNode(std::move(node));
    case TokenKind::kLeftParen: {
      Next();
      absl::StatusOr<int> inner = ParseExpression();
      if (!inner.ok()) return inner;
      if (absl::Status status = Expect(TokenKind::kRightParen, "')'");
          !status.ok()) {
        return status;
      }
      return inner;
    }
    case TokenKind::kLeftBracket:
      Next();
      node.kind = NodeKind::kList;
      if (absl::Status status = ParseArguments(TokenKind::kRightBracket,
                                               &node.operands);
          !status.ok()) {
        return status;
      }
      return AddNode(std::move(node));
    default:
      return UnexpectedToken("a value");
  }
}

void AppendDebugString(const ParsedExpr& expr, int index, std::string* out) {
  const Node& node = expr.nodes[index];
  const auto append_operands = [&](size_t first) {
    for (size_t i = first; i < node.operands.size(); ++i) {
      out->push_back(' ');
      AppendDebugString(expr, node.operands[i], out);
    }
  };
  switch (node.kind) {
    case NodeKind::kBoolLiteral:
      absl::StrAppend(out, node.bool_value ? "true" : "false");
      return;
    case NodeKind::kIntLiteral:
      absl::StrAppend(out, node.int_value);
      return;
    case NodeKind::kStringLiteral:
      absl::StrAppend(out, "\"", node.text, "\"");
      return;
    case NodeKind::kIdentifier:
      absl::StrAppend(out, node.text);
      return;
    case NodeKind::kSelect:
      absl::StrAppend(out, "(. ");
      AppendDebugString(expr, node.operands[0], out);
      absl::StrAppend(out, " ", node.text, ")");
      return;
    case NodeKind::kIndex:
      absl::StrAppend(out, "([]");
      break;
    case NodeKind::kCall:
      absl::StrAppend(out, "(", node.has_receiver ? "." : "", node.text);
      break;
    case NodeKind::kList:
      absl::StrAppend(out, "(list");
      break;
    case NodeKind::kUnary:
      absl::StrAppend(out, "(", OperatorSymbol(node.unary_operator));
      break;
    case NodeKind::kBinary:
      absl::StrAppend(out, "(", OperatorSymbol(node.binary_operator));
      break;
    case NodeKind::kConditional:
      absl::StrAppend(out, "(?:");
      break;
  }
  append_operands(0);
  out->push_back(')');
}

}  // namespace

std::string ToDebugString(const ParsedExpr& expr) {
  std::string out;
  if (expr.root >= 0) AppendDebugString(expr, expr.root, &out);
  return out;
}

absl::StatusOr<ParsedExpr> Parse(absl::string_view source, const Limits& limits) {
  if (source.size() > limits.max_source_bytes) {
    return ErrorAt(Position(),
                   absl::StrCat("condition is ", source.size(),
                                " bytes long, more than the limit of ",
                                limits.max_source_bytes,
                                "; shorten it or raise Limits::max_source_bytes"));
  }
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(source);
  if (!tokens.ok()) return tokens.status();

  Parser parser(*std::move(tokens), limits);
  absl::StatusOr<int> root = parser.ParseAll();
  if (!root.ok()) return root.status();

  ParsedExpr parsed;
  parsed.source = std::string(source);
  parsed.nodes = parser.TakeNodes();
  parsed.root = *root;
  return parsed;
}

}  // namespace rolegraph::condition
