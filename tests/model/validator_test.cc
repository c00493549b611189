// Tests of ValidateModel: each rule, the data files with one mistake each,
// and a model with five mistakes that must all be reported in one run.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/model_test_util.h"
#include "rolegraph/model.h"

namespace rolegraph {
namespace {

using ::rolegraph::testing::DataPath;
using ::rolegraph::testing::Describe;
using ::rolegraph::testing::ModelFromText;
using ::rolegraph::testing::WithCode;
using ::testing::HasSubstr;
using ::testing::SizeIs;

v1::ValidationResult ValidateText(absl::string_view text) {
  return ValidateModel(ModelFromText(text), "test.txtpb");
}

v1::ValidationResult ValidateFile(const std::string& name) {
  const absl::StatusOr<v1::Model> model = LoadModel(DataPath(name));
  EXPECT_TRUE(model.ok()) << model.status();
  return ValidateModel(model.ok() ? *model : v1::Model(), DataPath(name));
}

// Returns the only diagnostic with `code`, failing the test when there is
// not exactly one.
v1::Diagnostic Only(const v1::ValidationResult& result,
                    absl::string_view code) {
  const std::vector<v1::Diagnostic> found = WithCode(result, code);
  EXPECT_THAT(found, SizeIs(1)) << Describe(result);
  return found.empty() ? v1::Diagnostic() : found.front();
}

TEST(ValidateModel, ValidModelHasNoDiagnostics) {
  const v1::ValidationResult result = ValidateFile("valid.json");
  EXPECT_EQ(result.diagnostics_size(), 0) << Describe(result);
  EXPECT_EQ(result.error_count(), 0);
  EXPECT_EQ(result.warning_count(), 0);
  EXPECT_EQ(result.file(), DataPath("valid.json"));
}

TEST(ValidateModel, FiveMistakesAllReported) {
  const v1::ValidationResult result = ValidateFile("five_mistakes.txtpb");
  ASSERT_EQ(result.diagnostics_size(), 5) << Describe(result);
  EXPECT_EQ(result.error_count(), 5);
  EXPECT_EQ(result.warning_count(), 0);

  const auto& d = result.diagnostics();
  EXPECT_EQ(d[0].path(), "roles[0].inducements[0].privilege");
  EXPECT_EQ(d[0].code(), "dangling-reference");
  EXPECT_EQ(d[0].message(),
            "inducement refers to unknown privilege \"crm:raed\"");
  EXPECT_EQ(d[0].hint(), "did you mean \"crm:read\"?");

  EXPECT_EQ(d[1].path(), "roles[1].inducements[0]");
  EXPECT_EQ(d[1].code(), "self-reference");
  EXPECT_EQ(d[1].message(), "role \"auditor\" induces itself");

  EXPECT_EQ(d[2].path(), "roles[2].id");
  EXPECT_EQ(d[2].code(), "duplicate-id");
  EXPECT_EQ(d[2].message(),
            "duplicate role id \"sales\", already used by roles[0]");

  EXPECT_EQ(d[3].path(), "users[0].activation");
  EXPECT_EQ(d[3].code(), "inverted-validity");
  EXPECT_EQ(d[3].message(),
            "valid_to 2026-02-02T02:40:00Z is before valid_from "
            "2026-05-28T20:26:40Z");

  EXPECT_EQ(d[4].path(), "users[0].assignments[0].condition");
  EXPECT_EQ(d[4].code(), "invalid-condition");
  EXPECT_THAT(d[4].message(), HasSubstr("at 1:10"));
  EXPECT_THAT(d[4].message(), HasSubstr("incident_responce"));
  EXPECT_EQ(d[4].hint(), "did you mean 'incident_response'?");

  for (const v1::Diagnostic& diagnostic : d) {
    EXPECT_EQ(diagnostic.file(), DataPath("five_mistakes.txtpb"));
    EXPECT_EQ(diagnostic.severity(), v1::SEVERITY_ERROR);
    EXPECT_FALSE(diagnostic.hint().empty());
  }
}

TEST(ValidateModel, IdWithWhitespaceFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("id_whitespace.json"), "id-whitespace");
  EXPECT_EQ(d.path(), "roles[0].id");
  EXPECT_EQ(d.message(), "role id \"sales \" has trailing whitespace");
  EXPECT_EQ(d.hint(),
            "remove the whitespace, because ids are compared exactly and a "
            "reference to \"sales\" would not match");
  EXPECT_EQ(d.severity(), v1::SEVERITY_ERROR);
}

TEST(ValidateModel, IdWithControlCharacterFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("id_control_char.json"), "id-control-character");
  EXPECT_EQ(d.path(), "users[1].id");
  EXPECT_EQ(
      d.message(),
      "user id \"bo\\007b\" contains the control character U+0007 at byte 2");
  EXPECT_EQ(d.severity(), v1::SEVERITY_ERROR);
}

TEST(ValidateModel, UnknownSwitchInConditionFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("unknown_switch.json"), "invalid-condition");
  EXPECT_EQ(d.path(), "roles[0].inducements[0].condition");
  EXPECT_EQ(d.message(),
            "condition \"switches.incident_respons\" does not compile at 1:10: "
            "unknown switch 'incident_respons'");
  EXPECT_EQ(d.hint(), "did you mean 'incident_response'?");
}

TEST(ValidateModel, ConditionTypeMismatchFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("condition_type_mismatch.json"), "invalid-condition");
  EXPECT_EQ(d.path(), "users[0].assignments[0].condition");
  EXPECT_THAT(d.message(), HasSubstr("user.attributes[\\\"level\\\"] > 3"));
  EXPECT_THAT(d.message(), HasSubstr("does not compile at 1:"));
  EXPECT_THAT(d.message(), HasSubstr("string"));
  EXPECT_THAT(d.message(), HasSubstr("int"));
}

TEST(ValidateModel, InvertedValidityFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("inverted_validity.json"), "inverted-validity");
  EXPECT_EQ(d.path(), "users[0].activation");
  EXPECT_EQ(d.message(),
            "valid_to 2026-01-01T00:00:00Z is before valid_from "
            "2026-06-01T00:00:00Z");
  EXPECT_EQ(d.severity(), v1::SEVERITY_ERROR);
}

TEST(ValidateModel, SelfInducingRoleFile) {
  const v1::ValidationResult result = ValidateFile("self_inducing_role.json");
  const v1::Diagnostic d = Only(result, "self-reference");
  EXPECT_EQ(d.path(), "roles[0].inducements[0]");
  EXPECT_EQ(d.message(), "role \"sales\" induces itself");
  EXPECT_THAT(WithCode(result, "role-cycle"), SizeIs(0));
}

TEST(ValidateModel, DanglingReferenceFile) {
  const v1::Diagnostic d =
      Only(ValidateFile("dangling_reference.json"), "dangling-reference");
  EXPECT_EQ(d.path(), "users[0].assignments[0].role");
  EXPECT_EQ(d.message(), "assignment refers to unknown role \"sale\"");
  EXPECT_EQ(d.hint(), "did you mean \"sales\"?");
}

TEST(ValidateModel, DuplicateIdsPerNamespace) {
  const v1::ValidationResult result = ValidateText(R"pb(
    privileges { id: "p" resource: "r" action: "a" }
    privileges { id: "p" resource: "r" action: "a" }
    roles { id: "shared" }
    roles { id: "shared" }
    users { id: "shared" }
    users { id: "u" }
    users { id: "u" }
    switches { id: "s" }
    switches { id: "s" }
    incident_types { id: "i" privileges: "p" }
    incident_types { id: "i" privileges: "p" }
    exclusions { id: "x" roles: "shared" roles: "other" }
    exclusions { id: "x" roles: "shared" roles: "other" }
    roles { id: "other" }
  )pb");
  std::vector<std::string> paths;
  for (const v1::Diagnostic& d : WithCode(result, "duplicate-id"))
    paths.push_back(d.path());
  EXPECT_THAT(
      paths, ::testing::ElementsAre("privileges[1].id", "roles[1].id",
                                    "users[2].id", "switches[1].id",
                                    "incident_types[1].id", "exclusions[1].id"))
      << Describe(result);
}

TEST(ValidateModel, UserAndRoleMayShareId) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles { id: "alice" }
    users {
      id: "alice"
      assignments { role: "alice" }
    }
  )pb");
  EXPECT_EQ(result.diagnostics_size(), 0) << Describe(result);
}

TEST(ValidateModel, EmptyIds) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {}
    users { id: "" }
  )pb");
  const std::vector<v1::Diagnostic> found = WithCode(result, "empty-id");
  ASSERT_THAT(found, SizeIs(2)) << Describe(result);
  EXPECT_EQ(found[0].path(), "roles[0].id");
  EXPECT_EQ(found[0].message(), "role id is empty");
  EXPECT_EQ(found[1].path(), "users[0].id");
}

TEST(ValidateModel, LeadingWhitespaceAndTab) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles { id: " admin" }
    roles { id: "ops\t" }
  )pb");
  EXPECT_EQ(Only(result, "id-whitespace").message(),
            "role id \" admin\" has leading whitespace");
  // A tab is a control character, reported once as such.
  EXPECT_EQ(Only(result, "id-control-character").path(), "roles[1].id");
}

TEST(ValidateModel, CaseConflictIsWarning) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles { id: "Admin" }
    roles { id: "admin" }
  )pb");
  const v1::Diagnostic d = Only(result, "id-case-conflict");
  EXPECT_EQ(d.severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(d.path(), "roles[1].id");
  EXPECT_EQ(d.message(),
            "role id \"admin\" differs from \"Admin\" (roles[0]) only by case");
  EXPECT_EQ(result.error_count(), 0);
  EXPECT_EQ(result.warning_count(), 1);
}

TEST(ValidateModel, SwitchIdMustBeIdentifier) {
  const v1::ValidationResult result = ValidateText(R"pb(
    switches { id: "incident_response" }
    switches { id: "Incident-Response" }
    switches { id: "2fa_bypass" }
  )pb");
  const std::vector<v1::Diagnostic> found =
      WithCode(result, "invalid-switch-id");
  ASSERT_THAT(found, SizeIs(2)) << Describe(result);
  EXPECT_EQ(found[0].path(), "switches[1].id");
  EXPECT_EQ(found[0].message(),
            "switch id \"Incident-Response\" is not an identifier of the form "
            "[a-z][a-z0-9_]*");
  EXPECT_EQ(found[1].path(), "switches[2].id");
}

TEST(ValidateModel, DanglingReferencesEverywhere) {
  const v1::ValidationResult result = ValidateText(R"pb(
    privileges { id: "crm:read" resource: "crm" action: "read" }
    roles {
      id: "sales"
      owners: "carol"
      assignments { role: "meta" }
      inducements { role: "ghost" }
      inducements { privilege: "crm:write" }
    }
    users {
      id: "alice"
      assignments { role: "nobody" }
    }
    incident_types { id: "i" privileges: "crm:delete" resources: "erp" }
    exclusions { id: "x" roles: "sales" roles: "finance" }
  )pb");
  std::vector<std::string> paths;
  for (const v1::Diagnostic& d : WithCode(result, "dangling-reference")) {
    paths.push_back(d.path());
    EXPECT_EQ(d.severity(), v1::SEVERITY_ERROR);
  }
  EXPECT_THAT(
      paths, ::testing::ElementsAre(
                 "roles[0].assignments[0].role", "roles[0].inducements[0].role",
                 "roles[0].inducements[1].privilege", "roles[0].owners[0]",
                 "users[0].assignments[0].role",
                 "incident_types[0].privileges[0]", "exclusions[0].roles[1]"))
      << Describe(result);

  const v1::Diagnostic resource = Only(result, "resource-without-privileges");
  EXPECT_EQ(resource.path(), "incident_types[0].resources[0]");
  EXPECT_EQ(resource.severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(resource.message(),
            "resource \"erp\" of incident type \"i\" matches no privilege");
}

TEST(ValidateModel, InducementWithoutTarget) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {
      id: "sales"
      inducements { order: 1 }
    }
    roles {
      id: "ops"
      inducements { role: "" }
    }
  )pb");
  const v1::Diagnostic none = Only(result, "inducement-without-target");
  EXPECT_EQ(none.path(), "roles[0].inducements[0]");
  EXPECT_EQ(none.message(), "inducement of role \"sales\" has no target");
  EXPECT_EQ(none.hint(), "set either role or privilege");
  const v1::Diagnostic empty = Only(result, "missing-reference");
  EXPECT_EQ(empty.path(), "roles[1].inducements[0].role");
  EXPECT_EQ(empty.message(), "inducement names no role");
}

TEST(ValidateModel, RoleAssignedToItself) {
  const v1::Diagnostic d = Only(ValidateText(R"pb(
                                  roles {
                                    id: "meta"
                                    assignments { role: "meta" }
                                  }
                                )pb"),
                                "self-reference");
  EXPECT_EQ(d.path(), "roles[0].assignments[0]");
  EXPECT_EQ(d.message(), "role \"meta\" is assigned to itself");
}

TEST(ValidateModel, CycleIsOneWarningListingRoles) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {
      id: "a"
      inducements { role: "b" }
    }
    roles {
      id: "b"
      assignments { role: "c" }
    }
    roles {
      id: "c"
      inducements { role: "a" }
      inducements { role: "a" }
    }
    roles {
      id: "d"
      inducements { role: "a" }
    }
  )pb");
  const v1::Diagnostic d = Only(result, "role-cycle");
  EXPECT_EQ(d.severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(d.path(), "roles[0]");
  EXPECT_EQ(
      d.message(),
      "roles form a cycle of 3: \"a\" induces \"b\", \"b\" is assigned to "
      "\"c\", \"c\" induces \"a\"");
  EXPECT_EQ(result.error_count(), 0);
}

TEST(ValidateModel, CycleStartsAtFirstRoleInModelOrder) {
  // The search starts at "x", outside the cycle, and enters it at "c".
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {
      id: "x"
      inducements { role: "c" }
    }
    roles {
      id: "b"
      inducements { role: "x2" }
    }
    roles {
      id: "c"
      inducements { role: "b" }
    }
    roles {
      id: "x2"
      inducements { role: "c" }
    }
  )pb");
  const v1::Diagnostic d = Only(result, "role-cycle");
  EXPECT_EQ(d.path(), "roles[1]");
  EXPECT_EQ(
      d.message(),
      "roles form a cycle of 3: \"b\" induces \"x2\", \"x2\" induces \"c\", "
      "\"c\" induces \"b\"");
}

TEST(ValidateModel, CyclesThroughSharedRolesGiveOneWarning) {
  // "a", "b" and "c" all reach each other: one strongly connected component
  // with two cycles, reported once with its shortest cycle through "a".
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {
      id: "a"
      inducements { role: "b" }
    }
    roles {
      id: "b"
      inducements { role: "a" }
      inducements { role: "c" }
    }
    roles {
      id: "c"
      inducements { role: "b" }
    }
  )pb");
  const std::vector<v1::Diagnostic> found = WithCode(result, "role-cycle");
  ASSERT_THAT(found, SizeIs(1)) << Describe(result);
  EXPECT_EQ(found[0].path(), "roles[0]");
  EXPECT_EQ(found[0].message(),
            "roles form a cycle of 2: \"a\" induces \"b\", \"b\" induces \"a\"; "
            "3 roles in all reach each other, so there are more cycles through "
            "\"c\"");
}

TEST(ValidateModel, SeparateCyclesGiveOneWarningEach) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles {
      id: "a"
      inducements { role: "b" }
    }
    roles {
      id: "b"
      inducements { role: "a" }
      inducements { role: "c" }
    }
    roles {
      id: "c"
      inducements { role: "d" }
    }
    roles {
      id: "d"
      assignments { role: "c" }
    }
  )pb");
  const std::vector<v1::Diagnostic> found = WithCode(result, "role-cycle");
  ASSERT_THAT(found, SizeIs(2)) << Describe(result);
  EXPECT_EQ(
      found[0].message(),
      "roles form a cycle of 2: \"a\" induces \"b\", \"b\" induces \"a\"");
  EXPECT_EQ(found[1].message(),
            "roles form a cycle of 2: \"c\" induces \"d\", \"d\" is assigned to "
            "\"c\"");
}

TEST(ValidateModel, LongChainDoesNotExhaustStack) {
  v1::Model model;
  constexpr int kRoles = 200000;
  for (int i = 0; i < kRoles; ++i) {
    v1::Role* role = model.add_roles();
    role->set_id(absl::StrCat("r", i));
    role->add_inducements()->set_role(absl::StrCat("r", (i + 1) % kRoles));
  }
  const v1::ValidationResult result = ValidateModel(model, "chain");
  const v1::Diagnostic d = Only(result, "role-cycle");
  EXPECT_THAT(d.message(), HasSubstr("cycle of 200000"));
  EXPECT_THAT(d.message(), HasSubstr("and 199990 more steps"));
  EXPECT_LT(d.message().size(), 1000u);
}

TEST(ValidateModel, ExclusionNeedsTwoDistinctRoles) {
  const v1::ValidationResult result = ValidateText(R"pb(
    roles { id: "a" }
    roles { id: "b" }
    exclusions { id: "one" roles: "a" }
    exclusions { id: "same" roles: "a" roles: "a" }
    exclusions { id: "ok" roles: "a" roles: "b" roles: "b" }
  )pb");
  const std::vector<v1::Diagnostic> too_few =
      WithCode(result, "exclusion-too-few-roles");
  ASSERT_THAT(too_few, SizeIs(2)) << Describe(result);
  EXPECT_EQ(too_few[0].path(), "exclusions[0]");
  EXPECT_EQ(
      too_few[0].message(),
      "exclusion rule \"one\" needs at least two distinct roles but names 1");
  EXPECT_EQ(too_few[1].path(), "exclusions[1]");
  const std::vector<v1::Diagnostic> repeated =
      WithCode(result, "duplicate-exclusion-role");
  ASSERT_THAT(repeated, SizeIs(2));
  EXPECT_EQ(repeated[0].path(), "exclusions[1].roles[1]");
  EXPECT_EQ(repeated[1].path(), "exclusions[2].roles[2]");
  EXPECT_EQ(repeated[1].severity(), v1::SEVERITY_WARNING);
}

TEST(ValidateModel, IncidentTypeWithNothingIsWarning) {
  const v1::Diagnostic d = Only(
      ValidateText(R"pb(incident_types { id: "i" })pb"), "empty-incident-type");
  EXPECT_EQ(d.path(), "incident_types[0]");
  EXPECT_EQ(d.severity(), v1::SEVERITY_WARNING);
}

TEST(ValidateModel, NegativeOrder) {
  const v1::Diagnostic d =
      Only(ValidateText(R"pb(
             privileges { id: "p" resource: "r" action: "a" }
             roles {
               id: "meta"
               inducements { privilege: "p" order: -1 }
             }
           )pb"),
           "negative-order");
  EXPECT_EQ(d.path(), "roles[0].inducements[0].order");
  EXPECT_EQ(d.message(), "inducement order -1 is negative");
  EXPECT_EQ(d.severity(), v1::SEVERITY_ERROR);
}

TEST(ValidateModel, PrivilegeWithoutResourceOrAction) {
  const v1::ValidationResult result = ValidateText(R"pb(
    privileges { id: "crm:export" resource: "crm" }
    privileges { id: "erp" }
  )pb");
  const std::vector<v1::Diagnostic> found =
      WithCode(result, "incomplete-privilege");
  ASSERT_THAT(found, SizeIs(3)) << Describe(result);
  EXPECT_EQ(found[0].path(), "privileges[0].action");
  EXPECT_EQ(found[0].message(), "privilege \"crm:export\" has no action");
  EXPECT_EQ(found[1].path(), "privileges[1].resource");
  EXPECT_EQ(found[2].path(), "privileges[1].action");
  EXPECT_EQ(result.error_count(), 0);
  EXPECT_EQ(result.warning_count(), 3);
}

TEST(ValidateModel, ConditionsOnEveryKindOfItem) {
  const v1::ValidationResult result = ValidateText(R"pb(
    switches { id: "incident_response" }
    roles {
      id: "meta"
      inducements {
        role: "base"
        condition { expression: "switches.incident_response" }
      }
    }
    roles {
      id: "base"
      assignments {
        role: "meta"
        condition { expression: "role.idd == \"x\"" }
      }
      inducements {
        role: "meta"
        condition { expression: "user.id ==" }
      }
    }
    users {
      id: "u"
      assignments {
        role: "base"
        condition { expression: "  " }
      }
    }
  )pb");
  const std::vector<v1::Diagnostic> invalid =
      WithCode(result, "invalid-condition");
  ASSERT_THAT(invalid, SizeIs(2)) << Describe(result);
  EXPECT_EQ(invalid[0].path(), "roles[1].assignments[0].condition");
  EXPECT_EQ(invalid[1].path(), "roles[1].inducements[0].condition");
  const v1::Diagnostic empty = Only(result, "empty-condition");
  EXPECT_EQ(empty.path(), "users[0].assignments[0].condition");
}

TEST(ValidateModel, ConditionErrorsKeepExpressionLineAndColumn) {
  const v1::Diagnostic d = Only(
      ValidateText(R"pb(
        roles { id: "r" }
        users {
          id: "u"
          assignments {
            role: "r"
            condition { expression: "role.id == \"r\" &&\n  user.idd == \"b\"" }
          }
        }
      )pb"),
      "invalid-condition");
  EXPECT_THAT(d.message(), HasSubstr("does not compile at 2:"));
  EXPECT_EQ(d.hint(), "did you mean 'id'?");
}

TEST(ValidateModel, UnknownEnumNumberFromBinary) {
  v1::Model model;
  v1::Role* role = model.add_roles();
  role->set_id("r");
  role->set_kind(static_cast<v1::RoleKind>(42));
  const v1::Diagnostic d =
      Only(ValidateModel(model, "bin.binpb"), "unknown-enum-value");
  EXPECT_EQ(d.path(), "roles[0].kind");
  EXPECT_EQ(
      d.message(),
      "kind has the value 42, which rolegraph.v1.RoleKind does not define");
}

TEST(ValidateModel, TimestampOutOfRange) {
  const v1::ValidationResult result = ValidateText(R"pb(
    users {
      id: "u"
      activation { valid_from { seconds: 1 nanos: -5 } }
    }
    switches {
      id: "s"
      max_ttl { seconds: -60 }
    }
  )pb");
  EXPECT_EQ(Only(result, "invalid-timestamp").path(),
            "users[0].activation.valid_from");
  EXPECT_EQ(Only(result, "invalid-max-ttl").path(), "switches[0].max_ttl");
}

TEST(ValidateModel, SwitchExpiringBeforeActivation) {
  const v1::Diagnostic d = Only(ValidateText(R"pb(
                                  switches {
                                    id: "s"
                                    activated_at { seconds: 2000 }
                                    expires_at { seconds: 1000 }
                                  }
                                )pb"),
                                "switch-expired-before-activation");
  EXPECT_EQ(d.path(), "switches[0].expires_at");
  EXPECT_EQ(d.severity(), v1::SEVERITY_WARNING);
}

TEST(ValidateModel, DiagnosticsSortedByModelOrder) {
  const v1::ValidationResult result = ValidateText(R"pb(
    users {
      id: "u"
      assignments { role: "x" }
    }
    roles {
      id: "r"
      inducements { role: "y" }
    }
    roles { id: "r" }
    privileges { id: "" resource: "a" action: "b" }
  )pb");
  std::vector<std::string> paths;
  for (const v1::Diagnostic& d : result.diagnostics())
    paths.push_back(d.path());
  EXPECT_THAT(paths, ::testing::ElementsAre(
                         "privileges[0].id", "roles[0].inducements[0].role",
                         "roles[1].id", "users[0].assignments[0].role"));
}

TEST(ValidateModel, IndexTenSortsAfterIndexTwo) {
  v1::Model model;
  for (int i = 0; i < 11; ++i)
    model.add_roles()->set_id(i == 2 || i == 10 ? "" : absl::StrCat("r", i));
  const v1::ValidationResult result = ValidateModel(model, "m");
  ASSERT_EQ(result.diagnostics_size(), 2);
  EXPECT_EQ(result.diagnostics(0).path(), "roles[2].id");
  EXPECT_EQ(result.diagnostics(1).path(), "roles[10].id");
}

}  // namespace
}  // namespace rolegraph
