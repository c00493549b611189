// The synthetic-organisation generator. Each step draws from its own random
// stream derived from the seed, so changing one step leaves the others'
// output unchanged.
#include "org_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rolegraph/import.h"

namespace rolegraph::bench {
namespace {

constexpr int64_t kReferenceUnixSeconds = 1780272000;  // 2026-06-01T00:00:00Z
constexpr int64_t kDaySeconds = 86400;
constexpr uint32_t kActionsPerResource = 8;
constexpr uint32_t kDepartments = 20;
constexpr int kLevels = 6;

// SplitMix64: small, fast and identical on every platform, unlike the
// standard distributions, whose output the standard leaves to the library.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream)
      : state_(seed * 0x9E3779B97F4A7C15ULL + stream * 0xD1B54A32D192ED03ULL) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // A value in [0, n). The bias of the multiply-shift reduction is below
  // 2^-32 and does not matter here.
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * n) >> 32);
  }

  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

// Draws ranks 0 .. n-1 with probability proportional to 1 / (rank + 1)^s.
class ZipfSampler {
 public:
  ZipfSampler(uint32_t n, double exponent) : cdf_(n) {
    double sum = 0;
    for (uint32_t i = 0; i < n; ++i) {
      sum += 1.0 / std::pow(static_cast<double>(i + 1), exponent);
      cdf_[i] = sum;
    }
  }

  uint32_t Sample(Rng& rng) const {
    const double x = rng.Unit() * cdf_.back();
    auto it = std::upper_bound(cdf_.begin(), cdf_.end(), x);
    if (it == cdf_.end()) --it;
    return static_cast<uint32_t>(it - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

// Random streams, one per generation step.
enum Stream : uint64_t {
  kPrivilegeStream = 1,
  kRoleInducementStream,
  kPrivilegeInducementStream,
  kMetaRoleStream,
  kConditionStream,
  kUserStream,
  kIncidentStream,
  kExclusionStream,
  kHubStream,
};

// The positions of each level's roles in Model.roles. Levels 0 .. 5 are
// business (0), application (1, 2) and technical (3 .. 5) roles, and the
// meta-roles follow.
struct RoleLayout {
  std::array<uint32_t, kLevels + 1> level_begin{};
  uint32_t meta_begin = 0;
  uint32_t meta_end = 0;

  uint32_t LevelSize(int level) const {
    return level_begin[level + 1] - level_begin[level];
  }
};

google::protobuf::Timestamp TimestampAt(int64_t unix_seconds) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(unix_seconds);
  return timestamp;
}

std::string PrivilegeId(uint32_t index) {
  return absl::StrCat("res", index / kActionsPerResource, ":act",
                      index % kActionsPerResource);
}

// 5% critical, 15% high, 35% medium, the rest low.
v1::Sensitivity DrawSensitivity(Rng& rng) {
  const double x = rng.Unit();
  if (x < 0.05) return v1::SENSITIVITY_CRITICAL;
  if (x < 0.20) return v1::SENSITIVITY_HIGH;
  if (x < 0.55) return v1::SENSITIVITY_MEDIUM;
  return v1::SENSITIVITY_LOW;
}

void AddPrivileges(uint32_t count, uint64_t seed, v1::Model& model) {
  Rng rng(seed, kPrivilegeStream);
  model.mutable_privileges()->Reserve(static_cast<int>(count));
  for (uint32_t i = 0; i < count; ++i) {
    v1::Privilege* privilege = model.add_privileges();
    privilege->set_id(PrivilegeId(i));
    privilege->set_resource(absl::StrCat("res", i / kActionsPerResource));
    privilege->set_action(absl::StrCat("act", i % kActionsPerResource));
    // The first privilege is critical so that every model has one.
    privilege->set_sensitivity(i == 0 ? v1::SENSITIVITY_CRITICAL
                                      : DrawSensitivity(rng));
  }
}

// Splits the roles into levels of 20, 15, 15, 20, 15 and 15 percent after
// setting 5% aside as meta-roles. Models get at least seven roles.
RoleLayout PlanRoles(uint32_t roles) {
  roles = std::max<uint32_t>(roles, kLevels + 1);
  const uint32_t meta = std::max<uint32_t>(1, roles / 20);
  const uint32_t rest = roles - meta;
  constexpr std::array<uint32_t, kLevels> kPercent = {20, 15, 15, 20, 15, 15};

  RoleLayout layout;
  uint32_t next = 0;
  for (int level = 0; level < kLevels; ++level) {
    layout.level_begin[level] = next;
    uint32_t size = std::max<uint32_t>(1, rest * kPercent[level] / 100);
    if (level == kLevels - 1) size = rest - next;
    next += size;
  }
  layout.level_begin[kLevels] = next;
  layout.meta_begin = next;
  layout.meta_end = roles;
  return layout;
}

void AddRoles(const RoleLayout& layout, v1::Model& model) {
  model.mutable_roles()->Reserve(static_cast<int>(layout.meta_end));
  std::array<uint32_t, 4> next_number{};  // biz, app, tech, meta
  for (uint32_t r = 0; r < layout.meta_end; ++r) {
    v1::Role* role = model.add_roles();
    int kind_slot = 3;
    if (r < layout.level_begin[1]) {
      kind_slot = 0;
      role->set_kind(v1::ROLE_KIND_BUSINESS);
    } else if (r < layout.level_begin[3]) {
      kind_slot = 1;
      role->set_kind(v1::ROLE_KIND_APPLICATION);
    } else if (r < layout.meta_begin) {
      kind_slot = 2;
      role->set_kind(v1::ROLE_KIND_TECHNICAL);
    } else {
      role->set_kind(v1::ROLE_KIND_META);
    }
    constexpr std::array<absl::string_view, 4> kPrefix = {"biz", "app", "tech",
                                                         "meta"};
    role->set_id(absl::StrCat(kPrefix[kind_slot], next_number[kind_slot]++));
  }
}

bool Contains(const std::vector<uint32_t>& values, uint32_t value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Order-1 role inducements down the levels. Business roles induce two to
// four roles, application roles one or two, and 60% of the technical roles
// above the last level one or two more. A target sits one level down (70%)
// or two (30%), and within a level popular roles follow a power law.
void AddRoleInducements(const RoleLayout& layout, uint64_t seed,
                        v1::Model& model) {
  Rng rng(seed, kRoleInducementStream);
  std::vector<ZipfSampler> samplers;
  for (int level = 0; level < kLevels; ++level) {
    samplers.emplace_back(layout.LevelSize(level), 1.0);
  }

  for (int level = 0; level + 1 < kLevels; ++level) {
    for (uint32_t r = layout.level_begin[level];
         r < layout.level_begin[level + 1]; ++r) {
      uint32_t count = 0;
      if (level == 0) {
        count = 2 + rng.Below(3);
      } else if (level < 3 || rng.Chance(0.6)) {
        count = 1 + rng.Below(2);
      }

      std::vector<uint32_t> targets;
      for (uint32_t i = 0; i < count; ++i) {
        int target_level = level + 1;
        if (level + 2 < kLevels && rng.Chance(0.3)) target_level = level + 2;
        const uint32_t target = layout.level_begin[target_level] +
                                samplers[target_level].Sample(rng);
        if (Contains(targets, target)) continue;
        targets.push_back(target);
        model.mutable_roles(static_cast<int>(r))
            ->add_inducements()
            ->set_role(model.roles(static_cast<int>(target)).id());
      }
    }
  }
}

// Technical roles induce privileges: every privilege is granted by at least
// one technical role, and each technical role gets zero to two more.
void AddPrivilegeInducements(const RoleLayout& layout, uint32_t privileges,
                             uint64_t seed, v1::Model& model) {
  Rng rng(seed, kPrivilegeInducementStream);
  const uint32_t first = layout.level_begin[3];
  const uint32_t technical = layout.meta_begin - first;

  for (uint32_t p = 0; p < privileges; ++p) {
    const uint32_t role = first + (p % technical);
    model.mutable_roles(static_cast<int>(role))
        ->add_inducements()
        ->set_privilege(model.privileges(static_cast<int>(p)).id());
  }
  for (uint32_t role = first; role < layout.meta_begin; ++role) {
    const uint32_t extra = rng.Below(3);
    for (uint32_t i = 0; i < extra; ++i) {
      model.mutable_roles(static_cast<int>(role))
          ->add_inducements()
          ->set_privilege(model.privileges(static_cast<int>(rng.Below(privileges))).id());
    }
  }
}

// Meta-roles carry one to three order-2 inducements, each to a privilege or
// a technical role. 20% of them also induce a later meta-role at order 1,
// which passes its order-2 content along. A quarter of the business roles are
// assigned a meta-role.
void AddMetaRoles(const RoleLayout& layout, uint32_t privileges, uint64_t seed,
                  v1::Model& model) {
  Rng rng(seed, kMetaRoleStream);
  const uint32_t meta_count = layout.meta_end - layout.meta_begin;
  const uint32_t technical = layout.meta_begin - layout.level_begin[3];

  for (uint32_t m = layout.meta_begin; m < layout.meta_end; ++m) {
    v1::Role* meta = model.mutable_roles(static_cast<int>(m));
    const uint32_t count = 1 + rng.Below(3);
    for (uint32_t i = 0; i < count; ++i) {
      v1::Inducement* inducement = meta->add_inducements();
      inducement->set_order(2);
      if (rng.Chance(0.5)) {
        inducement->set_privilege(
            model.privileges(static_cast<int>(rng.Below(privileges))).id());
      } else {
        const uint32_t target = layout.level_begin[3] + rng.Below(technical);
        inducement->set_role(model.roles(static_cast<int>(target)).id());
      }
    }
    if (m + 1 < layout.meta_end && rng.Chance(0.2)) {
      const uint32_t later = m + 1 + rng.Below(layout.meta_end - m - 1);
      meta->add_inducements()->set_role(model.roles(static_cast<int>(later)).id());
    }
  }

  for (uint32_t r = layout.level_begin[0]; r < layout.level_begin[1]; ++r) {
    if (!rng.Chance(0.25)) continue;
    const uint32_t meta = layout.meta_begin + rng.Below(meta_count);
    model.mutable_roles(static_cast<int>(r))
        ->add_assignments()
        ->set_role(model.roles(static_cast<int>(meta)).id());
  }
}

size_t CountInducements(const v1::Model& model) {
  size_t count = 0;
  for (const v1::Role& role : model.roles()) count += role.inducements_size();
  return count;
}

// Adds emergency inducements gated by the incident switch: new inducements
// of high or critical privileges on the business roles of incident
// responders. These are one business role in fifty, drawn from the less
// popular half, because responder teams are small. Then puts a department
// condition on as many existing role inducements of business and
// first-level application roles. Each kind is 1% of the inducements.
void AddConditions(const RoleLayout& layout, uint64_t seed, v1::Model& model) {
  Rng rng(seed, kConditionStream);
  const size_t per_kind =
      std::max<size_t>(1, (CountInducements(model) + 50) / 100);

  std::vector<int> sensitive;
  for (int p = 0; p < model.privileges_size(); ++p) {
    if (model.privileges(p).sensitivity() >= v1::SENSITIVITY_HIGH) {
      sensitive.push_back(p);
    }
  }

  std::vector<std::pair<int, int>> candidates;  // (role, inducement)
  for (uint32_t r = 0; r < layout.level_begin[2]; ++r) {
    const v1::Role& role = model.roles(static_cast<int>(r));
    for (int i = 0; i < role.inducements_size(); ++i) {
      if (role.inducements(i).has_role()) candidates.emplace_back(r, i);
    }
  }

  std::vector<uint32_t> responder_roles;
  const uint32_t business = layout.LevelSize(0);
  const uint32_t popular = business / 2;
  for (uint32_t i = 0; i < std::max<uint32_t>(1, business / 50); ++i) {
    responder_roles.push_back(layout.level_begin[0] + popular +
                              rng.Below(business - popular));
  }

  const std::string switch_expression = absl::StrCat("switches.", kIncidentSwitch);
  for (size_t k = 0; k < per_kind; ++k) {
    const uint32_t role = responder_roles[k % responder_roles.size()];
    const int privilege =
        sensitive[rng.Below(static_cast<uint32_t>(sensitive.size()))];
    v1::Inducement* inducement =
        model.mutable_roles(static_cast<int>(role))->add_inducements();
    inducement->set_privilege(model.privileges(privilege).id());
    inducement->mutable_condition()->set_expression(switch_expression);
    inducement->set_description("Emergency access for incident responders");
  }

  // A partial Fisher-Yates shuffle picks distinct inducements.
  const size_t department_count = std::min(per_kind, candidates.size());
  for (size_t k = 0; k < department_count; ++k) {
    const size_t pick =
        k + rng.Below(static_cast<uint32_t>(candidates.size() - k));
    std::swap(candidates[k], candidates[pick]);
    const auto [role, index] = candidates[k];
    model.mutable_roles(role)
        ->mutable_inducements(index)
        ->mutable_condition()
        ->set_expression(absl::StrCat("user.attributes[\"department\"] == \"d",
                                      rng.Below(kDepartments), "\""));
  }
}

// A validity window around the reference time: 60% current, 20% ended and
// 20% not yet started.
void SetValidityWindow(Rng& rng, v1::Activation& activation) {
  const double x = rng.Unit();
  int64_t from_days = -180;
  int64_t to_days = 180;
  if (x < 0.2) {
    from_days = -400;
    to_days = -30;
  } else if (x < 0.4) {
    from_days = 30;
    to_days = 400;
  }
  *activation.mutable_valid_from() =
      TimestampAt(kReferenceUnixSeconds + from_days * kDaySeconds);
  *activation.mutable_valid_to() =
      TimestampAt(kReferenceUnixSeconds + to_days * kDaySeconds);
}

// 96% member, 2% manager, 1% owner and 1% approver.
v1::Relation DrawRelation(Rng& rng) {
  const double x = rng.Unit();
  if (x < 0.96) return v1::RELATION_MEMBER;
  if (x < 0.98) return v1::RELATION_MANAGER;
  if (x < 0.99) return v1::RELATION_OWNER;
  return v1::RELATION_APPROVER;
}

// Users get one to 2 * assignments_per_user - 1 assignments: 85% to
// business roles drawn by a power law, the rest to any lower-level role.
void AddUsers(const OrgOptions& options, const RoleLayout& layout,
              v1::Model& model) {
  Rng rng(options.seed, kUserStream);
  const ZipfSampler business(layout.LevelSize(0), 1.0);
  const ZipfSampler departments(kDepartments, 0.7);
  const uint32_t lower_roles = layout.meta_begin - layout.level_begin[1];
  const uint32_t max_assignments = std::max<uint32_t>(
      1, static_cast<uint32_t>(std::lround(2 * options.assignments_per_user - 1)));

  model.mutable_users()->Reserve(static_cast<int>(options.users));
  std::vector<uint32_t> chosen;
  for (uint32_t u = 0; u < options.users; ++u) {
    v1::User* user = model.add_users();
    user->set_id(absl::StrCat("user", u));
    (*user->mutable_attributes())["department"] =
        absl::StrCat("d", departments.Sample(rng));
    if (rng.Chance(0.01)) {
      user->mutable_activation()->set_administrative_status(
          v1::ADMINISTRATIVE_STATUS_DISABLED);
    }

    chosen.clear();
    const uint32_t count = 1 + rng.Below(max_assignments);
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t role =
          rng.Chance(0.85) ? business.Sample(rng)
                           : layout.level_begin[1] + rng.Below(lower_roles);
      if (Contains(chosen, role)) continue;
      chosen.push_back(role);

      v1::Assignment* assignment = user->add_assignments();
      assignment->set_role(model.roles(static_cast<int>(role)).id());
      assignment->set_relation(DrawRelation(rng));
      if (rng.Chance(0.05)) SetValidityWindow(rng, *assignment->mutable_activation());
    }
  }
}

// Adds the business role "hub", inducing three application roles, and
// assigns it to the first `members` users.
void AddHubRole(const RoleLayout& layout, uint32_t members, uint64_t seed,
                v1::Model& model) {
  Rng rng(seed, kHubStream);
  v1::Role* hub = model.add_roles();
  hub->set_id("hub");
  hub->set_kind(v1::ROLE_KIND_BUSINESS);
  hub->set_display_name("All employees");
  for (int i = 0; i < 3; ++i) {
    const uint32_t target = layout.level_begin[1] + rng.Below(layout.LevelSize(1));
    hub->add_inducements()->set_role(model.roles(static_cast<int>(target)).id());
  }

  const int limit = std::min(static_cast<int>(members), model.users_size());
  for (int u = 0; u < limit; ++u) {
    model.mutable_users(u)->add_assignments()->set_role("hub");
  }
}

void AddSwitch(v1::Model& model) {
  v1::Switch* incident = model.add_switches();
  incident->set_id(std::string(kIncidentSwitch));
  incident->set_description("Grants incident responders their emergency access");
}

// Incident types over one to three resources; 40% count only high and
// critical privileges, and 20% also list two privileges by id.
void AddIncidentTypes(uint32_t count, uint64_t seed, v1::Model& model) {
  Rng rng(seed, kIncidentStream);
  const uint32_t privileges = static_cast<uint32_t>(model.privileges_size());
  const uint32_t resources = (privileges + kActionsPerResource - 1) / kActionsPerResource;

  for (uint32_t i = 0; i < count; ++i) {
    v1::IncidentType* incident = model.add_incident_types();
    incident->set_id(absl::StrCat("incident", i));
    const uint32_t resource_count = 1 + rng.Below(3);
    for (uint32_t k = 0; k < resource_count; ++k) {
      incident->add_resources(absl::StrCat("res", rng.Below(resources)));
    }
    incident->set_name(absl::StrCat("Compromise of ",
                                    absl::StrJoin(incident->resources(), ", ")));
    if (rng.Chance(0.4)) incident->set_min_sensitivity(v1::SENSITIVITY_HIGH);
    if (rng.Chance(0.2)) {
      for (int k = 0; k < 2; ++k) {
        incident->add_privileges(
            model.privileges(static_cast<int>(rng.Below(privileges))).id());
      }
    }
  }
}

// Segregation-of-duties rules over pairs of popular business roles, so that
// some users violate them.
void AddExclusions(const RoleLayout& layout, uint64_t seed, v1::Model& model) {
  Rng rng(seed, kExclusionStream);
  const uint32_t business = layout.LevelSize(0);
  const uint32_t count = std::min<uint32_t>(10, business / 2);
  const uint32_t pool = std::min<uint32_t>(business, 20);

  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t first = rng.Below(pool);
    uint32_t second = rng.Below(pool);
    if (second == first) second = (first + 1) % pool;
    v1::ExclusionRule* rule = model.add_exclusions();
    rule->set_id(absl::StrCat("sod", i));
    rule->add_roles(model.roles(static_cast<int>(first)).id());
    rule->add_roles(model.roles(static_cast<int>(second)).id());
  }
}

}  // namespace

absl::Time ReferenceTime() { return absl::FromUnixSeconds(kReferenceUnixSeconds); }

v1::Model GenerateOrganisation(const OrgOptions& options) {
  v1::Model model;
  model.set_name(options.name);
  const uint32_t privileges = std::max<uint32_t>(1, options.privileges);
  AddPrivileges(privileges, options.seed, model);

  const RoleLayout layout = PlanRoles(options.roles);
  AddRoles(layout, model);
  AddRoleInducements(layout, options.seed, model);
  AddPrivilegeInducements(layout, privileges, options.seed, model);
  AddMetaRoles(layout, privileges, options.seed, model);
  AddConditions(layout, options.seed, model);

  AddUsers(options, layout, model);
  if (options.hub_members > 0) {
    AddHubRole(layout, options.hub_members, options.seed, model);
  }

  AddSwitch(model);
  AddIncidentTypes(options.incident_types, options.seed, model);
  AddExclusions(layout, options.seed, model);
  return model;
}

v1::Model GenerateChain(uint32_t length, uint32_t users, uint64_t seed) {
  v1::Model model;
  model.set_name(absl::StrCat("chain-", length));
  length = std::max<uint32_t>(length, 1);
  AddPrivileges(length + 1, seed, model);

  for (uint32_t r = 0; r < length; ++r) {
    v1::Role* role = model.add_roles();
    role->set_id(absl::StrCat("chain", r));
    role->set_kind(r == 0 ? v1::ROLE_KIND_BUSINESS : v1::ROLE_KIND_TECHNICAL);
    role->add_inducements()->set_privilege(model.privileges(static_cast<int>(r)).id());
    if (r + 1 < length) {
      role->add_inducements()->set_role(absl::StrCat("chain", r + 1));
    }
  }

  // The last privilege is the emergency one, granted by the head.
  v1::Inducement* emergency = model.mutable_roles(0)->add_inducements();
  emergency->set_privilege(model.privileges(static_cast<int>(length)).id());
  emergency->mutable_condition()->set_expression(
      absl::StrCat("switches.", kIncidentSwitch));

  Rng rng(seed, kUserStream);
  for (uint32_t u = 0; u < users; ++u) {
    v1::User* user = model.add_users();
    user->set_id(absl::StrCat("user", u));
    (*user->mutable_attributes())["department"] =
        absl::StrCat("d", rng.Below(kDepartments));
    user->add_assignments()->set_role("chain0");
  }

  AddSwitch(model);
  AddIncidentTypes(3, seed, model);
  return model;
}

const std::vector<ShapeInfo>& Shapes() {
  static const auto* shapes = new std::vector<ShapeInfo>{
      {"casbin-small", "1,000 users, 100 roles, 800 privileges"},
      {"casbin-medium", "10,000 users, 1,000 roles, 8,000 privileges"},
      {"casbin-large", "100,000 users, 10,000 roles, 80,000 privileges"},
      {"enterprise-100k",
       "100,000 users, 5,000 roles, 50,000 privileges, 4 assignments per user"},
      {"enterprise-1m",
       "1,000,000 users, 10,000 roles, 100,000 privileges, 4 assignments per "
       "user, 50 incident types"},
      {"chain-10", "10,000 users assigned the head of a 10-role chain"},
      {"chain-25", "10,000 users assigned the head of a 25-role chain"},
      {"chain-50", "10,000 users assigned the head of a 50-role chain"},
      {"hub-100k",
       "100,000 users, 1,000 roles, one role with 100,000 members"},
      {"hp-americas-large",
       "HP Labs americas_large user-permission data with its optimal role cover"},
  };
  return *shapes;
}

std::string HpDataDirectory() {
  if (const char* directory = std::getenv("ROLEGRAPH_HP_DATA_DIR")) {
    return directory;
  }
  // CMake compiles with absolute source paths, so __FILE__ locates the
  // source tree.
  const std::filesystem::path source_dir =
      std::filesystem::path(__FILE__).parent_path().parent_path();
  return (source_dir / ".." / "shared" / "data" / "hp_rolemining").string();
}

namespace {

absl::StatusOr<v1::Model> ImportHpAmericasLarge() {
  const std::filesystem::path directory = HpDataDirectory();
  UpaImportOptions options;
  options.upa_path = (directory / "americas_large.txt").string();
  options.roles_path =
      (directory / "decompositions" / "americas_large_optimal_cover.txt").string();
  options.model_name = "hp-americas-large";
  for (const std::string& path : {options.upa_path, options.roles_path}) {
    if (!std::filesystem::exists(path)) {
      return absl::NotFoundError(absl::StrCat(
          "HP role-mining file not found: ", path,
          "; set ROLEGRAPH_HP_DATA_DIR to the directory holding americas_large.txt"));
    }
  }

  absl::StatusOr<v1::Model> model = ImportUpa(options);
  if (!model.ok()) return model.status();

  // The data carry no incident types, so five types of 20 privileges each
  // give the report some work.
  Rng rng(1, kIncidentStream);
  const uint32_t privileges = static_cast<uint32_t>(model->privileges_size());
  for (int i = 0; i < 5 && privileges > 0; ++i) {
    v1::IncidentType* incident = model->add_incident_types();
    incident->set_id(absl::StrCat("incident", i));
    incident->set_name(absl::StrCat("Compromise of privilege group ", i));
    for (int k = 0; k < 20; ++k) {
      incident->add_privileges(
          model->privileges(static_cast<int>(rng.Below(privileges))).id());
    }
  }
  return model;
}

}  // namespace

absl::StatusOr<v1::Model> BuildShape(absl::string_view name) {
  auto organisation = [&](OrgOptions options) {
    options.name = std::string(name);
    return GenerateOrganisation(options);
  };

  if (name == "casbin-small") {
    return organisation({.users = 1000, .roles = 100, .privileges = 800});
  }
  if (name == "casbin-medium") {
    return organisation({.users = 10000, .roles = 1000, .privileges = 8000});
  }
  if (name == "casbin-large") {
    return organisation({.users = 100000, .roles = 10000, .privileges = 80000});
  }
  if (name == "enterprise-100k") {
    return organisation({.users = 100000,
                         .roles = 5000,
                         .privileges = 50000,
                         .assignments_per_user = 4,
                         .incident_types = 20});
  }
  if (name == "enterprise-1m") {
    return organisation({.users = 1000000,
                         .roles = 10000,
                         .privileges = 100000,
                         .assignments_per_user = 4,
                         .incident_types = 50});
  }
  if (name == "chain-10") return GenerateChain(10, 10000, 1);
  if (name == "chain-25") return GenerateChain(25, 10000, 1);
  if (name == "chain-50") return GenerateChain(50, 10000, 1);
  if (name == "hub-100k") {
    return organisation({.users = 100000,
                         .roles = 1000,
                         .privileges = 8000,
                         .hub_members = 100000});
  }
  if (name == "hp-americas-large") return ImportHpAmericasLarge();

  std::vector<std::string> known;
  for (const ShapeInfo& shape : Shapes()) known.push_back(shape.name);
  return absl::NotFoundError(absl::StrCat("unknown shape \"", name,
                                          "\"; known shapes: ",
                                          absl::StrJoin(known, ", ")));
}

}  // namespace rolegraph::bench
