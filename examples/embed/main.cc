// Loads a model, compiles it and checks one user's access, as a host
// product embedding rolegraph would.
//
//   embed [MODEL [USER PRIVILEGE]]
//
// MODEL defaults to examples/org.json. Without USER and PRIVILEGE it
// checks the first user against the first privilege. Prints the decision
// and the privilege's holder count; exits 0 on allow, 1 on deny and 2 on
// error.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"

int main(int argc, char** argv) {
  if (argc != 1 && argc != 2 && argc != 4) {
    std::cerr << "usage: embed [MODEL [USER PRIVILEGE]]\n";
    return 2;
  }
  const std::string path = argc > 1 ? argv[1] : EMBED_DEFAULT_MODEL;

  absl::StatusOr<rolegraph::v1::Model> model = rolegraph::LoadModel(path);
  if (!model.ok()) {
    std::cerr << "embed: " << model.status().message() << "\n";
    return 2;
  }
  rolegraph::CompileOptions options;
  options.file_name = path;
  absl::StatusOr<std::shared_ptr<const rolegraph::Policy>> policy =
      rolegraph::Compile(*model, options);
  if (!policy.ok()) {
    std::cerr << "embed: " << policy.status().message() << "\n";
    return 2;
  }
  if ((*policy)->user_count() == 0 || (*policy)->privilege_count() == 0) {
    std::cerr << "embed: " << path << " has no users or no privileges to check\n";
    return 2;
  }

  const std::string user_id =
      argc == 4 ? argv[2] : std::string((*policy)->user_id(0));
  const std::string privilege_id = argc == 4 ? argv[3] : (*policy)->privilege_id(0);
  std::optional<rolegraph::UserIndex> user = (*policy)->FindUser(user_id);
  std::optional<rolegraph::PrivilegeIndex> privilege =
      (*policy)->FindPrivilege(privilege_id);
  if (!user || !privilege) {
    std::cerr << "embed: unknown " << (user ? "privilege '" + privilege_id : "user '" + user_id)
              << "' in " << path << "\n";
    return 2;
  }

  absl::StatusOr<std::unique_ptr<rolegraph::Evaluator>> evaluator =
      rolegraph::Evaluator::Create(*policy, {.now = absl::Now()});
  if (!evaluator.ok()) {
    std::cerr << "embed: " << evaluator.status().message() << "\n";
    return 2;
  }
  const bool allowed = (*evaluator)->Check(*user, *privilege);
  std::cout << "model: " << (*policy)->definitions().name() << " ("
            << (*policy)->user_count() << " users, " << (*policy)->role_count()
            << " roles, " << (*policy)->privilege_count() << " privileges)\n"
            << user_id << " " << privilege_id << ": " << (allowed ? "allow" : "deny")
            << "\n"
            << "holders of " << privilege_id << ": "
            << (*evaluator)->WhoHas(*privilege).cardinality() << "\n";
  return allowed ? 0 : 1;
}
