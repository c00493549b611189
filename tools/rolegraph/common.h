// Helpers shared by the rolegraph commands: the common flags, loading a
// model into a compiled policy, resolving ids with suggestions, and output.
//
// Errors are absl::Status values whose message is one line for stderr: what
// failed, where, and what to do. main() prefixes "rolegraph: " and exits 2.
#ifndef ROLEGRAPH_TOOLS_ROLEGRAPH_COMMON_H_
#define ROLEGRAPH_TOOLS_ROLEGRAPH_COMMON_H_

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "arguments.h"
#include "google/protobuf/message.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitDeny = 1;
inline constexpr int kExitInvalid = 2;

enum class OutputFormat { kText, kJson, kCsv };

// The flags every command takes.
struct CommonOptions {
  OutputFormat format = OutputFormat::kText;
  EvaluationContext context;
  // How many items a text list shows before "... and N more"; 0 for all.
  int limit = 20;
};

// The flag specs of the common flags, to append to a command's own.
std::vector<FlagSpec> CommonFlags();

// Reads --format, --at, --switch, --configuration and --limit. A format
// outside `formats` is InvalidArgument naming the ones the command supports.
absl::StatusOr<CommonOptions> ParseCommonOptions(
    const ParsedArguments& arguments, absl::Span<const OutputFormat> formats,
    const std::string& command);

// Returns the value of a required flag, or InvalidArgument naming it.
absl::StatusOr<std::string> RequireFlag(const ParsedArguments& arguments,
                                        const std::string& flag,
                                        const std::string& command);

// Parses a non-negative integer flag value.
absl::StatusOr<int> ParseCount(const std::string& flag,
                               const std::string& value);

// Loads, validates and compiles the model file. Validation errors go to
// stderr one per line, and the returned status gives their number.
absl::StatusOr<std::shared_ptr<const Policy>> LoadPolicy(
    const std::string& path);

// Creates the evaluator for the options' context. A --switch naming an
// unknown switch is InvalidArgument with a suggestion.
absl::StatusOr<std::unique_ptr<Evaluator>> CreateEvaluator(
    std::shared_ptr<const Policy> policy, const std::string& path,
    const CommonOptions& options);

// Id lookups that fail with a message naming the id, the model file and the
// closest known id.
absl::StatusOr<UserIndex> ResolveUser(const Policy& policy,
                                      const std::string& path,
                                      const std::string& id);
absl::StatusOr<PrivilegeIndex> ResolvePrivilege(const Policy& policy,
                                                const std::string& path,
                                                const std::string& id);
// Every privilege on the resource, sorted.
absl::StatusOr<std::vector<PrivilegeIndex>> ResolveResource(
    const Policy& policy, const std::string& path, const std::string& id);

// The candidate closest to `id` by edit distance, if one is close enough
// to be a likely typo.
std::optional<std::string> ClosestId(const std::string& id,
                                     const std::vector<std::string>& candidates);

// The proto3 JSON form of a message, with zero values printed, and a
// trailing newline.
std::string ToJson(const google::protobuf::Message& message);

// One CSV record, quoted where needed, with a trailing newline.
std::string CsvRow(const std::vector<std::string>& fields);

// Prints rows as left-aligned columns separated by two spaces. The first
// row is the header when there is one.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                const std::string& indent = "  ");

// Prints the header and up to `limit` rows as a table (all rows when limit
// is 0), then "... and N more". An empty header prints no header row.
void PrintTableLimited(std::ostream& out, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       int limit, const std::string& indent = "  ");

// Prints up to `limit` items one per line (all of them when limit is 0),
// then "... and N more".
void PrintList(std::ostream& out, const std::vector<std::string>& items,
               int limit, const std::string& indent = "  ");

// Joins up to `limit` items with ", " and appends "... and N more".
std::string JoinLimited(const std::vector<std::string>& items, int limit);

// "file:line:col: error: message (hint)" or "file: path: ...".
std::string FormatDiagnostic(const v1::Diagnostic& diagnostic);

// Prints condition evaluation failures of the evaluator to stderr as
// warnings, at most `limit` of them.
void ReportEvaluationErrors(const Evaluator& evaluator, int limit);

// "1 user", "3 users".
std::string CountOf(int64_t count, const std::string& singular,
                    const std::string& plural);

std::string SensitivityName(v1::Sensitivity sensitivity);

// A timestamp as RFC 3339 in UTC.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace rolegraph::cli

#endif  // ROLEGRAPH_TOOLS_ROLEGRAPH_COMMON_H_
