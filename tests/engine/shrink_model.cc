#include "shrink_model.h"

#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace rolegraph::test {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Deletes element `index` of a repeated field, keeping the order of the
// others.
void DeleteElement(Message& message, const FieldDescriptor* field, int index) {
  const Reflection* reflection = message.GetReflection();
  int size = reflection->FieldSize(message, field);
  for (int i = index; i + 1 < size; ++i) {
    reflection->SwapElements(&message, field, i, i + 1);
  }
  reflection->RemoveLast(&message, field);
}

// Walks the edit sites of `message` in a fixed order and applies the one
// numbered `site`, counting `site` down as sites are passed. Returns false
// when there are fewer sites.
bool ApplyEdit(Message& message, int& site) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);

  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated()) {
      int size = reflection->FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        if (site-- == 0) {
          DeleteElement(message, field, i);
          return true;
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
            ApplyEdit(*reflection->MutableRepeatedMessage(&message, field, i),
                      site)) {
          return true;
        }
      }
      continue;
    }

    if (site-- == 0) {
      reflection->ClearField(&message, field);
      return true;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        ApplyEdit(*reflection->MutableMessage(&message, field), site)) {
      return true;
    }
  }
  return false;
}

}  // namespace

v1::Model ShrinkModel(v1::Model model,
                      const std::function<bool(const v1::Model&)>& still_fails) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (int site = 0;; ++site) {
      v1::Model candidate = model;
      int countdown = site;
      if (!ApplyEdit(candidate, countdown)) break;
      if (!still_fails(candidate)) continue;

      // The edit removed a site, so the same number now names the next one.
      model = std::move(candidate);
      changed = true;
      --site;
    }
  }
  return model;
}

}  // namespace rolegraph::test
