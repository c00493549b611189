// Reading any protobuf message from a file with the model loader's
// machinery: the format follows the extension, and every error names the
// file and, for the text formats, the line and column. LoadModel and
// LoadDelta are built on it.
#ifndef ROLEGRAPH_SRC_MODEL_MESSAGE_LOADER_H_
#define ROLEGRAPH_SRC_MODEL_MESSAGE_LOADER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "rolegraph/model.h"

namespace rolegraph::model_internal {

// Parses content already in memory into `message`. `kind` names the content
// in error messages, such as "model" or "delta".
absl::Status ParseMessage(absl::string_view content, ModelFormat format,
                          absl::string_view file_name, absl::string_view kind,
                          google::protobuf::Message* message);

// Reads the file and parses it into `message`, with the errors LoadModel
// documents, worded for `kind`.
absl::Status LoadMessage(const std::string& path, absl::string_view kind,
                         const LoadOptions& options,
                         google::protobuf::Message* message);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_MESSAGE_LOADER_H_
