// ImportUpa: a model from HP Labs role-mining data (see rolegraph/import.h).
//
// Mapping of the integer ids in the files to model ids:
//   user N                -> user "u<N>"
//   permission N          -> privilege "p<N>" on resource "upa", action "p<N>"
//   decomposition role N  -> ROLE_KIND_BUSINESS role "r<N>" that induces its
//                            permissions (order 1). Each of its users gets a
//                            member assignment to it.
//   without decomposition -> one ROLE_KIND_TECHNICAL role "r<N>" per
//                            permission N, inducing "p<N>"
// The data carry no resource or sensitivity information, so every privilege
// shares the resource "upa" and leaves the sensitivity unspecified.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "rolegraph/import.h"

namespace rolegraph {
namespace {

constexpr absl::string_view kPrivilegeResource = "upa";

// Lines quoted in error messages are cut to this many characters.
constexpr size_t kMaxQuotedLine = 60;

using UserPermission = std::pair<uint32_t, uint32_t>;

struct MinedRole {
  uint32_t number = 0;
  int line = 0;  // The line of "role: N", for messages.
  std::vector<uint32_t> permissions;
  std::vector<uint32_t> users;
};

std::string UserId(uint32_t n) { return absl::StrCat("u", n); }
std::string PrivilegeId(uint32_t n) { return absl::StrCat("p", n); }
std::string RoleId(uint32_t n) { return absl::StrCat("r", n); }

std::string Quote(absl::string_view text) {
  if (text.size() <= kMaxQuotedLine) return absl::StrCat("\"", text, "\"");
  return absl::StrCat("\"", text.substr(0, kMaxQuotedLine), "...\"");
}

void SortUnique(std::vector<uint32_t>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     absl::string_view what) {
  if (path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", what, " file path is empty"));
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    const std::string message = absl::StrCat("cannot open ", what, " file \"",
                                             path, "\": ", std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::InvalidArgumentError(message);
  }

  std::string content;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    content.append(buffer, read);
  }
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "failed to read ", what, " file \"", path, "\": ", std::strerror(error)));
  }
  return content;
}

// Parses "<user> <permission>" lines. Blank lines are skipped and duplicate
// pairs are merged. Returns the pairs sorted by user, then permission.
absl::StatusOr<std::vector<UserPermission>> ParseUpa(absl::string_view content,
                                                     const std::string& path) {
  std::vector<UserPermission> pairs;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;

    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    UserPermission pair;
    if (fields.size() != 2 || !absl::SimpleAtoi(fields[0], &pair.first) ||
        !absl::SimpleAtoi(fields[1], &pair.second)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s:%d: expected two integers \"USER PERMISSION\", found %s. Each "
          "line of a UPA file contains one user-permission pair",
          path, line_number, Quote(line)));
    }
    pairs.push_back(pair);
  }

  if (pairs.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": no user-permission pairs found; expected lines of two "
              "integers \"USER PERMISSION\""));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

// Parses the value of a "permissions:" or "users:" line: comma-separated
// non-negative integers, possibly none. Duplicates are merged.
absl::StatusOr<std::vector<uint32_t>> ParseIdList(absl::string_view value,
                                                  absl::string_view key,
                                                  const std::string& path,
                                                  int line_number) {
  std::vector<uint32_t> ids;
  if (value.empty()) return ids;

  for (absl::string_view item : absl::StrSplit(value, ',')) {
    item = absl::StripAsciiWhitespace(item);
    uint32_t id = 0;
    if (!absl::SimpleAtoi(item, &id)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s:%d: expected a comma-separated list of integers after \"%s:\", "
          "found %s",
          path, line_number, key, Quote(item)));
    }
    ids.push_back(id);
  }
  SortUnique(ids);
  return ids;
}

// Accumulates the lines of one "role:" block of a decomposition file.
class DecompositionParser {
 public:
  explicit DecompositionParser(const std::string& path) : path_(path) {}

  absl::Status ParseLine(absl::string_view line, int line_number) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) return FinishBlock();

    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) {
      return Error(line_number,
                   absl::StrCat("expected \"role: N\", \"permissions: ...\" or "
                                "\"users: ...\", found ",
                                Quote(line)));
    }
    const absl::string_view key =
        absl::StripAsciiWhitespace(line.substr(0, colon));
    const absl::string_view value =
        absl::StripAsciiWhitespace(line.substr(colon + 1));

    if (key == "role") return StartBlock(value, line_number);
    if (key == "permissions") {
      return SetList(key, value, line_number, seen_permissions_,
                     current_.permissions);
    }
    if (key == "users") {
      return SetList(key, value, line_number, seen_users_, current_.users);
    }
    return Error(line_number,
                 absl::StrCat("unknown key ", Quote(key),
                              "; a role block has the lines \"role: N\", "
                              "\"permissions: ...\" and \"users: ...\""));
  }

  // Finishes the last block and returns the roles sorted by number.
  absl::StatusOr<std::vector<MinedRole>> Finish() {
    absl::Status status = FinishBlock();
    if (!status.ok()) return status;
    std::sort(roles_.begin(), roles_.end(),
              [](const MinedRole& a, const MinedRole& b) {
                return a.number < b.number;
              });
    return std::move(roles_);
  }

 private:
  absl::Status Error(int line_number, absl::string_view message) const {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s:%d: %s", path_, line_number, message));
  }

  absl::Status StartBlock(absl::string_view value, int line_number) {
    if (in_block_) {
      return Error(line_number,
                   absl::StrFormat("\"role:\" line inside the block of role %d "
                                   "(line %d); separate role blocks with a "
                                   "blank line",
                                   current_.number, current_.line));
    }
    uint32_t number = 0;
    if (!absl::SimpleAtoi(value, &number)) {
      return Error(line_number, absl::StrCat("expected an integer after "
                                             "\"role:\", found ",
                                             Quote(value)));
    }
    auto [first, inserted] = role_lines_.emplace(number, line_number);
    if (!inserted) {
      return Error(line_number,
                   absl::StrFormat("role %d is defined twice (first at line %d)",
                                   number, first->second));
    }

    current_ = MinedRole{.number = number, .line = line_number};
    in_block_ = true;
    seen_permissions_ = false;
    seen_users_ = false;
    return absl::OkStatus();
  }

  absl::Status SetList(absl::string_view key, absl::string_view value,
                       int line_number, bool& seen,
                       std::vector<uint32_t>& target) {
    if (!in_block_) {
      return Error(line_number,
                   absl::StrCat("\"", key, ":\" line outside a role block; "
                                "start each block with \"role: N\""));
    }
    if (seen) {
      return Error(line_number,
                   absl::StrFormat("second \"%s:\" line in the block of role %d",
                                   key, current_.number));
    }
    absl::StatusOr<std::vector<uint32_t>> ids =
        ParseIdList(value, key, path_, line_number);
    if (!ids.ok()) return ids.status();
    target = *std::move(ids);
    seen = true;
    return absl::OkStatus();
  }

  absl::Status FinishBlock() {
    if (!in_block_) return absl::OkStatus();
    for (auto [seen, key] : {std::pair{seen_permissions_, "permissions"},
                             std::pair{seen_users_, "users"}}) {
      if (!seen) {
        return Error(current_.line,
                     absl::StrFormat("role %d has no \"%s:\" line",
                                     current_.number, key));
      }
    }
    roles_.push_back(std::move(current_));
    in_block_ = false;
    return absl::OkStatus();
  }

  const std::string& path_;
  std::vector<MinedRole> roles_;
  absl::flat_hash_map<uint32_t, int> role_lines_;
  MinedRole current_;
  bool in_block_ = false;
  bool seen_permissions_ = false;
  bool seen_users_ = false;
};

absl::StatusOr<std::vector<MinedRole>> ParseDecomposition(
    absl::string_view content, const std::string& path) {
  DecompositionParser parser(path);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    absl::Status status = parser.ParseLine(line, ++line_number);
    if (!status.ok()) return status;
  }
  return parser.Finish();
}

// One role per permission, each held by the permission's users.
std::vector<MinedRole> RolePerPermission(
    absl::Span<const UserPermission> pairs) {
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> users_by_permission;
  for (const auto& [user, permission] : pairs) {
    users_by_permission[permission].push_back(user);
  }

  std::vector<MinedRole> roles;
  roles.reserve(users_by_permission.size());
  for (auto& [permission, users] : users_by_permission) {
    roles.push_back(MinedRole{.number = permission,
                              .permissions = {permission},
                              .users = std::move(users)});
    SortUnique(roles.back().users);
  }
  std::sort(roles.begin(), roles.end(),
            [](const MinedRole& a, const MinedRole& b) {
              return a.number < b.number;
            });
  return roles;
}

// Indexes of the roles that each user belongs to, in role order.
absl::flat_hash_map<uint32_t, std::vector<size_t>> RolesByUser(
    absl::Span<const MinedRole> roles) {
  absl::flat_hash_map<uint32_t, std::vector<size_t>> roles_by_user;
  for (size_t i = 0; i < roles.size(); ++i) {
    for (uint32_t user : roles[i].users) roles_by_user[user].push_back(i);
  }
  return roles_by_user;
}

// The sorted union of UPA users and role members.
std::vector<uint32_t> AllUsers(absl::Span<const UserPermission> pairs,
                               absl::Span<const MinedRole> roles) {
  std::vector<uint32_t> users;
  for (const auto& pair : pairs) users.push_back(pair.first);
  for (const MinedRole& role : roles) {
    users.insert(users.end(), role.users.begin(), role.users.end());
  }
  SortUnique(users);
  return users;
}

// Counts and the first example of pairs that differ between the UPA and the
// pairs that the roles grant.
struct CoverageDifference {
  size_t missing = 0;
  size_t extra = 0;
  std::optional<UserPermission> first_missing;
  std::optional<UserPermission> first_extra;
};

// Compares, user by user, the permissions granted through the roles with the
// user's UPA rows. Work and memory are bounded by the roles' pairs of one
// user at a time, not by the product of all role sizes.
CoverageDifference CompareCoverage(
    absl::Span<const UserPermission> pairs, absl::Span<const MinedRole> roles,
    const absl::flat_hash_map<uint32_t, std::vector<size_t>>& roles_by_user) {
  CoverageDifference difference;
  size_t next_pair = 0;
  std::vector<uint32_t> expected;
  std::vector<uint32_t> granted;
  for (uint32_t user : AllUsers(pairs, roles)) {
    expected.clear();
    while (next_pair < pairs.size() && pairs[next_pair].first == user) {
      expected.push_back(pairs[next_pair++].second);
    }

    granted.clear();
    auto user_roles = roles_by_user.find(user);
    if (user_roles != roles_by_user.end()) {
      for (size_t role : user_roles->second) {
        granted.insert(granted.end(), roles[role].permissions.begin(),
                       roles[role].permissions.end());
      }
    }
    SortUnique(granted);

    std::vector<uint32_t> only_expected;
    std::set_difference(expected.begin(), expected.end(), granted.begin(),
                        granted.end(), std::back_inserter(only_expected));
    std::vector<uint32_t> only_granted;
    std::set_difference(granted.begin(), granted.end(), expected.begin(),
                        expected.end(), std::back_inserter(only_granted));
    if (!only_expected.empty() && !difference.first_missing) {
      difference.first_missing = UserPermission(user, only_expected.front());
    }
    if (!only_granted.empty() && !difference.first_extra) {
      difference.first_extra = UserPermission(user, only_granted.front());
    }
    difference.missing += only_expected.size();
    difference.extra += only_granted.size();
  }
  return difference;
}

// The number of the first role that grants `pair`, for messages.
uint32_t GrantingRole(
    UserPermission pair, absl::Span<const MinedRole> roles,
    const absl::flat_hash_map<uint32_t, std::vector<size_t>>& roles_by_user) {
  for (size_t role : roles_by_user.at(pair.first)) {
    const std::vector<uint32_t>& permissions = roles[role].permissions;
    if (std::binary_search(permissions.begin(), permissions.end(),
                           pair.second)) {
      return roles[role].number;
    }
  }
  return 0;
}

absl::Status CheckCoverage(absl::Span<const UserPermission> pairs,
                           absl::Span<const MinedRole> roles,
                           const UpaImportOptions& options) {
  const absl::flat_hash_map<uint32_t, std::vector<size_t>> roles_by_user =
      RolesByUser(roles);
  const CoverageDifference difference =
      CompareCoverage(pairs, roles, roles_by_user);
  if (difference.missing == 0 && difference.extra == 0) {
    return absl::OkStatus();
  }

  std::string message = absl::StrFormat(
      "the roles in %s do not reproduce the UPA file %s (missing pairs: %d, "
      "extra pairs: %d)",
      options.roles_path, options.upa_path, difference.missing,
      difference.extra);
  if (difference.first_missing) {
    absl::StrAppendFormat(&message,
                          "; user %d holds permission %d but no role grants it",
                          difference.first_missing->first,
                          difference.first_missing->second);
  }
  if (difference.first_extra) {
    const UserPermission pair = *difference.first_extra;
    absl::StrAppendFormat(
        &message,
        "; role %d grants user %d permission %d, which the UPA file lacks",
        GrantingRole(pair, roles, roles_by_user), pair.first, pair.second);
  }
  absl::StrAppend(&message,
                  "; check that the decomposition was mined from this UPA file");
  return absl::InvalidArgumentError(message);
}

void AddPrivileges(absl::Span<const UserPermission> pairs,
                   absl::Span<const MinedRole> roles, const std::string& path,
                   v1::Model& model) {
  std::vector<uint32_t> permissions;
  for (const auto& pair : pairs) permissions.push_back(pair.second);
  for (const MinedRole& role : roles) {
    permissions.insert(permissions.end(), role.permissions.begin(),
                       role.permissions.end());
  }
  SortUnique(permissions);

  const std::string file_name = std::filesystem::path(path).filename().string();
  for (uint32_t permission : permissions) {
    v1::Privilege* privilege = model.add_privileges();
    privilege->set_id(PrivilegeId(permission));
    privilege->set_resource(std::string(kPrivilegeResource));
    privilege->set_action(PrivilegeId(permission));
    privilege->set_description(
        absl::StrCat("Permission ", permission, " of ", file_name));
  }
}

void AddRoles(absl::Span<const MinedRole> roles, bool from_decomposition,
              v1::Model& model) {
  for (const MinedRole& mined : roles) {
    v1::Role* role = model.add_roles();
    role->set_id(RoleId(mined.number));
    if (from_decomposition) {
      role->set_display_name(absl::StrCat("Role ", mined.number));
      role->set_kind(v1::ROLE_KIND_BUSINESS);
    } else {
      role->set_display_name(absl::StrCat("Permission ", mined.number));
      role->set_kind(v1::ROLE_KIND_TECHNICAL);
    }
    for (uint32_t permission : mined.permissions) {
      v1::Inducement* inducement = role->add_inducements();
      inducement->set_privilege(PrivilegeId(permission));
      inducement->set_order(1);
    }
  }
}

void AddUsers(absl::Span<const UserPermission> pairs,
              absl::Span<const MinedRole> roles, v1::Model& model) {
  const absl::flat_hash_map<uint32_t, std::vector<size_t>> roles_by_user =
      RolesByUser(roles);
  for (uint32_t number : AllUsers(pairs, roles)) {
    v1::User* user = model.add_users();
    user->set_id(UserId(number));

    auto user_roles = roles_by_user.find(number);
    if (user_roles == roles_by_user.end()) continue;
    for (size_t role : user_roles->second) {
      user->add_assignments()->set_role(RoleId(roles[role].number));
    }
  }
}

}  // namespace

absl::StatusOr<v1::Model> ImportUpa(const UpaImportOptions& options) {
  absl::StatusOr<std::string> upa_content = ReadFile(options.upa_path, "UPA");
  if (!upa_content.ok()) return upa_content.status();
  absl::StatusOr<std::vector<UserPermission>> pairs =
      ParseUpa(*upa_content, options.upa_path);
  if (!pairs.ok()) return pairs.status();

  const bool from_decomposition = !options.roles_path.empty();
  std::vector<MinedRole> roles;
  if (from_decomposition) {
    absl::StatusOr<std::string> roles_content =
        ReadFile(options.roles_path, "role decomposition");
    if (!roles_content.ok()) return roles_content.status();
    absl::StatusOr<std::vector<MinedRole>> parsed =
        ParseDecomposition(*roles_content, options.roles_path);
    if (!parsed.ok()) return parsed.status();
    roles = *std::move(parsed);

    absl::Status coverage = CheckCoverage(*pairs, roles, options);
    if (!coverage.ok()) return coverage;
  } else {
    roles = RolePerPermission(*pairs);
  }

  v1::Model model;
  model.set_name(options.model_name.empty()
                     ? std::filesystem::path(options.upa_path).stem().string()
                     : options.model_name);
  AddPrivileges(*pairs, roles, options.upa_path, model);
  AddRoles(roles, from_decomposition, model);
  AddUsers(*pairs, roles, model);
  return model;
}

}  // namespace rolegraph
