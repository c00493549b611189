#include "condition/parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "condition/lexer.h"
#include "condition_test_util.h"
#include "gtest/gtest.h"

namespace rolegraph::condition {
namespace {

using testing::MessageOf;

// Returns the parsed tree as an S-expression, or the error message.
std::string ParseToString(absl::string_view source, const Limits& limits = Limits()) {
  absl::StatusOr<ParsedExpr> parsed = Parse(source, limits);
  return parsed.ok() ? ToDebugString(*parsed) : MessageOf(parsed);
}

std::string Repeat(absl::string_view text, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) absl::StrAppend(&out, text);
  return out;
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(ParseToString("true"), "true");
  EXPECT_EQ(ParseToString("false"), "false");
  EXPECT_EQ(ParseToString("42"), "42");
  EXPECT_EQ(ParseToString("0x1F"), "31");
  EXPECT_EQ(ParseToString("\"text\""), "\"text\"");
  EXPECT_EQ(ParseToString("'text'"), "\"text\"");
}

TEST(ParserTest, IntegerLiteralRange) {
  EXPECT_EQ(ParseToString("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(ParseToString("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(ParseToString("9223372036854775808"),
            "1:1: integer literal is out of the int range (64-bit signed)");
  EXPECT_EQ(ParseToString("-9223372036854775809"),
            "1:2: integer literal is out of the int range (64-bit signed)");
  EXPECT_EQ(ParseToString("99999999999999999999"),
            "1:1: integer literal is out of the int range (64-bit signed)");
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(ParseToString("a || b && c"), "(|| a (&& b c))");
  EXPECT_EQ(ParseToString("1 + 2 * 3 == 7"), "(== (+ 1 (* 2 3)) 7)");
  EXPECT_EQ(ParseToString("!a && b"), "(&& (! a) b)");
  EXPECT_EQ(ParseToString("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(ParseToString("10 - 4 - 3"), "(- (- 10 4) 3)");
  EXPECT_EQ(ParseToString("7 / 2 % 3"), "(% (/ 7 2) 3)");
  EXPECT_EQ(ParseToString("a < b == c >= d"), "(>= (== (< a b) c) d)");
  EXPECT_EQ(ParseToString("x in [1, 2] != false"), "(!= (in x (list 1 2)) false)");
}

TEST(ParserTest, ConditionalIsRightAssociative) {
  EXPECT_EQ(ParseToString("a ? b : c ? d : e"), "(?: a b (?: c d e))");
  EXPECT_EQ(ParseToString("a || b ? 1 : 2"), "(?: (|| a b) 1 2)");
}

TEST(ParserTest, UnaryOperators) {
  EXPECT_EQ(ParseToString("!!a"), "(! (! a))");
  EXPECT_EQ(ParseToString("-x"), "(- x)");
  EXPECT_EQ(ParseToString("- -5"), "(- -5)");
  EXPECT_EQ(ParseToString("-5 < 3"), "(< -5 3)");
}

TEST(ParserTest, MembersCallsAndIndexes) {
  EXPECT_EQ(ParseToString("user.attributes.department"),
            "(. (. user attributes) department)");
  EXPECT_EQ(ParseToString("user.id.startsWith('a')"),
            "(.startsWith (. user id) \"a\")");
  EXPECT_EQ(ParseToString("size(user.id)"), "(size (. user id))");
  EXPECT_EQ(ParseToString("f()"), "(f)");
  EXPECT_EQ(ParseToString("m['k'][0]"), "([] ([] m \"k\") 0)");
  EXPECT_EQ(ParseToString("[]"), "(list)");
  EXPECT_EQ(ParseToString("['a', 'b',]"), "(list \"a\" \"b\")");
  EXPECT_EQ(ParseToString("has(user.attributes.x)"),
            "(has (. (. user attributes) x))");
}

TEST(ParserTest, LogicalChainsAreBalanced) {
  std::string source = "a";
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&source, " && a");
  absl::StatusOr<ParsedExpr> parsed = Parse(source, Limits());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_LE(parsed->nodes[parsed->root].height, 11);
}

TEST(ParserTest, NodePositions) {
  absl::StatusOr<ParsedExpr> parsed = Parse("user.id ==\n  'alice'", Limits());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const Node& root = parsed->nodes[parsed->root];
  EXPECT_EQ(root.position.line, 1);
  EXPECT_EQ(root.position.column, 9);
  const Node& right = parsed->nodes[root.operands[1]];
  EXPECT_EQ(right.position.line, 2);
  EXPECT_EQ(right.position.column, 3);
  const Node& select = parsed->nodes[root.operands[0]];
  EXPECT_EQ(select.position.column, 6);  // The field name.
}

TEST(ParserTest, ColumnsCountCodePoints) {
  // "é" is two bytes but one column, so '==' is at column 5.
  EXPECT_EQ(ParseToString("'\xC3\xA9' == "), "1:8: expected a value, found the end of the condition");
  absl::StatusOr<ParsedExpr> parsed = Parse("'\xC3\xA9' == x", Limits());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->nodes[parsed->root].position.column, 5);
}

TEST(ParserTest, StringEscapes) {
  absl::StatusOr<std::vector<Token>> tokens =
      Tokenize(R"("a\nb\t\\\"\'\u00e9\U0001F600\x41\101")");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ((*tokens)[0].text, "a\nb\t\\\"'\xC3\xA9\xF0\x9F\x98\x80" "AA");
}

TEST(ParserTest, RawAndTripleQuotedStrings) {
  absl::StatusOr<std::vector<Token>> raw = Tokenize(R"(r"a\d+")");
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ((*raw)[0].text, "a\\d+");

  absl::StatusOr<std::vector<Token>> triple = Tokenize("'''one\n'two''' ");
  ASSERT_TRUE(triple.ok()) << triple.status();
  EXPECT_EQ((*triple)[0].text, "one\n'two");
}

TEST(ParserTest, StringErrors) {
  EXPECT_EQ(ParseToString("'abc"), "1:1: unterminated string; close it with a matching quote");
  EXPECT_EQ(ParseToString("'ab\nc'"), "1:1: unterminated string; close it with a matching quote");
  EXPECT_EQ(ParseToString(R"(x == "\q")"),
            "1:7: invalid escape sequence; use \\\\ for a backslash");
  EXPECT_EQ(ParseToString(R"("\u12")"), "1:2: escape sequence needs 4 hexadecimal digits");
  EXPECT_EQ(ParseToString(R"("\ud800")"),
            "1:2: escape sequence U+D800 is not a Unicode scalar value");
  EXPECT_EQ(ParseToString("b'abc'"), "1:1: bytes literals are not supported; use a string");
}

TEST(ParserTest, CommentsAndWhitespace) {
  EXPECT_EQ(ParseToString("// leading comment\n  a &&\tb // trailing"), "(&& a b)");
}

TEST(ParserTest, SyntaxErrors) {
  EXPECT_EQ(ParseToString(""), "1:1: condition is empty");
  EXPECT_EQ(ParseToString("  // only a comment"), "1:20: condition is empty");
  EXPECT_EQ(ParseToString("a b"), "1:3: expected an operator, found 'b'");
  EXPECT_EQ(ParseToString("a = b"), "1:3: unexpected '='; use '==' to compare");
  EXPECT_EQ(ParseToString("a & b"), "1:3: unexpected '&'; use '&&' for 'and'");
  EXPECT_EQ(ParseToString("a | b"), "1:3: unexpected '|'; use '||' for 'or'");
  EXPECT_EQ(ParseToString("(a"), "1:3: expected ')', found the end of the condition");
  EXPECT_EQ(ParseToString("f(a b)"), "1:5: expected ',' or ')', found 'b'");
  EXPECT_EQ(ParseToString("a ? b"), "1:6: expected ':', found the end of the condition");
  EXPECT_EQ(ParseToString("user."), "1:6: expected a field name, found the end of the condition");
  EXPECT_EQ(ParseToString("a == #"), "1:6: unexpected character '#'");
  EXPECT_EQ(ParseToString("a == \xE2\x82\xAC"), "1:6: unexpected character '\xE2\x82\xAC'");
  EXPECT_EQ(ParseToString(absl::string_view("a\0", 2)), "1:2: unexpected control character U+0000");
  EXPECT_EQ(ParseToString("x == null"),
            "1:6: null is not supported; use has() to test whether an attribute is set");
  EXPECT_EQ(ParseToString("{'a': 'b'}"), "1:1: map literals are not supported");
  EXPECT_EQ(ParseToString("1.5 > 1"), "1:1: floating-point numbers are not supported; use an int");
  EXPECT_EQ(ParseToString("1e3 > 1"), "1:1: floating-point numbers are not supported; use an int");
  EXPECT_EQ(ParseToString("1u > 0"), "1:1: unsigned integers are not supported; drop the 'u' suffix");
  EXPECT_EQ(ParseToString("12ab"), "1:3: unexpected 'a' after a number");
  EXPECT_EQ(ParseToString("if"), "1:1: 'if' is a reserved word and cannot be used as a name");
  EXPECT_EQ(ParseToString(".a"), "1:1: qualified names that start with '.' are not supported");
}

TEST(ParserTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ParseToString("user.id == '\xFF'"),
            "1:13: invalid UTF-8 byte 0xff; a condition must be UTF-8 text");
  // An overlong encoding of '/'.
  EXPECT_EQ(ParseToString("'\xC0\xAF'"),
            "1:2: invalid UTF-8 byte 0xc0; a condition must be UTF-8 text");
  // An encoded surrogate, U+D800.
  EXPECT_EQ(ParseToString("'\xED\xA0\x80'"),
            "1:2: invalid UTF-8 byte 0xed; a condition must be UTF-8 text");
  // A sequence cut short by the end of the input.
  EXPECT_EQ(ParseToString("a\n'\xE2\x82"),
            "2:2: invalid UTF-8 byte 0xe2; a condition must be UTF-8 text");
  // Above U+10FFFF.
  EXPECT_EQ(ParseToString("'\xF4\x90\x80\x80'"),
            "1:2: invalid UTF-8 byte 0xf4; a condition must be UTF-8 text");
}

TEST(ParserTest, ValidUtf8IsAccepted) {
  EXPECT_EQ(ParseToString("'日本' == '\xF0\x9F\x98\x80'"), "(== \"日本\" \"\xF0\x9F\x98\x80\")");
}

TEST(ParserTest, TenThousandNestedParentheses) {
  const std::string source = Repeat("(", 10000) + "true" + Repeat(")", 10000);
  EXPECT_EQ(ParseToString(source),
            "1:65: expression nests deeper than 64 levels; simplify it or "
            "raise Limits::max_nesting_depth");
}

TEST(ParserTest, NestingWithinLimitIsAccepted) {
  const std::string source = Repeat("(", 63) + "true" + Repeat(")", 63);
  EXPECT_EQ(ParseToString(source), "true");
}

TEST(ParserTest, DeepUnaryChainsAreRejected) {
  EXPECT_EQ(ParseToString(Repeat("!", 10000) + "a"),
            "1:64: expression nests deeper than 64 levels; simplify it or "
            "raise Limits::max_nesting_depth");
  EXPECT_EQ(ParseToString(Repeat("-", 10000) + "a"),
            "1:64: expression nests deeper than 64 levels; simplify it or "
            "raise Limits::max_nesting_depth");
}

TEST(ParserTest, LongLeftAssociativeChainsAreRejected) {
  std::string source = "1";
  for (int i = 0; i < 10000; ++i) absl::StrAppend(&source, " + 1");
  absl::StatusOr<ParsedExpr> parsed = Parse(source, Limits());
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nests deeper than 64 levels"),
            absl::string_view::npos)
      << parsed.status();
}

TEST(ParserTest, DeepListsAndCallsAreRejected) {
  const std::string lists = Repeat("[", 10000) + Repeat("]", 10000);
  EXPECT_NE(ParseToString(lists).find("nests deeper than 64 levels"), std::string::npos);
  const std::string calls = Repeat("f(", 10000) + Repeat(")", 10000);
  EXPECT_NE(ParseToString(calls).find("nests deeper than 64 levels"), std::string::npos);
  const std::string indexes = "m" + Repeat("[m", 10000) + Repeat("]", 10000);
  EXPECT_NE(ParseToString(indexes).find("nests deeper than 64 levels"), std::string::npos);
}

TEST(ParserTest, CustomNestingLimit) {
  Limits limits;
  limits.max_nesting_depth = 3;
  EXPECT_EQ(ParseToString("((a))", limits), "a");
  EXPECT_EQ(ParseToString("(((a)))", limits),
            "1:4: expression nests deeper than 3 levels; simplify it or raise "
            "Limits::max_nesting_depth");
}

TEST(ParserTest, SourceSizeLimit) {
  Limits limits;
  limits.max_source_bytes = 10;
  EXPECT_EQ(ParseToString("1234567890", limits), "1234567890");
  EXPECT_EQ(ParseToString("12345678901", limits),
            "1:1: condition is 11 bytes long, more than the limit of 10; "
            "shorten it or raise Limits::max_source_bytes");
}

}  // namespace
}  // namespace rolegraph::condition
