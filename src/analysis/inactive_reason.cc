// InactiveUserReason: the reason text that reports give for an inactive account.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "rolegraph/report.h"

namespace rolegraph {
namespace {

absl::Time ToAbslTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

std::string FormatRfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

bool LifecycleInEffect(v1::LifecycleState state, Configuration configuration) {
  switch (state) {
    case v1::LIFECYCLE_STATE_UNSPECIFIED:
    case v1::LIFECYCLE_STATE_ACTIVE:
      return true;
    case v1::LIFECYCLE_STATE_DEPRECATED:
      return configuration == Configuration::kProduction;
    case v1::LIFECYCLE_STATE_PROPOSED:
      return configuration == Configuration::kDevelopment;
    default:
      return false;
  }
}

std::string LifecycleName(v1::LifecycleState state) {
  switch (state) {
    case v1::LIFECYCLE_STATE_DRAFT:
      return "draft";
    case v1::LIFECYCLE_STATE_PROPOSED:
      return "proposed";
    case v1::LIFECYCLE_STATE_DEPRECATED:
      return "deprecated";
    case v1::LIFECYCLE_STATE_ARCHIVED:
      return "archived";
    default:
      return "active";
  }
}

}  // namespace

std::string InactiveUserReason(const Evaluator& evaluator, UserIndex user) {
  const v1::User account = evaluator.policy().user(user);
  const EvaluationContext& context = evaluator.context();
  std::vector<std::string> reasons;

  if (!LifecycleInEffect(account.lifecycle_state(), context.configuration)) {
    reasons.push_back(absl::StrCat(
        "lifecycle state ", LifecycleName(account.lifecycle_state()),
        " is not in effect in ", ConfigurationName(context.configuration)));
  }

  const v1::Activation& activation = account.activation();
  if (activation.administrative_status() ==
      v1::ADMINISTRATIVE_STATUS_DISABLED) {
    reasons.push_back("administratively disabled");
  }
  if (activation.has_valid_from() &&
      context.now < ToAbslTime(activation.valid_from())) {
    reasons.push_back(absl::StrCat(
        "not valid until ", FormatRfc3339(ToAbslTime(activation.valid_from()))));
  }
  if (activation.has_valid_to() &&
      context.now > ToAbslTime(activation.valid_to())) {
    reasons.push_back(absl::StrCat(
        "validity ended ", FormatRfc3339(ToAbslTime(activation.valid_to()))));
  }

  if (reasons.empty()) return "inactive";
  return absl::StrJoin(reasons, ", ");
}

}  // namespace rolegraph
