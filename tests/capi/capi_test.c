/* Tests of the C API from C11: loading, compiling, every query, the
 * serialised results and the error paths. Results are checked by reading
 * the protobuf wire format directly, as a C host without a protobuf
 * library would. */
#include "rolegraph/c_api.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(condition)                                                   \
  do {                                                                      \
    if (!(condition)) {                                                     \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                           \
    }                                                                       \
  } while (0)

/* Stops the test when a call that later checks depend on fails. */
#define REQUIRE_OK(call, error)                                             \
  do {                                                                      \
    rolegraph_status status_ = (call);                                      \
    if (status_ != ROLEGRAPH_OK) {                                          \
      fprintf(stderr, "%s:%d: %s failed with %s: %s\n", __FILE__, __LINE__, \
              #call, rolegraph_status_name(status_),                        \
              rolegraph_error_message(error));                              \
      exit(1);                                                              \
    }                                                                       \
  } while (0)

/* 2026-12-04T12:00:00Z and 2026-03-01T00:00:00Z in Unix seconds. */
#define DECEMBER_4 1796385600
#define MARCH_1 1772323200

/* dan is a DBA, ana an analyst, rita a responder whose export right needs
 * the incident_response switch, olga a disabled DBA (a dormant holder) and
 * tim a contractor whose account ended in June. The "audited" meta-role
 * grants db:audit to the members of the roles assigned to it (order 2). */
static const char kModel[] =
    "{\n"
    "  \"name\": \"c api test\",\n"
    "  \"privileges\": [\n"
    "    {\"id\": \"db:read\", \"resource\": \"db\", \"action\": \"read\", "
    "\"sensitivity\": \"SENSITIVITY_LOW\"},\n"
    "    {\"id\": \"db:admin\", \"resource\": \"db\", \"action\": \"admin\", "
    "\"sensitivity\": \"SENSITIVITY_CRITICAL\"},\n"
    "    {\"id\": \"db:audit\", \"resource\": \"db\", \"action\": \"audit\", "
    "\"sensitivity\": \"SENSITIVITY_MEDIUM\"},\n"
    "    {\"id\": \"crm:export\", \"resource\": \"crm\", \"action\": \"export\", "
    "\"sensitivity\": \"SENSITIVITY_HIGH\"}\n"
    "  ],\n"
    "  \"roles\": [\n"
    "    {\"id\": \"audited\", \"kind\": \"ROLE_KIND_META\", "
    "\"inducements\": [{\"privilege\": \"db:audit\", \"order\": 2}]},\n"
    "    {\"id\": \"dba\", \"assignments\": [{\"role\": \"audited\"}], "
    "\"inducements\": [{\"privilege\": \"db:admin\"}, {\"role\": \"analyst\"}]},\n"
    "    {\"id\": \"analyst\", \"inducements\": [{\"privilege\": \"db:read\"}]},\n"
    "    {\"id\": \"responder\", \"inducements\": [{\"privilege\": \"crm:export\", "
    "\"condition\": {\"expression\": \"switches.incident_response\"}}]}\n"
    "  ],\n"
    "  \"users\": [\n"
    "    {\"id\": \"ana\", \"assignments\": [{\"role\": \"analyst\"}]},\n"
    "    {\"id\": \"dan\", \"assignments\": [{\"role\": \"dba\"}]},\n"
    "    {\"id\": \"olga\", \"activation\": {\"administrativeStatus\": "
    "\"ADMINISTRATIVE_STATUS_DISABLED\"}, \"assignments\": [{\"role\": \"dba\"}]},\n"
    "    {\"id\": \"rita\", \"assignments\": [{\"role\": \"responder\"}]},\n"
    "    {\"id\": \"tim\", \"activation\": {\"validTo\": \"2026-06-30T00:00:00Z\"}, "
    "\"assignments\": [{\"role\": \"analyst\"}]}\n"
    "  ],\n"
    "  \"switches\": [{\"id\": \"incident_response\"}],\n"
    "  \"incidentTypes\": [{\"id\": \"db-breach\", \"name\": \"Database "
    "compromised\", \"resources\": [\"db\"]}]\n"
    "}\n";

/* ---- A minimal protobuf wire-format reader and writer ---- */

typedef struct {
  const uint8_t* data;
  size_t size;
} bytes_view;

static bool read_varint(const uint8_t** cursor, const uint8_t* end, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && *cursor < end; shift += 7) {
    const uint8_t byte = *(*cursor)++;
    *value |= (uint64_t)(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

/* Calls visit(field value, context) for every occurrence of `field` at the
 * top level of `message`. Varint fields pass their value in `number`,
 * length-delimited fields their bytes in `view`. Returns how many it met. */
typedef void (*field_visitor)(uint64_t number, bytes_view view, void* context);

static int for_each_field(bytes_view message, uint32_t field, field_visitor visit,
                          void* context) {
  const uint8_t* cursor = message.data;
  const uint8_t* end = message.data + message.size;
  int count = 0;
  while (cursor < end) {
    uint64_t key = 0;
    if (!read_varint(&cursor, end, &key)) return -1;
    const uint32_t number = (uint32_t)(key >> 3);
    const uint32_t wire_type = (uint32_t)(key & 7);
    uint64_t value = 0;
    bytes_view view = {NULL, 0};
    if (wire_type == 0) {
      if (!read_varint(&cursor, end, &value)) return -1;
    } else if (wire_type == 2) {
      if (!read_varint(&cursor, end, &value) || value > (uint64_t)(end - cursor)) return -1;
      view.data = cursor;
      view.size = (size_t)value;
      cursor += value;
    } else if (wire_type == 1 || wire_type == 5) {
      const size_t width = wire_type == 1 ? 8 : 4;
      if ((size_t)(end - cursor) < width) return -1;
      cursor += width;
    } else {
      return -1;
    }
    if (number == field) {
      ++count;
      if (visit != NULL) visit(value, view, context);
    }
  }
  return count;
}

typedef struct {
  char items[16][64];
  int count;
} string_list;

static void collect_string(uint64_t number, bytes_view view, void* context) {
  (void)number;
  string_list* list = context;
  if (list->count < 16 && view.size < 64) {
    memcpy(list->items[list->count], view.data, view.size);
    list->items[list->count][view.size] = '\0';
    ++list->count;
  }
}

static string_list strings_of(bytes_view message, uint32_t field) {
  string_list list;
  memset(&list, 0, sizeof list);
  for_each_field(message, field, collect_string, &list);
  return list;
}

static void keep_number(uint64_t number, bytes_view view, void* context) {
  (void)view;
  *(uint64_t*)context = number;
}

/* The last value of a varint field; 0 when absent, as proto3 defaults. */
static uint64_t number_of(bytes_view message, uint32_t field) {
  uint64_t number = 0;
  for_each_field(message, field, keep_number, &number);
  return number;
}

static void keep_view(uint64_t number, bytes_view view, void* context) {
  (void)number;
  *(bytes_view*)context = view;
}

static bytes_view message_of(bytes_view message, uint32_t field) {
  bytes_view view = {NULL, 0};
  for_each_field(message, field, keep_view, &view);
  return view;
}

static bool list_equals(const string_list* list, int count, const char* const* expected) {
  if (list->count != count) return false;
  for (int i = 0; i < count; ++i) {
    if (strcmp(list->items[i], expected[i]) != 0) return false;
  }
  return true;
}

static bytes_view view_of(const rolegraph_buffer* buffer) {
  bytes_view view = {buffer->data, buffer->size};
  return view;
}

/* Appends a length-delimited field to `out` (at most `capacity` bytes). */
static size_t put_bytes(uint8_t* out, size_t used, size_t capacity, uint32_t field,
                        const void* data, size_t size) {
  if (used + 2 + size > capacity || size > 127) abort();
  out[used++] = (uint8_t)(field << 3 | 2);
  out[used++] = (uint8_t)size;
  memcpy(out + used, data, size);
  return used + size;
}

static size_t put_string(uint8_t* out, size_t used, size_t capacity, uint32_t field,
                         const char* text) {
  return put_bytes(out, used, capacity, field, text, strlen(text));
}

/* ---- Fixtures ---- */

static rolegraph_policy* compile_json(const char* json) {
  rolegraph_model* model = NULL;
  rolegraph_policy* policy = NULL;
  rolegraph_error* error = NULL;
  REQUIRE_OK(rolegraph_model_parse(json, strlen(json), ROLEGRAPH_FORMAT_JSON,
                                   "test.json", &model, &error),
             error);
  REQUIRE_OK(rolegraph_compile(model, &policy, &error), error);
  rolegraph_model_free(model);
  return policy;
}

static rolegraph_evaluator* evaluator_at(const rolegraph_policy* policy, int64_t seconds,
                                         const rolegraph_switch_override* overrides,
                                         size_t override_count) {
  rolegraph_evaluator* evaluator = NULL;
  rolegraph_error* error = NULL;
  REQUIRE_OK(rolegraph_evaluator_create(policy, seconds, 0,
                                        ROLEGRAPH_CONFIGURATION_PRODUCTION, overrides,
                                        override_count, &evaluator, &error),
             error);
  return evaluator;
}

static int check(const rolegraph_evaluator* evaluator, const char* user,
                 const char* privilege) {
  int allowed = -1;
  rolegraph_error* error = NULL;
  REQUIRE_OK(rolegraph_check(evaluator, user, privilege, &allowed, &error), error);
  return allowed;
}

/* ---- Tests ---- */

static void test_check(void) {
  rolegraph_policy* policy = compile_json(kModel);
  EXPECT(rolegraph_policy_user_count(policy) == 5);
  EXPECT(rolegraph_policy_role_count(policy) == 4);
  EXPECT(rolegraph_policy_privilege_count(policy) == 4);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);

  EXPECT(check(evaluator, "ana", "db:read") == 1);
  EXPECT(check(evaluator, "ana", "db:admin") == 0);
  EXPECT(check(evaluator, "dan", "db:admin") == 1);
  /* Through the dba role's inducement of analyst. */
  EXPECT(check(evaluator, "dan", "db:read") == 1);
  /* The order-2 inducement of the meta-role reaches dba's members only. */
  EXPECT(check(evaluator, "dan", "db:audit") == 1);
  EXPECT(check(evaluator, "ana", "db:audit") == 0);
  /* Disabled and expired accounts hold nothing. */
  EXPECT(check(evaluator, "olga", "db:admin") == 0);
  EXPECT(check(evaluator, "tim", "db:read") == 0);
  /* The switch is off in the model. */
  EXPECT(check(evaluator, "rita", "crm:export") == 0);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_context(void) {
  rolegraph_policy* policy = compile_json(kModel);

  rolegraph_evaluator* march = evaluator_at(policy, MARCH_1, NULL, 0);
  EXPECT(check(march, "tim", "db:read") == 1);
  rolegraph_evaluator_free(march);

  const rolegraph_switch_override on[] = {{"incident_response", 1}};
  rolegraph_evaluator* incident = evaluator_at(policy, DECEMBER_4, on, 1);
  EXPECT(check(incident, "rita", "crm:export") == 1);
  EXPECT(check(incident, "ana", "crm:export") == 0);

  /* The evaluator keeps the policy alive after the handle is freed. */
  rolegraph_policy_free(policy);
  EXPECT(check(incident, "rita", "crm:export") == 1);
  rolegraph_evaluator_free(incident);
}

static void test_privileges(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_buffer* result = NULL;
  rolegraph_error* error = NULL;

  REQUIRE_OK(rolegraph_privileges(evaluator, "dan", &result, &error), error);
  const string_list privileges = strings_of(view_of(result), 4);
  const char* const dan_privileges[] = {"db:admin", "db:audit", "db:read"};
  EXPECT(list_equals(&privileges, 3, dan_privileges));
  const string_list roles = strings_of(view_of(result), 6);
  const char* const dan_roles[] = {"analyst", "dba"};
  EXPECT(list_equals(&roles, 2, dan_roles));
  EXPECT(number_of(view_of(result), 3) == 1); /* user_active */
  rolegraph_buffer_free(result);

  /* A disabled user: no effective privileges, but latent ones. */
  result = NULL;
  REQUIRE_OK(rolegraph_privileges(evaluator, "olga", &result, &error), error);
  EXPECT(number_of(view_of(result), 3) == 0);
  EXPECT(strings_of(view_of(result), 4).count == 0);
  const string_list latent = strings_of(view_of(result), 5);
  EXPECT(list_equals(&latent, 3, dan_privileges));
  rolegraph_buffer_free(result);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_explain(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_buffer* result = NULL;
  rolegraph_error* error = NULL;

  REQUIRE_OK(rolegraph_explain(evaluator, "dan", "db:audit", &result, &error), error);
  const bytes_view explanation = view_of(result);
  EXPECT(strcmp(strings_of(explanation, 2).items[0], "dan") == 0);
  EXPECT(number_of(explanation, 4) == 1); /* allowed */
  EXPECT(for_each_field(explanation, 6, NULL, NULL) >= 1); /* paths */
  rolegraph_buffer_free(result);

  /* rita's path exists but its condition reads false. */
  result = NULL;
  REQUIRE_OK(rolegraph_explain(evaluator, "rita", "crm:export", &result, &error), error);
  EXPECT(number_of(view_of(result), 4) == 0);
  const bytes_view path = message_of(view_of(result), 6);
  EXPECT(path.data != NULL);
  EXPECT(number_of(path, 2) == 0); /* grants */
  rolegraph_buffer_free(result);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_who_has(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_buffer* result = NULL;
  rolegraph_error* error = NULL;

  REQUIRE_OK(rolegraph_who_has(evaluator, "db:admin", &result, &error), error);
  const string_list holders = strings_of(view_of(result), 3);
  const char* const admins[] = {"dan"};
  EXPECT(list_equals(&holders, 1, admins));
  const string_list dormant = strings_of(view_of(result), 4);
  const char* const dormant_admins[] = {"olga"};
  EXPECT(list_equals(&dormant, 1, dormant_admins));
  EXPECT(number_of(view_of(result), 5) == 1);
  EXPECT(number_of(view_of(result), 6) == 1);
  rolegraph_buffer_free(result);

  /* tim's account ended, so he is a dormant holder of db:read. */
  result = NULL;
  REQUIRE_OK(rolegraph_who_has_resource(evaluator, "db", &result, &error), error);
  const string_list db_holders = strings_of(view_of(result), 3);
  const char* const expected[] = {"ana", "dan"};
  EXPECT(list_equals(&db_holders, 2, expected));
  const string_list db_dormant = strings_of(view_of(result), 4);
  const char* const expected_dormant[] = {"olga", "tim"};
  EXPECT(list_equals(&db_dormant, 2, expected_dormant));
  EXPECT(strings_of(view_of(result), 2).count == 3);
  rolegraph_buffer_free(result);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_report(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_buffer* result = NULL;
  rolegraph_error* error = NULL;

  REQUIRE_OK(rolegraph_report(evaluator, NULL, 0, 0, &result, &error), error);
  const bytes_view report = view_of(result);
  EXPECT(strcmp(strings_of(report, 1).items[0], "c api test") == 0);
  EXPECT(number_of(report, 3) == 5); /* user_count */
  EXPECT(number_of(report, 4) == 3); /* active_user_count: olga and tim are not */
  const bytes_view incident = message_of(report, 7);
  EXPECT(strcmp(strings_of(incident, 1).items[0], "db-breach") == 0);
  EXPECT(number_of(incident, 5) == 2); /* holder_count: ana and dan */
  EXPECT(number_of(incident, 8) == 2); /* dormant_holder_count: olga and tim */
  rolegraph_buffer_free(result);

  result = NULL;
  EXPECT(rolegraph_report(evaluator, NULL, -1, 0, &result, &error) ==
         ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(result == NULL);
  rolegraph_error_free(error);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_simulate(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_buffer* result = NULL;
  rolegraph_error* error = NULL;

  /* ModelDelta{changes: [Change{obtain_role: {user: "ana", role: "dba"}}]} */
  uint8_t obtain[32], change[40], delta[48];
  size_t obtain_size = put_string(obtain, 0, sizeof obtain, 1, "ana");
  obtain_size = put_string(obtain, obtain_size, sizeof obtain, 2, "dba");
  const size_t change_size = put_bytes(change, 0, sizeof change, 9, obtain, obtain_size);
  const size_t delta_size = put_bytes(delta, 0, sizeof delta, 2, change, change_size);

  REQUIRE_OK(rolegraph_simulate(evaluator, delta, delta_size, &result, &error), error);
  const bytes_view simulation = view_of(result);
  const bytes_view ana = message_of(simulation, 3);
  EXPECT(strcmp(strings_of(ana, 1).items[0], "ana") == 0);
  const string_list gained = strings_of(ana, 2);
  const char* const expected[] = {"db:admin", "db:audit"};
  EXPECT(list_equals(&gained, 2, expected));
  EXPECT(strings_of(ana, 3).count == 0);
  EXPECT(number_of(message_of(simulation, 4), 1) == 1); /* users_affected */
  rolegraph_buffer_free(result);

  /* Bytes that are not a ModelDelta. */
  const uint8_t garbage[] = {0xff, 0xff, 0xff};
  result = NULL;
  EXPECT(rolegraph_simulate(evaluator, garbage, sizeof garbage, &result, &error) ==
         ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(result == NULL);
  rolegraph_error_free(error);

  /* A change naming an unknown user. */
  uint8_t unknown[32], unknown_change[40], unknown_delta[48];
  size_t unknown_size = put_string(unknown, 0, sizeof unknown, 1, "nobody");
  unknown_size = put_string(unknown, unknown_size, sizeof unknown, 2, "dba");
  const size_t unknown_change_size =
      put_bytes(unknown_change, 0, sizeof unknown_change, 9, unknown, unknown_size);
  const size_t unknown_delta_size = put_bytes(unknown_delta, 0, sizeof unknown_delta, 2,
                                              unknown_change, unknown_change_size);
  error = NULL;
  EXPECT(rolegraph_simulate(evaluator, unknown_delta, unknown_delta_size, &result,
                            &error) == ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "nobody") != NULL);
  rolegraph_error_free(error);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_binary_model(void) {
  /* Model{name: "tiny", privileges: [{id: "p"}], roles: [{id: "r",
   * inducements: [{privilege: "p"}]}], users: [{id: "u", assignments:
   * [{role: "r"}]}]} */
  uint8_t privilege[8], inducement[8], role[16], assignment[8], user[16], model[64];
  const size_t privilege_size = put_string(privilege, 0, sizeof privilege, 1, "p");
  const size_t inducement_size = put_string(inducement, 0, sizeof inducement, 2, "p");
  size_t role_size = put_string(role, 0, sizeof role, 1, "r");
  role_size = put_bytes(role, role_size, sizeof role, 7, inducement, inducement_size);
  const size_t assignment_size = put_string(assignment, 0, sizeof assignment, 1, "r");
  size_t user_size = put_string(user, 0, sizeof user, 1, "u");
  user_size = put_bytes(user, user_size, sizeof user, 6, assignment, assignment_size);
  size_t model_size = put_string(model, 0, sizeof model, 1, "tiny");
  model_size = put_bytes(model, model_size, sizeof model, 2, privilege, privilege_size);
  model_size = put_bytes(model, model_size, sizeof model, 3, role, role_size);
  model_size = put_bytes(model, model_size, sizeof model, 4, user, user_size);

  rolegraph_model* parsed = NULL;
  rolegraph_policy* policy = NULL;
  rolegraph_error* error = NULL;
  REQUIRE_OK(rolegraph_model_parse(model, model_size, ROLEGRAPH_FORMAT_BINARY, NULL,
                                   &parsed, &error),
             error);
  REQUIRE_OK(rolegraph_compile(parsed, &policy, &error), error);
  rolegraph_model_free(parsed);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  EXPECT(check(evaluator, "u", "p") == 1);
  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

static void test_model_errors(void) {
  rolegraph_model* model = NULL;
  rolegraph_error* error = NULL;

  EXPECT(rolegraph_model_load_file("/nonexistent/model.json", &model, &error) ==
         ROLEGRAPH_NOT_FOUND);
  EXPECT(rolegraph_error_code(error) == ROLEGRAPH_NOT_FOUND);
  EXPECT(strstr(rolegraph_error_message(error), "/nonexistent/model.json") != NULL);
  EXPECT(model == NULL);
  rolegraph_error_free(error);

  /* A syntax error names the file, line and column. */
  const char broken[] = "{\n  \"name\": \"x\",\n  \"roles\": [\n";
  error = NULL;
  EXPECT(rolegraph_model_parse(broken, strlen(broken), ROLEGRAPH_FORMAT_JSON,
                               "broken.json", &model, &error) ==
         ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "broken.json:") != NULL);
  rolegraph_error_free(error);

  const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff};
  error = NULL;
  EXPECT(rolegraph_model_parse(garbage, sizeof garbage, ROLEGRAPH_FORMAT_BINARY, NULL,
                               &model, &error) == ROLEGRAPH_INVALID_ARGUMENT);
  rolegraph_error_free(error);

  error = NULL;
  EXPECT(rolegraph_model_parse("{}", 2, (rolegraph_model_format)7, NULL, &model,
                               &error) == ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "invalid model format 7") != NULL);
  rolegraph_error_free(error);

  /* A dangling role reference parses but does not compile. */
  const char dangling[] =
      "{\"users\": [{\"id\": \"u\", \"assignments\": [{\"role\": \"ghost\"}]}]}";
  error = NULL;
  REQUIRE_OK(rolegraph_model_parse(dangling, strlen(dangling), ROLEGRAPH_FORMAT_JSON,
                                   "dangling.json", &model, &error),
             error);
  rolegraph_buffer* validation = NULL;
  REQUIRE_OK(rolegraph_model_validate(model, &validation, &error), error);
  EXPECT(number_of(view_of(validation), 3) >= 1); /* error_count */
  rolegraph_buffer_free(validation);
  rolegraph_policy* policy = NULL;
  EXPECT(rolegraph_compile(model, &policy, &error) == ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "ghost") != NULL);
  EXPECT(policy == NULL);
  rolegraph_error_free(error);
  rolegraph_model_free(model);
}

static void test_query_errors(void) {
  rolegraph_policy* policy = compile_json(kModel);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);
  rolegraph_error* error = NULL;
  int allowed = -1;

  EXPECT(rolegraph_check(evaluator, "dann", "db:read", &allowed, &error) ==
         ROLEGRAPH_NOT_FOUND);
  EXPECT(strstr(rolegraph_error_message(error), "'dann'") != NULL);
  EXPECT(strstr(rolegraph_error_message(error), "did you mean 'dan'") != NULL);
  EXPECT(allowed == -1);
  rolegraph_error_free(error);

  error = NULL;
  EXPECT(rolegraph_check(evaluator, "dan", "db:drop", &allowed, &error) ==
         ROLEGRAPH_NOT_FOUND);
  rolegraph_error_free(error);

  rolegraph_buffer* result = NULL;
  error = NULL;
  EXPECT(rolegraph_who_has_resource(evaluator, "mainframe", &result, &error) ==
         ROLEGRAPH_NOT_FOUND);
  EXPECT(result == NULL);
  rolegraph_error_free(error);

  error = NULL;
  EXPECT(rolegraph_check(evaluator, NULL, "db:read", &allowed, &error) ==
         ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "user_id") != NULL);
  rolegraph_error_free(error);

  /* A NULL error pointer is allowed: only the code comes back. */
  EXPECT(rolegraph_check(evaluator, "nobody", "db:read", &allowed, NULL) ==
         ROLEGRAPH_NOT_FOUND);

  const rolegraph_switch_override unknown[] = {{"lockdown", 1}};
  rolegraph_evaluator* other = NULL;
  error = NULL;
  EXPECT(rolegraph_evaluator_create(policy, DECEMBER_4, 0,
                                    ROLEGRAPH_CONFIGURATION_PRODUCTION, unknown, 1,
                                    &other, &error) == ROLEGRAPH_NOT_FOUND);
  EXPECT(strstr(rolegraph_error_message(error), "lockdown") != NULL);
  EXPECT(other == NULL);
  rolegraph_error_free(error);

  error = NULL;
  EXPECT(rolegraph_evaluator_create(policy, DECEMBER_4, 1000000000,
                                    ROLEGRAPH_CONFIGURATION_PRODUCTION, NULL, 0, &other,
                                    &error) == ROLEGRAPH_INVALID_ARGUMENT);
  rolegraph_error_free(error);

  /* C allows an enum argument outside its enumerators. */
  error = NULL;
  EXPECT(rolegraph_evaluator_create(policy, DECEMBER_4, 0, (rolegraph_configuration)9,
                                    NULL, 0, &other,
                                    &error) == ROLEGRAPH_INVALID_ARGUMENT);
  EXPECT(strstr(rolegraph_error_message(error), "invalid configuration 9") != NULL);
  EXPECT(other == NULL);
  rolegraph_error_free(error);

  EXPECT(strcmp(rolegraph_status_name(ROLEGRAPH_NOT_FOUND), "NOT_FOUND") == 0);
  EXPECT(strcmp(rolegraph_error_message(NULL), "") == 0);
  rolegraph_buffer_free(NULL);
  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

/* The example organisation, when the source tree has it. */
static void test_example_organisation(void) {
  const char* path = ROLEGRAPH_SOURCE_DIR "/examples/org.json";
  FILE* file = fopen(path, "r");
  if (file == NULL) {
    printf("skipped: %s is missing\n", path);
    return;
  }
  fclose(file);

  rolegraph_model* model = NULL;
  rolegraph_policy* policy = NULL;
  rolegraph_error* error = NULL;
  REQUIRE_OK(rolegraph_model_load_file(path, &model, &error), error);
  REQUIRE_OK(rolegraph_compile(model, &policy, &error), error);
  rolegraph_model_free(model);
  rolegraph_evaluator* evaluator = evaluator_at(policy, DECEMBER_4, NULL, 0);

  rolegraph_buffer* result = NULL;
  REQUIRE_OK(rolegraph_who_has_resource(evaluator, "crm", &result, &error), error);
  const uint64_t crm_holders = number_of(view_of(result), 5);
  EXPECT(crm_holders > 0);
  EXPECT(strings_of(view_of(result), 3).count == (int)(crm_holders < 16 ? crm_holders : 16));
  /* Check agrees with who-has for the first holder. */
  const string_list holders = strings_of(view_of(result), 3);
  const string_list privileges = strings_of(view_of(result), 2);
  int holds_any = 0;
  for (int i = 0; i < privileges.count; ++i) {
    holds_any |= check(evaluator, holders.items[0], privileges.items[i]);
  }
  EXPECT(holds_any == 1);
  rolegraph_buffer_free(result);

  result = NULL;
  REQUIRE_OK(rolegraph_report(evaluator, "department", 5, 0, &result, &error), error);
  EXPECT(strcmp(strings_of(view_of(result), 1).items[0], "Northwind Logistics") == 0);
  EXPECT(for_each_field(view_of(result), 7, NULL, NULL) == 6);
  EXPECT(strcmp(strings_of(view_of(result), 13).items[0], "department") == 0);
  rolegraph_buffer_free(result);

  rolegraph_evaluator_free(evaluator);
  rolegraph_policy_free(policy);
}

int main(void) {
  test_check();
  test_context();
  test_privileges();
  test_explain();
  test_who_has();
  test_report();
  test_simulate();
  test_binary_model();
  test_model_errors();
  test_query_errors();
  test_example_organisation();
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("all C API checks passed (rolegraph %s)\n", rolegraph_version());
  return 0;
}
