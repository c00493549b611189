// Model file formats: choosing one by extension, and serialising a model.
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace {

constexpr absl::string_view kSupportedExtensions =
    ".json (proto3 JSON), .txtpb, .textproto or .pbtxt (text format), or "
    ".binpb or .pb (binary)";

}  // namespace

absl::StatusOr<ModelFormat> FormatForPath(absl::string_view path) {
  const size_t slash = path.find_last_of('/');
  const absl::string_view base =
      slash == absl::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == absl::string_view::npos || dot == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": the file name has no extension, so the model "
                     "format is unknown; name the file with ",
                     kSupportedExtensions));
  }

  const std::string extension = absl::AsciiStrToLower(base.substr(dot));
  if (extension == ".json") return ModelFormat::kJson;
  if (extension == ".txtpb" || extension == ".textproto" ||
      extension == ".pbtxt") {
    return ModelFormat::kText;
  }
  if (extension == ".binpb" || extension == ".pb") return ModelFormat::kBinary;
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": unsupported model file extension \"",
                   base.substr(dot), "\"; use ", kSupportedExtensions));
}

absl::StatusOr<std::string> SerializeModel(const v1::Model& model,
                                           ModelFormat format) {
  std::string out;
  switch (format) {
    case ModelFormat::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = false;
      const auto status =
          google::protobuf::util::MessageToJsonString(model, &out, options);
      if (!status.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "cannot write the model as JSON: ", status.message().ToString()));
      }
      return out;
    }
    case ModelFormat::kText:
      if (!google::protobuf::TextFormat::PrintToString(model, &out)) {
        return absl::InternalError("cannot write the model in text format");
      }
      return out;
    case ModelFormat::kBinary:
      if (!model.SerializeToString(&out)) {
        return absl::InvalidArgumentError(
            "cannot write the model in binary: it is larger than protobuf's "
            "2 GiB message limit");
      }
      return out;
  }
  return absl::InvalidArgumentError("unknown model format");
}

}  // namespace rolegraph
