// Checks of the ids that define items: present, unique per namespace,
// without whitespace at the ends or control characters, and (as a warning)
// not differing from another id only by case.
#include <deque>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/validation.h"

namespace rolegraph::model_internal {
namespace {

// One namespace of ids: its field in the model and how messages name it.
struct Namespace {
  absl::string_view field;
  absl::string_view kind;
};

// Returns the index of the first control character (C0, DEL or C1) in `id`,
// or npos. C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
size_t FindControlCharacter(absl::string_view id, unsigned& code_point) {
  for (size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7F) {
      code_point = c;
      return i;
    }
    if (c == 0xC2 && i + 1 < id.size()) {
      const unsigned char next = static_cast<unsigned char>(id[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        code_point = next;
        return i;
      }
    }
  }
  return absl::string_view::npos;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Reports a malformed id and returns true when there was a problem.
bool CheckIdForm(const Namespace& space, const std::string& id,
                 const std::string& path, size_t max_id_bytes,
                 DiagnosticList& diagnostics) {
  if (id.size() > max_id_bytes) {
    diagnostics.AddError(
        path, "id-too-long",
        absl::StrCat(space.kind, " id ", Quote(id.substr(0, 40)), "... is ",
                     id.size(), " bytes long, more than the limit of ",
                     max_id_bytes),
        "shorten the id, or raise ValidationOptions::max_id_bytes if such "
        "ids are genuine");
    return true;
  }
  if (id.empty()) {
    diagnostics.AddError(
        path, "empty-id", absl::StrCat(space.kind, " id is empty"),
        absl::StrCat("give the ", space.kind, " a unique, non-empty id"));
    return true;
  }

  unsigned code_point = 0;
  const size_t control = FindControlCharacter(id, code_point);
  if (control != absl::string_view::npos) {
    diagnostics.AddError(
        path, "id-control-character",
        absl::StrFormat("%s id %s contains the control character U+%04X at "
                        "byte %d",
                        space.kind, Quote(id), code_point, control),
        "remove the control character, which is invisible in most output "
        "and rarely matches in references");
    return true;
  }

  const bool leading = IsSpace(id.front());
  const bool trailing = IsSpace(id.back());
  if (leading || trailing) {
    const char* where = leading && trailing ? "leading and trailing"
                        : leading           ? "leading"
                                            : "trailing";
    diagnostics.AddError(
        path, "id-whitespace",
        absl::StrCat(space.kind, " id ", Quote(id), " has ", where,
                     " whitespace"),
        absl::StrCat("remove the whitespace, because ids are compared "
                     "exactly and a reference to ",
                     Quote(absl::StripAsciiWhitespace(id)),
                     " would not match"));
    return true;
  }
  return false;
}

bool IsSwitchId(absl::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  for (const char c : id) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!allowed) return false;
  }
  return true;
}

// Whether the id can be reported without a problem, so that the checks
// below need no path: not too long, not empty, no control character and
// no whitespace at either end.
bool LooksWellFormed(const std::string& id, size_t max_id_bytes) {
  if (id.empty() || id.size() > max_id_bytes) return false;
  if (IsSpace(id.front()) || IsSpace(id.back())) return false;
  for (const char c : id) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || byte == 0xC2) return false;
  }
  return true;
}

bool HasUpperCase(absl::string_view id) {
  for (const char c : id) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

template <typename Items>
void CheckNamespace(const Namespace& space, const Items& items,
                    size_t max_id_bytes, DiagnosticList& diagnostics) {
  // Keys view the ids in the model, or lower-case copies kept in
  // `lowered`, so that no id is copied unless it has upper-case letters.
  absl::flat_hash_map<absl::string_view, int> first;
  absl::flat_hash_map<absl::string_view, int> first_by_lower_case;
  std::deque<std::string> lowered;
  first.reserve(static_cast<size_t>(items.size()));
  first_by_lower_case.reserve(static_cast<size_t>(items.size()));

  for (int i = 0; i < items.size(); ++i) {
    const std::string& id = items[i].id();
    auto path = [&] { return absl::StrCat(space.field, "[", i, "].id"); };
    const bool malformed = !LooksWellFormed(id, max_id_bytes) &&
                           CheckIdForm(space, id, path(), max_id_bytes, diagnostics);
    if (id.empty()) continue;

    const auto [same, inserted] = first.emplace(id, i);
    if (!inserted) {
      diagnostics.AddError(
          path(), "duplicate-id",
          absl::StrCat("duplicate ", space.kind, " id ", Quote(id),
                       ", already used by ", space.field, "[", same->second,
                       "]"),
          absl::StrCat("give each ", space.kind,
                       " a unique id, or merge the two definitions"));
      continue;
    }

    absl::string_view lower = id;
    if (HasUpperCase(id)) lower = lowered.emplace_back(absl::AsciiStrToLower(id));
    const auto [similar, new_spelling] = first_by_lower_case.emplace(lower, i);
    if (!new_spelling) {
      const std::string& other = items[similar->second].id();
      diagnostics.AddWarning(
          path(), "id-case-conflict",
          absl::StrCat(space.kind, " id ", Quote(id), " differs from ",
                       Quote(other), " (", space.field, "[", similar->second,
                       "]) only by case"),
          "ids are case-sensitive, so the two are easy to confuse. Rename one "
          "of them.");
    }

    if (space.field == "switches" && !malformed && !IsSwitchId(id)) {
      diagnostics.AddError(
          path(), "invalid-switch-id",
          absl::StrCat("switch id ", Quote(id),
                       " is not an identifier of the form [a-z][a-z0-9_]*"),
          "conditions read a switch as switches.<id>, so use lower-case "
          "letters, digits and underscores, starting with a letter");
    }
  }
}

}  // namespace

void CheckIds(const v1::Model& model, size_t max_id_bytes,
              DiagnosticList& diagnostics) {
  CheckNamespace({"privileges", "privilege"}, model.privileges(), max_id_bytes,
                 diagnostics);
  CheckNamespace({"roles", "role"}, model.roles(), max_id_bytes, diagnostics);
  CheckNamespace({"users", "user"}, model.users(), max_id_bytes, diagnostics);
  CheckNamespace({"switches", "switch"}, model.switches(), max_id_bytes,
                 diagnostics);
  CheckNamespace({"incident_types", "incident type"}, model.incident_types(),
                 max_id_bytes, diagnostics);
  CheckNamespace({"exclusions", "exclusion rule"}, model.exclusions(),
                 max_id_bytes, diagnostics);
}

}  // namespace rolegraph::model_internal
