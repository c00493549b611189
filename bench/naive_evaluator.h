// A deliberately naive evaluator: the baseline that the Check benchmarks
// compare the compiled engine against.
//
// It walks the v1::Model directly, looking roles up by string id and
// following every assignment and inducement path with the evaluation-order
// rules (meta-roles and order-N inducements), activation, lifecycle states
// in the production configuration and fail-closed conditions. Nothing is
// precomputed beyond the id-to-message maps.
//
//   NaiveEvaluator naive(model, ReferenceTime(), {});
//   bool allowed = naive.Check("user7", "res3:act1");
//
// The model must outlive the evaluator. Check is const and keeps no state
// between calls except the count of unsupported conditions, so one
// evaluator must not be shared between threads.
#ifndef ROLEGRAPH_BENCH_NAIVE_EVALUATOR_H_
#define ROLEGRAPH_BENCH_NAIVE_EVALUATOR_H_

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::bench {

class NaiveEvaluator {
 public:
  // `switch_overrides` force switches by id, as EvaluationContext does.
  NaiveEvaluator(const v1::Model& model, absl::Time now,
                 std::vector<std::pair<std::string, bool>> switch_overrides);

  // Whether the user effectively holds the privilege. Unknown ids are false.
  bool Check(const std::string& user_id, const std::string& privilege_id) const;

  // Conditions met so far that are neither `switches.ID` nor
  // `user.attributes["KEY"] == "VALUE"`. They count as false.
  int64_t unsupported_conditions() const { return unsupported_conditions_; }

 private:
  using Visited = std::set<std::pair<std::string, int>>;

  bool InEffect(const v1::Activation& activation,
                v1::LifecycleState lifecycle_state) const;
  bool ConditionHolds(const v1::Condition& condition, const v1::User& user) const;
  bool SwitchOn(const std::string& id, bool* known) const;
  bool Reaches(const v1::User& user, const v1::Role& role, int order,
               const std::string& privilege_id, Visited& visited) const;

  absl::Time now_;
  std::unordered_map<std::string, const v1::User*> users_;
  std::unordered_map<std::string, const v1::Role*> roles_;
  std::unordered_map<std::string, const v1::Switch*> switches_;
  std::vector<std::pair<std::string, bool>> switch_overrides_;
  mutable int64_t unsupported_conditions_ = 0;
};

}  // namespace rolegraph::bench

#endif  // ROLEGRAPH_BENCH_NAIVE_EVALUATOR_H_
