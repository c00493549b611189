// Fuzzes the condition language: every input is a condition source that is
// compiled against two declared switches and, when it compiles, evaluated
// against a fixed user and role. Compile and Evaluate must return a status
// for any input, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "condition/condition.h"

namespace {

using rolegraph::condition::Activation;
using rolegraph::condition::ProtoAttributeMap;
using AttributeMap = google::protobuf::Map<std::string, std::string>;
using rolegraph::condition::CompiledCondition;

const rolegraph::condition::Declarations& FuzzDeclarations() {
  static const auto* declarations = [] {
    auto* result = new rolegraph::condition::Declarations;
    result->switch_ids = {"incident_response", "maintenance"};
    return result;
  }();
  return *declarations;
}

const ProtoAttributeMap& UserAttributes() {
  static const auto* attributes = [] {
    auto* result = new AttributeMap;
    (*result)["department"] = "sales";
    (*result)["level"] = "3";
    (*result)["hired"] = "2020-01-01T00:00:00Z";
    (*result)[""] = "empty key";
    return new ProtoAttributeMap(*result);
  }();
  return *attributes;
}

const ProtoAttributeMap& RoleAttributes() {
  static const auto* attributes = [] {
    auto* result = new AttributeMap;
    (*result)["owner"] = "alice";
    (*result)["tier"] = "critical";
    return new ProtoAttributeMap(*result);
  }();
  return *attributes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view source(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::unique_ptr<const CompiledCondition>> compiled =
      rolegraph::condition::Compile(source, FuzzDeclarations());
  if (!compiled.ok()) return 0;

  // The dependency class must be one of the three declared values, and a
  // constant condition must not read any switch.
  const auto dependency = static_cast<int>((*compiled)->dependency());
  if (dependency < 0 || dependency > 2) std::abort();
  if ((*compiled)->dependency() == rolegraph::condition::Dependency::kConstant &&
      !(*compiled)->switches_read().empty()) {
    std::abort();
  }

  static const bool kSwitchValues[2][2] = {{true, false}, {false, true}};
  for (const bool* switches : kSwitchValues) {
    Activation activation;
    activation.now = absl::FromUnixSeconds(1780315200);
    activation.switches = absl::MakeConstSpan(switches, 2);
    activation.user = {"alice", &UserAttributes()};
    activation.role = {"crm-admin", &RoleAttributes()};
    (*compiled)->Evaluate(activation).IgnoreError();

    // A subject without attributes reads as an empty map.
    activation.user = {"", nullptr};
    activation.role = {"", nullptr};
    (*compiled)->Evaluate(activation).IgnoreError();
  }
  return 0;
}
