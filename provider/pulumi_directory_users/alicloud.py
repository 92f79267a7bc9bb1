"""Alibaba Cloud CloudSSO users (API 2021-05-15).

Example::

    import pulumi
    from pulumi_directory_users import alicloud

    bob = alicloud.User("bob", directory_id="d-00fc2p61abcd", user_name="bob",
                        email="bob@example.com", tags={"team": "platform"})
    pulumi.export("bob_id", bob.user_id)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

import pulumi

from ._resource import DirectoryResource
from .clouds.alicloud import AlicloudUserProvider

__all__ = ["User", "UserArgs"]


@dataclass
class UserArgs:
    """The inputs of an Alibaba Cloud CloudSSO user."""

    directory_id: pulumi.Input[str]
    """The CloudSSO directory id, ``d-`` followed by letters and digits. Changing it replaces the user."""
    user_name: pulumi.Input[str]
    """Unique in the directory, 1-64 letters, digits and ``@ _ - .``. Changing it replaces the user."""
    first_name: Optional[pulumi.Input[str]] = None
    """Up to 64 characters. Updated in place."""
    last_name: Optional[pulumi.Input[str]] = None
    """Up to 64 characters. Updated in place."""
    display_name: Optional[pulumi.Input[str]] = None
    """Up to 256 characters. Updated in place."""
    description: Optional[pulumi.Input[str]] = None
    """Up to 1024 characters. Updated in place."""
    email: Optional[pulumi.Input[str]] = None
    """Unique in the directory, up to 128 characters. Updated in place."""
    status: Optional[pulumi.Input[str]] = None
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None
    """Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:``; values up to
    128 characters. Updated in place with TagResources / UntagResources."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a user of the same name that already exists instead of failing (``pulumi import``
    does not work for dynamic resources). The user is then updated to the declared fields."""


class User(DirectoryResource, module="alicloud", name="User"):
    """A user of Alibaba Cloud CloudSSO.

    The resource id is ``<directory_id>:<user_id>``, the same as the Terraform provider's import id.
    """

    _provider_type = AlicloudUserProvider

    directory_id: pulumi.Output[str]
    user_name: pulumi.Output[str]
    first_name: pulumi.Output[Optional[str]]
    last_name: pulumi.Output[Optional[str]]
    display_name: pulumi.Output[Optional[str]]
    description: pulumi.Output[Optional[str]]
    email: pulumi.Output[Optional[str]]
    status: pulumi.Output[str]
    """``Enabled`` or ``Disabled``, as the cloud reports it."""
    tags: pulumi.Output[Optional[Mapping[str, str]]]
    adopt_existing: pulumi.Output[Optional[bool]]
    user_id: pulumi.Output[str]
    """The user's id, ``u-`` followed by letters and digits."""
    create_time: pulumi.Output[str]
    """When the user was created (UTC, ISO 8601)."""
    update_time: pulumi.Output[str]
    """When the user was last changed (UTC, ISO 8601)."""
    provision_type: pulumi.Output[str]
    """``Manual``, or ``Synchronized`` for users provisioned by SCIM."""

    def __init__(
        self,
        resource_name: str,
        args: Optional[UserArgs] = None,
        *,
        directory_id: Optional[pulumi.Input[str]] = None,
        user_name: Optional[pulumi.Input[str]] = None,
        first_name: Optional[pulumi.Input[str]] = None,
        last_name: Optional[pulumi.Input[str]] = None,
        display_name: Optional[pulumi.Input[str]] = None,
        description: Optional[pulumi.Input[str]] = None,
        email: Optional[pulumi.Input[str]] = None,
        status: Optional[pulumi.Input[str]] = None,
        tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
        adopt_existing: Optional[pulumi.Input[bool]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a user; pass either ``args`` or the keyword arguments (see ``UserArgs``)."""
        if args is None:
            if directory_id is None or user_name is None:
                raise TypeError("alicloud.User needs directory_id and user_name (or a UserArgs)")
            args = UserArgs(
                directory_id=directory_id,
                user_name=user_name,
                first_name=first_name,
                last_name=last_name,
                display_name=display_name,
                description=description,
                email=email,
                status=status,
                tags=tags,
                adopt_existing=adopt_existing,
            )
        self._register(resource_name, args, opts)

    @classmethod
    def get(
        cls, resource_name: str, id: pulumi.Input[str], opts: Optional[pulumi.ResourceOptions] = None
    ) -> "User":
        """Read an existing user into the program by its id ``<directory_id>:<user_id>``."""
        return cls._get(resource_name, id, opts)
