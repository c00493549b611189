// Emergency switch operations on a copy of the example organisation: input
// checks, the fields written, the audit record, the preview against
// Explain, expiry and status.
#include "rolegraph/emergency.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"
#include "rolegraph/simulate.h"

namespace rolegraph {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kSwitch[] = "incident_response";

absl::Time Noon() {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, "2026-12-04T12:00:00Z", &time, &error));
  return time;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// A private copy of examples/org.json, removed with its directory.
class EmergencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rolegraph-emergency-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
    model_path_ = (directory_ / "org.json").string();
    std::filesystem::copy_file(
        std::filesystem::path(ROLEGRAPH_SOURCE_DIR) / "examples" / "org.json", model_path_);
  }

  void TearDown() override { std::filesystem::remove_all(directory_); }

  EmergencyOptions Options() const {
    EmergencyOptions options;
    options.now = Noon();
    options.lock_timeout = absl::Seconds(5);
    return options;
  }

  ActivationRequest Request() const {
    return {.switch_id = kSwitch, .ttl = absl::Hours(4), .reason = "INC-1042",
            .actor = "alice"};
  }

  std::unique_ptr<Evaluator> EvaluatorAt(absl::Time now) const {
    absl::StatusOr<v1::Model> model = LoadModel(model_path_);
    EXPECT_TRUE(model.ok()) << model.status();
    absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(*model);
    EXPECT_TRUE(policy.ok()) << policy.status();
    absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
        Evaluator::Create(*policy, {.now = now});
    EXPECT_TRUE(evaluator.ok()) << evaluator.status();
    return *std::move(evaluator);
  }

  std::filesystem::path directory_;
  std::string model_path_;
};

TEST_F(EmergencyTest, ActivationRejectsMissingReason) {
  const std::string before = ReadAll(model_path_);
  ActivationRequest request = Request();
  request.reason = "  ";
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, request, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("missing reason"));
  EXPECT_EQ(ReadAll(model_path_), before);
  EXPECT_FALSE(std::filesystem::exists(DefaultAuditPath(model_path_)));
}

TEST_F(EmergencyTest, ActivationRejectsMissingActor) {
  ActivationRequest request = Request();
  request.actor = "";
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, request, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("missing actor"));
}

TEST_F(EmergencyTest, ActivationRejectsTtlAboveMaximum) {
  const std::string before = ReadAll(model_path_);
  ActivationRequest request = Request();
  request.ttl = absl::Hours(9);  // The example's max_ttl is 8h.
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, request, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("exceeds the maximum 8h"));
  EXPECT_EQ(ReadAll(model_path_), before);
  EXPECT_FALSE(std::filesystem::exists(DefaultAuditPath(model_path_)));
}

TEST_F(EmergencyTest, ActivationRejectsNonPositiveTtl) {
  ActivationRequest request = Request();
  request.ttl = absl::ZeroDuration();
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, request, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("invalid ttl"));
}

TEST_F(EmergencyTest, ActivationRejectsUnknownSwitch) {
  ActivationRequest request = Request();
  request.switch_id = "incident_respons";
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, request, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(result.status().message(), HasSubstr("incident_response"));
}

TEST_F(EmergencyTest, ActivationWritesSwitchFields) {
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, Request(), Options());
  ASSERT_TRUE(result.ok()) << result.status();

  absl::StatusOr<v1::Model> model = LoadModel(model_path_);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_THAT(model->switches(), SizeIs(1));
  const v1::Switch& config = model->switches(0);
  EXPECT_TRUE(config.active());
  EXPECT_EQ(config.activated_at().seconds(), absl::ToUnixSeconds(Noon()));
  EXPECT_EQ(config.expires_at().seconds(), absl::ToUnixSeconds(Noon() + absl::Hours(4)));
  EXPECT_EQ(config.activated_by(), "alice");
  EXPECT_EQ(config.reason(), "INC-1042");
  EXPECT_EQ(config.max_ttl().seconds(), 8 * 3600);
}

TEST_F(EmergencyTest, ActivationAppendsAuditRecord) {
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, Request(), Options());
  ASSERT_TRUE(result.ok()) << result.status();

  const std::vector<std::string> lines = Lines(ReadAll(DefaultAuditPath(model_path_)));
  ASSERT_THAT(lines, SizeIs(1));
  v1::EmergencyAuditRecord record;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[0], &record).ok())
      << lines[0];
  EXPECT_EQ(record.action(), "activate");
  EXPECT_EQ(record.actor(), "alice");
  EXPECT_EQ(record.reason(), "INC-1042");
  EXPECT_EQ(record.switch_id(), kSwitch);
  EXPECT_EQ(record.expires_at().seconds(), absl::ToUnixSeconds(Noon() + absl::Hours(4)));
  EXPECT_EQ(record.model(), model_path_);
  EXPECT_THAT(record.granted(), Not(IsEmpty()));
  EXPECT_THAT(record.removed(), IsEmpty());
  EXPECT_EQ(record.granted_size(), result->preview().users_size());
}

TEST_F(EmergencyTest, AuditPathOverride) {
  EmergencyOptions options = Options();
  options.audit_path = (directory_ / "custom.jsonl").string();
  ASSERT_TRUE(ActivateSwitch(model_path_, Request(), options).ok());
  EXPECT_THAT(Lines(ReadAll(options.audit_path)), SizeIs(1));
  EXPECT_FALSE(std::filesystem::exists(DefaultAuditPath(model_path_)));
}

// Every privilege the preview grants is one that Explain shows a path to
// with the switch on, and Check confirms it is new.
TEST_F(EmergencyTest, PreviewMatchesExplainAndCheck) {
  std::unique_ptr<Evaluator> off = EvaluatorAt(Noon());
  absl::StatusOr<std::unique_ptr<Evaluator>> on = Evaluator::Create(
      off->shared_policy(), {.now = Noon(), .switch_overrides = {{kSwitch, true}}});
  ASSERT_TRUE(on.ok()) << on.status();
  const Policy& policy = off->policy();

  // The expected gains, user by user, from the evaluators.
  std::set<std::pair<std::string, std::string>> expected;
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count(); ++privilege) {
      if ((*on)->Check(user, privilege) && !off->Check(user, privilege)) {
        expected.emplace(policy.user_id(user), policy.privilege_id(privilege));
      }
    }
  }
  ASSERT_THAT(expected, Not(IsEmpty()));

  std::set<std::pair<std::string, std::string>> previewed;
  EmergencyOptions options = Options();
  options.on_preview = [&](const v1::SimulationResult& preview) {
    for (const v1::UserChange& change : preview.users()) {
      EXPECT_THAT(change.privileges_lost(), IsEmpty()) << change.user();
      for (const std::string& privilege : change.privileges_gained()) {
        previewed.emplace(change.user(), privilege);
      }
    }
    return absl::OkStatus();
  };
  ASSERT_TRUE(ActivateSwitch(model_path_, Request(), options).ok());
  EXPECT_EQ(previewed, expected);

  // Each gain has an applying path that reads the switch.
  for (const auto& [user_id, privilege_id] : previewed) {
    const v1::Explanation explanation =
        (*on)->Explain(*policy.FindUser(user_id), *policy.FindPrivilege(privilege_id));
    EXPECT_TRUE(explanation.allowed()) << user_id << " " << privilege_id;
    std::string granting_paths;
    for (const v1::ExplanationPath& path : explanation.paths()) {
      if (!path.grants()) continue;
      std::string text;
      (void)google::protobuf::util::MessageToJsonString(path, &text);
      granting_paths += text;
    }
    EXPECT_THAT(granting_paths, HasSubstr("switches.incident_response"))
        << user_id << " " << privilege_id;
    EXPECT_FALSE(
        off->Explain(*policy.FindUser(user_id), *policy.FindPrivilege(privilege_id))
            .allowed())
        << user_id << " " << privilege_id;
  }
}

TEST_F(EmergencyTest, ExpiryHonouredWithoutBackgroundJob) {
  ASSERT_TRUE(ActivateSwitch(model_path_, Request(), Options()).ok());
  const SwitchIndex id = *EvaluatorAt(Noon())->policy().FindSwitch(kSwitch);

  EXPECT_TRUE(EvaluatorAt(Noon() + absl::Hours(4))->SwitchOn(id));
  EXPECT_FALSE(EvaluatorAt(Noon() + absl::Hours(4) + absl::Seconds(1))->SwitchOn(id));
}

TEST_F(EmergencyTest, DeactivationClearsFieldsAndRecordsRemovals) {
  absl::StatusOr<v1::EmergencyOperation> activated =
      ActivateSwitch(model_path_, Request(), Options());
  ASSERT_TRUE(activated.ok()) << activated.status();

  EmergencyOptions options = Options();
  options.now = Noon() + absl::Hours(1);
  absl::StatusOr<v1::EmergencyOperation> deactivated = DeactivateSwitch(
      model_path_, {.switch_id = kSwitch, .reason = "INC-1042 closed", .actor = "bob"},
      options);
  ASSERT_TRUE(deactivated.ok()) << deactivated.status();
  EXPECT_EQ(deactivated->record().removed_size(), activated->record().granted_size());
  EXPECT_THAT(deactivated->record().granted(), IsEmpty());

  absl::StatusOr<v1::Model> model = LoadModel(model_path_);
  ASSERT_TRUE(model.ok()) << model.status();
  const v1::Switch& config = model->switches(0);
  EXPECT_FALSE(config.active());
  EXPECT_FALSE(config.has_expires_at());
  EXPECT_EQ(config.activated_by(), "");
  EXPECT_THAT(Lines(ReadAll(DefaultAuditPath(model_path_))), SizeIs(2));
}

TEST_F(EmergencyTest, DeactivationRejectsMissingReason) {
  absl::StatusOr<v1::EmergencyOperation> result = DeactivateSwitch(
      model_path_, {.switch_id = kSwitch, .reason = "", .actor = "bob"}, Options());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(EmergencyTest, PreviewCancelWritesNothing) {
  const std::string before = ReadAll(model_path_);
  EmergencyOptions options = Options();
  options.on_preview = [](const v1::SimulationResult&) {
    return absl::CancelledError("dry run");
  };
  EXPECT_TRUE(absl::IsCancelled(ActivateSwitch(model_path_, Request(), options).status()));
  EXPECT_EQ(ReadAll(model_path_), before);
  EXPECT_FALSE(std::filesystem::exists(DefaultAuditPath(model_path_)));
}

TEST_F(EmergencyTest, StatusListsEmergencyHolders) {
  absl::StatusOr<v1::EmergencyOperation> activated =
      ActivateSwitch(model_path_, Request(), Options());
  ASSERT_TRUE(activated.ok()) << activated.status();

  absl::StatusOr<v1::EmergencyStatus> status =
      BuildEmergencyStatus(*EvaluatorAt(Noon() + absl::Hours(1)));
  ASSERT_TRUE(status.ok()) << status.status();
  ASSERT_THAT(status->switches(), SizeIs(1));
  const v1::SwitchStatus& entry = status->switches(0);
  EXPECT_TRUE(entry.on());
  EXPECT_FALSE(entry.expired());
  EXPECT_EQ(entry.seconds_left(), 3 * 3600);
  EXPECT_EQ(entry.activated_by(), "alice");
  EXPECT_EQ(entry.holder_count(), activated->record().granted_size());
  for (int i = 0; i < entry.holders_size(); ++i) {
    EXPECT_EQ(entry.holders(i).user(), activated->record().granted(i).user());
  }
}

TEST_F(EmergencyTest, StatusAfterExpiryShowsNoHolders) {
  ASSERT_TRUE(ActivateSwitch(model_path_, Request(), Options()).ok());
  absl::StatusOr<v1::EmergencyStatus> status =
      BuildEmergencyStatus(*EvaluatorAt(Noon() + absl::Hours(5)));
  ASSERT_TRUE(status.ok()) << status.status();
  const v1::SwitchStatus& entry = status->switches(0);
  EXPECT_FALSE(entry.on());
  EXPECT_TRUE(entry.expired());
  EXPECT_EQ(entry.seconds_left(), 0);
  EXPECT_THAT(entry.holders(), IsEmpty());
}

TEST_F(EmergencyTest, LockTimeoutLeavesModelUnchanged) {
  const std::string before = ReadAll(model_path_);
  absl::StatusOr<std::unique_ptr<FileLock>> held =
      FileLock::Acquire(model_path_ + ".lock", absl::Seconds(1));
  ASSERT_TRUE(held.ok()) << held.status();

  EmergencyOptions options = Options();
  options.lock_timeout = absl::Milliseconds(200);
  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, Request(), options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("timed out"));
  EXPECT_EQ(ReadAll(model_path_), before);
}

TEST_F(EmergencyTest, LockWaitsForHolder) {
  absl::StatusOr<std::unique_ptr<FileLock>> held =
      FileLock::Acquire(model_path_ + ".lock", absl::Seconds(1));
  ASSERT_TRUE(held.ok()) << held.status();
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held->reset();
  });

  absl::StatusOr<v1::EmergencyOperation> result =
      ActivateSwitch(model_path_, Request(), Options());
  release.join();
  EXPECT_TRUE(result.ok()) << result.status();
}

// The model is written back in its own format.
TEST_F(EmergencyTest, TextAndBinaryModelsKeepFormat) {
  absl::StatusOr<v1::Model> model = LoadModel(model_path_);
  ASSERT_TRUE(model.ok()) << model.status();
  for (const auto& [name, format] :
       {std::pair{"org.txtpb", ModelFormat::kText}, std::pair{"org.binpb", ModelFormat::kBinary}}) {
    const std::string path = (directory_ / name).string();
    absl::StatusOr<std::string> content = SerializeModel(*model, format);
    ASSERT_TRUE(content.ok()) << content.status();
    std::ofstream(path, std::ios::binary) << *content;

    ASSERT_TRUE(ActivateSwitch(path, Request(), Options()).ok()) << name;
    absl::StatusOr<v1::Model> reread = LoadModel(path);
    ASSERT_TRUE(reread.ok()) << name << ": " << reread.status();
    EXPECT_TRUE(reread->switches(0).active()) << name;
    EXPECT_EQ(reread->users_size(), model->users_size()) << name;
  }
}

}  // namespace
}  // namespace rolegraph
