// Loading and validating rolegraph policy models.
//
// A model file holds one rolegraph.v1.Model. The format follows the file
// extension: `.json` (proto3 JSON), `.txtpb`, `.textproto` or `.pbtxt` (text
// format), `.binpb` or `.pb` (binary).
//
//   absl::StatusOr<rolegraph::v1::Model> model = rolegraph::LoadModel(path);
//   if (!model.ok()) return model.status();
//   rolegraph::v1::ValidationResult result = rolegraph::ValidateModel(*model, path);
//
// The functions here are thread-compatible: they share no state.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_MODEL_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_MODEL_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rolegraph/v1/model.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

enum class ModelFormat { kJson, kText, kBinary };

// Returns the format for a file name's extension, or InvalidArgument naming
// the supported extensions.
absl::StatusOr<ModelFormat> FormatForPath(absl::string_view path);

struct LoadOptions {
  // Files larger than this are rejected before parsing.
  size_t max_file_bytes = size_t{1} << 31;
};

// Reads and parses a model file. Syntax errors are InvalidArgument with a
// message "FILE:LINE:COLUMN: what is wrong" (the location is omitted for
// binary files); a missing or unreadable file is NotFound or
// PermissionDenied naming the path.
absl::StatusOr<v1::Model> LoadModel(const std::string& path,
                                    const LoadOptions& options = LoadOptions());

// Parses model content already in memory. `file_name` appears in messages.
absl::StatusOr<v1::Model> ParseModel(absl::string_view content,
                                     ModelFormat format,
                                     absl::string_view file_name);

// Serialises a model in the given format.
absl::StatusOr<std::string> SerializeModel(const v1::Model& model,
                                           ModelFormat format);

// Limits that ValidateModel enforces, so that hostile or broken input gets
// a clear error instead of slow evaluation or huge messages.
struct ValidationOptions {
  // Ids (of privileges, roles, users, switches, incident types and
  // exclusion rules) longer than this many bytes are errors.
  size_t max_id_bytes = 1024;
  // Conditions longer than this many bytes are errors.
  size_t max_condition_bytes = 64 * 1024;
  // Conditions whose expressions nest deeper than this are errors.
  // NOTE: the condition parser recurses once per level, so a limit of many
  // thousands can overflow a small thread stack.
  int max_condition_nesting_depth = 64;
};

// Checks a parsed model for every semantic problem in one pass: duplicate,
// empty or malformed ids, dangling references, self-references, cycles
// (warnings), conditions that do not compile, unknown switches, inverted
// validity windows, ids that differ only by case (warnings) and values
// beyond the limits of `options`. Each
// diagnostic carries `file`, the field path and a hint.
v1::ValidationResult ValidateModel(
    const v1::Model& model, absl::string_view file_name,
    const ValidationOptions& options = ValidationOptions());

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_MODEL_H_
