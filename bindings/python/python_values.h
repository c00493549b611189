// Conversions between protobuf messages, absl::Time and Python objects for
// the `rolegraph` module. Call them with the GIL held.
#ifndef ROLEGRAPH_BINDINGS_PYTHON_PYTHON_VALUES_H_
#define ROLEGRAPH_BINDINGS_PYTHON_PYTHON_VALUES_H_

#include <pybind11/pybind11.h>

#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace rolegraph::python {

// Converts a message to a dict keyed by the proto field names. Every field
// is present: unset message fields are None, repeated fields are lists, map
// fields are dicts, enums are their value names, int64 fields are ints and
// google.protobuf.Timestamp is a timezone-aware datetime in UTC.
pybind11::dict MessageToDict(const google::protobuf::Message& message);

// Converts `at` to a time: None is the current time; a str is RFC 3339
// ("2026-12-04T12:00:00Z"); a datetime without a timezone is taken as UTC;
// an int or float is seconds since the Unix epoch. Anything else raises
// TypeError, and a malformed string raises ValueError.
absl::Time TimeFromPython(const pybind11::handle& at);

}  // namespace rolegraph::python

#endif  // ROLEGRAPH_BINDINGS_PYTHON_PYTHON_VALUES_H_
