#include "condition/condition.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "condition_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Counts heap allocations, so that a test can check that evaluating a
// simple condition allocates nothing. GCC cannot see that the replaced
// operator delete pairs with the replaced operator new, hence the pragma.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::atomic<long> allocation_count{0};
}  // namespace

void* operator new(size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace rolegraph::condition {
namespace {

using testing::MessageOf;
using testing::TestDeclarations;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

std::string CompileError(absl::string_view source, const Limits& limits = Limits()) {
  return MessageOf(Compile(source, TestDeclarations(), limits));
}

class ConditionTest : public ::testing::Test {
 protected:
  ConditionTest() {
    attributes_["department"] = "security";
    activation_.now = absl::FromCivil(absl::CivilSecond(2026, 12, 4, 12, 0, 0),
                                      absl::UTCTimeZone());
    activation_.switches = absl::MakeConstSpan(switches_);
    activation_.user = Subject{"alice", &attributes_view_};
    activation_.role = Subject{"responders", nullptr};
  }

  google::protobuf::Map<std::string, std::string> attributes_;
  ProtoAttributeMap attributes_view_{attributes_};
  bool switches_[3] = {true, false, false};
  Activation activation_;
};

TEST_F(ConditionTest, EmergencyAccessCondition) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition = Compile(
      "switches.incident_response && user.attributes.department == 'security'",
      TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  EXPECT_EQ((*condition)->dependency(), Dependency::kUser);
  EXPECT_THAT((*condition)->switches_read(), ElementsAre(0));

  absl::StatusOr<bool> on = (*condition)->Evaluate(activation_);
  ASSERT_TRUE(on.ok()) << on.status();
  EXPECT_TRUE(*on);

  switches_[0] = false;
  absl::StatusOr<bool> off = (*condition)->Evaluate(activation_);
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_FALSE(*off);
}

TEST_F(ConditionTest, KeepsSource) {
  const std::string source = "now < timestamp('2027-01-01T00:00:00Z')";
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile(source, TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  EXPECT_EQ((*condition)->source(), source);
}

TEST_F(ConditionTest, Classification) {
  struct Case {
    const char* source;
    Dependency dependency;
    std::vector<int> switches;
  };
  const Case cases[] = {
      {"true", Dependency::kConstant, {}},
      {"size('abc') == 3", Dependency::kConstant, {}},
      {"switches.freeze", Dependency::kContext, {1}},
      {"switches.audit_mode || switches.freeze || switches.audit_mode",
       Dependency::kContext, {1, 2}},
      {"now > timestamp('2026-01-01T00:00:00Z')", Dependency::kContext, {}},
      {"role.attributes.tier == 'gold'", Dependency::kContext, {}},
      {"user.id == 'alice'", Dependency::kUser, {}},
      {"switches.incident_response && has(user.attributes.department)",
       Dependency::kUser, {0}},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
        Compile(c.source, TestDeclarations());
    ASSERT_TRUE(condition.ok()) << c.source << ": " << condition.status();
    EXPECT_EQ((*condition)->dependency(), c.dependency) << c.source;
    EXPECT_EQ((*condition)->switches_read(), c.switches) << c.source;
  }
}

TEST_F(ConditionTest, UserAttributeKeysRead) {
  struct Case {
    const char* source;
    std::vector<std::string> keys;
  };
  const Case keyed[] = {
      {"user.attributes.department == 'sales'", {"department"}},
      {"user.attributes['level'] > '2' && has(user.attributes.department)",
       {"department", "level"}},
      {"'x' in user.attributes || user.attributes.x == role.attributes.x", {"x"}},
      {"switches.freeze ? user.attributes.a == 'b' : user.attributes.a == 'c'", {"a"}},
  };
  for (const Case& c : keyed) {
    absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
        Compile(c.source, TestDeclarations());
    ASSERT_TRUE(condition.ok()) << c.source << ": " << condition.status();
    ASSERT_NE((*condition)->user_attribute_keys(), nullptr) << c.source;
    EXPECT_EQ(*(*condition)->user_attribute_keys(), c.keys) << c.source;
  }

  // Conditions whose value can differ between users with equal values at
  // every key they name.
  for (const char* source :
       {"user.id == 'alice'", "size(user.attributes) > 1",
        "user.attributes[user.attributes.key] == 'v'",
        "role.id in user.attributes", "user.attributes.a == 'b' && user.id != 'c'",
        "switches.freeze", "true"}) {
    absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
        Compile(source, TestDeclarations());
    ASSERT_TRUE(condition.ok()) << source << ": " << condition.status();
    EXPECT_EQ((*condition)->user_attribute_keys(), nullptr) << source;
  }
}

TEST_F(ConditionTest, ConstantConditionIsFolded) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile("1 + 1 == 2 && 'a' in ['a']", TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  EXPECT_EQ((*condition)->dependency(), Dependency::kConstant);

  // The folded result needs no variable values at all.
  absl::StatusOr<bool> value = (*condition)->Evaluate(Activation());
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_TRUE(*value);
}

TEST_F(ConditionTest, ConstantConditionThatFailsIsACompileError) {
  EXPECT_EQ(CompileError("1 / 0 == 0"),
            "1:3: division by zero; the condition reads no variable, so it would "
            "fail on every evaluation");
  EXPECT_EQ(CompileError("int('x') == 0"),
            "1:1: cannot convert \"x\" to int; the condition reads no variable, so "
            "it would fail on every evaluation");
  // A false operand decides `&&` even when the other one fails.
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile("false && 1 / 0 == 0", TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  absl::StatusOr<bool> value = (*condition)->Evaluate(activation_);
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_FALSE(*value);
}

TEST_F(ConditionTest, EvaluationErrorsFailClosed) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile("user.attributes.clearance == 'top'", TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  absl::StatusOr<bool> value = (*condition)->Evaluate(activation_);
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().message(), "1:17: no attribute \"clearance\" on user \"alice\"");

  absl::StatusOr<std::unique_ptr<const CompiledCondition>> negated =
      Compile("!(user.attributes.clearance == 'top')", TestDeclarations());
  ASSERT_TRUE(negated.ok()) << negated.status();
  // Negation does not turn a failure into a grant.
  EXPECT_FALSE((*negated)->Evaluate(activation_).ok());
}

TEST_F(ConditionTest, RoleWithoutAttributes) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile("role.id == 'responders' && !has(role.attributes.tier)", TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();
  absl::StatusOr<bool> value = (*condition)->Evaluate(activation_);
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_TRUE(*value);
}

TEST_F(ConditionTest, CompileErrorsHaveLocations) {
  const char* sources[] = {
      "", "user.id ==", "usr.id == 'a'", "user.id == 1", "switches.nope",
      "sise(user.id) == 1", "user.id.matches('[')", "timestamp('x') < now",
      "'\xFF'", "user.id", "1.5 > 1",
  };
  for (const char* source : sources) {
    absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
        Compile(source, TestDeclarations());
    ASSERT_FALSE(condition.ok()) << source;
    EXPECT_EQ(condition.status().code(), absl::StatusCode::kInvalidArgument) << source;
    EXPECT_THAT(std::string(condition.status().message()), MatchesRegex("[0-9]+:[0-9]+: .+"))
        << source;
  }
}

TEST_F(ConditionTest, CompileErrorOnSecondLine) {
  EXPECT_EQ(CompileError("user.id == 'a' &&\n  usr.id == 'b'"),
            "2:3: undeclared reference to 'usr'; did you mean 'user'?");
}

TEST_F(ConditionTest, DidYouMean) {
  EXPECT_EQ(CompileError("user.atributes.department == 'x'"),
            "1:6: user has no field 'atributes'; its fields are id and attributes; "
            "did you mean 'attributes'?");
  EXPECT_EQ(CompileError("switches.incident_respons"),
            "1:10: unknown switch 'incident_respons'; did you mean 'incident_response'?");
  EXPECT_EQ(CompileError("user.id.endswith('x')"),
            "1:9: undeclared function 'endswith'; did you mean 'endsWith'?");
}

TEST_F(ConditionTest, TypeErrorNamesTypes) {
  EXPECT_EQ(CompileError("size(user.id) == 'x'"), "1:15: cannot compare int with string");
}

TEST_F(ConditionTest, TenThousandNestedParentheses) {
  const std::string source =
      std::string(10000, '(') + "user.id == 'a'" + std::string(10000, ')');
  EXPECT_EQ(CompileError(source),
            "1:65: expression nests deeper than 64 levels; simplify it or raise "
            "Limits::max_nesting_depth");
}

TEST_F(ConditionTest, RaisedNestingLimit) {
  Limits limits;
  limits.max_nesting_depth = 200;
  const std::string source = std::string(150, '(') + "true" + std::string(150, ')');
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
      Compile(source, TestDeclarations(), limits);
  ASSERT_TRUE(condition.ok()) << condition.status();
  EXPECT_TRUE(*(*condition)->Evaluate(activation_));
}

TEST_F(ConditionTest, SourceSizeLimit) {
  Limits limits;
  limits.max_source_bytes = 16;
  EXPECT_EQ(CompileError("user.id == 'alice-and-bob'", limits),
            "1:1: condition is 26 bytes long, more than the limit of 16; shorten it "
            "or raise Limits::max_source_bytes");
}

TEST_F(ConditionTest, InvalidUtf8) {
  EXPECT_EQ(CompileError("user.id == 'caf\xE9'"),
            "1:16: invalid UTF-8 byte 0xe9; a condition must be UTF-8 text");
}

TEST_F(ConditionTest, SimpleComparisonsDoNotAllocate) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition = Compile(
      "user.attributes.department == 'security' && switches.incident_response && "
      "user.id in ['alice', 'bob'] && now > timestamp('2026-01-01T00:00:00Z') && "
      "user.id.startsWith('al') && user.id.matches('^a')",
      TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();

  const long before = allocation_count.load();
  absl::StatusOr<bool> value = (*condition)->Evaluate(activation_);
  const long allocations = allocation_count.load() - before;
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_TRUE(*value);
  EXPECT_EQ(allocations, 0);
}

TEST_F(ConditionTest, ConcurrentEvaluation) {
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition = Compile(
      "user.id + '-' + user.attributes.department == 'alice-security'",
      TestDeclarations());
  ASSERT_TRUE(condition.ok()) << condition.status();

  std::atomic<int> true_count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        absl::StatusOr<bool> value = (*condition)->Evaluate(activation_);
        if (value.ok() && *value) true_count.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(true_count.load(), 4000);
}

TEST_F(ConditionTest, DocumentedExamplesCompile) {
  Declarations declarations;
  declarations.switch_ids = {"incident_response", "change_freeze"};
  const char* sources[] = {
      "switches.incident_response && user.attributes.department == \"security\"",
      "has(user.attributes.contract_end) &&\n"
      "    now < timestamp(user.attributes.contract_end)",
      "!switches.change_freeze",
      "user.attributes.region == role.attributes.region &&\n"
      "    user.attributes.employment in [\"employee\", \"intern\"]",
      "user.id.matches(r\"^svc-[a-z]+-\\d{2}$\")",
      "duration(\"-1.5h\") < duration(\"90s\") && -7 / 2 == -3 && -7 % 2 == -1",
      "!has(user.attributes.clearance) || user.attributes.clearance != \"top\"",
  };
  for (const char* source : sources) {
    absl::StatusOr<std::unique_ptr<const CompiledCondition>> condition =
        Compile(source, declarations);
    EXPECT_TRUE(condition.ok()) << source << ": " << condition.status();
  }
}

}  // namespace
}  // namespace rolegraph::condition
