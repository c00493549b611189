// The rolegraph commands. Each Run* function receives the arguments after
// the command name, already parsed against the command's flags, and returns
// the exit code, or a status whose message main() prints before exiting 2.
#ifndef ROLEGRAPH_TOOLS_ROLEGRAPH_COMMANDS_H_
#define ROLEGRAPH_TOOLS_ROLEGRAPH_COMMANDS_H_

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "arguments.h"
#include "common.h"

namespace rolegraph::cli {

using CommandHandler = absl::StatusOr<int> (*)(const ParsedArguments&);

struct Command {
  std::string name;
  // The synopsis after "rolegraph ".
  std::string usage;
  std::string summary;
  // The command's own flags; the common flags are added to every command.
  std::vector<FlagSpec> flags;
  std::vector<OutputFormat> formats;
  CommandHandler run = nullptr;
};

// Every command, in the order --help lists them.
const std::vector<Command>& AllCommands();

absl::StatusOr<int> RunValidate(const ParsedArguments& arguments);
absl::StatusOr<int> RunCheck(const ParsedArguments& arguments);
absl::StatusOr<int> RunPrivileges(const ParsedArguments& arguments);
absl::StatusOr<int> RunExplain(const ParsedArguments& arguments);
absl::StatusOr<int> RunWhoHas(const ParsedArguments& arguments);
absl::StatusOr<int> RunReport(const ParsedArguments& arguments);
absl::StatusOr<int> RunImport(const ParsedArguments& arguments);

// The text form of the incident-readiness report.
void PrintReportText(const v1::IncidentReadinessReport& report, int limit,
                     std::ostream& out);

// A model loaded and compiled, with the evaluator for the command's
// context.
struct Session {
  std::string path;
  CommonOptions options;
  std::shared_ptr<const Policy> policy;
  std::unique_ptr<Evaluator> evaluator;
};

// Reads the common flags, then loads the model and creates the evaluator.
absl::StatusOr<Session> OpenSession(const ParsedArguments& arguments,
                                    const std::string& command);

// Reads the common flags with the formats the command supports.
absl::StatusOr<CommonOptions> CommandOptions(const ParsedArguments& arguments,
                                             const std::string& command);

// The command's model path: its one positional argument.
absl::StatusOr<std::string> ModelPath(const ParsedArguments& arguments,
                                      const std::string& command);

}  // namespace rolegraph::cli

#endif  // ROLEGRAPH_TOOLS_ROLEGRAPH_COMMANDS_H_
