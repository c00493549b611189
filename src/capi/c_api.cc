// The C API over the C++ library. Each entry point converts its arguments,
// calls the library inside a guard that turns absl::Status and C++
// exceptions into rolegraph_status codes, and serialises rich results.
#include "rolegraph/c_api.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "capi/queries.h"
#include "google/protobuf/message_lite.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"
#include "rolegraph/report.h"
#include "rolegraph/simulate.h"

struct rolegraph_error {
  rolegraph_status code;
  std::string message;
};

struct rolegraph_model {
  rolegraph::v1::Model model;
  // The file name that diagnostics and compile errors name.
  std::string file_name;
};

struct rolegraph_policy {
  std::shared_ptr<const rolegraph::Policy> policy;
};

struct rolegraph_evaluator {
  std::unique_ptr<rolegraph::Evaluator> evaluator;
};

namespace {

rolegraph_status Fail(rolegraph_error** error, rolegraph_status code,
                      std::string message) {
  if (error != nullptr) {
    // nothrow: a failure to allocate the error must not throw out of C.
    *error = new (std::nothrow) rolegraph_error{code, std::move(message)};
  }
  return code;
}

rolegraph_status Fail(rolegraph_error** error, const absl::Status& status) {
  return Fail(error, static_cast<rolegraph_status>(status.code()),
              std::string(status.message()));
}

rolegraph_status NullArgument(rolegraph_error** error, const char* name) {
  return Fail(error, ROLEGRAPH_INVALID_ARGUMENT,
              absl::StrCat("argument '", name, "' is NULL; pass a valid pointer"));
}

// Runs `body`, which returns an absl::Status, and converts its result or
// any exception it throws into a status code and an error object.
template <typename Body>
rolegraph_status Guard(rolegraph_error** error, Body&& body) {
  try {
    absl::Status status = body();
    if (status.ok()) return ROLEGRAPH_OK;
    return Fail(error, status);
  } catch (const std::bad_alloc&) {
    return Fail(error, ROLEGRAPH_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::exception& exception) {
    return Fail(error, ROLEGRAPH_INTERNAL,
                absl::StrCat("internal error: ", exception.what()));
  } catch (...) {
    return Fail(error, ROLEGRAPH_INTERNAL, "internal error: unknown exception");
  }
}

// Serialises `message` into a new buffer allocated with malloc.
absl::Status ToBuffer(const google::protobuf::MessageLite& message,
                      rolegraph_buffer** result) {
  const size_t size = message.ByteSizeLong();
  auto* buffer = static_cast<rolegraph_buffer*>(std::malloc(sizeof(rolegraph_buffer)));
  // malloc(0) may return NULL, so an empty message still gets one byte.
  auto* data = static_cast<uint8_t*>(std::malloc(size == 0 ? 1 : size));
  if (buffer == nullptr || data == nullptr) {
    std::free(buffer);
    std::free(data);
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory allocating a ", size, "-byte result"));
  }
  if (!message.SerializeToArray(data, static_cast<int>(size))) {
    std::free(buffer);
    std::free(data);
    return absl::InternalError(absl::StrCat(
        "failed to serialise ", message.GetTypeName(), " of ", size, " bytes"));
  }
  buffer->data = data;
  buffer->size = size;
  *result = buffer;
  return absl::OkStatus();
}

template <typename Message>
absl::Status ToBuffer(const absl::StatusOr<Message>& message,
                      rolegraph_buffer** result) {
  if (!message.ok()) return message.status();
  return ToBuffer(*message, result);
}

// Returns the int that a C caller passed for an enum parameter. C lets an
// enum hold any int, but loading a value outside the enumerators' range
// through a C++ enum type is undefined behaviour, so the bytes are copied.
template <typename Enum>
int EnumArgument(const Enum& argument) {
  static_assert(sizeof(Enum) == sizeof(int), "C enums here have the size of int");
  int value = 0;
  std::memcpy(&value, &argument, sizeof(value));
  return value;
}

absl::StatusOr<rolegraph::Configuration> ToConfiguration(int configuration) {
  switch (configuration) {
    case ROLEGRAPH_CONFIGURATION_PRODUCTION:
      return rolegraph::Configuration::kProduction;
    case ROLEGRAPH_CONFIGURATION_DEVELOPMENT:
      return rolegraph::Configuration::kDevelopment;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid configuration ", configuration,
                   "; pass ROLEGRAPH_CONFIGURATION_PRODUCTION or "
                   "ROLEGRAPH_CONFIGURATION_DEVELOPMENT"));
}

absl::StatusOr<rolegraph::ModelFormat> ToModelFormat(int format) {
  switch (format) {
    case ROLEGRAPH_FORMAT_BINARY:
      return rolegraph::ModelFormat::kBinary;
    case ROLEGRAPH_FORMAT_JSON:
      return rolegraph::ModelFormat::kJson;
    case ROLEGRAPH_FORMAT_TEXT:
      return rolegraph::ModelFormat::kText;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid model format ", format,
      "; pass ROLEGRAPH_FORMAT_BINARY, ROLEGRAPH_FORMAT_JSON or ROLEGRAPH_FORMAT_TEXT"));
}

}  // namespace

extern "C" {

rolegraph_status rolegraph_error_code(const rolegraph_error* error) {
  return error == nullptr ? ROLEGRAPH_OK : error->code;
}

const char* rolegraph_error_message(const rolegraph_error* error) {
  return error == nullptr ? "" : error->message.c_str();
}

void rolegraph_error_free(rolegraph_error* error) { delete error; }

void rolegraph_buffer_free(rolegraph_buffer* buffer) {
  if (buffer == nullptr) return;
  std::free(buffer->data);
  std::free(buffer);
}

const char* rolegraph_status_name(rolegraph_status status) {
  static constexpr const char* kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  const int index = static_cast<int>(status);
  if (index < 0 || index >= static_cast<int>(std::size(kNames))) return "UNKNOWN";
  return kNames[index];
}

const char* rolegraph_version(void) { return ROLEGRAPH_VERSION; }

rolegraph_status rolegraph_model_load_file(const char* path,
                                           rolegraph_model** model,
                                           rolegraph_error** error) {
  if (path == nullptr) return NullArgument(error, "path");
  if (model == nullptr) return NullArgument(error, "model");
  return Guard(error, [&]() -> absl::Status {
    absl::StatusOr<rolegraph::v1::Model> loaded = rolegraph::LoadModel(path);
    if (!loaded.ok()) return loaded.status();
    *model = new rolegraph_model{*std::move(loaded), path};
    return absl::OkStatus();
  });
}

rolegraph_status rolegraph_model_parse(const void* data, size_t size,
                                       rolegraph_model_format format,
                                       const char* file_name,
                                       rolegraph_model** model,
                                       rolegraph_error** error) {
  if (data == nullptr && size > 0) return NullArgument(error, "data");
  if (model == nullptr) return NullArgument(error, "model");
  return Guard(error, [&]() -> absl::Status {
    absl::StatusOr<rolegraph::ModelFormat> model_format =
        ToModelFormat(EnumArgument(format));
    if (!model_format.ok()) return model_format.status();
    const std::string name = file_name == nullptr ? "<model>" : file_name;
    const absl::string_view content(static_cast<const char*>(data), size);

    absl::StatusOr<rolegraph::v1::Model> parsed =
        rolegraph::ParseModel(content, *model_format, name);
    if (!parsed.ok()) return parsed.status();
    *model = new rolegraph_model{*std::move(parsed), name};
    return absl::OkStatus();
  });
}

rolegraph_status rolegraph_model_validate(const rolegraph_model* model,
                                          rolegraph_buffer** result,
                                          rolegraph_error** error) {
  if (model == nullptr) return NullArgument(error, "model");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&] {
    return ToBuffer(rolegraph::ValidateModel(model->model, model->file_name), result);
  });
}

void rolegraph_model_free(rolegraph_model* model) { delete model; }

rolegraph_status rolegraph_compile(const rolegraph_model* model,
                                   rolegraph_policy** policy,
                                   rolegraph_error** error) {
  if (model == nullptr) return NullArgument(error, "model");
  if (policy == nullptr) return NullArgument(error, "policy");
  return Guard(error, [&]() -> absl::Status {
    rolegraph::CompileOptions options;
    options.file_name = model->file_name;
    absl::StatusOr<std::shared_ptr<const rolegraph::Policy>> compiled =
        rolegraph::Compile(model->model, options);
    if (!compiled.ok()) return compiled.status();
    *policy = new rolegraph_policy{*std::move(compiled)};
    return absl::OkStatus();
  });
}

void rolegraph_policy_free(rolegraph_policy* policy) { delete policy; }

size_t rolegraph_policy_user_count(const rolegraph_policy* policy) {
  return policy == nullptr ? 0 : policy->policy->user_count();
}

size_t rolegraph_policy_role_count(const rolegraph_policy* policy) {
  return policy == nullptr ? 0 : policy->policy->role_count();
}

size_t rolegraph_policy_privilege_count(const rolegraph_policy* policy) {
  return policy == nullptr ? 0 : policy->policy->privilege_count();
}

rolegraph_status rolegraph_evaluator_create(
    const rolegraph_policy* policy, int64_t now_seconds, int32_t now_nanos,
    rolegraph_configuration configuration,
    const rolegraph_switch_override* overrides, size_t override_count,
    rolegraph_evaluator** evaluator, rolegraph_error** error) {
  if (policy == nullptr) return NullArgument(error, "policy");
  if (overrides == nullptr && override_count > 0) return NullArgument(error, "overrides");
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  return Guard(error, [&]() -> absl::Status {
    absl::StatusOr<rolegraph::Configuration> parsed_configuration =
        ToConfiguration(EnumArgument(configuration));
    if (!parsed_configuration.ok()) return parsed_configuration.status();
    absl::StatusOr<rolegraph::EvaluationContext> context =
        rolegraph::embed::ContextAt(now_seconds, now_nanos, *parsed_configuration);
    if (!context.ok()) return context.status();

    for (size_t i = 0; i < override_count; ++i) {
      if (overrides[i].switch_id == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "overrides[", i, "].switch_id is NULL; pass a switch id"));
      }
      context->switch_overrides.emplace_back(overrides[i].switch_id, overrides[i].on != 0);
    }

    absl::StatusOr<std::unique_ptr<rolegraph::Evaluator>> created =
        rolegraph::Evaluator::Create(policy->policy, *std::move(context));
    if (!created.ok()) return created.status();
    *evaluator = new rolegraph_evaluator{*std::move(created)};
    return absl::OkStatus();
  });
}

void rolegraph_evaluator_free(rolegraph_evaluator* evaluator) { delete evaluator; }

rolegraph_status rolegraph_check(const rolegraph_evaluator* evaluator,
                                 const char* user_id,
                                 const char* privilege_id, int* allowed,
                                 rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (user_id == nullptr) return NullArgument(error, "user_id");
  if (privilege_id == nullptr) return NullArgument(error, "privilege_id");
  if (allowed == nullptr) return NullArgument(error, "allowed");
  return Guard(error, [&]() -> absl::Status {
    absl::StatusOr<bool> result =
        rolegraph::embed::CheckByIds(*evaluator->evaluator, user_id, privilege_id);
    if (!result.ok()) return result.status();
    *allowed = *result ? 1 : 0;
    return absl::OkStatus();
  });
}

rolegraph_status rolegraph_privileges(const rolegraph_evaluator* evaluator,
                                      const char* user_id,
                                      rolegraph_buffer** result,
                                      rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (user_id == nullptr) return NullArgument(error, "user_id");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&] {
    return ToBuffer(rolegraph::embed::PrivilegesOf(*evaluator->evaluator, user_id),
                    result);
  });
}

rolegraph_status rolegraph_explain(const rolegraph_evaluator* evaluator,
                                   const char* user_id,
                                   const char* privilege_id,
                                   rolegraph_buffer** result,
                                   rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (user_id == nullptr) return NullArgument(error, "user_id");
  if (privilege_id == nullptr) return NullArgument(error, "privilege_id");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&] {
    return ToBuffer(
        rolegraph::embed::ExplainByIds(*evaluator->evaluator, user_id, privilege_id),
        result);
  });
}

rolegraph_status rolegraph_who_has(const rolegraph_evaluator* evaluator,
                                   const char* privilege_id,
                                   rolegraph_buffer** result,
                                   rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (privilege_id == nullptr) return NullArgument(error, "privilege_id");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&] {
    return ToBuffer(
        rolegraph::embed::WhoHasPrivilege(*evaluator->evaluator, privilege_id), result);
  });
}

rolegraph_status rolegraph_who_has_resource(const rolegraph_evaluator* evaluator,
                                            const char* resource,
                                            rolegraph_buffer** result,
                                            rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (resource == nullptr) return NullArgument(error, "resource");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&] {
    return ToBuffer(rolegraph::embed::WhoHasResource(*evaluator->evaluator, resource),
                    result);
  });
}

rolegraph_status rolegraph_report(const rolegraph_evaluator* evaluator,
                                  const char* group_by, int top_roles,
                                  int min_responders,
                                  rolegraph_buffer** result,
                                  rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (result == nullptr) return NullArgument(error, "result");
  if (top_roles < 0 || min_responders < 0) {
    return Fail(error, ROLEGRAPH_INVALID_ARGUMENT,
                absl::StrCat("invalid top_roles ", top_roles, " or min_responders ",
                             min_responders, "; pass 0 for the default or a positive count"));
  }
  return Guard(error, [&] {
    rolegraph::ReportOptions options;
    if (group_by != nullptr) options.group_by = group_by;
    if (top_roles > 0) options.top_roles = top_roles;
    if (min_responders > 0) options.min_responders = min_responders;
    return ToBuffer(rolegraph::BuildIncidentReport(*evaluator->evaluator, options),
                    result);
  });
}

rolegraph_status rolegraph_simulate(const rolegraph_evaluator* evaluator,
                                    const void* delta, size_t delta_size,
                                    rolegraph_buffer** result,
                                    rolegraph_error** error) {
  if (evaluator == nullptr) return NullArgument(error, "evaluator");
  if (delta == nullptr && delta_size > 0) return NullArgument(error, "delta");
  if (result == nullptr) return NullArgument(error, "result");
  return Guard(error, [&]() -> absl::Status {
    rolegraph::v1::ModelDelta parsed;
    if (delta_size > static_cast<size_t>(INT32_MAX) ||
        !parsed.ParseFromArray(delta, static_cast<int>(delta_size))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid delta: ", delta_size,
          " bytes are not a serialised rolegraph.v1.ModelDelta"));
    }
    return ToBuffer(rolegraph::Simulate(*evaluator->evaluator, parsed), result);
  });
}

}  // extern "C"
