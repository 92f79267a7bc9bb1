"""Alibaba Cloud CloudSSO users, groups and group memberships (API 2021-05-15).

Example::

    import pulumi
    from pulumi_directory_users import alicloud

    bob = alicloud.User("bob", directory_id="d-00fc2p61abcd", user_name="bob",
                        email="bob@example.com", tags={"team": "platform"})
    admins = alicloud.Group("admins", directory_id=bob.directory_id, group_name="admins")
    alicloud.GroupMembership("bob-admins", directory_id=bob.directory_id,
                             group_id=admins.group_id, user_id=bob.user_id)
    pulumi.export("bob_id", bob.user_id)
"""

# Generated from spec.py by `python -m pulumi_directory_users.codegen`: edit the specs, not this file.

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

import pulumi

from ._declare import args_from
from ._resource import DirectoryResource
from .clouds.alicloud import AlicloudGroupMembershipProvider, AlicloudGroupProvider, AlicloudUserProvider

__all__ = ["Group", "GroupArgs", "GroupMembership", "GroupMembershipArgs", "User", "UserArgs"]


@dataclass
class UserArgs:
    """The inputs of an Alibaba Cloud CloudSSO user."""

    directory_id: pulumi.Input[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
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
    """Unique in the directory, an email address of up to 128 characters. Updated in place."""
    status: Optional[pulumi.Input[str]] = None
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None
    """Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:`` and not containing
    ``http://`` or ``https://``; values up to 128 characters. Updated in place with TagResources /
    UntagResources."""
    password: Optional[pulumi.Input[str]] = None
    """The user's password, set with ResetUserPassword after the user is created and whenever it changes: 8-32
    characters with an uppercase letter, a lowercase letter, a digit and a special character. A secret: stored
    encrypted, never read back, never printed."""
    mfa_authentication_settings: Optional[pulumi.Input[str]] = None
    """``Enabled`` or ``Disabled``: whether the user must use MFA to sign in. Set with
    UpdateUserMFAAuthenticationSettings; read back on refresh when set."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class User(DirectoryResource, module="alicloud", name="User"):
    """A user of Alibaba Cloud CloudSSO.

    The resource id is ``<directory_id>:<user_id>``, the same as the Terraform provider's import id.
    """

    _provider_type = AlicloudUserProvider

    directory_id: pulumi.Output[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
    user_name: pulumi.Output[str]
    """Unique in the directory, 1-64 letters, digits and ``@ _ - .``. Changing it replaces the user."""
    first_name: pulumi.Output[Optional[str]]
    """Up to 64 characters. Updated in place."""
    last_name: pulumi.Output[Optional[str]]
    """Up to 64 characters. Updated in place."""
    display_name: pulumi.Output[Optional[str]]
    """Up to 256 characters. Updated in place."""
    description: pulumi.Output[Optional[str]]
    """Up to 1024 characters. Updated in place."""
    email: pulumi.Output[Optional[str]]
    """Unique in the directory, an email address of up to 128 characters. Updated in place."""
    status: pulumi.Output[str]
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    tags: pulumi.Output[Optional[Mapping[str, str]]]
    """Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:`` and not containing
    ``http://`` or ``https://``; values up to 128 characters. Updated in place with TagResources /
    UntagResources."""
    password: pulumi.Output[Optional[str]]
    """The user's password, set with ResetUserPassword after the user is created and whenever it changes: 8-32
    characters with an uppercase letter, a lowercase letter, a digit and a special character. A secret: stored
    encrypted, never read back, never printed."""
    mfa_authentication_settings: pulumi.Output[Optional[str]]
    """``Enabled`` or ``Disabled``: whether the user must use MFA to sign in. Set with
    UpdateUserMFAAuthenticationSettings; read back on refresh when set."""
    adopt_existing: pulumi.Output[Optional[bool]]
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    user_id: pulumi.Output[str]
    """The user's id, ``u-`` followed by 20 lowercase letters and digits."""
    create_time: pulumi.Output[str]
    """When the user was created, in UTC, ISO 8601."""
    update_time: pulumi.Output[str]
    """When the user was last changed, in UTC, ISO 8601."""
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
        password: Optional[pulumi.Input[str]] = None,
        mfa_authentication_settings: Optional[pulumi.Input[str]] = None,
        adopt_existing: Optional[pulumi.Input[bool]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a user; pass either ``args`` or the keyword arguments (see ``UserArgs``)."""
        values = dict(
            directory_id=directory_id, user_name=user_name, first_name=first_name, last_name=last_name,
            display_name=display_name, description=description, email=email, status=status, tags=tags,
            password=password, mfa_authentication_settings=mfa_authentication_settings,
            adopt_existing=adopt_existing,
        )
        self._register(resource_name, args_from(UserArgs, args, "alicloud.User", values), opts)


@dataclass
class GroupArgs:
    """The inputs of an Alibaba Cloud CloudSSO group."""

    directory_id: pulumi.Input[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Input[str]
    """Unique in the directory, 1-128 letters, digits and ``_ - .``. Updated in place (UpdateGroup)."""
    description: Optional[pulumi.Input[str]] = None
    """Up to 1024 characters. Updated in place."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class Group(DirectoryResource, module="alicloud", name="Group"):
    """A group of Alibaba Cloud CloudSSO users.

    The resource id is ``<directory_id>:<group_id>``, the same as the Terraform provider's import id.
    A group with members cannot be deleted: delete its ``GroupMembership`` resources with it.
    """

    _provider_type = AlicloudGroupProvider

    directory_id: pulumi.Output[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Output[str]
    """Unique in the directory, 1-128 letters, digits and ``_ - .``. Updated in place (UpdateGroup)."""
    description: pulumi.Output[Optional[str]]
    """Up to 1024 characters. Updated in place."""
    adopt_existing: pulumi.Output[Optional[bool]]
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    group_id: pulumi.Output[str]
    """The group's id, ``g-`` followed by 20 lowercase letters and digits."""
    create_time: pulumi.Output[str]
    """When the group was created, in UTC, ISO 8601."""
    update_time: pulumi.Output[str]
    """When the group was last changed, in UTC, ISO 8601."""
    provision_type: pulumi.Output[str]
    """``Manual``, or ``Synchronized`` for groups provisioned by SCIM."""

    def __init__(
        self,
        resource_name: str,
        args: Optional[GroupArgs] = None,
        *,
        directory_id: Optional[pulumi.Input[str]] = None,
        group_name: Optional[pulumi.Input[str]] = None,
        description: Optional[pulumi.Input[str]] = None,
        adopt_existing: Optional[pulumi.Input[bool]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a group; pass either ``args`` or the keyword arguments (see ``GroupArgs``)."""
        values = dict(
            directory_id=directory_id, group_name=group_name, description=description,
            adopt_existing=adopt_existing,
        )
        self._register(resource_name, args_from(GroupArgs, args, "alicloud.Group", values), opts)


@dataclass
class GroupMembershipArgs:
    """The inputs of an Alibaba Cloud CloudSSO group membership."""

    directory_id: pulumi.Input[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the membership."""
    group_id: pulumi.Input[str]
    """The group, e.g. ``Group.group_id``. Changing it replaces the membership."""
    user_id: pulumi.Input[str]
    """The user, e.g. ``User.user_id``. Changing it replaces the membership."""


class GroupMembership(DirectoryResource, module="alicloud", name="GroupMembership"):
    """One Alibaba Cloud CloudSSO user in one group (AddUserToGroup / RemoveUserFromGroup).

    The resource id is ``<directory_id>:<group_id>:<user_id>``, the import id of the Terraform provider's
    ``alicloud_cloud_sso_user_attachment``. Since it depends on its user and group, the engine removes it
    before deleting either.
    """

    _provider_type = AlicloudGroupMembershipProvider

    directory_id: pulumi.Output[str]
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the membership."""
    group_id: pulumi.Output[str]
    """The group, e.g. ``Group.group_id``. Changing it replaces the membership."""
    user_id: pulumi.Output[str]
    """The user, e.g. ``User.user_id``. Changing it replaces the membership."""

    def __init__(
        self,
        resource_name: str,
        args: Optional[GroupMembershipArgs] = None,
        *,
        directory_id: Optional[pulumi.Input[str]] = None,
        group_id: Optional[pulumi.Input[str]] = None,
        user_id: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a group membership; pass either ``args`` or the keyword arguments (see
        ``GroupMembershipArgs``)."""
        values = dict(
            directory_id=directory_id, group_id=group_id, user_id=user_id,
        )
        self._register(resource_name, args_from(GroupMembershipArgs, args, "alicloud.GroupMembership", values), opts)
