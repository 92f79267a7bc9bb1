"""Alibaba Cloud CloudSSO users, groups and group memberships (API 2021-05-15).

The same classes as ``pulumi_directory_users.alicloud``, served by the ``directory-users`` provider plugin
(``pulumi-resource-directory-users``), which must be on the engine's PATH. Pass
``opts=pulumi.ResourceOptions(provider=native.Provider(...))`` to act in another account or through another endpoint
than the default provider's.

Example::

    import pulumi
    from pulumi_directory_users.native import alicloud

    bob = alicloud.User("bob", directory_id="d-00fc2p61abcd", user_name="bob",
                        email="bob@example.com", tags={"team": "platform"})
    admins = alicloud.Group("admins", directory_id=bob.directory_id, group_name="admins")
    alicloud.GroupMembership("bob-admins", directory_id=bob.directory_id,
                             group_id=admins.group_id, user_id=bob.user_id)
    pulumi.export("bob_id", bob.user_id)
"""

# Generated from spec.py by `python -m pulumi_directory_users.codegen`: edit the specs, not this file.

from typing import Mapping, Optional

import pulumi

from .._declare import args_from
from ..spec import ALICLOUD_GROUP, ALICLOUD_MEMBERSHIP, ALICLOUD_USER
from ._resource import NativeResource

__all__ = ["Group", "GroupArgs", "GroupMembership", "GroupMembershipArgs", "User", "UserArgs"]


@pulumi.input_type
class UserArgs:
    """The inputs of an Alibaba Cloud CloudSSO user."""

    directory_id: pulumi.Input[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
    user_name: pulumi.Input[str] = pulumi.property("userName")
    """Unique in the directory, 1-64 letters, digits and ``@ _ - .``. Changing it replaces the user."""
    first_name: Optional[pulumi.Input[str]] = pulumi.property("firstName", default=None)
    """Up to 64 characters. Updated in place."""
    last_name: Optional[pulumi.Input[str]] = pulumi.property("lastName", default=None)
    """Up to 64 characters. Updated in place."""
    display_name: Optional[pulumi.Input[str]] = pulumi.property("displayName", default=None)
    """Up to 256 characters. Updated in place."""
    description: Optional[pulumi.Input[str]] = pulumi.property("description", default=None)
    """Up to 1024 characters. Updated in place."""
    email: Optional[pulumi.Input[str]] = pulumi.property("email", default=None)
    """Unique in the directory, an email address of up to 128 characters. Updated in place."""
    status: Optional[pulumi.Input[str]] = pulumi.property("status", default=None)
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = pulumi.property("tags", default=None)
    """Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:`` and not containing
    ``http://`` or ``https://``; values up to 128 characters. Updated in place with TagResources /
    UntagResources."""
    password: Optional[pulumi.Input[str]] = pulumi.property("password", default=None)
    """The user's password, set with ResetUserPassword after the user is created and whenever it changes: 8-32
    characters with an uppercase letter, a lowercase letter, a digit and a special character. A secret: stored
    encrypted, never read back, never printed."""
    mfa_authentication_settings: Optional[pulumi.Input[str]] = pulumi.property("mfaAuthenticationSettings", default=None)
    """``Enabled`` or ``Disabled``: whether the user must use MFA to sign in. Set with
    UpdateUserMFAAuthenticationSettings; read back on refresh when set."""
    adopt_existing: Optional[pulumi.Input[bool]] = pulumi.property("adoptExisting", default=None)
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class User(NativeResource):
    """A user of Alibaba Cloud CloudSSO.

    The resource id is ``<directory_id>:<user_id>``, the same as the Terraform provider's import id.
    """

    _spec = ALICLOUD_USER
    _args_type = UserArgs

    directory_id: pulumi.Output[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
    user_name: pulumi.Output[str] = pulumi.property("userName")
    """Unique in the directory, 1-64 letters, digits and ``@ _ - .``. Changing it replaces the user."""
    first_name: pulumi.Output[Optional[str]] = pulumi.property("firstName")
    """Up to 64 characters. Updated in place."""
    last_name: pulumi.Output[Optional[str]] = pulumi.property("lastName")
    """Up to 64 characters. Updated in place."""
    display_name: pulumi.Output[Optional[str]] = pulumi.property("displayName")
    """Up to 256 characters. Updated in place."""
    description: pulumi.Output[Optional[str]] = pulumi.property("description")
    """Up to 1024 characters. Updated in place."""
    email: pulumi.Output[Optional[str]] = pulumi.property("email")
    """Unique in the directory, an email address of up to 128 characters. Updated in place."""
    status: pulumi.Output[str] = pulumi.property("status")
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    tags: pulumi.Output[Optional[Mapping[str, str]]] = pulumi.property("tags")
    """Up to 20 tags; keys 1-128 characters, not starting with ``aliyun`` or ``acs:`` and not containing
    ``http://`` or ``https://``; values up to 128 characters. Updated in place with TagResources /
    UntagResources."""
    password: pulumi.Output[Optional[str]] = pulumi.property("password")
    """The user's password, set with ResetUserPassword after the user is created and whenever it changes: 8-32
    characters with an uppercase letter, a lowercase letter, a digit and a special character. A secret: stored
    encrypted, never read back, never printed."""
    mfa_authentication_settings: pulumi.Output[Optional[str]] = pulumi.property("mfaAuthenticationSettings")
    """``Enabled`` or ``Disabled``: whether the user must use MFA to sign in. Set with
    UpdateUserMFAAuthenticationSettings; read back on refresh when set."""
    adopt_existing: pulumi.Output[Optional[bool]] = pulumi.property("adoptExisting")
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    user_id: pulumi.Output[str] = pulumi.property("userId")
    """The user's id, ``u-`` followed by 20 lowercase letters and digits."""
    create_time: pulumi.Output[str] = pulumi.property("createTime")
    """When the user was created, in UTC, ISO 8601."""
    update_time: pulumi.Output[str] = pulumi.property("updateTime")
    """When the user was last changed, in UTC, ISO 8601."""
    provision_type: pulumi.Output[str] = pulumi.property("provisionType")
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


@pulumi.input_type
class GroupArgs:
    """The inputs of an Alibaba Cloud CloudSSO group."""

    directory_id: pulumi.Input[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Input[str] = pulumi.property("groupName")
    """Unique in the directory, 1-128 letters, digits and ``_ - .``. Updated in place (UpdateGroup)."""
    description: Optional[pulumi.Input[str]] = pulumi.property("description", default=None)
    """Up to 1024 characters. Updated in place."""
    adopt_existing: Optional[pulumi.Input[bool]] = pulumi.property("adoptExisting", default=None)
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class Group(NativeResource):
    """A group of Alibaba Cloud CloudSSO users.

    The resource id is ``<directory_id>:<group_id>``, the same as the Terraform provider's import id.
    A group with members cannot be deleted: delete its ``GroupMembership`` resources with it.
    """

    _spec = ALICLOUD_GROUP
    _args_type = GroupArgs

    directory_id: pulumi.Output[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Output[str] = pulumi.property("groupName")
    """Unique in the directory, 1-128 letters, digits and ``_ - .``. Updated in place (UpdateGroup)."""
    description: pulumi.Output[Optional[str]] = pulumi.property("description")
    """Up to 1024 characters. Updated in place."""
    adopt_existing: pulumi.Output[Optional[bool]] = pulumi.property("adoptExisting")
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    group_id: pulumi.Output[str] = pulumi.property("groupId")
    """The group's id, ``g-`` followed by 20 lowercase letters and digits."""
    create_time: pulumi.Output[str] = pulumi.property("createTime")
    """When the group was created, in UTC, ISO 8601."""
    update_time: pulumi.Output[str] = pulumi.property("updateTime")
    """When the group was last changed, in UTC, ISO 8601."""
    provision_type: pulumi.Output[str] = pulumi.property("provisionType")
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


@pulumi.input_type
class GroupMembershipArgs:
    """The inputs of an Alibaba Cloud CloudSSO group membership."""

    directory_id: pulumi.Input[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the membership."""
    group_id: pulumi.Input[str] = pulumi.property("groupId")
    """The group, e.g. ``Group.group_id``. Changing it replaces the membership."""
    user_id: pulumi.Input[str] = pulumi.property("userId")
    """The user, e.g. ``User.user_id``. Changing it replaces the membership."""


class GroupMembership(NativeResource):
    """One Alibaba Cloud CloudSSO user in one group (AddUserToGroup / RemoveUserFromGroup).

    The resource id is ``<directory_id>:<group_id>:<user_id>``, the import id of the Terraform provider's
    ``alicloud_cloud_sso_user_attachment``. Since it depends on its user and group, the engine removes it
    before deleting either.
    """

    _spec = ALICLOUD_MEMBERSHIP
    _args_type = GroupMembershipArgs

    directory_id: pulumi.Output[str] = pulumi.property("directoryId")
    """The Alibaba Cloud CloudSSO directory id, ``d-`` followed by lowercase letters and digits. Changing it
    replaces the membership."""
    group_id: pulumi.Output[str] = pulumi.property("groupId")
    """The group, e.g. ``Group.group_id``. Changing it replaces the membership."""
    user_id: pulumi.Output[str] = pulumi.property("userId")
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
