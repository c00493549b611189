#include "model/suggest.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"

namespace rolegraph::model_internal {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  // Three rows of the optimal string alignment table: the one before the
  // previous row is needed for swaps of adjacent characters.
  std::vector<size_t> before_previous(b.size() + 1);
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;

  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution =
          previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] =
          std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      }
    }
    std::swap(before_previous, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string ClosestMatch(absl::string_view name,
                         absl::Span<const std::string> candidates) {
  const std::string lower_name = absl::AsciiStrToLower(name);
  const size_t allowed = std::max<size_t>(1, name.size() / 3);
  // Very long ids make the quadratic distance expensive and are rarely typos.
  constexpr size_t kMaxComparedLength = 256;
  if (name.size() > kMaxComparedLength) return std::string();

  const std::string* best = nullptr;
  size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name || candidate.size() > kMaxComparedLength) continue;
    const size_t length_gap = candidate.size() > name.size()
                                  ? candidate.size() - name.size()
                                  : name.size() - candidate.size();
    if (length_gap >= best_distance) continue;
    const size_t distance =
        EditDistance(lower_name, absl::AsciiStrToLower(candidate));
    if (distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  return best == nullptr ? std::string() : *best;
}

}  // namespace rolegraph::model_internal
