// The compiled policy: a model turned into dense integer ids and contiguous
// adjacency, ready for fast evaluation.
//
//   absl::StatusOr<std::shared_ptr<const rolegraph::Policy>> policy =
//       rolegraph::Compile(model);
//   std::optional<rolegraph::UserIndex> alice = (*policy)->FindUser("alice");
//
// A Policy is immutable and safe to share between threads. A host that
// changes its model compiles a new Policy and publishes it through an
// atomic shared pointer, while readers keep evaluating:
//
//   std::atomic<std::shared_ptr<const rolegraph::Policy>> current;  // C++20
//   // Writer, after a successful Compile:
//   current.store(*std::move(compiled));
//   // Reader, once per request:
//   std::shared_ptr<const rolegraph::Policy> policy = current.load();
//   auto evaluator = rolegraph::Evaluator::Create(policy, context);
//
// std::atomic_load and std::atomic_store on a plain std::shared_ptr do the
// same, before C++20 too. ThreadSanitizer reports libstdc++ 12's
// std::atomic<std::shared_ptr>::load, which unlocks with a relaxed order,
// so a host that runs ThreadSanitizer on GCC 12 should use the free functions.
//
// A reader loads the pointer once per request and creates (or keeps, per
// policy and context) an Evaluator from it, so every result in one request
// comes from one policy. The Evaluator keeps its Policy alive, so an old
// policy is freed when its last request ends.
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_POLICY_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "rolegraph/model.h"
#include "rolegraph/v1/model.pb.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph {

// Dense ids, assigned in sorted order of the string ids, so that iterating
// indexes visits ids in sorted order.
using UserIndex = uint32_t;
using RoleIndex = uint32_t;
using PrivilegeIndex = uint32_t;
using SwitchIndex = uint32_t;

namespace internal {
struct CompiledModel;
}  // namespace internal

struct CompileOptions {
  // States with an evaluation order above this are not followed. Orders grow
  // by one per meta-role level, so real models stay far below it; the limit
  // bounds evaluation on models with assignment cycles.
  int max_evaluation_order = 16;
  // The file name used in diagnostics.
  std::string file_name = "<model>";
  // The limits of validation, which also bound condition compilation.
  ValidationOptions validation;
};

class Policy {
 public:
  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  // The model's name, roles, privileges, switches, incident types and
  // exclusion rules: everything but its users. The policy keeps users in
  // compiled form only, in much less memory than their protobuf messages.
  const v1::Model& definitions() const;
  // Rebuilds the whole model, users included, in the original order. It
  // equals the compiled model, except that activation messages with no
  // fields set may be left out. Takes time in proportion to the model.
  v1::Model ToModel() const;
  // Validation warnings of the compiled model (errors prevent compilation).
  const std::vector<v1::Diagnostic>& warnings() const;

  size_t user_count() const;
  size_t role_count() const;
  size_t privilege_count() const;
  size_t switch_count() const;

  std::optional<UserIndex> FindUser(absl::string_view id) const;
  std::optional<RoleIndex> FindRole(absl::string_view id) const;
  std::optional<PrivilegeIndex> FindPrivilege(absl::string_view id) const;
  std::optional<SwitchIndex> FindSwitch(absl::string_view id) const;
  // The privileges on a resource, sorted; empty when the resource is unknown.
  absl::Span<const PrivilegeIndex> PrivilegesOnResource(
      absl::string_view resource) const;

  // User ids are stored end to end, and the view lives as long as the policy.
  absl::string_view user_id(UserIndex user) const;
  const std::string& role_id(RoleIndex role) const;
  const std::string& privilege_id(PrivilegeIndex privilege) const;
  const std::string& switch_id(SwitchIndex id) const;

  // The value of a user's attribute, or nullopt when the user has none by
  // that key. The view lives as long as the policy.
  std::optional<absl::string_view> user_attribute(UserIndex user,
                                                  absl::string_view key) const;

  // The model items behind the dense ids. A user is rebuilt from its
  // compiled form on each call.
  v1::User user(UserIndex user) const;
  const v1::Role& role(RoleIndex role) const;
  const v1::Privilege& privilege(PrivilegeIndex privilege) const;
  const v1::Switch& switch_config(SwitchIndex id) const;

  const internal::CompiledModel& compiled() const { return *compiled_; }

 private:
  friend absl::StatusOr<std::shared_ptr<const Policy>> Compile(
      const v1::Model& model, const CompileOptions& options);
  explicit Policy(std::unique_ptr<internal::CompiledModel> compiled);

  std::unique_ptr<internal::CompiledModel> compiled_;
};

// Validates and compiles a model. A model with validation errors is
// InvalidArgument listing them (file, path and hint each); warnings are kept
// in Policy::warnings().
absl::StatusOr<std::shared_ptr<const Policy>> Compile(
    const v1::Model& model, const CompileOptions& options = CompileOptions());

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_POLICY_H_
