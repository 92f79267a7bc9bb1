"""check(): validate a resource's inputs (a user's, a group's, a membership's) without calling the cloud.

Pure functions of the spec and the inputs, so a preview needs no credentials. Every message
names the field, says what is wrong with the value and states the rule; it quotes at most the
first QUOTE_LIMIT characters of a value. Values that are not known yet (an output of a resource
that does not exist yet, during preview) are skipped.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, Callable, Collection, Mapping, Optional

from pulumi.output import Unknown

from .spec import Field, Kind, TagRules, ResourceSpec

# Deliberately loose: the clouds own the exact grammar; we catch what is plainly not an address.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ID_BODY = re.compile(r"^[0-9a-z]+$")
# What Pulumi's Output.__str__ returns: the trace of an Output used in an f-string or str().
OUTPUT_STR_TEXT = "Calling __str__ on an Output[T] is not supported"
QUOTE_LIMIT = 60
# A hidden input: the names of the inputs the program marked secret. The engine hands a dynamic
# provider secrets decrypted and unmarked, so only the program can tell; check() quotes none of them.
SECRET_INPUTS_KEY = "__secret_inputs"
# Where the SDK keeps the serialized provider among a dynamic resource's inputs and outputs.
PROVIDER_KEY = "__provider"
HIDDEN_INPUTS = (PROVIDER_KEY, SECRET_INPUTS_KEY)

Quote = Callable[[Any], str]


def quote(value: Any) -> str:
    """``value`` for a message: its repr, or the start of it and its length when it is long."""
    if isinstance(value, str) and len(value) > QUOTE_LIMIT:
        return f"{value[:QUOTE_LIMIT]!r}… ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else f"{text[:QUOTE_LIMIT]}… (truncated)"


def _hidden(_value: Any) -> str:
    return "(secret, not shown)"


@dataclass(frozen=True)
class Failure:
    property: str
    reason: str


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def check_inputs(spec: ResourceSpec, inputs: Mapping[str, Any], secret_inputs: Collection[str] = ()) -> list[Failure]:
    """All validation failures of ``inputs`` against ``spec``; empty when valid.

    The values of ``secret_inputs`` (the inputs the program made secret) and of the spec's
    secret fields are never quoted.
    """
    failures: list[Failure] = []
    for name in sorted(set(inputs) - set(spec.input_names) - set(HIDDEN_INPUTS)):
        failures.append(
            Failure(name, f"{name} is not an input of a {spec.label}; "
                          f"valid inputs are {', '.join(spec.input_names)}")
        )
    secret: Collection[str] = {*secret_inputs, *spec.secret_inputs}
    for fld in spec.fields:
        value = inputs.get(fld.name)
        if value is None:
            if fld.required:
                failures.append(Failure(fld.name, f"{fld.name} is required and was not set"))
            continue
        if is_unknown(value):
            continue
        reason = _check_field(spec, fld, value, _hidden if fld.name in secret else quote)
        if reason:
            failures.append(Failure(fld.name, reason))
    return failures


def _check_field(spec: ResourceSpec, fld: Field, value: Any, show: Quote) -> Optional[str]:
    output_text = _output_text(fld.name, value)
    if output_text:
        return output_text
    if fld.kind is Kind.BOOL:
        return None if isinstance(value, bool) else _wrong_type(fld, value, "a boolean", show)
    if fld.kind is Kind.TAGS:
        return _check_tags(spec.tag_rules, fld, value, show)
    if not isinstance(value, str):
        return _wrong_type(fld, value, "a string", show)
    if fld.id_rule is not None:
        return _check_id(spec, fld, value, show)
    if fld.charset is not None:
        return _check_name(spec, fld, value, show)
    if fld.policy is not None:
        return _check_password(fld, value)
    return _check_string(fld, value, show)


def _output_text(name: str, value: Any) -> Optional[str]:
    """A string holding the text Pulumi puts where an Output was formatted into a string."""
    texts = [value] if isinstance(value, str) else []
    if isinstance(value, dict):
        texts = [item for pair in value.items() for item in pair if isinstance(item, str)]
    if not any(OUTPUT_STR_TEXT in text for text in texts):
        return None
    return (f"{name} holds Pulumi's warning text \"{OUTPUT_STR_TEXT}\" instead of a value: an Output "
            "was put into an f-string or str(), which happens before its value is known. Build the "
            "string from the Output instead: pulumi.Output.concat(\"prefix-\", other.id), or "
            "other.id.apply(lambda v: f\"prefix-{v}\")")


def _wrong_type(fld: Field, value: Any, expected: str, show: Quote) -> str:
    return f"{fld.name} must be {expected}, got {type(value).__name__} {show(value)}"


def _check_string(fld: Field, value: str, show: Quote) -> Optional[str]:
    if fld.max_length is not None and len(value) > fld.max_length:
        return (f"{fld.name} is {len(value)} characters long; "
                f"the limit is {fld.max_length} characters")
    if fld.choices and value not in fld.choices:
        return (f"{fld.name} {show(value)} is not an allowed value; "
                f"use one of {', '.join(fld.choices)} (case-sensitive)")
    if fld.email and value and not _EMAIL.match(value):
        return f"{fld.name} {show(value)} is not an email address; expected the form name@example.com"
    return None


def _check_id(spec: ResourceSpec, fld: Field, value: str, show: Quote) -> Optional[str]:
    rule = fld.id_rule
    assert rule is not None
    body = value[len(rule.prefix):]
    if not value.startswith(rule.prefix) or len(body) != rule.body_length or not _ID_BODY.match(body):
        what = f"{spec.parent_label} id" if fld.name == spec.parent else fld.name.replace("_", " ")
        return (f"{fld.name} {show(value)} is not {_article(spec.product)} {spec.product} {what}; "
                f"expected '{rule.prefix}' followed by {rule.body_length} lowercase letters and digits, "
                f"e.g. '{rule.example}'")
    return None


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def name_rule(fld: Field) -> str:
    """A name field's rule, for messages: ``1 to 64 characters from letters, digits and + = , . @ - _``."""
    return f"1 to {fld.max_length} characters from letters, digits and {' '.join(fld.charset or '')}"


def _check_name(spec: ResourceSpec, fld: Field, value: str, show: Quote) -> Optional[str]:
    charset = fld.charset or ""
    allowed = set(string.ascii_letters + string.digits + charset)
    rule = name_rule(fld)
    if not value:
        return f"{fld.name} is empty; the rule is {rule}"
    if fld.max_length is not None and len(value) > fld.max_length:
        return f"{fld.name} is {len(value)} characters long; the rule is {rule}"
    bad = sorted(set(value) - allowed)
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"{fld.name} {show(value)} contains {shown}, which {spec.product} does not allow; the rule is {rule}"
    return None


_CHARACTER_CLASSES: dict[str, Callable[[str], bool]] = {
    "uppercase letter": str.isupper,
    "lowercase letter": str.islower,
    "digit": str.isdigit,
    "special character": lambda c: not c.isalnum() and not c.isspace(),
}


def _check_password(fld: Field, value: str) -> Optional[str]:
    """The cloud's password policy; the message never contains the password or any of its characters."""
    policy = fld.policy
    assert policy is not None
    rule = (f"{policy.min_length} to {policy.max_length} characters with at least one "
            f"{', one '.join(policy.required_classes)}")
    if not policy.min_length <= len(value) <= policy.max_length:
        return f"{fld.name} (secret, not shown) is {len(value)} characters long; the rule is {rule}"
    missing = [name for name in policy.required_classes if not any(map(_CHARACTER_CLASSES[name], value))]
    if missing:
        return f"{fld.name} (secret, not shown) has no {' and no '.join(missing)}; the rule is {rule}"
    return None


def _check_tags(rules: Optional[TagRules], fld: Field, value: Any, show: Quote) -> Optional[str]:
    if not isinstance(value, dict):
        return _wrong_type(fld, value, "a mapping of tag keys to string values", show)
    assert rules is not None, "a tags field needs tag rules in its spec"
    if len(value) > rules.max_tags:
        return f"tags has {len(value)} entries; a resource can carry at most {rules.max_tags} tags"
    for key, tag_value in value.items():
        reason = _check_tag_key(rules, key, show) or _check_tag_value(rules, key, tag_value, show)
        if reason:
            return reason
    return None


def _check_tag_key(rules: TagRules, key: Any, show: Quote) -> Optional[str]:
    if not isinstance(key, str) or not key:
        return f"tags key {show(key)} is empty or not a string; keys are 1 to {rules.max_key_length} characters"
    if len(key) > rules.max_key_length:
        return f"tags key {show(key)} is too long; the limit is {rules.max_key_length} characters"
    if key.lower().startswith(rules.reserved_key_prefixes):
        return (f"tags key {show(key)} starts with a reserved prefix; keys must not start with "
                f"{' or '.join(repr(p) for p in rules.reserved_key_prefixes)}")
    if any(part in key for part in rules.forbidden_key_parts):
        return (f"tags key {show(key)} contains a URL scheme; keys must not contain "
                f"{' or '.join(repr(p) for p in rules.forbidden_key_parts)}")
    return None


def _check_tag_value(rules: TagRules, key: str, value: Any, show: Quote) -> Optional[str]:
    if is_unknown(value):
        return None
    if not isinstance(value, str):
        return f"tags[{show(key)}] must be a string, got {type(value).__name__} {show(value)}"
    if len(value) > rules.max_value_length:
        return f"tags[{show(key)}] is {len(value)} characters long; the limit is {rules.max_value_length}"
    return None
