#include "condition/condition.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "condition/checker.h"
#include "condition/evaluator.h"
#include "condition/parser.h"
#include "condition/planner.h"

namespace rolegraph::condition {
namespace {

class ProgramCondition final : public CompiledCondition {
 public:
  ProgramCondition(std::string source, Program program)
      : source_(std::move(source)), program_(std::move(program)) {}

  // Evaluates a constant condition once, so that Evaluate only returns the
  // stored result.
  absl::StatusOr<bool> Fold() {
    folded_ = EvaluateProgram(program_, Activation());
    return *folded_;
  }

  Dependency dependency() const override { return program_.dependency; }
  bool reads_role() const override { return program_.reads_role; }
  const std::vector<int>& switches_read() const override {
    return program_.switches_read;
  }
  const std::vector<std::string>* user_attribute_keys() const override {
    return program_.user_attribute_keys ? &*program_.user_attribute_keys : nullptr;
  }
  const std::string& source() const override { return source_; }

  absl::StatusOr<bool> Evaluate(const Activation& activation) const override {
    if (folded_.has_value()) return *folded_;
    return EvaluateProgram(program_, activation);
  }

 private:
  std::string source_;
  Program program_;
  std::optional<absl::StatusOr<bool>> folded_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<const CompiledCondition>> Compile(
    absl::string_view source, const Declarations& declarations,
    const Limits& limits) {
  absl::StatusOr<ParsedExpr> parsed = Parse(source, limits);
  if (!parsed.ok()) return parsed.status();

  absl::StatusOr<CheckedExpr> checked = Check(*std::move(parsed), declarations);
  if (!checked.ok()) return checked.status();

  absl::StatusOr<Program> program = Plan(*checked);
  if (!program.ok()) return program.status();
  program->max_built_string_bytes = limits.max_built_string_bytes;

  auto condition = std::make_unique<ProgramCondition>(std::string(source),
                                                      *std::move(program));
  if (condition->dependency() == Dependency::kConstant) {
    // A constant condition that fails would fail for every user and
    // context, which is a mistake in the model: report it now.
    absl::StatusOr<bool> value = condition->Fold();
    if (!value.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(value.status().message(),
                       "; the condition reads no variable, so it would fail "
                       "on every evaluation"));
    }
  }
  return std::unique_ptr<const CompiledCondition>(std::move(condition));
}

}  // namespace rolegraph::condition
