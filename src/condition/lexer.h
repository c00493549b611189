// The lexer of the condition language: UTF-8 source text to tokens.
//
//   absl::StatusOr<std::vector<Token>> tokens = Tokenize("size(user.id) > 3");
//   // identifier "size", '(', identifier "user", '.', ..., integer 3, end
//
// Errors are InvalidArgument with a "LINE:COLUMN: " prefix.
#ifndef ROLEGRAPH_SRC_CONDITION_LEXER_H_
#define ROLEGRAPH_SRC_CONDITION_LEXER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "condition/ast.h"

namespace rolegraph::condition {

enum class TokenKind {
  kEnd,
  kIdentifier,
  kInt,
  kString,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kDot,
  kComma,
  kQuestion,
  kColon,
  kNot,
  kNotEqual,
  kEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,
  kOr,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Position position;
  // The identifier's name or the string literal's decoded value.
  std::string text;
  // The integer literal's magnitude. It may exceed INT64_MAX by one, which
  // only the parser can accept (as the operand of a unary minus).
  uint64_t int_magnitude = 0;
};

// Splits `source` into tokens, ending with a kEnd token. Rejects invalid
// UTF-8, unknown characters, unterminated strings, bad escapes, reserved
// words, and literals the language does not have (floating-point, unsigned,
// bytes).
absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view source);

// Returns an InvalidArgument status with the message "LINE:COLUMN: message".
absl::Status ErrorAt(Position position, absl::string_view message);

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_LEXER_H_
