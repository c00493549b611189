// Tests of LoadModel and ParseModel: every format, and every kind of bad
// input, each with the message and location it must produce.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/model_test_util.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace {

using ::rolegraph::testing::DataPath;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Returns the message of the load error for a file in tests/model/data.
std::string LoadError(
    const std::string& name,
    absl::StatusCode expected = absl::StatusCode::kInvalidArgument) {
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath(name));
  EXPECT_FALSE(model.ok()) << name << " loaded without error";
  if (model.ok()) return "";
  EXPECT_EQ(model.status().code(), expected) << model.status();
  return std::string(model.status().message());
}

std::string ParseError(absl::string_view content, ModelFormat format) {
  const absl::StatusOr<v1::Model> model =
      ParseModel(content, format, "in-memory.json");
  EXPECT_FALSE(model.ok()) << content;
  if (model.ok()) return "";
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(model.status().message());
}

TEST(LoadModel, ValidJson) {
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath("valid.json"));
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->name(), "small organisation");
  ASSERT_EQ(model->roles_size(), 2);
  EXPECT_EQ(model->roles(1).inducements(0).condition().expression(),
            "switches.incident_response");
  EXPECT_EQ(model->users(1).activation().valid_to().seconds(), 1798761599);
  EXPECT_EQ(model->incident_types(0).resources(0), "crm");
}

TEST(LoadModel, TruncatedJson) {
  const std::string message = LoadError("truncated.json");
  EXPECT_THAT(message, StartsWith(DataPath("truncated.json") + ":4:46: "));
  EXPECT_THAT(message, HasSubstr("unexpected end of file"));
  EXPECT_THAT(message,
              HasSubstr("expected ',' or '}' in the object opened at 4:22"));
  EXPECT_THAT(message, HasSubstr("truncated"));
}

TEST(LoadModel, WrongTypeJson) {
  const std::string message = LoadError("wrong_type.json");
  EXPECT_THAT(message, StartsWith(DataPath("wrong_type.json") + ":4:62: "));
  EXPECT_THAT(message, HasSubstr("roles[1].inducements[0].order"));
  EXPECT_THAT(message, HasSubstr("\"second\""));
  EXPECT_THAT(message, HasSubstr("write a whole number"));
}

TEST(LoadModel, UnknownEnumValueJson) {
  const std::string message = LoadError("unknown_enum.json");
  EXPECT_THAT(message, StartsWith(DataPath("unknown_enum.json") + ":3:29: "));
  EXPECT_THAT(message, HasSubstr("roles[0].kind"));
  EXPECT_THAT(message, HasSubstr("ROLE_KIND_BUSINES"));
  EXPECT_THAT(
      message,
      HasSubstr("use one of ROLE_KIND_UNSPECIFIED, ROLE_KIND_BUSINESS"));
}

TEST(LoadModel, InvalidUtf8) {
  const std::string message = LoadError("invalid_utf8.json");
  EXPECT_EQ(message,
            DataPath("invalid_utf8.json") +
                ":3:14: invalid UTF-8: byte 0xE9 at byte offset 28 does "
                "not start a valid sequence; save the file as UTF-8");
}

TEST(LoadModel, InvalidUtf8InTextFormat) {
  const std::string message =
      ParseError("roles {\n  id: \"caf\xc3\"\n}\n", ModelFormat::kText);
  EXPECT_THAT(message,
              StartsWith("in-memory.json:2:11: invalid UTF-8: byte 0xC3"));
}

TEST(LoadModel, DuplicateJsonKeyNamesBothLocations) {
  const std::string message = LoadError("duplicate_key.json");
  EXPECT_THAT(message, StartsWith(DataPath("duplicate_key.json") + ":6:7: "));
  EXPECT_THAT(message, HasSubstr("duplicate key \"id\", first defined at 4:7"));
  EXPECT_THAT(message, HasSubstr("remove one of the two members"));
}

TEST(LoadModel, TimestampWithoutTimeZone) {
  const std::string message = LoadError("timestamp_without_zone.json");
  EXPECT_THAT(message,
              StartsWith(DataPath("timestamp_without_zone.json") + ":5:35: "));
  EXPECT_THAT(message, HasSubstr("users[0].activation.valid_from"));
  EXPECT_THAT(message, HasSubstr("2026-01-01T00:00:00"));
  EXPECT_THAT(message, HasSubstr("with a time zone"));
}

TEST(LoadModel, UnknownJsonFieldSuggestsName) {
  const std::string message = LoadError("unknown_field.json");
  EXPECT_EQ(message, DataPath("unknown_field.json") +
                         ":3:21: unknown field \"inducement\" in roles[0]; did "
                         "you mean \"inducements\"?");
}

TEST(LoadModel, EmptyFile) {
  const std::string message = LoadError("empty.json");
  EXPECT_EQ(message,
            DataPath("empty.json") +
                ": the model file is empty; write a rolegraph.v1.Model "
                "into it (an empty model is {} in JSON)");
}

TEST(LoadModel, MissingFile) {
  const std::string message =
      LoadError("no_such_model.json", absl::StatusCode::kNotFound);
  EXPECT_EQ(message, DataPath("no_such_model.json") +
                         ": model file not found; check the path");
}

TEST(LoadModel, DirectoryIsRejected) {
  const std::string directory = ::testing::TempDir() + "/model_dir.json";
  ::mkdir(directory.c_str(), 0700);
  const absl::StatusOr<v1::Model> model = LoadModel(directory);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(model.status().message()),
              StartsWith(directory + ": is a directory"));
  ::rmdir(directory.c_str());
}

TEST(LoadModel, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
  const std::string path = ::testing::TempDir() + "/unreadable.json";
  std::FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("{}", file);
  std::fclose(file);
  ::chmod(path.c_str(), 0);
  const absl::StatusOr<v1::Model> model = LoadModel(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(model.status().message()),
              StartsWith(path + ": permission denied"));
  ::unlink(path.c_str());
}

TEST(LoadModel, FileLargerThanLimit) {
  LoadOptions options;
  options.max_file_bytes = 100;
  const absl::StatusOr<v1::Model> model =
      LoadModel(DataPath("valid.json"), options);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(model.status().message()),
              StartsWith(DataPath("valid.json") + ": the model file is "));
  EXPECT_THAT(std::string(model.status().message()),
              HasSubstr("more than the limit of 100 bytes"));
  EXPECT_THAT(std::string(model.status().message()),
              HasSubstr("LoadOptions::max_file_bytes"));
}

TEST(LoadModel, UnknownExtension) {
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath("model.yaml"));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(model.status().message()),
              HasSubstr("unsupported model file extension \".yaml\""));
  EXPECT_THAT(std::string(model.status().message()), HasSubstr(".json"));
  EXPECT_THAT(std::string(model.status().message()), HasSubstr(".txtpb"));
  EXPECT_THAT(std::string(model.status().message()), HasSubstr(".binpb"));
}

TEST(LoadModel, TruncatedTextFormat) {
  const std::string message = LoadError("truncated.txtpb");
  EXPECT_EQ(message,
            DataPath("truncated.txtpb") +
                ":5:1: Expected identifier, got: end of file; restore the "
                "end of the file, which may be truncated");
}

TEST(LoadModel, UnknownTextFormatField) {
  const std::string message = LoadError("unknown_field.txtpb");
  EXPECT_THAT(message, StartsWith(DataPath("unknown_field.txtpb") + ":4:3: "));
  EXPECT_EQ(message,
            DataPath("unknown_field.txtpb") +
                ":4:3: Message type \"rolegraph.v1.Role\" has no field "
                "named \"kindd\"; did you mean \"kind\"?");
}

TEST(LoadModel, CorruptBinary) {
  const std::string message = LoadError("corrupt.binpb");
  EXPECT_THAT(message, StartsWith(DataPath("corrupt.binpb") +
                                  ": not a valid binary rolegraph.v1.Model"));
}

TEST(LoadModel, TextFormatModel) {
  const absl::StatusOr<v1::Model> model =
      LoadModel(DataPath("five_mistakes.txtpb"));
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->roles_size(), 3);
  EXPECT_EQ(model->users(0).assignments(0).condition().expression(),
            "switches.incident_responce");
}

// Each case is JSON content and the start of the error message it produces.
struct JsonSyntaxCase {
  const char* content;
  const char* expected;
};

TEST(ParseModel, JsonSyntaxErrors) {
  const JsonSyntaxCase cases[] = {
      {"{\"name\": \"a\",}", "in-memory.json:1:13: trailing comma before '}'"},
      {"{\"roles\": [1,]}", "in-memory.json:1:13: trailing comma before ']'"},
      {"{name: 1}",
       "in-memory.json:1:2: expected a key in double quotes but found 'n'"},
      {"{\"name\": 'a'}",
       "in-memory.json:1:10: strings must be in double quotes"},
      {"{\"name\" \"a\"}",
       "in-memory.json:1:9: expected ':' after the key \"name\""},
      {"{\"name\": \"a\"} x",
       "in-memory.json:1:15: unexpected 'x' after the end of the top-level "
       "object"},
      {"[]",
       "in-memory.json:1:1: expected '{' at the start of the model but found "
       "'['"},
      {"{\"roles\": [{\"id\": 01}]}",
       "in-memory.json:1:19: invalid number: leading zeros"},
      {"{\"roles\": [{\"id\": -}]}",
       "in-memory.json:1:19: invalid number: expected a digit after '-'"},
      {"{\"roles\": [{\"id\": 1.}]}",
       "in-memory.json:1:19: invalid number: expected a digit after '.'"},
      {"{\"roles\": [{\"id\": 1e}]}",
       "in-memory.json:1:19: invalid number: expected a digit in the exponent"},
      {"{\"name\": True}",
       "in-memory.json:1:10: unexpected 'T' where a value is expected"},
      {"{\"name\": nul}", "in-memory.json:1:10: invalid literal 'nul'"},
      {"{\"name\": \"a\\qb\"}",
       "in-memory.json:1:12: invalid escape sequence '\\'q''"},
      {"{\"name\": \"\\u12G4\"}", "in-memory.json:1:11: invalid \\u escape"},
      {"{\"name\": \"\\ud800\"}",
       "in-memory.json:1:11: unpaired high surrogate \\ud800"},
      {"{\"name\": \"\\udc00\"}",
       "in-memory.json:1:11: unpaired low surrogate \\udc00"},
      {"{\"name\": \"a\tb\"}",
       "in-memory.json:1:12: unescaped control character U+0009"},
      {"{\"name\": \"ab\n\"}",
       "in-memory.json:1:10: the string that starts here is not closed"},
      {"{\"name\": \"ab",
       "in-memory.json:1:10: unexpected end of file inside the string"},
      {"{\"name\": \"ab\\",
       "in-memory.json:1:10: unexpected end of file inside the string"},
      {"{\"name\": \"\\u12", "in-memory.json:1:11: invalid \\u escape"},
      {"{\"roles\": [",
       "in-memory.json:1:12: unexpected end of file: expected a value in the "
       "array opened at 1:11"},
      {"{\n  // note\n}",
       "in-memory.json:2:3: comments are not allowed in JSON"},
      {"{\"roles\": [{\"order\": 1e400}]}",
       "in-memory.json:1:22: number out of the range of a double"},
      {"{\"roles\": [{\"displayName\": \"a\", \"display_name\": \"b\"}]}",
       "in-memory.json:1:33: key \"display_name\" sets the same field as "
       "\"displayName\" at 1:13"},
      {"{\"name\": \"\xc3\xa9\", x}",
       "in-memory.json:1:15: expected a key in double quotes"},
  };
  for (const JsonSyntaxCase& test_case : cases) {
    EXPECT_THAT(ParseError(test_case.content, ModelFormat::kJson),
                StartsWith(test_case.expected))
        << test_case.content;
  }
}

TEST(ParseModel, JsonNestingLimit) {
  std::string deep = "{\"name\": ";
  for (int i = 0; i < 100; ++i) deep += "[";
  const std::string message = ParseError(deep, ModelFormat::kJson);
  EXPECT_THAT(
      message,
      StartsWith(
          "in-memory.json:1:73: objects and arrays are nested more than 64"));
}

TEST(ParseModel, WhitespaceOnlyIsEmpty) {
  EXPECT_THAT(ParseError(" \n\t\n", ModelFormat::kJson),
              HasSubstr("the model file is empty"));
  EXPECT_THAT(ParseError("\n", ModelFormat::kText),
              HasSubstr("the model file is empty"));
  EXPECT_THAT(ParseError("", ModelFormat::kBinary),
              HasSubstr("the model file is empty"));
}

TEST(ParseModel, ByteOrderMarkIsSkipped) {
  const absl::StatusOr<v1::Model> model = ParseModel(
      "\xEF\xBB\xBF{\"name\": \"bom\"}", ModelFormat::kJson, "bom.json");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->name(), "bom");
}

TEST(ParseModel, JsonAcceptsProtoFieldNames) {
  const absl::StatusOr<v1::Model> model = ParseModel(
      R"({"incident_types": [{"id": "a", "min_sensitivity": "SENSITIVITY_HIGH"}]})",
      ModelFormat::kJson, "snake.json");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->incident_types(0).min_sensitivity(), v1::SENSITIVITY_HIGH);
}

TEST(ParseModel, JsonMapValueOfWrongTypeIsLocated) {
  const std::string message = ParseError(
      "{\"users\": [{\"id\": \"a\",\n  \"attributes\": {\"team\": \"x\", "
      "\"level\": 3}}]}",
      ModelFormat::kJson);
  EXPECT_THAT(message, StartsWith("in-memory.json:2:40: invalid value for "
                                  "users[0].attributes[1].value: 3"));
}

TEST(ParseModel, JsonMapKeysAreNotFieldNames) {
  const absl::StatusOr<v1::Model> model = ParseModel(
      R"({"users": [{"id": "a", "attributes": {"userName": "x", "user_name": "y"}}]})",
      ModelFormat::kJson, "map.json");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->users(0).attributes().at("user_name"), "y");
}

TEST(ParseModel, JsonInducementWithTwoTargets) {
  const std::string message = ParseError(
      R"({"roles": [{"id": "a", "inducements": [{"role": "b", "privilege": "c"}]}]})",
      ModelFormat::kJson);
  EXPECT_THAT(message, HasSubstr("roles[0].inducements[0]"));
  EXPECT_THAT(message,
              HasSubstr("set either \"role\" or \"privilege\", not both"));
}

// protobuf 3.21 reads these values without an error, so the loader's own
// type check must reject them.
TEST(ParseModel, JsonValuesThatProtobufWouldConvert) {
  const JsonSyntaxCase cases[] = {
      {R"({"switches": [{"id": "s", "active": "yes"}]})",
       "in-memory.json:1:37: invalid value for switches[0].active: expected "
       "true or false but found the string \"yes\"; write true or false "
       "without quotes"},
      {R"({"switches": [{"id": "s", "active": "false"}]})",
       "in-memory.json:1:37: invalid value for switches[0].active: expected "
       "true or false but found the string \"false\""},
      {R"({"switches": [{"id": "s", "active": 1}]})",
       "in-memory.json:1:37: invalid value for switches[0].active: expected "
       "true or false but found the number 1"},
      {R"({"switches": [{"id": "s", "active": [true]}]})",
       "in-memory.json:1:37: invalid value for switches[0].active: expected "
       "true or false but found an array"},
      {"{\n  \"roles\": {\"id\": \"a\"}\n}",
       "in-memory.json:2:12: invalid value for roles: expected an array but "
       "found an object; put the value in square brackets, because \"roles\" "
       "is a list even when it has one element"},
      {R"({"roles": [{"id": "a", "owners": "bob"}]})",
       "in-memory.json:1:34: invalid value for roles[0].owners: expected an "
       "array but found the string \"bob\""},
      {R"({"roles": [{"id": "a", "inducements": {"role": "b"}}]})",
       "in-memory.json:1:39: invalid value for roles[0].inducements: expected "
       "an array but found an object"},
      {R"({"incidentTypes": [{"id": "a", "resources": 7}]})",
       "in-memory.json:1:45: invalid value for incident_types[0].resources: "
       "expected an array but found the number 7"},
      {R"({"roles": [{"id": "a", "owners": [["bob"]]}]})",
       "in-memory.json:1:35: invalid value for roles[0].owners[0]: an array "
       "inside the array \"owners\"; remove the inner square brackets"},
      {R"({"roles": [{"id": "a"}, null]})",
       "in-memory.json:1:25: invalid value for roles[1]: null is not allowed "
       "in the array \"roles\"; remove the null"},
      {R"({"roles": [{"id": "a", "display_name": "x", "owners": "b"}]})",
       "in-memory.json:1:55: invalid value for roles[0].owners: expected an "
       "array"},
  };
  for (const JsonSyntaxCase& test_case : cases) {
    EXPECT_THAT(ParseError(test_case.content, ModelFormat::kJson),
                StartsWith(test_case.expected))
        << test_case.content;
  }
}

TEST(ParseModel, JsonTypeCheckNamesTheFirstError) {
  // The array error comes before the errors inside the object it replaces.
  const std::string message = ParseError(
      R"({"roles": {"id": "a", "owners": "b"}, "switches": [{"active": "no"}]})",
      ModelFormat::kJson);
  EXPECT_THAT(message, StartsWith("in-memory.json:1:11: invalid value for roles:"));
}

TEST(ParseModel, JsonTypeCheckCutsLongValues) {
  const std::string long_value(1000, 'y');
  const std::string message = ParseError(
      absl::StrCat(R"({"switches": [{"active": ")", long_value, R"("}]})"),
      ModelFormat::kJson);
  EXPECT_THAT(message, HasSubstr(absl::StrCat("the string \"", std::string(39, 'y'),
                                              "...; write true or false")));
}

TEST(ParseModel, JsonNullListsAndBoolsAreAccepted) {
  const absl::StatusOr<v1::Model> model = ParseModel(
      R"({"roles": null, "switches": [{"id": "s", "active": null},)"
      R"( {"id": "t", "active": true}], "users": [{"id": "u", "attributes": {"on": "yes"}}]})",
      ModelFormat::kJson, "nulls.json");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->roles_size(), 0);
  ASSERT_EQ(model->switches_size(), 2);
  EXPECT_FALSE(model->switches(0).active());
  EXPECT_TRUE(model->switches(1).active());
  EXPECT_EQ(model->users(0).attributes().at("on"), "yes");
}

TEST(ParseModel, JsonTopLevelUnknownField) {
  const std::string message =
      ParseError("{\n  \"rolez\": []\n}", ModelFormat::kJson);
  EXPECT_EQ(message,
            "in-memory.json:2:3: unknown field \"rolez\" in the model; "
            "did you mean \"roles\"?");
}

TEST(ParseModel, TextFormatDuplicateField) {
  const std::string message =
      ParseError("roles {\n  id: \"a\"\n  id: \"b\"\n}\n", ModelFormat::kText);
  EXPECT_THAT(message, StartsWith("in-memory.json:3:"));
  EXPECT_THAT(message, HasSubstr("remove one of the two values"));
}

TEST(ParseModel, TextFormatColumnsCountTabsAsOne) {
  const std::string message = ParseError(
      "roles {\n\tid: \"a\"\n\tbad_field: 1\n}\n", ModelFormat::kText);
  EXPECT_THAT(message, StartsWith("in-memory.json:3:2: "));
}

TEST(ParseModel, TextFormatUnknownEnumValue) {
  const std::string message =
      ParseError("roles {\n  id: \"a\"\n  kind: ROLE_KIND_BUSINES\n}\n",
                 ModelFormat::kText);
  EXPECT_THAT(message, StartsWith("in-memory.json:3:9: "));
  EXPECT_THAT(message, HasSubstr("ROLE_KIND_BUSINES"));
  EXPECT_THAT(message, HasSubstr("use one of the enum's value names"));
}

TEST(ParseModel, GarbageNeverCrashes) {
  // Every prefix of a valid model either parses or fails with a message.
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath("valid.json"));
  ASSERT_TRUE(model.ok());
  for (const ModelFormat format :
       {ModelFormat::kJson, ModelFormat::kText, ModelFormat::kBinary}) {
    const absl::StatusOr<std::string> content = SerializeModel(*model, format);
    ASSERT_TRUE(content.ok());
    for (size_t length = 0; length < content->size(); ++length) {
      const absl::StatusOr<v1::Model> parsed = ParseModel(
          absl::string_view(*content).substr(0, length), format, "prefix");
      if (!parsed.ok()) {
        EXPECT_THAT(std::string(parsed.status().message()),
                    StartsWith("prefix"))
            << length;
      }
    }
  }
}

TEST(ParseModel, MutatedJsonNeverCrashes) {
  // Replacing any one byte of a valid model with a character that matters to
  // the grammar either parses (and validates) or fails with a message.
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath("valid.json"));
  ASSERT_TRUE(model.ok());
  const std::string original = *SerializeModel(*model, ModelFormat::kJson);
  for (size_t i = 0; i < original.size(); ++i) {
    for (const char replacement :
         {'"', '\\', '{', '}', '[', ']', ',', ':', '0', '\xff', '\x01'}) {
      std::string mutated = original;
      mutated[i] = replacement;
      const absl::StatusOr<v1::Model> parsed =
          ParseModel(mutated, ModelFormat::kJson, "mutated");
      if (parsed.ok()) {
        ValidateModel(*parsed, "mutated");
      } else {
        EXPECT_THAT(std::string(parsed.status().message()),
                    StartsWith("mutated"))
            << mutated;
      }
    }
  }
}

}  // namespace
}  // namespace rolegraph
