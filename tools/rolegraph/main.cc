// rolegraph: evaluates role-based access policies and reports incident
// readiness. Run `rolegraph --help` for the commands.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "arguments.h"
#include "commands.h"
#include "common.h"

namespace rolegraph::cli {
namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: rolegraph <command> MODEL [flags]\n\n"
         "Evaluates role-based access policies and reports incident "
         "readiness.\n\ncommands:\n";
  std::vector<std::vector<std::string>> rows;
  for (const Command& command : AllCommands()) {
    rows.push_back({command.name, command.summary});
  }
  PrintTable(out, rows);
  out << "\nRun 'rolegraph <command> --help' for a command's flags.\n"
         "Exit codes: 0 success or allow, 1 deny (check), 2 invalid usage, "
         "input or model.\n";
}

void PrintCommandHelp(const Command& command, std::ostream& out) {
  out << "usage: rolegraph " << command.usage << "\n\n"
      << command.summary << "\n\nflags:\n";
  std::vector<FlagSpec> flags = command.flags;
  for (FlagSpec& flag : CommonFlags()) {
    // A command's own flag of the same name replaces the common one, as in
    // parsing, where the command's flags are looked up first.
    const bool replaced = std::any_of(
        command.flags.begin(), command.flags.end(),
        [&](const FlagSpec& own) { return own.name == flag.name; });
    if (!replaced) flags.push_back(std::move(flag));
  }

  std::vector<std::vector<std::string>> rows;
  for (const FlagSpec& flag : flags) {
    std::string name = absl::StrCat("--", flag.name);
    if (!flag.short_name.empty()) {
      name = absl::StrCat("-", flag.short_name, ", ", name);
    }
    if (flag.takes_value) absl::StrAppend(&name, " ", flag.value_name);
    rows.push_back({name, flag.help});
  }
  PrintTable(out, rows);
}

const Command* FindCommand(const std::string& name) {
  for (const Command& command : AllCommands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

int Fail(const std::string& message) {
  std::cerr << "rolegraph: " << message << "\n";
  return kExitInvalid;
}

int Run(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    PrintUsage(std::cerr);
    return kExitInvalid;
  }
  const std::string& name = arguments[0];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return kExitSuccess;
  }

  const Command* command = FindCommand(name);
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command& known : AllCommands()) names.push_back(known.name);
    std::string message = absl::StrCat("unknown command \"", name, "\"");
    if (std::optional<std::string> close = ClosestId(name, names)) {
      absl::StrAppend(&message, "; did you mean \"", *close, "\"?");
    } else {
      absl::StrAppend(&message, "; run 'rolegraph --help' to list commands");
    }
    return Fail(message);
  }

  std::vector<FlagSpec> flags = command->flags;
  for (FlagSpec& flag : CommonFlags()) flags.push_back(std::move(flag));
  std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  absl::StatusOr<ParsedArguments> parsed =
      ParseArguments(rest, flags, command->name);
  if (!parsed.ok()) return Fail(std::string(parsed.status().message()));
  if (parsed->Has("help")) {
    PrintCommandHelp(*command, std::cout);
    return kExitSuccess;
  }

  absl::StatusOr<int> exit_code = command->run(*parsed);
  if (!exit_code.ok()) return Fail(std::string(exit_code.status().message()));
  return *exit_code;
}

}  // namespace
}  // namespace rolegraph::cli

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  return rolegraph::cli::Run(arguments);
}
