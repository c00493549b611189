// The abstract syntax tree that the parser produces and the checker reads.
//
// Nodes live in one vector and refer to their operands by index, so a tree
// is one allocation-friendly block and node ids index the checker's side
// tables (types, references, overloads).
//
//   absl::StatusOr<ParsedExpr> parsed = Parse("user.id == 'alice'", Limits());
//   const Node& root = parsed->nodes[parsed->root];  // a kBinary node
#ifndef ROLEGRAPH_SRC_CONDITION_AST_H_
#define ROLEGRAPH_SRC_CONDITION_AST_H_

#include <cstdint>
#include <string>
#include <vector>

namespace rolegraph::condition {

// A location in the source text. Both numbers are 1-based, and columns count
// Unicode code points, not bytes.
struct Position {
  int line = 1;
  int column = 1;
};

enum class NodeKind {
  kBoolLiteral,    // bool_value
  kIntLiteral,     // int_value
  kStringLiteral,  // text: the decoded value
  kIdentifier,     // text: the name
  kSelect,         // operands[0].text, where text is the field name
  kIndex,          // operands[0][operands[1]]
  kCall,           // text is the function name, and operands are the
                   // arguments, with the receiver first when has_receiver is set
  kList,           // operands: the elements
  kUnary,          // unary_operator operands[0]
  kBinary,         // operands[0] binary_operator operands[1]
  kConditional,    // operands[0] ? operands[1] : operands[2]
};

enum class UnaryOperator { kNot, kNegate };

enum class BinaryOperator {
  kAnd,
  kOr,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIn,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kRemainder,
};

// Returns the operator as it is written in source, such as "&&".
const char* OperatorSymbol(UnaryOperator op);
const char* OperatorSymbol(BinaryOperator op);

struct Node {
  NodeKind kind = NodeKind::kBoolLiteral;
  // The node's source position. For operators, selections, indexing and
  // method calls it is the operator, the field name, the '[' or the method
  // name.
  Position position;
  bool bool_value = false;
  int64_t int_value = 0;
  std::string text;
  UnaryOperator unary_operator = UnaryOperator::kNot;
  BinaryOperator binary_operator = BinaryOperator::kAnd;
  bool has_receiver = false;
  std::vector<int> operands;
  // Height of the subtree rooted here: 1 for a leaf. The parser keeps it at
  // most Limits::max_nesting_depth, which bounds the recursion of every
  // later stage.
  int height = 1;
};

// The output of the parser: the source and its tree.
struct ParsedExpr {
  std::string source;
  std::vector<Node> nodes;
  int root = -1;
};

// Renders the tree as an S-expression, such as
// `(&& (== (. user id) "alice") (. switches on))`, for tests and debugging.
std::string ToDebugString(const ParsedExpr& expr);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_AST_H_
