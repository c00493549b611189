// The command table: names, usage, flags and output formats.
#include "commands.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "simulation_commands.h"

namespace rolegraph::cli {
namespace {

constexpr OutputFormat kText = OutputFormat::kText;
constexpr OutputFormat kJson = OutputFormat::kJson;
constexpr OutputFormat kCsv = OutputFormat::kCsv;

FlagSpec UserFlag() {
  return {.name = "user", .value_name = "U", .help = "user id"};
}

FlagSpec PrivilegeFlag() {
  return {.name = "privilege", .value_name = "P",
          .help = "privilege id, such as crm:export"};
}

std::vector<Command> BuildCommands() {
  return {
      {.name = "validate",
       .usage = "validate MODEL [flags]",
       .summary = "Check a model file and list its errors and warnings "
                  "(exit 0 without errors, 2 with).",
       .formats = {kText, kJson, kCsv},
       .run = RunValidate},
      {.name = "check",
       .usage = "check MODEL --user U --privilege P [flags]",
       .summary = "Print allow or deny (exit 0 allow, 1 deny).",
       .flags = {UserFlag(), PrivilegeFlag()},
       .formats = {kText, kJson},
       .run = RunCheck},
      {.name = "privileges",
       .usage = "privileges MODEL --user U [flags]",
       .summary = "List a user's effective privileges and roles.",
       .flags = {UserFlag()},
       .formats = {kText, kJson, kCsv},
       .run = RunPrivileges},
      {.name = "explain",
       .usage = "explain MODEL --user U --privilege P [flags]",
       .summary = "Show every assignment path from a user to a privilege "
                  "with its condition values.",
       .flags = {UserFlag(), PrivilegeFlag(),
                 {.name = "max-paths", .value_name = "N",
                  .help = "paths to follow before stopping (default 1000)"}},
       .formats = {kText, kJson},
       .run = RunExplain},
      {.name = "who-has",
       .usage = "who-has MODEL (--privilege P | --resource R) [flags]",
       .summary = "List the active and dormant holders of a privilege, or of "
                  "any privilege on a resource.",
       .flags = {PrivilegeFlag(),
                 {.name = "resource", .value_name = "R",
                  .help = "resource id, such as crm"}},
       .formats = {kText, kJson, kCsv},
       .run = RunWhoHas},
      {.name = "report",
       .usage = "report MODEL [flags]",
       .summary = "Print the incident-readiness report.",
       .flags = {{.name = "group-by", .value_name = "ATTR",
                  .help = "user attribute that splits holder counts, such as "
                          "department"},
                 {.name = "top", .value_name = "N",
                  .help = "roles in the blast-radius ranking (default 10, "
                          "0 for all)"},
                 {.name = "min-responders", .value_name = "N",
                  .help = "flag incident types with fewer responders than "
                          "this per switch (default 2)"}},
       .formats = {kText, kJson},
       .run = RunReport},
      {.name = "import",
       .usage = "import upa --upa FILE [--roles FILE] -o MODEL [flags]",
       .summary = "Build a model from user-permission data and write it "
                  "atomically; the output extension picks the format.",
       .flags = {{.name = "upa", .value_name = "FILE",
                  .help = "user-permission pairs, one \"USER PERMISSION\" "
                          "per line"},
                 {.name = "roles", .value_name = "FILE",
                  .help = "optional role decomposition of the pairs"},
                 {.name = "output", .short_name = "o", .value_name = "MODEL",
                  .help = "model file to write (.json, .txtpb, .textproto, "
                          ".pbtxt, .binpb or .pb)"},
                 {.name = "name", .value_name = "NAME",
                  .help = "model name (default: the UPA file's base name)"}},
       .formats = {kText, kJson},
       .run = RunImport},
  };
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const std::vector<Command>* const commands = [] {
    auto* all = new std::vector<Command>(BuildCommands());
    for (Command& command : SimulationCommands()) all->push_back(std::move(command));
    return all;
  }();
  return *commands;
}

absl::StatusOr<std::string> ModelPath(const ParsedArguments& arguments,
                                      const std::string& command) {
  const std::vector<std::string>& positionals = arguments.positionals();
  if (positionals.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing MODEL for 'rolegraph ", command,
                     "'; run 'rolegraph ", command, " --help' for its usage"));
  }
  if (positionals.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", positionals[1],
                     "\" for 'rolegraph ", command, "'; give one MODEL file"));
  }
  return positionals[0];
}

absl::StatusOr<CommonOptions> CommandOptions(const ParsedArguments& arguments,
                                             const std::string& command) {
  for (const Command& entry : AllCommands()) {
    if (entry.name == command) {
      return ParseCommonOptions(arguments, entry.formats, command);
    }
  }
  return absl::InternalError(absl::StrCat("no command named ", command));
}

absl::StatusOr<Session> OpenSession(const ParsedArguments& arguments,
                                    const std::string& command) {
  Session session;
  absl::StatusOr<CommonOptions> options = CommandOptions(arguments, command);
  if (!options.ok()) return options.status();
  session.options = *std::move(options);

  absl::StatusOr<std::string> path = ModelPath(arguments, command);
  if (!path.ok()) return path.status();
  session.path = *std::move(path);

  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      LoadPolicy(session.path);
  if (!policy.ok()) return policy.status();
  session.policy = *std::move(policy);

  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      CreateEvaluator(session.policy, session.path, session.options);
  if (!evaluator.ok()) return evaluator.status();
  session.evaluator = *std::move(evaluator);
  return session;
}

}  // namespace rolegraph::cli
