// The diagnostic list of a validation run and its deterministic order.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Turns a path such as "roles[3].inducements[1].condition" into a key that
// sorts in model order: for each segment, the field's number in its message
// and the element index plus one (zero for a field without an index).
std::vector<int64_t> SortKey(absl::string_view path) {
  std::vector<int64_t> key;
  if (path.empty()) return key;
  const Descriptor* descriptor = v1::Model::descriptor();
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    const size_t bracket = segment.find('[');
    const absl::string_view name = segment.substr(0, bracket);
    int64_t index = 0;
    if (bracket != absl::string_view::npos) {
      const absl::string_view digits =
          segment.substr(bracket + 1, segment.size() - bracket - 2);
      if (absl::SimpleAtoi(digits, &index)) ++index;
    }

    const FieldDescriptor* field =
        descriptor == nullptr ? nullptr
                              : descriptor->FindFieldByName(std::string(name));
    key.push_back(field == nullptr ? INT_MAX : field->number());
    key.push_back(index);
    descriptor = field == nullptr ? nullptr : field->message_type();
  }
  return key;
}

}  // namespace

void DiagnosticList::AddError(std::string path, absl::string_view code,
                              std::string message, std::string hint) {
  Add(v1::SEVERITY_ERROR, std::move(path), code, std::move(message),
      std::move(hint));
}

void DiagnosticList::AddWarning(std::string path, absl::string_view code,
                                std::string message, std::string hint) {
  Add(v1::SEVERITY_WARNING, std::move(path), code, std::move(message),
      std::move(hint));
}

void DiagnosticList::Add(v1::Severity severity, std::string path,
                         absl::string_view code, std::string message,
                         std::string hint) {
  v1::Diagnostic& diagnostic = diagnostics_.emplace_back();
  diagnostic.set_severity(severity);
  diagnostic.set_file(file_);
  diagnostic.set_path(std::move(path));
  diagnostic.set_code(std::string(code));
  diagnostic.set_message(std::move(message));
  diagnostic.set_hint(std::move(hint));
}

v1::ValidationResult DiagnosticList::Finish() && {
  std::vector<std::pair<std::vector<int64_t>, size_t>> order;
  order.reserve(diagnostics_.size());
  for (size_t i = 0; i < diagnostics_.size(); ++i) {
    order.emplace_back(SortKey(diagnostics_[i].path()), i);
  }
  std::sort(order.begin(), order.end());

  v1::ValidationResult result;
  result.set_file(file_);
  for (const auto& [key, i] : order) {
    v1::Diagnostic& diagnostic = diagnostics_[i];
    if (diagnostic.severity() == v1::SEVERITY_ERROR) {
      result.set_error_count(result.error_count() + 1);
    } else {
      result.set_warning_count(result.warning_count() + 1);
    }
    *result.add_diagnostics() = std::move(diagnostic);
  }
  return result;
}

}  // namespace rolegraph::model_internal
