// A small command-line parser for the rolegraph program. Each command
// declares its flags; the parser accepts "--name value", "--name=value" and
// the short aliases the command declares, and rejects anything else.
#ifndef ROLEGRAPH_TOOLS_ROLEGRAPH_ARGUMENTS_H_
#define ROLEGRAPH_TOOLS_ROLEGRAPH_ARGUMENTS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace rolegraph::cli {

struct FlagSpec {
  // The long name without dashes, such as "user".
  std::string name;
  // A one-letter alias without the dash, such as "o"; empty for none.
  std::string short_name;
  // Whether the flag takes a value. Flags without a value are switches
  // such as --help.
  bool takes_value = true;
  // Whether the flag may be given more than once.
  bool repeatable = false;
  // Text for --help: the value's placeholder and what the flag sets.
  std::string value_name;
  std::string help;
};

class ParsedArguments {
 public:
  bool Has(const std::string& name) const { return values_.contains(name); }
  // The flag's value, or `fallback` when the flag is absent.
  std::string Get(const std::string& name,
                  const std::string& fallback = "") const;
  // Every value of a repeatable flag, in command-line order.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend absl::StatusOr<ParsedArguments> ParseArguments(
      absl::Span<const std::string> arguments, absl::Span<const FlagSpec> specs,
      const std::string& command);

  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

// Parses the arguments that follow the command name. Unknown flags, missing
// values and repeated single-value flags are InvalidArgument naming the
// flag. "--" ends the flags: everything after it is positional.
absl::StatusOr<ParsedArguments> ParseArguments(
    absl::Span<const std::string> arguments, absl::Span<const FlagSpec> specs,
    const std::string& command);

}  // namespace rolegraph::cli

#endif  // ROLEGRAPH_TOOLS_ROLEGRAPH_ARGUMENTS_H_
