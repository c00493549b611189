#include "model/source_text.h"

namespace rolegraph::model_internal {
namespace {

// Returns the length of the well-formed UTF-8 sequence at `text[i]`, or 0
// when the bytes there are not one. The ranges follow RFC 3629, section 4.
size_t SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;

  size_t length = 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // No overlong forms.
    if (lead == 0xED) high = 0x9F;  // No UTF-16 surrogates.
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // No overlong forms.
    if (lead == 0xF4) high = 0x8F;  // Nothing above U+10FFFF.
  } else {
    return 0;
  }

  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::optional<Utf8Error> FindInvalidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = SequenceLength(text, i);
    if (length == 0) {
      Utf8Error error;
      error.offset = i;
      error.byte = static_cast<unsigned char>(text[i]);
      error.location = LocationOfOffset(text, i);
      return error;
    }
    i += length;
  }
  return std::nullopt;
}

SourceLocation LocationOfOffset(absl::string_view text, size_t offset) {
  SourceLocation location{1, 1};
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++location.line;
      location.column = 1;
    } else if (!IsContinuationByte(text[i])) {
      ++location.column;
    }
  }
  return location;
}

absl::string_view StripByteOrderMark(absl::string_view text) {
  constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  return text;
}

}  // namespace rolegraph::model_internal
