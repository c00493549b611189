// rolegraph blast-radius: what an attacker holding a role or a user account
// gains, now and with each switch on, or every role ranked by score.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "simulation_commands.h"
#include "rolegraph/blast_radius.h"

namespace rolegraph::cli {
namespace {

template <typename Repeated>
std::vector<std::string> ToVector(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

std::string RoleKindName(v1::RoleKind kind) {
  if (kind == v1::ROLE_KIND_UNSPECIFIED) return "";
  // "ROLE_KIND_BUSINESS" prints as "business".
  return absl::AsciiStrToLower(v1::RoleKind_Name(kind).substr(10));
}

void PrintRanking(const v1::BlastRadius& radius, int limit, std::ostream& out) {
  out << "ROLES BY BLAST RADIUS at " << FormatTimestamp(radius.context().at())
      << ": " << CountOf(radius.ranking_size(), "role", "roles") << "\n"
      << "score: sum over the role's privileges of low 1, medium 2, high 4, "
         "critical 8\n";
  std::vector<std::vector<std::string>> rows;
  int rank = 0;
  for (const v1::RoleRisk& risk : radius.ranking()) {
    rows.push_back({absl::StrCat(++rank), risk.role(), RoleKindName(risk.kind()),
                    absl::StrCat(risk.score()), absl::StrCat(risk.member_count()),
                    absl::StrCat(risk.privilege_count()),
                    absl::StrCat(risk.critical_privilege_count()),
                    JoinLimited(ToVector(risk.incident_types()), 3)});
  }
  PrintTableLimited(out, {"#", "ROLE", "KIND", "SCORE", "MEMBERS", "PRIVILEGES",
                          "CRITICAL", "INCIDENT TYPES"},
                    rows, limit);
}

void PrintSubject(const v1::BlastRadius& radius, int limit, std::ostream& out) {
  out << "BLAST RADIUS of " << radius.subject_kind() << " " << radius.subject()
      << " at " << FormatTimestamp(radius.context().at()) << ", "
      << radius.context().configuration() << " configuration\n";
  if (!radius.subject_active()) {
    out << "the account is dormant; below is what re-enabling it would give\n";
  }
  out << "score " << radius.score() << ": "
      << CountOf(radius.privileges_size(), "privilege", "privileges") << " ("
      << radius.critical_privilege_count() << " critical) through "
      << CountOf(radius.roles_size(), "role", "roles") << "\n"
      << "incident types reached: "
      << (radius.incident_types().empty()
              ? "none"
              : JoinLimited(ToVector(radius.incident_types()), limit))
      << "\n";

  out << "\nprivileges now: " << radius.privileges_size() << "\n";
  PrintList(out, ToVector(radius.privileges()), limit);
  out << "roles: " << radius.roles_size() << "\n";
  PrintList(out, ToVector(radius.roles()), limit);

  out << "\nwith a switch on: "
      << CountOf(radius.switch_gains_size(), "switch adds", "switches add")
      << " privileges\n";
  std::vector<std::vector<std::string>> gains;
  for (const v1::SwitchGain& gain : radius.switch_gains()) {
    gains.push_back({gain.switch_id(), absl::StrCat(gain.score()),
                     JoinLimited(ToVector(gain.privileges()), 5),
                     JoinLimited(ToVector(gain.incident_types()), 3)});
  }
  if (!gains.empty()) {
    PrintTableLimited(out, {"SWITCH", "SCORE", "PRIVILEGES GAINED",
                            "NEW INCIDENT TYPES"},
                      gains, limit);
  }

  out << "\nrare critical privileges (held by at most "
      << radius.rare_holder_threshold() << " other active users): "
      << radius.rare_privileges_size() << "\n";
  std::vector<std::vector<std::string>> rare;
  for (const v1::RarePrivilege& privilege : radius.rare_privileges()) {
    rare.push_back({privilege.privilege(),
                    privilege.switch_id().empty() ? "now" : privilege.switch_id(),
                    absl::StrCat(privilege.holder_count()),
                    JoinLimited(ToVector(privilege.holders()), 5)});
  }
  if (!rare.empty()) {
    PrintTableLimited(out, {"PRIVILEGE", "WHEN", "HOLDERS", "HELD BY"}, rare, limit);
  }

  out << "\nsegregation-of-duties violations: " << radius.sod_violations_size() << "\n";
  std::vector<std::vector<std::string>> rules;
  for (const v1::SodViolation& violation : radius.sod_violations()) {
    rules.push_back({violation.rule_id(),
                     violation.switch_id().empty() ? "now" : violation.switch_id(),
                     absl::StrJoin(violation.roles(), ", ")});
  }
  if (!rules.empty()) PrintTableLimited(out, {"RULE", "WHEN", "ROLES"}, rules, limit);
}

}  // namespace

absl::StatusOr<int> RunBlastRadius(const ParsedArguments& arguments) {
  const int subjects = static_cast<int>(arguments.Has("role")) +
                       static_cast<int>(arguments.Has("user")) +
                       static_cast<int>(arguments.Has("top"));
  if (subjects != 1) {
    return absl::InvalidArgumentError(
        "'rolegraph blast-radius' needs exactly one of --role R, --user U or "
        "--top N");
  }
  BlastRadiusOptions radius_options;
  if (arguments.Has("rare-holders")) {
    absl::StatusOr<int> threshold =
        ParseCount("--rare-holders", arguments.Get("rare-holders"));
    if (!threshold.ok()) return threshold.status();
    radius_options.rare_holder_threshold = *threshold;
  }
  int top = 0;
  if (arguments.Has("top")) {
    absl::StatusOr<int> parsed = ParseCount("--top", arguments.Get("top"));
    if (!parsed.ok()) return parsed.status();
    top = *parsed;
  }

  absl::StatusOr<Session> session = OpenSession(arguments, "blast-radius");
  if (!session.ok()) return session.status();
  const Evaluator& evaluator = *session->evaluator;

  absl::StatusOr<v1::BlastRadius> radius;
  if (arguments.Has("top")) {
    radius = RankRoles(evaluator, top);
  } else if (arguments.Has("user")) {
    absl::StatusOr<UserIndex> user =
        ResolveUser(*session->policy, session->path, arguments.Get("user"));
    if (!user.ok()) return user.status();
    radius = UserBlastRadius(evaluator, arguments.Get("user"), radius_options);
  } else {
    const std::string role = arguments.Get("role");
    if (!session->policy->FindRole(role).has_value()) {
      std::vector<std::string> ids;
      for (RoleIndex index = 0; index < session->policy->role_count(); ++index) {
        ids.push_back(session->policy->role_id(index));
      }
      std::string message =
          absl::StrCat("role \"", role, "\" not found in ", session->path);
      if (std::optional<std::string> close = ClosestId(role, ids)) {
        absl::StrAppend(&message, "; did you mean \"", *close, "\"?");
      } else {
        absl::StrAppend(&message, "; check the id against the roles in the model");
      }
      return absl::InvalidArgumentError(message);
    }
    radius = RoleBlastRadius(evaluator, role, radius_options);
  }
  if (!radius.ok()) return radius.status();

  const int limit = session->options.limit;
  if (session->options.format == OutputFormat::kJson) {
    std::cout << ToJson(*radius);
  } else if (arguments.Has("top")) {
    PrintRanking(*radius, limit, std::cout);
  } else {
    PrintSubject(*radius, limit, std::cout);
  }
  ReportEvaluationErrors(evaluator, limit);
  return kExitSuccess;
}

}  // namespace rolegraph::cli
