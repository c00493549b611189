// Small model files for the CLI tests.
#ifndef ROLEGRAPH_TESTS_CLI_TEST_MODELS_H_
#define ROLEGRAPH_TESTS_CLI_TEST_MODELS_H_

namespace rolegraph::testing {

// alice and bob are in sales (crm:read, crm:export); bob is also on the
// helpdesk (ad:reset), which violates sales-vs-helpdesk. carol administers
// the CRM. alice, carol and dave hold ir-responder, which induces
// emergency-admin (crm:admin) only while incident_response is on. erin is
// disabled and frank's validity ended on 2026-01-01.
inline constexpr char kOrganisationJson[] = R"json({
  "name": "cli-test",
  "privileges": [
    {"id": "crm:read", "resource": "crm", "action": "read", "sensitivity": "SENSITIVITY_LOW"},
    {"id": "crm:export", "resource": "crm", "action": "export", "sensitivity": "SENSITIVITY_CRITICAL"},
    {"id": "crm:admin", "resource": "crm", "action": "admin", "sensitivity": "SENSITIVITY_HIGH"},
    {"id": "ad:reset", "resource": "ad", "action": "reset", "sensitivity": "SENSITIVITY_HIGH"}
  ],
  "roles": [
    {"id": "sales", "kind": "ROLE_KIND_BUSINESS",
     "inducements": [{"privilege": "crm:read"}, {"privilege": "crm:export"}]},
    {"id": "crm-admin", "inducements": [{"privilege": "crm:admin"}]},
    {"id": "emergency-admin", "inducements": [{"privilege": "crm:admin"}]},
    {"id": "ir-responder",
     "inducements": [{"role": "emergency-admin",
                      "condition": {"expression": "switches.incident_response"}}]},
    {"id": "helpdesk", "inducements": [{"privilege": "ad:reset"}]}
  ],
  "users": [
    {"id": "alice", "attributes": {"department": "sales"},
     "assignments": [{"role": "sales"}, {"role": "ir-responder"}]},
    {"id": "bob", "attributes": {"department": "sales"},
     "assignments": [{"role": "sales"}, {"role": "helpdesk"}]},
    {"id": "carol", "attributes": {"department": "it"},
     "assignments": [{"role": "crm-admin"}, {"role": "ir-responder"}]},
    {"id": "dave", "assignments": [{"role": "ir-responder"}]},
    {"id": "erin", "activation": {"administrativeStatus": "ADMINISTRATIVE_STATUS_DISABLED"},
     "assignments": [{"role": "sales"}]},
    {"id": "frank", "activation": {"validTo": "2026-01-01T00:00:00Z"},
     "assignments": [{"role": "crm-admin"}]}
  ],
  "switches": [{"id": "incident_response", "description": "Emergency CRM access"}],
  "incidentTypes": [
    {"id": "crm_breach", "name": "CRM compromised", "resources": ["crm"]},
    {"id": "ad_compromise", "name": "Directory compromised", "privileges": ["ad:reset"]}
  ],
  "exclusions": [
    {"id": "sales-vs-helpdesk", "roles": ["sales", "helpdesk"]},
    {"id": "sales-vs-emergency", "roles": ["sales", "emergency-admin"]}
  ]
}
)json";

// A model whose sales role induces a privilege that does not exist.
inline constexpr char kDanglingReferenceJson[] = R"json({
  "name": "broken",
  "privileges": [{"id": "crm:read", "resource": "crm", "action": "read"}],
  "roles": [{"id": "sales", "inducements": [{"privilege": "crm:missing"}]}],
  "users": [{"id": "alice", "assignments": [{"role": "sales"}]}]
}
)json";

// The evaluation time the tests use, after frank's validity ended.
inline constexpr char kTestTime[] = "2026-12-04T12:00:00Z";

}  // namespace rolegraph::testing

#endif  // ROLEGRAPH_TESTS_CLI_TEST_MODELS_H_
