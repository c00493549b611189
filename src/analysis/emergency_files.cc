// The file operations behind emergency switch changes: an exclusive lock,
// atomic replacement of the model file and a flushed append to the audit
// log. POSIX only.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "rolegraph/emergency.h"

namespace rolegraph {
namespace {

std::string ErrnoText(int error_number) {
  char buffer[256];
  // The GNU variant of strerror_r returns the text, which may not be in
  // buffer.
  return strerror_r(error_number, buffer, sizeof(buffer));
}

absl::Status FileError(absl::string_view what, const std::string& path,
                       int error_number) {
  return absl::UnavailableError(
      absl::StrCat(what, " ", path, " failed: ", ErrnoText(error_number),
                   "; check that the directory exists and is writable"));
}

// Writes all of `content`, retrying short writes and interrupted calls.
bool WriteAll(int descriptor, absl::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(descriptor, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

std::string DirectoryOf(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  return directory.empty() ? "." : directory;
}

absl::Status SyncDirectory(const std::string& directory) {
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return FileError("opening directory", directory, errno);
  const bool synced = ::fsync(descriptor) == 0;
  const int error_number = errno;
  ::close(descriptor);
  if (!synced) return FileError("flushing directory", directory, error_number);
  return absl::OkStatus();
}

// Writes the content to a new temporary file next to `path` and flushes
// it. Returns the temporary file's name.
absl::StatusOr<std::string> WriteTemporary(const std::string& path,
                                           absl::string_view content) {
  const std::filesystem::path target(path);
  std::string name = (target.parent_path() /
                      absl::StrCat(".", target.filename().string(), ".tmp.XXXXXX"))
                         .string();
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  const int descriptor = ::mkostemp(buffer.data(), O_CLOEXEC);
  if (descriptor < 0) return FileError("creating a temporary file for", path, errno);
  name.assign(buffer.data());

  // The new file keeps the permissions of the one it replaces.
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) ::fchmod(descriptor, info.st_mode & 07777);

  const bool written = WriteAll(descriptor, content) && ::fsync(descriptor) == 0;
  const int error_number = errno;
  if (::close(descriptor) != 0 || !written) {
    ::unlink(name.c_str());
    return FileError("writing", name, written ? errno : error_number);
  }
  return name;
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileLock>> FileLock::Acquire(
    const std::string& lock_path, absl::Duration timeout) {
  const int descriptor =
      ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (descriptor < 0) return FileError("opening lock file", lock_path, errno);

  // Poll rather than block, so that the wait is bounded.
  const absl::Time deadline = absl::Now() + timeout;
  while (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    const int error_number = errno;
    if (error_number == EINTR) continue;
    if (error_number != EWOULDBLOCK) {
      ::close(descriptor);
      return FileError("locking", lock_path, error_number);
    }
    if (absl::Now() >= deadline) {
      ::close(descriptor);
      return absl::DeadlineExceededError(absl::StrCat(
          "timed out after ", absl::FormatDuration(timeout),
          " waiting for the lock ", lock_path,
          ": another emergency operation on this model is running; retry "
          "when it finishes"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::unique_ptr<FileLock>(new FileLock(descriptor));
}

FileLock::~FileLock() {
  // Closing the descriptor releases the flock.
  ::close(descriptor_);
}

absl::Status WriteFileAtomically(
    const std::string& path, absl::string_view content,
    const std::function<absl::Status()>& before_rename) {
  absl::StatusOr<std::string> temporary = WriteTemporary(path, content);
  if (!temporary.ok()) return temporary.status();

  if (before_rename) {
    absl::Status status = before_rename();
    if (!status.ok()) {
      ::unlink(temporary->c_str());
      return status;
    }
  }

  if (::rename(temporary->c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(temporary->c_str());
    return FileError("replacing", path, error_number);
  }
  return SyncDirectory(DirectoryOf(path));
}

absl::Status AppendAuditRecord(const std::string& audit_path,
                               const v1::EmergencyAuditRecord& record) {
  std::string line;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  const auto converted =
      google::protobuf::util::MessageToJsonString(record, &line, options);
  if (!converted.ok()) {
    return absl::InternalError(absl::StrCat(
        "converting the audit record to JSON failed: ",
        converted.message().ToString()));
  }
  line.push_back('\n');

  const int descriptor = ::open(audit_path.c_str(),
                                O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (descriptor < 0) return FileError("opening audit log", audit_path, errno);
  const bool written = WriteAll(descriptor, line) && ::fsync(descriptor) == 0;
  const int error_number = errno;
  ::close(descriptor);
  if (!written) return FileError("appending to audit log", audit_path, error_number);

  // A new log file needs its directory entry flushed too.
  return SyncDirectory(DirectoryOf(audit_path));
}

}  // namespace rolegraph
