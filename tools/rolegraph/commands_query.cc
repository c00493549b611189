// The query commands: validate, check, privileges and who-has.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "rolegraph/model.h"
#include "rolegraph/report.h"

namespace rolegraph::cli {
namespace {

void PrintValidationText(const v1::ValidationResult& result) {
  std::string summary =
      result.error_count() == 0 ? "valid" : CountOf(result.error_count(), "error", "errors");
  absl::StrAppend(&summary, ", ",
                  CountOf(result.warning_count(), "warning", "warnings"));
  std::cout << result.file() << ": " << summary << "\n";
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    std::cout << FormatDiagnostic(diagnostic) << "\n";
  }
}

void PrintValidationCsv(const v1::ValidationResult& result) {
  std::cout << CsvRow({"severity", "file", "line", "column", "path", "code",
                       "message", "hint"});
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    std::cout << CsvRow(
        {diagnostic.severity() == v1::SEVERITY_WARNING ? "warning" : "error",
         diagnostic.file(), absl::StrCat(diagnostic.line()),
         absl::StrCat(diagnostic.column()), diagnostic.path(),
         diagnostic.code(), diagnostic.message(), diagnostic.hint()});
  }
}

std::vector<std::string> PrivilegeIds(const Policy& policy,
                                      const std::vector<PrivilegeIndex>& list) {
  std::vector<std::string> ids;
  for (PrivilegeIndex privilege : list) ids.push_back(policy.privilege_id(privilege));
  return ids;
}

void PrintPrivilegeTable(const Policy& policy,
                         const std::vector<PrivilegeIndex>& privileges,
                         int limit) {
  std::vector<std::vector<std::string>> rows;
  for (PrivilegeIndex index : privileges) {
    const v1::Privilege& privilege = policy.privilege(index);
    rows.push_back({privilege.id(), SensitivityName(privilege.sensitivity()),
                    privilege.description()});
  }
  PrintTableLimited(std::cout, {"PRIVILEGE", "SENSITIVITY", "DESCRIPTION"},
                    rows, limit);
}

void PrintPrivilegesCsv(const Policy& policy,
                        const std::vector<PrivilegeIndex>& privileges,
                        const std::string& status) {
  for (PrivilegeIndex index : privileges) {
    const v1::Privilege& privilege = policy.privilege(index);
    std::cout << CsvRow({privilege.id(), privilege.resource(),
                         privilege.action(),
                         SensitivityName(privilege.sensitivity()), status});
  }
}

}  // namespace

absl::StatusOr<int> RunValidate(const ParsedArguments& arguments) {
  absl::StatusOr<CommonOptions> options = CommandOptions(arguments, "validate");
  if (!options.ok()) return options.status();
  absl::StatusOr<std::string> path = ModelPath(arguments, "validate");
  if (!path.ok()) return path.status();

  absl::StatusOr<v1::Model> model = LoadModel(*path);
  if (!model.ok()) return model.status();
  v1::ValidationResult result = ValidateModel(*model, *path);

  switch (options->format) {
    case OutputFormat::kJson:
      std::cout << ToJson(result);
      break;
    case OutputFormat::kCsv:
      PrintValidationCsv(result);
      break;
    case OutputFormat::kText:
      PrintValidationText(result);
      break;
  }
  return result.error_count() == 0 ? kExitSuccess : kExitInvalid;
}

absl::StatusOr<int> RunCheck(const ParsedArguments& arguments) {
  absl::StatusOr<std::string> user_id = RequireFlag(arguments, "user", "check");
  if (!user_id.ok()) return user_id.status();
  absl::StatusOr<std::string> privilege_id =
      RequireFlag(arguments, "privilege", "check");
  if (!privilege_id.ok()) return privilege_id.status();
  absl::StatusOr<Session> session = OpenSession(arguments, "check");
  if (!session.ok()) return session.status();
  const Policy& policy = *session->policy;

  absl::StatusOr<UserIndex> user = ResolveUser(policy, session->path, *user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<PrivilegeIndex> privilege =
      ResolvePrivilege(policy, session->path, *privilege_id);
  if (!privilege.ok()) return privilege.status();

  const bool allowed = session->evaluator->Check(*user, *privilege);
  if (session->options.format == OutputFormat::kJson) {
    v1::CheckResult result;
    *result.mutable_context() = session->evaluator->ContextInfo();
    result.set_user(*user_id);
    result.set_privilege(*privilege_id);
    result.set_allowed(allowed);
    std::cout << ToJson(result);
  } else {
    std::cout << (allowed ? "allow" : "deny") << "\n";
  }
  ReportEvaluationErrors(*session->evaluator, session->options.limit);
  return allowed ? kExitSuccess : kExitDeny;
}

absl::StatusOr<int> RunPrivileges(const ParsedArguments& arguments) {
  absl::StatusOr<std::string> user_id =
      RequireFlag(arguments, "user", "privileges");
  if (!user_id.ok()) return user_id.status();
  absl::StatusOr<Session> session = OpenSession(arguments, "privileges");
  if (!session.ok()) return session.status();
  const Policy& policy = *session->policy;
  const Evaluator& evaluator = *session->evaluator;
  absl::StatusOr<UserIndex> user = ResolveUser(policy, session->path, *user_id);
  if (!user.ok()) return user.status();

  const bool active = evaluator.IsUserActive(*user);
  std::vector<PrivilegeIndex> privileges = evaluator.EffectivePrivileges(*user);
  std::vector<PrivilegeIndex> latent;
  if (!active) latent = evaluator.EffectivePrivileges(*user, UserMode::kLatent);
  std::vector<std::string> roles;
  for (RoleIndex role : evaluator.EffectiveRoles(*user)) {
    roles.push_back(policy.role_id(role));
  }

  const int limit = session->options.limit;
  switch (session->options.format) {
    case OutputFormat::kJson: {
      v1::PrivilegesResult result;
      *result.mutable_context() = evaluator.ContextInfo();
      result.set_user(*user_id);
      result.set_user_active(active);
      for (std::string& id : PrivilegeIds(policy, privileges)) result.add_privileges(id);
      for (std::string& id : PrivilegeIds(policy, latent)) result.add_latent_privileges(id);
      for (std::string& id : roles) result.add_roles(id);
      std::cout << ToJson(result);
      break;
    }
    case OutputFormat::kCsv:
      std::cout << CsvRow({"privilege", "resource", "action", "sensitivity",
                           "status"});
      PrintPrivilegesCsv(policy, privileges, "effective");
      PrintPrivilegesCsv(policy, latent, "latent");
      break;
    case OutputFormat::kText:
      if (active) {
        std::cout << *user_id << ": active, "
                  << CountOf(privileges.size(), "effective privilege",
                             "effective privileges")
                  << ", member of " << CountOf(roles.size(), "role", "roles")
                  << "\n";
        if (!privileges.empty()) PrintPrivilegeTable(policy, privileges, limit);
        if (!roles.empty()) std::cout << "roles: " << JoinLimited(roles, limit) << "\n";
      } else {
        std::cout << *user_id << ": inactive ("
                  << InactiveUserReason(evaluator, *user)
                  << "), no effective privileges\n"
                  << "latent privileges if re-enabled: " << latent.size() << "\n";
        if (!latent.empty()) PrintPrivilegeTable(policy, latent, limit);
      }
      break;
  }
  ReportEvaluationErrors(evaluator, limit);
  return kExitSuccess;
}

absl::StatusOr<int> RunWhoHas(const ParsedArguments& arguments) {
  const bool by_privilege = arguments.Has("privilege");
  const bool by_resource = arguments.Has("resource");
  if (by_privilege == by_resource) {
    return absl::InvalidArgumentError(
        "'rolegraph who-has' needs exactly one of --privilege P or "
        "--resource R; run 'rolegraph who-has --help' for its usage");
  }
  absl::StatusOr<Session> session = OpenSession(arguments, "who-has");
  if (!session.ok()) return session.status();
  const Policy& policy = *session->policy;
  const Evaluator& evaluator = *session->evaluator;

  std::vector<PrivilegeIndex> privileges;
  std::string subject;
  if (by_privilege) {
    subject = arguments.Get("privilege");
    absl::StatusOr<PrivilegeIndex> privilege =
        ResolvePrivilege(policy, session->path, subject);
    if (!privilege.ok()) return privilege.status();
    privileges.push_back(*privilege);
  } else {
    subject = arguments.Get("resource");
    absl::StatusOr<std::vector<PrivilegeIndex>> on_resource =
        ResolveResource(policy, session->path, subject);
    if (!on_resource.ok()) return on_resource.status();
    privileges = *std::move(on_resource);
  }

  Roaring holders;
  Roaring dormant;
  for (PrivilegeIndex privilege : privileges) {
    holders |= evaluator.WhoHas(privilege);
    dormant |= evaluator.DormantHolders(privilege);
  }

  v1::WhoHasResult result;
  *result.mutable_context() = evaluator.ContextInfo();
  for (PrivilegeIndex privilege : privileges) {
    result.add_privileges(policy.privilege_id(privilege));
  }
  for (UserIndex user : holders) result.add_holders(std::string(policy.user_id(user)));
  for (UserIndex user : dormant) {
    result.add_dormant_holders(std::string(policy.user_id(user)));
  }
  result.set_count(static_cast<int64_t>(holders.cardinality()));
  result.set_dormant_count(static_cast<int64_t>(dormant.cardinality()));

  const int limit = session->options.limit;
  switch (session->options.format) {
    case OutputFormat::kJson:
      std::cout << ToJson(result);
      break;
    case OutputFormat::kCsv:
      std::cout << CsvRow({"user", "status", "reason"});
      for (const std::string& user : result.holders()) {
        std::cout << CsvRow({user, "active", ""});
      }
      for (UserIndex user : dormant) {
        std::cout << CsvRow({std::string(policy.user_id(user)), "dormant",
                             InactiveUserReason(evaluator, user)});
      }
      break;
    case OutputFormat::kText: {
      std::cout << subject << ": "
                << CountOf(result.count(), "active holder", "active holders")
                << ", "
                << CountOf(result.dormant_count(), "dormant holder",
                           "dormant holders")
                << "\n";
      if (by_resource) {
        std::cout << "privileges on " << subject << ": "
                  << JoinLimited({result.privileges().begin(),
                                  result.privileges().end()},
                                 limit)
                  << "\n";
      }
      if (result.count() > 0) {
        std::cout << "holders:\n";
        PrintList(std::cout, {result.holders().begin(), result.holders().end()},
                  limit);
      }
      if (result.dormant_count() > 0) {
        std::cout << "dormant holders:\n";
        std::vector<std::vector<std::string>> rows;
        for (UserIndex user : dormant) {
          rows.push_back({std::string(policy.user_id(user)), InactiveUserReason(evaluator, user)});
        }
        PrintTableLimited(std::cout, {}, rows, limit);
      }
      break;
    }
  }
  ReportEvaluationErrors(evaluator, limit);
  return kExitSuccess;
}

}  // namespace rolegraph::cli
