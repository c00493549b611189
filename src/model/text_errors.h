// Turns the errors of protobuf's text-format parser into located messages.
#ifndef ROLEGRAPH_SRC_MODEL_TEXT_ERRORS_H_
#define ROLEGRAPH_SRC_MODEL_TEXT_ERRORS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "model/source_text.h"

namespace rolegraph::model_internal {

// Explains `parser_message`, reported by google::protobuf::TextFormat::Parser
// (3.21) at the zero-based `line` and `column` of `text`. The parser counts
// columns in bytes and advances a tab to the next multiple of 8. The result
// counts code points like every other location. For an unknown field or
// enum value the parser points past the name, so the result points at the
// name itself.
LocatedError ExplainTextError(int line, int column,
                              absl::string_view parser_message,
                              absl::string_view text);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_TEXT_ERRORS_H_
