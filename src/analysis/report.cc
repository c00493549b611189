// BuildIncidentReport: the incident-readiness report, assembled from the
// sections in report_sections.h.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "analysis/report_sections.h"
#include "engine/context_state.h"
#include "rolegraph/report.h"

namespace rolegraph {
namespace {

void AddHeader(const Evaluator& evaluator, const ReportOptions& options,
               v1::IncidentReadinessReport& report) {
  const Policy& policy = evaluator.policy();
  report.set_model_name(policy.definitions().name());
  *report.mutable_context() = evaluator.ContextInfo();
  report.set_group_by(options.group_by);
  report.set_min_responders(options.min_responders);

  int64_t active = 0;
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    if (evaluator.IsUserActive(user)) ++active;
  }
  report.set_user_count(static_cast<int64_t>(policy.user_count()));
  report.set_active_user_count(active);
  report.set_role_count(static_cast<int64_t>(policy.role_count()));
  report.set_privilege_count(static_cast<int64_t>(policy.privilege_count()));
}

// The violations in `with_switch` whose rule and user do not violate now,
// tagged with the switch id.
void AddNewViolations(const std::vector<v1::SodViolation>& now,
                      std::vector<v1::SodViolation> with_switch,
                      const std::string& switch_id,
                      v1::IncidentReadinessReport& report) {
  std::set<std::pair<std::string, std::string>> existing;
  for (const v1::SodViolation& violation : now) {
    existing.emplace(violation.rule_id(), violation.user());
  }
  for (v1::SodViolation& violation : with_switch) {
    if (existing.contains({violation.rule_id(), violation.user()})) continue;
    violation.set_switch_id(switch_id);
    *report.add_sod_violations_with_switches() = std::move(violation);
  }
}

// Condition evaluation failures of every evaluator used, without repeats.
void AddDiagnostics(const std::vector<const Evaluator*>& evaluators,
                    v1::IncidentReadinessReport& report) {
  std::set<std::tuple<std::string, std::string>> seen;
  int64_t failures = 0;
  for (const Evaluator* evaluator : evaluators) {
    failures += evaluator->EvaluationErrorCount();
    for (v1::Diagnostic& diagnostic : evaluator->EvaluationErrors()) {
      if (!seen.emplace(diagnostic.path(), diagnostic.message()).second) {
        continue;
      }
      *report.add_diagnostics() = std::move(diagnostic);
    }
  }
  report.set_evaluation_failure_count(failures);
}

}  // namespace

absl::StatusOr<v1::IncidentReadinessReport> BuildIncidentReport(
    const Evaluator& evaluator, const ReportOptions& options) {
  if (options.min_responders < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_responders is ", options.min_responders,
                     "; use 0 or more"));
  }
  const Policy& policy = evaluator.policy();

  v1::IncidentReadinessReport report;
  AddHeader(evaluator, options, report);

  const std::vector<analysis::IncidentCoverage> coverages =
      analysis::CoverIncidentTypes(policy);
  const analysis::RoleGrants grants = analysis::CollectRoleGrants(evaluator);
  std::optional<analysis::UserGroups> groups;
  if (!options.group_by.empty()) {
    groups = analysis::CollectUserGroups(policy, options.group_by);
  }
  // The sections only read the evaluator, so they are built on the
  // context's threads.
  std::vector<v1::IncidentTypeReport> sections(coverages.size());
  const size_t workers = std::clamp<size_t>(
      static_cast<size_t>(evaluator.context_state().workers), 1, coverages.size() + 1);
  std::vector<std::thread> threads;
  auto build = [&](size_t worker) {
    for (size_t i = worker; i < coverages.size(); i += workers) {
      sections[i] = analysis::BuildIncidentTypeSection(
          evaluator, coverages[i], grants, groups.has_value() ? &*groups : nullptr);
    }
  };
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(build, w);
  build(0);
  for (std::thread& thread : threads) thread.join();
  for (v1::IncidentTypeReport& section : sections) {
    *report.add_incident_types() = std::move(section);
  }

  const std::vector<v1::SodViolation> violations_now =
      FindSodViolations(evaluator);
  std::vector<const Evaluator*> evaluators = {&evaluator};
  std::vector<analysis::SwitchComparison> comparisons;
  for (SwitchIndex id = 0; id < policy.switch_count(); ++id) {
    absl::StatusOr<analysis::SwitchComparison> comparison =
        analysis::CompareSwitch(evaluator, id);
    if (!comparison.ok()) return comparison.status();

    *report.add_switches() =
        analysis::BuildSwitchSection(evaluator, *comparison, coverages);
    for (size_t i = 0; i < coverages.size(); ++i) {
      *report.mutable_incident_types(static_cast<int>(i))->add_responders() =
          analysis::BuildResponders(evaluator, *comparison, coverages[i],
                                    options.min_responders);
    }
    AddNewViolations(violations_now, analysis::SodViolationsAmong(*comparison->on, comparison->affected),
                     policy.switch_id(id), report);
    comparisons.push_back(*std::move(comparison));
    evaluators.push_back(comparisons.back().on.get());
  }

  for (v1::RoleRisk& risk : analysis::RankRolesByBlastRadius(
           evaluator, grants, coverages, options.top_roles)) {
    *report.add_roles_by_blast_radius() = std::move(risk);
  }
  for (const v1::SodViolation& violation : violations_now) {
    *report.add_sod_violations() = violation;
  }
  AddDiagnostics(evaluators, report);
  return report;
}

}  // namespace rolegraph
