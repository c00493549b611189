#include "model/json_scan.h"

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rolegraph::model_internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Values quoted in messages are cut to about this many bytes.
constexpr size_t kMaxQuotedValueBytes = 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Describes the character at the cursor for a message: `'x'`, or a code
// such as U+0009 for invisible characters.
std::string DescribeCharacter(absl::string_view rest) {
  if (rest.empty()) return "end of file";
  const unsigned char c = static_cast<unsigned char>(rest[0]);
  if (c < 0x20 || c == 0x7F) return absl::StrFormat("character U+%04X", c);
  if (c < 0x80) return absl::StrCat("'", rest.substr(0, 1), "'");
  size_t length = 1;
  while (length < rest.size() && length < 4 &&
         (static_cast<unsigned char>(rest[length]) & 0xC0) == 0x80) {
    ++length;
  }
  return absl::StrCat("'", rest.substr(0, length), "'");
}

// Describes a JSON value for a message: `value` is a whole scalar, or the
// opening bracket of an object or array. Long strings and numbers are cut.
std::string DescribeJsonValue(absl::string_view value) {
  if (value == "{") return "an object";
  if (value == "[") return "an array";
  if (value == "true" || value == "false" || value == "null") {
    return std::string(value);
  }

  std::string quoted(value);
  if (quoted.size() > kMaxQuotedValueBytes) {
    // Cut at the start of a UTF-8 sequence.
    size_t cut = kMaxQuotedValueBytes;
    while (cut > 0 && (static_cast<unsigned char>(quoted[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    quoted = absl::StrCat(quoted.substr(0, cut), "...");
  }
  return absl::StrCat(value[0] == '"' ? "the string " : "the number ", quoted);
}

// The field that a value sets, for the type checks. `field` is null for the
// top-level object, for keys that name no field and when no type is
// checked. `element` is set for one element of a repeated field. `message`
// is the message type that an object value must have.
struct Target {
  const FieldDescriptor* field = nullptr;
  bool element = false;
  const Descriptor* message = nullptr;
};

Target TargetOf(const FieldDescriptor* field, bool element) {
  if (field == nullptr) return Target{};
  return Target{field, element, field->message_type()};
}

// A recursive-descent scanner over the RFC 8259 grammar. The recursion is
// bounded by kMaxJsonNesting.
class JsonScanner {
 public:
  // With `type` set, values are also checked against that message type, as
  // CheckJsonSyntax describes.
  JsonScanner(absl::string_view text, JsonLocationIndex* index,
              const Descriptor* type = nullptr)
      : text_(text), index_(index), type_(type) {}

  std::optional<JsonSyntaxError> Run() {
    SkipWhitespace();
    if (AtEnd()) {
      return Error(Here(), "the file contains no JSON value",
                   "write a JSON object holding a rolegraph.v1.Model");
    }
    if (Peek() != '{') {
      Fail(Here(),
           absl::StrCat("expected '{' at the start of the model but found ",
                        DescribeCharacter(Rest())),
           "a model file holds one JSON object, such as {\"roles\": []}");
      return error_;
    }
    if (!ScanValue("", 0, false, Target{nullptr, false, type_})) return error_;
    SkipWhitespace();
    if (!AtEnd()) {
      Fail(Here(),
           absl::StrCat("unexpected ", DescribeCharacter(Rest()),
                        " after the end of the top-level object"),
           "remove the trailing content, because a model file holds exactly "
           "one JSON object");
      return error_;
    }
    return std::nullopt;
  }

 private:
  // A key as written and where it is.
  struct KeyLocation {
    std::string key;
    SourceLocation location;
  };

  // The keys of one object. Outside maps a key is stored under the field
  // name it sets, so that "validFrom" and "valid_from" collide. protobuf
  // 3.21 would otherwise let the later one win silently.
  using KeyLocations = absl::flat_hash_map<std::string, KeyLocation>;

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  absl::string_view Rest() const { return text_.substr(pos_); }
  SourceLocation Here() const { return {line_, column_}; }

  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }

  // Advances over one whole UTF-8 sequence, which counts as one column.
  void AdvanceCharacter() {
    Advance();
    while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) {
      ++pos_;
    }
  }

  std::optional<JsonSyntaxError> Error(SourceLocation where,
                                       std::string message, std::string hint) {
    return JsonSyntaxError{where, std::move(message), std::move(hint)};
  }

  bool Fail(SourceLocation where, std::string message, std::string hint) {
    if (!error_) error_ = Error(where, std::move(message), std::move(hint));
    return false;
  }

  bool FailTruncated(absl::string_view expected) {
    const Container& open = open_.back();
    return Fail(Here(),
                absl::StrFormat("unexpected end of file: expected %s in the %s "
                                "opened at %d:%d",
                                expected, open.is_object ? "object" : "array",
                                open.location.line, open.location.column),
                "restore the end of the file, which may be truncated");
  }

  void SkipWhitespace() {
    while (!AtEnd()) {
      const char c = Peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      Advance();
    }
  }

  // `is_map` is set for the value of an "attributes" member, the only
  // map fields of the model, whose keys are data rather than field names.
  bool ScanValue(const std::string& path, int depth, bool is_map = false,
                 Target target = {}) {
    SkipWhitespace();
    if (AtEnd()) return FailTruncated("a value");
    const char c = Peek();
    const SourceLocation start = Here();
    const size_t begin = pos_;

    // An object or array has the wrong type whatever its content, so that
    // error comes before any inside it. A scalar is checked once it has
    // scanned as valid JSON.
    if (c == '{' || c == '[') {
      if (target.field != nullptr &&
          !CheckValueType(path, target, start, text_.substr(begin, 1))) {
        return false;
      }
      return c == '{' ? ScanObject(path, depth + 1, is_map, target.message)
                      : ScanArray(path, depth + 1, target);
    }
    if (!ScanScalar(c)) return false;
    if (target.field == nullptr) return true;
    return CheckValueType(path, target, start,
                          text_.substr(begin, pos_ - begin));
  }

  // Scans a string, number or literal that starts with `c`, the character
  // at the cursor.
  bool ScanScalar(char c) {
    if (c == '"') {
      std::string ignored;
      return ScanString(ignored);
    }
    if (c == '-' || IsDigit(c)) return ScanNumber();
    if (c == 't' || c == 'f' || c == 'n') return ScanLiteral();
    if (c == '/') return FailComment();
    if (c == '\'') {
      return Fail(Here(), "strings must be in double quotes, not single quotes",
                  "replace the single quotes with double quotes");
    }
    return Fail(Here(),
                absl::StrCat("unexpected ", DescribeCharacter(Rest()),
                             " where a value is expected"),
                "write a string in double quotes, a number, true, false, "
                "null, an object or an array");
  }

  // Applies the type checks that CheckJsonSyntax describes to the value at
  // `start`. `value` is the whole scalar, or the opening bracket of an
  // object or array.
  bool CheckValueType(const std::string& path, const Target& target,
                      SourceLocation start, absl::string_view value) {
    const FieldDescriptor& field = *target.field;
    const bool element = target.element;
    const char c = value[0];
    const std::string invalid = absl::StrCat("invalid value for ", path, ": ");
    if (field.is_repeated() && !field.is_map() && !element) {
      if (c == '[' || c == 'n') return true;
      return Fail(start,
                  absl::StrCat(invalid, "expected an array but found ",
                               DescribeJsonValue(value)),
                  absl::StrCat("put the value in square brackets, because \"",
                               field.json_name(),
                               "\" is a list even when it has one element"));
    }
    if (element && c == '[') {
      return Fail(start,
                  absl::StrCat(invalid, "an array inside the array \"",
                               field.json_name(), "\""),
                  absl::StrCat("remove the inner square brackets, because each "
                               "element of \"",
                               field.json_name(), "\" is a single value"));
    }
    if (element && c == 'n') {
      return Fail(start,
                  absl::StrCat(invalid, "null is not allowed in the array \"",
                               field.json_name(), "\""),
                  "remove the null or replace it with a value");
    }
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_BOOL && c != 't' &&
        c != 'f' && c != 'n') {
      return Fail(start,
                  absl::StrCat(invalid, "expected true or false but found ",
                               DescribeJsonValue(value)),
                  "write true or false without quotes");
    }
    return true;
  }

  bool FailComment() {
    return Fail(Here(), "comments are not allowed in JSON",
                "remove the comment, or use the text format (.txtpb), which "
                "allows # comments");
  }

  bool EnterContainer(bool is_object, int depth) {
    if (depth > kMaxJsonNesting) {
      return Fail(Here(),
                  absl::StrCat("objects and arrays are nested more than ",
                               kMaxJsonNesting, " levels deep"),
                  "a model needs only a few levels, so check for runaway "
                  "brackets");
    }
    open_.push_back({is_object, Here()});
    Advance();
    return true;
  }

  bool ScanObject(const std::string& path, int depth, bool is_map,
                  const Descriptor* message) {
    if (!EnterContainer(true, depth)) return false;
    KeyLocations members;
    SkipWhitespace();
    if (!AtEnd() && Peek() == '}') {
      Advance();
      open_.pop_back();
      return true;
    }
    while (true) {
      if (!ScanMember(path, members, depth, is_map, message)) return false;
      SkipWhitespace();
      if (AtEnd()) return FailTruncated("',' or '}'");
      if (Peek() == '}') break;
      if (Peek() != ',') {
        return Fail(Here(),
                    absl::StrCat("expected ',' or '}' after an object member "
                                 "but found ",
                                 DescribeCharacter(Rest())),
                    "separate members with commas and close the object with "
                    "'}'");
      }
      const SourceLocation comma = Here();
      Advance();
      SkipWhitespace();
      if (!AtEnd() && Peek() == '}') {
        return Fail(comma, "trailing comma before '}'", "remove the comma");
      }
    }
    Advance();
    open_.pop_back();
    return true;
  }

  bool ScanMember(const std::string& path, KeyLocations& members, int depth,
                  bool is_map, const Descriptor* message) {
    SkipWhitespace();
    if (AtEnd()) return FailTruncated("a key in double quotes");
    const SourceLocation key_location = Here();
    if (Peek() == '/') return FailComment();
    if (Peek() != '"') {
      return Fail(Here(),
                  absl::StrCat("expected a key in double quotes but found ",
                               DescribeCharacter(Rest())),
                  "write object keys as strings in double quotes, such as "
                  "\"id\"");
    }
    std::string key;
    if (!ScanString(key)) return false;
    const size_t member_index = members.size();
    const auto [earlier, inserted] =
        members.emplace(is_map ? key : JsonNameToFieldName(key),
                        KeyLocation{key, key_location});
    if (!inserted) return FailDuplicateKey(key, key_location, earlier->second);

    SkipWhitespace();
    if (AtEnd()) return FailTruncated("':'");
    if (Peek() != ':') {
      return Fail(Here(),
                  absl::StrCat("expected ':' after the key \"", key,
                               "\" but found ", DescribeCharacter(Rest())),
                  "separate each key from its value with ':'");
    }
    Advance();
    SkipWhitespace();
    const std::string member_path = MemberPath(path, key);
    Record(path, member_index, member_path, key_location);

    // protobuf reads both the JSON name and the field name. The members of
    // a map all set the entry's value field, and map_value() is null for
    // other messages.
    const FieldDescriptor* field = nullptr;
    if (message != nullptr) {
      field = message->map_value();
      if (field == nullptr) {
        field = message->FindFieldByName(JsonNameToFieldName(key));
      }
    }
    return ScanValue(member_path, depth, !is_map && key == "attributes",
                     TargetOf(field, false));
  }

  bool FailDuplicateKey(const std::string& key, SourceLocation location,
                        const KeyLocation& earlier) {
    const std::string message =
        key == earlier.key
            ? absl::StrFormat("duplicate key \"%s\", first defined at %d:%d",
                              absl::Utf8SafeCEscape(key), earlier.location.line,
                              earlier.location.column)
            : absl::StrFormat(
                  "key \"%s\" sets the same field as \"%s\" at "
                  "%d:%d",
                  absl::Utf8SafeCEscape(key),
                  absl::Utf8SafeCEscape(earlier.key), earlier.location.line,
                  earlier.location.column);
    return Fail(location, message,
                "remove one of the two members, because JSON parsers disagree "
                "on which one wins");
  }

  // Paths are built only when they are stored or can appear in a message.
  bool NeedsPaths() const { return index_ != nullptr || type_ != nullptr; }

  std::string MemberPath(const std::string& parent, absl::string_view key) {
    if (!NeedsPaths()) return std::string();
    const std::string name = JsonNameToFieldName(key);
    return parent.empty() ? name : absl::StrCat(parent, ".", name);
  }

  // Records the member whose value starts at the cursor.
  void Record(const std::string& parent, size_t member_index,
              const std::string& member_path, SourceLocation key_location) {
    if (index_ == nullptr) return;
    const JsonValueLocation location{key_location, Here()};
    index_->emplace(member_path, location);
    const std::string entry = absl::StrCat(parent, "[", member_index, "]");
    index_->emplace(entry, location);
    index_->emplace(absl::StrCat(entry, ".key"),
                    JsonValueLocation{key_location, key_location});
    index_->emplace(absl::StrCat(entry, ".value"), location);
  }

  bool ScanArray(const std::string& path, int depth, Target target) {
    if (!EnterContainer(false, depth)) return false;
    // Only the elements of a list are checked. An array anywhere else is
    // already an error, which protobuf reports for a map or a single field.
    const bool is_list = target.field != nullptr &&
                         target.field->is_repeated() &&
                         !target.field->is_map() && !target.element;
    const Target element = is_list ? TargetOf(target.field, true) : Target{};
    SkipWhitespace();
    if (!AtEnd() && Peek() == ']') {
      Advance();
      open_.pop_back();
      return true;
    }
    for (size_t i = 0;; ++i) {
      SkipWhitespace();
      std::string element_path;
      if (NeedsPaths()) element_path = absl::StrCat(path, "[", i, "]");
      if (index_ != nullptr) {
        index_->emplace(element_path, JsonValueLocation{Here(), Here()});
      }
      if (!ScanValue(element_path, depth, false, element)) return false;
      SkipWhitespace();
      if (AtEnd()) return FailTruncated("',' or ']'");
      if (Peek() == ']') break;
      if (Peek() != ',') {
        return Fail(Here(),
                    absl::StrCat("expected ',' or ']' after an array element "
                                 "but found ",
                                 DescribeCharacter(Rest())),
                    "separate elements with commas and close the array with "
                    "']'");
      }
      const SourceLocation comma = Here();
      Advance();
      SkipWhitespace();
      if (!AtEnd() && Peek() == ']') {
        return Fail(comma, "trailing comma before ']'", "remove the comma");
      }
    }
    Advance();
    open_.pop_back();
    return true;
  }

  // Scans a string starting at the opening quote and stores its decoded
  // value in `out`.
  bool ScanString(std::string& out) {
    const SourceLocation start = Here();
    Advance();
    while (true) {
      if (AtEnd()) return FailUnclosedString(start);
      const unsigned char c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        Advance();
        return true;
      }
      if (c == '\n') {
        return Fail(start,
                    "the string that starts here is not closed on its line",
                    "close the string with '\"', or write a line break inside "
                    "it as \\n");
      }
      if (c < 0x20) {
        return Fail(Here(),
                    absl::StrFormat("unescaped control character U+%04X in a "
                                    "string",
                                    c),
                    absl::StrFormat("write it as \\u%04x", c));
      }
      if (c == '\\') {
        if (!ScanEscape(start, out)) return false;
        continue;
      }
      const size_t begin = pos_;
      AdvanceCharacter();
      out.append(text_.data() + begin, pos_ - begin);
    }
  }

  bool FailUnclosedString(SourceLocation string_start) {
    return Fail(string_start,
                "unexpected end of file inside the string that starts here",
                "close the string with '\"', or restore the end of the file "
                "if it is truncated");
  }

  bool ScanEscape(SourceLocation string_start, std::string& out) {
    const SourceLocation start = Here();
    Advance();
    if (AtEnd()) return FailUnclosedString(string_start);
    const char c = Peek();
    Advance();
    switch (c) {
      case '"':
        out += '"';
        return true;
      case '\\':
        out += '\\';
        return true;
      case '/':
        out += '/';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        return ScanUnicodeEscape(start, out);
      default:
        return Fail(
            start,
            absl::StrCat("invalid escape sequence '\\",
                         DescribeCharacter(text_.substr(pos_ - 1)), "'"),
            "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, "
            "and write a backslash as \\\\");
    }
  }

  // Reads the four hex digits after "\u".
  bool ReadHex4(SourceLocation start, uint32_t& value) {
    value = 0;
    for (int i = 0; i < 4; ++i) {
      if (AtEnd() || !IsHexDigit(Peek())) {
        return Fail(start, "invalid \\u escape: expected four hex digits",
                    "write the character as \\u followed by four hex digits, "
                    "such as \\u00e9");
      }
      value = value * 16 + static_cast<uint32_t>(HexValue(Peek()));
      Advance();
    }
    return true;
  }

  bool ScanUnicodeEscape(SourceLocation start, std::string& out) {
    uint32_t unit = 0;
    if (!ReadHex4(start, unit)) return false;
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return Fail(start,
                  absl::StrFormat("unpaired low surrogate \\u%04x", unit),
                  "a low surrogate must follow a high surrogate "
                  "(\\ud800-\\udbff), or write the character itself");
    }
    if (unit < 0xD800 || unit > 0xDBFF) {
      AppendUtf8(unit, out);
      return true;
    }

    if (Rest().substr(0, 2) != "\\u") {
      return Fail(start,
                  absl::StrFormat("unpaired high surrogate \\u%04x", unit),
                  "follow it with a low surrogate (\\udc00-\\udfff), or write "
                  "the character itself");
    }
    Advance();
    Advance();

    uint32_t low = 0;
    if (!ReadHex4(start, low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) {
      return Fail(start,
                  absl::StrFormat("high surrogate \\u%04x is followed by "
                                  "\\u%04x, which is not a low surrogate",
                                  unit, low),
                  "follow it with a low surrogate (\\udc00-\\udfff), or write "
                  "the character itself");
    }
    AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
    return true;
  }

  bool FailNumber(SourceLocation start, absl::string_view problem) {
    return Fail(start, absl::StrCat("invalid number: ", problem),
                "write numbers as in JSON: an optional '-', digits without "
                "leading zeros, an optional fraction and exponent");
  }

  bool ScanDigits(SourceLocation start, absl::string_view problem) {
    if (AtEnd() || !IsDigit(Peek())) return FailNumber(start, problem);
    while (!AtEnd() && IsDigit(Peek())) Advance();
    return true;
  }

  bool ScanNumber() {
    const SourceLocation start = Here();
    const size_t begin = pos_;
    if (Peek() == '-') Advance();
    if (AtEnd() || !IsDigit(Peek())) {
      return FailNumber(start, "expected a digit after '-'");
    }
    if (Peek() == '0') {
      Advance();
      if (!AtEnd() && IsDigit(Peek())) {
        return FailNumber(start, "leading zeros are not allowed");
      }
    } else if (!ScanDigits(start, "expected a digit")) {
      return false;
    }
    if (!AtEnd() && Peek() == '.') {
      Advance();
      if (!ScanDigits(start, "expected a digit after '.'")) return false;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      Advance();
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) Advance();
      if (!ScanDigits(start, "expected a digit in the exponent")) return false;
    }

    // protobuf rejects numbers beyond the range of double without a position.
    double value = 0;
    if (!absl::SimpleAtod(text_.substr(begin, pos_ - begin), &value) ||
        std::isinf(value)) {
      return Fail(
          start, "number out of the range of a double",
          "use a smaller number, because the numeric fields of a model are "
          "32-bit integers");
    }
    return true;
  }

  bool ScanLiteral() {
    const SourceLocation start = Here();
    size_t end = pos_;
    while (end < text_.size() && text_[end] >= 'a' && text_[end] <= 'z') ++end;
    const absl::string_view word = text_.substr(pos_, end - pos_);
    if (word != "true" && word != "false" && word != "null") {
      return Fail(start, absl::StrCat("invalid literal '", word, "'"),
                  "write true, false or null in lower case, or put a string "
                  "in double quotes");
    }
    while (pos_ < end) Advance();
    return true;
  }

  struct Container {
    bool is_object;
    SourceLocation location;
  };

  absl::string_view text_;
  JsonLocationIndex* index_;
  const Descriptor* type_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::vector<Container> open_;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

std::optional<JsonSyntaxError> CheckJsonSyntax(absl::string_view text,
                                               const Descriptor* type) {
  return JsonScanner(text, nullptr, type).Run();
}

JsonLocationIndex IndexJsonLocations(absl::string_view text) {
  JsonLocationIndex index;
  JsonScanner(text, &index).Run();
  return index;
}

std::string JsonNameToFieldName(absl::string_view json_name) {
  std::string name;
  name.reserve(json_name.size() + 4);
  for (const char c : json_name) {
    if (c >= 'A' && c <= 'Z') {
      name += '_';
      name += static_cast<char>(c - 'A' + 'a');
    } else {
      name += c;
    }
  }
  return name;
}

}  // namespace rolegraph::model_internal
