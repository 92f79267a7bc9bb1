"""Tencent Cloud Organization Identity Center users, groups and group memberships (API 2021-03-31).

Example::

    import pulumi
    from pulumi_directory_users import tencentcloud

    alice = tencentcloud.User("alice", zone_id="z-1os7c9tyugct", user_name="alice",
                              email="alice@example.com", display_name="Alice")
    admins = tencentcloud.Group("admins", zone_id=alice.zone_id, group_name="admins")
    tencentcloud.GroupMembership("alice-admins", zone_id=alice.zone_id,
                                 group_id=admins.group_id, user_id=alice.user_id)
    pulumi.export("alice_id", alice.user_id)
"""

# Generated from spec.py by `python -m pulumi_directory_users.codegen`: edit the specs, not this file.

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi

from ._declare import args_from
from ._resource import DirectoryResource
from .clouds.tencentcloud import TencentGroupMembershipProvider, TencentGroupProvider, TencentUserProvider

__all__ = ["Group", "GroupArgs", "GroupMembership", "GroupMembershipArgs", "User", "UserArgs"]


@dataclass
class UserArgs:
    """The inputs of a Tencent Cloud Identity Center user."""

    zone_id: pulumi.Input[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
    user_name: pulumi.Input[str]
    """Unique in the zone, 1-64 letters, digits and ``+ = , . @ - _``. Changing it replaces the user."""
    first_name: Optional[pulumi.Input[str]] = None
    """Up to 64 characters. Updated in place."""
    last_name: Optional[pulumi.Input[str]] = None
    """Up to 64 characters. Updated in place."""
    display_name: Optional[pulumi.Input[str]] = None
    """Up to 256 characters. Updated in place."""
    description: Optional[pulumi.Input[str]] = None
    """Up to 1024 characters. Updated in place."""
    email: Optional[pulumi.Input[str]] = None
    """Unique in the zone, an email address of up to 128 characters. Updated in place."""
    user_status: Optional[pulumi.Input[str]] = None
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    user_type: Optional[pulumi.Input[str]] = None
    """``Manual`` (default) or ``Synchronized``. Changing it replaces the user."""
    need_reset_password: Optional[pulumi.Input[bool]] = None
    """Ask the user to reset the password at the next sign-in. Sent to the cloud, not read back."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class User(DirectoryResource, module="tencentcloud", name="User"):
    """A user of Tencent Cloud Organization Identity Center (CIC).

    The resource id is ``<zone_id>#<user_id>``, the same as the Terraform provider's import id.
    """

    _provider_type = TencentUserProvider

    zone_id: pulumi.Output[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
    replaces the user."""
    user_name: pulumi.Output[str]
    """Unique in the zone, 1-64 letters, digits and ``+ = , . @ - _``. Changing it replaces the user."""
    first_name: pulumi.Output[Optional[str]]
    """Up to 64 characters. Updated in place."""
    last_name: pulumi.Output[Optional[str]]
    """Up to 64 characters. Updated in place."""
    display_name: pulumi.Output[Optional[str]]
    """Up to 256 characters. Updated in place."""
    description: pulumi.Output[Optional[str]]
    """Up to 1024 characters. Updated in place."""
    email: pulumi.Output[Optional[str]]
    """Unique in the zone, an email address of up to 128 characters. Updated in place."""
    user_status: pulumi.Output[str]
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    user_type: pulumi.Output[str]
    """``Manual`` (default) or ``Synchronized``. Changing it replaces the user."""
    need_reset_password: pulumi.Output[Optional[bool]]
    """Ask the user to reset the password at the next sign-in. Sent to the cloud, not read back."""
    adopt_existing: pulumi.Output[Optional[bool]]
    """Take over a user of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    user_id: pulumi.Output[str]
    """The user's id, ``u-`` followed by 12 lowercase letters and digits."""
    create_time: pulumi.Output[str]
    """When the user was created, as the cloud reports it."""
    update_time: pulumi.Output[str]
    """When the user was last changed, as the cloud reports it."""
    password: pulumi.Output[Optional[str]]
    """The initial password CreateUser returned; a Pulumi secret. Absent for adopted users."""
    initial_password_lost: pulumi.Output[Optional[bool]]
    """True when CreateUser's answer, with the initial password, was lost and the user was recovered without it.
    Reset the password in the console, or set need_reset_password=True so that the user sets one at the next
    sign-in."""

    def __init__(
        self,
        resource_name: str,
        args: Optional[UserArgs] = None,
        *,
        zone_id: Optional[pulumi.Input[str]] = None,
        user_name: Optional[pulumi.Input[str]] = None,
        first_name: Optional[pulumi.Input[str]] = None,
        last_name: Optional[pulumi.Input[str]] = None,
        display_name: Optional[pulumi.Input[str]] = None,
        description: Optional[pulumi.Input[str]] = None,
        email: Optional[pulumi.Input[str]] = None,
        user_status: Optional[pulumi.Input[str]] = None,
        user_type: Optional[pulumi.Input[str]] = None,
        need_reset_password: Optional[pulumi.Input[bool]] = None,
        adopt_existing: Optional[pulumi.Input[bool]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a user; pass either ``args`` or the keyword arguments (see ``UserArgs``)."""
        values = dict(
            zone_id=zone_id, user_name=user_name, first_name=first_name, last_name=last_name,
            display_name=display_name, description=description, email=email, user_status=user_status,
            user_type=user_type, need_reset_password=need_reset_password, adopt_existing=adopt_existing,
        )
        self._register(resource_name, args_from(UserArgs, args, "tencentcloud.User", values), opts)


@dataclass
class GroupArgs:
    """The inputs of a Tencent Cloud Identity Center group."""

    zone_id: pulumi.Input[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Input[str]
    """Unique in the zone, 1-128 letters, digits and ``-``. Updated in place (UpdateGroup)."""
    description: Optional[pulumi.Input[str]] = None
    """Up to 1024 characters. Updated in place."""
    group_type: Optional[pulumi.Input[str]] = None
    """``Manual`` (default) or ``Synchronized``. Changing it replaces the group."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""


class Group(DirectoryResource, module="tencentcloud", name="Group"):
    """A user group of Tencent Cloud Organization Identity Center.

    The resource id is ``<zone_id>#<group_id>``, the same as the Terraform provider's import id.
    A group with members cannot be deleted: delete its ``GroupMembership`` resources with it.
    """

    _provider_type = TencentGroupProvider

    zone_id: pulumi.Output[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
    replaces the group."""
    group_name: pulumi.Output[str]
    """Unique in the zone, 1-128 letters, digits and ``-``. Updated in place (UpdateGroup)."""
    description: pulumi.Output[Optional[str]]
    """Up to 1024 characters. Updated in place."""
    group_type: pulumi.Output[str]
    """``Manual`` (default) or ``Synchronized``. Changing it replaces the group."""
    adopt_existing: pulumi.Output[Optional[bool]]
    """Take over a group of the same name that already exists instead of failing, updating it to the declared
    fields (``pulumi import`` does not work for dynamic resources)."""
    group_id: pulumi.Output[str]
    """The group's id, ``g-`` followed by 12 lowercase letters and digits."""
    create_time: pulumi.Output[str]
    """When the group was created, as the cloud reports it."""
    update_time: pulumi.Output[str]
    """When the group was last changed, as the cloud reports it."""
    member_count: pulumi.Output[int]
    """How many users the group had when last read."""

    def __init__(
        self,
        resource_name: str,
        args: Optional[GroupArgs] = None,
        *,
        zone_id: Optional[pulumi.Input[str]] = None,
        group_name: Optional[pulumi.Input[str]] = None,
        description: Optional[pulumi.Input[str]] = None,
        group_type: Optional[pulumi.Input[str]] = None,
        adopt_existing: Optional[pulumi.Input[bool]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a group; pass either ``args`` or the keyword arguments (see ``GroupArgs``)."""
        values = dict(
            zone_id=zone_id, group_name=group_name, description=description, group_type=group_type,
            adopt_existing=adopt_existing,
        )
        self._register(resource_name, args_from(GroupArgs, args, "tencentcloud.Group", values), opts)


@dataclass
class GroupMembershipArgs:
    """The inputs of a Tencent Cloud Identity Center group membership."""

    zone_id: pulumi.Input[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
    replaces the membership."""
    group_id: pulumi.Input[str]
    """The group, e.g. ``Group.group_id``. Changing it replaces the membership."""
    user_id: pulumi.Input[str]
    """The user, e.g. ``User.user_id``. Changing it replaces the membership."""


class GroupMembership(DirectoryResource, module="tencentcloud", name="GroupMembership"):
    """One Tencent Cloud Identity Center user in one group (AddUserToGroup / RemoveUserFromGroup).

    The resource id is ``<zone_id>#<group_id>#<user_id>``, the import id of the Terraform provider's
    ``tencentcloud_identity_center_user_group_attachment``. Since it depends on its user and group, the engine
    removes it before deleting either.
    """

    _provider_type = TencentGroupMembershipProvider

    zone_id: pulumi.Output[str]
    """The Tencent Cloud Identity Center zone id, ``z-`` followed by lowercase letters and digits. Changing it
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
        zone_id: Optional[pulumi.Input[str]] = None,
        group_id: Optional[pulumi.Input[str]] = None,
        user_id: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a group membership; pass either ``args`` or the keyword arguments (see
        ``GroupMembershipArgs``)."""
        values = dict(
            zone_id=zone_id, group_id=group_id, user_id=user_id,
        )
        self._register(resource_name, args_from(GroupMembershipArgs, args, "tencentcloud.GroupMembership", values), opts)
