// Tests of FormatForPath and SerializeModel.
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "model/model_test_util.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace {

using ::rolegraph::testing::DataPath;
using ::testing::HasSubstr;

TEST(FormatForPath, KnownExtensions) {
  EXPECT_EQ(*FormatForPath("a/model.json"), ModelFormat::kJson);
  EXPECT_EQ(*FormatForPath("model.JSON"), ModelFormat::kJson);
  EXPECT_EQ(*FormatForPath("model.txtpb"), ModelFormat::kText);
  EXPECT_EQ(*FormatForPath("model.textproto"), ModelFormat::kText);
  EXPECT_EQ(*FormatForPath("model.pbtxt"), ModelFormat::kText);
  EXPECT_EQ(*FormatForPath("model.binpb"), ModelFormat::kBinary);
  EXPECT_EQ(*FormatForPath("dir.v2/model.pb"), ModelFormat::kBinary);
}

TEST(FormatForPath, UnknownExtensionListsSupported) {
  const absl::StatusOr<ModelFormat> format = FormatForPath("model.yaml");
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(format.status().message(),
            "model.yaml: unsupported model file extension \".yaml\"; use .json "
            "(proto3 JSON), .txtpb, .textproto or .pbtxt (text format), or "
            ".binpb or .pb (binary)");
}

TEST(FormatForPath, NoExtension) {
  for (const char* path : {"model", "dir.d/model", ".json"}) {
    const absl::StatusOr<ModelFormat> format = FormatForPath(path);
    ASSERT_FALSE(format.ok()) << path;
    EXPECT_THAT(std::string(format.status().message()),
                HasSubstr("has no extension"))
        << path;
  }
}

TEST(SerializeModel, RoundTripsEveryFormat) {
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath("valid.json"));
  ASSERT_TRUE(model.ok()) << model.status();
  for (const ModelFormat format :
       {ModelFormat::kJson, ModelFormat::kText, ModelFormat::kBinary}) {
    const absl::StatusOr<std::string> content = SerializeModel(*model, format);
    ASSERT_TRUE(content.ok()) << content.status();
    const absl::StatusOr<v1::Model> parsed =
        ParseModel(*content, format, "round-trip");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(*model, *parsed))
        << static_cast<int>(format);
  }
}

TEST(SerializeModel, JsonUsesCamelCaseAndIndents) {
  v1::Model model;
  model.add_incident_types()->set_min_sensitivity(v1::SENSITIVITY_HIGH);
  const absl::StatusOr<std::string> json =
      SerializeModel(model, ModelFormat::kJson);
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, HasSubstr("\"incidentTypes\": ["));
  EXPECT_THAT(*json, HasSubstr("\"minSensitivity\": \"SENSITIVITY_HIGH\""));
  EXPECT_THAT(*json, HasSubstr("\n"));
}

}  // namespace
}  // namespace rolegraph
