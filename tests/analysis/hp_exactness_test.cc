// Exactness of the evaluator on real role-mining data. Each HP Labs dataset is
// imported with a decomposition whose roles reproduce its user-permission
// pairs exactly. So every user's effective privileges, and every privilege's
// holders, must equal the pairs in the dataset file.
//
// HpExactness runs on the small datasets committed in tests/data/hp.
// HpSharedData runs on all nine datasets in the shared data folder beside
// the source tree and skips itself when that folder is absent.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/import.h"
#include "rolegraph/policy.h"

namespace rolegraph {
namespace {

// A dataset file read on its own, without the importer: permission numbers
// by user number and user numbers by permission number, both sorted.
struct RawUpa {
  std::map<uint32_t, std::vector<uint32_t>> permissions_by_user;
  std::map<uint32_t, std::vector<uint32_t>> users_by_permission;
  size_t pairs = 0;
};

// Reads whitespace-separated integer pairs with iostreams. Any token that is
// not an integer stops extraction before the end of the file, which the
// test reports as a failure.
std::optional<RawUpa> ReadRawUpa(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;

  RawUpa raw;
  uint64_t user = 0;
  uint64_t permission = 0;
  while (in >> user >> permission) {
    raw.permissions_by_user[user].push_back(permission);
    raw.users_by_permission[permission].push_back(user);
    ++raw.pairs;
  }
  if (!in.eof()) return std::nullopt;

  for (auto& [user_number, permissions] : raw.permissions_by_user) {
    std::sort(permissions.begin(), permissions.end());
  }
  for (auto& [permission_number, users] : raw.users_by_permission) {
    std::sort(users.begin(), users.end());
  }
  return raw;
}

// Collects the first few differences between two sorted index lists, and
// counts all of them, so that a failure shows examples without flooding.
class Mismatches {
 public:
  // `name` turns an element of the lists into an id for the message.
  explicit Mismatches(std::function<std::string(uint32_t)> name)
      : name_(std::move(name)) {}

  void Compare(const std::string& subject, const std::vector<uint32_t>& expected,
               const std::vector<uint32_t>& actual) {
    if (expected == actual) return;
    ++count_;
    if (count_ > kMaxExamples) return;

    std::vector<uint32_t> missing;
    std::set_difference(expected.begin(), expected.end(), actual.begin(),
                        actual.end(), std::back_inserter(missing));
    std::vector<uint32_t> extra;
    std::set_difference(actual.begin(), actual.end(), expected.begin(),
                        expected.end(), std::back_inserter(extra));
    absl::StrAppend(&examples_, "\n  ", subject, ": expected ", expected.size(),
                    ", got ", actual.size(), " (", missing.size(),
                    " missing, ", extra.size(), " extra)");
    if (!missing.empty()) {
      absl::StrAppend(&examples_, ", first missing ", name_(missing.front()));
    }
    if (!extra.empty()) {
      absl::StrAppend(&examples_, ", first extra ", name_(extra.front()));
    }
  }

  int count() const { return count_; }
  const std::string& examples() const { return examples_; }

 private:
  static constexpr int kMaxExamples = 5;
  std::function<std::string(uint32_t)> name_;
  int count_ = 0;
  std::string examples_;
};

std::vector<uint32_t> ToVector(const Roaring& bitmap) {
  std::vector<uint32_t> values(bitmap.cardinality());
  bitmap.toUint32Array(values.data());
  return values;
}

// Imports the dataset with its decomposition, compiles and evaluates it, and
// checks effective privileges, holders and Check against the raw pairs. Check
// is also asked, for each user, about one privilege that the user lacks.
void ExpectEvaluatorReproducesUpa(const std::string& upa_path,
                                  const std::string& roles_path) {
  const std::optional<RawUpa> raw = ReadRawUpa(upa_path);
  ASSERT_TRUE(raw.has_value()) << "cannot read integer pairs from " << upa_path;
  ASSERT_GT(raw->pairs, 0u) << upa_path;

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa_path, .roles_path = roles_path});
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<std::shared_ptr<const Policy>> policy = Compile(*model);
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<Evaluator>> evaluator =
      Evaluator::Create(*policy, EvaluationContext());
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();
  const Policy& compiled = **policy;
  const Evaluator& eval = **evaluator;

  ASSERT_EQ(compiled.user_count(), raw->permissions_by_user.size());
  ASSERT_EQ(compiled.privilege_count(), raw->users_by_permission.size());

  // Raw numbers to dense indexes, through the importer's naming.
  std::map<uint32_t, UserIndex> user_index;
  for (const auto& [number, permissions] : raw->permissions_by_user) {
    std::optional<UserIndex> index = compiled.FindUser(absl::StrCat("u", number));
    ASSERT_TRUE(index.has_value()) << "user u" << number << " not in the policy";
    user_index[number] = *index;
  }
  std::map<uint32_t, PrivilegeIndex> privilege_index;
  for (const auto& [number, users] : raw->users_by_permission) {
    std::optional<PrivilegeIndex> index =
        compiled.FindPrivilege(absl::StrCat("p", number));
    ASSERT_TRUE(index.has_value())
        << "privilege p" << number << " not in the policy";
    privilege_index[number] = *index;
  }

  Mismatches privileges_by_user([&compiled](uint32_t privilege) {
    return compiled.privilege_id(privilege);
  });
  int denied_pairs = 0;
  int allowed_unheld = 0;
  for (const auto& [number, permissions] : raw->permissions_by_user) {
    const UserIndex user = user_index[number];
    std::vector<uint32_t> expected;
    for (uint32_t permission : permissions) {
      expected.push_back(privilege_index[permission]);
    }
    std::sort(expected.begin(), expected.end());

    const std::vector<PrivilegeIndex> actual = eval.EffectivePrivileges(user);
    privileges_by_user.Compare(absl::StrCat("u", number), expected, actual);

    for (PrivilegeIndex privilege : expected) {
      if (!eval.Check(user, privilege)) ++denied_pairs;
    }

    // Privilege indexes are dense, so the lowest one that the user lacks is
    // the first position where `expected` skips a number.
    PrivilegeIndex unheld = 0;
    while (unheld < expected.size() && expected[unheld] == unheld) ++unheld;
    if (unheld < compiled.privilege_count() && eval.Check(user, unheld)) {
      ++allowed_unheld;
    }
  }
  EXPECT_EQ(privileges_by_user.count(), 0)
      << "users whose effective privileges differ from " << upa_path << ":"
      << privileges_by_user.examples();
  EXPECT_EQ(denied_pairs, 0) << "pairs of " << upa_path << " that Check denies";
  EXPECT_EQ(allowed_unheld, 0)
      << "users that Check allows a privilege absent from " << upa_path;

  Mismatches holders_by_privilege(
      [&compiled](uint32_t user) { return std::string(compiled.user_id(user)); });
  for (const auto& [number, users] : raw->users_by_permission) {
    std::vector<uint32_t> expected;
    for (uint32_t user : users) expected.push_back(user_index[user]);
    std::sort(expected.begin(), expected.end());

    const std::vector<uint32_t> actual =
        ToVector(eval.WhoHas(privilege_index[number]));
    holders_by_privilege.Compare(absl::StrCat("p", number), expected, actual);
  }
  EXPECT_EQ(holders_by_privilege.count(), 0)
      << "privileges whose holders differ from " << upa_path << ":"
      << holders_by_privilege.examples();
}

struct Dataset {
  std::string name;
  std::string upa_path;
  std::string roles_path;
};

// Prints the dataset's name in failure messages instead of its bytes.
void PrintTo(const Dataset& dataset, std::ostream* out) { *out << dataset.name; }

std::string DatasetName(const ::testing::TestParamInfo<Dataset>& info) {
  return info.param.name;
}

// The small datasets committed with the tests.
std::vector<Dataset> CommittedDatasets() {
  const std::string directory = ROLEGRAPH_SOURCE_DIR "/tests/data/hp";
  std::vector<Dataset> datasets;
  for (const char* name : {"hc", "domino", "fire1"}) {
    datasets.push_back(
        {name, absl::StrCat(directory, "/", name, ".txt"),
         absl::StrCat(directory, "/decompositions/", name, "_optimal_cover.txt")});
  }
  return datasets;
}

class HpExactness : public ::testing::TestWithParam<Dataset> {};

TEST_P(HpExactness, ReproducesUpa) {
  ExpectEvaluatorReproducesUpa(GetParam().upa_path, GetParam().roles_path);
}

INSTANTIATE_TEST_SUITE_P(Committed, HpExactness,
                         ::testing::ValuesIn(CommittedDatasets()), DatasetName);

// All nine datasets in the shared data folder next to the source tree. The
// customer dataset comes with a biclique cover instead of an optimal one.
constexpr char kSharedDirectory[] =
    ROLEGRAPH_SOURCE_DIR "/../shared/data/hp_rolemining";

std::vector<Dataset> SharedDatasets() {
  std::vector<Dataset> datasets;
  for (const char* name :
       {"hc", "domino", "emea", "apj", "fire1", "fire2", "customer",
        "americas_small", "americas_large"}) {
    const std::string cover = std::string(name) == "customer"
                                  ? "customer_biclique.txt"
                                  : absl::StrCat(name, "_optimal_cover.txt");
    datasets.push_back(
        {name, absl::StrCat(kSharedDirectory, "/", name, ".txt"),
         absl::StrCat(kSharedDirectory, "/decompositions/", cover)});
  }
  return datasets;
}

class HpSharedData : public ::testing::TestWithParam<Dataset> {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(kSharedDirectory)) {
      GTEST_SKIP() << "shared HP data folder not found: " << kSharedDirectory;
    }
    for (const std::string& path : {GetParam().upa_path, GetParam().roles_path}) {
      if (!std::filesystem::is_regular_file(path)) {
        GTEST_SKIP() << "shared HP data file not found: " << path;
      }
    }
  }
};

TEST_P(HpSharedData, ReproducesUpa) {
  ExpectEvaluatorReproducesUpa(GetParam().upa_path, GetParam().roles_path);
}

INSTANTIATE_TEST_SUITE_P(Shared, HpSharedData,
                         ::testing::ValuesIn(SharedDatasets()), DatasetName);

}  // namespace
}  // namespace rolegraph
