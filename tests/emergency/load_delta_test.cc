// LoadDelta reads the three formats with the model loader's located errors.
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/simulate.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;

class LoadDeltaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rolegraph-delta-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }

  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& content) const {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path directory_;
};

TEST_F(LoadDeltaTest, ReadsAllThreeFormats) {
  v1::ModelDelta delta;
  delta.set_description("turn the switch on");
  v1::SetSwitch* set = delta.add_changes()->mutable_set_switch();
  set->set_switch_id("incident_response");
  set->set_active(true);

  const std::string json = Write(
      "delta.json",
      R"({"description": "turn the switch on", "changes": [{"setSwitch": {"switchId": "incident_response", "active": true}}]})");
  const std::string text = Write(
      "delta.txtpb",
      "description: \"turn the switch on\"\n"
      "changes { set_switch { switch_id: \"incident_response\" active: true } }\n");
  const std::string binary = Write("delta.binpb", delta.SerializeAsString());

  for (const std::string& path : {json, text, binary}) {
    absl::StatusOr<v1::ModelDelta> loaded = LoadDelta(path);
    ASSERT_TRUE(loaded.ok()) << path << ": " << loaded.status();
    EXPECT_EQ(loaded->SerializeAsString(), delta.SerializeAsString()) << path;
  }
}

TEST_F(LoadDeltaTest, JsonErrorHasLineAndColumn) {
  const std::string path = Write("delta.json", "{\n  \"changes\": [\n    {\"obtainRole\": {\"usr\": \"x\"}}\n  ]\n}\n");
  absl::StatusOr<v1::ModelDelta> loaded = LoadDelta(path);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path + ":3:21: unknown field \"usr\""));
}

TEST_F(LoadDeltaTest, TextErrorHasLineAndColumn) {
  const std::string path = Write("delta.txtpb", "description: \"x\"\nchanges { obtain_role { rol: \"y\" } }\n");
  absl::StatusOr<v1::ModelDelta> loaded = LoadDelta(path);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path + ":2:"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("did you mean \"role\""));
}

TEST_F(LoadDeltaTest, MissingFileIsNotFound) {
  absl::StatusOr<v1::ModelDelta> loaded = LoadDelta((directory_ / "none.json").string());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(loaded.status().message(), HasSubstr("delta file not found"));
}

TEST_F(LoadDeltaTest, EmptyFileNamesDeltaType) {
  absl::StatusOr<v1::ModelDelta> loaded = LoadDelta(Write("empty.json", " \n"));
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("rolegraph.v1.ModelDelta"));
}

}  // namespace
}  // namespace rolegraph
