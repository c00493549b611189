// rolegraph report: the incident-readiness report, as JSON or as text for
// an incident manager to read at a glance.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands.h"
#include "rolegraph/report.h"

namespace rolegraph::cli {
namespace {

template <typename Repeated>
std::vector<std::string> ToVector(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

std::string RoleKindName(v1::RoleKind kind) {
  if (kind == v1::ROLE_KIND_UNSPECIFIED) return "";
  return absl::AsciiStrToLower(v1::RoleKind_Name(kind).substr(10));
}

void PrintHeader(const v1::IncidentReadinessReport& report, std::ostream& out) {
  const v1::EvaluationContextInfo& context = report.context();
  std::string switches_on = context.switches_on().empty()
                                ? "none"
                                : absl::StrJoin(context.switches_on(), ", ");
  out << "INCIDENT-READINESS REPORT: " << report.model_name() << "\n"
      << "at " << FormatTimestamp(context.at()) << ", "
      << context.configuration() << " configuration, switches on: "
      << switches_on << "\n"
      << CountOf(report.user_count(), "user", "users") << " ("
      << report.active_user_count() << " active), "
      << CountOf(report.role_count(), "role", "roles") << ", "
      << CountOf(report.privilege_count(), "privilege", "privileges") << "\n";
}

void PrintDormantHolders(const v1::IncidentTypeReport& type, int limit,
                         std::ostream& out) {
  int critical = 0;
  std::vector<std::vector<std::string>> rows;
  for (const v1::DormantHolder& holder : type.dormant_holders()) {
    const bool is_critical =
        holder.max_sensitivity() == v1::SENSITIVITY_CRITICAL;
    if (is_critical) ++critical;
    rows.push_back({holder.user(), holder.reason(),
                    JoinLimited(ToVector(holder.privileges()), 5),
                    is_critical ? "CRITICAL" : ""});
  }
  out << "  dormant holders: " << type.dormant_holder_count();
  if (critical > 0) out << ", " << critical << " with critical privileges";
  out << "\n";
  if (!rows.empty()) {
    PrintTableLimited(out, {"USER", "WHY INACTIVE", "LATENT PRIVILEGES", ""},
                      rows, limit, "    ");
  }
}

void PrintGrantingRoles(const v1::IncidentTypeReport& type, int limit,
                        std::ostream& out) {
  out << "  granting roles: " << type.granting_roles_size() << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::GrantingRole& role : type.granting_roles()) {
    std::string privileges = JoinLimited(ToVector(role.privileges()), 5);
    if (role.user_dependent()) {
      absl::StrAppend(&privileges, " (+ grants that depend on the user)");
    }
    rows.push_back({role.role(), absl::StrCat(role.holder_count()), privileges});
  }
  if (!rows.empty()) {
    PrintTableLimited(out, {"ROLE", "MEMBERS", "PRIVILEGES"}, rows, limit,
                      "    ");
  }
}

void PrintResponders(const v1::IncidentTypeReport& type, int min_responders,
                     int limit, std::ostream& out) {
  if (type.responders().empty()) return;
  out << "  responders with a switch on (minimum " << min_responders << "):\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::SwitchResponders& responders : type.responders()) {
    rows.push_back({responders.switch_id(), absl::StrCat(responders.count()),
                    responders.below_minimum() ? "BELOW MINIMUM" : "ok",
                    JoinLimited(ToVector(responders.users()), limit)});
  }
  PrintTableLimited(out, {"SWITCH", "RESPONDERS", "STATUS", "USERS"}, rows, 0,
                    "    ");
}

void PrintIncidentType(const v1::IncidentTypeReport& type,
                       const v1::IncidentReadinessReport& report, int limit,
                       std::ostream& out) {
  out << "\n" << type.id();
  if (!type.name().empty()) out << ": " << type.name();
  out << "\n";
  out << "  covered privileges: " << type.privileges_size();
  if (type.privileges_size() > 0) {
    out << " (" << JoinLimited(ToVector(type.privileges()), limit) << ")";
  }
  out << "\n";

  out << "  active holders: " << type.holder_count() << "\n";
  if (!type.groups().empty()) {
    std::vector<std::string> groups;
    for (const v1::GroupCount& group : type.groups()) {
      groups.push_back(absl::StrCat(group.value(), " ", group.count()));
    }
    out << "    by " << report.group_by() << ": " << JoinLimited(groups, limit)
        << "\n";
  }
  if (type.holder_count() > 0) {
    out << "    " << JoinLimited(ToVector(type.holders()), limit) << "\n";
  }

  PrintDormantHolders(type, limit, out);
  PrintGrantingRoles(type, limit, out);
  PrintResponders(type, report.min_responders(), limit, out);
}

void PrintSwitch(const v1::SwitchReport& section, int limit, std::ostream& out) {
  out << "\n" << section.switch_id() << ": " << (section.on() ? "on" : "off");
  if (section.has_expires_at()) {
    out << ", expires " << FormatTimestamp(section.expires_at());
  }
  if (!section.description().empty()) out << " (" << section.description() << ")";
  out << "\n";

  out << "  users gaining privileges when on: " << section.users_gaining() << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::UserGain& gain : section.gains()) {
    rows.push_back({gain.user(), JoinLimited(ToVector(gain.privileges()), 5)});
  }
  if (!rows.empty()) {
    PrintTableLimited(out, {"USER", "PRIVILEGES GAINED"}, rows, limit, "    ");
  }

  if (section.uncovered_incident_types().empty()) {
    out << "  readiness gaps: none\n";
  } else {
    out << "  readiness gaps: "
        << CountOf(section.uncovered_incident_types_size(), "incident type",
                   "incident types")
        << " that no user would newly reach: "
        << JoinLimited(ToVector(section.uncovered_incident_types()), limit)
        << "\n";
  }
}

void PrintBlastRadius(const v1::IncidentReadinessReport& report,
                      std::ostream& out) {
  out << "\nROLES BY BLAST RADIUS (" << report.roles_by_blast_radius_size()
      << ")\n";
  std::vector<std::vector<std::string>> rows;
  int rank = 0;
  for (const v1::RoleRisk& risk : report.roles_by_blast_radius()) {
    rows.push_back({absl::StrCat(++rank), risk.role(), RoleKindName(risk.kind()),
                    absl::StrCat(risk.score()), absl::StrCat(risk.member_count()),
                    absl::StrCat(risk.privilege_count()),
                    absl::StrCat(risk.critical_privilege_count()),
                    absl::StrJoin(risk.incident_types(), ", ")});
  }
  if (rows.empty()) {
    out << "  no role grants privileges\n";
    return;
  }
  PrintTableLimited(out,
                    {"RANK", "ROLE", "KIND", "SCORE", "MEMBERS", "PRIVILEGES",
                     "CRITICAL", "INCIDENT TYPES"},
                    rows, 0);
}

void PrintSodViolations(const v1::IncidentReadinessReport& report, int limit,
                        std::ostream& out) {
  out << "\nSEGREGATION OF DUTIES\n";
  out << "  violations now: " << report.sod_violations_size() << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const v1::SodViolation& violation : report.sod_violations()) {
    rows.push_back({violation.rule_id(), violation.user(),
                    absl::StrJoin(violation.roles(), ", ")});
  }
  if (!rows.empty()) {
    PrintTableLimited(out, {"RULE", "USER", "ROLES"}, rows, limit, "    ");
  }

  out << "  new violations with a switch on: "
      << report.sod_violations_with_switches_size() << "\n";
  rows.clear();
  for (const v1::SodViolation& violation : report.sod_violations_with_switches()) {
    rows.push_back({violation.switch_id(), violation.rule_id(), violation.user(),
                    absl::StrJoin(violation.roles(), ", ")});
  }
  if (!rows.empty()) {
    PrintTableLimited(out, {"SWITCH", "RULE", "USER", "ROLES"}, rows, limit,
                      "    ");
  }
}

}  // namespace

void PrintReportText(const v1::IncidentReadinessReport& report, int limit,
                     std::ostream& out) {
  PrintHeader(report, out);

  out << "\nINCIDENT TYPES (" << report.incident_types_size() << ")\n";
  for (const v1::IncidentTypeReport& type : report.incident_types()) {
    PrintIncidentType(type, report, limit, out);
  }

  out << "\nSWITCHES (" << report.switches_size() << ")\n";
  for (const v1::SwitchReport& section : report.switches()) {
    PrintSwitch(section, limit, out);
  }

  PrintBlastRadius(report, out);
  PrintSodViolations(report, limit, out);

  if (!report.diagnostics().empty()) {
    out << "\nDIAGNOSTICS (" << report.diagnostics_size() << ")\n";
    std::vector<std::string> lines;
    for (const v1::Diagnostic& diagnostic : report.diagnostics()) {
      lines.push_back(FormatDiagnostic(diagnostic));
    }
    PrintList(out, lines, limit);
    if (report.evaluation_failure_count() > report.diagnostics_size()) {
      out << report.evaluation_failure_count()
          << " condition evaluations failed in all; only the first "
          << kMaxRecordedErrors << " of each evaluation context are listed\n";
    }
  }
}

absl::StatusOr<int> RunReport(const ParsedArguments& arguments) {
  ReportOptions report_options;
  report_options.group_by = arguments.Get("group-by");
  if (arguments.Has("top")) {
    absl::StatusOr<int> top = ParseCount("--top", arguments.Get("top"));
    if (!top.ok()) return top.status();
    report_options.top_roles = *top;
  }
  if (arguments.Has("min-responders")) {
    absl::StatusOr<int> minimum =
        ParseCount("--min-responders", arguments.Get("min-responders"));
    if (!minimum.ok()) return minimum.status();
    report_options.min_responders = *minimum;
  }

  absl::StatusOr<Session> session = OpenSession(arguments, "report");
  if (!session.ok()) return session.status();
  absl::StatusOr<v1::IncidentReadinessReport> report =
      BuildIncidentReport(*session->evaluator, report_options);
  if (!report.ok()) return report.status();

  if (session->options.format == OutputFormat::kJson) {
    std::cout << ToJson(*report);
  } else {
    PrintReportText(*report, session->options.limit, std::cout);
  }
  return kExitSuccess;
}

}  // namespace rolegraph::cli
