"""Open Innovatie Lab challenges: posted by an organisation, matched with a student team
for a school year, followed through their statuses to their results.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.network import permissions
from economie071.network.constants import (
    CHALLENGE_TRANSITIONS,
    SCHOOL_YEAR_START_MONTH,
    ChallengeStatus,
    ResultKind,
)
from economie071.network.models import Challenge, ChallengeResult, StudentTeam
from economie071.network.services._common import (
    _allow,
    _check_url,
    _error,
    _required_text,
    _team_new,
    _trusted,
    _unique_slug,
)
from economie071.portfolio.models import Project
from economie071.programme.models import Organisation, Programme


def school_year_of(day: datetime.date) -> str:
    """The school year a date falls in, from 1 August: 2019-09-02 → '2019-2020'."""
    start = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def _school_year(starts_on, precision: str, given: str) -> str:
    """Computed from the start when that is known to the month; otherwise as given."""
    given = (given or "").strip().replace("/", "-")
    if len(given) == 7 and given[4] == "-":  # 2019-20
        given = f"{given[:4]}-{given[:2]}{given[5:]}"
    if given:
        parts = given.split("-")
        if (
            len(parts) != 2
            or not all(p.isdigit() and len(p) == 4 for p in parts)
            or int(parts[1]) != int(parts[0]) + 1
        ):
            raise _error(
                _("School year: write it like 2019-2020 (two following years)."), "school_year"
            )
    if starts_on is not None and precision in (DatePrecision.DAY, DatePrecision.MONTH):
        computed = school_year_of(starts_on)
        if given and given != computed:
            raise _error(
                _("School year: a start on %(date)s falls in school year %(year)s.")
                % {"date": starts_on.isoformat(), "year": computed},
                "school_year",
            )
        return computed
    if not given:
        raise _error(
            _("School year: give the school year when the start date is not known to the month."),
            "school_year",
        )
    if starts_on is not None and starts_on.year not in (int(given[:4]), int(given[5:])):
        raise _error(
            _("School year: %(year)s does not include %(start)d.")
            % {"year": given, "start": starts_on.year},
            "school_year",
        )
    return given


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _error(
            _("Financial contribution: give an amount in euros, like 2500 or 2500.50."),
            "financial_contribution",
        ) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
        raise _error(
            _("Financial contribution: an amount from 0 to 99,999,999.99 euros."),
            "financial_contribution",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise _error(
            _("Financial contribution: at most two decimals (euro cents)."),
            "financial_contribution",
        )
    return amount


CHALLENGE_DETAIL_FIELDS = frozenset(
    {
        "title",
        "description",
        "location",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
        "duration_weeks",
        "school_year",
        "date_note",
        "financial_contribution",
        "source",
    }
)


def _clean_challenge(values: dict) -> dict:
    """Check and normalise a challenge's details (all of them, as they will be saved)."""
    clean = dict(values)
    clean["title"] = _required_text(clean.get("title", ""), _("Title"), "title", 200)
    for key, limit in (("location", 300), ("date_note", 400), ("source", 300)):
        clean[key] = (clean.get(key) or "").strip()
        if len(clean[key]) > limit:
            raise _error(_("At most %(max)d characters.") % {"max": limit}, key)
    clean["description"] = (clean.get("description") or "").strip()
    for key in ("starts_on_precision", "ends_on_precision"):
        clean[key] = clean.get(key) or DatePrecision.DAY
        if clean[key] not in DatePrecision.values:
            raise _error(_("Date precision: unknown value."), key)
    starts_on, ends_on = clean.get("starts_on"), clean.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise _error(_("End: a challenge cannot end before it starts."), "ends_on")
    weeks = clean.get("duration_weeks")
    if weeks is not None and (weeks < 1 or weeks > 520):
        raise _error(_("Duration in weeks: from 1 to 520, or leave it empty."), "duration_weeks")
    clean["school_year"] = _school_year(
        starts_on, clean["starts_on_precision"], clean.get("school_year", "")
    )
    clean["financial_contribution"] = _money(clean.get("financial_contribution"))
    return clean


def challenge_post(
    *,
    programme: Programme,
    organisation: Organisation,
    actor: User | None,
    title: str,
    description: str = "",
    slug: str = "",
    project: Project | None = None,
    location: str = "",
    starts_on: datetime.date | None = None,
    starts_on_precision: str = DatePrecision.DAY,
    ends_on: datetime.date | None = None,
    ends_on_precision: str = DatePrecision.DAY,
    duration_weeks: int | None = None,
    school_year: str = "",
    date_note: str = "",
    financial_contribution: Decimal | int | str | None = None,
    source: str = "",
    publish: bool | None = None,
) -> Challenge:
    """An organisation posts a challenge (status 'proposed'). Posted by the programme office
    or the lab's leader it is published at once; posted by the organisation's own editor it
    waits for the office to publish it."""
    _allow(_trusted(actor) or permissions.can_post_challenge(actor, programme, organisation))
    manager = _trusted(actor) or permissions.can_manage_challenges(actor, programme)
    if project is not None and project.programme_id != programme.pk:
        raise _error(_("Project: belongs to another programme."), "project")
    clean = _clean_challenge(
        {
            "title": title,
            "description": description,
            "location": location,
            "starts_on": starts_on,
            "starts_on_precision": starts_on_precision,
            "ends_on": ends_on,
            "ends_on_precision": ends_on_precision,
            "duration_weeks": duration_weeks,
            "school_year": school_year,
            "date_note": date_note,
            "financial_contribution": financial_contribution,
            "source": source,
        }
    )
    published = manager if publish is None else (publish and manager)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            programme=programme,
            project=project,
            organisation=organisation,
            slug=_unique_slug(Challenge, f"{organisation.slug}-{clean['title']}", slug),
            is_published=published,
            status=ChallengeStatus.PROPOSED,
            **clean,
        )
        audit_record(
            action="network.challenge.posted",
            actor=actor,
            target=challenge,
            project=project,
            summary=f"{organisation}: {challenge.title}",
            data={"school_year": challenge.school_year, "published": published},
        )
    return challenge


def challenge_update(*, challenge: Challenge, actor: User | None, **values: Any) -> Challenge:
    """Change a challenge's details; writes (and audits) only what changed."""
    _allow(_trusted(actor) or permissions.can_edit_challenge(actor, challenge))
    unknown = set(values) - CHALLENGE_DETAIL_FIELDS
    if unknown:
        raise TypeError(f"Unknown challenge fields: {sorted(unknown)}")
    merged = {key: getattr(challenge, key) for key in CHALLENGE_DETAIL_FIELDS}
    merged.update(values)
    if "school_year" not in values and ("starts_on" in values or "starts_on_precision" in values):
        merged["school_year"] = ""  # recompute from the new start
        if merged["starts_on"] is None or merged["starts_on_precision"] == DatePrecision.YEAR:
            merged["school_year"] = challenge.school_year
    clean = _clean_challenge(merged)
    changed = {k: v for k, v in clean.items() if getattr(challenge, k) != v}
    if not changed:
        return challenge
    with transaction.atomic():
        for key, value in changed.items():
            setattr(challenge, key, value)
        challenge.save()
        audit_record(
            action="network.challenge.updated",
            actor=actor,
            target=challenge,
            project=challenge.project,
            summary=challenge.title,
            data={"fields": sorted(changed)},
        )
    return challenge


def challenge_publish(
    *, challenge: Challenge, actor: User | None, published: bool = True
) -> Challenge:
    _allow(_trusted(actor) or permissions.can_manage_challenges(actor, challenge.programme))
    if challenge.is_published == published:
        return challenge
    with transaction.atomic():
        challenge.is_published = published
        challenge.save(update_fields=["is_published"])
        audit_record(
            action="network.challenge.published" if published else "network.challenge.withdrawn",
            actor=actor,
            target=challenge,
            project=challenge.project,
            summary=challenge.title,
        )
    return challenge


def challenge_match_team(
    *,
    challenge: Challenge,
    actor: User | None,
    team: StudentTeam | None = None,
    team_name: str = "",
    school: Organisation | None = None,
    study_programme: str = "",
    student_count: int | None = None,
    location: str | None = None,
) -> Challenge:
    """Match the challenge to a student team (an existing one, or one described here);
    a proposed challenge becomes 'matched'. A team can be replaced until it starts."""
    _allow(_trusted(actor) or permissions.can_manage_challenges(actor, challenge.programme))
    if not challenge.can_be_matched:
        raise _error(
            _("Status: the challenge is %(status)s; it can no longer get another team.")
            % {"status": challenge.get_status_display().lower()},
            "team",
        )
    new_team = None
    if team is None:
        if school is None and not study_programme.strip() and not team_name.strip():
            raise _error(_("Team: give the school or the study programme of the team."), "school")
        new_team = _team_new(
            name=team_name,
            school=school,
            study_programme=study_programme,
            student_count=student_count,
        )
    location = None if location is None else location.strip()[:300]
    with transaction.atomic():
        if new_team is not None:
            new_team.save()
            team = new_team
        assert team is not None  # given, or made just now
        old_status = challenge.status
        challenge.team = team
        challenge.status = ChallengeStatus.MATCHED
        fields = ["team", "status"]
        if location:
            challenge.location = location
            fields.append("location")
        challenge.save(update_fields=fields)
        audit_record(
            action="network.challenge.matched",
            actor=actor,
            target=challenge,
            project=challenge.project,
            summary=f"{challenge.title}: {team}",
            data={"team_id": team.pk, "from": old_status},
        )
    return challenge


def challenge_status_change(
    *, challenge: Challenge, actor: User | None, status: str, note: str = ""
) -> Challenge:
    """Move a challenge on: matched → running → completed, or cancel it. 'Matched' is
    reached by matching a team; completed and cancelled challenges stay as they are."""
    _allow(_trusted(actor) or permissions.can_manage_challenges(actor, challenge.programme))
    if status not in ChallengeStatus.values:
        raise _error(_("Status: unknown status “%(status)s”.") % {"status": status}, "status")
    current = ChallengeStatus(challenge.status)
    target = ChallengeStatus(status)
    if target == current:
        raise _error(
            _("Status: the challenge is already %(status)s.") % {"status": current.label.lower()},
            "status",
        )
    if target == ChallengeStatus.MATCHED:
        raise _error(_("Status: a challenge becomes matched by matching a student team."), "status")
    if target not in CHALLENGE_TRANSITIONS[current]:
        allowed = ", ".join(
            str(ChallengeStatus(s).label).lower() for s in sorted(CHALLENGE_TRANSITIONS[current])
        )
        raise _error(
            _("Status: the challenge is %(current)s and cannot become %(target)s%(allowed)s.")
            % {
                "current": current.label.lower(),
                "target": target.label.lower(),
                "allowed": (_("; possible: %(list)s") % {"list": allowed}) if allowed else "",
            },
            "status",
        )
    with transaction.atomic():
        challenge.status = target
        challenge.save(update_fields=["status"])
        audit_record(
            action=f"network.challenge.{target.value}",
            actor=actor,
            target=challenge,
            project=challenge.project,
            summary=challenge.title,
            data={"from": current.value, "to": target.value, "note": note.strip()[:300]},
        )
    return challenge


def result_add(
    *, challenge: Challenge, actor: User | None, kind: str, title: str, url: str = ""
) -> ChallengeResult:
    """A result of the challenge or a place it was reported (a link; empty when unknown)."""
    _allow(_trusted(actor) or permissions.can_manage_challenges(actor, challenge.programme))
    if kind not in ResultKind.values:
        raise _error(_("Kind: unknown kind “%(kind)s”.") % {"kind": kind}, "kind")
    title = _required_text(title, _("Title"), "title", 200)
    url = _check_url(url, _("Web address"), "url")
    if challenge.results.filter(kind=kind, title=title, url=url).exists():
        raise _error(_("Title: this result has already been added."), "title")
    with transaction.atomic():
        result = ChallengeResult.objects.create(
            challenge=challenge, kind=kind, title=title, url=url, order=challenge.results.count()
        )
        audit_record(
            action="network.challenge.result_added",
            actor=actor,
            target=result,
            project=challenge.project,
            summary=f"{challenge.title}: {title}",
            data={"kind": kind, "url": url},
        )
    return result
