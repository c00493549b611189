// Helpers for locating problems in model source text: UTF-8 validation and
// conversion of byte offsets to line and column.
#ifndef ROLEGRAPH_SRC_MODEL_SOURCE_TEXT_H_
#define ROLEGRAPH_SRC_MODEL_SOURCE_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace rolegraph::model_internal {

// A 1-based position in a text file. Columns count Unicode code points, so
// a tab or a multi-byte character is one column.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

// A parse error restated for a person.
struct LocatedError {
  // Zero line and column when the position is not known.
  SourceLocation location;
  // The problem.
  std::string message;
  // The fix, for the person editing the file.
  std::string hint;
};

// The first byte that is not part of a well-formed UTF-8 sequence.
struct Utf8Error {
  size_t offset = 0;
  unsigned char byte = 0;
  SourceLocation location;
};

// Returns the first invalid UTF-8 sequence in `text` (overlong forms,
// surrogates, code points above U+10FFFF and truncated sequences count as
// invalid), or nullopt when the text is valid.
std::optional<Utf8Error> FindInvalidUtf8(absl::string_view text);

// Returns the line and column of the byte at `offset` in `text`.
SourceLocation LocationOfOffset(absl::string_view text, size_t offset);

// Returns `text` without a leading UTF-8 byte order mark.
absl::string_view StripByteOrderMark(absl::string_view text);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_SOURCE_TEXT_H_
