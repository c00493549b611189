// Turns the errors of protobuf's JSON parser into located messages.
#ifndef ROLEGRAPH_SRC_MODEL_JSON_ERRORS_H_
#define ROLEGRAPH_SRC_MODEL_JSON_ERRORS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "model/source_text.h"

namespace rolegraph::model_internal {

// Explains `protobuf_message`, an error message of
// google::protobuf::util::JsonStringToMessage (3.21) such as
// `(roles[0].kind): invalid value "X" for type ...`, and finds the position
// of the offending key or value in `text`, which has passed CheckJsonSyntax.
LocatedError ExplainJsonError(absl::string_view protobuf_message,
                              absl::string_view text);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_JSON_ERRORS_H_
