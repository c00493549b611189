// Compiles every condition of the model (on user and role assignments and
// on inducements) against the model's switches, and reports those that do
// not parse or type-check.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "condition/condition.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

// The parts of a compile error "LINE:COLUMN: what is wrong; did you mean
// ...?" from condition::Compile.
struct CompileError {
  std::string location;
  std::string problem;
  std::string suggestion;
};

CompileError SplitCompileError(absl::string_view message) {
  CompileError error;
  // The location is two numbers separated by a colon, then ": ".
  const size_t first_colon = message.find(':');
  const size_t second_colon = first_colon == absl::string_view::npos
                                  ? first_colon
                                  : message.find(':', first_colon + 1);
  if (second_colon != absl::string_view::npos) {
    const absl::string_view location = message.substr(0, second_colon);
    const bool numeric =
        std::all_of(location.begin(), location.end(), [](char c) {
          return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == ':';
        });
    if (numeric && !location.empty()) {
      error.location = std::string(location);
      message =
          absl::StripLeadingAsciiWhitespace(message.substr(second_colon + 1));
    }
  }

  constexpr absl::string_view kDidYouMean = "did you mean";
  const size_t suggestion = message.find(kDidYouMean);
  if (suggestion != absl::string_view::npos) {
    error.suggestion = std::string(message.substr(suggestion));
    message = absl::StripTrailingAsciiWhitespace(message.substr(0, suggestion));
    if (!message.empty() && (message.back() == ';' || message.back() == ',')) {
      message.remove_suffix(1);
    }
  }
  error.problem = absl::StrReplaceAll(
      message, {{"Limits::max_source_bytes", "ValidationOptions::max_condition_bytes"},
                {"Limits::max_nesting_depth",
                 "ValidationOptions::max_condition_nesting_depth"}});
  return error;
}

// Messages quote at most this many bytes of an expression.
constexpr size_t kMaxQuotedExpressionBytes = 200;

std::string QuoteExcerpt(const std::string& expression) {
  if (expression.size() <= kMaxQuotedExpressionBytes) return Quote(expression);
  size_t end = kMaxQuotedExpressionBytes;
  while (end > 0 && (static_cast<unsigned char>(expression[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(Quote(absl::string_view(expression).substr(0, end)), "... (",
                      expression.size(), " bytes)");
}

class ConditionChecker {
 public:
  ConditionChecker(const ModelIndex& index, const ValidationOptions& options,
                   DiagnosticList& diagnostics)
      : diagnostics_(diagnostics) {
    limits_.max_source_bytes = options.max_condition_bytes;
    limits_.max_nesting_depth = options.max_condition_nesting_depth;
    for (const std::string& id : index.switches.ids) {
      if (!id.empty()) declarations_.switch_ids.push_back(id);
    }
  }

  void Check(const v1::Condition& condition, const std::string& path) {
    if (absl::StripAsciiWhitespace(condition.expression()).empty()) {
      diagnostics_.AddError(path, "empty-condition",
                            "condition has no expression",
                            "write an expression, or remove the condition to "
                            "make the item unconditional");
      return;
    }

    const absl::Status status = Compile(condition.expression());
    if (status.ok()) return;

    const CompileError error = SplitCompileError(status.message());
    std::string message = absl::StrCat(
        "condition ", QuoteExcerpt(condition.expression()), " does not compile");
    if (!error.location.empty())
      absl::StrAppend(&message, " at ", error.location);
    absl::StrAppend(&message, ": ", error.problem);
    std::string hint =
        error.suggestion.empty()
            ? "correct the expression. Conditions may read user, "
              "role, switches.<id> and now"
            : error.suggestion;
    diagnostics_.AddError(path, "invalid-condition", std::move(message),
                          std::move(hint));
  }

  void CheckAssignments(
      const google::protobuf::RepeatedPtrField<v1::Assignment>& assignments,
      const std::string& holder_path) {
    for (int i = 0; i < assignments.size(); ++i) {
      if (!assignments[i].has_condition()) continue;
      Check(assignments[i].condition(),
            absl::StrCat(holder_path, ".assignments[", i, "].condition"));
    }
  }

 private:
  // Compiles each distinct expression once; large models repeat a few
  // conditions many times.
  absl::Status Compile(const std::string& expression) {
    const auto cached = results_.find(expression);
    if (cached != results_.end()) return cached->second;
    absl::Status status =
        condition::Compile(expression, declarations_, limits_).status();
    results_.emplace(expression, status);
    return status;
  }

  DiagnosticList& diagnostics_;
  condition::Declarations declarations_;
  condition::Limits limits_;
  absl::flat_hash_map<std::string, absl::Status> results_;
};

}  // namespace

void CheckConditions(const v1::Model& model, const ModelIndex& index,
                     const ValidationOptions& options,
                     DiagnosticList& diagnostics) {
  ConditionChecker checker(index, options, diagnostics);
  for (int i = 0; i < model.roles_size(); ++i) {
    const v1::Role& role = model.roles(i);
    const std::string path = absl::StrCat("roles[", i, "]");
    checker.CheckAssignments(role.assignments(), path);
    for (int k = 0; k < role.inducements_size(); ++k) {
      if (!role.inducements(k).has_condition()) continue;
      checker.Check(role.inducements(k).condition(),
                    absl::StrCat(path, ".inducements[", k, "].condition"));
    }
  }
  for (int i = 0; i < model.users_size(); ++i) {
    checker.CheckAssignments(model.users(i).assignments(),
                             absl::StrCat("users[", i, "]"));
  }
}

}  // namespace rolegraph::model_internal
