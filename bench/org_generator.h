// Synthetic organisations for the benchmarks.
//
// GenerateOrganisation builds a rolegraph::v1::Model with the shapes that
// real identity-governance deployments show: role sizes that follow a power
// law, business -> application -> technical role hierarchies three to six
// roles deep, meta-roles that carry order-2 inducements, a few conditional
// inducements, validity windows, disabled accounts and incident types. The
// output depends only on the options: the same seed gives the same model,
// and no wall-clock time is read.
//
//   rolegraph::bench::OrgOptions options{.users = 1000, .roles = 100};
//   rolegraph::v1::Model model = rolegraph::bench::GenerateOrganisation(options);
//   absl::StatusOr<rolegraph::v1::Model> shape =
//       rolegraph::bench::BuildShape("casbin-small");
#ifndef ROLEGRAPH_BENCH_ORG_GENERATOR_H_
#define ROLEGRAPH_BENCH_ORG_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph::bench {

// The instant that generated validity windows are placed around, and the
// `now` of every benchmark evaluation: 2026-06-01T00:00:00Z.
absl::Time ReferenceTime();

// The switch that emergency inducements read.
inline constexpr absl::string_view kIncidentSwitch = "incident_response";

struct OrgOptions {
  std::string name = "synthetic";
  uint32_t users = 1000;
  uint32_t roles = 100;
  // Privileges "resN:actM", eight actions per resource.
  uint32_t privileges = 500;
  // The mean number of assignments of each user. Every user gets at least one.
  double assignments_per_user = 3.0;
  uint64_t seed = 1;
  uint32_t incident_types = 5;
  // When non-zero, an extra business role "hub" is assigned to this many
  // users (the first ones) on top of their other assignments.
  uint32_t hub_members = 0;
};

// Builds an organisation. Role ids are "bizN" (business), "appN"
// (application), "techN" (technical) and "metaN" (meta-roles); users are
// "userN" with the attribute "department" set to "d0" .. "d19".
//
// About 1% of inducements grant a privilege only while the switch
// `incident_response` is on, and about 1% (role inducements of business and
// upper application roles) apply only to one department. About 5% of user
// assignments carry a validity window around ReferenceTime(), some already
// ended and some not yet started, and 1% of users are disabled.
v1::Model GenerateOrganisation(const OrgOptions& options);

// Builds a chain of `length` roles, "chain0" inducing "chain1" and so on,
// each granting one privilege. Every user is assigned "chain0".
v1::Model GenerateChain(uint32_t length, uint32_t users, uint64_t seed);

struct ShapeInfo {
  std::string name;
  std::string description;
};

// The named shapes, in the order the benchmarks run them.
const std::vector<ShapeInfo>& Shapes();

// Builds a named shape. Unknown names are NotFound listing the known ones.
// "hp-americas-large" imports the HP Labs role-mining data set and is
// NotFound when its files are absent.
absl::StatusOr<v1::Model> BuildShape(absl::string_view name);

// The directory that contains the HP role-mining data: the environment variable
// ROLEGRAPH_HP_DATA_DIR when set, otherwise
// "<source dir>/../shared/data/hp_rolemining".
std::string HpDataDirectory();

}  // namespace rolegraph::bench

#endif  // ROLEGRAPH_BENCH_ORG_GENERATOR_H_
