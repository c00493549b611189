#include "condition/checker.h"

#include <string>
#include <vector>

#include "condition_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rolegraph::condition {
namespace {

using testing::MessageOf;
using testing::ParseAndCheck;

std::string CheckError(absl::string_view source) {
  return MessageOf(ParseAndCheck(source));
}

Type RootType(absl::string_view source) {
  absl::StatusOr<ParsedExpr> parsed = Parse(source, Limits());
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  // Wraps the expression in an equality with itself, so that the root is a
  // bool and the checker accepts it. The left operand has the type under test.
  const std::string wrapped = absl::StrCat("(", source, ") == (", source, ")");
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck(wrapped);
  EXPECT_TRUE(checked.ok()) << checked.status();
  if (!checked.ok()) return Type();
  const Node& root = checked->parsed.nodes[checked->parsed.root];
  return checked->types[root.operands[0]];
}

TEST(CheckerTest, TypeNames) {
  EXPECT_EQ(TypeName(Type{TypeKind::kInt}), "int");
  EXPECT_EQ(TypeName(Type{TypeKind::kList, TypeKind::kString}), "list(string)");
  EXPECT_EQ(TypeName(Type{TypeKind::kList, TypeKind::kAny}), "list");
  EXPECT_EQ(TypeName(Type{TypeKind::kMap}), "map(string, string)");
}

TEST(CheckerTest, ExpressionTypes) {
  EXPECT_EQ(RootType("1 + 2").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("'a' + 'b'").kind, TypeKind::kString);
  EXPECT_EQ(RootType("now").kind, TypeKind::kTimestamp);
  EXPECT_EQ(RootType("now + duration('1h')").kind, TypeKind::kTimestamp);
  EXPECT_EQ(RootType("duration('1h') + now").kind, TypeKind::kTimestamp);
  EXPECT_EQ(RootType("now - duration('1h')").kind, TypeKind::kTimestamp);
  EXPECT_EQ(RootType("now - now").kind, TypeKind::kDuration);
  EXPECT_EQ(RootType("-duration('1h')").kind, TypeKind::kDuration);
  EXPECT_EQ(RootType("user.id").kind, TypeKind::kString);
  EXPECT_EQ(RootType("role.attributes.tier").kind, TypeKind::kString);
  EXPECT_EQ(RootType("user.attributes['k']").kind, TypeKind::kString);
  EXPECT_EQ(RootType("[1, 2][0]").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("size(user.attributes)").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("user.id.size()").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("int('5')").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("int(now)").kind, TypeKind::kInt);
  EXPECT_EQ(RootType("string(5)").kind, TypeKind::kString);
  EXPECT_EQ(RootType("string(now)").kind, TypeKind::kString);
  EXPECT_EQ(RootType("true ? 'a' : 'b'").kind, TypeKind::kString);
}

TEST(CheckerTest, ClassifiesConstantConditions) {
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck("1 + 1 == 2 && 'a' in ['a']");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->dependency, Dependency::kConstant);
  EXPECT_TRUE(checked->switches_read.empty());
}

TEST(CheckerTest, ClassifiesContextConditions) {
  for (const char* source :
       {"switches.freeze", "now > timestamp('2026-01-01T00:00:00Z')",
        "role.id == 'admins'", "has(role.attributes.tier)"}) {
    absl::StatusOr<CheckedExpr> checked = ParseAndCheck(source);
    ASSERT_TRUE(checked.ok()) << source << ": " << checked.status();
    EXPECT_EQ(checked->dependency, Dependency::kContext) << source;
  }
}

TEST(CheckerTest, ClassifiesUserConditions) {
  for (const char* source :
       {"user.id == 'alice'", "switches.freeze && user.attributes.x == 'y'",
        "has(user.attributes.department)", "size(user.attributes) > 0"}) {
    absl::StatusOr<CheckedExpr> checked = ParseAndCheck(source);
    ASSERT_TRUE(checked.ok()) << source << ": " << checked.status();
    EXPECT_EQ(checked->dependency, Dependency::kUser) << source;
  }
}

TEST(CheckerTest, SwitchesReadAreSortedAndUnique) {
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck(
      "switches.audit_mode || switches.incident_response || switches.audit_mode");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->switches_read, ::testing::ElementsAre(0, 2));
}

TEST(CheckerTest, ResolvesVariables) {
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck("switches.freeze == (user.id == role.id)");
  ASSERT_TRUE(checked.ok()) << checked.status();
  std::vector<Variable> seen;
  for (Variable variable : checked->variables) {
    if (variable != Variable::kNone) seen.push_back(variable);
  }
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre(Variable::kSwitch, Variable::kUserId,
                                                    Variable::kRoleId));
}

TEST(CheckerTest, UndeclaredNamesSuggestCloseOnes) {
  EXPECT_EQ(CheckError("usr.id == 'a'"),
            "1:1: undeclared reference to 'usr'; did you mean 'user'?");
  EXPECT_EQ(CheckError("user.atributes.x == 'a'"),
            "1:6: user has no field 'atributes'; its fields are id and attributes; "
            "did you mean 'attributes'?");
  EXPECT_EQ(CheckError("role.ids == 'a'"),
            "1:6: role has no field 'ids'; its fields are id and attributes; "
            "did you mean 'id'?");
  EXPECT_EQ(CheckError("switches.incident_respons"),
            "1:10: unknown switch 'incident_respons'; did you mean 'incident_response'?");
  EXPECT_EQ(CheckError("sise(user.id) > 1"),
            "1:1: undeclared function 'sise'; did you mean 'size'?");
  EXPECT_EQ(CheckError("user.id.startswith('a')"),
            "1:9: undeclared function 'startswith'; did you mean 'startsWith'?");
  EXPECT_EQ(CheckError("nwo > now"), "1:1: undeclared reference to 'nwo'; did you mean 'now'?");
}

TEST(CheckerTest, UndeclaredNamesWithoutCloseMatch) {
  EXPECT_EQ(CheckError("department == 'x'"), "1:1: undeclared reference to 'department'");
  EXPECT_EQ(CheckError("switches.unrelated"), "1:10: unknown switch 'unrelated'");
  EXPECT_EQ(CheckError("frobnicate()"), "1:1: undeclared function 'frobnicate'");
}

TEST(CheckerTest, UnknownSwitchWithoutDeclaredSwitches) {
  absl::StatusOr<CheckedExpr> checked = ParseAndCheck("switches.freeze", Declarations());
  EXPECT_EQ(MessageOf(checked),
            "1:10: unknown switch 'freeze'; the model declares no switches");
}

TEST(CheckerTest, VariablesThatAreNotValues) {
  EXPECT_EQ(CheckError("switches"),
            "1:1: 'switches' is not a value by itself; select a switch, as in "
            "switches.incident_response");
  EXPECT_EQ(CheckError("user == 'a'"),
            "1:1: 'user' is not a value by itself; select a field, as in user.id "
            "or user.attributes");
  EXPECT_EQ(CheckError("now.year == 1"),
            "1:5: cannot select field 'year' from a timestamp; only maps have fields");
  EXPECT_EQ(CheckError("user.id.x == 'a'"),
            "1:9: cannot select field 'x' from a string; only maps have fields");
}

TEST(CheckerTest, ComparisonTypeErrors) {
  EXPECT_EQ(CheckError("1 == 'a'"), "1:3: cannot compare int with string");
  EXPECT_EQ(CheckError("size(user.id) == 'x'"), "1:15: cannot compare int with string");
  EXPECT_EQ(CheckError("now < duration('1h')"), "1:5: cannot compare timestamp with duration");
  EXPECT_EQ(CheckError("true < false"),
            "1:6: operator '<' is not supported on bool; it orders int, string, "
            "timestamp and duration");
  EXPECT_EQ(CheckError("user.attributes == user.attributes"),
            "1:17: operator '==' is not supported on map(string, string)");
  EXPECT_EQ(CheckError("[1] == [1]"), "1:5: operator '==' is not supported on list(int)");
}

TEST(CheckerTest, OperatorTypeErrors) {
  EXPECT_EQ(CheckError("1 && true"), "1:3: operator '&&' needs bool operands, got int and bool");
  EXPECT_EQ(CheckError("true || 'x'"),
            "1:6: operator '||' needs bool operands, got bool and string");
  EXPECT_EQ(CheckError("!1"), "1:1: operator '!' cannot be applied to int");
  EXPECT_EQ(CheckError("-'a' == 'b'"), "1:1: operator '-' cannot be applied to string");
  EXPECT_EQ(CheckError("1 + 'a' == 'b'"), "1:3: operator '+' cannot be applied to int and string");
  EXPECT_EQ(CheckError("'a' - 'b' == 'c'"),
            "1:5: operator '-' cannot be applied to string and string");
  EXPECT_EQ(CheckError("now + now == now"),
            "1:5: operator '+' cannot be applied to timestamp and timestamp");
  EXPECT_EQ(CheckError("'a' * 2 == 'aa'"), "1:5: operator '*' cannot be applied to string and int");
}

TEST(CheckerTest, InTypeErrors) {
  EXPECT_EQ(CheckError("1 in ['a']"), "1:3: cannot look for a int in a list(string)");
  EXPECT_EQ(CheckError("1 in user.attributes"),
            "1:3: cannot look for a int in a map(string, string)");
  EXPECT_EQ(CheckError("'a' in 'abc'"),
            "1:5: operator 'in' needs a list or a map on its right, got string");
  EXPECT_TRUE(ParseAndCheck("'a' in []").ok());
}

TEST(CheckerTest, ListAndIndexTypeErrors) {
  EXPECT_EQ(CheckError("'a' in ['a', 1]"),
            "1:14: list elements must all have the same type: found int after string");
  EXPECT_EQ(CheckError("[1] in [[1]]"),
            "1:9: list elements must be bool, int, string, timestamp or duration, not list(int)");
  EXPECT_EQ(CheckError("user.attributes[1] == 'a'"),
            "1:16: cannot index a map(string, string) with a int");
  EXPECT_EQ(CheckError("user.id[0] == 'a'"), "1:8: cannot index a string with a int");
  EXPECT_EQ(CheckError("[][0] == 1"), "1:3: cannot index a list with a int");
}

TEST(CheckerTest, EmptyListTakesTheOtherBranchType) {
  EXPECT_TRUE(ParseAndCheck("'a' in (true ? [] : ['a'])").ok());
  EXPECT_EQ(CheckError("1 in (true ? [] : ['a'])"),
            "1:3: cannot look for a int in a list(string)");
}

TEST(CheckerTest, ConditionalTypeErrors) {
  EXPECT_EQ(CheckError("1 ? true : false"), "1:3: the condition of '? :' must be a bool, got int");
  EXPECT_EQ(CheckError("true ? 1 : 'a'"),
            "1:6: the branches of '? :' must have the same type, got int and string");
}

TEST(CheckerTest, RootMustBeBool) {
  EXPECT_EQ(CheckError("user.id"),
            "1:6: a condition must have type bool, but this one has type string");
  EXPECT_EQ(CheckError("1 + 2"), "1:3: a condition must have type bool, but this one has type int");
}

TEST(CheckerTest, FunctionOverloadErrors) {
  EXPECT_EQ(CheckError("user.id.startsWith(1)"),
            "1:9: no overload matches string.startsWith(int); expected "
            "string.startsWith(string)");
  EXPECT_EQ(CheckError("size(1) == 1"),
            "1:1: no overload matches size(int); expected size(string) or size(list) "
            "or size(map(string, string))");
  EXPECT_EQ(CheckError("int(true) == 1"),
            "1:1: no overload matches int(bool); expected int(int) or int(string) or "
            "int(timestamp)");
  EXPECT_EQ(CheckError("timestamp('a', 'b') == now"),
            "1:1: no overload matches timestamp(string, string); expected "
            "timestamp(string) or timestamp(timestamp)");
  EXPECT_EQ(CheckError("startsWith(user.id, 'a')"),
            "1:1: 'startsWith' is a method; call it on a string, as in s.startsWith(\"x\")");
  EXPECT_EQ(CheckError("user.id.int() == 1"),
            "1:9: 'int' is not a method; call it as int(x)");
}

TEST(CheckerTest, HasNeedsAMapField) {
  const std::string usage =
      "has() takes one field selection on a map, as in has(user.attributes.department)";
  EXPECT_EQ(CheckError("has(user.id)"), "1:1: " + usage);
  EXPECT_EQ(CheckError("has(user.attributes)"), "1:1: " + usage);
  EXPECT_EQ(CheckError("has(switches.freeze)"), "1:1: " + usage);
  EXPECT_EQ(CheckError("has(user.attributes['x'])"), "1:1: " + usage);
  EXPECT_EQ(CheckError("has()"), "1:1: " + usage);
  EXPECT_TRUE(ParseAndCheck("has(user.attributes.department)").ok());
}

TEST(CheckerTest, EveryFunctionAcceptsItsSignatures) {
  for (const char* source : {
           "size('abc') == 3", "size(['a']) == 1", "['a'].size() == 1",
           "user.attributes.size() == 1", "user.id.startsWith('a')",
           "user.id.endsWith('a')", "user.id.contains('a')", "user.id.matches('a+')",
           "matches(user.id, 'a+')", "timestamp(now) == now",
           "duration(duration('1h')) == duration('60m')", "int(1) == 1",
           "string('a') == 'a'", "string(true) == 'true'",
           "string(duration('1h')) == '1h'"}) {
    absl::StatusOr<CheckedExpr> checked = ParseAndCheck(source);
    EXPECT_TRUE(checked.ok()) << source << ": " << checked.status();
  }
}

TEST(CheckerTest, SuggestNameUsesEditDistance) {
  const std::vector<std::string> names = {"incident_response", "freeze", "audit_mode"};
  EXPECT_EQ(SuggestName("freze", names), "freeze");
  EXPECT_EQ(SuggestName("incident-response", names), "incident_response");
  EXPECT_EQ(SuggestName("audit", names), "");
  EXPECT_EQ(SuggestName("xyz", names), "");
  EXPECT_EQ(SuggestName("Freeze", names), "freeze");
  EXPECT_EQ(SuggestName("fereze", names), "freeze");
  EXPECT_EQ(SuggestName("feerze", names), "freeze");
}

}  // namespace
}  // namespace rolegraph::condition
