#include "common.h"

#include <algorithm>
#include <iostream>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "rolegraph/model.h"

namespace rolegraph::cli {
namespace {

absl::StatusOr<OutputFormat> ParseFormat(const std::string& value,
                                         absl::Span<const OutputFormat> formats,
                                         const std::string& command) {
  static constexpr std::pair<const char*, OutputFormat> kNames[] = {
      {"text", OutputFormat::kText},
      {"json", OutputFormat::kJson},
      {"csv", OutputFormat::kCsv}};
  std::vector<std::string> supported;
  for (const auto& [name, format] : kNames) {
    if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
      continue;
    }
    if (value == name) return format;
    supported.push_back(name);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid --format \"", value, "\" for 'rolegraph ", command,
      "'; use one of ", absl::StrJoin(supported, ", ")));
}

absl::StatusOr<absl::Time> ParseAt(const std::string& value) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, value, &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid --at \"", value, "\" (", error,
        "); use an RFC 3339 time such as 2026-12-04T09:30:00Z"));
  }
  return time;
}

absl::StatusOr<std::pair<std::string, bool>> ParseSwitch(
    const std::string& value) {
  size_t equals = value.find('=');
  std::string state =
      equals == std::string::npos ? "" : value.substr(equals + 1);
  if (equals == 0 || (state != "on" && state != "off")) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid --switch \"", value,
                     "\"; use ID=on or ID=off, such as incident_response=on"));
  }
  return std::make_pair(value.substr(0, equals), state == "on");
}

absl::StatusOr<Configuration> ParseConfigurationFlag(const std::string& value) {
  if (value == "production") return Configuration::kProduction;
  if (value == "development") return Configuration::kDevelopment;
  return absl::InvalidArgumentError(
      absl::StrCat("invalid --configuration \"", value,
                   "\"; use production or development"));
}

// The optimal string alignment distance: insertions, deletions,
// substitutions and swaps of adjacent characters each cost one, so "alcie"
// is one edit from "alice".
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> distance(a.size() + 1,
                                            std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) distance[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) distance[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      distance[i][j] = std::min({distance[i - 1][j] + 1, distance[i][j - 1] + 1,
                                 distance[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        distance[i][j] = std::min(distance[i][j], distance[i - 2][j - 2] + 1);
      }
    }
  }
  return distance[a.size()][b.size()];
}

absl::Status NotFound(const std::string& kind, const std::string& id,
                      const std::string& path,
                      const std::vector<std::string>& candidates,
                      const std::string& where_to_look) {
  std::string message =
      absl::StrCat(kind, " \"", id, "\" not found in ", path);
  if (std::optional<std::string> close = ClosestId(id, candidates)) {
    absl::StrAppend(&message, "; did you mean \"", *close, "\"?");
  } else {
    absl::StrAppend(&message, "; check the id against the ", where_to_look,
                    " in the model");
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace

std::vector<FlagSpec> CommonFlags() {
  return {
      {.name = "format", .value_name = "text|json|csv",
       .help = "output format (default text)"},
      {.name = "at", .value_name = "RFC3339",
       .help = "evaluation time, such as 2026-12-04T09:30:00Z (default now)"},
      {.name = "switch", .repeatable = true, .value_name = "ID=on|off",
       .help = "force a switch on or off for this evaluation (repeatable)"},
      {.name = "configuration", .value_name = "production|development",
       .help = "which lifecycle states are in effect (default production)"},
      {.name = "limit", .value_name = "N",
       .help = "items a text list shows before \"... and N more\" "
               "(default 20, 0 for all)"},
      {.name = "help", .short_name = "h", .takes_value = false,
       .help = "print this help"},
  };
}

absl::StatusOr<CommonOptions> ParseCommonOptions(
    const ParsedArguments& arguments, absl::Span<const OutputFormat> formats,
    const std::string& command) {
  CommonOptions options;
  absl::StatusOr<OutputFormat> format =
      ParseFormat(arguments.Get("format", "text"), formats, command);
  if (!format.ok()) return format.status();
  options.format = *format;

  // Whole seconds, so that reports show a readable time.
  options.context.now = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  if (arguments.Has("at")) {
    absl::StatusOr<absl::Time> at = ParseAt(arguments.Get("at"));
    if (!at.ok()) return at.status();
    options.context.now = *at;
  }

  if (arguments.Has("configuration")) {
    absl::StatusOr<Configuration> configuration =
        ParseConfigurationFlag(arguments.Get("configuration"));
    if (!configuration.ok()) return configuration.status();
    options.context.configuration = *configuration;
  }

  // A later --switch for the same id replaces an earlier one.
  for (const std::string& value : arguments.GetAll("switch")) {
    absl::StatusOr<std::pair<std::string, bool>> entry = ParseSwitch(value);
    if (!entry.ok()) return entry.status();
    std::erase_if(options.context.switch_overrides, [&](const auto& existing) {
      return existing.first == entry->first;
    });
    options.context.switch_overrides.push_back(*entry);
  }

  if (arguments.Has("limit")) {
    absl::StatusOr<int> limit = ParseCount("--limit", arguments.Get("limit"));
    if (!limit.ok()) return limit.status();
    options.limit = *limit;
  }
  return options;
}

absl::StatusOr<std::string> RequireFlag(const ParsedArguments& arguments,
                                        const std::string& flag,
                                        const std::string& command) {
  std::string value = arguments.Get(flag);
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "missing required flag --", flag, " for 'rolegraph ", command,
        "'; run 'rolegraph ", command, " --help' for its usage"));
  }
  return value;
}

absl::StatusOr<int> ParseCount(const std::string& flag,
                               const std::string& value) {
  int count = 0;
  if (!absl::SimpleAtoi(value, &count) || count < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid ", flag, " \"", value, "\"; use a whole number, 0 or more"));
  }
  return count;
}

absl::StatusOr<std::shared_ptr<const Policy>> LoadPolicy(
    const std::string& path) {
  absl::StatusOr<v1::Model> model = LoadModel(path);
  if (!model.ok()) return model.status();

  v1::ValidationResult validation = ValidateModel(*model, path);
  if (validation.error_count() > 0) {
    for (const v1::Diagnostic& diagnostic : validation.diagnostics()) {
      if (diagnostic.severity() != v1::SEVERITY_ERROR) continue;
      std::cerr << FormatDiagnostic(diagnostic) << "\n";
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "model ", path, " has ",
        CountOf(validation.error_count(), "validation error",
                "validation errors"),
        "; fix them, then run 'rolegraph validate ", path, "' to confirm"));
  }

  CompileOptions options;
  options.file_name = path;
  return Compile(*model, options);
}

absl::StatusOr<std::unique_ptr<Evaluator>> CreateEvaluator(
    std::shared_ptr<const Policy> policy, const std::string& path,
    const CommonOptions& options) {
  std::vector<std::string> switch_ids;
  for (SwitchIndex id = 0; id < policy->switch_count(); ++id) {
    switch_ids.push_back(policy->switch_id(id));
  }
  for (const auto& [id, value] : options.context.switch_overrides) {
    if (!policy->FindSwitch(id).has_value()) {
      return NotFound("switch", id, path, switch_ids, "switches");
    }
  }
  return Evaluator::Create(std::move(policy), options.context);
}

absl::StatusOr<UserIndex> ResolveUser(const Policy& policy,
                                      const std::string& path,
                                      const std::string& id) {
  if (std::optional<UserIndex> user = policy.FindUser(id)) return *user;
  std::vector<std::string> ids;
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    ids.emplace_back(policy.user_id(user));
  }
  return NotFound("user", id, path, ids, "users");
}

absl::StatusOr<PrivilegeIndex> ResolvePrivilege(const Policy& policy,
                                                const std::string& path,
                                                const std::string& id) {
  if (std::optional<PrivilegeIndex> privilege = policy.FindPrivilege(id)) {
    return *privilege;
  }
  std::vector<std::string> ids;
  for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count();
       ++privilege) {
    ids.push_back(policy.privilege_id(privilege));
  }
  return NotFound("privilege", id, path, ids, "privileges");
}

absl::StatusOr<std::vector<PrivilegeIndex>> ResolveResource(
    const Policy& policy, const std::string& path, const std::string& id) {
  absl::Span<const PrivilegeIndex> privileges = policy.PrivilegesOnResource(id);
  if (!privileges.empty()) {
    return std::vector<PrivilegeIndex>(privileges.begin(), privileges.end());
  }
  std::set<std::string> resources;
  for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count();
       ++privilege) {
    resources.insert(policy.privilege(privilege).resource());
  }
  return NotFound("resource", id, path,
                  std::vector<std::string>(resources.begin(), resources.end()),
                  "privileges' resources");
}

std::optional<std::string> ClosestId(
    const std::string& id, const std::vector<std::string>& candidates) {
  // A typo is at most a third of the id's characters, and at least one.
  const size_t threshold = std::max<size_t>(1, id.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = threshold + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = absl::AsciiStrToLower(candidate) == absl::AsciiStrToLower(id)
                          ? 0
                          : EditDistance(id, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  // MessageToJsonString fails only on Any fields it cannot resolve, and the
  // messages in results.proto have none.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row.push_back(',');
    const std::string& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      row += field;
      continue;
    }
    row.push_back('"');
    for (char c : field) {
      if (c == '"') row.push_back('"');
      row.push_back(c);
    }
    row.push_back('"');
  }
  row.push_back('\n');
  return row;
}

void PrintTable(std::ostream& out,
                const std::vector<std::vector<std::string>>& rows,
                const std::string& indent) {
  std::vector<size_t> widths;
  for (const std::vector<std::string>& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const std::vector<std::string>& row : rows) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

void PrintTableLimited(std::ostream& out, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       int limit, const std::string& indent) {
  size_t shown = limit == 0 ? rows.size()
                            : std::min(rows.size(), static_cast<size_t>(limit));
  std::vector<std::vector<std::string>> visible;
  if (!header.empty()) visible.push_back(header);
  visible.insert(visible.end(), rows.begin(), rows.begin() + shown);
  PrintTable(out, visible, indent);
  if (shown < rows.size()) {
    out << indent << "... and " << rows.size() - shown << " more\n";
  }
}

void PrintList(std::ostream& out, const std::vector<std::string>& items,
               int limit, const std::string& indent) {
  size_t shown = limit == 0 ? items.size()
                            : std::min(items.size(), static_cast<size_t>(limit));
  for (size_t i = 0; i < shown; ++i) out << indent << items[i] << "\n";
  if (shown < items.size()) {
    out << indent << "... and " << items.size() - shown << " more\n";
  }
}

std::string JoinLimited(const std::vector<std::string>& items, int limit) {
  size_t shown = limit == 0 ? items.size()
                            : std::min(items.size(), static_cast<size_t>(limit));
  std::string joined = absl::StrJoin(items.begin(), items.begin() + shown, ", ");
  if (shown < items.size()) {
    absl::StrAppend(&joined, " ... and ", items.size() - shown, " more");
  }
  return joined;
}

std::string FormatDiagnostic(const v1::Diagnostic& diagnostic) {
  std::string location = diagnostic.file();
  if (diagnostic.line() > 0) {
    absl::StrAppend(&location, ":", diagnostic.line(), ":", diagnostic.column());
  } else if (!diagnostic.path().empty()) {
    absl::StrAppend(&location, ": ", diagnostic.path());
  }
  std::string severity =
      diagnostic.severity() == v1::SEVERITY_WARNING ? "warning" : "error";
  std::string line =
      absl::StrCat(location, ": ", severity, ": ", diagnostic.message());
  if (!diagnostic.hint().empty()) {
    absl::StrAppend(&line, " (", diagnostic.hint(), ")");
  }
  return line;
}

void ReportEvaluationErrors(const Evaluator& evaluator, int limit) {
  std::vector<std::string> lines;
  for (const v1::Diagnostic& diagnostic : evaluator.EvaluationErrors()) {
    lines.push_back("rolegraph: " + FormatDiagnostic(diagnostic));
  }
  PrintList(std::cerr, lines, limit, "");
  const int64_t count = evaluator.EvaluationErrorCount();
  if (count > static_cast<int64_t>(lines.size())) {
    std::cerr << "rolegraph: " << count
              << " condition evaluations failed in all; only the first "
              << kMaxRecordedErrors << " are listed\n";
  }
}

std::string CountOf(int64_t count, const std::string& singular,
                    const std::string& plural) {
  return absl::StrCat(count, " ", count == 1 ? singular : plural);
}

std::string SensitivityName(v1::Sensitivity sensitivity) {
  switch (sensitivity) {
    case v1::SENSITIVITY_LOW:
      return "low";
    case v1::SENSITIVITY_MEDIUM:
      return "medium";
    case v1::SENSITIVITY_HIGH:
      return "high";
    case v1::SENSITIVITY_CRITICAL:
      return "critical";
    default:
      return "unset";
  }
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  absl::Time time = absl::FromUnixSeconds(timestamp.seconds()) +
                    absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

}  // namespace rolegraph::cli
