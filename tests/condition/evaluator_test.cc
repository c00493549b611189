#include "condition/evaluator.h"

#include <string>

#include "condition_test_util.h"
#include "gtest/gtest.h"

namespace rolegraph::condition {
namespace {

using testing::MessageOf;
using testing::ParseCheckAndPlan;

class EvaluatorTest : public ::testing::Test {
 protected:
  EvaluatorTest() {
    user_attributes_["department"] = "engineering";
    user_attributes_["level"] = "3";
    user_attributes_["email"] = "alice@example.com";
    user_attributes_["pattern"] = "(";
    user_attributes_["start"] = "2026-01-01T00:00:00Z";
    user_attributes_["bad_time"] = "soon";
    role_attributes_["tier"] = "gold";
    role_attributes_["pattern"] = "^al";

    activation_.now = absl::FromCivil(absl::CivilSecond(2026, 12, 4, 12, 0, 0),
                                      absl::UTCTimeZone());
    activation_.switches = absl::MakeConstSpan(switches_);
    activation_.user = Subject{"alice", &user_attributes_view_};
    activation_.role = Subject{"admins", &role_attributes_view_};
  }

  absl::StatusOr<bool> Evaluate(absl::string_view source) {
    absl::StatusOr<Program> program = ParseCheckAndPlan(source);
    if (!program.ok()) return program.status();
    return EvaluateProgram(*program, activation_);
  }

  // Expects `source` to evaluate without error to `expected`.
  void ExpectValue(absl::string_view source, bool expected) {
    absl::StatusOr<bool> result = Evaluate(source);
    ASSERT_TRUE(result.ok()) << source << ": " << result.status();
    EXPECT_EQ(*result, expected) << source;
  }

  std::string EvaluateError(absl::string_view source) {
    return MessageOf(Evaluate(source));
  }

  google::protobuf::Map<std::string, std::string> user_attributes_;
  google::protobuf::Map<std::string, std::string> role_attributes_;
  ProtoAttributeMap user_attributes_view_{user_attributes_};
  ProtoAttributeMap role_attributes_view_{role_attributes_};
  // Indexed like TestDeclarations(): incident_response, freeze, audit_mode.
  const bool switches_[3] = {true, false, true};
  Activation activation_;
};

TEST_F(EvaluatorTest, Literals) {
  ExpectValue("true", true);
  ExpectValue("false", false);
}

TEST_F(EvaluatorTest, Variables) {
  ExpectValue("user.id == 'alice'", true);
  ExpectValue("role.id == 'admins'", true);
  ExpectValue("switches.incident_response", true);
  ExpectValue("switches.freeze", false);
  ExpectValue("switches.audit_mode", true);
  ExpectValue("now == timestamp('2026-12-04T12:00:00Z')", true);
  ExpectValue("user.attributes.department == 'engineering'", true);
  ExpectValue("role.attributes['tier'] == 'gold'", true);
}

TEST_F(EvaluatorTest, LogicalOperators) {
  ExpectValue("!false", true);
  ExpectValue("!true", false);
  ExpectValue("true && true", true);
  ExpectValue("true && false", false);
  ExpectValue("false || true", true);
  ExpectValue("false || false", false);
}

TEST_F(EvaluatorTest, AndIsCommutativeOverErrors) {
  const std::string error = "user.attributes.missing == 'x'";
  ExpectValue("false && " + error, false);
  ExpectValue(error + " && false", false);
  EXPECT_EQ(EvaluateError("true && " + error), "1:25: no attribute \"missing\" on user \"alice\"");
  EXPECT_EQ(EvaluateError(error + " && true"), "1:17: no attribute \"missing\" on user \"alice\"");
  // With two errors, the left one is reported.
  EXPECT_EQ(EvaluateError(error + " && role.attributes.nope == 'y'"),
            "1:17: no attribute \"missing\" on user \"alice\"");
}

TEST_F(EvaluatorTest, OrIsCommutativeOverErrors) {
  const std::string error = "user.attributes.missing == 'x'";
  ExpectValue("true || " + error, true);
  ExpectValue(error + " || true", true);
  EXPECT_EQ(EvaluateError("false || " + error),
            "1:26: no attribute \"missing\" on user \"alice\"");
  EXPECT_EQ(EvaluateError(error + " || false"),
            "1:17: no attribute \"missing\" on user \"alice\"");
}

TEST_F(EvaluatorTest, NotPropagatesErrors) {
  EXPECT_EQ(EvaluateError("!(user.attributes.missing == 'x')"),
            "1:19: no attribute \"missing\" on user \"alice\"");
}

TEST_F(EvaluatorTest, Comparisons) {
  ExpectValue("1 == 1", true);
  ExpectValue("1 != 1", false);
  ExpectValue("1 < 2", true);
  ExpectValue("2 <= 2", true);
  ExpectValue("3 > 2", true);
  ExpectValue("2 >= 3", false);
  ExpectValue("'abc' < 'abd'", true);
  ExpectValue("'b' > 'abc'", true);
  ExpectValue("'a' != 'b'", true);
  ExpectValue("true == true", true);
  ExpectValue("true != false", true);
  ExpectValue("now > timestamp('2026-01-01T00:00:00Z')", true);
  ExpectValue("now <= timestamp('2026-12-04T11:00:00-01:00')", true);
  ExpectValue("duration('1h') < duration('61m')", true);
  ExpectValue("duration('90m') == duration('1h30m')", true);
  ExpectValue("duration('1h') >= duration('3600s')", true);
}

TEST_F(EvaluatorTest, InOperator) {
  ExpectValue("user.id in ['bob', 'alice']", true);
  ExpectValue("user.id in ['bob']", false);
  ExpectValue("user.id in []", false);
  ExpectValue("3 in [1, 2, 3]", true);
  ExpectValue("'department' in user.attributes", true);
  ExpectValue("'salary' in user.attributes", false);
  ExpectValue("'gold' in (switches.freeze ? ['x'] : [role.attributes.tier])", true);
  EXPECT_EQ(EvaluateError("'a' in ['a', user.attributes.missing]"),
            "1:30: no attribute \"missing\" on user \"alice\"");
}

TEST_F(EvaluatorTest, ConditionalOperator) {
  ExpectValue("switches.incident_response ? true : user.attributes.missing == 'x'", true);
  ExpectValue("switches.freeze ? user.attributes.missing == 'x' : 1 < 2", true);
  EXPECT_EQ(EvaluateError("(user.attributes.missing == 'x') ? true : false"),
            "1:18: no attribute \"missing\" on user \"alice\"");
}

TEST_F(EvaluatorTest, StringConcatenation) {
  ExpectValue("user.id + '@' + 'example.com' == 'alice@example.com'", true);
  ExpectValue("'' + '' == ''", true);
}

TEST_F(EvaluatorTest, IntegerArithmetic) {
  ExpectValue("1 + 2 == 3", true);
  ExpectValue("5 - 7 == -2", true);
  ExpectValue("6 * 7 == 42", true);
  ExpectValue("7 / 2 == 3", true);
  ExpectValue("-7 / 2 == -3", true);
  ExpectValue("7 % 3 == 1", true);
  ExpectValue("-7 % 3 == -1", true);
  ExpectValue("-(3) == -3", true);
  ExpectValue("int(user.attributes.level) + 1 == 4", true);
}

TEST_F(EvaluatorTest, IntegerOverflowIsAnError) {
  EXPECT_EQ(EvaluateError("9223372036854775807 + 1 > 0"),
            "1:21: integer overflow in 9223372036854775807 + 1");
  EXPECT_EQ(EvaluateError("-9223372036854775808 - 1 < 0"),
            "1:22: integer overflow in -9223372036854775808 - 1");
  EXPECT_EQ(EvaluateError("4611686018427387904 * 2 > 0"),
            "1:21: integer overflow in 4611686018427387904 * 2");
  EXPECT_EQ(EvaluateError("-(-9223372036854775808) > 0"),
            "1:1: integer overflow in -(-9223372036854775808)");
  EXPECT_EQ(EvaluateError("-9223372036854775808 / -1 > 0"),
            "1:22: integer overflow in -9223372036854775808 / -1");
  EXPECT_EQ(EvaluateError("-9223372036854775808 % -1 == 0"),
            "1:22: integer overflow in -9223372036854775808 % -1");
}

TEST_F(EvaluatorTest, DivisionByZeroIsAnError) {
  EXPECT_EQ(EvaluateError("int(user.attributes.level) / 0 == 1"), "1:28: division by zero");
  EXPECT_EQ(EvaluateError("int(user.attributes.level) % 0 == 1"), "1:28: division by zero");
}

TEST_F(EvaluatorTest, TimeArithmetic) {
  ExpectValue("now + duration('12h') == timestamp('2026-12-05T00:00:00Z')", true);
  ExpectValue("duration('12h') + now == timestamp('2026-12-05T00:00:00Z')", true);
  ExpectValue("now - duration('12h') == timestamp('2026-12-04T00:00:00Z')", true);
  ExpectValue("now - timestamp('2026-12-04T00:00:00Z') == duration('12h')", true);
  ExpectValue("duration('1h') + duration('30m') == duration('90m')", true);
  ExpectValue("duration('1h') - duration('30m') == duration('30m')", true);
  ExpectValue("-duration('1h') < duration('0s')", true);
  ExpectValue("now - timestamp(user.attributes.start) > duration('8000h')", true);
}

TEST_F(EvaluatorTest, TimeArithmeticOutOfRange) {
  EXPECT_EQ(EvaluateError("timestamp('9999-12-31T00:00:00Z') + duration('48h') > now"),
            "1:35: timestamp is out of range");
  EXPECT_EQ(EvaluateError("duration('87600000h') + duration('87600000h') > duration('0s')"),
            "1:23: duration is out of range");
}

TEST_F(EvaluatorTest, MissingAttributes) {
  EXPECT_EQ(EvaluateError("user.attributes.department2 == 'x'"),
            "1:17: no attribute \"department2\" on user \"alice\"");
  EXPECT_EQ(EvaluateError("role.attributes['owner'] == 'x'"),
            "1:16: no attribute \"owner\" on role \"admins\"");
  EXPECT_EQ(EvaluateError("user.attributes[role.id] == 'x'"),
            "1:16: no attribute \"admins\" on user \"alice\"");
}

TEST_F(EvaluatorTest, NullAttributeMapReadsAsEmpty) {
  activation_.user.attributes = nullptr;
  ExpectValue("has(user.attributes.department)", false);
  ExpectValue("'department' in user.attributes", false);
  ExpectValue("size(user.attributes) == 0", true);
  EXPECT_EQ(EvaluateError("user.attributes.department == 'x'"),
            "1:17: no attribute \"department\" on user \"alice\"");
}

TEST_F(EvaluatorTest, Has) {
  ExpectValue("has(user.attributes.department)", true);
  ExpectValue("has(user.attributes.salary)", false);
  ExpectValue("has(role.attributes.tier)", true);
  ExpectValue("!has(user.attributes.salary) || user.attributes.salary == '1'", true);
}

TEST_F(EvaluatorTest, Size) {
  ExpectValue("size(user.id) == 5", true);
  ExpectValue("user.id.size() == 5", true);
  ExpectValue("size('日本') == 2", true);
  ExpectValue("size(['a', 'b', 'c']) == 3", true);
  ExpectValue("['a'].size() == 1", true);
  ExpectValue("size([]) == 0", true);
  ExpectValue("size(user.attributes) == 6", true);
  ExpectValue("role.attributes.size() == 2", true);
}

TEST_F(EvaluatorTest, StringFunctions) {
  ExpectValue("user.id.startsWith('al')", true);
  ExpectValue("user.id.startsWith('ice')", false);
  ExpectValue("user.id.endsWith('ice')", true);
  ExpectValue("user.id.endsWith('al')", false);
  ExpectValue("user.attributes.email.contains('@example.')", true);
  ExpectValue("user.id.contains('bob')", false);
  ExpectValue("user.id.startsWith('')", true);
}

TEST_F(EvaluatorTest, Matches) {
  ExpectValue("user.attributes.email.matches('^[a-z]+@example\\\\.com$')", true);
  ExpectValue("user.id.matches('lic')", true);  // A partial match, as in CEL.
  ExpectValue("user.id.matches('^lic')", false);
  ExpectValue("matches(user.id, r'^a\\w+$')", true);
  ExpectValue("user.id.matches(role.attributes.pattern)", true);
}

TEST_F(EvaluatorTest, InvalidDynamicRegexIsAnError) {
  EXPECT_EQ(EvaluateError("user.id.matches(user.attributes.pattern)"),
            "1:9: invalid regular expression \"(\": missing ): (");
}

TEST_F(EvaluatorTest, Conversions) {
  ExpectValue("int('42') == 42", true);
  ExpectValue("int('-7') == -7", true);
  ExpectValue("int(42) == 42", true);
  ExpectValue("int(timestamp('1970-01-01T00:01:00Z')) == 60", true);
  ExpectValue("string(42) == '42'", true);
  ExpectValue("string(-42) == '-42'", true);
  ExpectValue("string(true) == 'true'", true);
  ExpectValue("string('x') == 'x'", true);
  ExpectValue("string(now) == '2026-12-04T12:00:00Z'", true);
  ExpectValue("string(duration('90m')) == '1h30m'", true);
  ExpectValue("timestamp(user.attributes.start) < now", true);
  ExpectValue("timestamp(now) == now", true);
  ExpectValue("duration(duration('1h')) == duration('1h')", true);
  ExpectValue("duration(role.attributes.tier + '') == duration('1h') || true", true);
}

TEST_F(EvaluatorTest, ConversionErrors) {
  EXPECT_EQ(EvaluateError("int(user.id) == 1"), "1:1: cannot convert \"alice\" to int");
  EXPECT_EQ(EvaluateError("int('99999999999999999999') == 1"),
            "1:1: cannot convert \"99999999999999999999\" to int");
  EXPECT_EQ(EvaluateError("timestamp(user.attributes.bad_time) < now"),
            "1:1: invalid timestamp \"soon\"; write RFC 3339, such as "
            "\"2026-12-04T09:30:00Z\"");
  EXPECT_EQ(EvaluateError("duration(user.id) < duration('1h')"),
            "1:1: invalid duration \"alice\"; write a number and a unit (h, m, s, ms, "
            "us, ns), such as \"1h30m\" or \"90s\"");
}

TEST_F(EvaluatorTest, ListIndexing) {
  ExpectValue("['a', 'b'][1] == 'b'", true);
  EXPECT_EQ(EvaluateError("['a', 'b'][2] == 'b'"),
            "1:11: list index 2 is out of range for a list of size 2");
  EXPECT_EQ(EvaluateError("['a', 'b'][-1] == 'b'"),
            "1:11: list index -1 is out of range for a list of size 2");
}

TEST_F(EvaluatorTest, MissingSwitchValueFailsClosed) {
  activation_.switches = absl::Span<const bool>();
  EXPECT_EQ(EvaluateError("switches.freeze"),
            "1:10: switch 'freeze' has no value in the activation");
}

TEST_F(EvaluatorTest, LongFlatConditionEvaluates) {
  std::string source = "user.id == 'alice'";
  for (int i = 0; i < 2000; ++i) absl::StrAppend(&source, " && user.id != 'bob", i, "'");
  ExpectValue(source, true);
}

}  // namespace
}  // namespace rolegraph::condition
