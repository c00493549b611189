#include "condition/planner.h"

#include <string>

#include "condition_test_util.h"
#include "gtest/gtest.h"

namespace rolegraph::condition {
namespace {

using testing::MessageOf;
using testing::ParseCheckAndPlan;

const Instruction& Root(const Program& program) {
  return program.instructions[program.root];
}

const Instruction& Operand(const Program& program, const Instruction& instruction,
                           int i) {
  return program.instructions[instruction.operands[i]];
}

TEST(PlannerTest, LiteralRegexIsCompiledOnce) {
  absl::StatusOr<Program> program = ParseCheckAndPlan("user.id.matches('^a[0-9]+$')");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& root = Root(*program);
  EXPECT_EQ(root.op, Op::kCall);
  EXPECT_EQ(root.overload, Overload::kMatches);
  ASSERT_NE(root.regex, nullptr);
  EXPECT_EQ(root.regex->pattern(), "^a[0-9]+$");
}

TEST(PlannerTest, DynamicRegexIsNotCompiled) {
  absl::StatusOr<Program> program =
      ParseCheckAndPlan("user.id.matches(role.attributes.pattern)");
  ASSERT_TRUE(program.ok()) << program.status();
  EXPECT_EQ(Root(*program).regex, nullptr);
}

TEST(PlannerTest, InvalidLiteralRegexIsACompileError) {
  absl::StatusOr<Program> program = ParseCheckAndPlan("user.id.matches('a(b')");
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MessageOf(program),
            "1:17: invalid regular expression: missing ): a(b; the syntax is RE2's");
}

TEST(PlannerTest, TimestampLiteralBecomesAConstant) {
  absl::StatusOr<Program> program =
      ParseCheckAndPlan("now < timestamp('2026-12-04T09:30:00+01:00')");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& literal = Operand(*program, Root(*program), 1);
  EXPECT_EQ(literal.op, Op::kTimestampConstant);
  EXPECT_EQ(literal.time, absl::FromCivil(absl::CivilSecond(2026, 12, 4, 8, 30, 0),
                                          absl::UTCTimeZone()));
}

TEST(PlannerTest, InvalidTimestampLiteralIsACompileError) {
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now < timestamp('2026-13-01T00:00:00Z')")),
            "1:17: invalid timestamp \"2026-13-01T00:00:00Z\"; write RFC 3339, such "
            "as \"2026-12-04T09:30:00Z\"");
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now < timestamp('yesterday')")),
            "1:17: invalid timestamp \"yesterday\"; write RFC 3339, such as "
            "\"2026-12-04T09:30:00Z\"");
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now < timestamp('10000-01-01T00:00:00Z')")),
            "1:17: timestamp \"10000-01-01T00:00:00Z\" is outside years 0001 to 9999");
}

TEST(PlannerTest, DurationLiteralBecomesAConstant) {
  absl::StatusOr<Program> program = ParseCheckAndPlan("now - now < duration('1h30m')");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& literal = Operand(*program, Root(*program), 1);
  EXPECT_EQ(literal.op, Op::kDurationConstant);
  EXPECT_EQ(literal.duration, absl::Minutes(90));
}

TEST(PlannerTest, InvalidDurationLiteralIsACompileError) {
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now - now < duration('4 hours')")),
            "1:22: invalid duration \"4 hours\"; write a number and a unit (h, m, s, "
            "ms, us, ns), such as \"1h30m\" or \"90s\"");
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now - now < duration('inf')")),
            "1:22: invalid duration \"inf\"; write a number and a unit (h, m, s, ms, "
            "us, ns), such as \"1h30m\" or \"90s\"");
  EXPECT_EQ(MessageOf(ParseCheckAndPlan("now - now < duration('100000000h')")),
            "1:22: duration \"100000000h\" is longer than 10,000 years");
}

TEST(PlannerTest, MapFieldAndLiteralIndexAreKeyLookups) {
  for (const char* source :
       {"user.attributes.department == 'x'", "user.attributes['department'] == 'x'"}) {
    absl::StatusOr<Program> program = ParseCheckAndPlan(source);
    ASSERT_TRUE(program.ok()) << program.status();
    const Instruction& lookup = Operand(*program, Root(*program), 0);
    EXPECT_EQ(lookup.op, Op::kMapField) << source;
    EXPECT_EQ(lookup.text, "department") << source;
    EXPECT_EQ(Operand(*program, lookup, 0).op, Op::kUserAttributes) << source;
  }
}

TEST(PlannerTest, DynamicIndexIsPlannedAsIndex) {
  absl::StatusOr<Program> program =
      ParseCheckAndPlan("user.attributes[role.id] == 'x' && [1, 2][1] == 2");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& root = Root(*program);
  EXPECT_EQ(Operand(*program, Operand(*program, root, 0), 0).op, Op::kMapIndex);
  EXPECT_EQ(Operand(*program, Operand(*program, root, 1), 0).op, Op::kListIndex);
}

TEST(PlannerTest, HasBecomesAPresenceTest) {
  absl::StatusOr<Program> program = ParseCheckAndPlan("has(role.attributes.tier)");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& root = Root(*program);
  EXPECT_EQ(root.op, Op::kHas);
  EXPECT_EQ(root.text, "tier");
  EXPECT_EQ(Operand(*program, root, 0).op, Op::kRoleAttributes);
}

TEST(PlannerTest, InOnListAndMap) {
  absl::StatusOr<Program> in_list = ParseCheckAndPlan("user.id in ['a', 'b']");
  ASSERT_TRUE(in_list.ok()) << in_list.status();
  EXPECT_EQ(Root(*in_list).op, Op::kInList);
  EXPECT_EQ(Root(*in_list).operand_kind, TypeKind::kString);

  absl::StatusOr<Program> in_map = ParseCheckAndPlan("'k' in user.attributes");
  ASSERT_TRUE(in_map.ok()) << in_map.status();
  EXPECT_EQ(Root(*in_map).op, Op::kInMap);
}

TEST(PlannerTest, ArithmeticOverloadsByOperandTypes) {
  struct Case {
    const char* source;
    Op op;
  };
  const Case cases[] = {
      {"1 + 2", Op::kAddInt},
      {"'a' + 'b'", Op::kAddString},
      {"now + duration('1h')", Op::kAddTimestampDuration},
      {"duration('1h') + now", Op::kAddDurationTimestamp},
      {"duration('1h') + duration('1h')", Op::kAddDurations},
      {"1 - 2", Op::kSubtractInt},
      {"now - now", Op::kSubtractTimestamps},
      {"now - duration('1h')", Op::kSubtractTimestampDuration},
      {"duration('1h') - duration('1h')", Op::kSubtractDurations},
      {"2 * 3", Op::kMultiplyInt},
      {"6 / 3", Op::kDivideInt},
      {"7 % 3", Op::kRemainderInt},
      {"-(1)", Op::kNegateInt},
      {"-duration('1h')", Op::kNegateDuration},
  };
  for (const Case& c : cases) {
    const std::string source = absl::StrCat("(", c.source, ") == (", c.source, ")");
    absl::StatusOr<Program> program = ParseCheckAndPlan(source);
    ASSERT_TRUE(program.ok()) << source << ": " << program.status();
    EXPECT_EQ(Operand(*program, Root(*program), 0).op, c.op) << c.source;
  }
}

TEST(PlannerTest, VariablesAndComparisons) {
  absl::StatusOr<Program> program =
      ParseCheckAndPlan("switches.freeze ? role.id <= user.id : now != now");
  ASSERT_TRUE(program.ok()) << program.status();
  const Instruction& root = Root(*program);
  EXPECT_EQ(root.op, Op::kConditional);
  const Instruction& condition = Operand(*program, root, 0);
  EXPECT_EQ(condition.op, Op::kSwitch);
  EXPECT_EQ(condition.switch_index, 1);
  const Instruction& compare = Operand(*program, root, 1);
  EXPECT_EQ(compare.op, Op::kCompare);
  EXPECT_EQ(compare.binary_operator, BinaryOperator::kLessEqual);
  EXPECT_EQ(compare.operand_kind, TypeKind::kString);
  EXPECT_EQ(Operand(*program, compare, 0).op, Op::kRoleId);
  EXPECT_EQ(Operand(*program, compare, 1).op, Op::kUserId);
  EXPECT_EQ(Operand(*program, Operand(*program, root, 2), 0).op, Op::kNow);
}

TEST(PlannerTest, ProgramKeepsClassification) {
  absl::StatusOr<Program> program =
      ParseCheckAndPlan("switches.audit_mode && user.id == 'a'");
  ASSERT_TRUE(program.ok()) << program.status();
  EXPECT_EQ(program->dependency, Dependency::kUser);
  ASSERT_EQ(program->switches_read.size(), 1u);
  EXPECT_EQ(program->switches_read[0], 2);
  EXPECT_EQ(program->switch_ids.size(), 3u);
}

TEST(PlannerTest, ParseHelpers) {
  absl::Time time;
  EXPECT_TRUE(ParseTimestamp("2026-12-04T09:30:00.123456789Z", &time).ok());
  EXPECT_EQ(absl::ToUnixNanos(time) % 1000000000, 123456789);
  EXPECT_FALSE(ParseTimestamp("2026-12-04", &time).ok());

  absl::Duration duration;
  EXPECT_TRUE(ParseDurationText("90s", &duration).ok());
  EXPECT_EQ(duration, absl::Seconds(90));
  EXPECT_TRUE(ParseDurationText("-250ms", &duration).ok());
  EXPECT_EQ(duration, absl::Milliseconds(-250));
  EXPECT_FALSE(ParseDurationText("4", &duration).ok());
  EXPECT_FALSE(ParseDurationText("4d", &duration).ok());
}

}  // namespace
}  // namespace rolegraph::condition
