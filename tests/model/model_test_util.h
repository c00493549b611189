// Shared helpers of the model tests: paths of the files in
// tests/model/data and lookups in validation results.
#ifndef ROLEGRAPH_TESTS_MODEL_MODEL_TEST_UTIL_H_
#define ROLEGRAPH_TESTS_MODEL_MODEL_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "rolegraph/v1/model.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::testing {

// Returns the path of a file in tests/model/data.
std::string DataPath(absl::string_view name);

// Returns the model parsed from text format, failing the test when it does
// not parse.
v1::Model ModelFromText(absl::string_view text);

// Returns the diagnostics with the given code.
std::vector<v1::Diagnostic> WithCode(const v1::ValidationResult& result,
                                     absl::string_view code);

// Returns every diagnostic as "SEVERITY path code: message [hint]", one per
// line, for failure messages.
std::string Describe(const v1::ValidationResult& result);

}  // namespace rolegraph::testing

#endif  // ROLEGRAPH_TESTS_MODEL_MODEL_TEST_UTIL_H_
