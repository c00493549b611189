// LoadDelta: reads a ModelDelta file with the model loader's parsers, so
// delta files get the same formats and located errors as model files.
#include "absl/status/status.h"
#include "model/message_loader.h"
#include "rolegraph/model.h"
#include "rolegraph/simulate.h"

namespace rolegraph {

absl::StatusOr<v1::ModelDelta> LoadDelta(const std::string& path) {
  v1::ModelDelta delta;
  absl::Status status =
      model_internal::LoadMessage(path, "delta", LoadOptions(), &delta);
  if (!status.ok()) return status;
  return delta;
}

absl::StatusOr<v1::ModelDelta> ParseDelta(absl::string_view content, ModelFormat format,
                                          absl::string_view name) {
  v1::ModelDelta delta;
  absl::Status status = model_internal::ParseMessage(content, format, name, "delta", &delta);
  if (!status.ok()) return status;
  return delta;
}

}  // namespace rolegraph
