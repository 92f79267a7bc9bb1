"""check(): validate a user's inputs without calling the cloud.

Pure functions of the spec and the inputs, so a preview needs no credentials. Every message
names the field, says what is wrong with the value and states the rule. Values that are not
known yet (an output of a resource that does not exist yet, during preview) are skipped.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from pulumi.output import Unknown

from .spec import Field, Kind, TagRules, UserSpec

# Deliberately loose: the clouds own the exact grammar; we catch what is plainly not an address.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ID_BODY = re.compile(r"^[0-9a-z]+$")


@dataclass(frozen=True)
class Failure:
    property: str
    reason: str


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def check_inputs(spec: UserSpec, inputs: Mapping[str, Any]) -> list[Failure]:
    """All validation failures of ``inputs`` against ``spec``; empty when valid."""
    failures: list[Failure] = []
    for name in sorted(set(inputs) - set(spec.input_names) - {"__provider"}):
        failures.append(
            Failure(name, f"{name} is not an input of a {spec.product} user; "
                          f"valid inputs are {', '.join(spec.input_names)}")
        )
    for fld in spec.fields:
        value = inputs.get(fld.name)
        if value is None:
            if fld.required:
                failures.append(Failure(fld.name, f"{fld.name} is required and was not set"))
            continue
        if is_unknown(value):
            continue
        reason = _check_field(spec, fld, value)
        if reason:
            failures.append(Failure(fld.name, reason))
    return failures


def _check_field(spec: UserSpec, fld: Field, value: Any) -> Optional[str]:
    if fld.kind is Kind.BOOL:
        return None if isinstance(value, bool) else _wrong_type(fld, value, "a boolean")
    if fld.kind is Kind.TAGS:
        return _check_tags(spec.tag_rules, fld, value)
    if not isinstance(value, str):
        return _wrong_type(fld, value, "a string")
    if fld.name == spec.parent:
        return _check_parent_id(spec, fld, value)
    if fld.name == "user_name":
        return _check_user_name(spec, value)
    return _check_string(fld, value)


def _wrong_type(fld: Field, value: Any, expected: str) -> str:
    return f"{fld.name} must be {expected}, got {type(value).__name__} {value!r}"


def _check_string(fld: Field, value: str) -> Optional[str]:
    if fld.max_length is not None and len(value) > fld.max_length:
        return (f"{fld.name} is {len(value)} characters long; "
                f"the limit is {fld.max_length} characters")
    if fld.choices and value not in fld.choices:
        return (f"{fld.name} {value!r} is not an allowed value; "
                f"use one of {', '.join(fld.choices)} (case-sensitive)")
    if fld.email and value and not _EMAIL.match(value):
        return f"{fld.name} {value!r} is not an email address; expected the form name@example.com"
    return None


def _check_parent_id(spec: UserSpec, fld: Field, value: str) -> Optional[str]:
    body = value[len(spec.parent_prefix):]
    if not value.startswith(spec.parent_prefix) or not _ID_BODY.match(body):
        return (f"{fld.name} {value!r} is not a {spec.product} {spec.parent_label} id; "
                f"expected '{spec.parent_prefix}' followed by lowercase letters and digits, "
                f"e.g. '{spec.parent_prefix}1os7c9tyugct'")
    return None


def _check_user_name(spec: UserSpec, value: str) -> Optional[str]:
    allowed = set(string.ascii_letters + string.digits + spec.user_name_chars)
    rule = (f"1 to {spec.user_name_max} characters from letters, digits and "
            f"{' '.join(spec.user_name_chars)}")
    if not value:
        return f"user_name is empty; the rule is {rule}"
    if len(value) > spec.user_name_max:
        return f"user_name is {len(value)} characters long; the rule is {rule}"
    bad = sorted(set(value) - allowed)
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"user_name {value!r} contains {shown}, which {spec.product} does not allow; the rule is {rule}"
    return None


def _check_tags(rules: Optional[TagRules], fld: Field, value: Any) -> Optional[str]:
    if not isinstance(value, dict):
        return _wrong_type(fld, value, "a mapping of tag keys to string values")
    assert rules is not None, "a tags field needs tag rules in its spec"
    if len(value) > rules.max_tags:
        return f"tags has {len(value)} entries; a user can carry at most {rules.max_tags} tags"
    for key, tag_value in value.items():
        reason = _check_tag_key(rules, key) or _check_tag_value(rules, key, tag_value)
        if reason:
            return reason
    return None


def _check_tag_key(rules: TagRules, key: Any) -> Optional[str]:
    if not isinstance(key, str) or not key:
        return f"tags key {key!r} is empty or not a string; keys are 1 to {rules.max_key_length} characters"
    if len(key) > rules.max_key_length:
        return f"tags key {key[:20]!r}… is {len(key)} characters long; the limit is {rules.max_key_length}"
    if key.lower().startswith(rules.reserved_key_prefixes):
        return (f"tags key {key!r} starts with a reserved prefix; keys must not start with "
                f"{' or '.join(repr(p) for p in rules.reserved_key_prefixes)}")
    if any(part in key for part in rules.forbidden_key_parts):
        return (f"tags key {key!r} contains a URL scheme; keys must not contain "
                f"{' or '.join(repr(p) for p in rules.forbidden_key_parts)}")
    return None


def _check_tag_value(rules: TagRules, key: str, value: Any) -> Optional[str]:
    if is_unknown(value):
        return None
    if not isinstance(value, str):
        return f"tags[{key!r}] must be a string, got {type(value).__name__} {value!r}"
    if len(value) > rules.max_value_length:
        return f"tags[{key!r}] is {len(value)} characters long; the limit is {rules.max_value_length}"
    return None
