// Differential tests: the fast evaluator against the reference evaluator on
// random models, for every user and privilege, in several contexts.
//
// Set ROLEGRAPH_SEED=N to run only seed N (in the SeedFromEnvironment test).
// ROLEGRAPH_DIFFERENTIAL_SEEDS=N checks N seeds instead of the default
// 2,000, starting at seed 1 or at ROLEGRAPH_DIFFERENTIAL_FIRST_SEED. The
// seeds are split evenly over the SeedBlocks test cases.
// A failure prints the seed, the context, the mismatches, a shrunk model that
// still disagrees and the generated model, both in text format.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "random_model.h"
#include "reference_evaluator.h"
#include "shrink_model.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

namespace rolegraph::test {
namespace {

constexpr int kDefaultSeeds = 2000;
constexpr int kBlocks = 20;
// Failures print the first mismatches of a context only.
constexpr size_t kMaxMismatchesShown = 20;

std::string Describe(const std::set<std::string>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ", "), "}");
}

const char* Describe(bool value) { return value ? "true" : "false"; }

std::string Describe(const ReferenceContext& context) {
  std::vector<std::string> overrides;
  for (const auto& [id, value] : context.switch_overrides) {
    overrides.push_back(absl::StrCat(id, "=", value ? "on" : "off"));
  }
  return absl::StrCat(
      "at ", absl::FormatTime(absl::RFC3339_full, context.now, absl::UTCTimeZone()),
      ", ", context.development ? "development" : "production", ", overrides {",
      absl::StrJoin(overrides, ", "), "}");
}

// Forces some of the model's switches on or off, chosen by bits of
// `pattern` so that every combination occurs over the seeds.
void ForceSwitches(const v1::Model& model, int pattern, ReferenceContext& context) {
  for (int i = 0; i < model.switches_size(); ++i) {
    int choice = (pattern >> (2 * i)) % 3;
    if (choice == 0) continue;
    context.switch_overrides[model.switches(i).id()] = choice == 1;
  }
}

// Three contexts per seed: production at kRandomModelNow with the model's
// switches, then development and production again, each at or one step
// beside kRandomModelNow and with some switches forced on or off.
std::vector<ReferenceContext> ContextsForSeed(int seed, const v1::Model& model) {
  const absl::Duration shifts[] = {absl::ZeroDuration(), absl::Nanoseconds(1),
                                   -absl::Nanoseconds(1), absl::Seconds(1)};
  std::vector<ReferenceContext> contexts(3);
  contexts[0].now = kRandomModelNow;

  contexts[1].now = kRandomModelNow + shifts[seed % 4];
  contexts[1].development = true;
  ForceSwitches(model, seed, contexts[1]);

  contexts[2].now = kRandomModelNow + shifts[(seed / 4) % 4];
  ForceSwitches(model, seed / 3, contexts[2]);
  return contexts;
}

EvaluationContext ToEvaluationContext(const ReferenceContext& context) {
  EvaluationContext result;
  result.now = context.now;
  result.configuration = context.development ? Configuration::kDevelopment
                                             : Configuration::kProduction;
  for (const auto& [id, value] : context.switch_overrides) {
    result.switch_overrides.push_back({id, value});
  }
  return result;
}

std::set<std::string> PrivilegeIds(const Policy& policy,
                                   const std::vector<PrivilegeIndex>& indexes) {
  std::set<std::string> ids;
  for (PrivilegeIndex index : indexes) ids.insert(policy.privilege_id(index));
  return ids;
}

std::set<std::string> RoleIds(const Policy& policy,
                              const std::vector<RoleIndex>& indexes) {
  std::set<std::string> ids;
  for (RoleIndex index : indexes) ids.insert(policy.role_id(index));
  return ids;
}

std::set<std::string> UserIds(const Policy& policy, const Roaring& users) {
  std::set<std::string> ids;
  for (auto it = users.begin(); it != users.end(); ++it) {
    ids.insert(std::string(policy.user_id(*it)));
  }
  return ids;
}

// Compares every result of `fast` with `reference`, and the fast results
// with each other. Returns one line per mismatch.
class Comparison {
 public:
  Comparison(const v1::Model& model, const Evaluator& fast,
             ReferenceEvaluator& reference)
      : model_(model), fast_(fast), policy_(fast.policy()), reference_(reference) {}

  std::vector<std::string> Run() {
    // The comparisons below look every model id up in the policy.
    if (!CompareIds()) return mismatches_;

    CompareSwitches();
    for (const v1::User& user : model_.users()) {
      CompareUser(user.id(), /*latent=*/false);
      CompareUser(user.id(), /*latent=*/true);
    }
    for (const v1::Privilege& privilege : model_.privileges()) {
      ComparePopulation(privilege.id());
    }
    for (const v1::Role& role : model_.roles()) CompareRole(role.id());
    return mismatches_;
  }

 private:
  void Report(std::string line) { mismatches_.push_back(std::move(line)); }

  // Reports each model id that the compiled policy does not find, and
  // returns whether it finds them all.
  bool CompareIds() {
    auto check = [&](bool found, const char* kind, const std::string& id) {
      if (!found) Report(absl::StrCat(kind, " ", id, " not found in the policy"));
    };
    for (const v1::User& user : model_.users()) {
      check(policy_.FindUser(user.id()).has_value(), "user", user.id());
    }
    for (const v1::Role& role : model_.roles()) {
      check(policy_.FindRole(role.id()).has_value(), "role", role.id());
    }
    for (const v1::Privilege& privilege : model_.privileges()) {
      check(policy_.FindPrivilege(privilege.id()).has_value(), "privilege",
            privilege.id());
    }
    for (const v1::Switch& config : model_.switches()) {
      check(policy_.FindSwitch(config.id()).has_value(), "switch", config.id());
    }
    return mismatches_.empty();
  }

  void CompareSwitches() {
    for (const v1::Switch& config : model_.switches()) {
      bool expected = reference_.SwitchOn(config.id());
      bool actual = fast_.SwitchOn(*policy_.FindSwitch(config.id()));
      if (expected != actual) {
        Report(absl::StrCat("SwitchOn(", config.id(), "): expected ",
                            Describe(expected), ", actual ", Describe(actual)));
      }
    }
  }

  void CompareUser(const std::string& user_id, bool latent) {
    UserIndex user = *policy_.FindUser(user_id);
    UserMode mode = latent ? UserMode::kLatent : UserMode::kEffective;
    std::string call_suffix = latent ? ", latent)" : ")";

    if (!latent && fast_.IsUserActive(user) != reference_.IsUserActive(user_id)) {
      Report(absl::StrCat("IsUserActive(", user_id, "): expected ",
                          Describe(reference_.IsUserActive(user_id)), ", actual ",
                          Describe(fast_.IsUserActive(user))));
    }

    std::set<std::string> expected_privileges =
        reference_.EffectivePrivileges(user_id, latent);
    std::set<std::string> actual_privileges =
        PrivilegeIds(policy_, fast_.EffectivePrivileges(user, mode));
    if (expected_privileges != actual_privileges) {
      Report(absl::StrCat("EffectivePrivileges(", user_id, call_suffix,
                          ": expected ", Describe(expected_privileges),
                          ", actual ", Describe(actual_privileges)));
    }

    std::set<std::string> expected_roles = reference_.EffectiveRoles(user_id, latent);
    std::set<std::string> actual_roles =
        RoleIds(policy_, fast_.EffectiveRoles(user, mode));
    if (expected_roles != actual_roles) {
      Report(absl::StrCat("EffectiveRoles(", user_id, call_suffix, ": expected ",
                          Describe(expected_roles), ", actual ",
                          Describe(actual_roles)));
    }

    for (const v1::Privilege& privilege : model_.privileges()) {
      PrivilegeIndex index = *policy_.FindPrivilege(privilege.id());
      bool expected = reference_.Check(user_id, privilege.id(), latent);
      bool actual = fast_.Check(user, index, mode);
      if (expected != actual) {
        Report(absl::StrCat("Check(", user_id, ", ", privilege.id(), call_suffix,
                            ": expected ", Describe(expected), ", actual ",
                            Describe(actual)));
      }
      if (actual != (actual_privileges.count(privilege.id()) > 0)) {
        Report(absl::StrCat("fast Check(", user_id, ", ", privilege.id(),
                            call_suffix, " is ", Describe(actual),
                            " but EffectivePrivileges disagrees"));
      }
    }
  }

  void ComparePopulation(const std::string& privilege_id) {
    PrivilegeIndex privilege = *policy_.FindPrivilege(privilege_id);

    std::set<std::string> expected_holders = reference_.WhoHas(privilege_id);
    std::set<std::string> actual_holders =
        UserIds(policy_, fast_.WhoHas(privilege));
    if (expected_holders != actual_holders) {
      Report(absl::StrCat("WhoHas(", privilege_id, "): expected ",
                          Describe(expected_holders), ", actual ",
                          Describe(actual_holders)));
    }

    std::set<std::string> expected_dormant = reference_.DormantHolders(privilege_id);
    std::set<std::string> actual_dormant =
        UserIds(policy_, fast_.DormantHolders(privilege));
    if (expected_dormant != actual_dormant) {
      Report(absl::StrCat("DormantHolders(", privilege_id, "): expected ",
                          Describe(expected_dormant), ", actual ",
                          Describe(actual_dormant)));
    }

    for (const v1::User& user : model_.users()) {
      UserIndex index = *policy_.FindUser(user.id());
      bool checked = fast_.Check(index, privilege);
      bool listed = actual_holders.count(user.id()) > 0;
      if (checked != listed) {
        Report(absl::StrCat("fast Check(", user.id(), ", ", privilege_id, ") is ",
                            Describe(checked), " but WhoHas ",
                            listed ? "lists" : "does not list", " the user"));
      }
    }
  }

  void CompareRole(const std::string& role_id) {
    RoleIndex role = *policy_.FindRole(role_id);

    std::set<std::string> expected_members = reference_.RoleMembers(role_id);
    std::set<std::string> actual_members = UserIds(policy_, fast_.RoleMembers(role));
    if (expected_members != actual_members) {
      Report(absl::StrCat("RoleMembers(", role_id, "): expected ",
                          Describe(expected_members), ", actual ",
                          Describe(actual_members)));
    }

    bool expected_user_dependent = false;
    std::set<std::string> expected_privileges =
        reference_.RolePrivileges(role_id, &expected_user_dependent);
    bool actual_user_dependent = false;
    std::set<std::string> actual_privileges =
        PrivilegeIds(policy_, fast_.RolePrivileges(role, &actual_user_dependent));
    if (expected_privileges != actual_privileges) {
      Report(absl::StrCat("RolePrivileges(", role_id, "): expected ",
                          Describe(expected_privileges), ", actual ",
                          Describe(actual_privileges)));
    }
    if (expected_user_dependent != actual_user_dependent) {
      Report(absl::StrCat("RolePrivileges(", role_id, ") user_dependent: expected ",
                          Describe(expected_user_dependent), ", actual ",
                          Describe(actual_user_dependent)));
    }
  }

  const v1::Model& model_;
  const Evaluator& fast_;
  const Policy& policy_;
  ReferenceEvaluator& reference_;
  std::vector<std::string> mismatches_;
};

std::string ModelText(const v1::Model& model) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(model, &text);
  return text;
}

// Compares both evaluators on the model in the context. Returns the
// mismatches, or an error when the model does not compile or the context
// does not resolve.
absl::StatusOr<std::vector<std::string>> FindMismatches(
    const v1::Model& model, const ReferenceContext& context) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(model);
  if (!policy.ok()) return policy.status();

  absl::StatusOr<std::unique_ptr<Evaluator>> fast =
      Evaluator::Create(*policy, ToEvaluationContext(context));
  if (!fast.ok()) return fast.status();

  ReferenceEvaluator reference(model, context);
  return Comparison(model, **fast, reference).Run();
}

std::string JoinMismatches(std::vector<std::string> mismatches) {
  if (mismatches.size() > kMaxMismatchesShown) {
    size_t hidden = mismatches.size() - kMaxMismatchesShown;
    mismatches.resize(kMaxMismatchesShown);
    mismatches.push_back(absl::StrCat("... and ", hidden, " more"));
  }
  return absl::StrCat("  ", absl::StrJoin(mismatches, "\n  "));
}

// Runs every comparison for one seed and adds a test failure per context
// that disagrees, with the generated model and a shrunk one that still
// disagrees.
void CheckSeed(int seed) {
  v1::Model model = GenerateRandomModel(seed);

  v1::ValidationResult validation = ValidateModel(model, model.name());
  ASSERT_EQ(validation.error_count(), 0)
      << "generated model of seed " << seed << " is invalid:\n"
      << validation.DebugString() << "\nmodel:\n" << ModelText(model);

  for (const ReferenceContext& context : ContextsForSeed(seed, model)) {
    absl::StatusOr<std::vector<std::string>> mismatches =
        FindMismatches(model, context);
    ASSERT_TRUE(mismatches.ok()) << "seed " << seed << ", " << Describe(context)
                                 << ": " << mismatches.status() << "\nmodel:\n"
                                 << ModelText(model);
    if (mismatches->empty()) continue;

    v1::Model shrunk = ShrinkModel(model, [&](const v1::Model& candidate) {
      absl::StatusOr<std::vector<std::string>> found =
          FindMismatches(candidate, context);
      return found.ok() && !found->empty();
    });
    ADD_FAILURE() << "seed " << seed << " (rerun with ROLEGRAPH_SEED=" << seed
                  << "), " << Describe(context) << ":\n"
                  << JoinMismatches(*mismatches) << "\nshrunk model:\n"
                  << ModelText(shrunk) << "mismatches of the shrunk model:\n"
                  << JoinMismatches(*FindMismatches(shrunk, context))
                  << "\ngenerated model:\n" << ModelText(model);
  }
}

class DifferentialTest : public ::testing::TestWithParam<int> {};

int EnvironmentInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoi(value);
}

TEST_P(DifferentialTest, FastMatchesReference) {
  const int seeds = EnvironmentInt("ROLEGRAPH_DIFFERENTIAL_SEEDS", kDefaultSeeds);
  const int seeds_per_block = (seeds + kBlocks - 1) / kBlocks;
  const int first_seed = EnvironmentInt("ROLEGRAPH_DIFFERENTIAL_FIRST_SEED", 1) +
                         GetParam() * seeds_per_block;
  const int end_seed = first_seed + std::min(seeds_per_block,
                                             seeds - GetParam() * seeds_per_block);
  for (int seed = first_seed; seed < end_seed; ++seed) {
    CheckSeed(seed);
    // Stop a block at its first failing seed so the output stays readable.
    if (::testing::Test::HasFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(SeedBlocks, DifferentialTest,
                         ::testing::Range(0, kBlocks));

TEST(DifferentialSingleSeedTest, SeedFromEnvironment) {
  const char* seed = std::getenv("ROLEGRAPH_SEED");
  if (seed == nullptr) GTEST_SKIP() << "set ROLEGRAPH_SEED to run one seed";
  CheckSeed(std::atoi(seed));
}

}  // namespace
}  // namespace rolegraph::test
