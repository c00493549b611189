#include "model/text_errors.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "model/suggest.h"

namespace rolegraph::model_internal {
namespace {

size_t OffsetOfParserPosition(absl::string_view text, int line, int column) {
  size_t offset = 0;
  for (int current = 0; current < line; ++current) {
    const size_t newline = text.find('\n', offset);
    if (newline == absl::string_view::npos) return text.size();
    offset = newline + 1;
  }
  int parser_column = 0;
  while (offset < text.size() && text[offset] != '\n' &&
         parser_column < column) {
    parser_column =
        text[offset] == '\t' ? (parser_column / 8 + 1) * 8 : parser_column + 1;
    ++offset;
  }
  return offset;
}

// Returns the text between the n-th pair of double quotes in `message`.
std::string QuotedPart(absl::string_view message, int n) {
  size_t start = 0;
  for (int i = 0; i <= n; ++i) {
    start = message.find('"', start);
    if (start == absl::string_view::npos) return std::string();
    const size_t end = message.find('"', start + 1);
    if (end == absl::string_view::npos) return std::string();
    if (i == n) return std::string(message.substr(start + 1, end - start - 1));
    start = end + 1;
  }
  return std::string();
}

std::string HintForUnknownField(absl::string_view message) {
  const std::string type_name = QuotedPart(message, 0);
  const std::string field_name = QuotedPart(message, 1);
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          type_name);
  if (descriptor != nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      names.push_back(descriptor->field(i)->name());
    }
    const std::string suggestion = ClosestMatch(field_name, names);
    if (!suggestion.empty())
      return absl::StrCat("did you mean \"", suggestion, "\"?");
  }
  return "remove the field or check its spelling against the model reference "
         "(text format uses snake_case field names)";
}

}  // namespace

LocatedError ExplainTextError(int line, int column,
                              absl::string_view parser_message,
                              absl::string_view text) {
  LocatedError error;
  error.message = std::string(parser_message);
  // The hint follows after a semicolon, so the period that ends protobuf's
  // messages goes.
  if (!error.message.empty() && error.message.back() == '.')
    error.message.pop_back();
  // At the end of the input the parser names an empty token.
  if (absl::EndsWith(error.message, "got: ")) error.message += "end of file";

  size_t offset = OffsetOfParserPosition(text, line, column);
  const bool unknown_field =
      absl::StrContains(parser_message, "has no field named");
  const bool unknown_enum =
      absl::StrContains(parser_message, "nknown enumeration value");
  if (unknown_field || unknown_enum) {
    const std::string name = QuotedPart(parser_message, unknown_field ? 1 : 0);
    const size_t found =
        name.empty() ? absl::string_view::npos : text.rfind(name, offset);
    if (found != absl::string_view::npos) offset = found;
  }
  error.location = LocationOfOffset(text, offset);

  if (offset >= text.size() ||
      absl::StripTrailingAsciiWhitespace(text.substr(offset)).empty()) {
    error.hint = "restore the end of the file, which may be truncated";
  } else if (unknown_field) {
    error.hint = HintForUnknownField(parser_message);
  } else if (unknown_enum) {
    error.hint = "use one of the enum's value names from the model reference";
  } else if (absl::StrContains(parser_message, "specified multiple times")) {
    error.hint = "remove one of the two values";
  } else {
    error.hint = "fix the text-format syntax at this position";
  }
  return error;
}

}  // namespace rolegraph::model_internal
