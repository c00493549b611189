// The file primitives behind emergency operations: atomic replacement, the
// lock and the audit append.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/emergency.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rolegraph-files-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
    path_ = (directory_ / "model.json").string();
    std::ofstream(path_) << "old";
  }

  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Files in the directory other than the target.
  int OtherFiles() const {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
      if (entry.path() != path_) ++count;
    }
    return count;
  }

  std::filesystem::path directory_;
  std::string path_;
};

TEST_F(FilesTest, AtomicWriteReplacesContent) {
  ASSERT_TRUE(WriteFileAtomically(path_, "new").ok());
  EXPECT_EQ(ReadAll(path_), "new");
  EXPECT_EQ(OtherFiles(), 0);
}

TEST_F(FilesTest, AtomicWriteKeepsPermissions) {
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  ASSERT_TRUE(WriteFileAtomically(path_, "new").ok());
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(FilesTest, HookErrorKeepsOldFile) {
  absl::Status status = WriteFileAtomically(
      path_, "new", [] { return absl::UnavailableError("audit log full"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReadAll(path_), "old");
  EXPECT_EQ(OtherFiles(), 0);
}

TEST_F(FilesTest, AtomicWriteCreatesMissingFile) {
  const std::string fresh = (directory_ / "fresh.json").string();
  ASSERT_TRUE(WriteFileAtomically(fresh, "content").ok());
  EXPECT_EQ(ReadAll(fresh), "content");
}

TEST_F(FilesTest, AtomicWriteIntoMissingDirectoryFails) {
  absl::Status status =
      WriteFileAtomically((directory_ / "missing" / "model.json").string(), "x");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("missing"));
}

TEST_F(FilesTest, LockIsExclusive) {
  const std::string lock_path = path_ + ".lock";
  absl::StatusOr<std::unique_ptr<FileLock>> first =
      FileLock::Acquire(lock_path, absl::Seconds(1));
  ASSERT_TRUE(first.ok()) << first.status();

  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<FileLock>> second =
      FileLock::Acquire(lock_path, absl::Milliseconds(200));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(200));

  first->reset();
  absl::StatusOr<std::unique_ptr<FileLock>> third =
      FileLock::Acquire(lock_path, absl::Milliseconds(200));
  EXPECT_TRUE(third.ok()) << third.status();
}

TEST_F(FilesTest, AuditAppendsOneLinePerRecord) {
  const std::string audit = (directory_ / "audit.jsonl").string();
  v1::EmergencyAuditRecord record;
  record.set_action("activate");
  record.set_reason("line one\nstill the reason");
  ASSERT_TRUE(AppendAuditRecord(audit, record).ok());
  record.set_action("deactivate");
  ASSERT_TRUE(AppendAuditRecord(audit, record).ok());

  const std::string text = ReadAll(audit);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_THAT(text, HasSubstr("\"action\":\"activate\""));
  EXPECT_THAT(text, HasSubstr("\"action\":\"deactivate\""));
  EXPECT_THAT(text, HasSubstr("line one\\nstill the reason"));
}

}  // namespace
}  // namespace rolegraph
