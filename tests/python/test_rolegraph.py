"""Tests of the `rolegraph` Python module, run by CTest as python_test."""

import concurrent.futures
import copy
import datetime
import json
import os
import pathlib

import pytest

import rolegraph

SOURCE_DIR = pathlib.Path(
    os.environ.get("ROLEGRAPH_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
EXAMPLE = SOURCE_DIR / "examples" / "org.json"
DECEMBER_4 = "2026-12-04T12:00:00Z"

# dan is a DBA, ana an analyst, rita a responder whose export right needs
# the incident_response switch, olga a disabled DBA and tim a contractor
# whose account ended in June. The "audited" meta-role grants db:audit to
# the members of the roles assigned to it (order 2).
MODEL = {
    "name": "python test",
    "privileges": [
        {"id": "db:read", "resource": "db", "action": "read",
         "sensitivity": "SENSITIVITY_LOW"},
        {"id": "db:admin", "resource": "db", "action": "admin",
         "sensitivity": "SENSITIVITY_CRITICAL"},
        {"id": "db:audit", "resource": "db", "action": "audit",
         "sensitivity": "SENSITIVITY_MEDIUM"},
        {"id": "crm:export", "resource": "crm", "action": "export",
         "sensitivity": "SENSITIVITY_HIGH"},
    ],
    "roles": [
        {"id": "audited", "kind": "ROLE_KIND_META",
         "inducements": [{"privilege": "db:audit", "order": 2}]},
        {"id": "dba", "assignments": [{"role": "audited"}],
         "inducements": [{"privilege": "db:admin"}, {"role": "analyst"}]},
        {"id": "analyst", "inducements": [{"privilege": "db:read"}]},
        {"id": "responder", "inducements": [
            {"privilege": "crm:export",
             "condition": {"expression": "switches.incident_response"}}]},
    ],
    "users": [
        {"id": "ana", "attributes": {"department": "finance"},
         "assignments": [{"role": "analyst"}]},
        {"id": "dan", "attributes": {"department": "it"},
         "assignments": [{"role": "dba"}]},
        {"id": "olga",
         "activation": {"administrativeStatus": "ADMINISTRATIVE_STATUS_DISABLED"},
         "assignments": [{"role": "dba"}]},
        {"id": "rita", "attributes": {"department": "it"},
         "assignments": [{"role": "responder"}]},
        {"id": "tim", "activation": {"validTo": "2026-06-30T00:00:00Z"},
         "assignments": [{"role": "analyst"}]},
    ],
    "switches": [{"id": "incident_response"}],
    "incidentTypes": [
        {"id": "db-breach", "name": "Database compromised", "resources": ["db"]},
        {"id": "crm-leak", "name": "CRM data leak", "privileges": ["crm:export"]},
    ],
}


@pytest.fixture(scope="module")
def policy():
    return rolegraph.from_dict(MODEL, name="test.json")


@pytest.fixture(scope="module")
def evaluator(policy):
    return policy.evaluator(at=DECEMBER_4)


def test_policy_counts(policy):
    assert policy.name == "python test"
    assert policy.user_count == 5
    assert policy.role_count == 4
    assert policy.privilege_count == 4
    assert policy.warnings == []


def test_check(evaluator):
    assert evaluator.check("ana", "db:read") is True
    assert evaluator.check("ana", "db:admin") is False
    assert evaluator.check("dan", "db:admin") is True
    assert evaluator.check("dan", "db:read") is True


def test_check_meta_role_order(evaluator):
    assert evaluator.check("dan", "db:audit") is True
    assert evaluator.check("ana", "db:audit") is False


def test_check_inactive_users(evaluator):
    assert evaluator.check("olga", "db:admin") is False
    assert evaluator.check("tim", "db:read") is False


def test_time_forms_agree(policy):
    march = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    for at in ("2026-03-01T00:00:00Z", march, march.replace(tzinfo=None),
               int(march.timestamp()), march.timestamp()):
        assert policy.evaluator(at=at).check("tim", "db:read") is True, at
    assert policy.evaluator().check("ana", "db:read") is True


def test_switch_override(policy, evaluator):
    assert evaluator.check("rita", "crm:export") is False
    incident = policy.evaluator(at=DECEMBER_4, switches={"incident_response": True})
    assert incident.check("rita", "crm:export") is True
    assert incident.check("ana", "crm:export") is False


def test_privileges(evaluator):
    result = evaluator.privileges("dan")
    assert result["user"] == "dan"
    assert result["user_active"] is True
    assert result["privileges"] == ["db:admin", "db:audit", "db:read"]
    assert result["roles"] == ["analyst", "dba"]
    assert result["latent_privileges"] == []
    assert result["context"]["configuration"] == "production"
    assert result["context"]["at"] == datetime.datetime(
        2026, 12, 4, 12, tzinfo=datetime.timezone.utc)


def test_privileges_dormant(evaluator):
    result = evaluator.privileges("olga")
    assert result["user_active"] is False
    assert result["privileges"] == []
    assert result["latent_privileges"] == ["db:admin", "db:audit", "db:read"]


def test_explain(evaluator):
    granted = evaluator.explain("dan", "db:audit")
    assert granted["allowed"] is True
    assert any(path["grants"] for path in granted["paths"])
    steps = [path["steps"] for path in granted["paths"] if path["grants"]][0]
    assert steps[0]["kind"] == "KIND_ASSIGNMENT"
    assert steps[0]["target"] == "dba"

    denied = evaluator.explain("rita", "crm:export")
    assert denied["allowed"] is False
    assert len(denied["paths"]) == 1
    condition = [step["condition"] for step in denied["paths"][0]["steps"]
                 if step["condition"] is not None]
    assert condition[0]["expression"] == "switches.incident_response"
    assert condition[0]["value"] is False


def test_who_has_privilege(evaluator):
    result = evaluator.who_has(privilege="db:admin")
    assert result["holders"] == ["dan"]
    assert result["dormant_holders"] == ["olga"]
    assert result["count"] == 1
    assert result["dormant_count"] == 1


def test_who_has_resource(evaluator):
    result = evaluator.who_has(resource="db")
    assert result["privileges"] == ["db:admin", "db:audit", "db:read"]
    assert result["holders"] == ["ana", "dan"]
    assert result["dormant_holders"] == ["olga", "tim"]


def test_who_has_agrees_with_check(evaluator, policy):
    users = ["ana", "dan", "olga", "rita", "tim"]
    for privilege in ["db:read", "db:admin", "db:audit", "crm:export"]:
        holders = evaluator.who_has(privilege=privilege)["holders"]
        assert holders == [u for u in users if evaluator.check(u, privilege)]


def test_who_has_needs_one_argument(evaluator):
    with pytest.raises(TypeError):
        evaluator.who_has()
    with pytest.raises(TypeError):
        evaluator.who_has(privilege="db:read", resource="db")
    with pytest.raises(TypeError):
        evaluator.who_has(privilege=3)


def test_report(evaluator):
    report = evaluator.report(group_by="department")
    assert report["model_name"] == "python test"
    assert report["user_count"] == 5
    assert report["active_user_count"] == 3
    assert report["group_by"] == "department"
    incidents = {incident["id"]: incident for incident in report["incident_types"]}
    assert set(incidents) == {"db-breach", "crm-leak"}
    breach = incidents["db-breach"]
    assert breach["holders"] == ["ana", "dan"]
    assert breach["holder_count"] == 2
    assert breach["dormant_holder_count"] == 2
    groups = {group["value"]: group["count"] for group in breach["groups"]}
    assert groups == {"finance": 1, "it": 1}
    switch = report["switches"][0]
    assert switch["switch_id"] == "incident_response"
    assert switch["gains"] == [{"user": "rita", "privileges": ["crm:export"]}]


def test_report_rejects_negative_counts(evaluator):
    with pytest.raises(ValueError):
        evaluator.report(top_roles=-1)


def test_simulate_obtain_role(evaluator):
    result = evaluator.simulate(
        {"changes": [{"obtainRole": {"user": "ana", "role": "dba"}}]})
    assert [change["user"] for change in result["users"]] == ["ana"]
    assert result["users"][0]["privileges_gained"] == ["db:admin", "db:audit"]
    assert result["users"][0]["privileges_lost"] == []
    assert result["totals"]["users_affected"] == 1


def test_simulate_json_text(evaluator):
    delta = json.dumps({"changes": [
        {"setSwitch": {"switchId": "incident_response", "active": True}}]})
    result = evaluator.simulate(delta)
    assert [change["user"] for change in result["users"]] == ["rita"]
    assert result["users"][0]["privileges_gained"] == ["crm:export"]


def test_simulate_errors(evaluator):
    with pytest.raises(rolegraph.InvalidArgumentError):
        evaluator.simulate("{not json")
    with pytest.raises(rolegraph.InvalidArgumentError, match="nobody"):
        evaluator.simulate(
            {"changes": [{"obtainRole": {"user": "nobody", "role": "dba"}}]})
    with pytest.raises(TypeError):
        evaluator.simulate(42)


def test_simulate_rejects_loose_json(evaluator):
    # The same checks as delta files: a string is not a bool, and a key
    # may appear once.
    with pytest.raises(rolegraph.InvalidArgumentError, match="active"):
        evaluator.simulate(
            {"changes": [{"setSwitch": {"switchId": "incident_response", "active": "yes"}}]})
    with pytest.raises(rolegraph.InvalidArgumentError, match="user"):
        evaluator.simulate(
            '{"changes": [{"obtainRole": {"user": "ana", "user": "bob", "role": "dba"}}]}')


def test_unknown_ids(evaluator):
    with pytest.raises(rolegraph.NotFoundError, match="did you mean 'dan'"):
        evaluator.check("dann", "db:read")
    with pytest.raises(LookupError, match="db:drop"):
        evaluator.check("dan", "db:drop")
    with pytest.raises(rolegraph.NotFoundError, match="mainframe"):
        evaluator.who_has(resource="mainframe")
    with pytest.raises(rolegraph.Error):
        evaluator.privileges("nobody")


def test_unknown_switch(policy):
    with pytest.raises(rolegraph.NotFoundError, match="lockdown"):
        policy.evaluator(switches={"lockdown": True})
    with pytest.raises(TypeError):
        policy.evaluator(switches={"incident_response": "yes"})


def test_invalid_time_and_configuration(policy):
    with pytest.raises(ValueError, match="RFC 3339"):
        policy.evaluator(at="yesterday")
    with pytest.raises(TypeError):
        policy.evaluator(at=[2026])
    with pytest.raises(ValueError, match="out of range"):
        policy.evaluator(at=10**30)
    with pytest.raises(ValueError, match="finite"):
        policy.evaluator(at=float("nan"))
    with pytest.raises(rolegraph.InvalidArgumentError, match="staging"):
        policy.evaluator(configuration="staging")
    assert policy.evaluator(at=DECEMBER_4, configuration="development").check(
        "dan", "db:admin") is True


def test_from_json_text():
    policy = rolegraph.from_json(json.dumps(MODEL))
    assert policy.evaluator(at=DECEMBER_4).check("dan", "db:admin") is True


def test_syntax_error_names_location():
    with pytest.raises(rolegraph.InvalidArgumentError, match=r"broken\.json:\d+:\d+"):
        rolegraph.from_json('{\n  "name": "x",\n  "roles": [\n', name="broken.json")


def test_validation_error():
    model = copy.deepcopy(MODEL)
    model["users"][0]["assignments"] = [{"role": "ghost"}]
    with pytest.raises(ValueError, match="ghost"):
        rolegraph.from_dict(model)


def test_invalid_bytes():
    with pytest.raises(rolegraph.InvalidArgumentError):
        rolegraph.from_bytes(b"\xff\xff\xff\xff")


def test_missing_file(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(rolegraph.ModelFileError, match="missing.json"):
        rolegraph.load(str(missing))
    with pytest.raises(OSError):
        rolegraph.load(str(missing))


def test_load_file(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(MODEL))
    policy = rolegraph.load(str(path))
    assert policy.evaluator(at=DECEMBER_4).who_has(privilege="db:admin")["count"] == 1


def test_evaluator_shared_between_threads(evaluator):
    def run(_):
        return (evaluator.who_has(resource="db")["holders"],
                evaluator.report()["incident_types"][0]["holder_count"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(8)))
    assert all(result == results[0] for result in results)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/org.json is missing")
def test_example_organisation():
    policy = rolegraph.load(str(EXAMPLE))
    evaluator = policy.evaluator(at=DECEMBER_4)
    crm = evaluator.who_has(resource="crm")
    assert crm["count"] == len(crm["holders"]) > 0
    first = crm["holders"][0]
    assert any(evaluator.check(first, privilege) for privilege in crm["privileges"])
    report = evaluator.report(group_by="department")
    assert report["model_name"] == "Northwind Logistics"
    assert len(report["incident_types"]) == 6
