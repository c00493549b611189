#include "condition/lexer.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rolegraph::condition {
namespace {

constexpr uint64_t kMaxIntMagnitude = uint64_t{1} << 63;  // -INT64_MIN

// Words that CEL reserves for future use, so they cannot be identifiers.
constexpr absl::string_view kReservedWords[] = {
    "as",   "break",     "const",  "continue", "else",  "for",
    "function", "if",    "import", "let",      "loop",  "package",
    "namespace", "return", "var",  "void",     "while",
};

// Returns the length of the UTF-8 sequence that starts at `text[0]`, or 0
// when it is not a valid, shortest-form encoding of a Unicode scalar value.
int ValidUtf8SequenceLength(absl::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;

  int length = 0;
  uint32_t code_point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < static_cast<size_t>(length)) return 0;

  for (int i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  const bool overlong = (length == 3 && code_point < 0x800) ||
                        (length == 4 && code_point < 0x10000);
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (overlong || surrogate || code_point > 0x10FFFF) return 0;
  return length;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

bool IsIdentifierStart(char c) { return absl::ascii_isalpha(c) || c == '_'; }
bool IsIdentifierChar(char c) { return absl::ascii_isalnum(c) || c == '_'; }

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  explicit Lexer(absl::string_view source) : source_(source) {}

  absl::StatusOr<std::vector<Token>> Run();

 private:
  bool AtEnd() const { return offset_ >= source_.size(); }
  char Peek(size_t ahead = 0) const {
    return offset_ + ahead < source_.size() ? source_[offset_ + ahead] : '\0';
  }
  // Moves past `count` bytes, keeping line and column up to date. Columns
  // advance once per code point, at its lead byte.
  void Advance(size_t count = 1);

  absl::Status ValidateUtf8() const;
  void SkipWhitespaceAndComments();
  absl::Status LexToken(std::vector<Token>* tokens);
  absl::Status LexNumber(Token* token);
  absl::Status LexWord(Token* token);
  absl::Status LexString(bool raw, Token* token);
  absl::Status LexEscape(std::string* out);
  absl::Status LexOperator(Token* token);

  absl::string_view source_;
  size_t offset_ = 0;
  Position position_;
};

void Lexer::Advance(size_t count) {
  for (size_t i = 0; i < count && !AtEnd(); ++i) {
    const char c = source_[offset_++];
    if (c == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++position_.column;
    }
  }
}

absl::Status Lexer::ValidateUtf8() const {
  Position position;
  size_t offset = 0;
  while (offset < source_.size()) {
    const int length = ValidUtf8SequenceLength(source_.substr(offset));
    if (length == 0) {
      return ErrorAt(position,
                     absl::StrFormat("invalid UTF-8 byte 0x%02x; a condition "
                                     "must be UTF-8 text",
                                     static_cast<unsigned char>(source_[offset])));
    }
    if (source_[offset] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
    offset += length;
  }
  return absl::OkStatus();
}

void Lexer::SkipWhitespaceAndComments() {
  while (!AtEnd()) {
    const char c = Peek();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      Advance();
    } else if (c == '/' && Peek(1) == '/') {
      while (!AtEnd() && Peek() != '\n') Advance();
    } else {
      return;
    }
  }
}

absl::StatusOr<std::vector<Token>> Lexer::Run() {
  if (absl::Status status = ValidateUtf8(); !status.ok()) return status;

  std::vector<Token> tokens;
  while (true) {
    SkipWhitespaceAndComments();
    if (AtEnd()) break;
    if (absl::Status status = LexToken(&tokens); !status.ok()) return status;
  }

  Token end;
  end.kind = TokenKind::kEnd;
  end.position = position_;
  tokens.push_back(std::move(end));
  return tokens;
}

absl::Status Lexer::LexToken(std::vector<Token>* tokens) {
  Token token;
  token.position = position_;
  const char c = Peek();
  absl::Status status;
  if (absl::ascii_isdigit(c)) {
    status = LexNumber(&token);
  } else if ((c == 'r' || c == 'R') && (Peek(1) == '"' || Peek(1) == '\'')) {
    Advance();
    status = LexString(/*raw=*/true, &token);
  } else if ((c == 'b' || c == 'B') && (Peek(1) == '"' || Peek(1) == '\'')) {
    status = ErrorAt(position_, "bytes literals are not supported; use a string");
  } else if (IsIdentifierStart(c)) {
    status = LexWord(&token);
  } else if (c == '"' || c == '\'') {
    status = LexString(/*raw=*/false, &token);
  } else {
    status = LexOperator(&token);
  }
  if (!status.ok()) return status;
  tokens->push_back(std::move(token));
  return absl::OkStatus();
}

absl::Status Lexer::LexNumber(Token* token) {
  token->kind = TokenKind::kInt;
  const bool hex = Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X');
  const uint64_t base = hex ? 16 : 10;
  if (hex) Advance(2);

  uint64_t magnitude = 0;
  int digits = 0;
  while (!AtEnd() && HexDigitValue(Peek()) >= 0 &&
         (hex || absl::ascii_isdigit(Peek()))) {
    const uint64_t digit = static_cast<uint64_t>(HexDigitValue(Peek()));
    if (magnitude > (kMaxIntMagnitude - digit) / base) {
      return ErrorAt(token->position,
                     "integer literal is out of the int range (64-bit signed)");
    }
    magnitude = magnitude * base + digit;
    ++digits;
    Advance();
  }
  if (digits == 0) {
    return ErrorAt(token->position, "hexadecimal literal has no digits");
  }

  const char next = Peek();
  if ((next == '.' && absl::ascii_isdigit(Peek(1))) ||
      (!hex && (next == 'e' || next == 'E'))) {
    return ErrorAt(token->position,
                   "floating-point numbers are not supported; use an int");
  }
  if (next == 'u' || next == 'U') {
    return ErrorAt(token->position,
                   "unsigned integers are not supported; drop the 'u' suffix");
  }
  if (IsIdentifierChar(next)) {
    return ErrorAt(position_, absl::StrCat("unexpected '", std::string(1, next),
                                           "' after a number"));
  }
  token->int_magnitude = magnitude;
  return absl::OkStatus();
}

absl::Status Lexer::LexWord(Token* token) {
  const size_t start = offset_;
  while (!AtEnd() && IsIdentifierChar(Peek())) Advance();
  const absl::string_view word = source_.substr(start, offset_ - start);

  if (word == "true") {
    token->kind = TokenKind::kTrue;
  } else if (word == "false") {
    token->kind = TokenKind::kFalse;
  } else if (word == "null") {
    token->kind = TokenKind::kNull;
  } else if (word == "in") {
    token->kind = TokenKind::kIn;
  } else {
    for (absl::string_view reserved : kReservedWords) {
      if (word == reserved) {
        return ErrorAt(token->position,
                       absl::StrCat("'", word,
                                    "' is a reserved word and cannot be used "
                                    "as a name"));
      }
    }
    token->kind = TokenKind::kIdentifier;
    token->text = std::string(word);
  }
  return absl::OkStatus();
}

absl::Status Lexer::LexString(bool raw, Token* token) {
  token->kind = TokenKind::kString;
  const char quote = Peek();
  const bool triple = Peek(1) == quote && Peek(2) == quote;
  Advance(triple ? 3 : 1);

  while (true) {
    if (AtEnd() || (!triple && (Peek() == '\n' || Peek() == '\r'))) {
      return ErrorAt(token->position,
                     "unterminated string; close it with a matching quote");
    }
    const char c = Peek();
    if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote))) {
      Advance(triple ? 3 : 1);
      return absl::OkStatus();
    }
    if (c == '\\' && !raw) {
      if (absl::Status status = LexEscape(&token->text); !status.ok()) {
        return status;
      }
      continue;
    }
    token->text.push_back(c);
    Advance();
  }
}

absl::Status Lexer::LexEscape(std::string* out) {
  const Position start = position_;
  Advance();  // The backslash.
  const char c = Peek();
  switch (c) {
    case 'a': out->push_back('\a'); Advance(); return absl::OkStatus();
    case 'b': out->push_back('\b'); Advance(); return absl::OkStatus();
    case 'f': out->push_back('\f'); Advance(); return absl::OkStatus();
    case 'n': out->push_back('\n'); Advance(); return absl::OkStatus();
    case 'r': out->push_back('\r'); Advance(); return absl::OkStatus();
    case 't': out->push_back('\t'); Advance(); return absl::OkStatus();
    case 'v': out->push_back('\v'); Advance(); return absl::OkStatus();
    case '\\': case '\'': case '"': case '`': case '?':
      out->push_back(c);
      Advance();
      return absl::OkStatus();
    default:
      break;
  }

  int digits = 0;
  int radix = 16;
  if (c == 'x' || c == 'X') {
    digits = 2;
  } else if (c == 'u') {
    digits = 4;
  } else if (c == 'U') {
    digits = 8;
  } else if (c >= '0' && c <= '3') {
    digits = 3;
    radix = 8;
  } else {
    return ErrorAt(start, "invalid escape sequence; use \\\\ for a backslash");
  }
  if (radix == 16) Advance();

  uint32_t code_point = 0;
  for (int i = 0; i < digits; ++i) {
    const int value = HexDigitValue(Peek());
    if (value < 0 || value >= radix) {
      return ErrorAt(start, absl::StrCat("escape sequence needs ", digits,
                                         radix == 16 ? " hexadecimal" : " octal",
                                         " digits"));
    }
    code_point = code_point * radix + static_cast<uint32_t>(value);
    Advance();
  }
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    return ErrorAt(start, absl::StrFormat(
                              "escape sequence U+%04X is not a Unicode scalar "
                              "value",
                              code_point));
  }
  AppendUtf8(code_point, out);
  return absl::OkStatus();
}

absl::Status Lexer::LexOperator(Token* token) {
  struct Spelling {
    absl::string_view text;
    TokenKind kind;
  };
  // Two-character operators come first so that "<=" is not read as "<".
  static constexpr Spelling kSpellings[] = {
      {"!=", TokenKind::kNotEqual}, {"==", TokenKind::kEqual},
      {"<=", TokenKind::kLessEqual}, {">=", TokenKind::kGreaterEqual},
      {"&&", TokenKind::kAnd},      {"||", TokenKind::kOr},
      {"(", TokenKind::kLeftParen}, {")", TokenKind::kRightParen},
      {"[", TokenKind::kLeftBracket}, {"]", TokenKind::kRightBracket},
      {"{", TokenKind::kLeftBrace}, {"}", TokenKind::kRightBrace},
      {".", TokenKind::kDot},       {",", TokenKind::kComma},
      {"?", TokenKind::kQuestion},  {":", TokenKind::kColon},
      {"!", TokenKind::kNot},       {"<", TokenKind::kLess},
      {">", TokenKind::kGreater},   {"+", TokenKind::kPlus},
      {"-", TokenKind::kMinus},     {"*", TokenKind::kStar},
      {"/", TokenKind::kSlash},     {"%", TokenKind::kPercent},
  };
  const absl::string_view rest = source_.substr(offset_);
  for (const Spelling& spelling : kSpellings) {
    if (rest.substr(0, spelling.text.size()) == spelling.text) {
      token->kind = spelling.kind;
      Advance(spelling.text.size());
      return absl::OkStatus();
    }
  }

  const char c = Peek();
  if (c == '=') return ErrorAt(position_, "unexpected '='; use '==' to compare");
  if (c == '&') return ErrorAt(position_, "unexpected '&'; use '&&' for 'and'");
  if (c == '|') return ErrorAt(position_, "unexpected '|'; use '||' for 'or'");
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    return ErrorAt(position_, absl::StrFormat("unexpected control character U+%04X",
                                              static_cast<unsigned char>(c)));
  }
  const int length = ValidUtf8SequenceLength(rest);
  return ErrorAt(position_, absl::StrCat("unexpected character '",
                                         rest.substr(0, length), "'"));
}

}  // namespace

absl::Status ErrorAt(Position position, absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(position.line, ":", position.column, ": ", message));
}

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view source) {
  return Lexer(source).Run();
}

}  // namespace rolegraph::condition
