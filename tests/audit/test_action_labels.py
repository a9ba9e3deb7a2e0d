"""Every audit action the platform writes reads as a Dutch sentence (audit/actions.py).

The codes are found in the source, not in a list kept beside it: every string in src that has
the form of an action code (``<app>.<thing>.<event>``), and every code a service builds with
an f-string, expanded to the values it can take. A new code without a sentence fails here.
"""

import ast
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import economie071
from economie071.audit.actions import action_label, registered_actions
from economie071.audit.services import audit_record
from economie071.events.constants import RegistrationStatus
from economie071.monitor.constants import ImportKind, LedgerKind
from economie071.network.constants import CLOSED_TRAJECTORY_STATUSES, ChallengeStatus

SRC = Path(economie071.__file__).parent
APPS = "programme|portfolio|publications|governance|monitor|skills|events|forum|network|web"
CODE = re.compile(rf"^({APPS})\.[a-z_]+\.[a-z_]+$")

# Strings of the form of an action code that are not audit actions, each with its reason.
NOT_ACTIONS = {
    "events.registration.client": "a rate-limit scope (config/settings)",
    "events.registration.email": "a rate-limit scope (config/settings)",
    "forum.post.user": "a rate-limit scope (config/settings)",
    "forum.post.user.day": "a rate-limit scope (config/settings)",
}

# Placeholders whose values come from a set of choices rather than from literals in the same
# module: the f-string as written in the source, and the values it can take.
CHOICES: dict[str, list[str]] = {
    "events.registration.{status}": RegistrationStatus.values,
    "events.registration.{registration.status}": RegistrationStatus.values,
    "network.challenge.{target.value}": ChallengeStatus.values,
    "network.trajectory.{status}": [str(s) for s in CLOSED_TRAJECTORY_STATUSES],
    "monitor.ledger.{kind}_recorded": LedgerKind.values,
    "monitor.{batch.kind}.imported": ImportKind.values,
    "programme.{model._meta.model_name}.{action}": [
        f"{model}.{action}"
        for model in (
            "region",
            "municipality",
            "populationfigure",
            "programme",
            "pillar",
            "theme",
            "organisation",
            "person",
        )
        for action in ("created", "updated")
    ],
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if "migrations" in relative.parts or relative.parts[0] == "config":
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _strings(node) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _values_of(name: str, function: ast.FunctionDef, tree: ast.Module) -> set[str]:
    """The literal values a name takes in a function: assigned in it, or passed to it as a
    parameter by the calls in the same module."""
    values: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            values |= _strings(node.value)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
            names = [getattr(t, "id", None) for t in node.targets[0].elts]
            if name in names and isinstance(node.value, ast.Tuple):
                values |= _strings(node.value.elts[names.index(name)])
    params = [a.arg for a in function.args.args]
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name):
            continue
        if name in params and params.index(name) < len(call.args):
            values |= _strings(call.args[params.index(name)])
        values |= {v for kw in call.keywords if kw.arg == name for v in _strings(kw.value)}
    return values


def _expand(fstring: ast.JoinedStr, function, tree) -> list[str]:
    template = ast.unparse(fstring)[2:-1]
    if template in CHOICES:
        prefix, suffix = template[: template.index("{")], template[template.rindex("}") + 1 :]
        return [f"{prefix}{value}{suffix}" for value in CHOICES[template]]
    codes = [""]
    for part in fstring.values:
        if isinstance(part, ast.Constant):
            codes = [c + part.value for c in codes]
            continue
        assert isinstance(part.value, ast.Name), f"add {template!r} to CHOICES"
        values = _values_of(part.value.id, function, tree)
        assert values, f"no values found for {template!r}: add it to CHOICES"
        codes = [c + v for c in codes for v in sorted(values)]
    return codes


def written_action_codes() -> dict[str, str]:
    """Every action code written anywhere in src: code -> the module that writes it."""
    found: dict[str, str] = {}
    for relative, tree in _modules():
        for value in _strings(tree):
            if CODE.match(value) and value not in NOT_ACTIONS:
                found.setdefault(value, str(relative))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call) and getattr(call.func, "id", "") == "audit_record"
                ):
                    continue
                for kw in call.keywords:
                    if kw.arg == "action" and isinstance(kw.value, ast.JoinedStr):
                        for code in _expand(kw.value, function, tree):
                            found.setdefault(code, str(relative))
    return found


def test_the_source_writes_the_action_codes_this_test_expects_to_find():
    codes = written_action_codes()
    # Literal codes, codes passed to a helper, and f-strings expanded over their values.
    assert "portfolio.card.published" in codes
    assert "governance.proposal.placed_on_agenda" in codes
    assert "skills.contact.interest" in codes  # _audit(contact, actor, "interest")
    assert "skills.vacancy.opened" in codes  # _vacancy_changed(vacancy, actor, "opened")
    assert "monitor.theme.updated" in codes  # action = "created" if ... else "updated"
    assert "events.registration.waitlisted" in codes  # f"events.registration.{status}"
    assert len(codes) > 150


def test_every_action_code_written_in_src_has_a_sentence():
    missing = sorted(set(written_action_codes()) - set(registered_actions()))
    assert missing == []


def test_every_sentence_belongs_to_an_action_that_is_written():
    unused = sorted(set(registered_actions()) - set(written_action_codes()))
    assert unused == []


def test_every_sentence_is_translated_to_dutch():
    with translation.override("en"):
        english = {code: str(label) for code, label in registered_actions().items()}
    with translation.override("nl"):
        untranslated = [
            code for code, label in registered_actions().items() if str(label) == english[code]
        ]
    assert untranslated == []


def test_an_unknown_code_still_reads_as_a_sentence():
    with translation.override("nl"):
        assert action_label("portfolio.card.published") == "Projectkaart gepubliceerd"
        assert action_label("x.y.z") == "Andere wijziging (x.y.z)"


@pytest.mark.django_db
def test_the_project_log_shows_sentences_not_codes(led_project, office_user):
    for action in ("portfolio.card.published", "governance.proposal.placed_on_agenda"):
        audit_record(action=action, actor=office_user, target=led_project, project=led_project)
    client = Client()
    client.force_login(office_user)
    page = client.get(f"/projecten/{led_project.slug}/logboek/").content.decode()
    assert "Projectkaart gepubliceerd" in page
    assert "Voorstel geagendeerd" in page
    assert "portfolio.card.published" not in page
    assert "placed_on_agenda" not in page
