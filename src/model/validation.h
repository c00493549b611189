// The checks behind ValidateModel, one concept per file, and the shared
// pieces they use: the diagnostic list and the id index of a model.
#ifndef ROLEGRAPH_SRC_MODEL_VALIDATION_H_
#define ROLEGRAPH_SRC_MODEL_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "rolegraph/model.h"
#include "rolegraph/v1/model.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::model_internal {

// Collects the diagnostics of one validation run.
class DiagnosticList {
 public:
  explicit DiagnosticList(absl::string_view file) : file_(file) {}

  void AddError(std::string path, absl::string_view code, std::string message,
                std::string hint);
  void AddWarning(std::string path, absl::string_view code, std::string message,
                  std::string hint);

  // Returns the result with the diagnostics sorted by the position of their
  // path in the model (field order, then index), and in the order they were
  // added when the paths are equal.
  v1::ValidationResult Finish() &&;

 private:
  void Add(v1::Severity severity, std::string path, absl::string_view code,
           std::string message, std::string hint);

  std::string file_;
  std::vector<v1::Diagnostic> diagnostics_;
};

// The ids of one namespace. An id defined twice maps to its first
// definition.
struct IdIndex {
  absl::flat_hash_map<std::string, int> position;
  // Distinct ids in model order, for "did you mean" suggestions.
  std::vector<std::string> ids;

  bool Contains(const std::string& id) const { return position.contains(id); }
};

struct ModelIndex {
  IdIndex privileges;
  IdIndex roles;
  IdIndex users;
  IdIndex switches;
};

ModelIndex IndexModel(const v1::Model& model);

// Returns an id or a value quoted for a message, in double quotes and with
// control characters and quotes escaped.
std::string Quote(absl::string_view value);

// Returns the hint for a reference to `id` that is not in `index`: a
// suggestion when a defined id is close, or how to define it.
std::string HintForUnknownId(const IdIndex& index, const std::string& id,
                             absl::string_view kind);

// Reports duplicate, empty and malformed ids in every namespace, and ids that
// differ only by case (warnings).
// Ids longer than `max_id_bytes` are errors.
void CheckIds(const v1::Model& model, size_t max_id_bytes,
              DiagnosticList& diagnostics);

// Reports dangling and missing references, self-references, incident types and
// exclusion rules.
void CheckReferences(const v1::Model& model, const ModelIndex& index,
                     DiagnosticList& diagnostics);

// Reports cycles in the role graph longer than one role (warnings).
void CheckRoleCycles(const v1::Model& model, const ModelIndex& index,
                     DiagnosticList& diagnostics);

// Reports conditions that do not compile against the model's switches.
void CheckConditions(const v1::Model& model, const ModelIndex& index,
                     const ValidationOptions& options,
                     DiagnosticList& diagnostics);

// Reports invalid field values: enum numbers, timestamps and durations out
// of range, inverted validity windows, negative inducement orders,
// privileges without resource or action, and switch times.
void CheckValues(const v1::Model& model, DiagnosticList& diagnostics);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_VALIDATION_H_
