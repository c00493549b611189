// Building models from user-permission data.
//
// The HP Labs role-mining format has one "USER PERMISSION" pair of integers
// per line. An optional decomposition file lists roles as blocks:
//
//   role: 1
//   permissions: 1, 2, 3
//   users: 4, 5
//
//   absl::StatusOr<rolegraph::v1::Model> model =
//       rolegraph::ImportUpa({.upa_path = "hc.txt", .roles_path = "hc_cover.txt"});
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_IMPORT_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_IMPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "rolegraph/v1/model.pb.h"

namespace rolegraph {

struct UpaImportOptions {
  std::string upa_path;
  // Optional decomposition file. Without it, every user-permission pair
  // becomes a direct role per permission.
  std::string roles_path;
  // The model's name; defaults to the UPA file's base name.
  std::string model_name;
};

// Reads the files and builds a model with users "u<N>", privileges "p<N>"
// and roles "r<N>". Malformed lines are InvalidArgument naming the file and
// line. With a decomposition, a pair the roles do not cover, or a role that
// grants a pair the data lacks, is InvalidArgument.
absl::StatusOr<v1::Model> ImportUpa(const UpaImportOptions& options);

}  // namespace rolegraph

#endif  // ROLEGRAPH_INCLUDE_ROLEGRAPH_IMPORT_H_
