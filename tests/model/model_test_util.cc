#include "model/model_test_util.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace rolegraph::testing {

std::string DataPath(absl::string_view name) {
  return absl::StrCat(ROLEGRAPH_SOURCE_DIR, "/tests/model/data/", name);
}

v1::Model ModelFromText(absl::string_view text) {
  v1::Model model;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(std::string(text), &model))
      << text;
  return model;
}

std::vector<v1::Diagnostic> WithCode(const v1::ValidationResult& result,
                                     absl::string_view code) {
  std::vector<v1::Diagnostic> found;
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    if (diagnostic.code() == code) found.push_back(diagnostic);
  }
  return found;
}

std::string Describe(const v1::ValidationResult& result) {
  std::string out;
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    absl::StrAppend(&out, v1::Severity_Name(diagnostic.severity()), " ",
                    diagnostic.path(), " ", diagnostic.code(), ": ",
                    diagnostic.message(), " [", diagnostic.hint(), "]\n");
  }
  return out;
}

}  // namespace rolegraph::testing
