#include "python_values.h"

#include <cmath>
#include <string>

#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"

namespace rolegraph::python {
namespace {

namespace py = pybind11;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

py::object TimestampToDatetime(const google::protobuf::Timestamp& timestamp) {
  py::module_ datetime = py::module_::import("datetime");
  py::object utc = datetime.attr("timezone").attr("utc");
  py::object epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = utc);
  py::object offset = datetime.attr("timedelta")(
      py::arg("seconds") = timestamp.seconds(),
      py::arg("microseconds") = timestamp.nanos() / 1000);
  return epoch + offset;
}

py::object MessageToPython(const Message& message) {
  if (message.GetDescriptor()->full_name() == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp timestamp;
    timestamp.CopyFrom(message);
    return TimestampToDatetime(timestamp);
  }
  return MessageToDict(message);
}

// The value of a singular field, or of element `index` of a repeated one.
py::object FieldToPython(const Message& message, const FieldDescriptor* field,
                         int index) {
  const Reflection* reflection = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return py::int_(repeated ? reflection->GetRepeatedInt32(message, field, index)
                               : reflection->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return py::int_(repeated ? reflection->GetRepeatedInt64(message, field, index)
                               : reflection->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return py::int_(repeated ? reflection->GetRepeatedUInt32(message, field, index)
                               : reflection->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return py::int_(repeated ? reflection->GetRepeatedUInt64(message, field, index)
                               : reflection->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return py::float_(repeated ? reflection->GetRepeatedDouble(message, field, index)
                                 : reflection->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return py::float_(repeated ? reflection->GetRepeatedFloat(message, field, index)
                                 : reflection->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return py::bool_(repeated ? reflection->GetRepeatedBool(message, field, index)
                                : reflection->GetBool(message, field));
    case FieldDescriptor::CPPTYPE_ENUM:
      return py::str((repeated ? reflection->GetRepeatedEnum(message, field, index)
                               : reflection->GetEnum(message, field))
                         ->name());
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = repeated ? reflection->GetRepeatedString(message, field, index)
                                   : reflection->GetString(message, field);
      if (field->type() == FieldDescriptor::TYPE_BYTES) return py::bytes(value);
      return py::str(value);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageToPython(repeated ? reflection->GetRepeatedMessage(message, field, index)
                                      : reflection->GetMessage(message, field));
  }
  return py::none();
}

py::object RepeatedToPython(const Message& message, const FieldDescriptor* field) {
  const Reflection* reflection = message.GetReflection();
  const int size = reflection->FieldSize(message, field);
  if (field->is_map()) {
    py::dict map;
    const FieldDescriptor* key = field->message_type()->map_key();
    const FieldDescriptor* value = field->message_type()->map_value();
    for (int i = 0; i < size; ++i) {
      const Message& entry = reflection->GetRepeatedMessage(message, field, i);
      map[FieldToPython(entry, key, -1)] = FieldToPython(entry, value, -1);
    }
    return map;
  }

  py::list list;
  for (int i = 0; i < size; ++i) list.append(FieldToPython(message, field, i));
  return list;
}

}  // namespace

py::dict MessageToDict(const Message& message) {
  py::dict result;
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const char* name = field->name().c_str();
    if (field->is_repeated()) {
      result[name] = RepeatedToPython(message, field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               !reflection->HasField(message, field)) {
      result[name] = py::none();
    } else {
      result[name] = FieldToPython(message, field, -1);
    }
  }
  return result;
}

absl::Time TimeFromPython(const py::handle& at) {
  if (at.is_none()) return absl::Now();

  if (py::isinstance<py::str>(at)) {
    const std::string text = at.cast<std::string>();
    absl::Time time;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
      throw py::value_error("invalid time '" + text + "': " + error +
                            "; use RFC 3339, such as 2026-12-04T12:00:00Z");
    }
    return time;
  }

  py::module_ datetime = py::module_::import("datetime");
  if (py::isinstance(at, datetime.attr("datetime"))) {
    py::object utc = datetime.attr("timezone").attr("utc");
    py::object aware = at.attr("tzinfo").is_none()
                           ? at.attr("replace")(py::arg("tzinfo") = utc)
                           : py::reinterpret_borrow<py::object>(at);
    py::object epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = utc);
    py::object offset = aware - epoch;
    const int64_t days = offset.attr("days").cast<int64_t>();
    const int64_t seconds = offset.attr("seconds").cast<int64_t>();
    const int64_t microseconds = offset.attr("microseconds").cast<int64_t>();
    return absl::UnixEpoch() + absl::Hours(24 * days) + absl::Seconds(seconds) +
           absl::Microseconds(microseconds);
  }

  if (py::isinstance<py::bool_>(at)) {
    throw py::type_error("invalid time: a bool is not a time");
  }
  if (py::isinstance<py::int_>(at)) {
    int overflow = 0;
    const long long seconds = PyLong_AsLongLongAndOverflow(at.ptr(), &overflow);
    if (overflow != 0) throw py::value_error("invalid time: Unix seconds out of range");
    return absl::FromUnixSeconds(seconds);
  }
  if (py::isinstance<py::float_>(at)) {
    const double seconds = at.cast<double>();
    if (!std::isfinite(seconds)) throw py::value_error("invalid time: not a finite number");
    return absl::UnixEpoch() + absl::Seconds(seconds);
  }
  throw py::type_error(
      "invalid time of type " + py::str(at.get_type().attr("__name__")).cast<std::string>() +
      "; pass None, an RFC 3339 string, a datetime or Unix seconds");
}

}  // namespace rolegraph::python
