// Queries by string id that the C API and the Python module share: they
// resolve ids to dense indexes, with a "did you mean" hint for unknown ids,
// and fill the results.proto messages.
#ifndef ROLEGRAPH_SRC_CAPI_QUERIES_H_
#define ROLEGRAPH_SRC_CAPI_QUERIES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/policy.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::embed {

// Resolves a string id to its dense index. An unknown id is NotFound, with
// the closest known id as a hint.
absl::StatusOr<UserIndex> ResolveUser(const Policy& policy, absl::string_view id);
absl::StatusOr<PrivilegeIndex> ResolvePrivilege(const Policy& policy,
                                                absl::string_view id);

// Builds an evaluation context at `seconds` + `nanos` after the Unix epoch.
// Nanos outside [0, 1e9) are InvalidArgument.
absl::StatusOr<EvaluationContext> ContextAt(int64_t seconds, int32_t nanos,
                                            Configuration configuration);

absl::StatusOr<bool> CheckByIds(const Evaluator& evaluator,
                                absl::string_view user_id,
                                absl::string_view privilege_id);

absl::StatusOr<v1::PrivilegesResult> PrivilegesOf(const Evaluator& evaluator,
                                                   absl::string_view user_id);

absl::StatusOr<v1::Explanation> ExplainByIds(const Evaluator& evaluator,
                                             absl::string_view user_id,
                                             absl::string_view privilege_id);

// Holders of one privilege, or of any privilege on a resource.
absl::StatusOr<v1::WhoHasResult> WhoHasPrivilege(const Evaluator& evaluator,
                                                 absl::string_view privilege_id);
absl::StatusOr<v1::WhoHasResult> WhoHasResource(const Evaluator& evaluator,
                                                absl::string_view resource);

}  // namespace rolegraph::embed

#endif  // ROLEGRAPH_SRC_CAPI_QUERIES_H_
