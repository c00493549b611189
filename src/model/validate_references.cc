// Checks that every reference names a defined item: assignment roles,
// inducement targets, role owners, incident type privileges and resources,
// and exclusion rule roles. Also reports roles that induce or are assigned
// to themselves.
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

// Suggestions compare the unknown id with every defined one, so after this
// many unknown references the rest get a plain hint.
constexpr int kMaxSuggestions = 200;

class ReferenceChecker {
 public:
  ReferenceChecker(const ModelIndex& index, DiagnosticList& diagnostics)
      : index_(index), diagnostics_(diagnostics) {}

  // Reports `id` when it is not defined in `ids`.
  void Require(const IdIndex& ids, absl::string_view kind,
               const std::string& id, const std::string& path,
               absl::string_view context) {
    if (id.empty()) {
      diagnostics_.AddError(path, "missing-reference",
                            absl::StrCat(context, " names no ", kind),
                            absl::StrCat("set it to the id of a ", kind));
      return;
    }
    if (ids.Contains(id)) return;

    std::string hint;
    if (suggestions_left_ > 0) {
      --suggestions_left_;
      hint = HintForUnknownId(ids, id, kind);
    } else {
      hint = absl::StrCat("define a ", kind,
                          " with this id, or correct the reference");
    }
    diagnostics_.AddError(
        path, "dangling-reference",
        absl::StrCat(context, " refers to unknown ", kind, " ", Quote(id)),
        std::move(hint));
  }

  void CheckAssignments(
      const google::protobuf::RepeatedPtrField<v1::Assignment>& assignments,
      const std::string& holder_path, const std::string* role_id) {
    for (int i = 0; i < assignments.size(); ++i) {
      const std::string path =
          absl::StrCat(holder_path, ".assignments[", i, "]");
      const std::string& target = assignments[i].role();
      if (role_id != nullptr && !target.empty() && target == *role_id) {
        diagnostics_.AddError(
            path, "self-reference",
            absl::StrCat("role ", Quote(target), " is assigned to itself"),
            "remove the assignment, because a role cannot be "
            "its own meta-role");
        continue;
      }
      Require(index_.roles, "role", target, absl::StrCat(path, ".role"),
              "assignment");
    }
  }

  void CheckInducements(const v1::Role& role, const std::string& role_path) {
    for (int i = 0; i < role.inducements_size(); ++i) {
      const v1::Inducement& inducement = role.inducements(i);
      const std::string path = absl::StrCat(role_path, ".inducements[", i, "]");
      switch (inducement.target_case()) {
        case v1::Inducement::kRole:
          if (!inducement.role().empty() && inducement.role() == role.id()) {
            diagnostics_.AddError(
                path, "self-reference",
                absl::StrCat("role ", Quote(role.id()), " induces itself"),
                "remove the inducement, because it can "
                "grant nothing the role does not already "
                "grant");
            break;
          }
          Require(index_.roles, "role", inducement.role(),
                  absl::StrCat(path, ".role"), "inducement");
          break;
        case v1::Inducement::kPrivilege:
          Require(index_.privileges, "privilege", inducement.privilege(),
                  absl::StrCat(path, ".privilege"), "inducement");
          break;
        case v1::Inducement::TARGET_NOT_SET:
          diagnostics_.AddError(
              path, "inducement-without-target",
              absl::StrCat("inducement of role ", Quote(role.id()),
                           " has no target"),
              "set either role or privilege");
          break;
      }
    }
  }

  void CheckRoles(const v1::Model& model) {
    for (int i = 0; i < model.roles_size(); ++i) {
      const v1::Role& role = model.roles(i);
      const std::string path = absl::StrCat("roles[", i, "]");
      CheckAssignments(role.assignments(), path, &role.id());
      CheckInducements(role, path);
      for (int k = 0; k < role.owners_size(); ++k) {
        Require(index_.users, "user", role.owners(k),
                absl::StrCat(path, ".owners[", k, "]"), "role owner");
      }
    }
  }

  void CheckUsers(const v1::Model& model) {
    for (int i = 0; i < model.users_size(); ++i) {
      CheckAssignments(model.users(i).assignments(),
                       absl::StrCat("users[", i, "]"), nullptr);
    }
  }

  void CheckIncidentTypes(const v1::Model& model) {
    absl::flat_hash_set<std::string> resources;
    for (const v1::Privilege& privilege : model.privileges()) {
      resources.insert(privilege.resource());
    }

    for (int i = 0; i < model.incident_types_size(); ++i) {
      const v1::IncidentType& incident = model.incident_types(i);
      const std::string path = absl::StrCat("incident_types[", i, "]");
      for (int k = 0; k < incident.privileges_size(); ++k) {
        Require(index_.privileges, "privilege", incident.privileges(k),
                absl::StrCat(path, ".privileges[", k, "]"), "incident type");
      }
      for (int k = 0; k < incident.resources_size(); ++k) {
        const std::string& resource = incident.resources(k);
        if (resources.contains(resource) && !resource.empty()) continue;
        diagnostics_.AddWarning(
            absl::StrCat(path, ".resources[", k, "]"),
            "resource-without-privileges",
            absl::StrCat("resource ", Quote(resource), " of incident type ",
                         Quote(incident.id()), " matches no privilege"),
            "check the spelling against the resource fields of the "
            "privileges, because the incident type covers nothing on this "
            "resource");
      }
      if (incident.privileges().empty() && incident.resources().empty()) {
        diagnostics_.AddWarning(
            path, "empty-incident-type",
            absl::StrCat("incident type ", Quote(incident.id()),
                         " lists no privileges and no "
                         "resources"),
            "list the privileges or resources that the "
            "incident compromises");
      }
    }
  }

  void CheckExclusions(const v1::Model& model) {
    for (int i = 0; i < model.exclusions_size(); ++i) {
      const v1::ExclusionRule& rule = model.exclusions(i);
      const std::string path = absl::StrCat("exclusions[", i, "]");
      absl::flat_hash_set<std::string> distinct;
      for (int k = 0; k < rule.roles_size(); ++k) {
        const std::string role_path = absl::StrCat(path, ".roles[", k, "]");
        Require(index_.roles, "role", rule.roles(k), role_path,
                "exclusion rule");
        if (!distinct.insert(rule.roles(k)).second && !rule.roles(k).empty()) {
          diagnostics_.AddWarning(
              role_path, "duplicate-exclusion-role",
              absl::StrCat("exclusion rule ", Quote(rule.id()), " lists role ",
                           Quote(rule.roles(k)), " more than once"),
              "remove the repeated role");
        }
      }
      distinct.erase("");
      if (distinct.size() < 2) {
        diagnostics_.AddError(path, "exclusion-too-few-roles",
                              absl::StrCat("exclusion rule ", Quote(rule.id()),
                                           " needs at least two distinct roles "
                                           "but names ",
                                           distinct.size()),
                              "list two or more roles that no user may hold "
                              "together");
      }
    }
  }

 private:
  const ModelIndex& index_;
  DiagnosticList& diagnostics_;
  int suggestions_left_ = kMaxSuggestions;
};

}  // namespace

void CheckReferences(const v1::Model& model, const ModelIndex& index,
                     DiagnosticList& diagnostics) {
  ReferenceChecker checker(index, diagnostics);
  checker.CheckRoles(model);
  checker.CheckUsers(model);
  checker.CheckIncidentTypes(model);
  checker.CheckExclusions(model);
}

}  // namespace rolegraph::model_internal
