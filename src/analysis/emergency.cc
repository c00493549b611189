// Emergency switch operations: activation and deactivation of a switch in a
// model file under a lock, with a simulated preview and an audit record,
// and the status of every switch.
#include "rolegraph/emergency.h"

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rolegraph/model.h"
#include "rolegraph/simulate.h"

namespace rolegraph {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  timestamp.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(
      time - absl::FromUnixSeconds(timestamp.seconds()))));
  return timestamp;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

absl::Duration FromDuration(const google::protobuf::Duration& duration) {
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

absl::Status RequireText(absl::string_view value, absl::string_view what,
                         absl::string_view example) {
  if (!absl::StripAsciiWhitespace(value).empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("missing ", what, "; give ", example));
}

// The model, its compiled policy and an evaluator for the operation's
// context, read under the lock.
struct LoadedModel {
  v1::Model model;
  ModelFormat format = ModelFormat::kJson;
  std::unique_ptr<Evaluator> evaluator;
};

absl::StatusOr<LoadedModel> LoadForChange(const std::string& path,
                                          const EmergencyOptions& options) {
  LoadedModel loaded;
  absl::StatusOr<ModelFormat> format = FormatForPath(path);
  if (!format.ok()) return format.status();
  loaded.format = *format;

  absl::StatusOr<v1::Model> model = LoadModel(path);
  if (!model.ok()) return model.status();
  loaded.model = *std::move(model);

  CompileOptions compile_options;
  compile_options.file_name = path;
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      Compile(loaded.model, compile_options);
  if (!policy.ok()) return policy.status();

  EvaluationContext context;
  context.now = options.now;
  context.configuration = options.configuration;
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*std::move(policy), context);
  if (!evaluator.ok()) return evaluator.status();
  loaded.evaluator = *std::move(evaluator);
  return loaded;
}

absl::StatusOr<v1::Switch*> FindSwitch(v1::Model& model, const std::string& path,
                                       const std::string& id) {
  std::vector<std::string> known;
  for (v1::Switch& candidate : *model.mutable_switches()) {
    if (candidate.id() == id) return &candidate;
    known.push_back(candidate.id());
  }
  return absl::NotFoundError(absl::StrCat(
      "switch \"", id, "\" not found in ", path, "; the model's switches are: ",
      known.empty() ? "none" : absl::StrJoin(known, ", ")));
}

// Users and the privileges they gain (or lose) in a simulation, sorted by
// user as the simulation returns them.
void CopyGains(const v1::SimulationResult& preview, bool gained,
               google::protobuf::RepeatedPtrField<v1::UserGain>* out) {
  for (const v1::UserChange& change : preview.users()) {
    const auto& privileges =
        gained ? change.privileges_gained() : change.privileges_lost();
    if (privileges.empty()) continue;
    v1::UserGain* gain = out->Add();
    gain->set_user(change.user());
    *gain->mutable_privileges() = privileges;
  }
}

// The steps both operations share: lock, load, find the switch, simulate
// the change, let the caller see the preview, then write the audit record
// and the model.
struct SwitchChange {
  std::string switch_id;
  bool activate = false;
  absl::Time expires_at = absl::InfiniteFuture();
  std::string reason;
  std::string actor;
};

absl::StatusOr<v1::EmergencyOperation> ChangeSwitch(
    const std::string& path, const SwitchChange& change,
    const EmergencyOptions& options,
    const std::function<absl::Status(v1::Switch&)>& check_switch) {
  // A missing model or an unsupported extension fails before the lock file
  // is created next to it.
  if (absl::StatusOr<ModelFormat> format = FormatForPath(path); !format.ok()) {
    return format.status();
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return LoadModel(path).status();

  absl::StatusOr<std::unique_ptr<FileLock>> lock =
      FileLock::Acquire(absl::StrCat(path, ".lock"), options.lock_timeout);
  if (!lock.ok()) return lock.status();

  absl::StatusOr<LoadedModel> loaded = LoadForChange(path, options);
  if (!loaded.ok()) return loaded.status();
  absl::StatusOr<v1::Switch*> target =
      FindSwitch(loaded->model, path, change.switch_id);
  if (!target.ok()) return target.status();
  if (absl::Status status = check_switch(**target); !status.ok()) return status;

  v1::ModelDelta delta;
  delta.set_description(absl::StrCat(change.activate ? "activate" : "deactivate",
                                     " switch ", change.switch_id));
  v1::SetSwitch* set = delta.add_changes()->mutable_set_switch();
  set->set_switch_id(change.switch_id);
  set->set_active(change.activate);
  if (change.activate) *set->mutable_expires_at() = ToTimestamp(change.expires_at);

  v1::EmergencyOperation operation;
  absl::StatusOr<v1::SimulationResult> preview = Simulate(*loaded->evaluator, delta);
  if (!preview.ok()) return preview.status();
  *operation.mutable_preview() = *std::move(preview);
  if (options.on_preview) {
    absl::Status status = options.on_preview(operation.preview());
    if (!status.ok()) return status;
  }

  v1::Switch& config = **target;
  config.clear_activated_at();
  config.clear_expires_at();
  config.clear_activated_by();
  config.clear_reason();
  config.set_active(change.activate);
  if (change.activate) {
    *config.mutable_activated_at() = ToTimestamp(options.now);
    *config.mutable_expires_at() = ToTimestamp(change.expires_at);
    config.set_activated_by(change.actor);
    config.set_reason(change.reason);
  }
  absl::StatusOr<std::string> content = SerializeModel(loaded->model, loaded->format);
  if (!content.ok()) return content.status();

  v1::EmergencyAuditRecord& record = *operation.mutable_record();
  *record.mutable_time() = ToTimestamp(options.now);
  record.set_action(change.activate ? "activate" : "deactivate");
  record.set_actor(change.actor);
  record.set_reason(change.reason);
  record.set_switch_id(change.switch_id);
  if (change.activate) *record.mutable_expires_at() = ToTimestamp(change.expires_at);
  record.set_model(path);
  CopyGains(operation.preview(), /*gained=*/true, record.mutable_granted());
  CopyGains(operation.preview(), /*gained=*/false, record.mutable_removed());
  operation.set_audit_file(options.audit_path.empty() ? DefaultAuditPath(path)
                                                      : options.audit_path);

  // The audit record goes to disk before the rename, so that no change is
  // in effect without its record.
  // NOTE: a crash between the append and the rename leaves a record of a
  // change that did not happen. The model file then shows the old state.
  absl::Status written =
      WriteFileAtomically(path, *content, [&]() -> absl::Status {
        absl::Status appended = AppendAuditRecord(operation.audit_file(), record);
        if (!appended.ok()) return appended;
        if (options.before_rename) options.before_rename();
        return absl::OkStatus();
      });
  if (!written.ok()) return written;
  return operation;
}

}  // namespace

std::string DefaultAuditPath(absl::string_view model_path) {
  return absl::StrCat(model_path, ".audit.jsonl");
}

absl::StatusOr<v1::EmergencyOperation> ActivateSwitch(
    const std::string& model_path, const ActivationRequest& request,
    const EmergencyOptions& options) {
  if (absl::Status status = RequireText(
          request.reason, "reason", "the reason, such as the incident ticket");
      !status.ok()) {
    return status;
  }
  if (absl::Status status =
          RequireText(request.actor, "actor", "the id of the person activating");
      !status.ok()) {
    return status;
  }
  if (request.ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid ttl ", absl::FormatDuration(request.ttl),
        " for switch ", request.switch_id,
        "; give a positive duration such as 4h"));
  }

  SwitchChange change{.switch_id = request.switch_id,
                      .activate = true,
                      .expires_at = options.now + request.ttl,
                      .reason = request.reason,
                      .actor = request.actor};
  auto check_ttl = [&](v1::Switch& config) -> absl::Status {
    if (!config.has_max_ttl()) return absl::OkStatus();
    const absl::Duration max_ttl = FromDuration(config.max_ttl());
    if (request.ttl <= max_ttl) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        "ttl ", absl::FormatDuration(request.ttl), " exceeds the maximum ",
        absl::FormatDuration(max_ttl), " of switch ", request.switch_id,
        " in ", model_path, "; give a ttl of at most ",
        absl::FormatDuration(max_ttl), " and renew it if the incident lasts longer"));
  };
  return ChangeSwitch(model_path, change, options, check_ttl);
}

absl::StatusOr<v1::EmergencyOperation> DeactivateSwitch(
    const std::string& model_path, const DeactivationRequest& request,
    const EmergencyOptions& options) {
  if (absl::Status status = RequireText(
          request.reason, "reason", "the reason, such as the incident ticket");
      !status.ok()) {
    return status;
  }
  if (absl::Status status = RequireText(
          request.actor, "actor", "the id of the person deactivating");
      !status.ok()) {
    return status;
  }

  SwitchChange change{.switch_id = request.switch_id,
                      .activate = false,
                      .reason = request.reason,
                      .actor = request.actor};
  return ChangeSwitch(model_path, change, options,
                      [](v1::Switch&) { return absl::OkStatus(); });
}

absl::StatusOr<v1::EmergencyStatus> BuildEmergencyStatus(
    const Evaluator& evaluator) {
  const Policy& policy = evaluator.policy();
  const absl::Time now = evaluator.context().now;
  v1::EmergencyStatus status;
  *status.mutable_context() = evaluator.ContextInfo();

  for (SwitchIndex id = 0; id < policy.switch_count(); ++id) {
    const v1::Switch& config = policy.switch_config(id);
    v1::SwitchStatus& entry = *status.add_switches();
    entry.set_switch_id(config.id());
    entry.set_description(config.description());
    entry.set_on(evaluator.SwitchOn(id));
    if (config.has_activated_at()) *entry.mutable_activated_at() = config.activated_at();
    if (config.has_expires_at()) *entry.mutable_expires_at() = config.expires_at();
    entry.set_activated_by(config.activated_by());
    entry.set_reason(config.reason());

    const bool has_expiry = config.has_expires_at();
    const absl::Time expires_at = has_expiry ? FromTimestamp(config.expires_at())
                                             : absl::InfiniteFuture();
    entry.set_expired(config.active() && has_expiry && now > expires_at);
    if (entry.on() && has_expiry && now <= expires_at) {
      entry.set_seconds_left(absl::ToInt64Seconds(expires_at - now));
    }
    if (!entry.on()) continue;

    // The users that lose privileges when the switch is forced off are the
    // holders of emergency privileges right now.
    v1::ModelDelta off;
    v1::SetSwitch* set = off.add_changes()->mutable_set_switch();
    set->set_switch_id(config.id());
    set->set_active(false);
    absl::StatusOr<v1::SimulationResult> simulated = Simulate(evaluator, off);
    if (!simulated.ok()) return simulated.status();
    CopyGains(*simulated, /*gained=*/false, entry.mutable_holders());
    entry.set_holder_count(entry.holders_size());
  }
  return status;
}

}  // namespace rolegraph
