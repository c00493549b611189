// The `rolegraph` Python module: load and compile a model, then evaluate it
// in a context. Results are dicts keyed by the results.proto field names.
//
//   import rolegraph
//   policy = rolegraph.load("examples/org.json")
//   evaluator = policy.evaluator(at="2026-12-04T12:00:00Z")
//   evaluator.check("alice", "crm:export")
//
// Errors raise rolegraph.Error subclasses carrying the library's message:
// InvalidArgumentError (also a ValueError), NotFoundError (also a
// LookupError) and ModelFileError (also an OSError) for files that are
// missing or unreadable. Population-wide work releases the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "capi/queries.h"
#include "python_values.h"
#include "rolegraph/evaluator.h"
#include "rolegraph/model.h"
#include "rolegraph/policy.h"
#include "rolegraph/report.h"
#include "rolegraph/simulate.h"

namespace rolegraph::python {
namespace {

namespace py = pybind11;

// The exception classes, created once at import and owned by the module.
struct ExceptionClasses {
  PyObject* error = nullptr;
  PyObject* invalid_argument = nullptr;
  PyObject* not_found = nullptr;
  PyObject* model_file = nullptr;
};
ExceptionClasses exception_classes;

PyObject* NewExceptionClass(py::module_& module, const char* name,
                            py::tuple bases, const char* doc) {
  const std::string qualified = std::string("rolegraph.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  module.add_object(name, py::handle(type));
  return type;
}

void DefineExceptions(py::module_& module) {
  exception_classes.error = NewExceptionClass(
      module, "Error", py::make_tuple(py::handle(PyExc_Exception)),
      "Base class of the errors that rolegraph raises.");
  py::handle error(exception_classes.error);
  exception_classes.invalid_argument = NewExceptionClass(
      module, "InvalidArgumentError", py::make_tuple(error, py::handle(PyExc_ValueError)),
      "Invalid input: a model with syntax or validation errors, an invalid "
      "delta or option.");
  exception_classes.not_found = NewExceptionClass(
      module, "NotFoundError", py::make_tuple(error, py::handle(PyExc_LookupError)),
      "An unknown user, privilege, resource, switch or incident type.");
  exception_classes.model_file = NewExceptionClass(
      module, "ModelFileError", py::make_tuple(error, py::handle(PyExc_OSError)),
      "A model file that is missing or cannot be read.");
}

// Raises the Python exception for a failed status. `reading_file` maps
// NotFound and PermissionDenied to ModelFileError.
[[noreturn]] void Raise(const absl::Status& status, bool reading_file = false) {
  PyObject* type = exception_classes.error;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      type = exception_classes.invalid_argument;
      break;
    case absl::StatusCode::kNotFound:
      type = reading_file ? exception_classes.model_file : exception_classes.not_found;
      break;
    case absl::StatusCode::kPermissionDenied:
      if (reading_file) type = exception_classes.model_file;
      break;
    default:
      break;
  }
  PyErr_SetString(type, std::string(status.message()).c_str());
  throw py::error_already_set();
}

template <typename T>
T ValueOrRaise(absl::StatusOr<T> value, bool reading_file = false) {
  if (!value.ok()) Raise(value.status(), reading_file);
  return *std::move(value);
}

class PyEvaluator;

// A compiled policy. Immutable, so it may be shared between threads.
class PyPolicy {
 public:
  explicit PyPolicy(std::shared_ptr<const Policy> policy) : policy_(std::move(policy)) {}

  const Policy& policy() const { return *policy_; }
  const std::shared_ptr<const Policy>& shared() const { return policy_; }

  std::unique_ptr<PyEvaluator> Evaluator(const py::object& at,
                                         const std::string& configuration,
                                         const py::object& switches) const;

 private:
  std::shared_ptr<const Policy> policy_;
};

// A policy resolved for one evaluation context.
class PyEvaluator {
 public:
  explicit PyEvaluator(std::unique_ptr<rolegraph::Evaluator> evaluator)
      : evaluator_(std::move(evaluator)) {}

  const rolegraph::Evaluator& get() const { return *evaluator_; }

 private:
  std::unique_ptr<rolegraph::Evaluator> evaluator_;
};

absl::StatusOr<std::shared_ptr<const Policy>> CompileModel(const v1::Model& model,
                                                           const std::string& name) {
  CompileOptions options;
  options.file_name = name;
  return Compile(model, options);
}

PyPolicy Load(const std::string& path) {
  absl::StatusOr<v1::Model> model;
  {
    py::gil_scoped_release release;
    model = LoadModel(path);
  }
  if (!model.ok()) Raise(model.status(), /*reading_file=*/true);

  absl::StatusOr<std::shared_ptr<const Policy>> policy;
  {
    py::gil_scoped_release release;
    policy = CompileModel(*model, path);
  }
  return PyPolicy(ValueOrRaise(std::move(policy)));
}

PyPolicy ParseAndCompile(const std::string& content, ModelFormat format,
                         const std::string& name) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy;
  {
    py::gil_scoped_release release;
    absl::StatusOr<v1::Model> model = ParseModel(content, format, name);
    if (!model.ok()) {
      policy = model.status();
    } else {
      policy = CompileModel(*model, name);
    }
  }
  return PyPolicy(ValueOrRaise(std::move(policy)));
}

PyPolicy FromDict(const py::dict& model, const std::string& name) {
  const std::string json =
      py::module_::import("json").attr("dumps")(model, py::arg("indent") = 1).cast<std::string>();
  return ParseAndCompile(json, ModelFormat::kJson, name);
}

std::unique_ptr<PyEvaluator> PyPolicy::Evaluator(const py::object& at,
                                                 const std::string& configuration,
                                                 const py::object& switches) const {
  EvaluationContext context;
  context.now = TimeFromPython(at);
  context.configuration = ValueOrRaise(ParseConfiguration(configuration));
  if (!switches.is_none()) {
    for (const auto& [id, on] : switches.cast<py::dict>()) {
      if (!py::isinstance<py::bool_>(on)) {
        throw py::type_error("switch '" + py::str(id).cast<std::string>() +
                             "' must be True or False");
      }
      context.switch_overrides.emplace_back(id.cast<std::string>(), on.cast<bool>());
    }
  }

  absl::StatusOr<std::unique_ptr<rolegraph::Evaluator>> evaluator;
  {
    py::gil_scoped_release release;
    evaluator = rolegraph::Evaluator::Create(policy_, std::move(context));
  }
  return std::make_unique<PyEvaluator>(ValueOrRaise(std::move(evaluator)));
}

py::list DiagnosticsToList(const std::vector<v1::Diagnostic>& diagnostics) {
  py::list list;
  for (const v1::Diagnostic& diagnostic : diagnostics) list.append(MessageToDict(diagnostic));
  return list;
}

py::dict WhoHas(const PyEvaluator& evaluator, const std::optional<std::string>& privilege,
                const std::optional<std::string>& resource) {
  if (privilege.has_value() == resource.has_value()) {
    throw py::type_error("who_has() takes exactly one of privilege= or resource=");
  }
  const bool by_privilege = privilege.has_value();
  const std::string id = by_privilege ? *privilege : *resource;

  absl::StatusOr<v1::WhoHasResult> result;
  {
    py::gil_scoped_release release;
    result = by_privilege ? embed::WhoHasPrivilege(evaluator.get(), id)
                          : embed::WhoHasResource(evaluator.get(), id);
  }
  return MessageToDict(ValueOrRaise(std::move(result)));
}

py::dict Report(const PyEvaluator& evaluator, const std::string& group_by,
                int top_roles, int min_responders) {
  if (top_roles < 0 || min_responders < 0) {
    throw py::value_error("top_roles and min_responders must not be negative");
  }
  ReportOptions options;
  options.group_by = group_by;
  options.top_roles = top_roles;
  options.min_responders = min_responders;

  absl::StatusOr<v1::IncidentReadinessReport> report;
  {
    py::gil_scoped_release release;
    report = BuildIncidentReport(evaluator.get(), options);
  }
  return MessageToDict(ValueOrRaise(std::move(report)));
}

v1::ModelDelta DeltaFromPython(const py::object& delta) {
  std::string json;
  if (py::isinstance<py::str>(delta)) {
    json = delta.cast<std::string>();
  } else if (py::isinstance<py::dict>(delta)) {
    json = py::module_::import("json").attr("dumps")(delta).cast<std::string>();
  } else {
    throw py::type_error("simulate() takes a delta as a dict or JSON text");
  }

  absl::StatusOr<v1::ModelDelta> parsed = ParseDelta(json, ModelFormat::kJson, "<delta>");
  if (!parsed.ok()) {
    Raise(absl::InvalidArgumentError(
        absl::StrCat(parsed.status().message(),
                     "; pass a rolegraph.v1.ModelDelta in proto3 JSON form")));
  }
  return *std::move(parsed);
}

py::dict SimulateDelta(const PyEvaluator& evaluator, const py::object& delta) {
  v1::ModelDelta parsed = DeltaFromPython(delta);
  absl::StatusOr<v1::SimulationResult> result;
  {
    py::gil_scoped_release release;
    result = Simulate(evaluator.get(), parsed);
  }
  return MessageToDict(ValueOrRaise(std::move(result)));
}

void DefinePolicy(py::module_& module) {
  py::class_<PyPolicy>(module, "Policy",
                       "A compiled policy. Immutable and safe to share between threads.")
      .def_property_readonly(
          "name", [](const PyPolicy& self) { return self.policy().definitions().name(); })
      .def_property_readonly(
          "user_count", [](const PyPolicy& self) { return self.policy().user_count(); })
      .def_property_readonly(
          "role_count", [](const PyPolicy& self) { return self.policy().role_count(); })
      .def_property_readonly(
          "privilege_count",
          [](const PyPolicy& self) { return self.policy().privilege_count(); })
      .def_property_readonly(
          "warnings",
          [](const PyPolicy& self) { return DiagnosticsToList(self.policy().warnings()); },
          "Validation warnings of the model, as dicts.")
      .def("evaluator", &PyPolicy::Evaluator, py::arg("at") = py::none(),
           py::arg("configuration") = "production", py::arg("switches") = py::none(),
           "Resolves the policy for one context and returns an Evaluator.\n\n"
           "at: None (now), an RFC 3339 string, a datetime (naive means UTC)\n"
           "    or Unix seconds.\n"
           "configuration: 'production' or 'development'.\n"
           "switches: {switch_id: bool} states forced for this context.\n"
           "Raises NotFoundError for an unknown switch.");
}

void DefineEvaluator(py::module_& module) {
  py::class_<PyEvaluator>(module, "Evaluator",
                          "A policy resolved for one context. Its methods may be "
                          "called from many threads at once.")
      .def(
          "check",
          [](const PyEvaluator& self, const std::string& user, const std::string& privilege) {
            return ValueOrRaise(embed::CheckByIds(self.get(), user, privilege));
          },
          py::arg("user"), py::arg("privilege"),
          "Returns whether the user effectively holds the privilege.")
      .def(
          "privileges",
          [](const PyEvaluator& self, const std::string& user) {
            return MessageToDict(ValueOrRaise(embed::PrivilegesOf(self.get(), user)));
          },
          py::arg("user"),
          "Returns the user's effective privileges, roles and, for an inactive "
          "user, latent privileges (a PrivilegesResult dict).")
      .def(
          "explain",
          [](const PyEvaluator& self, const std::string& user, const std::string& privilege) {
            return MessageToDict(ValueOrRaise(embed::ExplainByIds(self.get(), user, privilege)));
          },
          py::arg("user"), py::arg("privilege"),
          "Returns every assignment path from the user to the privilege with "
          "its condition values (an Explanation dict).")
      .def("who_has", &WhoHas, py::arg("privilege") = py::none(),
           py::arg("resource") = py::none(),
           "Returns the active and dormant holders of a privilege, or of any "
           "privilege on a resource (a WhoHasResult dict). Pass exactly one.")
      .def("report", &Report, py::arg("group_by") = "", py::arg("top_roles") = 10,
           py::arg("min_responders") = 2,
           "Builds the incident-readiness report (an IncidentReadinessReport dict).")
      .def("simulate", &SimulateDelta, py::arg("delta"),
           "Simulates a what-if change, given as a ModelDelta dict or JSON text "
           "in proto3 JSON form, and returns a SimulationResult dict.")
      .def_property_readonly(
          "evaluation_errors",
          [](const PyEvaluator& self) { return DiagnosticsToList(self.get().EvaluationErrors()); },
          "Conditions that failed to evaluate so far in this context, as dicts: "
          "each failing (user, condition) pair once, at most 100, in user order.")
      .def_property_readonly(
          "evaluation_error_count",
          [](const PyEvaluator& self) { return self.get().EvaluationErrorCount(); },
          "How many (user, condition) pairs failed to evaluate so far, listed or not.");
}

}  // namespace
}  // namespace rolegraph::python

PYBIND11_MODULE(rolegraph, module) {
  using namespace rolegraph::python;
  namespace py = pybind11;

  module.doc() =
      "Evaluates midPoint-style role-based access policies: checks, "
      "effective privileges, explanations, holders, incident-readiness "
      "reports and what-if simulations.";
  DefineExceptions(module);
  DefinePolicy(module);
  DefineEvaluator(module);

  module.def("load", &Load, py::arg("path"),
             "Loads and compiles a model file (.json, .txtpb, .binpb, ...).\n"
             "Raises ModelFileError for a missing or unreadable file and\n"
             "InvalidArgumentError for syntax or validation errors.");
  module.def(
      "from_json",
      [](const std::string& text, const std::string& name) {
        return ParseAndCompile(text, rolegraph::ModelFormat::kJson, name);
      },
      py::arg("text"), py::arg("name") = "<json>",
      "Compiles a model given as proto3 JSON text. `name` appears in messages.");
  module.def("from_dict", &FromDict, py::arg("model"), py::arg("name") = "<dict>",
             "Compiles a model given as a dict in the proto3 JSON shape.");
  module.def(
      "from_bytes",
      [](const py::bytes& data, const std::string& name) {
        return ParseAndCompile(std::string(data), rolegraph::ModelFormat::kBinary, name);
      },
      py::arg("data"), py::arg("name") = "<bytes>",
      "Compiles a model given as a serialised rolegraph.v1.Model.");
}
