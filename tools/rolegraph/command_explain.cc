// rolegraph explain: every assignment path from a user to a privilege.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "commands.h"

namespace rolegraph::cli {
namespace {

std::string StepKind(const v1::PathStep& step) {
  std::string kind;
  switch (step.kind()) {
    case v1::PathStep::KIND_ASSIGNMENT:
      kind = "assignment";
      break;
    case v1::PathStep::KIND_ROLE_ASSIGNMENT:
      kind = "role assignment";
      break;
    case v1::PathStep::KIND_INDUCEMENT:
      kind = "inducement";
      break;
    default:
      kind = "step";
      break;
  }
  if (step.kind() != v1::PathStep::KIND_INDUCEMENT &&
      step.relation() != v1::RELATION_MEMBER) {
    absl::StrAppend(&kind, " (", absl::AsciiStrToLower(
                                     v1::Relation_Name(step.relation()).substr(9)),
                    ")");
  }
  return kind;
}

std::string StepCondition(const v1::PathStep& step) {
  if (!step.has_condition() || step.condition().expression().empty()) return "";
  const v1::ConditionValue& condition = step.condition();
  if (!condition.error().empty()) {
    return absl::StrCat(condition.expression(), " = error: ", condition.error());
  }
  return absl::StrCat(condition.expression(), " = ",
                      condition.value() ? "true" : "false");
}

void PrintPath(const v1::ExplanationPath& path, int number) {
  std::cout << "path " << number << ": "
            << (path.grants() ? "grants" : "does not grant") << "\n";
  std::vector<std::vector<std::string>> rows;
  int step_number = 0;
  for (const v1::PathStep& step : path.steps()) {
    std::string applies = step.applies() ? "yes" : "no";
    if (!step.applies() && !step.reason().empty()) {
      absl::StrAppend(&applies, " (", step.reason(), ")");
    }
    rows.push_back({absl::StrCat(++step_number), StepKind(step),
                    absl::StrCat(step.source(), " -> ", step.target()),
                    absl::StrCat(step.order()),
                    absl::StrCat(step.evaluation_order()), applies,
                    StepCondition(step)});
  }
  PrintTableLimited(std::cout,
                    {"STEP", "KIND", "SOURCE -> TARGET", "ORDER", "EVAL ORDER",
                     "APPLIES", "CONDITION"},
                    rows, 0);
}

void PrintExplanationText(const v1::Explanation& explanation, int limit) {
  int granting = 0;
  for (const v1::ExplanationPath& path : explanation.paths()) {
    if (path.grants()) ++granting;
  }
  std::cout << explanation.user() << " -> " << explanation.privilege() << ": "
            << (explanation.allowed() ? "allow" : "deny") << "\n"
            << "user " << (explanation.user_active() ? "active" : "inactive")
            << ", " << CountOf(explanation.paths_size(), "path", "paths")
            << ", " << granting << " granting\n";

  const int shown = limit == 0 ? explanation.paths_size()
                               : std::min(limit, explanation.paths_size());
  for (int i = 0; i < shown; ++i) {
    std::cout << "\n";
    PrintPath(explanation.paths(i), i + 1);
  }
  if (shown < explanation.paths_size()) {
    std::cout << "\n... and " << explanation.paths_size() - shown
              << " more paths (raise --limit to see them)\n";
  }
  if (explanation.truncated()) {
    std::cout << "\nThe path list was cut at the --max-paths limit; raise it "
                 "to see every path.\n";
  }
}

}  // namespace

absl::StatusOr<int> RunExplain(const ParsedArguments& arguments) {
  absl::StatusOr<std::string> user_id = RequireFlag(arguments, "user", "explain");
  if (!user_id.ok()) return user_id.status();
  absl::StatusOr<std::string> privilege_id =
      RequireFlag(arguments, "privilege", "explain");
  if (!privilege_id.ok()) return privilege_id.status();
  ExplainOptions explain_options;
  if (arguments.Has("max-paths")) {
    absl::StatusOr<int> max_paths =
        ParseCount("--max-paths", arguments.Get("max-paths"));
    if (!max_paths.ok()) return max_paths.status();
    explain_options.max_paths = *max_paths;
  }

  absl::StatusOr<Session> session = OpenSession(arguments, "explain");
  if (!session.ok()) return session.status();
  const Policy& policy = *session->policy;
  absl::StatusOr<UserIndex> user = ResolveUser(policy, session->path, *user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<PrivilegeIndex> privilege =
      ResolvePrivilege(policy, session->path, *privilege_id);
  if (!privilege.ok()) return privilege.status();

  v1::Explanation explanation =
      session->evaluator->Explain(*user, *privilege, explain_options);
  if (session->options.format == OutputFormat::kJson) {
    std::cout << ToJson(explanation);
  } else {
    PrintExplanationText(explanation, session->options.limit);
  }
  return kExitSuccess;
}

}  // namespace rolegraph::cli
