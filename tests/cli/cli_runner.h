// Runs the built rolegraph program and captures what it prints, for the CLI
// tests.
#ifndef ROLEGRAPH_TESTS_CLI_CLI_RUNNER_H_
#define ROLEGRAPH_TESTS_CLI_CLI_RUNNER_H_

#include <filesystem>
#include <string>
#include <vector>

namespace rolegraph::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs ROLEGRAPH_CLI_PATH with the arguments, without a shell, and waits for
// it. The exit code is -1 when the program did not exit normally.
CliResult RunCli(const std::vector<std::string>& arguments);

// A fresh directory under the system temporary directory, removed with its
// contents when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `name` inside the directory and returns its path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Reads a whole file; empty when it cannot be read.
std::string ReadFile(const std::string& path);

// The number of lines in `text`, counting a last line without a newline.
int LineCount(const std::string& text);

}  // namespace rolegraph::testing

#endif  // ROLEGRAPH_TESTS_CLI_CLI_RUNNER_H_
