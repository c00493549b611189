#!/usr/bin/env python3
"""Generate examples/org.json, the Northwind Logistics demo organisation.

The output is proto3 JSON of rolegraph.v1.Model. The script uses no
randomness and only the standard library, so every run writes the same
bytes. Run it from anywhere:

    python3 examples/generate_org.py            # writes examples/org.json
    python3 examples/generate_org.py -o FILE    # writes FILE instead

examples/README.md describes the organisation and the feature each part
demonstrates.
"""

import argparse
import json
import pathlib
import unicodedata

# Privileges: resource -> [(action, sensitivity, description)].
PRIVILEGES = {
    "crm": [
        ("read", "LOW", "Read customer accounts, contacts and orders"),
        ("write", "MEDIUM", "Create and edit customer accounts"),
        ("export", "HIGH", "Export customer data in bulk"),
        ("admin", "CRITICAL", "Administer the CRM: users, integrations, data"),
    ],
    "payroll": [
        ("read", "HIGH", "View salaries and payslips"),
        ("edit", "HIGH", "Enter and change payroll records and bank details"),
        ("approve", "CRITICAL", "Approve a payroll run for payment"),
        ("admin", "CRITICAL", "Administer the payroll system"),
    ],
    "erp": [
        ("read", "LOW", "Read orders, stock and invoices"),
        ("create-order", "MEDIUM", "Create purchase and sales orders"),
        ("approve-invoice", "HIGH", "Approve supplier invoices for payment"),
        ("admin", "CRITICAL", "Administer the ERP system"),
    ],
    "prod-db": [
        ("read", "HIGH", "Query the production database (customer data)"),
        ("write", "CRITICAL", "Change data in the production database"),
        ("admin", "CRITICAL", "Administer the production database server"),
    ],
    "vault": [
        ("read-dev-secrets", "MEDIUM", "Read development and staging secrets"),
        ("read-secrets", "CRITICAL", "Read production secrets and credentials"),
        ("admin", "CRITICAL", "Administer the secrets vault and its policies"),
    ],
    "ci": [
        ("run", "LOW", "Run build and test pipelines"),
        ("deploy-staging", "MEDIUM", "Deploy to the staging environment"),
        ("deploy-prod", "HIGH", "Deploy to production"),
        ("admin", "CRITICAL", "Administer CI: runners, pipeline secrets, settings"),
    ],
    "git": [
        ("read", "LOW", "Clone and read source repositories"),
        ("write", "MEDIUM", "Push branches and merge reviewed changes"),
        ("admin", "HIGH", "Administer repositories and branch protection"),
    ],
    "k8s-prod": [
        ("read", "MEDIUM", "View workloads and logs in the production cluster"),
        ("deploy", "HIGH", "Roll out workloads to the production cluster"),
        ("exec", "CRITICAL", "Open a shell in production containers"),
    ],
    "hr": [
        ("read", "MEDIUM", "Read employee records"),
        ("edit", "HIGH", "Change employee records"),
        ("admin", "CRITICAL", "Administer the HR information system"),
    ],
    "mail": [
        ("send", "LOW", "Use company mail"),
        ("admin", "HIGH", "Administer mailboxes, forwarding rules and the mail gateway"),
    ],
    "wms": [
        ("read", "LOW", "Read warehouse stock and shipments"),
        ("dispatch", "MEDIUM", "Book and dispatch shipments"),
        ("admin", "HIGH", "Administer the warehouse management system"),
    ],
    "siem": [
        ("read", "MEDIUM", "Search security events and alerts"),
        ("admin", "HIGH", "Administer detection rules and log sources"),
    ],
    "bank": [
        ("view", "MEDIUM", "View company bank accounts and statements"),
        ("release-payment", "CRITICAL", "Release outgoing payments"),
    ],
    "edi": [
        ("exchange", "MEDIUM", "Exchange EDI messages with carriers over legacy SFTP"),
    ],
    "tickets": [
        ("use", "LOW", "Open and work on service desk tickets"),
    ],
}

SWITCH = "switches.incident_response"
ON_CALL = 'user.attributes["oncall"] == "true"'


def role(role_id, name, kind, owners, induces=(), attributes=None, **extra):
    """Build a role whose order-1 inducements target the ids in `induces`.

    An id containing ":" is a privilege, any other id a role.
    """
    inducements = []
    for target in induces:
        key = "privilege" if ":" in target else "role"
        inducements.append({key: target})
    result = {"id": role_id, "displayName": name, "kind": "ROLE_KIND_" + kind}
    result.update(extra)
    if inducements:
        result["inducements"] = inducements
    if attributes:
        result["attributes"] = attributes
    result["owners"] = list(owners)
    return result


DEPARTMENT_ROLES = [
    # (org role, department, cost centre, head)
    ("org-engineering", "Engineering", "CC-110", "sofia.marquez"),
    ("org-platform", "Platform", "CC-120", "maya.chen"),
    ("org-security", "Security", "CC-130", "olivia.bennett"),
    ("org-it", "IT", "CC-140", "derek.collins"),
    ("org-sales", "Sales", "CC-210", "robert.hughes"),
    ("org-support", "Customer Support", "CC-220", "helen.murphy"),
    ("org-finance", "Finance", "CC-310", "catherine.doyle"),
    ("org-hr", "Human Resources", "CC-320", "patricia.gomez"),
    ("org-operations", "Operations", "CC-410", "frank.muller"),
    ("org-executive", "Executive", "CC-010", "eleanor.whitfield"),
]


def org_roles():
    return [
        role(role_id, department, "ORG", [head], induces=["app-workplace"],
             attributes={"department": department, "costCenter": cost_centre})
        for role_id, department, cost_centre, head in DEPARTMENT_ROLES
    ]


def application_roles():
    it = "derek.collins"
    return [
        role("app-workplace", "Workplace tools", "APPLICATION", [it],
             ["mail:send", "tickets:use"], {"application": "workplace"}),
        role("app-crm-reader", "CRM reader", "APPLICATION", ["mateo.ruiz"],
             ["crm:read"], {"application": "crm"}),
        role("app-crm-user", "CRM user", "APPLICATION", ["mateo.ruiz"],
             ["crm:read", "crm:write"], {"application": "crm"}),
        role("app-crm-reporting", "CRM reporting and export", "APPLICATION",
             ["robert.hughes"], ["crm:export"], {"application": "crm"}),
        role("app-crm-admin", "CRM administrator", "APPLICATION", [it],
             ["crm:admin", "crm:export"], {"application": "crm"}),
        role("app-payroll-clerk", "Payroll clerk", "APPLICATION",
             ["michael.brandt"], ["payroll:read", "payroll:edit"],
             {"application": "payroll"}),
        role("app-payroll-approver", "Payroll approver", "APPLICATION",
             ["catherine.doyle"], ["payroll:read", "payroll:approve"],
             {"application": "payroll"}),
        role("app-erp-user", "ERP user", "APPLICATION", [it],
             ["erp:read", "erp:create-order"], {"application": "erp"}),
        role("app-erp-finance", "ERP finance", "APPLICATION",
             ["catherine.doyle"],
             ["erp:read", "erp:approve-invoice", "tech-bank-viewer"],
             {"application": "erp"}),
        role("app-treasury", "Treasury payments", "APPLICATION",
             ["catherine.doyle"], ["bank:release-payment", "tech-bank-viewer"],
             {"application": "bank"}),
        role("app-hris-user", "HR information system user", "APPLICATION",
             ["patricia.gomez"], ["hr:read"], {"application": "hris"}),
        role("app-hris-editor", "HR information system editor", "APPLICATION",
             ["patricia.gomez"], ["hr:read", "hr:edit"], {"application": "hris"}),
        role("app-wms-operator", "Warehouse system operator", "APPLICATION",
             ["frank.muller"], ["wms:read", "wms:dispatch"], {"application": "wms"}),
        role("app-ci-developer", "CI developer", "APPLICATION", ["maya.chen"],
             ["ci:run", "ci:deploy-staging", "tech-git-contributor",
              "tech-vault-dev-secrets"], {"application": "ci"}),
        role("app-ci-release", "CI production release", "APPLICATION",
             ["maya.chen"], ["ci:deploy-prod", "tech-k8s-prod-deploy"],
             {"application": "ci"}),
        role("app-siem-analyst", "SIEM analyst", "APPLICATION",
             ["olivia.bennett"], ["siem:read"], {"application": "siem"}),
        role("app-edi-legacy", "Legacy EDI exchange", "APPLICATION",
             ["frank.muller"], ["edi:exchange"], {"application": "edi"},
             lifecycleState="LIFECYCLE_STATE_DEPRECATED"),
    ]


def technical_roles():
    platform = "maya.chen"
    return [
        role("tech-git-contributor", "Git contributor", "TECHNICAL", [platform],
             ["git:read", "git:write"], {"system": "git"}),
        role("tech-vault-dev-secrets", "Vault development secrets", "TECHNICAL",
             [platform], ["vault:read-dev-secrets"], {"system": "vault"}),
        role("tech-vault-admin", "Vault administrator", "TECHNICAL",
             ["olivia.bennett"], ["vault:admin", "vault:read-secrets"],
             {"system": "vault"}),
        role("tech-k8s-prod-read", "Production cluster viewer", "TECHNICAL",
             [platform], ["k8s-prod:read"], {"system": "k8s-prod"}),
        role("tech-k8s-prod-deploy", "Production cluster deployer", "TECHNICAL",
             [platform], ["k8s-prod:deploy", "tech-k8s-prod-read"],
             {"system": "k8s-prod"}),
        role("tech-prod-db-readonly", "Production database read-only",
             "TECHNICAL", [platform], ["prod-db:read"], {"system": "prod-db"}),
        role("tech-prod-db-admin", "Production database administrator",
             "TECHNICAL", [platform],
             ["prod-db:read", "prod-db:write", "prod-db:admin"],
             {"system": "prod-db"}),
        role("tech-ci-admin", "CI and Git administrator", "TECHNICAL",
             [platform], ["ci:admin", "git:admin"], {"system": "ci"}),
        role("tech-mail-admin", "Mail administrator", "TECHNICAL",
             ["derek.collins"], ["mail:admin"], {"system": "mail"}),
        role("tech-siem-admin", "SIEM administrator", "TECHNICAL",
             ["olivia.bennett"], ["siem:admin"], {"system": "siem"}),
        role("tech-bank-viewer", "Bank portal viewer", "TECHNICAL",
             ["catherine.doyle"], ["bank:view"], {"system": "bank"}),
        role("tech-wms-admin", "Warehouse system administrator", "TECHNICAL",
             ["derek.collins"], ["wms:admin"], {"system": "wms"}),
        role("tech-erp-admin", "ERP administrator", "TECHNICAL",
             ["derek.collins"], ["erp:admin"], {"system": "erp"}),
        role("tech-hris-admin", "HR information system administrator",
             "TECHNICAL", ["patricia.gomez"], ["hr:admin"], {"system": "hris"}),
        role("tech-payroll-admin", "Payroll system administrator", "TECHNICAL",
             ["catherine.doyle"], ["payroll:admin"], {"system": "payroll"}),
    ]


def responder_assignment():
    return [{"role": "meta-incident-responder",
             "description": "Incident responders of this role gain emergency "
                            "access while the incident_response switch is on"}]


def business_roles():
    return [
        role("biz-software-engineer", "Software engineer", "BUSINESS",
             ["sofia.marquez"], ["app-ci-developer", "tech-k8s-prod-read"]),
        role("biz-engineering-manager", "Engineering manager", "BUSINESS",
             ["sofia.marquez"],
             ["app-ci-developer", "app-ci-release", "app-hris-user"]),
        role("biz-sre", "Site reliability engineer", "BUSINESS", ["maya.chen"],
             ["app-ci-developer", "app-ci-release", "tech-prod-db-readonly"],
             {"responder": "true"}, assignments=responder_assignment()),
        role("biz-dba", "Database administrator", "BUSINESS", ["maya.chen"],
             ["tech-prod-db-admin", "tech-k8s-prod-read"]),
        role("biz-security-analyst", "Security analyst", "BUSINESS",
             ["olivia.bennett"], ["app-siem-analyst"], {"responder": "true"},
             assignments=responder_assignment()),
        role("biz-security-engineer", "Security engineer", "BUSINESS",
             ["olivia.bennett"],
             ["app-siem-analyst", "tech-siem-admin", "tech-vault-admin"],
             {"responder": "true"}, assignments=responder_assignment()),
        role("biz-it-admin", "IT administrator", "BUSINESS", ["derek.collins"],
             ["tech-mail-admin", "tech-ci-admin", "tech-wms-admin",
              "tech-erp-admin"]),
        role("biz-crm-admin", "CRM administrator", "BUSINESS", ["derek.collins"],
             ["app-crm-admin", "app-crm-user"]),
        role("biz-sales-rep", "Sales representative", "BUSINESS",
             ["robert.hughes"], ["app-crm-user"]),
        role("biz-sales-manager", "Sales manager", "BUSINESS",
             ["robert.hughes"], ["app-crm-user", "app-crm-reporting"]),
        role("biz-support-agent", "Customer support agent", "BUSINESS",
             ["helen.murphy"], ["app-crm-reader", "erp:read"]),
        role("biz-payroll-clerk", "Payroll clerk", "BUSINESS",
             ["catherine.doyle"], ["app-payroll-clerk", "app-hris-user"],
             {"sox": "true"}),
        role("biz-payroll-approver", "Payroll approver", "BUSINESS",
             ["catherine.doyle"], ["app-payroll-approver"], {"sox": "true"}),
        role("biz-accountant", "Accountant", "BUSINESS", ["catherine.doyle"],
             ["app-erp-finance"], {"sox": "true"}),
        role("biz-treasurer", "Treasurer", "BUSINESS", ["catherine.doyle"],
             ["app-treasury", "app-erp-finance"], {"sox": "true"}),
        role("biz-hr-partner", "HR business partner", "BUSINESS",
             ["patricia.gomez"], ["app-hris-editor"]),
        role("biz-warehouse-operator", "Warehouse operator", "BUSINESS",
             ["frank.muller"], ["app-wms-operator", "app-erp-user"]),
        role("biz-logistics-planner", "Logistics planner", "BUSINESS",
             ["frank.muller"], ["app-erp-user", "wms:read", "app-edi-legacy"]),
        role("biz-executive", "Executive", "BUSINESS", ["eleanor.whitfield"],
             ["app-crm-reader", "erp:read", "hr:read", "tech-bank-viewer"]),
        role("biz-data-analyst", "Data analyst", "BUSINESS", ["robert.hughes"],
             ["app-crm-reporting", "tech-prod-db-readonly", "erp:read"],
             lifecycleState="LIFECYCLE_STATE_PROPOSED"),
    ]


def conditional(target, order, expression, description):
    key = "privilege" if ":" in target else "role"
    return {key: target, "order": order,
            "condition": {"expression": expression, "description": description},
            "description": description}


def meta_roles():
    responder = role(
        "meta-incident-responder", "Incident responder", "META",
        ["olivia.bennett"], ["meta-oncall-tooling"])
    responder["inducements"][0]["description"] = (
        "Passes the baseline monitoring access on to the responder roles")
    responder["inducements"] += [
        conditional("tech-prod-db-admin", 2, SWITCH,
                    "Emergency production database administration"),
        conditional("ci:admin", 2, SWITCH,
                    "Emergency CI administration, to stop or roll back pipelines"),
        conditional("k8s-prod:exec", 2, SWITCH,
                    "Emergency shell access to production containers"),
        conditional("vault:read-secrets", 2, SWITCH + " && " + ON_CALL,
                    "Emergency production secrets, for on-call responders only"),
        conditional("crm:admin", 2, SWITCH + " && " + ON_CALL,
                    "Emergency CRM administration, for on-call responders only"),
    ]

    tooling = role(
        "meta-oncall-tooling", "On-call monitoring baseline", "META",
        ["olivia.bennett"])
    tooling["inducements"] = [
        {"privilege": "siem:read", "order": 2,
         "description": "Responders can always search security events"},
        {"privilege": "k8s-prod:read", "order": 2,
         "description": "Responders can always read production workloads"},
    ]
    return [responder, tooling]


# Users: department -> [(name, title, roles, extra)]. The first user of each
# department is its head and gets a MANAGER assignment to the org role. The
# others get a member assignment to it, and everyone gets member assignments
# to `roles`. The keys of `extra` are "oncall", "employeeType", "note",
# "activation" (the user's), "assignments" (added assignment objects) and
# "replace" (assignment objects used instead of the generated ones).
PEOPLE = {
    "Engineering": [
        ("Sofia Marquez", "VP Engineering", ["biz-engineering-manager"], {}),
        ("Daniel Okafor", "Engineering Manager", ["biz-engineering-manager"], {}),
        ("Aiko Tanaka", "Senior Software Engineer", ["biz-software-engineer"], {}),
        ("Liam O'Connor", "Software Engineer", ["biz-software-engineer"], {}),
        ("Fatima Zahra", "Software Engineer", ["biz-software-engineer"], {}),
        ("Jonas Becker", "Senior Software Engineer", ["biz-software-engineer"],
         {"oncall": "true"}),
        ("Chloe Martin", "Software Engineer", ["biz-software-engineer"], {}),
        ("Ravi Shankar", "Software Engineer", ["biz-software-engineer"], {}),
        ("Elena Popescu", "Software Engineer", ["biz-software-engineer"], {}),
        ("Marcus Johnson", "Data Engineer",
         ["biz-software-engineer", "biz-data-analyst"], {}),
        ("Hannah Schmidt", "Software Engineer", ["biz-software-engineer"], {}),
        ("Yusuf Demir", "Software Engineer", ["biz-software-engineer"], {}),
        ("Nora Lindgren", "QA Engineer", ["biz-software-engineer"], {}),
        ("Dana Kowalski", "Contract Software Engineer", [], {
            "employeeType": "contractor",
            "replace": [
                {"role": "org-engineering",
                 "activation": {"validFrom": "2026-09-01T00:00:00Z",
                                "validTo": "2027-02-28T23:59:59Z"},
                 "description": "Contract 2026-09-01 to 2027-02-28"},
                {"role": "biz-software-engineer",
                 "activation": {"validFrom": "2026-09-01T00:00:00Z",
                                "validTo": "2027-02-28T23:59:59Z"},
                 "description": "Contract 2026-09-01 to 2027-02-28"},
            ]}),
    ],
    "Platform": [
        ("Maya Chen", "Head of Platform", ["biz-sre"], {"oncall": "true"}),
        ("Arjun Mehta", "Site Reliability Engineer", ["biz-sre"], {"oncall": "true"}),
        ("Grace Kim", "Site Reliability Engineer", ["biz-sre"], {}),
        ("Tomasz Nowak", "Site Reliability Engineer", ["biz-sre"], {"oncall": "true"}),
        ("Lucas Silva", "Site Reliability Engineer", ["biz-sre"], {}),
        ("Ingrid Larsen", "Database Administrator", ["biz-dba"], {}),
        ("Viktor Petrov", "Database Administrator", ["biz-dba", "tech-vault-admin"], {
            "activation": {"administrativeStatus": "ADMINISTRATIVE_STATUS_DISABLED"},
            "note": "Left the company on 2026-10-30. The account is disabled "
                    "but its assignments were never removed."}),
    ],
    "Security": [
        ("Olivia Bennett", "Chief Information Security Officer",
         ["biz-security-engineer"], {
             "assignments": [{"role": "meta-incident-responder",
                              "relation": "RELATION_OWNER",
                              "description": "Owns the incident responder "
                                             "meta-role"}]}),
        ("Samir Haddad", "Security Engineer", ["biz-security-engineer"],
         {"oncall": "true"}),
        ("Mei Lin", "Security Analyst", ["biz-security-analyst"], {"oncall": "true"}),
        ("Peter Walsh", "Security Analyst", ["biz-security-analyst"], {}),
        ("Zara Ahmed", "Security Analyst", ["biz-security-analyst"], {}),
    ],
    "IT": [
        ("Derek Collins", "IT Manager", ["biz-it-admin"], {}),
        ("Sandra Vogel", "Systems Administrator", ["biz-it-admin"], {}),
        ("Mateo Ruiz", "Business Systems Administrator", ["biz-crm-admin"], {}),
        ("Yara Nasser", "Service Desk Technician", [], {}),
    ],
    "Sales": [
        ("Robert Hughes", "VP Sales", ["biz-sales-manager"], {}),
        ("Isabel Costa", "Sales Manager",
         ["biz-sales-manager", "biz-data-analyst"], {}),
        ("Tom Fischer", "Account Executive", ["biz-sales-rep"], {}),
        ("Amelia Wright", "Account Executive", ["biz-sales-rep"], {}),
        ("Kenji Watanabe", "Account Executive", ["biz-sales-rep"], {}),
        ("Lucia Romano", "Sales Representative", ["biz-sales-rep"], {}),
        ("Noah Williams", "Sales Representative", ["biz-sales-rep"], {}),
        ("Priya Nair", "Sales Representative", ["biz-sales-rep"], {}),
        ("Oscar Lindqvist", "Sales Representative", ["biz-sales-rep"], {}),
        ("Chiara Bianchi", "Sales Development Representative",
         ["biz-sales-rep"], {}),
    ],
    "Customer Support": [
        ("Helen Murphy", "Support Lead", ["biz-support-agent"], {}),
        ("Ahmed Karimi", "Support Agent", ["biz-support-agent"], {}),
        ("Julia Nowicka", "Support Agent", ["biz-support-agent"], {}),
        ("Ben Carter", "Support Agent", ["biz-support-agent"], {}),
        ("Sara Johansson", "Support Agent", ["biz-support-agent"], {}),
        ("Diego Alvarez", "Support Agent", ["biz-support-agent"], {}),
        ("Emma Dubois", "Support Agent", ["biz-support-agent"], {}),
        ("Kofi Mensah", "Support Agent", ["biz-support-agent"], {}),
    ],
    "Finance": [
        ("Catherine Doyle", "Chief Financial Officer", ["biz-executive"], {
            "assignments": [{"role": "biz-payroll-approver",
                             "relation": "RELATION_OWNER",
                             "description": "Owns the payroll approver role"}]}),
        ("Michael Brandt", "Payroll Manager", ["biz-payroll-approver"], {
            "assignments": [{"role": "app-payroll-clerk",
                             "relation": "RELATION_APPROVER",
                             "description": "Approves access requests for the "
                                            "payroll clerk application role"}]}),
        ("Anna Kowalczyk", "Payroll Specialist", ["biz-payroll-clerk"], {}),
        ("Ethan Brooks", "Payroll Specialist", ["biz-payroll-clerk"], {
            "assignments": [{"role": "biz-payroll-approver",
                             "description": "Cover for the payroll manager's "
                                            "leave in August 2026, never "
                                            "removed"}]}),
        ("Laura Fernandez", "Accountant", ["biz-accountant", "biz-data-analyst"], {}),
        ("Samuel Osei", "Accountant", ["biz-accountant"], {}),
        ("Rachel Adler", "Accounts Payable Clerk", ["biz-accountant"], {}),
        ("Henrik Dahl", "Treasurer", ["biz-treasurer"], {}),
    ],
    "Human Resources": [
        ("Patricia Gomez", "HR Director", ["biz-hr-partner"], {}),
        ("Nadia Rossi", "HR Business Partner", ["biz-hr-partner"], {}),
        ("James Thornton", "HR Business Partner", ["biz-hr-partner"], {}),
        ("Aisha Bello", "HR Systems Administrator",
         ["biz-hr-partner", "tech-hris-admin", "tech-payroll-admin"], {}),
        ("Oliver Grant", "Recruiter", ["app-hris-user"], {}),
    ],
    "Operations": [
        ("Frank Muller", "Head of Logistics", ["biz-logistics-planner"], {}),
        ("Sunita Rao", "Logistics Planner", ["biz-logistics-planner"], {}),
        ("George Papadopoulos", "Logistics Planner", ["biz-logistics-planner"], {}),
        ("Carlos Mendes", "Warehouse Supervisor", ["biz-warehouse-operator"], {}),
        ("Agnieszka Wojcik", "Warehouse Operator", ["biz-warehouse-operator"], {}),
        ("Tariq Hussain", "Warehouse Operator", ["biz-warehouse-operator"], {}),
        ("Maria Santos", "Warehouse Operator", ["biz-warehouse-operator"], {}),
        ("Kevin O'Brien", "Warehouse Operator", ["biz-warehouse-operator"], {}),
        ("Li Wei", "Warehouse Operator", ["biz-warehouse-operator"], {}),
        ("Joanna Kaminski", "Warehouse Operator", ["biz-warehouse-operator"], {}),
    ],
    "Executive": [
        ("Eleanor Whitfield", "Chief Executive Officer", ["biz-executive"], {}),
        ("Richard Stein", "Chief Operating Officer", ["biz-executive"], {}),
        ("Julia Hart", "Executive Assistant", [], {}),
    ],
}

LOCATIONS = {
    "Operations": "Venlo",
    "Customer Support": "Lisbon",
}


def user_id(name):
    """Return the user id for a name: 'Liam O'Connor' -> 'liam.oconnor'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
    parts = ascii_name.decode().lower().replace("'", "").split()
    return ".".join(parts)


def org_role_of(department):
    for role_id, name, _, _ in DEPARTMENT_ROLES:
        if name == department:
            return role_id
    raise KeyError(department)


def users():
    result = []
    for department, people in PEOPLE.items():
        org_role = org_role_of(department)
        for index, (name, title, roles, extra) in enumerate(people):
            attributes = {
                "department": department,
                "title": title,
                "oncall": extra.get("oncall", "false"),
                "employeeType": extra.get("employeeType", "employee"),
                "location": LOCATIONS.get(department, "Rotterdam"),
            }
            if "note" in extra:
                attributes["note"] = extra["note"]

            if "replace" in extra:
                assignments = list(extra["replace"])
            else:
                head = {"role": org_role}
                if index == 0:
                    head["relation"] = "RELATION_MANAGER"
                assignments = [head] + [{"role": r} for r in roles]
            assignments += extra.get("assignments", [])

            user = {"id": user_id(name), "displayName": name,
                    "attributes": attributes}
            if "activation" in extra:
                user["activation"] = extra["activation"]
            user["assignments"] = assignments
            result.append(user)
    return result


def privileges():
    result = []
    for resource, actions in PRIVILEGES.items():
        for action, sensitivity, description in actions:
            result.append({"id": f"{resource}:{action}", "resource": resource,
                           "action": action,
                           "sensitivity": "SENSITIVITY_" + sensitivity,
                           "description": description})
    return result


def switches():
    return [{
        "id": "incident_response",
        "description": "Emergency access for incident responders: production "
                       "database and CI administration, shell access to "
                       "production containers and, for on-call responders, "
                       "production secrets and CRM administration. Off in "
                       "normal operation.",
        "active": False,
        "maxTtl": "28800s",
    }]


def incident_types():
    return [
        {"id": "crm-compromise", "name": "CRM database compromised",
         "description": "An attacker reads or alters customer data in the CRM.",
         "resources": ["crm"]},
        {"id": "payroll-fraud", "name": "Payroll fraud",
         "description": "Salaries or bank details are changed and a payroll "
                        "run or payment is released.",
         "privileges": ["payroll:edit", "payroll:approve", "payroll:admin",
                        "bank:release-payment"]},
        {"id": "prod-credentials-leak", "name": "Production credentials leaked",
         "description": "Secrets or database credentials of production are "
                        "exposed.",
         "resources": ["vault", "prod-db", "k8s-prod"],
         "minSensitivity": "SENSITIVITY_HIGH"},
        {"id": "ci-compromise", "name": "CI pipeline compromise",
         "description": "A build pipeline or repository is used to ship "
                        "malicious code.",
         "resources": ["ci", "git"], "minSensitivity": "SENSITIVITY_MEDIUM"},
        {"id": "hr-data-breach", "name": "HR records exposed",
         "description": "Employee records or salary data leak.",
         "resources": ["hr", "payroll"], "minSensitivity": "SENSITIVITY_MEDIUM"},
        {"id": "warehouse-ransomware", "name": "Warehouse system ransomware",
         "description": "Warehouse and order systems are encrypted; shipments "
                        "stop.",
         "resources": ["wms", "erp"], "minSensitivity": "SENSITIVITY_MEDIUM"},
    ]


def exclusions():
    return [
        {"id": "sod-payroll",
         "roles": ["biz-payroll-clerk", "biz-payroll-approver"],
         "description": "Whoever enters payroll changes must not approve the "
                        "payroll run."},
        {"id": "sod-invoice-payment",
         "roles": ["biz-accountant", "biz-treasurer"],
         "description": "Whoever approves supplier invoices must not release "
                        "the payments."},
        {"id": "sod-prod-change",
         "roles": ["app-ci-release", "tech-prod-db-admin"],
         "description": "Whoever deploys to production must not also "
                        "administer the production database."},
    ]


def build_model():
    return {
        "name": "Northwind Logistics",
        "privileges": privileges(),
        "roles": (org_roles() + application_roles() + technical_roles()
                  + business_roles() + meta_roles()),
        "users": users(),
        "switches": switches(),
        "incidentTypes": incident_types(),
        "exclusions": exclusions(),
    }


def require(condition, message):
    if not condition:
        raise ValueError(message)


def check_references(model):
    """Raise ValueError when an id is duplicated or a referenced id is missing."""
    privilege_ids = {p["id"] for p in model["privileges"]}
    role_ids = {r["id"] for r in model["roles"]}
    user_ids = [u["id"] for u in model["users"]]
    require(len(set(user_ids)) == len(user_ids), "duplicate user id")
    require(len(role_ids) == len(model["roles"]), "duplicate role id")

    for r in model["roles"]:
        for inducement in r.get("inducements", []):
            if "role" in inducement:
                target, known = inducement["role"], role_ids
            else:
                target, known = inducement["privilege"], privilege_ids
            require(target in known,
                    f"{r['id']}: unknown inducement target {target}")
        for assignment in r.get("assignments", []):
            require(assignment["role"] in role_ids,
                    f"{r['id']}: unknown role {assignment['role']}")
        for owner in r["owners"]:
            require(owner in user_ids, f"{r['id']}: unknown owner {owner}")
    for u in model["users"]:
        for assignment in u["assignments"]:
            require(assignment["role"] in role_ids,
                    f"{u['id']}: unknown role {assignment['role']}")
    for incident in model["incidentTypes"]:
        for privilege in incident.get("privileges", []):
            require(privilege in privilege_ids,
                    f"{incident['id']}: unknown privilege {privilege}")
    for rule in model["exclusions"]:
        for r in rule["roles"]:
            require(r in role_ids, f"{rule['id']}: unknown role {r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = pathlib.Path(__file__).resolve().parent / "org.json"
    parser.add_argument("-o", "--output", type=pathlib.Path, default=default,
                        help="output file (default: %(default)s)")
    args = parser.parse_args()

    model = build_model()
    check_references(model)
    args.output.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
