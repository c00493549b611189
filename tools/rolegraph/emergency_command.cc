// rolegraph emergency activate|deactivate|status: a thin layer over
// rolegraph/emergency.h that parses the flags, prints the preview before the
// model is written, and prints the outcome.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rolegraph/emergency.h"
#include "simulation_commands.h"

namespace rolegraph::cli {
namespace {

// When this environment variable is "1", the process exits with status 1
// after the new model and the audit record are on disk and before the
// rename, as a crash there would. For fault-injection tests.
constexpr char kExitBeforeRename[] = "ROLEGRAPH_TEST_EXIT_BEFORE_RENAME";

struct EmergencyFlags {
  std::string action;
  std::string path;
  OutputFormat format = OutputFormat::kText;
  absl::Time now;
  Configuration configuration = Configuration::kProduction;
  int limit = 20;
};

absl::StatusOr<absl::Duration> ParseDurationFlag(const std::string& flag,
                                                 const std::string& value) {
  absl::Duration duration;
  if (!absl::ParseDuration(value, &duration)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid ", flag, " \"", value, "\"; use a duration such as 4h, 90m or 8h30m"));
  }
  return duration;
}

// Reads the positionals and the common flags that apply here. --switch
// names the switch to change in this command, so the common flags are
// parsed here rather than by ParseCommonOptions.
absl::StatusOr<EmergencyFlags> ParseEmergencyFlags(const ParsedArguments& arguments) {
  EmergencyFlags flags;
  const std::vector<std::string>& positionals = arguments.positionals();
  if (positionals.size() != 2) {
    return absl::InvalidArgumentError(
        "'rolegraph emergency' needs an action and a MODEL, such as "
        "'rolegraph emergency status org.json'; the actions are activate, "
        "deactivate and status");
  }
  flags.action = positionals[0];
  flags.path = positionals[1];
  if (flags.action != "activate" && flags.action != "deactivate" &&
      flags.action != "status") {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown emergency action \"", flags.action,
        "\"; use activate, deactivate or status"));
  }

  const std::string format = arguments.Get("format", "text");
  if (format != "text" && format != "json") {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid --format \"", format, "\" for 'rolegraph emergency'; use one of "
        "text, json"));
  }
  flags.format = format == "json" ? OutputFormat::kJson : OutputFormat::kText;

  flags.now = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  if (arguments.Has("at")) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, arguments.Get("at"), &flags.now, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid --at \"", arguments.Get("at"), "\" (", error,
          "); use an RFC 3339 time such as 2026-12-04T09:30:00Z"));
    }
  }
  if (arguments.Has("configuration")) {
    absl::StatusOr<Configuration> configuration =
        ParseConfiguration(arguments.Get("configuration"));
    if (!configuration.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid --configuration \"", arguments.Get("configuration"),
          "\"; use production or development"));
    }
    flags.configuration = *configuration;
  }
  if (arguments.Has("limit")) {
    absl::StatusOr<int> limit = ParseCount("--limit", arguments.Get("limit"));
    if (!limit.ok()) return limit.status();
    flags.limit = *limit;
  }
  return flags;
}

absl::StatusOr<EmergencyOptions> OperationOptions(const ParsedArguments& arguments,
                                                  const EmergencyFlags& flags) {
  EmergencyOptions options;
  options.now = flags.now;
  options.configuration = flags.configuration;
  options.audit_path = arguments.Get("audit");
  if (arguments.Has("lock-timeout")) {
    absl::StatusOr<absl::Duration> timeout =
        ParseDurationFlag("--lock-timeout", arguments.Get("lock-timeout"));
    if (!timeout.ok()) return timeout.status();
    options.lock_timeout = *timeout;
  }

  const bool dry_run = arguments.Has("dry-run");
  const bool text = flags.format == OutputFormat::kText;
  const int limit = flags.limit;
  options.on_preview = [dry_run, text, limit](const v1::SimulationResult& preview) {
    if (text) {
      std::cout << "PREVIEW\n";
      PrintSimulationText(preview, limit, std::cout);
      std::cout << "\n";
    }
    if (dry_run) return absl::CancelledError("dry run");
    return absl::OkStatus();
  };

  const char* exit_before_rename = std::getenv(kExitBeforeRename);
  if (exit_before_rename != nullptr && std::string(exit_before_rename) == "1") {
    options.before_rename = [] {
      std::cout.flush();
      ::_exit(1);
    };
  }
  return options;
}

void PrintOperation(const v1::EmergencyOperation& operation, std::ostream& out) {
  const v1::EmergencyAuditRecord& record = operation.record();
  if (record.action() == "activate") {
    out << "switch " << record.switch_id() << " is on until "
        << FormatTimestamp(record.expires_at()) << " (activated by "
        << record.actor() << ": " << record.reason() << ")\n"
        << CountOf(record.granted_size(), "user gains", "users gain")
        << " emergency privileges\n";
  } else {
    out << "switch " << record.switch_id() << " is off (deactivated by "
        << record.actor() << ": " << record.reason() << ")\n"
        << CountOf(record.removed_size(), "user loses", "users lose")
        << " emergency privileges\n";
  }
  out << "audit record appended to " << operation.audit_file() << "\n";
}

std::string TimeLeft(const v1::SwitchStatus& entry) {
  if (!entry.on()) return entry.expired() ? "expired" : "-";
  if (!entry.has_expires_at()) return "no expiry";
  return absl::FormatDuration(absl::Seconds(entry.seconds_left()));
}

void PrintStatus(const v1::EmergencyStatus& status, int limit, std::ostream& out) {
  int on = 0;
  for (const v1::SwitchStatus& entry : status.switches()) on += entry.on() ? 1 : 0;
  out << "EMERGENCY STATUS at " << FormatTimestamp(status.context().at()) << ", "
      << status.context().configuration() << " configuration\n"
      << CountOf(status.switches_size(), "switch", "switches") << ", " << on
      << " on\n";

  std::vector<std::vector<std::string>> rows;
  for (const v1::SwitchStatus& entry : status.switches()) {
    rows.push_back({entry.switch_id(), entry.on() ? "on" : "off",
                    entry.has_expires_at() ? FormatTimestamp(entry.expires_at()) : "-",
                    TimeLeft(entry), entry.activated_by(), entry.reason()});
  }
  if (!rows.empty()) {
    PrintTableLimited(out, {"SWITCH", "STATE", "EXPIRES", "TIME LEFT",
                            "ACTIVATED BY", "REASON"},
                      rows, limit);
  }

  for (const v1::SwitchStatus& entry : status.switches()) {
    if (!entry.on()) continue;
    out << "\n" << entry.switch_id() << ": "
        << CountOf(entry.holder_count(), "user holds", "users hold")
        << " emergency privileges now\n";
    std::vector<std::vector<std::string>> holders;
    for (const v1::UserGain& gain : entry.holders()) {
      std::vector<std::string> privileges(gain.privileges().begin(),
                                          gain.privileges().end());
      holders.push_back({gain.user(), JoinLimited(privileges, 5)});
    }
    if (!holders.empty()) {
      PrintTableLimited(out, {"USER", "PRIVILEGES"}, holders, limit);
    }
  }
}

absl::StatusOr<int> RunStatus(const EmergencyFlags& flags) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = LoadPolicy(flags.path);
  if (!policy.ok()) return policy.status();
  CommonOptions options;
  options.context.now = flags.now;
  options.context.configuration = flags.configuration;
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      CreateEvaluator(*policy, flags.path, options);
  if (!evaluator.ok()) return evaluator.status();

  absl::StatusOr<v1::EmergencyStatus> status = BuildEmergencyStatus(**evaluator);
  if (!status.ok()) return status.status();
  if (flags.format == OutputFormat::kJson) {
    std::cout << ToJson(*status);
  } else {
    PrintStatus(*status, flags.limit, std::cout);
  }
  return kExitSuccess;
}

absl::StatusOr<int> RunChange(const ParsedArguments& arguments,
                              const EmergencyFlags& flags) {
  const std::string command = absl::StrCat("emergency ", flags.action);
  absl::StatusOr<std::string> switch_id = RequireFlag(arguments, "switch", command);
  if (!switch_id.ok()) return switch_id.status();
  absl::StatusOr<std::string> reason = RequireFlag(arguments, "reason", command);
  if (!reason.ok()) return reason.status();
  absl::StatusOr<std::string> actor = RequireFlag(arguments, "actor", command);
  if (!actor.ok()) return actor.status();
  absl::StatusOr<EmergencyOptions> options = OperationOptions(arguments, flags);
  if (!options.ok()) return options.status();

  absl::StatusOr<v1::EmergencyOperation> operation;
  if (flags.action == "activate") {
    absl::StatusOr<std::string> ttl_text = RequireFlag(arguments, "ttl", command);
    if (!ttl_text.ok()) return ttl_text.status();
    absl::StatusOr<absl::Duration> ttl = ParseDurationFlag("--ttl", *ttl_text);
    if (!ttl.ok()) return ttl.status();
    operation = ActivateSwitch(flags.path,
                               {.switch_id = *switch_id, .ttl = *ttl,
                                .reason = *reason, .actor = *actor},
                               *options);
  } else {
    if (arguments.Has("ttl")) {
      return absl::InvalidArgumentError(
          "--ttl applies to 'rolegraph emergency activate' only; remove it");
    }
    operation = DeactivateSwitch(
        flags.path, {.switch_id = *switch_id, .reason = *reason, .actor = *actor},
        *options);
  }

  if (absl::IsCancelled(operation.status()) && arguments.Has("dry-run")) {
    if (flags.format == OutputFormat::kText) {
      std::cout << "dry run: the model and the audit log are unchanged\n";
    }
    return kExitSuccess;
  }
  if (!operation.ok()) {
    return absl::Status(operation.status().code(),
                        absl::StrCat(command, " failed: ", operation.status().message()));
  }
  if (flags.format == OutputFormat::kJson) {
    std::cout << ToJson(*operation);
  } else {
    PrintOperation(*operation, std::cout);
  }
  return kExitSuccess;
}

}  // namespace

absl::StatusOr<int> RunEmergency(const ParsedArguments& arguments) {
  absl::StatusOr<EmergencyFlags> flags = ParseEmergencyFlags(arguments);
  if (!flags.ok()) return flags.status();
  if (flags->action == "status") {
    for (const char* flag : {"switch", "ttl", "reason", "actor", "audit", "dry-run"}) {
      if (arguments.Has(flag)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--", flag, " does not apply to 'rolegraph emergency status'; remove it"));
      }
    }
    return RunStatus(*flags);
  }
  return RunChange(arguments, *flags);
}

}  // namespace rolegraph::cli
