"""Tencent Cloud Organization Identity Center users (API 2021-03-31).

Example::

    import pulumi
    from pulumi_directory_users import tencentcloud

    alice = tencentcloud.User("alice", zone_id="z-1os7c9tyugct", user_name="alice",
                              email="alice@example.com", display_name="Alice")
    pulumi.export("alice_id", alice.user_id)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi

from ._resource import DirectoryResource
from .clouds.tencentcloud import TencentUserProvider

__all__ = ["User", "UserArgs"]


@dataclass
class UserArgs:
    """The inputs of a Tencent Cloud Identity Center user."""

    zone_id: pulumi.Input[str]
    """The Identity Center zone (space) id, ``z-`` followed by letters and digits. Changing it replaces the user."""
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
    """Unique in the zone, up to 128 characters. Updated in place."""
    user_status: Optional[pulumi.Input[str]] = None
    """``Enabled`` (default) or ``Disabled``. Updated in place with UpdateUserStatus."""
    user_type: Optional[pulumi.Input[str]] = None
    """``Manual`` (default) or ``Synchronized``. Changing it replaces the user."""
    need_reset_password: Optional[pulumi.Input[bool]] = None
    """Ask the user to reset the password at next sign-in. Sent to the cloud, not read back."""
    adopt_existing: Optional[pulumi.Input[bool]] = None
    """Take over a user of the same name that already exists instead of failing (``pulumi import``
    does not work for dynamic resources). The user is then updated to the declared fields."""


class User(DirectoryResource, module="tencentcloud", name="User"):
    """A user of Tencent Cloud Organization Identity Center (CIC).

    The resource id is ``<zone_id>#<user_id>``, the same as the Terraform provider's import id.
    """

    _provider_type = TencentUserProvider

    zone_id: pulumi.Output[str]
    user_name: pulumi.Output[str]
    first_name: pulumi.Output[Optional[str]]
    last_name: pulumi.Output[Optional[str]]
    display_name: pulumi.Output[Optional[str]]
    description: pulumi.Output[Optional[str]]
    email: pulumi.Output[Optional[str]]
    user_status: pulumi.Output[str]
    """``Enabled`` or ``Disabled``, as the cloud reports it."""
    user_type: pulumi.Output[str]
    """``Manual`` or ``Synchronized``, as the cloud reports it."""
    need_reset_password: pulumi.Output[Optional[bool]]
    adopt_existing: pulumi.Output[Optional[bool]]
    user_id: pulumi.Output[str]
    """The user's id, ``u-`` followed by letters and digits."""
    create_time: pulumi.Output[str]
    """When the user was created, as the cloud reports it."""
    update_time: pulumi.Output[str]
    """When the user was last changed, as the cloud reports it."""
    password: pulumi.Output[Optional[str]]
    """The initial password CreateUser returned; a Pulumi secret. Absent for adopted users."""
    initial_password_lost: pulumi.Output[Optional[bool]]
    """True when the user was created but CreateUser's answer, with the initial password, was lost
    on the way back: reset the password in the console, or set ``need_reset_password``."""

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
        if args is None:
            if zone_id is None or user_name is None:
                raise TypeError("tencentcloud.User needs zone_id and user_name (or a UserArgs)")
            args = UserArgs(
                zone_id=zone_id,
                user_name=user_name,
                first_name=first_name,
                last_name=last_name,
                display_name=display_name,
                description=description,
                email=email,
                user_status=user_status,
                user_type=user_type,
                need_reset_password=need_reset_password,
                adopt_existing=adopt_existing,
            )
        self._register(resource_name, args, opts)

    @classmethod
    def get(
        cls, resource_name: str, id: pulumi.Input[str], opts: Optional[pulumi.ResourceOptions] = None
    ) -> "User":
        """Read an existing user into the program by its id ``<zone_id>#<user_id>``."""
        return cls._get(resource_name, id, opts)
