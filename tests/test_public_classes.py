"""Each public class says what its spec says: the same inputs, outputs, required fields and id shape."""

from __future__ import annotations

import dataclasses
import inspect


import pytest

from pulumi_directory_users import alicloud, tencentcloud
from pulumi_directory_users.spec import (
    ALICLOUD_GROUP,
    ALICLOUD_MEMBERSHIP,
    ALICLOUD_USER,
    TENCENT_GROUP,
    TENCENT_MEMBERSHIP,
    TENCENT_USER,
    ResourceSpec,
)

CLASSES = [
    (tencentcloud.User, tencentcloud.UserArgs, TENCENT_USER),
    (tencentcloud.Group, tencentcloud.GroupArgs, TENCENT_GROUP),
    (tencentcloud.GroupMembership, tencentcloud.GroupMembershipArgs, TENCENT_MEMBERSHIP),
    (alicloud.User, alicloud.UserArgs, ALICLOUD_USER),
    (alicloud.Group, alicloud.GroupArgs, ALICLOUD_GROUP),
    (alicloud.GroupMembership, alicloud.GroupMembershipArgs, ALICLOUD_MEMBERSHIP),
]
IDS = [f"{resource.__module__.rsplit('.', 1)[-1]}.{resource.__name__}" for resource, _, _ in CLASSES]


@pytest.mark.parametrize("resource, args, spec", CLASSES, ids=IDS)
def test_the_args_class_has_exactly_the_specs_inputs_and_its_required_ones(
    resource: type, args: type, spec: ResourceSpec
) -> None:
    fields = dataclasses.fields(args)
    assert [f.name for f in fields] == list(spec.input_names)
    required = [f.name for f in fields if f.default is dataclasses.MISSING]
    assert required == [f.name for f in spec.fields if f.required]


@pytest.mark.parametrize("resource, args, spec", CLASSES, ids=IDS)
def test_the_resource_takes_every_input_by_keyword_and_types_every_output(
    resource: type, args: type, spec: ResourceSpec
) -> None:
    parameters = inspect.signature(resource.__init__).parameters
    keywords = [name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keywords == [*spec.input_names, "opts"]
    # The class's own annotations (strings under postponed evaluation): one typed Output per property.
    annotations = resource.__annotations__
    assert set(spec.input_names) | set(spec.output_names) <= set(annotations)
    assert all(str(annotations[name]).startswith("pulumi.Output[") for name in spec.output_names)
    assert resource._provider_type.spec is spec


@pytest.mark.parametrize("resource, args, spec", CLASSES, ids=IDS)
def test_keyword_form_names_the_missing_required_inputs(resource: type, args: type, spec: ResourceSpec) -> None:
    required = [f.name for f in spec.fields if f.required]
    with pytest.raises(TypeError) as refused:
        resource("r")
    assert " and ".join(required) in str(refused.value) and args.__name__ in str(refused.value)


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


def test_a_password_is_stored_as_a_secret_and_listed_as_a_secret_output() -> None:
    assert ALICLOUD_USER.secret_inputs == ("password",)
    assert "password" in ALICLOUD_USER.secret_outputs


