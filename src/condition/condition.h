// The condition language: a small, typed, side-effect-free expression
// language with CEL's syntax. A condition is compiled once, in four stages
// (parse, check, plan, evaluate), and then evaluated many times.
//
//   condition::Declarations decls;
//   decls.switch_ids = {"incident_response"};
//   auto compiled = condition::Compile("switches.incident_response", decls);
//   absl::StatusOr<bool> on = compiled->Evaluate(activation);
//
// Variables: `user.id`, `user.attributes` (map<string,string>), `role.id`,
// `role.attributes`, `switches.<id>` (bool) and `now` (timestamp).
//
// A CompiledCondition is immutable and safe to share between threads.
#ifndef ROLEGRAPH_SRC_CONDITION_CONDITION_H_
#define ROLEGRAPH_SRC_CONDITION_CONDITION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "google/protobuf/map.h"

namespace rolegraph::condition {

// What a condition reads, which decides how often it must be evaluated.
enum class Dependency {
  // Reads nothing: evaluated once, at compile time.
  kConstant = 0,
  // Reads `switches`, `now` or `role`, but not `user`: evaluated once per
  // evaluation context. The role is fixed by where the condition sits.
  kContext = 1,
  // Reads `user`: evaluated for each user.
  kUser = 2,
};

// The names a condition may refer to.
struct Declarations {
  // Known switch ids; `switches.<id>` for any other id is a compile error.
  std::vector<std::string> switch_ids;
};

// Limits on condition size, so hostile input cannot exhaust the stack or
// the memory.
struct Limits {
  size_t max_source_bytes = 64 * 1024;
  int max_nesting_depth = 64;
  // Bytes of strings that one evaluation may build with `+` and string().
  // An evaluation that would build more fails (and so counts as false), so
  // a condition that concatenates huge attribute values cannot exhaust
  // memory.
  size_t max_built_string_bytes = 16 * 1024 * 1024;
};

// The attributes of a user or role, as a condition reads them.
class AttributeMap {
 public:
  virtual ~AttributeMap() = default;
  // The value of `key`, or nullopt when there is no such attribute. The
  // view lives as long as the map's storage.
  virtual std::optional<absl::string_view> Find(absl::string_view key) const = 0;
  virtual size_t size() const = 0;
};

// An AttributeMap over a protobuf map field, which it borrows.
class ProtoAttributeMap final : public AttributeMap {
 public:
  explicit ProtoAttributeMap(const google::protobuf::Map<std::string, std::string>& map)
      : map_(map) {}

  std::optional<absl::string_view> Find(absl::string_view key) const override {
    auto it = map_.find(std::string_view(key.data(), key.size()));
    if (it == map_.end()) return std::nullopt;
    return absl::string_view(it->second);
  }
  size_t size() const override { return map_.size(); }

 private:
  const google::protobuf::Map<std::string, std::string>& map_;
};

// A user or role as a condition sees it. The pointers are borrowed and must
// outlive the evaluation; a null `attributes` reads as an empty map.
struct Subject {
  absl::string_view id;
  const AttributeMap* attributes = nullptr;
};

// The values of the variables for one evaluation.
struct Activation {
  absl::Time now = absl::UnixEpoch();
  // Indexed like Declarations::switch_ids.
  absl::Span<const bool> switches;
  Subject user;
  Subject role;
};

class CompiledCondition {
 public:
  virtual ~CompiledCondition() = default;

  virtual Dependency dependency() const = 0;

  // Indexes into Declarations::switch_ids of the switches the condition
  // reads, sorted and unique.
  virtual const std::vector<int>& switches_read() const = 0;

  // Whether the condition reads `role`. One that does not has the same
  // value wherever it sits.
  virtual bool reads_role() const = 0;

  // The user attribute keys the condition reads, sorted and unique, when it
  // reads the user only through `user.attributes` at keys written in the
  // source. Two users with equal values at those keys, or missing the same
  // ones, then get the same value, unless evaluation fails: an error names
  // the user. Null when the condition does not read the user, or reads
  // `user.id` or the map in another way.
  virtual const std::vector<std::string>* user_attribute_keys() const = 0;

  // The source text the condition was compiled from.
  virtual const std::string& source() const = 0;

  // Evaluates the condition. An error (a missing map key, a bad regular
  // expression argument, an overflow) is returned as a status; callers treat
  // it as false and report it (fail closed).
  virtual absl::StatusOr<bool> Evaluate(const Activation& activation) const = 0;
};

// Compiles `source` through all stages. Errors are InvalidArgument with a
// message of the form "LINE:COLUMN: what is wrong; did you mean ...?".
absl::StatusOr<std::unique_ptr<const CompiledCondition>> Compile(
    absl::string_view source, const Declarations& declarations,
    const Limits& limits = Limits());

}  // namespace rolegraph::condition

#endif  // ROLEGRAPH_SRC_CONDITION_CONDITION_H_
