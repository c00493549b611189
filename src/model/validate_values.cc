// Checks of field values: enum numbers that the schema does not define,
// timestamps and durations out of range, validity windows that end before
// they start, negative inducement orders, privileges without resource or
// action, and switch times.
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::TimeUtil;

bool IsValid(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() >= TimeUtil::kTimestampMinSeconds &&
         timestamp.seconds() <= TimeUtil::kTimestampMaxSeconds &&
         timestamp.nanos() >= 0 && timestamp.nanos() <= 999999999;
}

bool IsValid(const google::protobuf::Duration& duration) {
  const bool nanos_in_range =
      duration.nanos() >= -999999999 && duration.nanos() <= 999999999;
  const bool signs_agree = (duration.seconds() >= 0 && duration.nanos() >= 0) ||
                           (duration.seconds() <= 0 && duration.nanos() <= 0);
  return duration.seconds() >= TimeUtil::kDurationMinSeconds &&
         duration.seconds() <= TimeUtil::kDurationMaxSeconds &&
         nanos_in_range && signs_agree;
}

// Appends ".field", or "field" at the top, to the path.
void AppendField(std::string& path, absl::string_view field) {
  if (!path.empty()) path += '.';
  path.append(field.data(), field.size());
}

// Walks every field of the model by reflection. Enum numbers that the schema
// does not define can only come from binary files (the text formats reject
// them), and out-of-range times from binary or text files. One path buffer
// grows and shrinks with the walk, so that no path string is built for a
// field that has nothing wrong.
class SchemaWalker {
 public:
  explicit SchemaWalker(DiagnosticList& diagnostics)
      : diagnostics_(diagnostics) {}

  // Walks the message, whose path is in `path`. On return `path` is the
  // same again.
  void Walk(const Message& message, std::string& path) {
    const Descriptor* descriptor = message.GetDescriptor();
    if (descriptor == google::protobuf::Timestamp::descriptor()) {
      CheckTimestamp(static_cast<const google::protobuf::Timestamp&>(message),
                     path);
      return;
    }
    if (descriptor == google::protobuf::Duration::descriptor()) {
      CheckDuration(static_cast<const google::protobuf::Duration&>(message),
                    path);
      return;
    }

    const Reflection* reflection = message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (field->is_map()) continue;
      const FieldDescriptor::CppType type = field->cpp_type();
      // Other scalars have nothing to check.
      if (type != FieldDescriptor::CPPTYPE_MESSAGE && type != FieldDescriptor::CPPTYPE_ENUM) {
        continue;
      }
      if (field->is_repeated() ? reflection->FieldSize(message, field) == 0
                               : type == FieldDescriptor::CPPTYPE_MESSAGE &&
                                     !reflection->HasField(message, field)) {
        continue;
      }

      const size_t mark = path.size();
      AppendField(path, field->name());
      if (field->is_repeated()) {
        WalkRepeated(message, field, path);
      } else if (type == FieldDescriptor::CPPTYPE_MESSAGE) {
        Walk(reflection->GetMessage(message, field), path);
      } else {
        CheckEnum(field, reflection->GetEnumValue(message, field), path);
      }
      path.resize(mark);
    }
  }

 private:
  void WalkRepeated(const Message& message, const FieldDescriptor* field,
                    std::string& path) {
    const Reflection* reflection = message.GetReflection();
    const int size = reflection->FieldSize(message, field);
    const size_t mark = path.size();
    for (int k = 0; k < size; ++k) {
      path.resize(mark);
      absl::StrAppend(&path, "[", k, "]");
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Walk(reflection->GetRepeatedMessage(message, field, k), path);
      } else {
        CheckEnum(field, reflection->GetRepeatedEnumValue(message, field, k),
                  path);
      }
    }
    path.resize(mark);
  }

  void CheckEnum(const FieldDescriptor* field, int number,
                 const std::string& path) {
    if (field->enum_type()->FindValueByNumber(number) != nullptr) return;
    diagnostics_.AddError(
        path, "unknown-enum-value",
        absl::StrCat(field->name(), " has the value ", number, ", which ",
                     field->enum_type()->full_name(), " does not define"),
        "use a value that the model reference lists. The "
        "file may come from a newer schema.");
  }

  void CheckTimestamp(const google::protobuf::Timestamp& timestamp,
                      const std::string& path) {
    if (IsValid(timestamp)) return;
    diagnostics_.AddError(
        path, "invalid-timestamp",
        absl::StrCat("timestamp {seconds: ", timestamp.seconds(),
                     ", nanos: ", timestamp.nanos(),
                     "} is outside 0001-01-01 to 9999-12-31 "
                     "or has nanos outside 0..999999999"),
        "write a timestamp between the years 1 and 9999");
  }

  void CheckDuration(const google::protobuf::Duration& duration,
                     const std::string& path) {
    if (IsValid(duration)) return;
    diagnostics_.AddError(
        path, "invalid-duration",
        absl::StrCat("duration {seconds: ", duration.seconds(), ", nanos: ",
                     duration.nanos(), "} is out of range or mixes signs"),
        "write a duration within 10000 years whose seconds "
        "and nanos have the same sign");
  }

  DiagnosticList& diagnostics_;
};

void CheckActivation(const v1::Activation& activation,
                     const std::string& owner_path,
                     DiagnosticList& diagnostics) {
  if (!activation.has_valid_from() || !activation.has_valid_to()) return;
  if (!IsValid(activation.valid_from()) || !IsValid(activation.valid_to()))
    return;
  if (activation.valid_to() >= activation.valid_from()) return;
  diagnostics.AddError(
      absl::StrCat(owner_path, ".activation"), "inverted-validity",
      absl::StrCat("valid_to ", TimeUtil::ToString(activation.valid_to()),
                   " is before valid_from ",
                   TimeUtil::ToString(activation.valid_from())),
      "swap the two times or correct the wrong one, because as it is the "
      "item is never active");
}

void CheckAssignmentActivations(
    const google::protobuf::RepeatedPtrField<v1::Assignment>& assignments,
    const std::string& holder_path, DiagnosticList& diagnostics) {
  for (int i = 0; i < assignments.size(); ++i) {
    CheckActivation(assignments[i].activation(),
                    absl::StrCat(holder_path, ".assignments[", i, "]"),
                    diagnostics);
  }
}

void CheckRoleValues(const v1::Role& role, const std::string& path,
                     DiagnosticList& diagnostics) {
  CheckActivation(role.activation(), path, diagnostics);
  CheckAssignmentActivations(role.assignments(), path, diagnostics);
  for (int k = 0; k < role.inducements_size(); ++k) {
    const v1::Inducement& inducement = role.inducements(k);
    const std::string inducement_path =
        absl::StrCat(path, ".inducements[", k, "]");
    CheckActivation(inducement.activation(), inducement_path, diagnostics);
    if (inducement.order() < 0) {
      diagnostics.AddError(
          absl::StrCat(inducement_path, ".order"), "negative-order",
          absl::StrCat("inducement order ", inducement.order(), " is negative"),
          "use 1 (or 0) to reach the members of this role, 2 to reach the "
          "members of roles that are assigned this role as a meta-role, and "
          "so on");
    }
  }
}

void CheckPrivilegeValues(const v1::Privilege& privilege,
                          const std::string& path,
                          DiagnosticList& diagnostics) {
  for (const auto& [field, value] :
       {std::pair<absl::string_view, const std::string*>{"resource",
                                                         &privilege.resource()},
        std::pair<absl::string_view, const std::string*>{
            "action", &privilege.action()}}) {
    if (!value->empty()) continue;
    diagnostics.AddWarning(
        absl::StrCat(path, ".", field), "incomplete-privilege",
        absl::StrCat("privilege ", Quote(privilege.id()), " has no ", field),
        absl::StrCat("set the ", field,
                     ", for example resource \"crm\" and action \"export\" for "
                     "\"crm:export\". Incident types select privileges by "
                     "resource"));
  }
}

void CheckSwitchValues(const v1::Switch& switch_item, const std::string& path,
                       DiagnosticList& diagnostics) {
  if (switch_item.has_activated_at() && switch_item.has_expires_at() &&
      IsValid(switch_item.activated_at()) &&
      IsValid(switch_item.expires_at()) &&
      switch_item.expires_at() < switch_item.activated_at()) {
    diagnostics.AddWarning(
        absl::StrCat(path, ".expires_at"), "switch-expired-before-activation",
        absl::StrCat("switch ", Quote(switch_item.id()), " expires at ",
                     TimeUtil::ToString(switch_item.expires_at()),
                     ", before it was activated at ",
                     TimeUtil::ToString(switch_item.activated_at())),
        "correct the times, because as they are the switch reads false");
  }
  if (switch_item.has_max_ttl() && IsValid(switch_item.max_ttl()) &&
      switch_item.max_ttl() <= google::protobuf::Duration()) {
    diagnostics.AddError(
        absl::StrCat(path, ".max_ttl"), "invalid-max-ttl",
        absl::StrCat("switch ", Quote(switch_item.id()), " has max_ttl ",
                     TimeUtil::ToString(switch_item.max_ttl()),
                     ", which is not positive"),
        "set a positive duration such as \"14400s\", or leave max_ttl unset "
        "for no maximum");
  }
}

}  // namespace

void CheckValues(const v1::Model& model, DiagnosticList& diagnostics) {
  std::string path;
  SchemaWalker(diagnostics).Walk(model, path);

  for (int i = 0; i < model.privileges_size(); ++i) {
    CheckPrivilegeValues(model.privileges(i),
                         absl::StrCat("privileges[", i, "]"), diagnostics);
  }
  for (int i = 0; i < model.roles_size(); ++i) {
    CheckRoleValues(model.roles(i), absl::StrCat("roles[", i, "]"),
                    diagnostics);
  }
  for (int i = 0; i < model.users_size(); ++i) {
    const std::string path = absl::StrCat("users[", i, "]");
    CheckActivation(model.users(i).activation(), path, diagnostics);
    CheckAssignmentActivations(model.users(i).assignments(), path, diagnostics);
  }
  for (int i = 0; i < model.switches_size(); ++i) {
    CheckSwitchValues(model.switches(i), absl::StrCat("switches[", i, "]"),
                      diagnostics);
  }
}

}  // namespace rolegraph::model_internal
