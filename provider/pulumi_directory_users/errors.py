"""The errors our resources raise, shared by both clouds.

The cloud adapters translate each SDK exception into one of these, so the lifecycle and
the retry policy decide on types, never on a cloud's error codes, and every message a user
sees says what happened and what to do about it.
"""

from __future__ import annotations

from typing import Optional


class DirectoryUserError(Exception):
    """Base class: a failed operation on a user, group or membership, with a message for the person running it."""

    retryable = False

    def __init__(self, message: str, *, code: str = "", request_id: str = "") -> None:
        self.message = message
        self.code = code
        self.request_id = request_id
        # Set by the retry policy when an earlier attempt may have reached the cloud before
        # this error (a dropped response): a conflict may then be our own earlier write.
        self.after_ambiguous_failure = False
        super().__init__(self._render())

    def _render(self) -> str:
        details = ", ".join(
            part
            for part in (
                f"code {self.code}" if self.code else "",
                f"request id {self.request_id}" if self.request_id else "",
            )
            if part
        )
        return f"{self.message} ({details})" if details else self.message


class MissingCredentials(DirectoryUserError):
    """No access key was found in Pulumi config nor in the environment."""


class AuthFailure(DirectoryUserError):
    """The cloud rejected the credentials or the request signature."""


class NotFound(DirectoryUserError):
    """Something the call named does not exist; on its own it never means "the resource is gone"."""


class ResourceGone(NotFound):
    """The cloud said that this user, group or membership does not exist: the only error that
    counts as "gone". A missing zone/directory, or any other not-found, never does."""


class ParentNotFound(NotFound):
    """The Identity Center zone or CloudSSO directory does not exist or is not enabled."""


class ServiceNotEnabled(DirectoryUserError):
    """The directory service is not enabled for the account (e.g. Identity Center not opened)."""


class AlreadyExists(DirectoryUserError):
    """A unique key (a user or group name, an email, a membership) is already taken in the zone/directory."""

    def __init__(
        self, message: str, *, field: str, code: str = "", request_id: str = ""
    ) -> None:
        self.field = field
        super().__init__(message, code=code, request_id=request_id)


class StillHeld(DirectoryUserError):
    """A name or email that another resource of this update gives up was not released in time."""


class InvalidRequest(DirectoryUserError):
    """The cloud refused a value that passed our own validation."""


class QuotaExceeded(DirectoryUserError):
    """The zone/directory (or a group) holds as many users, groups or members as its quota allows."""


class DeleteBlocked(DirectoryUserError):
    """The user or group cannot be deleted until something that references it is removed."""


class ManagedElsewhere(DirectoryUserError):
    """The user or group is synchronized from an external identity provider (SCIM)."""


class Throttled(DirectoryUserError):
    """The cloud rate-limited the call; worth retrying after a pause."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        request_id: str = "",
        retry_after: Optional[float] = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, code=code, request_id=request_id)


class TransientFailure(DirectoryUserError):
    """A network error or a server-side (5xx) failure; worth retrying.

    ``ambiguous`` is true when the request may have been applied although no answer came back.
    """

    retryable = True

    def __init__(
        self, message: str, *, ambiguous: bool, code: str = "", request_id: str = ""
    ) -> None:
        self.ambiguous = ambiguous
        super().__init__(message, code=code, request_id=request_id)


class DeadlineExceeded(DirectoryUserError):
    """Retries went on until the configured deadline without success."""


class UnexpectedError(DirectoryUserError):
    """An error code we have no specific advice for."""
