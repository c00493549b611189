#include "model/json_errors.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "model/json_scan.h"
#include "model/suggest.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::model_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

// The parts of a protobuf JSON error: "(PATH) FIELD: Cannot find field." or
// "(PATH): invalid value VALUE for type TYPE".
struct ProtobufJsonError {
  std::string path;
  std::string unknown_field;
  std::string value;
  std::string type;
  std::string detail;
};

ProtobufJsonError SplitProtobufError(absl::string_view message) {
  // Some messages go on with a copy of the input and a caret line.
  message = message.substr(0, message.find('\n'));

  ProtobufJsonError error;
  if (absl::StartsWith(message, "(")) {
    const size_t close = message.find(')');
    if (close != absl::string_view::npos) {
      error.path = std::string(message.substr(1, close - 1));
      message.remove_prefix(close + 1);
    }
  }

  constexpr absl::string_view kCannotFind = ": Cannot find field.";
  constexpr absl::string_view kInvalidValue = ": invalid value ";
  constexpr absl::string_view kForType = " for type ";
  if (absl::EndsWith(message, kCannotFind)) {
    message.remove_suffix(kCannotFind.size());
    error.unknown_field =
        std::string(absl::StripLeadingAsciiWhitespace(message));
  } else if (absl::StartsWith(message, kInvalidValue)) {
    message.remove_prefix(kInvalidValue.size());
    const size_t for_type = message.rfind(kForType);
    if (for_type != absl::string_view::npos) {
      error.type = std::string(message.substr(for_type + kForType.size()));
      message = message.substr(0, for_type);
    }
    error.value = std::string(message);
    constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";
    if (absl::StartsWith(error.type, kTypeUrlPrefix)) {
      error.type.erase(0, kTypeUrlPrefix.size());
    }
  } else {
    error.detail = std::string(
        absl::StripLeadingAsciiWhitespace(absl::StripPrefix(message, ":")));
  }
  return error;
}

// Returns the message type at a protobuf error path such as
// "roles[0].inducements[1]", or null when the path leaves the model.
const Descriptor* MessageAtPath(absl::string_view path) {
  const Descriptor* descriptor = v1::Model::descriptor();
  if (path.empty()) return descriptor;
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    segment = segment.substr(0, segment.find('['));
    const FieldDescriptor* field =
        descriptor->FindFieldByName(std::string(segment));
    if (field == nullptr || field->message_type() == nullptr) return nullptr;
    descriptor = field->message_type();
  }
  return descriptor;
}

std::string HintForUnknownField(const ProtobufJsonError& error) {
  const Descriptor* descriptor = MessageAtPath(error.path);
  if (descriptor == nullptr) {
    return "remove the field or check its spelling against the model reference";
  }
  std::vector<std::string> names;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    names.push_back(descriptor->field(i)->json_name());
    names.push_back(descriptor->field(i)->name());
  }
  const std::string suggestion = ClosestMatch(error.unknown_field, names);
  if (!suggestion.empty())
    return absl::StrCat("did you mean \"", suggestion, "\"?");
  std::vector<std::string> json_names;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    json_names.push_back(descriptor->field(i)->json_name());
  }
  return absl::StrCat("remove it, or use one of the fields of ",
                      descriptor->full_name(), ": ",
                      absl::StrJoin(json_names, ", "));
}

std::string HintForType(const std::string& type) {
  if (type == "google.protobuf.Timestamp") {
    return "write an RFC 3339 timestamp with a time zone, such as "
           "\"2026-01-31T09:00:00Z\" or \"2026-01-31T10:00:00+01:00\"";
  }
  if (type == "google.protobuf.Duration") {
    return "write a duration in seconds with an 's' suffix, such as \"3600s\"";
  }
  if (type == "oneof") {
    return "an inducement has one target: set either \"role\" or "
           "\"privilege\", not both";
  }
  if (type == "TYPE_STRING")
    return "write the value as a string in double quotes";
  if (type == "TYPE_BOOL") return "write true or false";
  if (absl::StartsWith(type, "TYPE_INT") ||
      absl::StartsWith(type, "TYPE_UINT")) {
    return "write a whole number in range";
  }
  const EnumDescriptor* enum_type =
      DescriptorPool::generated_pool()->FindEnumTypeByName(type);
  if (enum_type != nullptr) {
    std::vector<std::string> values;
    for (int i = 0; i < enum_type->value_count(); ++i) {
      values.push_back(enum_type->value(i)->name());
    }
    return absl::StrCat("use one of ", absl::StrJoin(values, ", "));
  }
  return "check the value against the model reference";
}

// Finds the position for `path` in the index, falling back to the nearest
// enclosing member that was found.
SourceLocation Locate(const JsonLocationIndex& index, std::string path,
                      bool want_key) {
  while (!path.empty()) {
    const auto found = index.find(path);
    if (found != index.end()) {
      return want_key ? found->second.key : found->second.value;
    }
    want_key = true;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) break;
    path.resize(cut);
  }
  return SourceLocation{};
}

}  // namespace

LocatedError ExplainJsonError(absl::string_view protobuf_message,
                              absl::string_view text) {
  const ProtobufJsonError error = SplitProtobufError(protobuf_message);
  const JsonLocationIndex index = IndexJsonLocations(text);
  const std::string where = error.path.empty() ? "the model" : error.path;

  LocatedError located;
  if (!error.unknown_field.empty()) {
    const std::string field_path =
        error.path.empty()
            ? JsonNameToFieldName(error.unknown_field)
            : absl::StrCat(error.path, ".",
                           JsonNameToFieldName(error.unknown_field));
    located.location = Locate(index, field_path, /*want_key=*/true);
    located.message =
        absl::StrCat("unknown field \"", error.unknown_field, "\" in ", where);
    located.hint = HintForUnknownField(error);
  } else if (!error.type.empty() || !error.value.empty()) {
    located.location = Locate(index, error.path, /*want_key=*/false);
    located.message =
        absl::StrCat("invalid value for ", where, ": ", error.value);
    if (!error.type.empty())
      absl::StrAppend(&located.message, " (expected ", error.type, ")");
    located.hint = HintForType(error.type);
  } else {
    located.location = Locate(index, error.path, /*want_key=*/false);
    located.message =
        error.path.empty()
            ? absl::StrCat("invalid model: ", error.detail)
            : absl::StrCat("invalid value at ", where, ": ", error.detail);
    located.hint = "fix the value at this position";
  }
  return located;
}

}  // namespace rolegraph::model_internal
