"""Readable differences between two versions of a card (plain Python, no Django models)."""

import difflib
import re
from collections.abc import Mapping
from html import escape

from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\s+|[^\s]+")


def text_diff_html(old: str, new: str) -> SafeString:
    """Word-level difference as HTML: removed words in <del>, added words in <ins>."""
    old_tokens = _TOKEN.findall(old or "")
    new_tokens = _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_tokens[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _named(value, names: Mapping):
    """A snapshot value with its codes replaced by their names: a code itself, or the coded
    fields of records (`names` then maps each such field to the names of its codes)."""
    if isinstance(value, list):
        return [_named(item, names) for item in value]
    if isinstance(value, dict):
        return {
            field: str(names[field].get(v, v)) if field in names and isinstance(v, str) else v
            for field, v in value.items()
        }
    if isinstance(value, str):
        return str(names.get(value, value))
    return value


def _as_text(value) -> str:
    """A snapshot value as comparable text (lists of records one per line)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " · ".join(f"{v}" for v in value.values() if v not in (None, "", []))
    if isinstance(value, list):
        return "\n".join(_as_text(item) for item in value)
    return str(value)


def snapshot_changes(
    old: dict,
    new: dict,
    labels: dict[str, str],
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> list[dict]:
    """The parts of a card that differ between two snapshots, each with a readable diff.

    `labels` maps snapshot keys (in display order) to their names; keys not in it are ignored.
    `value_labels` maps a key whose values are codes to the names of those codes (the status
    light's "at_risk" is shown as its name, not as the code); for a key that holds records
    (the roles), it maps a field of the records to the names of its codes (a role's kind).
    """
    names = value_labels or {}
    changes = []
    for key, label in labels.items():
        before, after = old.get(key), new.get(key)
        if key in names:
            before, after = _named(before, names[key]), _named(after, names[key])
        before, after = _as_text(before), _as_text(after)
        if before != after:
            changes.append(
                {
                    "key": key,
                    "label": label,
                    "before": before,
                    "after": after,
                    "diff": text_diff_html(before, after),
                }
            )
    return changes
