// What-if simulation: the effect of a model change on every user, computed
// before the change is made.
//
//   rolegraph::v1::ModelDelta delta;  // e.g. read with LoadDelta
//   absl::StatusOr<rolegraph::v1::SimulationResult> result =
//       rolegraph::Simulate(*baseline_evaluator, delta);
//
// The functions here only read their inputs and are safe to call from many
// threads at once.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_SIMULATE_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_SIMULATE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/v1/delta.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

// Applies a delta to a copy of the model. A change that names an unknown
// user, role, privilege or switch, or an item path that does not exist, is
// InvalidArgument naming the change, such as "changes[2].obtain_role".
absl::StatusOr<v1::Model> ApplyDelta(const v1::Model& model,
                                     const v1::ModelDelta& delta);
// The same, changing a model that the caller gives up instead of a copy.
absl::StatusOr<v1::Model> ApplyDelta(v1::Model&& model, const v1::ModelDelta& delta);

// Reads a delta file: .json, .txtpb/.textproto/.pbtxt or .binpb/.pb, like
// model files. Errors name the file and the location.
absl::StatusOr<v1::ModelDelta> LoadDelta(const std::string& path);
// Parses a delta already in memory, as LoadDelta parses a file. `name`
// stands for the file name in errors.
absl::StatusOr<v1::ModelDelta> ParseDelta(absl::string_view content, ModelFormat format,
                                          absl::string_view name);

struct SimulationOptions {
  // Threads for recomputing users; 0 means the baseline context's setting.
  int threads = 0;
};

// Simulates the delta in the baseline's context. Only the users that the
// delta can affect are recomputed: those assigned to roles whose closures
// change, those whose assignments carry conditions, and those the delta
// names. A delta that only sets switches reuses the compiled policy and
// recomputes only the users who can reach a condition that reads a changed
// switch.
absl::StatusOr<v1::SimulationResult> Simulate(
    const Evaluator& baseline, const v1::ModelDelta& delta,
    const SimulationOptions& options = SimulationOptions());

// The same, creating the baseline evaluator for the context.
absl::StatusOr<v1::SimulationResult> Simulate(
    std::shared_ptr<const Policy> policy, const v1::ModelDelta& delta,
    const EvaluationContext& context);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_SIMULATE_H_
