// Fuzzes model loading. The first input byte selects the format (JSON, text
// or binary) and the rest is the file content. A model that parses is
// validated; a model without validation errors is compiled and evaluated,
// and the answers of Check, EffectivePrivileges and WhoHas must agree.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace {

// Queries per input are capped so that one large model cannot turn into a
// timeout.
constexpr uint32_t kMaxQueriedUsers = 8;
constexpr uint32_t kMaxQueriedPrivileges = 8;

void Fail(const char* what) {
  std::fprintf(stderr, "model_fuzzer: %s\n", what);
  std::abort();
}

void QueryUser(const rolegraph::Evaluator& evaluator, rolegraph::UserIndex user,
               uint32_t privilege_count) {
  const std::vector<rolegraph::PrivilegeIndex> privileges =
      evaluator.EffectivePrivileges(user);
  for (rolegraph::PrivilegeIndex privilege = 0; privilege < privilege_count;
       ++privilege) {
    const bool allowed = evaluator.Check(user, privilege);
    bool listed = false;
    for (rolegraph::PrivilegeIndex held : privileges) listed = listed || held == privilege;
    if (allowed != listed) Fail("Check disagrees with EffectivePrivileges");
    if (allowed != evaluator.WhoHas(privilege).contains(user)) {
      Fail("Check disagrees with WhoHas");
    }

    rolegraph::ExplainOptions options;
    options.max_paths = 16;
    options.max_path_steps = 16;
    const rolegraph::v1::Explanation explanation =
        evaluator.Explain(user, privilege, options);
    if (explanation.paths_size() > options.max_paths) {
      Fail("Explain returned more paths than ExplainOptions::max_paths");
    }
  }
  evaluator.EffectiveRoles(user);
  evaluator.EffectivePrivileges(user, rolegraph::UserMode::kLatent);
}

void Evaluate(const rolegraph::v1::Model& model) {
  absl::StatusOr<std::shared_ptr<const rolegraph::Policy>> policy =
      rolegraph::Compile(model);
  // Compile validates again; a model that validated cleanly must compile.
  if (!policy.ok()) Fail("a model without validation errors failed to compile");

  rolegraph::EvaluationContext context;
  context.now = absl::FromUnixSeconds(1780315200);
  context.threads = 1;
  absl::StatusOr<std::unique_ptr<rolegraph::Evaluator>> evaluator =
      rolegraph::Evaluator::Create(*policy, context);
  if (!evaluator.ok()) Fail("Evaluator::Create failed without overrides");

  const uint32_t users =
      static_cast<uint32_t>(std::min<size_t>((*policy)->user_count(), kMaxQueriedUsers));
  const uint32_t privileges = static_cast<uint32_t>(
      std::min<size_t>((*policy)->privilege_count(), kMaxQueriedPrivileges));
  for (rolegraph::UserIndex user = 0; user < users; ++user) {
    QueryUser(**evaluator, user, privileges);
  }
  for (rolegraph::RoleIndex role = 0;
       role < std::min<size_t>((*policy)->role_count(), kMaxQueriedUsers); ++role) {
    (*evaluator)->RolePrivileges(role);
  }
  (*evaluator)->EvaluationErrors();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const rolegraph::ModelFormat kFormats[] = {
      rolegraph::ModelFormat::kJson, rolegraph::ModelFormat::kText,
      rolegraph::ModelFormat::kBinary};
  const rolegraph::ModelFormat format = kFormats[data[0] % 3];
  const absl::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);

  absl::StatusOr<rolegraph::v1::Model> model =
      rolegraph::ParseModel(content, format, "fuzz");
  if (!model.ok()) {
    if (model.status().message().empty()) Fail("parse error without a message");
    return 0;
  }

  const rolegraph::v1::ValidationResult validation =
      rolegraph::ValidateModel(*model, "fuzz");
  if (validation.error_count() > 0) return 0;
  Evaluate(*model);
  return 0;
}
