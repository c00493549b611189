// ValidateModel: runs every check on a parsed model and collects the
// diagnostics in one result.
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "model/suggest.h"
#include "model/validation.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace model_internal {
namespace {

template <typename Items>
IdIndex IndexIds(const Items& items) {
  IdIndex index;
  for (int i = 0; i < items.size(); ++i) {
    if (index.position.emplace(items[i].id(), i).second) {
      index.ids.push_back(items[i].id());
    }
  }
  return index;
}

}  // namespace

ModelIndex IndexModel(const v1::Model& model) {
  ModelIndex index;
  index.privileges = IndexIds(model.privileges());
  index.roles = IndexIds(model.roles());
  index.users = IndexIds(model.users());
  index.switches = IndexIds(model.switches());
  return index;
}

std::string Quote(absl::string_view value) {
  return absl::StrCat("\"", absl::Utf8SafeCEscape(value), "\"");
}

std::string HintForUnknownId(const IdIndex& index, const std::string& id,
                             absl::string_view kind) {
  const std::string suggestion = ClosestMatch(id, index.ids);
  if (!suggestion.empty())
    return absl::StrCat("did you mean ", Quote(suggestion), "?");
  return absl::StrCat("define a ", kind,
                      " with this id, or correct the reference");
}

}  // namespace model_internal

v1::ValidationResult ValidateModel(const v1::Model& model,
                                   absl::string_view file_name,
                                   const ValidationOptions& options) {
  model_internal::DiagnosticList diagnostics(file_name);
  const model_internal::ModelIndex index = model_internal::IndexModel(model);

  model_internal::CheckIds(model, options.max_id_bytes, diagnostics);
  model_internal::CheckReferences(model, index, diagnostics);
  model_internal::CheckRoleCycles(model, index, diagnostics);
  model_internal::CheckConditions(model, index, options, diagnostics);
  model_internal::CheckValues(model, diagnostics);

  return std::move(diagnostics).Finish();
}

}  // namespace rolegraph
