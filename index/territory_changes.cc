// Update masks of territories and the fields a write changes.
#include "index/territory_changes.h"

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"

namespace matching::index {

using google::protobuf::FieldDescriptor;
using google::protobuf::util::FieldMaskUtil;

absl::Status ValidateTerritoryPaths(const std::vector<std::string>& paths,
                                    const std::string& field) {
  for (const std::string& path : paths) {
    if (path.empty() ||
        !FieldMaskUtil::GetFieldDescriptors(v1::Territory::descriptor(), path, nullptr)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": '", path,
                       "' is not a field of Territory (fields: name, population, apl, ...)"));
    }
  }
  return absl::OkStatus();
}

v1::Territory MergeTerritory(const v1::Territory& stored, const v1::Territory& update,
                             const std::vector<std::string>& paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  v1::Territory merged = stored;
  FieldMaskUtil::MergeMessageTo(update, mask, options, &merged);
  merged.set_id(stored.id());
  return merged;
}

std::vector<std::string> ChangedTerritoryFields(const v1::Territory* before,
                                                const v1::Territory& after) {
  std::vector<std::string> changed;
  const v1::Territory empty;
  const v1::Territory& old = before != nullptr ? *before : empty;
  const google::protobuf::Descriptor* descriptor = v1::Territory::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->number() == v1::Territory::kIdFieldNumber) continue;
    google::protobuf::util::MessageDifferencer differencer;
    // Compare only this field: every other one is ignored.
    for (int j = 0; j < descriptor->field_count(); ++j) {
      if (j != i) differencer.IgnoreField(descriptor->field(j));
    }
    if (!differencer.Compare(old, after)) changed.push_back(field->name());
  }
  return changed;
}

}  // namespace matching::index
