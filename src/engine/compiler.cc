// Compile: validate a model, intern its ids to dense integers in sorted
// order, and lay its assignments and inducements out contiguously.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/compiled_model.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

using internal::Activity;
using internal::CompiledAssignment;
using internal::CompiledInducement;
using internal::CompiledModel;
using internal::Csr;

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

// The model positions of `items` in sorted order of their ids.
template <typename Items>
std::vector<uint32_t> SortedPositions(const Items& items) {
  // The first eight bytes of each id, big-endian, decide most comparisons
  // without following the pointers to the id.
  struct Key {
    uint64_t prefix;
    absl::string_view id;
    uint32_t position;
  };
  std::vector<Key> keys(static_cast<size_t>(items.size()));
  for (uint32_t i = 0; i < keys.size(); ++i) {
    const std::string& id = items[static_cast<int>(i)].id();
    uint64_t prefix = 0;
    for (size_t k = 0; k < 8; ++k) {
      prefix = prefix << 8 | (k < id.size() ? static_cast<unsigned char>(id[k]) : 0);
    }
    keys[i] = {prefix, id, i};
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return a.id < b.id;
  });
  std::vector<uint32_t> order(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].position;
  return order;
}

// Sorts ids and records, for each dense index, the model position.
template <typename Items>
void InternIds(const Items& items, std::vector<std::string>& ids,
               std::vector<uint32_t>& positions,
               absl::flat_hash_map<std::string, uint32_t>& index) {
  positions = SortedPositions(items);
  ids.reserve(positions.size());
  index.reserve(positions.size());
  for (uint32_t dense = 0; dense < positions.size(); ++dense) {
    ids.push_back(items[static_cast<int>(positions[dense])].id());
    index.emplace(ids.back(), dense);
  }
}

// The model without its users.
void CopyDefinitions(const v1::Model& model, v1::Model& out) {
  out.set_name(model.name());
  *out.mutable_privileges() = model.privileges();
  *out.mutable_roles() = model.roles();
  *out.mutable_switches() = model.switches();
  *out.mutable_incident_types() = model.incident_types();
  *out.mutable_exclusions() = model.exclusions();
}

class Compiler {
 public:
  Compiler(CompiledModel& out, const CompileOptions& options)
      : out_(out), options_(options) {
    out_.activities.push_back(Activity());
    activity_ids_.emplace(Activity(), 0);
  }

  absl::Status Run(const v1::Model& model) {
    absl::Status status = InternUsers(model);
    if (!status.ok()) return status;
    InternIds(model.roles(), out_.role_ids, out_.role_position, out_.role_index);
    InternIds(model.privileges(), out_.privilege_ids, out_.privilege_position,
              out_.privilege_index);
    InternIds(model.switches(), out_.switch_ids, out_.switch_position,
              out_.switch_index);
    declarations_.switch_ids = out_.switch_ids;

    for (PrivilegeIndex p = 0; p < out_.privilege_ids.size(); ++p) {
      const v1::Privilege& privilege =
          model.privileges(static_cast<int>(out_.privilege_position[p]));
      out_.resource_privileges[privilege.resource()].push_back(p);
    }

    out_.user_activity.reserve(out_.user_count());
    out_.user_assignments.offsets.reserve(out_.user_count() + 1);
    for (UserIndex u = 0; u < out_.user_count(); ++u) {
      const v1::User& user = model.users(static_cast<int>(out_.user_position[u]));
      const std::string path = absl::StrCat("users[", out_.user_position[u], "]");
      out_.user_activity.push_back(
          InternActivity(user.activation(), user.lifecycle_state()));
      status = AddUserTexts(user);
      if (!status.ok()) return status;
      status = AddAssignments(user.assignments(), path, out_.user_assignments,
                              &out_.user_assignment_texts);
      if (!status.ok()) return status;
    }
    out_.user_assignments.items.shrink_to_fit();
    out_.user_display_names.ShrinkToFit();
    out_.user_attributes.strings.ShrinkToFit();
    out_.user_attributes.entries.shrink_to_fit();

    for (RoleIndex r = 0; r < out_.role_ids.size(); ++r) {
      const v1::Role& role = out_.role(r);
      const std::string path = absl::StrCat("roles[", out_.role_position[r], "]");
      out_.role_activity.push_back(
          InternActivity(role.activation(), role.lifecycle_state()));
      status = AddAssignments(role.assignments(), path, out_.role_assignments,
                              nullptr);
      if (!status.ok()) return status;
      status = AddInducements(r, role, path);
      if (!status.ok()) return status;
    }

    IndexAssignees();
    ResolveUserKeys();
    return absl::OkStatus();
  }

 private:
  absl::Status InternUsers(const v1::Model& model) {
    out_.user_position = SortedPositions(model.users());
    std::vector<absl::string_view> ids;
    ids.reserve(out_.user_position.size());
    for (uint32_t position : out_.user_position) {
      ids.push_back(model.users(static_cast<int>(position)).id());
    }
    return out_.user_ids.Build(ids, "user ids");
  }

  // The display name and attributes of the next user.
  absl::Status AddUserTexts(const v1::User& user) {
    absl::Status status = out_.user_display_names.Add(user.display_name(), "display names");
    if (!status.ok()) return status;

    internal::AttributeTable& table = out_.user_attributes;
    const size_t first = table.entries.size();
    for (const auto& [key, value] : user.attributes()) {
      absl::StatusOr<uint32_t> key_id = InternAttributeText(key);
      if (!key_id.ok()) return key_id.status();
      absl::StatusOr<uint32_t> value_id = InternAttributeText(value);
      if (!value_id.ok()) return value_id.status();
      table.entries.push_back({*key_id, *value_id});
    }
    std::sort(table.entries.begin() + static_cast<std::ptrdiff_t>(first), table.entries.end(),
              [&table](const internal::AttributeEntry& a, const internal::AttributeEntry& b) {
                return table.strings[a.key] < table.strings[b.key];
              });
    table.offsets.push_back(static_cast<uint32_t>(table.entries.size()));
    return absl::OkStatus();
  }

  absl::StatusOr<uint32_t> InternAttributeText(const std::string& text) {
    auto it = attribute_texts_.find(text);
    if (it != attribute_texts_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(out_.user_attributes.strings.size());
    absl::Status status = out_.user_attributes.strings.Add(text, "attribute keys and values");
    if (!status.ok()) return status;
    attribute_texts_.emplace(text, id);
    return id;
  }

  // Finds the attribute keys of the conditions that read the user only
  // through them, once every user's attributes are interned.
  void ResolveUserKeys() {
    for (internal::ConditionSite& site : out_.conditions) {
      const std::vector<std::string>* keys = site.condition->user_attribute_keys();
      if (keys == nullptr) continue;
      site.user_key_ids.emplace();
      for (const std::string& key : *keys) {
        auto it = attribute_texts_.find(key);
        site.user_key_ids->push_back(it == attribute_texts_.end() ? internal::kNoText
                                                                 : it->second);
      }
    }
  }

  uint32_t InternActivity(const v1::Activation& activation,
                          v1::LifecycleState lifecycle_state) {
    Activity activity;
    if (activation.has_valid_from()) {
      activity.valid_from = ToTime(activation.valid_from());
    }
    if (activation.has_valid_to()) activity.valid_to = ToTime(activation.valid_to());
    activity.administrative_status = activation.administrative_status();
    activity.lifecycle_state = lifecycle_state;

    auto [it, inserted] = activity_ids_.emplace(
        activity, static_cast<uint32_t>(out_.activities.size()));
    if (inserted) out_.activities.push_back(activity);
    return it->second;
  }

  // Inverts the users' assignments, for simulation to find whom a role
  // change touches.
  void IndexAssignees() {
    const size_t roles = out_.role_ids.size();
    std::vector<uint32_t> counts(roles + 1, 0);
    for (const CompiledAssignment& a : out_.user_assignments.items) ++counts[a.role + 1];
    out_.role_assignees.offsets.assign(roles + 1, 0);
    for (size_t r = 0; r < roles; ++r) {
      out_.role_assignees.offsets[r + 1] = out_.role_assignees.offsets[r] + counts[r + 1];
    }
    out_.role_assignees.items.resize(out_.user_assignments.items.size());

    std::vector<uint32_t> cursor(out_.role_assignees.offsets.begin(),
                                 out_.role_assignees.offsets.end() - 1);
    for (UserIndex u = 0; u < out_.user_count(); ++u) {
      bool conditional = false;
      for (const CompiledAssignment& a : out_.user_assignments.of(u)) {
        out_.role_assignees.items[cursor[a.role]++] = u;
        conditional |= a.condition != internal::kNoCondition;
      }
      if (conditional) out_.users_with_conditional_assignments.push_back(u);
    }

    // Users were visited in order, so each role's list is sorted; a user
    // assigned twice to one role appears twice and is harmless.
  }

  absl::StatusOr<int32_t> AddCondition(const v1::Condition& condition,
                                       RoleIndex role, std::string path) {
    if (condition.expression().empty()) return internal::kNoCondition;

    auto compiled = condition::Compile(
        condition.expression(), declarations_,
        {.max_source_bytes = options_.validation.max_condition_bytes,
         .max_nesting_depth = options_.validation.max_condition_nesting_depth});
    if (!compiled.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options_.file_name, ": ", path, ".condition: ",
                       compiled.status().message()));
    }
    const int32_t index = static_cast<int32_t>(out_.conditions.size());
    int32_t same_value_as = index;
    if (!(*compiled)->reads_role()) {
      same_value_as = same_source_.try_emplace(condition.expression(), index).first->second;
    }
    out_.conditions.push_back(
        {std::move(compiled).value(), role, std::move(path), same_value_as});
    return index;
  }

  // Adds one owner's assignments. `texts`, when given, receives the
  // descriptions, which evaluation does not read.
  absl::Status AddAssignments(
      const google::protobuf::RepeatedPtrField<v1::Assignment>& assignments,
      const std::string& owner_path, Csr<CompiledAssignment>& csr,
      absl::flat_hash_map<uint32_t, internal::AssignmentText>* texts) {
    for (int i = 0; i < assignments.size(); ++i) {
      const v1::Assignment& assignment = assignments[i];
      const std::string path = absl::StrCat(owner_path, ".assignments[", i, "]");
      RoleIndex role = out_.role_index.at(assignment.role());

      absl::StatusOr<int32_t> condition =
          AddCondition(assignment.condition(), role, path);
      if (!condition.ok()) return condition.status();

      if (texts != nullptr && (!assignment.description().empty() ||
                               !assignment.condition().description().empty())) {
        (*texts)[static_cast<uint32_t>(csr.items.size())] = {
            assignment.description(), assignment.condition().description()};
      }
      csr.items.push_back(
          {role,
           InternActivity(assignment.activation(), assignment.lifecycle_state()),
           *condition, assignment.relation()});
    }
    csr.offsets.push_back(static_cast<uint32_t>(csr.items.size()));
    return absl::OkStatus();
  }

  absl::Status AddInducements(RoleIndex r, const v1::Role& role,
                              const std::string& role_path) {
    Csr<CompiledInducement>& csr = out_.role_inducements;
    for (int i = 0; i < role.inducements_size(); ++i) {
      const v1::Inducement& inducement = role.inducements(i);
      const std::string path = absl::StrCat(role_path, ".inducements[", i, "]");

      CompiledInducement compiled;
      compiled.target_is_privilege = inducement.has_privilege();
      compiled.target = compiled.target_is_privilege
                            ? out_.privilege_index.at(inducement.privilege())
                            : out_.role_index.at(inducement.role());
      compiled.order = std::max(inducement.order(), 1);
      compiled.activity =
          InternActivity(inducement.activation(), inducement.lifecycle_state());
      absl::StatusOr<int32_t> condition =
          AddCondition(inducement.condition(), r, path);
      if (!condition.ok()) return condition.status();
      compiled.condition = *condition;
      csr.items.push_back(compiled);
    }
    csr.offsets.push_back(static_cast<uint32_t>(csr.items.size()));
    return absl::OkStatus();
  }

  CompiledModel& out_;
  const CompileOptions& options_;
  condition::Declarations declarations_;
  // The first condition with each source among those that do not read
  // `role`.
  absl::flat_hash_map<std::string, int32_t> same_source_;
  absl::flat_hash_map<Activity, uint32_t> activity_ids_;
  absl::flat_hash_map<std::string, uint32_t> attribute_texts_;
};

std::string FormatErrors(const v1::ValidationResult& result) {
  std::vector<std::string> lines;
  for (const v1::Diagnostic& diagnostic : result.diagnostics()) {
    if (diagnostic.severity() != v1::SEVERITY_ERROR) continue;
    std::string location = diagnostic.path();
    if (diagnostic.line() > 0) {
      location = absl::StrCat(diagnostic.line(), ":", diagnostic.column());
    }
    std::string line =
        absl::StrCat(diagnostic.file(), ":", location, ": ", diagnostic.message());
    if (!diagnostic.hint().empty()) absl::StrAppend(&line, " (", diagnostic.hint(), ")");
    lines.push_back(std::move(line));
  }
  return absl::StrCat("model has ", result.error_count(), " validation error",
                      result.error_count() == 1 ? "" : "s", ":\n",
                      absl::StrJoin(lines, "\n"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Policy>> Compile(
    const v1::Model& model, const CompileOptions& options) {
  if (options.max_evaluation_order < 1) {
    return absl::InvalidArgumentError(
        "CompileOptions::max_evaluation_order must be at least 1");
  }

  v1::ValidationResult validation =
      ValidateModel(model, options.file_name, options.validation);
  if (validation.error_count() > 0) {
    return absl::InvalidArgumentError(FormatErrors(validation));
  }

  auto compiled = std::make_unique<CompiledModel>();
  CopyDefinitions(model, compiled->definitions);
  compiled->max_evaluation_order = options.max_evaluation_order;
  compiled->file_name = options.file_name;
  for (const v1::Diagnostic& diagnostic : validation.diagnostics()) {
    compiled->warnings.push_back(diagnostic);
  }

  absl::Status status = Compiler(*compiled, options).Run(model);
  if (!status.ok()) return status;
  return std::shared_ptr<const Policy>(new Policy(std::move(compiled)));
}

Policy::Policy(std::unique_ptr<internal::CompiledModel> compiled)
    : compiled_(std::move(compiled)) {}

Policy::~Policy() = default;

const v1::Model& Policy::definitions() const { return compiled_->definitions; }
const std::vector<v1::Diagnostic>& Policy::warnings() const {
  return compiled_->warnings;
}

size_t Policy::user_count() const { return compiled_->user_count(); }
size_t Policy::role_count() const { return compiled_->role_ids.size(); }
size_t Policy::privilege_count() const { return compiled_->privilege_ids.size(); }
size_t Policy::switch_count() const { return compiled_->switch_ids.size(); }

namespace {
template <typename Map>
std::optional<uint32_t> Find(const Map& index, absl::string_view id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<UserIndex> Policy::FindUser(absl::string_view id) const {
  return compiled_->user_ids.Find(id);
}
std::optional<RoleIndex> Policy::FindRole(absl::string_view id) const {
  return Find(compiled_->role_index, id);
}
std::optional<PrivilegeIndex> Policy::FindPrivilege(absl::string_view id) const {
  return Find(compiled_->privilege_index, id);
}
std::optional<SwitchIndex> Policy::FindSwitch(absl::string_view id) const {
  return Find(compiled_->switch_index, id);
}

absl::Span<const PrivilegeIndex> Policy::PrivilegesOnResource(
    absl::string_view resource) const {
  auto it = compiled_->resource_privileges.find(resource);
  if (it == compiled_->resource_privileges.end()) return {};
  return it->second;
}

absl::string_view Policy::user_id(UserIndex user) const {
  return compiled_->user_ids[user];
}
const std::string& Policy::role_id(RoleIndex role) const {
  return compiled_->role_ids[role];
}
const std::string& Policy::privilege_id(PrivilegeIndex privilege) const {
  return compiled_->privilege_ids[privilege];
}
const std::string& Policy::switch_id(SwitchIndex id) const {
  return compiled_->switch_ids[id];
}

std::optional<absl::string_view> Policy::user_attribute(UserIndex user,
                                                        absl::string_view key) const {
  return compiled_->user_attributes.Find(user, key);
}

const v1::Role& Policy::role(RoleIndex role) const { return compiled_->role(role); }
const v1::Privilege& Policy::privilege(PrivilegeIndex privilege) const {
  return compiled_->definitions.privileges(
      static_cast<int>(compiled_->privilege_position[privilege]));
}
const v1::Switch& Policy::switch_config(SwitchIndex id) const {
  return compiled_->switch_config(id);
}

}  // namespace rolegraph
