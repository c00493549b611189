// Compact string storage for the compiled policy. Ids stored end to end,
// with a hash set of their positions, take a fraction of the memory of
// std::string ids in a hash map from id to position.
#ifndef ROLEGRAPH_SRC_ENGINE_STRING_POOL_H_
#define ROLEGRAPH_SRC_ENGINE_STRING_POOL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "condition/condition.h"

namespace rolegraph::internal {

// Strings stored end to end: string i is chars [offsets[i], offsets[i + 1]).
class StringPool {
 public:
  // Appends `text` at position size(). Fails when the pool would hold more
  // than 4 GiB, which 32-bit offsets cannot address. `label` names the
  // strings in the error, as in "user ids".
  absl::Status Add(absl::string_view text, const char* label);

  absl::string_view operator[](uint32_t i) const {
    return absl::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  size_t size() const { return offsets_.size() - 1; }

  void Reserve(size_t strings, size_t chars);
  void ShrinkToFit();

 private:
  std::string chars_;
  std::vector<uint32_t> offsets_{0};
};

// Sorted, unique ids with a hash index from id to position.
//
// The index stores positions only and hashes them through the pool, so the
// table must not move once built: it is neither copyable nor movable.
class IdTable {
 public:
  IdTable() : index_(0, Hash{this}, Eq{this}) {}
  IdTable(const IdTable&) = delete;
  IdTable& operator=(const IdTable&) = delete;

  // Takes ids in sorted order, with no duplicates.
  absl::Status Build(absl::Span<const absl::string_view> sorted_ids, const char* label);

  absl::string_view operator[](uint32_t i) const { return ids_[i]; }
  size_t size() const { return ids_.size(); }
  std::optional<uint32_t> Find(absl::string_view id) const;

 private:
  struct Hash {
    using is_transparent = void;
    const IdTable* table;
    size_t operator()(absl::string_view id) const { return absl::HashOf(id); }
    size_t operator()(uint32_t i) const { return absl::HashOf(table->ids_[i]); }
  };
  struct Eq {
    using is_transparent = void;
    const IdTable* table;
    absl::string_view View(absl::string_view id) const { return id; }
    absl::string_view View(uint32_t i) const { return table->ids_[i]; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return View(a) == View(b);
    }
  };

  StringPool ids_;
  absl::flat_hash_set<uint32_t, Hash, Eq> index_;
};

// A position that no string of a pool has.
inline constexpr uint32_t kNoText = UINT32_MAX;

// One attribute of a user: positions of its key and value in the owning
// AttributeTable's strings.
struct AttributeEntry {
  uint32_t key;
  uint32_t value;
};

// The attributes of many subjects. Keys and values are interned, and each
// subject's entries are sorted by key.
struct AttributeTable {
  StringPool strings;
  std::vector<uint32_t> offsets{0};
  std::vector<AttributeEntry> entries;

  absl::Span<const AttributeEntry> of(uint32_t subject) const {
    return absl::MakeConstSpan(entries.data() + offsets[subject],
                               offsets[subject + 1] - offsets[subject]);
  }
  std::optional<absl::string_view> Find(uint32_t subject, absl::string_view key) const;
  // The position of the subject's value at the key with position `key`, or
  // kNoText when the subject has no such attribute.
  uint32_t FindValue(uint32_t subject, uint32_t key) const;

 private:
  // The subject's entry whose key is `key`, or null.
  const AttributeEntry* Entry(uint32_t subject, absl::string_view key) const;
};

// One subject's attributes, as a condition reads them.
class AttributeView final : public condition::AttributeMap {
 public:
  AttributeView(const AttributeTable& table, uint32_t subject)
      : table_(table), subject_(subject) {}

  std::optional<absl::string_view> Find(absl::string_view key) const override {
    return table_.Find(subject_, key);
  }
  size_t size() const override { return table_.of(subject_).size(); }

 private:
  const AttributeTable& table_;
  uint32_t subject_;
};

}  // namespace rolegraph::internal

#endif  // ROLEGRAPH_SRC_ENGINE_STRING_POOL_H_
