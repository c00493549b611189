// ApplyDelta: a model delta applied to a copy of the model, change by
// change, with errors that name the change.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/match.h"
#include "model/suggest.h"
#include "rolegraph/simulate.h"

namespace rolegraph {
namespace {

template <typename Items>
auto* FindById(Items& items, absl::string_view id) {
  for (auto& item : items) {
    if (item.id() == id) return &item;
  }
  return static_cast<decltype(&*items.begin())>(nullptr);
}

// The model being changed, with its users and roles found by id. The maps
// are built on first use, so that a delta of many changes does not scan
// every user for each one. Elements of a repeated field keep their
// addresses when others are added.
class EditedModel {
 public:
  explicit EditedModel(v1::Model& model) : model_(model) {}

  v1::Model& model() { return model_; }

  v1::User* FindUser(absl::string_view id) { return Find(model_.mutable_users(), users_, id); }
  v1::Role* FindRole(absl::string_view id) { return Find(model_.mutable_roles(), roles_, id); }

  // The message for an id that is not in the model, with the closest id as
  // a suggestion when there is one.
  std::string UnknownUser(absl::string_view id) const {
    return Unknown("user", id, model_.users());
  }
  std::string UnknownRole(absl::string_view id) const {
    return Unknown("role", id, model_.roles());
  }
  std::string UnknownPrivilege(absl::string_view id) const {
    return Unknown("privilege", id, model_.privileges());
  }

  void AddUser(const v1::User& user) {
    v1::User* added = model_.add_users();
    *added = user;
    if (users_.has_value()) users_->emplace(added->id(), added);
  }
  void AddRole(const v1::Role& role) {
    v1::Role* added = model_.add_roles();
    *added = role;
    if (roles_.has_value()) roles_->emplace(added->id(), added);
  }

 private:
  template <typename Item>
  static Item* Find(google::protobuf::RepeatedPtrField<Item>* items,
                    std::optional<absl::flat_hash_map<std::string, Item*>>& index,
                    absl::string_view id) {
    if (!index.has_value()) {
      index.emplace();
      index->reserve(static_cast<size_t>(items->size()));
      // The first of two items with one id wins, as in a scan.
      for (Item& item : *items) index->try_emplace(item.id(), &item);
    }
    auto it = index->find(id);
    return it == index->end() ? nullptr : it->second;
  }

  template <typename Items>
  static std::string Unknown(absl::string_view kind, absl::string_view id, const Items& items) {
    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(items.size()));
    for (const auto& item : items) ids.push_back(item.id());
    const std::string closest = model_internal::ClosestMatch(id, ids);
    if (!closest.empty()) {
      return absl::StrCat("unknown ", kind, " \"", id, "\"; did you mean \"", closest, "\"?");
    }
    return absl::StrCat("unknown ", kind, " \"", id, "\"; use the id of a ", kind,
                        " of the model");
  }

  v1::Model& model_;
  std::optional<absl::flat_hash_map<std::string, v1::User*>> users_;
  std::optional<absl::flat_hash_map<std::string, v1::Role*>> roles_;
};

absl::Status ChangeError(int index, absl::string_view change, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("changes[", index, "].", change, ": ", what));
}

// The item a SetActivation path names: "users[ID]", "roles[ID]",
// "users[ID].assignments[N]", "roles[ID].assignments[N]" or
// "roles[ID].inducements[N]". Exactly one pointer is set.
struct ActivationTarget {
  v1::User* user = nullptr;
  v1::Role* role = nullptr;
  v1::Assignment* assignment = nullptr;
  v1::Inducement* inducement = nullptr;

  template <typename F>
  void Apply(F f) {
    if (user != nullptr) f(*user);
    if (role != nullptr) f(*role);
    if (assignment != nullptr) f(*assignment);
    if (inducement != nullptr) f(*inducement);
  }
};

// Reads "NAME[INSIDE]" into `inside`.
bool Bracketed(absl::string_view text, absl::string_view name, absl::string_view* inside) {
  if (!absl::ConsumePrefix(&text, name) || !absl::ConsumePrefix(&text, "[") ||
      !absl::ConsumeSuffix(&text, "]")) {
    return false;
  }
  *inside = text;
  return true;
}

absl::StatusOr<ActivationTarget> ResolvePath(EditedModel& model, absl::string_view path) {
  const std::string invalid = absl::StrCat(
      "invalid path \"", path,
      "\"; expected users[ID], roles[ID], users[ID].assignments[N], "
      "roles[ID].assignments[N] or roles[ID].inducements[N]");
  // Ids may contain dots and brackets, so the item part is split off at the
  // last ".assignments[" or ".inducements[" that follows a "]".
  std::pair<absl::string_view, absl::string_view> head_tail = {path, ""};
  size_t split = absl::string_view::npos;
  for (absl::string_view field : {".assignments[", ".inducements["}) {
    const size_t at = path.rfind(field);
    if (at == absl::string_view::npos || at == 0 || path[at - 1] != ']') continue;
    if (split == absl::string_view::npos || at > split) split = at;
  }
  if (split != absl::string_view::npos) {
    head_tail = {path.substr(0, split), path.substr(split + 1)};
  }

  ActivationTarget target;
  absl::string_view id;
  if (Bracketed(head_tail.first, "users", &id)) {
    target.user = model.FindUser(id);
    if (target.user == nullptr) {
      return absl::NotFoundError(model.UnknownUser(id));
    }
  } else if (Bracketed(head_tail.first, "roles", &id)) {
    target.role = model.FindRole(id);
    if (target.role == nullptr) {
      return absl::NotFoundError(model.UnknownRole(id));
    }
  } else {
    return absl::InvalidArgumentError(invalid);
  }
  if (head_tail.second.empty()) return target;

  absl::string_view number;
  int index = 0;
  const bool assignments = Bracketed(head_tail.second, "assignments", &number);
  const bool inducements = !assignments && target.role != nullptr &&
                           Bracketed(head_tail.second, "inducements", &number);
  if ((!assignments && !inducements) || !absl::SimpleAtoi(number, &index) || index < 0) {
    return absl::InvalidArgumentError(invalid);
  }

  const int size = inducements ? target.role->inducements_size()
                   : target.user != nullptr ? target.user->assignments_size()
                                            : target.role->assignments_size();
  if (index >= size) {
    return absl::NotFoundError(absl::StrCat("path \"", path, "\" is out of range; there are ",
                                            size, " entries"));
  }
  ActivationTarget item;
  if (inducements) {
    item.inducement = target.role->mutable_inducements(index);
  } else if (target.user != nullptr) {
    item.assignment = target.user->mutable_assignments(index);
  } else {
    item.assignment = target.role->mutable_assignments(index);
  }
  return item;
}

absl::Status ApplyChange(EditedModel& model, const v1::Change& change, int i) {
  switch (change.change_case()) {
    case v1::Change::kAddAssignment: {
      v1::User* user = model.FindUser(change.add_assignment().user());
      if (user == nullptr) {
        return ChangeError(i, "add_assignment",
                           model.UnknownUser(change.add_assignment().user()));
      }
      const std::string& role = change.add_assignment().assignment().role();
      if (model.FindRole(role) == nullptr) {
        return ChangeError(i, "add_assignment", model.UnknownRole(role));
      }
      *user->add_assignments() = change.add_assignment().assignment();
      return absl::OkStatus();
    }
    case v1::Change::kRemoveAssignment: {
      const v1::RemoveAssignment& remove = change.remove_assignment();
      v1::User* user = model.FindUser(remove.user());
      if (user == nullptr) {
        return ChangeError(i, "remove_assignment",
                           model.UnknownUser(remove.user()));
      }
      auto* list = user->mutable_assignments();
      const int before = list->size();
      for (int k = list->size() - 1; k >= 0; --k) {
        if (list->Get(k).role() == remove.role() &&
            list->Get(k).relation() == remove.relation()) {
          list->DeleteSubrange(k, 1);
        }
      }
      if (list->size() == before) {
        return ChangeError(i, "remove_assignment",
                           absl::StrCat("user \"", remove.user(), "\" has no ",
                                        v1::Relation_Name(remove.relation()),
                                        " assignment to role \"", remove.role(), "\""));
      }
      return absl::OkStatus();
    }
    case v1::Change::kAddInducement: {
      v1::Role* role = model.FindRole(change.add_inducement().role());
      if (role == nullptr) {
        return ChangeError(i, "add_inducement",
                           model.UnknownRole(change.add_inducement().role()));
      }
      const v1::Inducement& inducement = change.add_inducement().inducement();
      if (inducement.has_role() && model.FindRole(inducement.role()) == nullptr) {
        return ChangeError(i, "add_inducement", model.UnknownRole(inducement.role()));
      }
      if (inducement.has_privilege() &&
          FindById(*model.model().mutable_privileges(), inducement.privilege()) == nullptr) {
        return ChangeError(i, "add_inducement", model.UnknownPrivilege(inducement.privilege()));
      }
      *role->add_inducements() = change.add_inducement().inducement();
      return absl::OkStatus();
    }
    case v1::Change::kRemoveInducement: {
      const v1::RemoveInducement& remove = change.remove_inducement();
      v1::Role* role = model.FindRole(remove.role());
      if (role == nullptr) {
        return ChangeError(i, "remove_inducement",
                           model.UnknownRole(remove.role()));
      }
      auto* list = role->mutable_inducements();
      const int before = list->size();
      for (int k = list->size() - 1; k >= 0; --k) {
        const v1::Inducement& inducement = list->Get(k);
        const bool match =
            remove.has_target_role()
                ? inducement.has_role() && inducement.role() == remove.target_role()
                : inducement.has_privilege() &&
                      inducement.privilege() == remove.target_privilege();
        if (match) list->DeleteSubrange(k, 1);
      }
      if (list->size() == before) {
        return ChangeError(i, "remove_inducement",
                           absl::StrCat("role \"", remove.role(),
                                        "\" has no inducement of that target"));
      }
      return absl::OkStatus();
    }
    case v1::Change::kAddUser:
      if (model.FindUser(change.add_user().id()) != nullptr) {
        return ChangeError(i, "add_user",
                           absl::StrCat("user \"", change.add_user().id(), "\" already exists"));
      }
      model.AddUser(change.add_user());
      return absl::OkStatus();
    case v1::Change::kAddRole:
      if (model.FindRole(change.add_role().id()) != nullptr) {
        return ChangeError(i, "add_role",
                           absl::StrCat("role \"", change.add_role().id(), "\" already exists"));
      }
      model.AddRole(change.add_role());
      return absl::OkStatus();
    case v1::Change::kSetActivation: {
      const v1::SetActivation& set = change.set_activation();
      absl::StatusOr<ActivationTarget> target = ResolvePath(model, set.path());
      if (!target.ok()) return ChangeError(i, "set_activation", target.status().message());
      target->Apply([&](auto& item) {
        *item.mutable_activation() = set.activation();
        if (set.set_lifecycle_state()) item.set_lifecycle_state(set.lifecycle_state());
      });
      return absl::OkStatus();
    }
    case v1::Change::kSetSwitch: {
      const v1::SetSwitch& set = change.set_switch();
      v1::Switch* target = FindById(*model.model().mutable_switches(), set.switch_id());
      if (target == nullptr) {
        return ChangeError(i, "set_switch",
                           absl::StrCat("unknown switch \"", set.switch_id(), "\""));
      }
      target->set_active(set.active());
      if (set.has_expires_at()) {
        *target->mutable_expires_at() = set.expires_at();
      } else {
        target->clear_expires_at();
      }
      return absl::OkStatus();
    }
    case v1::Change::kObtainRole: {
      const v1::ObtainRole& obtain = change.obtain_role();
      v1::User* user = model.FindUser(obtain.user());
      if (user == nullptr) {
        return ChangeError(i, "obtain_role",
                           model.UnknownUser(obtain.user()));
      }
      if (model.FindRole(obtain.role()) == nullptr) {
        return ChangeError(i, "obtain_role",
                           model.UnknownRole(obtain.role()));
      }
      v1::Assignment* assignment = user->add_assignments();
      assignment->set_role(obtain.role());
      assignment->set_description("simulated: the account obtains the role");
      return absl::OkStatus();
    }
    case v1::Change::CHANGE_NOT_SET:
      break;
  }
  return ChangeError(i, "change", "the change is empty; set one of its fields");
}

}  // namespace

absl::StatusOr<v1::Model> ApplyDelta(const v1::Model& model, const v1::ModelDelta& delta) {
  return ApplyDelta(v1::Model(model), delta);
}

absl::StatusOr<v1::Model> ApplyDelta(v1::Model&& model, const v1::ModelDelta& delta) {
  v1::Model changed = std::move(model);
  EditedModel edited(changed);
  for (int i = 0; i < delta.changes_size(); ++i) {
    absl::Status status = ApplyChange(edited, delta.changes(i), i);
    if (!status.ok()) return status;
  }
  return changed;
}

}  // namespace rolegraph
