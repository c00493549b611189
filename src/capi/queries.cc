#include "capi/queries.h"

#include <roaring/roaring.hh>

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "model/suggest.h"

namespace rolegraph::embed {
namespace {

std::string ModelName(const Policy& policy) {
  if (policy.definitions().name().empty()) return "the model";
  return absl::StrCat("model '", policy.definitions().name(), "'");
}

absl::Status UnknownId(const Policy& policy, absl::string_view kind,
                       absl::string_view id,
                       absl::Span<const std::string> known) {
  std::string message =
      absl::StrCat("unknown ", kind, " '", id, "' in ", ModelName(policy));
  const std::string closest = model_internal::ClosestMatch(id, known);
  if (!closest.empty()) {
    absl::StrAppend(&message, "; did you mean '", closest, "'?");
  } else {
    absl::StrAppend(&message, "; use one of the model's ", kind, " ids");
  }
  return absl::NotFoundError(message);
}

void AddIds(const std::vector<std::string>& ids,
            google::protobuf::RepeatedPtrField<std::string>* field) {
  for (const std::string& id : ids) field->Add(std::string(id));
}

std::vector<std::string> PrivilegeIds(const Policy& policy,
                                      const std::vector<PrivilegeIndex>& indexes) {
  std::vector<std::string> ids;
  ids.reserve(indexes.size());
  for (PrivilegeIndex privilege : indexes) ids.push_back(policy.privilege_id(privilege));
  return ids;
}

v1::WhoHasResult HoldersOf(const Evaluator& evaluator,
                           const std::vector<PrivilegeIndex>& privileges) {
  const Policy& policy = evaluator.policy();
  Roaring holders;
  Roaring dormant;
  for (PrivilegeIndex privilege : privileges) {
    holders |= evaluator.WhoHas(privilege);
    dormant |= evaluator.DormantHolders(privilege);
  }

  v1::WhoHasResult result;
  *result.mutable_context() = evaluator.ContextInfo();
  AddIds(PrivilegeIds(policy, privileges), result.mutable_privileges());
  for (UserIndex user : holders) result.add_holders(std::string(policy.user_id(user)));
  for (UserIndex user : dormant) {
    result.add_dormant_holders(std::string(policy.user_id(user)));
  }
  result.set_count(static_cast<int64_t>(holders.cardinality()));
  result.set_dormant_count(static_cast<int64_t>(dormant.cardinality()));
  return result;
}

}  // namespace

absl::StatusOr<UserIndex> ResolveUser(const Policy& policy, absl::string_view id) {
  if (std::optional<UserIndex> user = policy.FindUser(id)) return *user;
  std::vector<std::string> known;
  for (UserIndex user = 0; user < policy.user_count(); ++user) {
    known.emplace_back(policy.user_id(user));
  }
  return UnknownId(policy, "user", id, known);
}

absl::StatusOr<PrivilegeIndex> ResolvePrivilege(const Policy& policy,
                                                absl::string_view id) {
  if (std::optional<PrivilegeIndex> privilege = policy.FindPrivilege(id)) {
    return *privilege;
  }
  std::vector<std::string> known;
  for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count(); ++privilege) {
    known.push_back(policy.privilege_id(privilege));
  }
  return UnknownId(policy, "privilege", id, known);
}

absl::StatusOr<EvaluationContext> ContextAt(int64_t seconds, int32_t nanos,
                                            Configuration configuration) {
  if (nanos < 0 || nanos > 999'999'999) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid nanoseconds ", nanos, "; pass a value from 0 to 999999999"));
  }
  EvaluationContext context;
  context.now = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
  context.configuration = configuration;
  return context;
}

absl::StatusOr<bool> CheckByIds(const Evaluator& evaluator,
                                absl::string_view user_id,
                                absl::string_view privilege_id) {
  absl::StatusOr<UserIndex> user = ResolveUser(evaluator.policy(), user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<PrivilegeIndex> privilege =
      ResolvePrivilege(evaluator.policy(), privilege_id);
  if (!privilege.ok()) return privilege.status();
  return evaluator.Check(*user, *privilege);
}

absl::StatusOr<v1::PrivilegesResult> PrivilegesOf(const Evaluator& evaluator,
                                                   absl::string_view user_id) {
  const Policy& policy = evaluator.policy();
  absl::StatusOr<UserIndex> user = ResolveUser(policy, user_id);
  if (!user.ok()) return user.status();

  v1::PrivilegesResult result;
  *result.mutable_context() = evaluator.ContextInfo();
  result.set_user(std::string(policy.user_id(*user)));
  result.set_user_active(evaluator.IsUserActive(*user));
  AddIds(PrivilegeIds(policy, evaluator.EffectivePrivileges(*user)),
         result.mutable_privileges());
  if (!result.user_active()) {
    AddIds(PrivilegeIds(policy, evaluator.EffectivePrivileges(*user, UserMode::kLatent)),
           result.mutable_latent_privileges());
  }
  for (RoleIndex role : evaluator.EffectiveRoles(*user)) {
    result.add_roles(policy.role_id(role));
  }
  return result;
}

absl::StatusOr<v1::Explanation> ExplainByIds(const Evaluator& evaluator,
                                             absl::string_view user_id,
                                             absl::string_view privilege_id) {
  absl::StatusOr<UserIndex> user = ResolveUser(evaluator.policy(), user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<PrivilegeIndex> privilege =
      ResolvePrivilege(evaluator.policy(), privilege_id);
  if (!privilege.ok()) return privilege.status();
  return evaluator.Explain(*user, *privilege);
}

absl::StatusOr<v1::WhoHasResult> WhoHasPrivilege(const Evaluator& evaluator,
                                                 absl::string_view privilege_id) {
  absl::StatusOr<PrivilegeIndex> privilege =
      ResolvePrivilege(evaluator.policy(), privilege_id);
  if (!privilege.ok()) return privilege.status();
  return HoldersOf(evaluator, {*privilege});
}

absl::StatusOr<v1::WhoHasResult> WhoHasResource(const Evaluator& evaluator,
                                                absl::string_view resource) {
  const Policy& policy = evaluator.policy();
  absl::Span<const PrivilegeIndex> on_resource = policy.PrivilegesOnResource(resource);
  if (!on_resource.empty()) {
    return HoldersOf(evaluator, {on_resource.begin(), on_resource.end()});
  }

  std::set<std::string> resources;
  for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count(); ++privilege) {
    resources.insert(policy.privilege(privilege).resource());
  }
  return UnknownId(policy, "resource", resource,
                   std::vector<std::string>(resources.begin(), resources.end()));
}

}  // namespace rolegraph::embed
