// rolegraph import upa: builds a model from user-permission data and writes
// it atomically, so a reader never sees a half-written model file.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "commands.h"
#include "rolegraph/import.h"
#include "rolegraph/model.h"

namespace rolegraph::cli {
namespace {

absl::Status WriteError(const std::string& what, const std::string& path) {
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot ", what, " ", path, ": ", std::strerror(errno),
      "; check that the directory exists and is writable"));
}

absl::Status WriteAll(int fd, const std::string& content,
                      const std::string& path) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t result =
        ::write(fd, content.data() + written, content.size() - written);
    if (result < 0 && errno == EINTR) continue;
    if (result < 0) return WriteError("write", path);
    written += static_cast<size_t>(result);
  }
  return absl::OkStatus();
}

// Writes to a temporary file in the target's directory, flushes it to disk
// and renames it over the target, then flushes the directory entry.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& content) {
  std::filesystem::path target(path);
  std::filesystem::path directory = target.parent_path();
  if (directory.empty()) directory = ".";
  std::string temporary =
      (directory / ("." + target.filename().string() + ".tmp.XXXXXX")).string();

  int fd = ::mkstemp(temporary.data());
  if (fd < 0) return WriteError("create a temporary file for", path);
  absl::Status status = WriteAll(fd, content, temporary);
  if (status.ok() && ::fsync(fd) != 0) status = WriteError("flush", temporary);
  if (::close(fd) != 0 && status.ok()) status = WriteError("close", temporary);
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
    status = WriteError("rename the temporary file to", path);
  }
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    return status;
  }

  // The rename is durable only once the directory is flushed as well.
  int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (directory_fd >= 0) {
    ::fsync(directory_fd);
    ::close(directory_fd);
  }
  return absl::OkStatus();
}

absl::Status CheckImportedModel(const v1::Model& model,
                                const std::string& output) {
  v1::ValidationResult validation = ValidateModel(model, output);
  if (validation.error_count() == 0) return absl::OkStatus();
  for (const v1::Diagnostic& diagnostic : validation.diagnostics()) {
    if (diagnostic.severity() == v1::SEVERITY_ERROR) {
      std::cerr << FormatDiagnostic(diagnostic) << "\n";
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "the imported model has ",
      CountOf(validation.error_count(), "validation error", "validation errors"),
      "; nothing was written to ", output, ". Check the input files"));
}

}  // namespace

absl::StatusOr<int> RunImport(const ParsedArguments& arguments) {
  absl::StatusOr<CommonOptions> options = CommandOptions(arguments, "import");
  if (!options.ok()) return options.status();
  const std::vector<std::string>& positionals = arguments.positionals();
  if (positionals.size() != 1 || positionals[0] != "upa") {
    return absl::InvalidArgumentError(
        "'rolegraph import' needs the source kind: use 'rolegraph import upa "
        "--upa FILE [--roles FILE] -o MODEL'");
  }
  absl::StatusOr<std::string> upa = RequireFlag(arguments, "upa", "import");
  if (!upa.ok()) return upa.status();
  absl::StatusOr<std::string> output = RequireFlag(arguments, "output", "import");
  if (!output.ok()) return output.status();
  absl::StatusOr<ModelFormat> format = FormatForPath(*output);
  if (!format.ok()) return format.status();

  UpaImportOptions import_options;
  import_options.upa_path = *upa;
  import_options.roles_path = arguments.Get("roles");
  import_options.model_name = arguments.Get("name");
  absl::StatusOr<v1::Model> model = ImportUpa(import_options);
  if (!model.ok()) return model.status();
  if (absl::Status valid = CheckImportedModel(*model, *output); !valid.ok()) {
    return valid;
  }

  absl::StatusOr<std::string> content = SerializeModel(*model, *format);
  if (!content.ok()) return content.status();
  if (absl::Status written = WriteFileAtomically(*output, *content);
      !written.ok()) {
    return written;
  }

  if (options->format == OutputFormat::kJson) {
    v1::ValidationResult result = ValidateModel(*model, *output);
    std::cout << ToJson(result);
  } else {
    std::cout << "wrote " << *output << ": "
              << CountOf(model->users_size(), "user", "users") << ", "
              << CountOf(model->roles_size(), "role", "roles") << ", "
              << CountOf(model->privileges_size(), "privilege", "privileges")
              << "\n";
  }
  return kExitSuccess;
}

}  // namespace rolegraph::cli
