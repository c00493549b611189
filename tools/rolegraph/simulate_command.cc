// rolegraph simulate: the per-user effect of a delta file, or of switch
// changes given with --switch, computed before anything changes.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "simulation_commands.h"
#include "rolegraph/simulate.h"

namespace rolegraph::cli {
namespace {

template <typename Repeated>
std::vector<std::string> ToVector(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

void PrintCounts(const std::string& title, const std::string& key_name,
                 const google::protobuf::RepeatedPtrField<v1::ChangeCount>& counts,
                 int limit, std::ostream& out) {
  if (counts.empty()) return;
  out << "\n" << title << ":\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::ChangeCount& count : counts) {
    rows.push_back({count.key(), absl::StrCat(count.gained()),
                    absl::StrCat(count.lost())});
  }
  PrintTableLimited(out, {key_name, "GAINED", "LOST"}, rows, limit);
}

void PrintUsers(const v1::SimulationResult& result, int limit, std::ostream& out) {
  if (result.users().empty()) return;
  out << "\nusers:\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::UserChange& change : result.users()) {
    rows.push_back({change.user(), JoinLimited(ToVector(change.privileges_gained()), 5),
                    JoinLimited(ToVector(change.privileges_lost()), 5),
                    JoinLimited(ToVector(change.roles_gained()), 3),
                    JoinLimited(ToVector(change.roles_lost()), 3)});
  }
  PrintTableLimited(out, {"USER", "PRIVILEGES GAINED", "PRIVILEGES LOST",
                          "ROLES GAINED", "ROLES LOST"},
                    rows, limit);
}

void PrintSod(const v1::SimulationResult& result, int limit, std::ostream& out) {
  out << "\nsegregation of duties: " << result.sod_introduced_size()
      << " introduced, " << result.sod_resolved_size() << " resolved\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::SodViolation& violation : result.sod_introduced()) {
    rows.push_back({"introduced", violation.rule_id(), violation.user(),
                    absl::StrJoin(violation.roles(), ", ")});
  }
  for (const v1::SodViolation& violation : result.sod_resolved()) {
    rows.push_back({"resolved", violation.rule_id(), violation.user(),
                    absl::StrJoin(violation.roles(), ", ")});
  }
  if (!rows.empty()) PrintTableLimited(out, {"", "RULE", "USER", "ROLES"}, rows, limit);
}

// The delta: the --delta file, or else one set_switch change per --switch.
absl::StatusOr<v1::ModelDelta> DeltaFromArguments(const ParsedArguments& arguments,
                                                  CommonOptions& options,
                                                  const Policy& policy,
                                                  const std::string& path) {
  if (arguments.Has("delta")) return LoadDelta(arguments.Get("delta"));
  if (options.context.switch_overrides.empty()) {
    return absl::InvalidArgumentError(
        "missing change for 'rolegraph simulate'; give --delta FILE or "
        "--switch ID=on|off");
  }

  std::vector<std::string> known;
  for (SwitchIndex id = 0; id < policy.switch_count(); ++id) {
    known.push_back(policy.switch_id(id));
  }
  v1::ModelDelta delta;
  std::vector<std::string> described;
  for (const auto& [id, on] : options.context.switch_overrides) {
    if (!policy.FindSwitch(id).has_value()) {
      std::string message = absl::StrCat("switch \"", id, "\" not found in ", path);
      if (std::optional<std::string> close = ClosestId(id, known)) {
        absl::StrAppend(&message, "; did you mean \"", *close, "\"?");
      } else {
        absl::StrAppend(&message, "; check the id against the switches in the model");
      }
      return absl::InvalidArgumentError(message);
    }
    v1::SetSwitch* set = delta.add_changes()->mutable_set_switch();
    set->set_switch_id(id);
    set->set_active(on);
    described.push_back(absl::StrCat(id, "=", on ? "on" : "off"));
  }
  delta.set_description(absl::StrCat("switch ", absl::StrJoin(described, ", ")));
  // The switches are the change, so the baseline is the model as it is.
  options.context.switch_overrides.clear();
  return delta;
}

}  // namespace

void PrintSimulationText(const v1::SimulationResult& result, int limit,
                         std::ostream& out) {
  const v1::EvaluationContextInfo& context = result.context();
  const v1::SimulationTotals& totals = result.totals();
  out << "SIMULATION: "
      << (result.description().empty() ? "(no description)" : result.description())
      << "\n"
      << "at " << FormatTimestamp(context.at()) << ", " << context.configuration()
      << " configuration, switches on after the change: "
      << (context.switches_on().empty() ? "none"
                                        : absl::StrJoin(context.switches_on(), ", "))
      << "\n"
      << CountOf(totals.users_affected(), "user", "users") << " affected: "
      << totals.privileges_gained() << " privileges gained, "
      << totals.privileges_lost() << " lost ("
      << CountOf(totals.roles_changed(), "role", "roles") << " changed, "
      << CountOf(totals.users_evaluated(), "user", "users") << " evaluated)\n";

  PrintCounts("by resource", "RESOURCE", totals.by_resource(), limit, out);
  PrintCounts("by sensitivity", "SENSITIVITY", totals.by_sensitivity(), limit, out);
  PrintUsers(result, limit, out);
  PrintSod(result, limit, out);
}

absl::StatusOr<int> RunSimulate(const ParsedArguments& arguments) {
  absl::StatusOr<CommonOptions> options = CommandOptions(arguments, "simulate");
  if (!options.ok()) return options.status();
  absl::StatusOr<std::string> path = ModelPath(arguments, "simulate");
  if (!path.ok()) return path.status();
  absl::StatusOr<std::shared_ptr<const Policy>> policy = LoadPolicy(*path);
  if (!policy.ok()) return policy.status();

  absl::StatusOr<v1::ModelDelta> delta =
      DeltaFromArguments(arguments, *options, **policy, *path);
  if (!delta.ok()) return delta.status();
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      CreateEvaluator(*policy, *path, *options);
  if (!evaluator.ok()) return evaluator.status();

  absl::StatusOr<v1::SimulationResult> result = Simulate(**evaluator, *delta);
  if (!result.ok()) {
    return absl::Status(result.status().code(),
                        absl::StrCat("simulating ",
                                     arguments.Has("delta") ? arguments.Get("delta")
                                                            : "the switch change",
                                     " on ", *path, " failed: ",
                                     result.status().message()));
  }

  if (options->format == OutputFormat::kJson) {
    std::cout << ToJson(*result);
  } else {
    PrintSimulationText(*result, options->limit, std::cout);
  }
  ReportEvaluationErrors(**evaluator, options->limit);
  return kExitSuccess;
}

}  // namespace rolegraph::cli
