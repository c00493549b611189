#include "arguments.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace rolegraph::cli {
namespace {

const FlagSpec* FindSpec(absl::Span<const FlagSpec> specs,
                         absl::string_view name, bool is_short) {
  for (const FlagSpec& spec : specs) {
    if ((is_short ? spec.short_name : spec.name) == name) return &spec;
  }
  return nullptr;
}

absl::Status UnknownFlag(absl::string_view flag, const std::string& command) {
  return absl::InvalidArgumentError(
      absl::StrCat("unknown flag ", flag, " for 'rolegraph ", command,
                   "'; run 'rolegraph ", command, " --help' to list its flags"));
}

}  // namespace

std::string ParsedArguments::Get(const std::string& name,
                                 const std::string& fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string> ParsedArguments::GetAll(
    const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return {};
  return it->second;
}

absl::StatusOr<ParsedArguments> ParseArguments(
    absl::Span<const std::string> arguments, absl::Span<const FlagSpec> specs,
    const std::string& command) {
  ParsedArguments parsed;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "--") {
      parsed.positionals_.insert(parsed.positionals_.end(),
                                 arguments.begin() + i + 1, arguments.end());
      break;
    }
    if (argument.size() < 2 || argument[0] != '-') {
      parsed.positionals_.push_back(argument);
      continue;
    }

    // Split "--name=value" and look the flag up by its long or short name.
    const bool is_short = !absl::StartsWith(argument, "--");
    std::string name = argument.substr(is_short ? 1 : 2);
    std::optional<std::string> inline_value;
    if (size_t equals = name.find('='); equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name.resize(equals);
    }
    const FlagSpec* spec = FindSpec(specs, name, is_short);
    if (spec == nullptr) return UnknownFlag(argument, command);
    const std::string display = absl::StrCat("--", spec->name);

    std::string value;
    if (!spec->takes_value) {
      if (inline_value.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat(display, " takes no value; remove \"=",
                         *inline_value, "\""));
      }
    } else if (inline_value.has_value()) {
      value = *inline_value;
    } else if (i + 1 < arguments.size()) {
      value = arguments[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "missing value for ", display, "; expected ", display, " ",
          spec->value_name));
    }

    std::vector<std::string>& values = parsed.values_[spec->name];
    if (!values.empty() && !spec->repeatable) {
      return absl::InvalidArgumentError(absl::StrCat(
          display, " was given more than once; give it once"));
    }
    values.push_back(std::move(value));
  }
  return parsed;
}

}  // namespace rolegraph::cli
