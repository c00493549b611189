// Fuzzes what-if deltas against a fixed small model. The first input byte
// selects the delta's encoding (JSON or binary) and the rest is the delta.
// ApplyDelta and Simulate must return a status for any delta. When Simulate
// succeeds, the privileges it reports each user gaining and losing must
// match a full recomputation of the changed model.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"
#include "rolegraph/simulate.h"

namespace {

// Two departments, a meta-role with an order-2 inducement, an emergency
// switch, a per-user condition, a disabled user and a role cycle.
constexpr char kModelText[] = R"pb(
  name: "delta-fuzz"
  privileges { id: "crm:read" resource: "crm" action: "read" sensitivity: SENSITIVITY_LOW }
  privileges { id: "crm:export" resource: "crm" action: "export" sensitivity: SENSITIVITY_CRITICAL }
  privileges { id: "hr:read" resource: "hr" action: "read" sensitivity: SENSITIVITY_HIGH }
  privileges { id: "audit:write" resource: "audit" action: "write" sensitivity: SENSITIVITY_MEDIUM }
  switches { id: "incident_response" description: "responders" }
  roles {
    id: "sales"
    kind: ROLE_KIND_BUSINESS
    inducements { role: "crm-user" }
    assignments { role: "audited" }
  }
  roles { id: "crm-user" kind: ROLE_KIND_APPLICATION inducements { privilege: "crm:read" } }
  roles {
    id: "crm-admin"
    kind: ROLE_KIND_APPLICATION
    inducements { privilege: "crm:export" }
    inducements { role: "crm-user" }
  }
  roles {
    id: "audited"
    kind: ROLE_KIND_META
    inducements { privilege: "audit:write" order: 2 }
  }
  roles {
    id: "hr"
    kind: ROLE_KIND_BUSINESS
    inducements {
      privilege: "hr:read"
      condition { expression: "user.attributes[\"department\"] == \"hr\"" }
    }
    inducements { role: "hr-helper" }
  }
  roles { id: "hr-helper" inducements { role: "hr" } }
  roles {
    id: "responder"
    inducements {
      role: "crm-admin"
      condition { expression: "switches.incident_response" }
    }
  }
  users { id: "alice" attributes { key: "department" value: "sales" } assignments { role: "sales" } }
  users { id: "bob" attributes { key: "department" value: "hr" } assignments { role: "hr" } }
  users { id: "carol" assignments { role: "responder" } }
  users {
    id: "dave"
    activation { administrative_status: ADMINISTRATIVE_STATUS_DISABLED }
    assignments { role: "crm-admin" }
  }
  exclusions { id: "crm-vs-hr" roles: "crm-admin" roles: "hr" }
)pb";

constexpr int64_t kNowSeconds = 1780315200;

void Fail(const std::string& what) {
  std::fprintf(stderr, "delta_fuzzer: %s\n", what.c_str());
  std::abort();
}

struct Baseline {
  rolegraph::v1::Model model;
  std::unique_ptr<rolegraph::Evaluator> evaluator;
};

rolegraph::EvaluationContext FuzzContext() {
  rolegraph::EvaluationContext context;
  context.now = absl::FromUnixSeconds(kNowSeconds);
  context.threads = 1;
  return context;
}

const Baseline& GetBaseline() {
  static const Baseline* baseline = [] {
    // Binary deltas with invalid UTF-8 make protobuf log one line each. A
    // static silencer stays reachable, so LeakSanitizer does not report it.
    static google::protobuf::LogSilencer silence_protobuf_logging;
    auto* result = new Baseline;
    if (!google::protobuf::TextFormat::ParseFromString(kModelText, &result->model)) {
      Fail("the fixed model does not parse");
    }
    auto policy = rolegraph::Compile(result->model);
    if (!policy.ok()) Fail(std::string(policy.status().message()));
    auto evaluator = rolegraph::Evaluator::Create(*policy, FuzzContext());
    if (!evaluator.ok()) Fail(std::string(evaluator.status().message()));
    result->evaluator = *std::move(evaluator);
    return result;
  }();
  return *baseline;
}

bool ParseDelta(const uint8_t* data, size_t size, rolegraph::v1::ModelDelta& delta) {
  if (size == 0) return false;
  const std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    return google::protobuf::util::JsonStringToMessage(content, &delta).ok();
  }
  return delta.ParseFromString(content);
}

std::set<std::string> PrivilegeIds(const rolegraph::Evaluator& evaluator,
                                   const std::string& user_id) {
  std::set<std::string> ids;
  const std::optional<rolegraph::UserIndex> user =
      evaluator.policy().FindUser(user_id);
  if (!user) return ids;
  for (rolegraph::PrivilegeIndex privilege : evaluator.EffectivePrivileges(*user)) {
    ids.insert(evaluator.policy().privilege_id(privilege));
  }
  return ids;
}

std::set<std::string> Difference(const std::set<std::string>& a,
                                 const std::set<std::string>& b) {
  std::set<std::string> result;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::inserter(result, result.end()));
  return result;
}

// Recomputes the changed model from scratch and compares each user's
// privileges gained and lost with what Simulate reported.
void CheckAgainstRecomputation(const rolegraph::Evaluator& baseline,
                               const rolegraph::v1::Model& changed,
                               const rolegraph::v1::SimulationResult& result) {
  auto policy = rolegraph::Compile(changed);
  if (!policy.ok()) return;
  auto evaluator = rolegraph::Evaluator::Create(*policy, FuzzContext());
  if (!evaluator.ok()) return;

  std::map<std::string, const rolegraph::v1::UserChange*> reported;
  for (const rolegraph::v1::UserChange& change : result.users()) {
    reported[change.user()] = &change;
  }
  for (const rolegraph::v1::User& user : changed.users()) {
    const std::set<std::string> before = PrivilegeIds(baseline, user.id());
    const std::set<std::string> after = PrivilegeIds(**evaluator, user.id());
    std::set<std::string> gained;
    std::set<std::string> lost;
    const auto found = reported.find(user.id());
    if (found != reported.end()) {
      gained = {found->second->privileges_gained().begin(),
                found->second->privileges_gained().end()};
      lost = {found->second->privileges_lost().begin(),
              found->second->privileges_lost().end()};
    }
    if (gained != Difference(after, before) || lost != Difference(before, after)) {
      Fail("Simulate disagrees with recomputation for user " + user.id());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Baseline& baseline = GetBaseline();
  rolegraph::v1::ModelDelta delta;
  if (!ParseDelta(data, size, delta)) return 0;
  // Deltas with thousands of changes only slow the search down.
  if (delta.changes_size() > 64) return 0;

  absl::StatusOr<rolegraph::v1::Model> changed =
      rolegraph::ApplyDelta(baseline.model, delta);
  absl::StatusOr<rolegraph::v1::SimulationResult> result =
      rolegraph::Simulate(*baseline.evaluator, delta);
  if (changed.ok() != result.ok()) {
    // Simulate may reject a delta whose result does not compile, such as one
    // that adds a self-inducing role; ApplyDelta does not validate.
    if (!changed.ok()) Fail("Simulate accepted a delta that ApplyDelta rejected");
    return 0;
  }
  if (!changed.ok()) {
    if (changed.status().message().empty()) Fail("ApplyDelta error without a message");
    return 0;
  }

  rolegraph::ValidateModel(*changed, "fuzz");
  CheckAgainstRecomputation(*baseline.evaluator, *changed, *result);
  return 0;
}
