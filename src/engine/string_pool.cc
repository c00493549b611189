#include "engine/string_pool.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"

namespace rolegraph::internal {

absl::Status StringPool::Add(absl::string_view text, const char* label) {
  if (text.size() > std::numeric_limits<uint32_t>::max() - chars_.size()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the model's ", label, " add up to more than 4 GiB, which the compiled policy ",
        "cannot hold; split the model or shorten them"));
  }
  chars_.append(text.data(), text.size());
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  return absl::OkStatus();
}

void StringPool::Reserve(size_t strings, size_t chars) {
  offsets_.reserve(offsets_.size() + strings);
  chars_.reserve(chars_.size() + chars);
}

void StringPool::ShrinkToFit() {
  chars_.shrink_to_fit();
  offsets_.shrink_to_fit();
}

absl::Status IdTable::Build(absl::Span<const absl::string_view> sorted_ids,
                            const char* label) {
  size_t chars = 0;
  for (absl::string_view id : sorted_ids) chars += id.size();
  ids_.Reserve(sorted_ids.size(), chars);
  for (absl::string_view id : sorted_ids) {
    absl::Status status = ids_.Add(id, label);
    if (!status.ok()) return status;
  }
  index_.reserve(sorted_ids.size());
  for (uint32_t i = 0; i < sorted_ids.size(); ++i) index_.insert(i);
  return absl::OkStatus();
}

std::optional<uint32_t> IdTable::Find(absl::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return *it;
}

const AttributeEntry* AttributeTable::Entry(uint32_t subject, absl::string_view key) const {
  const absl::Span<const AttributeEntry> own = of(subject);
  auto it = std::lower_bound(own.begin(), own.end(), key,
                             [this](const AttributeEntry& entry, absl::string_view k) {
                               return strings[entry.key] < k;
                             });
  if (it == own.end() || strings[it->key] != key) return nullptr;
  return &*it;
}

std::optional<absl::string_view> AttributeTable::Find(uint32_t subject,
                                                      absl::string_view key) const {
  const AttributeEntry* entry = Entry(subject, key);
  if (entry == nullptr) return std::nullopt;
  return strings[entry->value];
}

uint32_t AttributeTable::FindValue(uint32_t subject, uint32_t key) const {
  if (key == kNoText) return kNoText;
  const AttributeEntry* entry = Entry(subject, strings[key]);
  return entry == nullptr ? kNoText : entry->value;
}

}  // namespace rolegraph::internal
