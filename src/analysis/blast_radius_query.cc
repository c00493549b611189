// Blast-radius queries for one role, one user account, or every role
// ranked. A role is measured by simulating a new user that obtains it; an
// account by its latent privileges. Switch effects come from evaluating
// with each switch forced on.
#include "rolegraph/blast_radius.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "analysis/report_sections.h"
#include "rolegraph/simulate.h"

namespace rolegraph {
namespace {

using analysis::IncidentCoverage;

// The subject's effective privileges and roles in one context.
struct Holdings {
  std::vector<PrivilegeIndex> privileges;  // sorted
  std::set<std::string> roles;
};

// The subject's holdings now and with each switch that is off turned on.
struct Exposure {
  Holdings now;
  // Per switch index; unset entries for switches already on.
  std::vector<std::optional<Holdings>> with_switch;
  // Evaluators with each switch that is off now forced on.
  std::vector<std::unique_ptr<Evaluator>> switch_on;
};

std::vector<PrivilegeIndex> Minus(const std::vector<PrivilegeIndex>& a,
                                  const std::vector<PrivilegeIndex>& b) {
  std::vector<PrivilegeIndex> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

bool Intersects(const std::vector<PrivilegeIndex>& a,
                const std::vector<PrivilegeIndex>& b) {
  std::vector<PrivilegeIndex> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(common));
  return !common.empty();
}

std::vector<std::string> ReachedIncidentTypes(
    const std::vector<PrivilegeIndex>& privileges,
    const std::vector<IncidentCoverage>& coverages) {
  std::vector<std::string> types;
  for (const IncidentCoverage& coverage : coverages) {
    if (Intersects(privileges, coverage.privileges)) {
      types.push_back(coverage.type->id());
    }
  }
  return types;
}

absl::StatusOr<std::unique_ptr<Evaluator>> WithSwitchOn(const Evaluator& evaluator,
                                                        SwitchIndex id) {
  EvaluationContext context = evaluator.context();
  const std::string& switch_id = evaluator.policy().switch_id(id);
  std::erase_if(context.switch_overrides,
                [&](const auto& entry) { return entry.first == switch_id; });
  context.switch_overrides.emplace_back(switch_id, true);
  return Evaluator::Create(evaluator.shared_policy(), context);
}

// Evaluators with each switch that is off now forced on.
absl::Status CreateSwitchEvaluators(const Evaluator& evaluator, Exposure& exposure) {
  const size_t count = evaluator.policy().switch_count();
  exposure.with_switch.resize(count);
  exposure.switch_on.resize(count);
  for (SwitchIndex id = 0; id < count; ++id) {
    if (evaluator.SwitchOn(id)) continue;
    absl::StatusOr<std::unique_ptr<Evaluator>> on = WithSwitchOn(evaluator, id);
    if (!on.ok()) return on.status();
    exposure.switch_on[id] = *std::move(on);
  }
  return absl::OkStatus();
}

Holdings UserHoldings(const Evaluator& evaluator, UserIndex user) {
  Holdings holdings;
  holdings.privileges = evaluator.EffectivePrivileges(user, UserMode::kLatent);
  for (RoleIndex role : evaluator.EffectiveRoles(user, UserMode::kLatent)) {
    holdings.roles.insert(evaluator.policy().role_id(role));
  }
  return holdings;
}

// An id for the simulated user that no user in the model has.
std::string ProbeUserId(const Policy& policy) {
  std::string id = "blast-radius-probe";
  for (int suffix = 2; policy.FindUser(id).has_value(); ++suffix) {
    id = absl::StrCat("blast-radius-probe-", suffix);
  }
  return id;
}

// Simulates a new user that obtains the role, in the evaluator's context.
absl::StatusOr<Holdings> ProbeHoldings(const Evaluator& evaluator,
                                       absl::string_view role_id,
                                       const std::string& probe) {
  v1::ModelDelta delta;
  delta.add_changes()->mutable_add_user()->set_id(probe);
  v1::ObtainRole* obtain = delta.add_changes()->mutable_obtain_role();
  obtain->set_user(probe);
  obtain->set_role(std::string(role_id));

  absl::StatusOr<v1::SimulationResult> simulated = Simulate(evaluator, delta);
  if (!simulated.ok()) return simulated.status();

  Holdings holdings;
  for (const v1::UserChange& change : simulated->users()) {
    if (change.user() != probe) continue;
    for (const std::string& id : change.privileges_gained()) {
      if (std::optional<PrivilegeIndex> privilege = evaluator.policy().FindPrivilege(id)) {
        holdings.privileges.push_back(*privilege);
      }
    }
    holdings.roles.insert(change.roles_gained().begin(), change.roles_gained().end());
  }
  std::sort(holdings.privileges.begin(), holdings.privileges.end());
  return holdings;
}

void AddSodViolations(const Policy& policy, const std::string& subject,
                      const Holdings& holdings, const std::string& switch_id,
                      const std::set<std::string>& already,
                      v1::BlastRadius& radius) {
  for (const v1::ExclusionRule& rule : policy.definitions().exclusions()) {
    std::set<std::string> held;
    for (const std::string& role : rule.roles()) {
      if (holdings.roles.contains(role)) held.insert(role);
    }
    if (held.size() < 2 || already.contains(rule.id())) continue;
    v1::SodViolation& violation = *radius.add_sod_violations();
    violation.set_rule_id(rule.id());
    violation.set_user(subject);
    for (const std::string& role : held) violation.add_roles(role);
    violation.set_switch_id(switch_id);
  }
}

void AddRarePrivileges(const Evaluator& evaluator,
                       const std::vector<PrivilegeIndex>& privileges,
                       std::optional<UserIndex> subject, const std::string& switch_id,
                       int threshold, v1::BlastRadius& radius) {
  const Policy& policy = evaluator.policy();
  for (PrivilegeIndex privilege : privileges) {
    const v1::Privilege& config = policy.privilege(privilege);
    if (config.sensitivity() != v1::SENSITIVITY_CRITICAL) continue;
    Roaring holders = evaluator.WhoHas(privilege);
    if (subject.has_value()) holders.remove(*subject);
    if (holders.cardinality() > static_cast<uint64_t>(threshold)) continue;

    v1::RarePrivilege& rare = *radius.add_rare_privileges();
    rare.set_privilege(config.id());
    rare.set_sensitivity(config.sensitivity());
    rare.set_holder_count(static_cast<int64_t>(holders.cardinality()));
    for (const std::string& id : analysis::UserIds(policy, holders)) {
      rare.add_holders(id);
    }
    rare.set_switch_id(switch_id);
  }
}

// Fills every section of the result from the subject's exposure.
v1::BlastRadius Describe(const Evaluator& evaluator, const Exposure& exposure,
                         const std::string& subject, std::optional<UserIndex> user,
                         const BlastRadiusOptions& options) {
  const Policy& policy = evaluator.policy();
  const std::vector<IncidentCoverage> coverages = analysis::CoverIncidentTypes(policy);
  v1::BlastRadius radius;
  *radius.mutable_context() = evaluator.ContextInfo();
  radius.set_subject(subject);
  radius.set_rare_holder_threshold(options.rare_holder_threshold);

  const Holdings& now = exposure.now;
  for (const std::string& role : now.roles) radius.add_roles(role);
  for (PrivilegeIndex privilege : now.privileges) {
    radius.add_privileges(policy.privilege_id(privilege));
    if (policy.privilege(privilege).sensitivity() == v1::SENSITIVITY_CRITICAL) {
      radius.set_critical_privilege_count(radius.critical_privilege_count() + 1);
    }
  }
  radius.set_score(analysis::BlastRadiusScore(policy, now.privileges));
  const std::vector<std::string> types_now = ReachedIncidentTypes(now.privileges, coverages);
  for (const std::string& type : types_now) radius.add_incident_types(type);
  AddRarePrivileges(evaluator, now.privileges, user, "", options.rare_holder_threshold,
                    radius);

  std::set<std::string> rules_now;
  AddSodViolations(policy, subject, now, "", rules_now, radius);
  for (const v1::SodViolation& violation : radius.sod_violations()) {
    rules_now.insert(violation.rule_id());
  }

  for (SwitchIndex id = 0; id < exposure.with_switch.size(); ++id) {
    if (!exposure.with_switch[id].has_value()) continue;
    const Holdings& on = *exposure.with_switch[id];
    const std::string& switch_id = policy.switch_id(id);
    const std::vector<PrivilegeIndex> gained = Minus(on.privileges, now.privileges);
    AddSodViolations(policy, subject, on, switch_id, rules_now, radius);
    if (gained.empty()) continue;

    v1::SwitchGain& gain = *radius.add_switch_gains();
    gain.set_switch_id(switch_id);
    for (PrivilegeIndex privilege : gained) gain.add_privileges(policy.privilege_id(privilege));
    for (const std::string& type : ReachedIncidentTypes(on.privileges, coverages)) {
      if (!std::binary_search(types_now.begin(), types_now.end(), type)) {
        gain.add_incident_types(type);
      }
    }
    gain.set_score(analysis::BlastRadiusScore(policy, on.privileges));
    // Holders are counted in the current context: how rare the privilege is
    // in normal operation.
    AddRarePrivileges(evaluator, gained, user, switch_id, options.rare_holder_threshold,
                      radius);
  }
  return radius;
}

}  // namespace

absl::StatusOr<v1::BlastRadius> RoleBlastRadius(const Evaluator& evaluator,
                                                absl::string_view role_id,
                                                const BlastRadiusOptions& options) {
  const Policy& policy = evaluator.policy();
  if (!policy.FindRole(role_id).has_value()) {
    return absl::NotFoundError(absl::StrCat("role \"", role_id, "\" not found"));
  }
  const std::string probe = ProbeUserId(policy);

  Exposure exposure;
  absl::StatusOr<Holdings> now = ProbeHoldings(evaluator, role_id, probe);
  if (!now.ok()) return now.status();
  exposure.now = *std::move(now);
  if (absl::Status status = CreateSwitchEvaluators(evaluator, exposure); !status.ok()) {
    return status;
  }
  for (SwitchIndex id = 0; id < exposure.switch_on.size(); ++id) {
    if (exposure.switch_on[id] == nullptr) continue;
    absl::StatusOr<Holdings> on = ProbeHoldings(*exposure.switch_on[id], role_id, probe);
    if (!on.ok()) return on.status();
    exposure.with_switch[id] = *std::move(on);
  }

  v1::BlastRadius radius =
      Describe(evaluator, exposure, std::string(role_id), std::nullopt, options);
  radius.set_subject_kind("role");
  radius.set_subject_active(true);
  // The simulated user is no real user, so violations name the role.
  for (v1::SodViolation& violation : *radius.mutable_sod_violations()) {
    violation.set_user("");
  }
  return radius;
}

absl::StatusOr<v1::BlastRadius> UserBlastRadius(const Evaluator& evaluator,
                                                absl::string_view user_id,
                                                const BlastRadiusOptions& options) {
  const std::optional<UserIndex> user = evaluator.policy().FindUser(user_id);
  if (!user.has_value()) {
    return absl::NotFoundError(absl::StrCat("user \"", user_id, "\" not found"));
  }

  Exposure exposure;
  exposure.now = UserHoldings(evaluator, *user);
  if (absl::Status status = CreateSwitchEvaluators(evaluator, exposure); !status.ok()) {
    return status;
  }
  for (SwitchIndex id = 0; id < exposure.switch_on.size(); ++id) {
    if (exposure.switch_on[id] == nullptr) continue;
    exposure.with_switch[id] = UserHoldings(*exposure.switch_on[id], *user);
  }

  v1::BlastRadius radius =
      Describe(evaluator, exposure, std::string(user_id), user, options);
  radius.set_subject_kind("user");
  radius.set_subject_active(evaluator.IsUserActive(*user));
  return radius;
}

v1::BlastRadius RankRoles(const Evaluator& evaluator, int top) {
  v1::BlastRadius radius;
  *radius.mutable_context() = evaluator.ContextInfo();
  const std::vector<IncidentCoverage> coverages =
      analysis::CoverIncidentTypes(evaluator.policy());
  const analysis::RoleGrants grants = analysis::CollectRoleGrants(evaluator);
  for (v1::RoleRisk& risk :
       analysis::RankRolesByBlastRadius(evaluator, grants, coverages, top)) {
    *radius.add_ranking() = std::move(risk);
  }
  return radius;
}

}  // namespace rolegraph
