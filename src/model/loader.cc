// Reading model files, and other rolegraph messages such as deltas, and
// parsing them in the three formats. Every error names the file, gives the
// line and column for the text formats, and ends with the fix.
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "model/json_errors.h"
#include "model/json_scan.h"
#include "model/source_text.h"
#include "model/message_loader.h"
#include "model/text_errors.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace {

using model_internal::SourceLocation;

absl::Status SyntaxError(absl::string_view file_name, SourceLocation location,
                         absl::string_view message, absl::string_view hint) {
  if (location.line <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": ", message, "; ", hint));
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("%s:%d:%d: %s; %s", file_name, location.line,
                      location.column, message, hint));
}

absl::Status CheckUtf8(absl::string_view content, absl::string_view file_name) {
  const auto error = model_internal::FindInvalidUtf8(content);
  if (!error) return absl::OkStatus();
  return SyntaxError(
      file_name, error->location,
      absl::StrFormat("invalid UTF-8: byte 0x%02X at byte offset %d does not "
                      "start a valid sequence",
                      error->byte, error->offset),
      "save the file as UTF-8");
}

absl::Status ParseJson(absl::string_view content, absl::string_view file_name,
                       google::protobuf::Message* message) {
  if (absl::Status status = CheckUtf8(content, file_name); !status.ok()) {
    return status;
  }
  content = model_internal::StripByteOrderMark(content);
  if (const auto error = model_internal::CheckJsonSyntax(
          content, message->GetDescriptor())) {
    return SyntaxError(file_name, error->location, error->message, error->hint);
  }

  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(content.data(), content.size()), message);
  if (!status.ok()) {
    const auto located =
        model_internal::ExplainJsonError(status.message().ToString(), content);
    return SyntaxError(file_name, located.location, located.message,
                       located.hint);
  }
  return absl::OkStatus();
}

// Keeps the first error of the text-format parser, with its zero-based
// position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (has_error_) return;
    has_error_ = true;
    line_ = line;
    column_ = column;
    message_ = message;
  }

  bool has_error() const { return has_error_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  bool has_error_ = false;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

absl::Status ParseText(absl::string_view content, absl::string_view file_name,
                       absl::string_view kind, google::protobuf::Message* message) {
  if (absl::Status status = CheckUtf8(content, file_name); !status.ok()) {
    return status;
  }
  content = model_internal::StripByteOrderMark(content);

  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const bool parsed = parser.ParseFromString(
      std::string(content.data(), content.size()), message);
  if (parsed && !errors.has_error()) return absl::OkStatus();
  if (!errors.has_error()) {
    return SyntaxError(file_name, {}, absl::StrCat("invalid text-format ", kind),
                       "check the file against the model reference");
  }

  const model_internal::LocatedError error = model_internal::ExplainTextError(
      errors.line(), errors.column(), errors.message(), content);
  return SyntaxError(file_name, error.location, error.message, error.hint);
}

absl::Status ParseBinary(absl::string_view content, absl::string_view file_name,
                         absl::string_view kind, google::protobuf::Message* message) {
  if (content.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name,
        ": the binary ", kind, " is larger than protobuf's 2 GiB limit; "
        "split the ", kind, " or use a smaller one"));
  }
  // A failed parse logs through protobuf's logger; the library never prints.
  google::protobuf::LogSilencer silence_protobuf_logging;
  if (!message->ParseFromArray(content.data(), static_cast<int>(content.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": not a valid binary ", message->GetDescriptor()->full_name(),
        ": the data is truncated or corrupt, or a string in it is not valid "
        "UTF-8; write the file again with ",
        kind == "model" ? "SerializeModel" : "SerializeToString",
        ", or give a text ", kind, " a .json or .txtpb extension"));
  }
  return absl::OkStatus();
}

std::string ErrnoText(int error_number) {
  char buffer[256];
  // The GNU variant of strerror_r returns the text, which may not be in
  // buffer.
  return strerror_r(error_number, buffer, sizeof(buffer));
}

absl::Status OpenError(const std::string& path, absl::string_view kind,
                       int error_number) {
  switch (error_number) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(
          absl::StrCat(path, ": ", kind, " file not found; check the path"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(absl::StrCat(
          path,
          ": permission denied reading the ", kind,
          " file; make it readable to this user"));
    case EISDIR:
      return absl::InvalidArgumentError(absl::StrCat(
          path,
          ": is a directory, not a ", kind, " file; give the path of a ",
          kind, " file inside it"));
    default:
      return absl::UnavailableError(absl::StrCat(
          path, ": cannot read the ", kind, " file: ", ErrnoText(error_number)));
  }
}

absl::Status TooLarge(const std::string& path, absl::string_view kind,
                      size_t limit, absl::string_view size) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": the ", kind, " file is ", size,
                   " bytes, more than the limit of ", limit,
                   " bytes; raise LoadOptions::max_file_bytes if the file is "
                   "genuine"));
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     absl::string_view kind, size_t limit) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return OpenError(path, kind, errno);
  if (S_ISDIR(info.st_mode)) return OpenError(path, kind, EISDIR);
  if (S_ISREG(info.st_mode) && static_cast<uint64_t>(info.st_size) > limit) {
    return TooLarge(path, kind, limit, absl::StrCat(info.st_size));
  }

  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return OpenError(path, kind, errno);

  // The size is checked again while reading, because pipes and files that
  // grow report no trustworthy size up front.
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const size_t read = std::fread(buffer, 1, sizeof(buffer), file.get());
    if (read > 0) {
      if (content.size() + read > limit) {
        return TooLarge(path, kind, limit, absl::StrCat("more than ", limit));
      }
      content.append(buffer, read);
    }
    if (read < sizeof(buffer)) break;
  }
  if (std::ferror(file.get())) return OpenError(path, kind, errno);
  return content;
}

}  // namespace

namespace model_internal {

absl::Status ParseMessage(absl::string_view content, ModelFormat format,
                          absl::string_view file_name, absl::string_view kind,
                          google::protobuf::Message* message) {
  const bool blank = format == ModelFormat::kBinary
                         ? content.empty()
                         : absl::StripAsciiWhitespace(content).empty();
  if (blank) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": the ", kind, " file is empty; write a ",
        message->GetDescriptor()->full_name(), " into it (an empty ", kind,
        " is {} in JSON)"));
  }

  switch (format) {
    case ModelFormat::kJson:
      return ParseJson(content, file_name, message);
    case ModelFormat::kText:
      return ParseText(content, file_name, kind, message);
    case ModelFormat::kBinary:
      return ParseBinary(content, file_name, kind, message);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(file_name, ": unknown ", kind, " format"));
}

absl::Status LoadMessage(const std::string& path, absl::string_view kind,
                         const LoadOptions& options,
                         google::protobuf::Message* message) {
  absl::StatusOr<ModelFormat> format = FormatForPath(path);
  if (!format.ok()) return format.status();

  absl::StatusOr<std::string> content =
      ReadFile(path, kind, options.max_file_bytes);
  if (!content.ok()) return content.status();

  return ParseMessage(*content, *format, path, kind, message);
}

}  // namespace model_internal

absl::StatusOr<v1::Model> ParseModel(absl::string_view content,
                                     ModelFormat format,
                                     absl::string_view file_name) {
  v1::Model model;
  absl::Status status =
      model_internal::ParseMessage(content, format, file_name, "model", &model);
  if (!status.ok()) return status;
  return model;
}

absl::StatusOr<v1::Model> LoadModel(const std::string& path,
                                    const LoadOptions& options) {
  v1::Model model;
  absl::Status status =
      model_internal::LoadMessage(path, "model", options, &model);
  if (!status.ok()) return status;
  return model;
}

}  // namespace rolegraph
