/* The rolegraph C API: load a model, compile it, evaluate it in a context.
 *
 *   rolegraph_model* model = NULL;
 *   rolegraph_policy* policy = NULL;
 *   rolegraph_evaluator* evaluator = NULL;
 *   rolegraph_error* error = NULL;
 *   int allowed = 0;
 *   if (rolegraph_model_load_file("org.json", &model, &error) != ROLEGRAPH_OK ||
 *       rolegraph_compile(model, &policy, &error) != ROLEGRAPH_OK ||
 *       rolegraph_evaluator_create(policy, time(NULL), 0,
 *                                  ROLEGRAPH_CONFIGURATION_PRODUCTION, NULL, 0,
 *                                  &evaluator, &error) != ROLEGRAPH_OK ||
 *       rolegraph_check(evaluator, "alice", "crm:export", &allowed,
 *                       &error) != ROLEGRAPH_OK) {
 *     fprintf(stderr, "%s\n", rolegraph_error_message(error));
 *     rolegraph_error_free(error);
 *   }
 *
 * Handles are opaque and no C++ type crosses this interface. Rich results
 * are serialised rolegraph.v1 protobuf messages (see the .proto files in
 * rolegraph/v1/, installed beside this header) in a rolegraph_buffer that
 * the caller frees with rolegraph_buffer_free. Every string is UTF-8 and
 * NUL-terminated.
 *
 * Errors: every function that can fail returns a rolegraph_status. On
 * failure, when `error` is not NULL, it sets *error to a new error object
 * with the code and a message that names the value and the fix. The
 * caller frees it with rolegraph_error_free. On success *error is left
 * untouched and the out-parameters are set. On failure the out-parameters
 * are left untouched. Passing NULL for a required pointer argument is
 * ROLEGRAPH_INVALID_ARGUMENT. No function aborts or throws on bad input.
 *
 * Thread safety: models, policies and evaluators are immutable after
 * creation, so any function that takes them as const may be called from
 * many threads at once on the same handle. Each handle must be freed
 * exactly once, after its last use by any thread. Error objects and
 * buffers belong to the caller that received them.
 */
#ifndef ROLEGRAPH_INCLUDE_ROLEGRAPH_C_API_H_
#define ROLEGRAPH_INCLUDE_ROLEGRAPH_C_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. The values are those of absl::StatusCode (and gRPC). */
typedef enum rolegraph_status {
  ROLEGRAPH_OK = 0,
  ROLEGRAPH_CANCELLED = 1,
  ROLEGRAPH_UNKNOWN = 2,
  /* Invalid input: a model with syntax or validation errors, bad bytes, a
   * NULL argument, an invalid delta. */
  ROLEGRAPH_INVALID_ARGUMENT = 3,
  ROLEGRAPH_DEADLINE_EXCEEDED = 4,
  /* A missing file, or an unknown user, privilege, resource or switch. */
  ROLEGRAPH_NOT_FOUND = 5,
  ROLEGRAPH_ALREADY_EXISTS = 6,
  ROLEGRAPH_PERMISSION_DENIED = 7,
  ROLEGRAPH_RESOURCE_EXHAUSTED = 8,
  ROLEGRAPH_FAILED_PRECONDITION = 9,
  ROLEGRAPH_ABORTED = 10,
  ROLEGRAPH_OUT_OF_RANGE = 11,
  ROLEGRAPH_UNIMPLEMENTED = 12,
  /* A bug in rolegraph, or memory exhaustion. */
  ROLEGRAPH_INTERNAL = 13,
  ROLEGRAPH_UNAVAILABLE = 14,
  ROLEGRAPH_DATA_LOSS = 15,
  ROLEGRAPH_UNAUTHENTICATED = 16
} rolegraph_status;

/* The encoding of model bytes given to rolegraph_model_parse. */
typedef enum rolegraph_model_format {
  /* A serialised rolegraph.v1.Model (binary protobuf). */
  ROLEGRAPH_FORMAT_BINARY = 0,
  /* proto3 JSON. */
  ROLEGRAPH_FORMAT_JSON = 1,
  /* protobuf text format. */
  ROLEGRAPH_FORMAT_TEXT = 2
} rolegraph_model_format;

/* Which lifecycle states are in effect: production evaluates active and
 * deprecated items, development active and proposed ones. */
typedef enum rolegraph_configuration {
  ROLEGRAPH_CONFIGURATION_PRODUCTION = 0,
  ROLEGRAPH_CONFIGURATION_DEVELOPMENT = 1
} rolegraph_configuration;

typedef struct rolegraph_error rolegraph_error;
/* A parsed, not yet validated model. */
typedef struct rolegraph_model rolegraph_model;
/* A validated, compiled model. Immutable. */
typedef struct rolegraph_policy rolegraph_policy;
/* A policy resolved for one evaluation context. Immutable. */
typedef struct rolegraph_evaluator rolegraph_evaluator;

/* Bytes owned by the caller, freed with rolegraph_buffer_free. */
typedef struct rolegraph_buffer {
  uint8_t* data;
  size_t size;
} rolegraph_buffer;

/* A switch state forced for one evaluation. */
typedef struct rolegraph_switch_override {
  /* The switch id, such as "incident_response". */
  const char* switch_id;
  /* Nonzero forces the switch on, zero forces it off. */
  int on;
} rolegraph_switch_override;

/* ---- Errors and buffers ---- */

/* Returns the error's code, or ROLEGRAPH_OK for a NULL error. */
rolegraph_status rolegraph_error_code(const rolegraph_error* error);

/* Returns the error's message. The string belongs to the error and lives
 * until rolegraph_error_free. Returns "" for a NULL error. */
const char* rolegraph_error_message(const rolegraph_error* error);

/* Frees an error. NULL is allowed. */
void rolegraph_error_free(rolegraph_error* error);

/* Frees a buffer and its data. NULL is allowed. */
void rolegraph_buffer_free(rolegraph_buffer* buffer);

/* Returns the status code's name, such as "NOT_FOUND". The string is
 * static. */
const char* rolegraph_status_name(rolegraph_status status);

/* Returns the library version, such as "0.1.0". The string is static. */
const char* rolegraph_version(void);

/* ---- Models ---- */

/* Reads and parses a model file; the format follows the extension (.json,
 * .txtpb/.textproto/.pbtxt, .binpb/.pb). A missing file is
 * ROLEGRAPH_NOT_FOUND; a syntax error is ROLEGRAPH_INVALID_ARGUMENT with
 * "FILE:LINE:COLUMN: ..." in the message. On success *model is a new
 * model, freed with rolegraph_model_free. */
rolegraph_status rolegraph_model_load_file(const char* path,
                                           rolegraph_model** model,
                                           rolegraph_error** error);

/* Parses a model from `size` bytes at `data` (which need not be
 * NUL-terminated) in the given format. `file_name` names the model in
 * messages and diagnostics; NULL means "<model>". Errors and ownership as
 * for rolegraph_model_load_file. */
rolegraph_status rolegraph_model_parse(const void* data, size_t size,
                                       rolegraph_model_format format,
                                       const char* file_name,
                                       rolegraph_model** model,
                                       rolegraph_error** error);

/* Checks the model for every semantic problem and sets *result to a
 * serialised rolegraph.v1.ValidationResult, which lists errors and
 * warnings. Succeeds even when the model has errors; the result's
 * error_count says so. */
rolegraph_status rolegraph_model_validate(const rolegraph_model* model,
                                          rolegraph_buffer** result,
                                          rolegraph_error** error);

/* Frees a model. NULL is allowed. Policies compiled from it stay valid. */
void rolegraph_model_free(rolegraph_model* model);

/* ---- Policies ---- */

/* Validates and compiles the model. A model with validation errors is
 * ROLEGRAPH_INVALID_ARGUMENT, and the message lists them with their field
 * paths. On success *policy is a new policy, freed with
 * rolegraph_policy_free; it does not refer to `model`. */
rolegraph_status rolegraph_compile(const rolegraph_model* model,
                                   rolegraph_policy** policy,
                                   rolegraph_error** error);

/* Frees a policy. NULL is allowed. Evaluators created from it keep it
 * alive internally and stay valid. */
void rolegraph_policy_free(rolegraph_policy* policy);

/* Returns the number of users, roles and privileges of the policy, or 0
 * for a NULL policy. */
size_t rolegraph_policy_user_count(const rolegraph_policy* policy);
size_t rolegraph_policy_role_count(const rolegraph_policy* policy);
size_t rolegraph_policy_privilege_count(const rolegraph_policy* policy);

/* ---- Evaluators ---- */

/* Resolves the policy for one context: the time `now_seconds` (seconds
 * since the Unix epoch) plus `now_nanos` (0 to 999999999), the
 * configuration, and `override_count` switch overrides (`overrides` may be
 * NULL when the count is 0). Switches not overridden read their model
 * state. An override naming an unknown switch is ROLEGRAPH_NOT_FOUND;
 * nanos out of range or an unknown configuration is
 * ROLEGRAPH_INVALID_ARGUMENT. On success *evaluator is new, freed with
 * rolegraph_evaluator_free. */
rolegraph_status rolegraph_evaluator_create(
    const rolegraph_policy* policy, int64_t now_seconds, int32_t now_nanos,
    rolegraph_configuration configuration,
    const rolegraph_switch_override* overrides, size_t override_count,
    rolegraph_evaluator** evaluator, rolegraph_error** error);

/* Frees an evaluator. NULL is allowed. */
void rolegraph_evaluator_free(rolegraph_evaluator* evaluator);

/* Sets *allowed to 1 when the user effectively holds the privilege, else
 * 0. An unknown user or privilege is ROLEGRAPH_NOT_FOUND. This is the fast
 * path: it allocates nothing beyond the id lookup. */
rolegraph_status rolegraph_check(const rolegraph_evaluator* evaluator,
                                 const char* user_id,
                                 const char* privilege_id, int* allowed,
                                 rolegraph_error** error);

/* Sets *result to a serialised rolegraph.v1.PrivilegesResult: the user's
 * effective privileges and roles, and for an inactive user its latent
 * privileges. An unknown user is ROLEGRAPH_NOT_FOUND. */
rolegraph_status rolegraph_privileges(const rolegraph_evaluator* evaluator,
                                      const char* user_id,
                                      rolegraph_buffer** result,
                                      rolegraph_error** error);

/* Sets *result to a serialised rolegraph.v1.Explanation: every assignment
 * path from the user to the privilege with its condition values. An
 * unknown user or privilege is ROLEGRAPH_NOT_FOUND. */
rolegraph_status rolegraph_explain(const rolegraph_evaluator* evaluator,
                                   const char* user_id,
                                   const char* privilege_id,
                                   rolegraph_buffer** result,
                                   rolegraph_error** error);

/* Sets *result to a serialised rolegraph.v1.WhoHasResult for one
 * privilege: active holders, dormant holders and their counts. The first
 * call on an evaluator builds its population index. An unknown privilege
 * is ROLEGRAPH_NOT_FOUND. */
rolegraph_status rolegraph_who_has(const rolegraph_evaluator* evaluator,
                                   const char* privilege_id,
                                   rolegraph_buffer** result,
                                   rolegraph_error** error);

/* The same for every privilege on a resource, such as "crm". An unknown
 * resource is ROLEGRAPH_NOT_FOUND. */
rolegraph_status rolegraph_who_has_resource(
    const rolegraph_evaluator* evaluator, const char* resource,
    rolegraph_buffer** result, rolegraph_error** error);

/* Builds the incident-readiness report in the evaluator's context and sets
 * *result to a serialised rolegraph.v1.IncidentReadinessReport.
 * `group_by` is the user attribute that splits holder counts, NULL or ""
 * for none. `top_roles` is how many roles the blast-radius ranking lists.
 * `min_responders` is the responder count below which an incident type is
 * flagged. A count of 0 means the library's default, and a negative count
 * is ROLEGRAPH_INVALID_ARGUMENT. */
rolegraph_status rolegraph_report(const rolegraph_evaluator* evaluator,
                                  const char* group_by, int top_roles,
                                  int min_responders,
                                  rolegraph_buffer** result,
                                  rolegraph_error** error);

/* Simulates a what-if change in the evaluator's context. `delta` holds
 * `delta_size` bytes of a serialised rolegraph.v1.ModelDelta. Sets *result
 * to a serialised rolegraph.v1.SimulationResult: per user, the privileges
 * and roles gained and lost, and totals. Bytes that do not parse, or a
 * change naming an unknown item, are ROLEGRAPH_INVALID_ARGUMENT. */
rolegraph_status rolegraph_simulate(const rolegraph_evaluator* evaluator,
                                    const void* delta, size_t delta_size,
                                    rolegraph_buffer** result,
                                    rolegraph_error** error);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* ROLEGRAPH_INCLUDE_ROLEGRAPH_C_API_H_ */
