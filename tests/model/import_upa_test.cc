#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rolegraph/import.h"

namespace rolegraph {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ImportUpaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = std::filesystem::path(::testing::TempDir()) /
                 (std::string("import_upa_") + info->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }

  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Writes `content` to a file in the test's directory and returns its path.
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path directory_;
};

// The role ids that a user's assignments name, in model order.
std::vector<std::string> AssignedRoles(const v1::User& user) {
  std::vector<std::string> roles;
  for (const v1::Assignment& assignment : user.assignments()) {
    roles.push_back(assignment.role());
  }
  return roles;
}

// The privilege ids that a role's inducements name, in model order.
std::vector<std::string> InducedPrivileges(const v1::Role& role) {
  std::vector<std::string> privileges;
  for (const v1::Inducement& inducement : role.inducements()) {
    privileges.push_back(inducement.privilege());
  }
  return privileges;
}

constexpr char kSmallUpa[] =
    "        1          1\n"
    "        2          1\n"
    "        1          3\n"
    "        3          2\n"
    "        3          3\n";

constexpr char kSmallCover[] =
    "role: 1\n"
    "permissions: 1, 3\n"
    "users: 1 \n"
    "\n"
    "role: 2\n"
    "permissions: 1\n"
    "users: 2 \n"
    "\n"
    "role: 5\n"
    "permissions: 2, 3\n"
    "users: 3 \n"
    "\n";

TEST_F(ImportUpaTest, RolePerPermissionWithoutDecomposition) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);

  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->name(), "small");
  ASSERT_EQ(model->privileges_size(), 3);
  EXPECT_EQ(model->privileges(0).id(), "p1");
  EXPECT_EQ(model->privileges(0).resource(), "upa");
  EXPECT_EQ(model->privileges(0).action(), "p1");
  EXPECT_EQ(model->privileges(2).id(), "p3");

  ASSERT_EQ(model->roles_size(), 3);
  EXPECT_EQ(model->roles(0).id(), "r1");
  EXPECT_EQ(model->roles(0).kind(), v1::ROLE_KIND_TECHNICAL);
  EXPECT_THAT(InducedPrivileges(model->roles(0)), ElementsAre("p1"));
  EXPECT_EQ(model->roles(0).inducements(0).order(), 1);
  EXPECT_THAT(InducedPrivileges(model->roles(2)), ElementsAre("p3"));

  ASSERT_EQ(model->users_size(), 3);
  EXPECT_EQ(model->users(0).id(), "u1");
  EXPECT_THAT(AssignedRoles(model->users(0)), ElementsAre("r1", "r3"));
  EXPECT_THAT(AssignedRoles(model->users(1)), ElementsAre("r1"));
  EXPECT_THAT(AssignedRoles(model->users(2)), ElementsAre("r2", "r3"));
  EXPECT_EQ(model->users(0).assignments(0).relation(), v1::RELATION_MEMBER);
}

TEST_F(ImportUpaTest, ModelNameOption) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .model_name = "healthcare"});

  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->name(), "healthcare");
}

TEST_F(ImportUpaTest, BlankLinesTabsAndDuplicatesAccepted) {
  const std::string upa =
      WriteFile("loose.txt", "\n1\t2\r\n\n  1 2\n   \n7 9");

  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->users_size(), 2);
  EXPECT_EQ(model->users(0).id(), "u1");
  EXPECT_EQ(model->users(1).id(), "u7");
  EXPECT_THAT(AssignedRoles(model->users(0)), ElementsAre("r2"));
  ASSERT_EQ(model->privileges_size(), 2);
  EXPECT_EQ(model->privileges(1).id(), "p9");
}

TEST_F(ImportUpaTest, NumericOrderNotTextOrder) {
  const std::string upa = WriteFile("order.txt", "10 20\n9 3\n100 20\n");

  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->users_size(), 3);
  EXPECT_EQ(model->users(0).id(), "u9");
  EXPECT_EQ(model->users(1).id(), "u10");
  EXPECT_EQ(model->users(2).id(), "u100");
  ASSERT_EQ(model->roles_size(), 2);
  EXPECT_EQ(model->roles(0).id(), "r3");
  EXPECT_EQ(model->roles(1).id(), "r20");
}

TEST_F(ImportUpaTest, MalformedUpaLinesRejected) {
  const std::vector<std::string> bad_lines = {
      "1",     "1 2 3", "a 1",       "1 -2",     "1 2.5",
      "1,2",   "1 0x3", "# comment", "99999999999 1",
  };
  for (const std::string& bad : bad_lines) {
    const std::string upa = WriteFile("bad.txt", "1 1\n\n" + bad + "\n4 4\n");

    absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

    ASSERT_FALSE(model.ok()) << "accepted line \"" << bad << "\"";
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(model.status().message(),
                HasSubstr(upa + ":3: expected two integers"))
        << "line \"" << bad << "\"";
  }
}

TEST_F(ImportUpaTest, LongBadLineQuotedShort) {
  const std::string upa = WriteFile("long.txt", std::string(5000, 'x') + "\n");

  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

  ASSERT_FALSE(model.ok());
  EXPECT_THAT(model.status().message(), HasSubstr(upa + ":1: "));
  EXPECT_LT(model.status().message().size(), 400u);
}

TEST_F(ImportUpaTest, EmptyUpaRejected) {
  const std::string upa = WriteFile("empty.txt", "\n  \n");

  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = upa});

  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(), HasSubstr("no user-permission pairs"));
}

TEST_F(ImportUpaTest, MissingFilesNotFound) {
  const std::string missing = (directory_ / "missing.txt").string();
  const std::string upa = WriteFile("small.txt", kSmallUpa);

  absl::StatusOr<v1::Model> no_upa = ImportUpa({.upa_path = missing});
  absl::StatusOr<v1::Model> no_roles =
      ImportUpa({.upa_path = upa, .roles_path = missing});

  ASSERT_FALSE(no_upa.ok());
  EXPECT_EQ(no_upa.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_upa.status().message(), HasSubstr(missing));
  ASSERT_FALSE(no_roles.ok());
  EXPECT_EQ(no_roles.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_roles.status().message(), HasSubstr("decomposition"));
}

TEST_F(ImportUpaTest, EmptyPathRejected) {
  absl::StatusOr<v1::Model> model = ImportUpa({});

  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(), HasSubstr("path is empty"));
}

TEST_F(ImportUpaTest, DirectoryRejected) {
  absl::StatusOr<v1::Model> model = ImportUpa({.upa_path = directory_.string()});

  ASSERT_FALSE(model.ok());
  EXPECT_THAT(model.status().message(), HasSubstr(directory_.string()));
}

TEST_F(ImportUpaTest, DecompositionBuildsMinedRoles) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile("cover.txt", kSmallCover);

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->roles_size(), 3);
  EXPECT_EQ(model->roles(0).id(), "r1");
  EXPECT_EQ(model->roles(0).kind(), v1::ROLE_KIND_BUSINESS);
  EXPECT_THAT(InducedPrivileges(model->roles(0)), ElementsAre("p1", "p3"));
  EXPECT_EQ(model->roles(2).id(), "r5");
  EXPECT_THAT(InducedPrivileges(model->roles(2)), ElementsAre("p2", "p3"));
  for (const v1::Role& role : model->roles()) {
    for (const v1::Inducement& inducement : role.inducements()) {
      EXPECT_EQ(inducement.order(), 1) << role.id();
      EXPECT_FALSE(inducement.has_condition()) << role.id();
    }
  }

  ASSERT_EQ(model->users_size(), 3);
  EXPECT_THAT(AssignedRoles(model->users(0)), ElementsAre("r1"));
  EXPECT_THAT(AssignedRoles(model->users(1)), ElementsAre("r2"));
  EXPECT_THAT(AssignedRoles(model->users(2)), ElementsAre("r5"));
  EXPECT_EQ(model->privileges_size(), 3);
}

TEST_F(ImportUpaTest, OverlappingRolesAndLooseLayout) {
  // Roles may overlap and lists may be empty. Blocks may use CRLF, list
  // their lines in any order and lack the final blank line.
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile(
      "cover.txt",
      "\n\nrole: 7\r\nusers: 1, 2\r\npermissions: 1\r\n\r\n"
      "role: 8\npermissions: \nusers: 3\n\n"
      "role: 9\npermissions: 3,2\nusers:3\n\n"
      "role: 10\npermissions: 3, 1\nusers: 1, 1");

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->roles_size(), 4);
  EXPECT_TRUE(model->roles(1).inducements().empty());
  EXPECT_THAT(AssignedRoles(model->users(0)), ElementsAre("r7", "r10"));
  EXPECT_THAT(AssignedRoles(model->users(2)), ElementsAre("r8", "r9"));
}

TEST_F(ImportUpaTest, DecompositionMissingPairRejected) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile(
      "cover.txt",
      "role: 1\npermissions: 1, 3\nusers: 1 \n\n"
      "role: 5\npermissions: 2, 3\nusers: 3 \n");

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(model.status().message(),
              HasSubstr("missing pairs: 1, extra pairs: 0"));
  EXPECT_THAT(model.status().message(),
              HasSubstr("user 2 holds permission 1 but no role grants it"));
}

TEST_F(ImportUpaTest, DecompositionExtraPairRejected) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile(
      "cover.txt",
      "role: 1\npermissions: 1, 3\nusers: 1, 2 \n\n"
      "role: 5\npermissions: 2, 3\nusers: 3, 4 \n");

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_FALSE(model.ok());
  EXPECT_THAT(model.status().message(),
              HasSubstr("missing pairs: 0, extra pairs: 3"));
  EXPECT_THAT(model.status().message(),
              HasSubstr("role 1 grants user 2 permission 3"));
  EXPECT_THAT(model.status().message(), HasSubstr(cover));
  EXPECT_THAT(model.status().message(), HasSubstr(upa));
}

TEST_F(ImportUpaTest, EmptyDecompositionMissesEveryPair) {
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile("cover.txt", "\n");

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_FALSE(model.ok());
  EXPECT_THAT(model.status().message(),
              HasSubstr("missing pairs: 5, extra pairs: 0"));
}

struct BadDecomposition {
  std::string content;
  std::string expected_message;
};

TEST_F(ImportUpaTest, MalformedDecompositionRejected) {
  const std::vector<BadDecomposition> cases = {
      {"permissions: 1\nusers: 1\n", ":1: \"permissions:\" line outside"},
      {"role: 1\npermissions: 1\n", ":1: role 1 has no \"users:\" line"},
      {"role: 1\nusers: 1\n\n", ":1: role 1 has no \"permissions:\" line"},
      {"role: x\n", ":1: expected an integer after \"role:\""},
      {"role: 1\npermissions: 1\nusers: 1\nrole: 2\n",
       ":4: \"role:\" line inside the block of role 1 (line 1)"},
      {"role: 1\npermissions: 1\nusers: 1\n\nrole: 1\n",
       ":5: role 1 is defined twice (first at line 1)"},
      {"role: 1\npermissions: 1, two\nusers: 1\n",
       ":2: expected a comma-separated list of integers after \"permissions:\""},
      {"role: 1\npermissions: 1,\nusers: 1\n", ":2: expected a comma-separated"},
      {"role: 1\npermissions: 1\nusers: 1 2\n", ":3: expected a comma-separated"},
      {"role: 1\npermissions: 1\npermissions: 2\n",
       ":3: second \"permissions:\" line in the block of role 1"},
      {"role: 1\ngroups: 1\n", ":2: unknown key \"groups\""},
      {"role 1\n", ":1: expected \"role: N\""},
  };
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  for (const BadDecomposition& bad : cases) {
    const std::string cover = WriteFile("cover.txt", bad.content);

    absl::StatusOr<v1::Model> model =
        ImportUpa({.upa_path = upa, .roles_path = cover});

    ASSERT_FALSE(model.ok()) << "accepted:\n" << bad.content;
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(model.status().message(),
                HasSubstr(cover + bad.expected_message))
        << "input:\n" << bad.content;
  }
}

TEST_F(ImportUpaTest, RoleWithoutUsersMayNameUnknownPermission) {
  // A role without users grants no pair, so it passes the coverage check.
  // Its permissions still become privileges, so no inducement dangles.
  const std::string upa = WriteFile("small.txt", kSmallUpa);
  const std::string cover = WriteFile(
      "cover.txt", std::string(kSmallCover) + "role: 6\npermissions: 40\nusers: \n");

  absl::StatusOr<v1::Model> model =
      ImportUpa({.upa_path = upa, .roles_path = cover});

  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->privileges_size(), 4);
  EXPECT_EQ(model->privileges(3).id(), "p40");
  EXPECT_EQ(model->roles(3).id(), "r6");
}

}  // namespace
}  // namespace rolegraph
