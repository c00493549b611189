// A JSON syntax scanner for model files.
//
// protobuf's JSON parser (3.21) reports neither line nor column, so model
// files are scanned here first. The scan finds the exact position of the
// first syntax error (RFC 8259 grammar, string escapes, numbers, nesting,
// trailing content) and of duplicate object keys, which protobuf would
// silently accept. Given the message type, it also rejects the values of
// the wrong JSON type that protobuf 3.21 silently converts (see
// CheckJsonSyntax). After a clean scan, IndexJsonLocations maps field paths
// to positions so that errors protobuf reports can be located too.
#ifndef ROLEGRAPH_SRC_MODEL_JSON_SCAN_H_
#define ROLEGRAPH_SRC_MODEL_JSON_SCAN_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "model/source_text.h"

namespace rolegraph::model_internal {

// Objects and arrays nested deeper than this are rejected. A model needs
// about six levels; protobuf's own parser stops at 100.
inline constexpr int kMaxJsonNesting = 64;

struct JsonSyntaxError {
  SourceLocation location;
  // The problem, such as `duplicate key "id"`.
  std::string message;
  // The fix, for the person editing the file.
  std::string hint;
};

// Returns the first syntax error in `text`, which must be valid UTF-8, or
// nullopt when `text` is one well-formed JSON object without duplicate keys.
//
// When `type` is set, the object is also checked against that message type
// for the values that protobuf 3.21 silently converts. A bool field must
// contain true, false or null, because protobuf reads the string "yes" as
// true. A repeated field must contain an array or null, because protobuf
// reads a single value as a list of one. An array element must be neither
// null nor an array, because protobuf drops null elements and flattens
// nested arrays. protobuf reports every other type error with its path.
std::optional<JsonSyntaxError> CheckJsonSyntax(
    absl::string_view text,
    const google::protobuf::Descriptor* type = nullptr);

// The position of one object member or array element.
struct JsonValueLocation {
  // The member's key, or the element's first character.
  SourceLocation key;
  SourceLocation value;
};

// Field path to position. Paths use protobuf's notation for its JSON errors,
// with snake_case field names (`validFrom` is stored as `valid_from`) and
// `[i]` for array elements. Every object member is also stored as `[k]`,
// `[k].key` and `[k].value`, which is how protobuf names the k-th entry of a
// map.
using JsonLocationIndex = absl::flat_hash_map<std::string, JsonValueLocation>;

// Builds the path index of `text`, which must have passed CheckJsonSyntax.
JsonLocationIndex IndexJsonLocations(absl::string_view text);

// Converts a lowerCamelCase JSON name to the snake_case field name.
std::string JsonNameToFieldName(absl::string_view json_name);

}  // namespace rolegraph::model_internal

#endif  // ROLEGRAPH_SRC_MODEL_JSON_SCAN_H_
