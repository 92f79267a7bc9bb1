"""Each public class, in both forms, says what its spec and the package schema say, field by field:
the same inputs in order, required ones, types, secrets, what replaces, and the same descriptions."""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from typing import Any

import pytest

from pulumi_directory_users import alicloud, native, tencentcloud
from pulumi_directory_users.schema import package_schema
from pulumi_directory_users.spec import (
    ALICLOUD_GROUP,
    ALICLOUD_MEMBERSHIP,
    ALICLOUD_USER,
    TENCENT_GROUP,
    TENCENT_MEMBERSHIP,
    TENCENT_USER,
    Change,
    Kind,
    ResourceSpec,
    camel,
)

SPECS = [TENCENT_USER, TENCENT_GROUP, TENCENT_MEMBERSHIP, ALICLOUD_USER, ALICLOUD_GROUP, ALICLOUD_MEMBERSHIP]
MODULES = {"dynamic": {"tencentcloud": tencentcloud, "alicloud": alicloud},
           "native": {"tencentcloud": native.tencentcloud, "alicloud": native.alicloud}}
CASES = [(form, spec) for form in MODULES for spec in SPECS]
IDS = [f"{form}-{spec.cloud}.{spec.class_name}" for form, spec in CASES]

# What each kind of value is in the schema and in Python (written out here, not taken from the generator).
SCHEMA_TYPES = {Kind.STRING: "string", Kind.BOOL: "boolean", Kind.INT: "integer", Kind.TAGS: "object"}
PY_TYPES = {"string": "str", "boolean": "bool", "integer": "int", "object": "Mapping[str, {}]"}


def classes(form: str, spec: ResourceSpec) -> tuple[type, type]:
    module = MODULES[form][spec.cloud]
    return getattr(module, spec.class_name), getattr(module, f"{spec.class_name}Args")


@cache
def schema() -> dict[str, Any]:
    return package_schema()


@cache
def declared(cls: type) -> dict[str, tuple[str, str, str]]:
    """A class's annotated attributes as its source writes them: name -> (annotation, value, docstring)."""
    tree = ast.parse(inspect.getsource(sys.modules[cls.__module__]))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__).body
    found = {}
    for statement, following in zip(body, [*body[1:], None]):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            doc = following.value.value if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) else ""
            value = ast.unparse(statement.value) if statement.value else ""
            found[statement.target.id] = (ast.unparse(statement.annotation), value, doc)
    return found


def same_text(docstring: str, description: str) -> bool:
    return " ".join(docstring.split()) == " ".join(description.split())


@pytest.mark.parametrize("form, spec", CASES, ids=IDS)
def test_the_args_class_has_the_specs_inputs_in_order_and_its_required_ones(form: str, spec: ResourceSpec) -> None:
    _, args = classes(form, spec)
    parameters = inspect.signature(args).parameters.values()
    resource = schema()["resources"][spec.token]
    assert [camel(p.name) for p in parameters] == list(resource["inputProperties"])
    assert [p.name for p in parameters] == list(spec.input_names)
    required = [camel(p.name) for p in parameters if p.default is inspect.Parameter.empty]
    assert required == resource["requiredInputs"] == [camel(f.name) for f in spec.fields if f.required]


@pytest.mark.parametrize("form, spec", CASES, ids=IDS)
def test_each_input_has_the_schemas_type_description_and_wire_name(form: str, spec: ResourceSpec) -> None:
    _, args = classes(form, spec)
    inputs = schema()["resources"][spec.token]["inputProperties"]
    attributes = declared(args)
    assert list(attributes) == list(spec.input_names)
    for field in spec.fields:
        annotation, value, doc = attributes[field.name]
        wire = inputs[camel(field.name)]
        assert wire["type"] == SCHEMA_TYPES[field.kind], field.name
        inner = PY_TYPES[wire["type"]].format("pulumi.Input[str]")
        expected = f"pulumi.Input[{inner}]" if field.required else f"Optional[pulumi.Input[{inner}]]"
        assert annotation == expected, field.name
        assert same_text(doc, field.description) and same_text(doc, wire["description"]), field.name
        if form == "native":
            default = "" if field.required else ", default=None"
            assert value == f"pulumi.property('{camel(field.name)}'{default})", field.name
        assert wire.get("secret", False) is field.secret, field.name
        assert wire.get("replaceOnChanges", False) is (field.change is Change.REPLACE), field.name


@pytest.mark.parametrize("form, spec", CASES, ids=IDS)
def test_each_property_is_a_typed_output_described_as_in_the_schema(form: str, spec: ResourceSpec) -> None:
    resource_class, _ = classes(form, spec)
    resource = schema()["resources"][spec.token]
    attributes = declared(resource_class)
    assert [camel(name) for name in attributes] == list(resource["properties"])
    for name, (annotation, value, doc) in attributes.items():
        wire = resource["properties"][camel(name)]
        inner = PY_TYPES[wire["type"]].format("str")
        present = camel(name) in resource["required"]
        assert annotation == (f"pulumi.Output[{inner}]" if present else f"pulumi.Output[Optional[{inner}]]"), name
        assert same_text(doc, wire["description"]), name
        assert value == (f"pulumi.property('{camel(name)}')" if form == "native" else ""), name
    secrets = sorted(camel(name) for name in spec.secret_outputs)
    assert sorted(k for k, v in resource["properties"].items() if v.get("secret")) == secrets
    assert same_text(inspect.getdoc(resource_class) or "", resource["description"])
    assert same_text(resource["description"], spec.description)


@pytest.mark.parametrize("form, spec", CASES, ids=IDS)
def test_the_resource_takes_every_input_by_keyword_and_is_its_specs(form: str, spec: ResourceSpec) -> None:
    resource_class, _ = classes(form, spec)
    parameters = inspect.signature(resource_class.__init__).parameters
    keywords = [name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keywords == [*spec.input_names, "opts"]
    assert resource_class._resource_spec() is spec


@pytest.mark.parametrize("form, spec", CASES, ids=IDS)
def test_keyword_form_names_the_missing_required_inputs(form: str, spec: ResourceSpec) -> None:
    resource_class, args = classes(form, spec)
    required = [f.name for f in spec.fields if f.required]
    with pytest.raises(TypeError) as refused:
        resource_class("r")
    assert " and ".join(required) in str(refused.value) and args.__name__ in str(refused.value)


def test_the_provider_takes_each_setting_by_its_snake_case_key_described_as_in_the_schema() -> None:
    variables = schema()["config"]["variables"]
    parameters = inspect.signature(native.Provider.__init__).parameters
    keywords = [name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keywords == [
        "tencentcloud_secret_id", "tencentcloud_secret_key", "tencentcloud_security_token", "tencentcloud_region",
        "tencentcloud_endpoint", "tencentcloud_domain", "tencentcloud_rate_limits", "retry_deadline",
        "alicloud_access_key", "alicloud_secret_key", "alicloud_security_token", "alicloud_region",
        "alicloud_endpoint", "alicloud_rate_limits", "opts",
    ]
    attributes = declared(native.ProviderArgs)
    assert [camel(name) for name in attributes] == list(variables)
    for name, (annotation, value, doc) in attributes.items():
        wire = variables[camel(name)]
        assert annotation == f"Optional[pulumi.Input[{'float' if wire['type'] == 'number' else 'str'}]]", name
        assert value == f"pulumi.property('{camel(name)}', default=None)", name
        assert same_text(doc, wire["description"]), name


@pytest.mark.parametrize("spec, good, bad", [
    (TENCENT_USER, "z-1os7c9tyugct#u-rdvm4xdqi8pr", "z-1os7c9tyugct:u-rdvm4xdqi8pr"),
    (TENCENT_GROUP, "z-1os7c9tyugct#g-abcdefgh1234", "z-1os7c9tyugct#u-abcdefgh1234"),
    (TENCENT_MEMBERSHIP, "z-1os7c9tyugct#g-abcdefgh1234#u-rdvm4xdqi8pr", "z-1os7c9tyugct#g-abcdefgh1234"),
    (ALICLOUD_USER, "d-00fc2p61abcd:u-00q8wbq42wiltcrxxxxx", "d-00fc2p61abcd#u-00q8wbq42wiltcrxxxxx"),
    (ALICLOUD_GROUP, "d-00fc2p61abcd:g-00jqzghi2n3o5hkxxxxx", "d-00fc2p61abcd:g-"),
    (ALICLOUD_MEMBERSHIP, "d-00fc2p61abcd:g-00jqzghi2n3o5hkxxxxx:u-00q8wbq42wiltcrxxxxx",
     "d-00fc2p61abcd:u-00q8wbq42wiltcrxxxxx:g-00jqzghi2n3o5hkxxxxx"),
])
def test_resource_ids_take_the_terraform_import_id_shapes(spec: ResourceSpec, good: str, bad: str) -> None:
    assert spec.resource_id(*spec.split_id(good)) == good
    with pytest.raises(ValueError, match="is malformed: expected"):
        spec.split_id(bad)
    # The class docstring states the shape, from the same id fields.
    assert spec.id_separator.join(f"<{n}>" for n in (spec.parent, *spec.id_fields)) in spec.description


def test_a_password_is_stored_as_a_secret_and_listed_as_a_secret_output() -> None:
    assert ALICLOUD_USER.secret_inputs == ("password",)
    assert "password" in ALICLOUD_USER.secret_outputs


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.cloud}.{s.class_name}" for s in SPECS])
def test_a_description_says_a_change_replaces_exactly_when_it_does(spec: ResourceSpec) -> None:
    for field in spec.fields:
        assert ("Changing it replaces" in field.description) is (field.change is Change.REPLACE), field.name


@pytest.mark.parametrize("spec, name, stated", [
    (TENCENT_USER, "user_name", "1-64 letters, digits and ``+ = , . @ - _``"),
    (ALICLOUD_USER, "user_name", "1-64 letters, digits and ``@ _ - .``"),
    (ALICLOUD_GROUP, "group_name", "1-128 letters, digits and ``_ - .``"),
    (TENCENT_USER, "display_name", "Up to 256 characters"),
    (TENCENT_USER, "user_status", "``Enabled`` (default) or ``Disabled``"),
    (ALICLOUD_USER, "mfa_authentication_settings", "``Enabled`` or ``Disabled``:"),
    (ALICLOUD_USER, "password", "8-32 characters with an uppercase letter, a lowercase letter, a digit and a special"),
    (ALICLOUD_USER, "tags", "Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:``"),
    (TENCENT_GROUP, "zone_id", "``z-`` followed by lowercase letters and digits"),
])
def test_descriptions_state_the_limits_the_checks_enforce(spec: ResourceSpec, name: str, stated: str) -> None:
    assert stated in spec.field(name).description
