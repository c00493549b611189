// Emergency access: turning a switch on with an expiry, an actor and a
// reason, turning it off, and reporting which switches are on and who holds
// privileges because of them.
//
//   rolegraph::ActivationRequest request{.switch_id = "incident_response",
//       .ttl = absl::Hours(4), .reason = "INC-1042", .actor = "alice"};
//   absl::StatusOr<rolegraph::v1::EmergencyOperation> done =
//       rolegraph::ActivateSwitch("org.json", request, {.now = absl::Now()});
//
// Each operation holds an exclusive lock on MODEL.lock while it reads the
// model, simulates the change, appends the audit record and replaces the
// model file. The file is replaced atomically: a crash at any point leaves
// either the old model or the new one, never a mix. The audit record is
// appended and flushed to disk before the model is replaced, so a change is
// never in effect without its record.
//
// Expiry needs no background job: evaluation treats a switch as off once
// `now` passes its `expires_at`.
//
// The functions are safe to call from many threads and processes at once;
// the lock serialises operations on the same model file.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_EMERGENCY_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_EMERGENCY_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

struct EmergencyOptions {
  // The evaluation time: the activation time, and the time the preview is
  // computed for.
  absl::Time now = absl::UnixEpoch();
  Configuration configuration = Configuration::kProduction;
  // The JSON Lines audit log; empty means MODEL.audit.jsonl next to the
  // model file.
  std::string audit_path;
  // How long to wait for another operation's lock on the same model.
  absl::Duration lock_timeout = absl::Seconds(30);
  // Called under the lock with the simulated change, before anything is
  // written. A non-OK status cancels the operation and is returned.
  std::function<absl::Status(const v1::SimulationResult&)> on_preview;
  // Called after the new model is written to its temporary file and
  // flushed, and the audit record appended, just before the rename. For
  // fault-injection tests.
  std::function<void()> before_rename;
};

struct ActivationRequest {
  std::string switch_id;
  // Time to live: the switch expires at now + ttl. Must be positive and at
  // most the switch's max_ttl when the model sets one.
  absl::Duration ttl = absl::ZeroDuration();
  std::string reason;
  std::string actor;
};

struct DeactivationRequest {
  std::string switch_id;
  std::string reason;
  std::string actor;
};

// Turns the switch on in the model file. Sets active, activated_at,
// expires_at, activated_by and reason on the switch. Errors:
// InvalidArgument for an empty reason or actor, a non-positive ttl or one
// above max_ttl. NotFound for an unknown switch. DeadlineExceeded when the
// lock is not obtained in time. On any error the model file and the audit
// log are left as they were.
absl::StatusOr<v1::EmergencyOperation> ActivateSwitch(
    const std::string& model_path, const ActivationRequest& request,
    const EmergencyOptions& options);

// Turns the switch off in the model file and clears its activation fields.
// Errors as for ActivateSwitch.
absl::StatusOr<v1::EmergencyOperation> DeactivateSwitch(
    const std::string& model_path, const DeactivationRequest& request,
    const EmergencyOptions& options);

// Reports every switch in the evaluator's context: whether it is on, the
// time left and the users that hold privileges only because it is on
// (compared with the same context with the switch forced off).
absl::StatusOr<v1::EmergencyStatus> BuildEmergencyStatus(
    const Evaluator& evaluator);

// The default audit log of a model file: MODEL.audit.jsonl.
std::string DefaultAuditPath(absl::string_view model_path);

// An exclusive advisory lock (flock) on a lock file, released when the
// object is destroyed. The lock file is created if missing and never
// removed, because removing it would let two processes lock different
// files.
class FileLock {
 public:
  // Waits up to `timeout` for the lock; DeadlineExceeded when another
  // holder keeps it longer.
  static absl::StatusOr<std::unique_ptr<FileLock>> Acquire(
      const std::string& lock_path, absl::Duration timeout);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int descriptor) : descriptor_(descriptor) {}
  int descriptor_;
};

// Replaces `path` with `content`: writes a temporary file in the same
// directory, flushes it to disk, renames it over `path` and flushes the
// directory. `before_rename`, when set, runs just before the rename, and an
// error from it cancels the rename. On any error `path` is unchanged and the
// temporary file is removed. A process that dies before the rename leaves
// `path` unchanged and may leave a temporary file named `.NAME.tmp.XXXXXX`.
absl::Status WriteFileAtomically(
    const std::string& path, absl::string_view content,
    const std::function<absl::Status()>& before_rename = {});

// Appends one JSON line to the audit log and flushes it to disk.
absl::Status AppendAuditRecord(const std::string& audit_path,
                               const v1::EmergencyAuditRecord& record);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_EMERGENCY_H_
