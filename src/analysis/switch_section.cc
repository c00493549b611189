// What changes when a switch turns on: who gains which privileges, which
// incident types nobody new would reach, and the responders per incident
// type.
#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/report_sections.h"
#include "engine/context_state.h"

namespace rolegraph::analysis {
namespace {

// The current context with one switch forced to `value`; an earlier
// override of the same switch is replaced.
EvaluationContext WithSwitch(const EvaluationContext& current,
                             const std::string& switch_id, bool value) {
  EvaluationContext context = current;
  std::erase_if(context.switch_overrides, [&](const auto& entry) {
    return entry.first == switch_id;
  });
  context.switch_overrides.emplace_back(switch_id, value);
  return context;
}

Roaring GainedForAny(const SwitchComparison& comparison,
                     const std::vector<PrivilegeIndex>& privileges) {
  Roaring users;
  for (PrivilegeIndex privilege : privileges) {
    users |= comparison.gained[privilege];
  }
  return users;
}

// For each privilege, the users among `users` who hold it in `after` but
// not in `before`, evaluated on up to `workers` threads.
std::vector<Roaring> GainsOf(const Evaluator& before, const Evaluator& after,
                             const std::vector<UserIndex>& users, int workers) {
  workers = std::max(1, std::min<int>(workers, static_cast<int>(users.size() / 256) + 1));
  // (privilege, user) pairs per thread.
  std::vector<std::vector<std::pair<PrivilegeIndex, UserIndex>>> found(
      static_cast<size_t>(workers));
  auto scan = [&](int worker) {
    std::vector<PrivilegeIndex> gained;
    for (size_t i = static_cast<size_t>(worker); i < users.size();
         i += static_cast<size_t>(workers)) {
      const std::vector<PrivilegeIndex> was = before.EffectivePrivileges(users[i]);
      const std::vector<PrivilegeIndex> now = after.EffectivePrivileges(users[i]);
      gained.clear();
      std::set_difference(now.begin(), now.end(), was.begin(), was.end(),
                          std::back_inserter(gained));
      for (PrivilegeIndex p : gained) {
        found[static_cast<size_t>(worker)].emplace_back(p, users[i]);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) threads.emplace_back(scan, w);
  scan(0);
  for (std::thread& thread : threads) thread.join();

  std::vector<std::pair<PrivilegeIndex, UserIndex>> pairs;
  for (auto& part : found) pairs.insert(pairs.end(), part.begin(), part.end());
  std::sort(pairs.begin(), pairs.end());
  std::vector<Roaring> gained(before.policy().privilege_count());
  std::vector<UserIndex> holders;
  for (size_t i = 0; i < pairs.size();) {
    const PrivilegeIndex privilege = pairs[i].first;
    holders.clear();
    for (; i < pairs.size() && pairs[i].first == privilege; ++i) {
      holders.push_back(pairs[i].second);
    }
    gained[privilege] = Roaring(holders.size(), holders.data());
  }
  return gained;
}

}  // namespace

absl::StatusOr<SwitchComparison> CompareSwitch(const Evaluator& current,
                                               SwitchIndex id) {
  const Policy& policy = current.policy();
  const std::string& switch_id = policy.switch_id(id);
  // NOTE: Evaluator exposes its Policy only by reference, so the switch
  // evaluators get a non-owning pointer. They live inside
  // BuildIncidentReport, while `current` keeps the Policy alive.
  std::shared_ptr<const Policy> shared(std::shared_ptr<const Policy>(),
                                       &policy);

  SwitchComparison comparison;
  comparison.id = id;
  absl::StatusOr<std::unique_ptr<Evaluator>> on = Evaluator::Create(
      shared, WithSwitch(current.context(), switch_id, true));
  if (!on.ok()) return on.status();
  comparison.on = *std::move(on);

  comparison.baseline = &current;
  if (current.SwitchOn(id)) {
    absl::StatusOr<std::unique_ptr<Evaluator>> off = Evaluator::Create(
        shared, WithSwitch(current.context(), switch_id, false));
    if (!off.ok()) return off.status();
    comparison.forced_off = *std::move(off);
    comparison.baseline = comparison.forced_off.get();
  }

  // Only users who can reach a condition that reads the switch can gain,
  // so only they are evaluated again.
  internal::ContextDifference difference = internal::CompareContexts(
      comparison.baseline->context_state(), comparison.on->context_state());
  comparison.gained = GainsOf(*comparison.baseline, *comparison.on, difference.users,
                              comparison.baseline->context_state().workers);
  comparison.affected = std::move(difference.users);
  return comparison;
}

v1::SwitchResponders BuildResponders(const Evaluator& evaluator,
                                     const SwitchComparison& comparison,
                                     const IncidentCoverage& coverage,
                                     int min_responders) {
  const Policy& policy = evaluator.policy();
  Roaring users = GainedForAny(comparison, coverage.privileges);

  v1::SwitchResponders responders;
  responders.set_switch_id(policy.switch_id(comparison.id));
  for (std::string& user : UserIds(policy, users)) {
    responders.add_users(std::move(user));
  }
  responders.set_count(static_cast<int64_t>(users.cardinality()));
  responders.set_below_minimum(responders.count() < min_responders);
  return responders;
}

v1::SwitchReport BuildSwitchSection(
    const Evaluator& evaluator, const SwitchComparison& comparison,
    const std::vector<IncidentCoverage>& coverages) {
  const Policy& policy = evaluator.policy();
  const v1::Switch& config = policy.switch_config(comparison.id);

  v1::SwitchReport section;
  section.set_switch_id(config.id());
  section.set_description(config.description());
  section.set_on(evaluator.SwitchOn(comparison.id));
  if (config.has_expires_at()) {
    *section.mutable_expires_at() = config.expires_at();
  }

  // Privileges per gaining user; the ordered map and increasing privilege
  // indexes keep both sorted by id.
  std::map<UserIndex, std::vector<PrivilegeIndex>> gains;
  for (PrivilegeIndex privilege = 0; privilege < policy.privilege_count();
       ++privilege) {
    for (UserIndex user : comparison.gained[privilege]) {
      gains[user].push_back(privilege);
    }
  }
  for (const auto& [user, privileges] : gains) {
    v1::UserGain* gain = section.add_gains();
    gain->set_user(std::string(policy.user_id(user)));
    for (PrivilegeIndex privilege : privileges) {
      gain->add_privileges(policy.privilege_id(privilege));
    }
  }
  section.set_users_gaining(static_cast<int64_t>(gains.size()));

  for (const IncidentCoverage& coverage : coverages) {
    if (GainedForAny(comparison, coverage.privileges).isEmpty()) {
      section.add_uncovered_incident_types(coverage.type->id());
    }
  }
  return section;
}

std::vector<std::string> UserIds(const Policy& policy, const Roaring& users) {
  std::vector<std::string> ids;
  ids.reserve(users.cardinality());
  for (UserIndex user : users) ids.emplace_back(policy.user_id(user));
  return ids;
}

}  // namespace rolegraph::analysis
