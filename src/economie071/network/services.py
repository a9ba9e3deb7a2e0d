"""Every write to the network: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``network.<entity>.<verb>``).

`actor` is the user doing it; None means the platform itself (the demo loader), which is
trusted. Every check runs before anything is written, so a refused request leaves the
database as it was. A refusal is a NetworkError whose ``code`` names the field.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.network import permissions
from economie071.network.constants import (
    CHALLENGE_TRANSITIONS,
    CLOSED_TRAJECTORY_STATUSES,
    CONTACT_LIMIT,
    CONTACT_MESSAGE_MAX,
    CONTACT_WINDOW_MINUTES,
    MATCHABLE_STATUSES,
    PHASE_ORDER,
    RESERVED_SLUGS,
    SCHOOL_YEAR_START_MONTH,
    ChallengeStatus,
    ExchangeDirection,
    ExchangeKind,
    ResultKind,
    Sector,
    TrajectoryPhase,
    TrajectoryStatus,
)
from economie071.network.exceptions import NetworkError, NotAllowed, TooManyRequests
from economie071.network.models import (
    Challenge,
    ChallengeResult,
    ContactRequest,
    Exchange,
    ExpertEntry,
    ExpertiseTag,
    NetworkProfile,
    ProfileEditor,
    Referral,
    StudentTeam,
    Trajectory,
    TrajectoryPhaseChange,
)
from economie071.portfolio.models import Project
from economie071.programme.constants import HelixSide
from economie071.programme.models import Organisation, Programme


def _error(message: str, field: str) -> NetworkError:
    return NetworkError(message, code=field)


def _allow(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _trusted(actor) -> bool:
    return actor is None


def _unique_slug(model, text: str, slug: str = "") -> str:
    """The given slug (which must be free), or one made from the text (numbered if taken)."""
    if slug:
        if slug != slugify(slug) or slug in RESERVED_SLUGS:
            raise _error(
                _("Slug: use lower-case letters, digits and hyphens (not “%(slug)s”).")
                % {"slug": slug},
                "slug",
            )
        if model.objects.filter(slug=slug).exists():
            raise _error(_("Slug: “%(slug)s” is already in use.") % {"slug": slug}, "slug")
        return slug
    base = slugify(text)[:100] or "item"
    candidate, n = base, 1
    while candidate in RESERVED_SLUGS or model.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _required_text(value: str, label: str, field: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise _error(_("%(label)s: required.") % {"label": label}, field)
    if max_length and len(value) > max_length:
        raise _error(
            _("%(label)s: at most %(max)d characters.") % {"label": label, "max": max_length},
            field,
        )
    return value


def _check_url(url: str, label: str, field: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _error(
                _("%(label)s: give a full web address starting with https://.")
                % {"label": label},
                field,
            ) from None
    return url


# --- Directory profiles ----------------------------------------------------------------------

# What a profile editor may change; the office may change these and the partnership fields.
EDITOR_FIELDS = frozenset(
    {
        "sector",
        "description",
        "contact_email",
        "accepts_contact",
        "is_published",
        "show_partnership",
        "show_sector",
        "show_municipality",
        "show_website",
        "show_description",
        "show_offers",
        "show_seeks",
    }
)
OFFICE_FIELDS = frozenset({"covenant_partner", "covenant_signed_on", "partner_note", "source"})
PROFILE_FIELDS = EDITOR_FIELDS | OFFICE_FIELDS


def _clean_profile_values(values: dict) -> dict:
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    clean = dict(values)
    for key in ("description", "partner_note", "source", "contact_email"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if clean.get("sector") and clean["sector"] not in Sector.values:
        raise _error(
            _("Sector: unknown sector “%(sector)s”.") % {"sector": clean["sector"]}, "sector"
        )
    if clean.get("contact_email"):
        try:
            EmailValidator()(clean["contact_email"])
        except ValidationError:
            raise _error(
                _("Contact address: not a valid e-mail address."), "contact_email"
            ) from None
    for key, limit in (("partner_note", 300), ("source", 300)):
        if len(clean.get(key, "")) > limit:
            raise _error(_("Note: at most %(max)d characters.") % {"max": limit}, key)
    return clean


def _check_covenant(profile: NetworkProfile) -> None:
    if profile.covenant_signed_on and not profile.covenant_partner:
        raise _error(
            _("Covenant signed on: only a covenant partner has a signing date."),
            "covenant_signed_on",
        )
    if profile.covenant_signed_on and profile.covenant_signed_on > timezone.localdate():
        raise _error(_("Covenant signed on: cannot lie in the future."), "covenant_signed_on")


def profile_create(*, organisation: Organisation, actor, **values) -> NetworkProfile:
    """Give an organisation its place in the directory (office only)."""
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    if NetworkProfile.objects.filter(organisation=organisation).exists():
        raise _error(
            _("Organisation: %(organisation)s already has a profile.")
            % {"organisation": organisation},
            "organisation",
        )
    clean = _clean_profile_values(values)
    profile = NetworkProfile(organisation=organisation, **clean)
    _check_covenant(profile)
    with transaction.atomic():
        profile.save()
        audit_record(
            action="network.profile.created",
            actor=actor,
            target=profile,
            summary=str(organisation),
            data={"published": profile.is_published, "covenant_partner": profile.covenant_partner},
        )
    return profile


def profile_update(*, profile: NetworkProfile, actor, **values) -> NetworkProfile:
    """Change a profile; editors change what they show and say, the office also the
    partnership. Writes (and audits) only when something changed."""
    _allow(_trusted(actor) or permissions.can_edit_profile(actor, profile))
    clean = _clean_profile_values(values)
    if not (_trusted(actor) or permissions.can_manage_profiles(actor)):
        refused = {k for k, v in clean.items() if k in OFFICE_FIELDS and getattr(profile, k) != v}
        _allow(not refused)
    changed = {k: v for k, v in clean.items() if getattr(profile, k) != v}
    if not changed:
        return profile
    before = {k: getattr(profile, k) for k in changed}
    for key, value in changed.items():
        setattr(profile, key, value)
    try:
        _check_covenant(profile)
    except NetworkError:
        for key, value in before.items():
            setattr(profile, key, value)
        raise
    with transaction.atomic():
        profile.save()
        audit_record(
            action="network.profile.updated",
            actor=actor,
            target=profile,
            summary=str(profile.organisation),
            # The contact address is personal data of a kind: the log names the field only.
            data={"fields": sorted(changed)},
        )
    return profile


@dataclass(frozen=True)
class ExchangeInput:
    direction: str
    kind: str
    text: str = ""


def profile_set_exchanges(
    *, profile: NetworkProfile, actor, exchanges: list[ExchangeInput]
) -> NetworkProfile:
    """Replace what the organisation offers and seeks (in the given order)."""
    _allow(_trusted(actor) or permissions.can_edit_profile(actor, profile))
    clean: list[tuple[str, str, str]] = []
    for number, item in enumerate(exchanges, start=1):
        if item.direction not in ExchangeDirection.values:
            raise _error(
                _("Line %(n)d: choose offers or seeks.") % {"n": number}, "exchanges"
            )
        if item.kind not in ExchangeKind.values:
            raise _error(
                _("Line %(n)d: unknown kind “%(kind)s”.") % {"n": number, "kind": item.kind},
                "exchanges",
            )
        text = (item.text or "").strip()
        if len(text) > 300:
            raise _error(
                _("Line %(n)d: at most 300 characters.") % {"n": number}, "exchanges"
            )
        clean.append((item.direction, item.kind, text))
    current = list(
        profile.exchanges.order_by("order", "id").values_list("direction", "kind", "text")
    )
    if current == clean:
        return profile
    with transaction.atomic():
        profile.exchanges.all().delete()
        Exchange.objects.bulk_create(
            Exchange(profile=profile, direction=d, kind=k, text=t, order=i)
            for i, (d, k, t) in enumerate(clean)
        )
        audit_record(
            action="network.profile.exchanges_set",
            actor=actor,
            target=profile,
            summary=str(profile.organisation),
            data={"exchanges": [[d, k] for d, k, _t in clean]},
        )
    return profile


def profile_editor_add(*, profile: NetworkProfile, user, actor) -> ProfileEditor:
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    if user is None or not user.is_active:
        raise _error(_("User: choose an active user."), "user")
    if ProfileEditor.objects.filter(profile=profile, user=user).exists():
        raise _error(
            _("User: %(user)s already keeps this profile.") % {"user": user.get_username()},
            "user",
        )
    with transaction.atomic():
        editor = ProfileEditor.objects.create(profile=profile, user=user)
        audit_record(
            action="network.profile_editor.added",
            actor=actor,
            target=profile,
            summary=f"{profile.organisation}: {user.get_username()}",
            data={"user_id": user.pk},
        )
    return editor


def profile_editor_remove(*, editor: ProfileEditor, actor) -> None:
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    profile = editor.profile
    with transaction.atomic():
        user_id, username = editor.user_id, editor.user.get_username()
        editor.delete()
        audit_record(
            action="network.profile_editor.removed",
            actor=actor,
            target=profile,
            summary=f"{profile.organisation}: {username}",
            data={"user_id": user_id},
        )


# --- Contact requests ------------------------------------------------------------------------


def contact_possible(profile: NetworkProfile) -> bool:
    return profile.is_published and profile.accepts_contact and bool(profile.contact_email)


def contact_request_send(
    *, profile: NetworkProfile, name: str, email: str, message: str, actor=None
) -> ContactRequest:
    """Store a visitor's message and forward it by e-mail to the organisation's contact
    address after the transaction commits. The sender's address becomes the Reply-To, so
    the organisation answers directly; the visitor never sees the organisation's address."""
    if not contact_possible(profile):
        raise _error(_("This organisation does not receive messages through the site."), "profile")
    name = _required_text(name, _("Name"), "name", 200)
    if "\n" in name or "\r" in name:
        raise _error(_("Name: one line only."), "name")
    email = _required_text(email, _("E-mail address"), "email", 254).lower()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise _error(_("E-mail address: not a valid e-mail address."), "email") from None
    message = _required_text(message, _("Message"), "message", CONTACT_MESSAGE_MAX)
    since = timezone.now() - datetime.timedelta(minutes=CONTACT_WINDOW_MINUTES)
    with transaction.atomic():
        recent = ContactRequest.objects.filter(email=email, created_at__gte=since).count()
        if recent >= CONTACT_LIMIT:
            raise TooManyRequests(
                _(
                    "You have already sent %(count)d messages in the last hour; "
                    "please try again later."
                )
                % {"count": recent},
                code="email",
            )
        request = ContactRequest.objects.create(
            profile=profile, name=name, email=email, message=message
        )
        audit_record(
            action="network.contact_request.sent",
            actor=actor,
            target=request,
            summary=str(profile.organisation),
        )
        transaction.on_commit(lambda: _forward_contact_request(request.pk))
    return request


def _forward_contact_request(request_id: int) -> None:
    request = ContactRequest.objects.select_related("profile__organisation").get(pk=request_id)
    profile = request.profile
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Message through Economie071 from %(name)s") % {"name": request.name}
        body = render_to_string(
            "network/email/contact_request.txt",
            {"request": request, "organisation": profile.organisation},
        )
    EmailMessage(
        subject=subject,
        body=body,
        to=[profile.contact_email],
        reply_to=[request.email],
    ).send()
    ContactRequest.objects.filter(pk=request_id).update(forwarded_at=timezone.now())


# --- Student teams ---------------------------------------------------------------------------


def _team_new(
    *, name: str, school: Organisation | None, study_programme: str, student_count, note: str = ""
) -> StudentTeam:
    """A new team (unsaved checks only; the caller saves it inside its transaction)."""
    if school is not None and school.helix != HelixSide.EDUCATION:
        raise _error(
            _("School: %(school)s is not on the education side.") % {"school": school}, "school"
        )
    if student_count is not None and student_count < 1:
        raise _error(_("Number of students: 1 or more, or leave it empty."), "student_count")
    name = (name or "").strip()
    if not name:
        parts = [p for p in ((study_programme or "").strip(), str(school or "")) if p]
        name = " – ".join(parts) or _("Student team")
    return StudentTeam(
        name=name[:200],
        school=school,
        study_programme=(study_programme or "").strip()[:200],
        student_count=student_count,
        note=(note or "").strip()[:300],
    )


# --- Challenges ------------------------------------------------------------------------------


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
    actor,
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
    financial_contribution=None,
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


def challenge_update(*, challenge: Challenge, actor, **values) -> Challenge:
    """Change a challenge's details; writes (and audits) only what changed."""
    _allow(_trusted(actor) or permissions.can_edit_challenge(actor, challenge))
    unknown = set(values) - CHALLENGE_DETAIL_FIELDS
    if unknown:
        raise TypeError(f"Unknown challenge fields: {sorted(unknown)}")
    merged = {key: getattr(challenge, key) for key in CHALLENGE_DETAIL_FIELDS}
    merged.update(values)
    if "school_year" not in values and (
        "starts_on" in values or "starts_on_precision" in values
    ):
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


def challenge_publish(*, challenge: Challenge, actor, published: bool = True) -> Challenge:
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
    actor,
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
    if challenge.status not in MATCHABLE_STATUSES:
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
            name=team_name, school=school, study_programme=study_programme,
            student_count=student_count,
        )
    location = None if location is None else location.strip()[:300]
    with transaction.atomic():
        if new_team is not None:
            new_team.save()
            team = new_team
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
    *, challenge: Challenge, actor, status: str, note: str = ""
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
    *, challenge: Challenge, actor, kind: str, title: str, url: str = ""
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


# --- Smart071 trajectories -------------------------------------------------------------------

TRAJECTORY_TEXT_FIELDS = frozenset({"title", "concept", "prototype", "business_case", "outcome"})


def trajectory_create(
    *,
    programme: Programme,
    actor,
    title: str,
    company: Organisation | None = None,
    slug: str = "",
    project: Project | None = None,
    phase: str = TrajectoryPhase.AWARENESS,
    started_on: datetime.date | None = None,
    concept: str = "",
    prototype: str = "",
    business_case: str = "",
    school: Organisation | None = None,
    study_programme: str = "",
    student_count: int | None = None,
    is_placeholder: bool = False,
    placeholder_note: str = "",
    source: str = "",
) -> Trajectory:
    """Start a trajectory with a company (and, when known, the student team's school and
    study programme). A placeholder has no company and must say why it exists."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, programme))
    title = _required_text(title, _("Title"), "title", 200)
    if company is None and not is_placeholder:
        raise _error(_("Company: required."), "company")
    if is_placeholder and not placeholder_note.strip():
        raise _error(
            _("Placeholder note: say where the placeholder comes from."), "placeholder_note"
        )
    if phase not in TrajectoryPhase.values:
        raise _error(_("Phase: unknown phase “%(phase)s”.") % {"phase": phase}, "phase")
    if project is not None and project.programme_id != programme.pk:
        raise _error(_("Project: belongs to another programme."), "project")
    if started_on and started_on > timezone.localdate():
        raise _error(_("Started on: cannot lie in the future."), "started_on")
    slug_text = f"{company.slug if company else 'traject'}-{title}"
    team = None
    if school is not None or study_programme.strip() or student_count is not None:
        team = _team_new(
            name="", school=school, study_programme=study_programme, student_count=student_count
        )
    with transaction.atomic():
        if team is not None:
            team.save()
        trajectory = Trajectory.objects.create(
            programme=programme,
            project=project,
            slug=_unique_slug(Trajectory, slug_text, slug),
            title=title,
            company=company,
            team=team,
            phase=phase,
            status=TrajectoryStatus.RUNNING,
            started_on=started_on,
            concept=concept.strip(),
            prototype=prototype.strip(),
            business_case=business_case.strip(),
            is_placeholder=is_placeholder,
            placeholder_note=placeholder_note.strip()[:300],
            source=source.strip()[:300],
        )
        TrajectoryPhaseChange.objects.create(
            trajectory=trajectory, from_phase="", to_phase=phase, changed_on=started_on
        )
        audit_record(
            action="network.trajectory.created",
            actor=actor,
            target=trajectory,
            project=project,
            summary=str(trajectory),
            data={"phase": phase, "placeholder": is_placeholder},
        )
    return trajectory


def trajectory_update(*, trajectory: Trajectory, actor, **values) -> Trajectory:
    """Change the title, concept, prototype, business case or outcome."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    unknown = set(values) - TRAJECTORY_TEXT_FIELDS
    if unknown:
        raise TypeError(f"Unknown trajectory fields: {sorted(unknown)}")
    clean = {k: (v or "").strip() for k, v in values.items()}
    if "title" in clean:
        clean["title"] = _required_text(clean["title"], _("Title"), "title", 200)
    changed = {k: v for k, v in clean.items() if getattr(trajectory, k) != v}
    if not changed:
        return trajectory
    with transaction.atomic():
        for key, value in changed.items():
            setattr(trajectory, key, value)
        trajectory.save(update_fields=list(changed))
        audit_record(
            action="network.trajectory.updated",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"fields": sorted(changed)},
        )
    return trajectory


def trajectory_phase_change(
    *, trajectory: Trajectory, actor, to_phase: str, changed_on: datetime.date, note: str = ""
) -> TrajectoryPhaseChange:
    """Move a running trajectory to another phase. Forward is the normal way; a step back
    (or skipping a phase) is allowed only with a note that documents why."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if trajectory.status != TrajectoryStatus.RUNNING:
        raise _error(_("Phase: only a running trajectory changes phase."), "to_phase")
    if to_phase not in TrajectoryPhase.values:
        raise _error(_("Phase: unknown phase “%(phase)s”.") % {"phase": to_phase}, "to_phase")
    if to_phase == trajectory.phase:
        raise _error(_("Phase: the trajectory is already in this phase."), "to_phase")
    if changed_on is None:
        raise _error(_("Date: required."), "changed_on")
    if changed_on > timezone.localdate():
        raise _error(_("Date: a phase change cannot lie in the future."), "changed_on")
    last = trajectory.phase_changes.exclude(changed_on=None).order_by("-changed_on").first()
    if last and changed_on < last.changed_on:
        raise _error(
            _("Date: before the last phase change (%(date)s).")
            % {"date": last.changed_on.isoformat()},
            "changed_on",
        )
    note = note.strip()
    step = PHASE_ORDER[to_phase] - PHASE_ORDER[trajectory.phase]
    if step != 1 and not note:
        raise _error(
            _("Note: going back or skipping a phase needs a note that says why."), "note"
        )
    with transaction.atomic():
        change = TrajectoryPhaseChange.objects.create(
            trajectory=trajectory,
            from_phase=trajectory.phase,
            to_phase=to_phase,
            changed_on=changed_on,
            note=note[:500],
        )
        trajectory.phase = to_phase
        trajectory.save(update_fields=["phase"])
        audit_record(
            action="network.trajectory.phase_changed",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"from": change.from_phase, "to": to_phase, "on": changed_on.isoformat()},
        )
    return change


def trajectory_close(
    *,
    trajectory: Trajectory,
    actor,
    status: str,
    ended_on: datetime.date | None = None,
    outcome: str | None = None,
    follow_up: bool | None = None,
) -> Trajectory:
    """End a running trajectory as completed or stopped, with its outcome and whether it
    got a follow-up (None: not known yet)."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if status not in CLOSED_TRAJECTORY_STATUSES:
        raise _error(_("Status: a trajectory ends as completed or stopped."), "status")
    if trajectory.status != TrajectoryStatus.RUNNING:
        raise _error(
            _("Status: the trajectory has already ended (%(status)s).")
            % {"status": trajectory.get_status_display().lower()},
            "status",
        )
    if ended_on and trajectory.started_on and ended_on < trajectory.started_on:
        raise _error(_("Ended on: before the trajectory started."), "ended_on")
    if ended_on and ended_on > timezone.localdate():
        raise _error(_("Ended on: cannot lie in the future."), "ended_on")
    with transaction.atomic():
        trajectory.status = status
        trajectory.ended_on = ended_on
        trajectory.follow_up = follow_up
        if outcome is not None:
            trajectory.outcome = outcome.strip()
        trajectory.save(update_fields=["status", "ended_on", "follow_up", "outcome"])
        audit_record(
            action=f"network.trajectory.{status}",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"follow_up": follow_up, "ended_on": ended_on.isoformat() if ended_on else None},
        )
    return trajectory


def trajectory_set_follow_up(
    *, trajectory: Trajectory, actor, follow_up: bool | None
) -> Trajectory:
    """Record (later) whether an ended trajectory got a follow-up."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if trajectory.status == TrajectoryStatus.RUNNING:
        raise _error(_("Follow-up: only an ended trajectory can have a follow-up."), "follow_up")
    if trajectory.follow_up == follow_up:
        return trajectory
    with transaction.atomic():
        before = trajectory.follow_up
        trajectory.follow_up = follow_up
        trajectory.save(update_fields=["follow_up"])
        audit_record(
            action="network.trajectory.follow_up_set",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"from": before, "to": follow_up},
        )
    return trajectory


# --- Experts and referrals -------------------------------------------------------------------


def expert_entry_upsert(
    *,
    programme: Programme,
    organisation: Organisation,
    actor,
    description: str = "",
    tags: list[tuple[str, str]] | None = None,
    is_published: bool = True,
    source: str = "",
) -> ExpertEntry:
    """Put an organisation in the experts directory (or bring its entry up to date).
    `tags` are (slug, name) pairs; a new tag is created."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, programme))
    tags = tags or []
    for slug, name in tags:
        if not slug or slug != slugify(slug) or not name.strip():
            raise _error(_("Expertise: “%(tag)s” is not a valid tag.") % {"tag": slug}, "tags")
    description = description.strip()
    source = source.strip()[:300]
    entry = ExpertEntry.objects.filter(programme=programme, organisation=organisation).first()
    wanted = {slug for slug, _name in tags}
    if entry is not None:
        same = (
            entry.description == description
            and entry.is_published == is_published
            and entry.source == source
            and set(entry.tags.values_list("slug", flat=True)) == wanted
        )
        if same:
            return entry
    with transaction.atomic():
        tag_objects = []
        for slug, name in tags:
            tag, _created = ExpertiseTag.objects.get_or_create(slug=slug, defaults={"name": name})
            tag_objects.append(tag)
        action = "network.expert.updated"
        if entry is None:
            entry = ExpertEntry.objects.create(
                programme=programme,
                organisation=organisation,
                description=description,
                is_published=is_published,
                source=source,
            )
            action = "network.expert.added"
        else:
            entry.description, entry.is_published, entry.source = description, is_published, source
            entry.save()
        entry.tags.set(tag_objects)
        audit_record(
            action=action,
            actor=actor,
            target=entry,
            summary=str(organisation),
            data={"tags": sorted(wanted)},
        )
    return entry


def referral_record(
    *,
    expert: ExpertEntry,
    actor,
    referred_on: datetime.date,
    trajectory: Trajectory | None = None,
    company: Organisation | None = None,
    note: str = "",
) -> Referral:
    """Record that a company (in a trajectory, or on its own) was referred to an expert."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, expert.programme))
    if trajectory is None and company is None:
        raise _error(_("Trajectory: give the trajectory or the company referred."), "trajectory")
    if trajectory is not None and trajectory.programme_id != expert.programme_id:
        raise _error(_("Trajectory: belongs to another programme."), "trajectory")
    if trajectory is not None and company is None:
        company = trajectory.company
    if company is not None and company.pk == expert.organisation_id:
        raise _error(_("Expert: a company cannot be referred to itself."), "expert")
    if referred_on is None:
        raise _error(_("Date: required."), "referred_on")
    if referred_on > timezone.localdate():
        raise _error(_("Date: a referral cannot lie in the future."), "referred_on")
    with transaction.atomic():
        referral = Referral.objects.create(
            expert=expert,
            trajectory=trajectory,
            company=company,
            referred_on=referred_on,
            note=note.strip(),
        )
        audit_record(
            action="network.referral.recorded",
            actor=actor,
            target=referral,
            project=trajectory.project if trajectory else None,
            summary=str(referral),
            data={"expert": expert.organisation.slug, "on": referred_on.isoformat()},
        )
    return referral
