"""Where a signed-in person starts: one section per role they hold, each with the work
waiting for them and the way to their main page.

The site shell asks every domain app, through its own permissions and selectors, whether
the person holds a role there; it adds no rules of its own. A person with only the
programme office's role goes straight to the office's dashboard (the start page would
only point there); everyone else gets the start page, with a section per role, or, with no
role yet, what they can do and whom to ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from economie071.core.groups import is_programme_office, is_steering_group
from economie071.events import permissions as event_permissions
from economie071.events import selectors as event_selectors
from economie071.forum import permissions as forum_permissions
from economie071.forum import selectors as forum_selectors
from economie071.governance import permissions as governance_permissions
from economie071.governance import selectors as governance_selectors
from economie071.network import selectors as network_selectors
from economie071.portfolio import permissions as portfolio_permissions
from economie071.portfolio import selectors as portfolio_selectors
from economie071.portfolio.constants import CardStatus
from economie071.programme.models import Programme
from economie071.skills import permissions as skills_permissions
from economie071.skills import selectors as skills_selectors
from economie071.skills.constants import VacancyStatus
from economie071.skills.models import TrainingModule

ITEMS_SHOWN = 5  # a start page lists the first few; the section's main page has them all


@dataclass(frozen=True)
class StartItem:
    label: str
    url: str
    note: str = ""  # a status or a date, said after the label


@dataclass(frozen=True)
class StartSection:
    role: str  # the role's key (also the section's anchor)
    title: str
    intro: str
    main_url: str
    main_label: str
    items: list[StartItem] = field(default_factory=list)
    empty: str = ""  # said when there is nothing waiting
    more: int = 0  # how many more than are listed


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def _listed(rows: QuerySet | list, item: Callable[[Any], StartItem]) -> tuple[list[StartItem], int]:
    """The first few rows as items, and how many more there are. Only those rows are read
    (and counted when there may be more): an adviser's list of people can be long."""
    shown = list(rows[:ITEMS_SHOWN])
    more = 0
    if len(shown) == ITEMS_SHOWN:
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        more = total - ITEMS_SHOWN
    return [item(row) for row in shown], more


def _office(user: User, programme: Programme) -> StartSection | None:
    if not is_programme_office(user):
        return None
    period = portfolio_selectors.current_period(programme=programme)
    items = []
    count = portfolio_selectors.round_counts(period=period)[CardStatus.SUBMITTED] if period else 0
    if count:
        items.append(
            StartItem(
                ngettext(
                    "%(count)d card waits for your review",
                    "%(count)d cards wait for your review",
                    count,
                )
                % {"count": count},
                reverse("portfolio:dashboard"),
                period.label,
            )
        )
    return StartSection(
        role="office",
        title=_("Programme office"),
        intro=_("The reporting round, the portfolio, editions and everything you manage."),
        main_url=reverse("portfolio:dashboard"),
        main_label=_("Go to the dashboard"),
        items=items,
        empty=_("No cards wait for your review."),
    )


def _project_leader(user: User, programme: Programme) -> StartSection | None:
    led = portfolio_permissions.led_project_ids(user)
    if not led:
        return None
    period = portfolio_selectors.current_period(programme=programme)
    cards = (
        portfolio_selectors.round_overview(period=period).filter(project_id__in=led)
        if period
        else []
    )
    items, more = _listed(
        cards,
        lambda card: StartItem(
            card.project.name,
            reverse("portfolio:card_edit", args=[card.pk])
            if portfolio_permissions.can_edit_card(user, card)
            else reverse("portfolio:card", args=[card.pk]),
            card.get_status_display(),
        ),
    )
    return StartSection(
        role="project-leader",
        title=_("Your project cards"),
        intro=_(
            "Every half year you update the card of each project you lead; the programme "
            "office reviews and publishes it."
        ),
        main_url=reverse("portfolio:dashboard"),
        main_label=_("Your cards in this round"),
        items=items,
        more=more,
        empty=_("There is no open reporting round: nothing to update now."),
    )


def _steering(user: User, programme: Programme) -> StartSection | None:
    bodies = governance_permissions.member_body_ids(user)
    if not (is_steering_group(user) or bodies):
        return None
    meetings = governance_selectors.upcoming_meetings(
        programme=programme, body_ids=None if is_steering_group(user) else bodies
    )
    items, more = _listed(
        meetings,
        lambda meeting: StartItem(
            meeting.body.name,
            reverse("governance:meeting", args=[meeting.pk]),
            formats.date_format(meeting.date, "DATE_FORMAT"),
        ),
    )
    return StartSection(
        role="governance",
        title=_("Steering groups and boards"),
        intro=_("The meetings of the bodies you sit on, their agendas and proposals."),
        main_url=reverse("governance:index"),
        main_label=_("Go to governance"),
        items=items,
        more=more,
        empty=_("No meetings of your bodies are planned."),
    )


def _moderator(user: User, programme: Programme) -> StartSection | None:
    if not forum_permissions.is_moderator(user) or is_programme_office(user):
        return None
    count = forum_selectors.open_reports().count()
    items = (
        [
            StartItem(
                ngettext(
                    "%(count)d report waits in the queue",
                    "%(count)d reports wait in the queue",
                    count,
                )
                % {"count": count},
                reverse("forum:moderation"),
            )
        ]
        if count
        else []
    )
    return StartSection(
        role="moderator",
        title=_("Forum moderation"),
        intro=_("Reported questions and answers, and topics to keep in order."),
        main_url=reverse("forum:moderation"),
        main_label=_("Go to the moderation queue"),
        items=items,
        empty=_("The queue is empty."),
    )


def _organisation_messages(user: User, programme: Programme) -> StartSection | None:
    # Only organisations that received something: belonging to one is no work in itself.
    inboxes = [p for p in network_selectors.contact_inboxes(user=user) if p.request_count]
    if not inboxes:
        return None
    items = [
        StartItem(
            profile.organisation.name,
            reverse("network:contact_requests", args=[profile.organisation.slug]),
            ngettext("%(count)d open message", "%(count)d open messages", profile.open_count)
            % {"count": profile.open_count},
        )
        for profile in inboxes[:ITEMS_SHOWN]
    ]
    first = inboxes[0].organisation.slug
    return StartSection(
        role="organisation",
        title=_("Messages to your organisation"),
        intro=_(
            "What visitors sent your organisation through the network directory; mark a "
            "message handled once it has been answered."
        ),
        main_url=reverse("network:contact_requests", args=[first]),
        main_label=_("Go to the messages"),
        items=items,
        more=max(0, len(inboxes) - ITEMS_SHOWN),
    )


def _organiser(user: User, programme: Programme) -> StartSection | None:
    if not event_permissions.is_organiser(user) or is_programme_office(user):
        return None
    events = event_selectors.managed_events(user=user).filter(event_selectors.upcoming_q())
    items, more = _listed(
        events.order_by("starts_at", "id"),
        lambda event: StartItem(
            event.title,
            reverse("events:registrations", args=[event.slug]),
            _day(event.starts_at),
        ),
    )
    return StartSection(
        role="organiser",
        title=_("Your events"),
        intro=_("The events you organise, their programme and registrations."),
        main_url=reverse("events:index"),
        main_label=_("Go to events"),
        items=items,
        more=more,
        empty=_("You have no upcoming events."),
    )


def _employer(user: User, programme: Programme) -> StartSection | None:
    if not skills_permissions.is_employer(user):
        return None
    vacancies = skills_selectors.vacancies_of(actor=user).order_by("-id")
    items, more = _listed(
        vacancies,
        lambda vacancy: StartItem(
            vacancy.title,
            reverse("skills:candidates", args=[vacancy.pk])
            if vacancy.status == VacancyStatus.OPEN
            else reverse("skills:vacancy", args=[vacancy.pk]),
            vacancy.get_status_display(),
        ),
    )
    return StartSection(
        role="employer",
        title=_("Your vacancies"),
        intro=_("Your vacancies as a demand for skills, and the candidates who match them."),
        main_url=reverse("skills:vacancies"),
        main_label=_("Go to your vacancies"),
        items=items,
        more=more,
        empty=_("You have no vacancies yet."),
    )


def _trainer(user: User, programme: Programme) -> StartSection | None:
    if not skills_permissions.is_provider(user):
        return None
    modules = TrainingModule.objects.filter(
        provider__in=skills_selectors.providers_of(actor=user)
    ).order_by("title", "id")
    items, more = _listed(
        modules, lambda module: StartItem(module.title, reverse("skills:module", args=[module.pk]))
    )
    return StartSection(
        role="trainer",
        title=_("Your training modules"),
        intro=_("The modules you offer, and the skills each one teaches."),
        main_url=reverse("skills:modules"),
        main_label=_("Go to training modules"),
        items=items,
        more=more,
        empty=_("You offer no modules yet."),
    )


def _adviser(user: User, programme: Programme) -> StartSection | None:
    if not skills_permissions.is_adviser(user) or is_programme_office(user):
        return None
    passports = skills_selectors.passports_for_adviser(actor=user)
    items, more = _listed(
        passports,
        lambda passport: StartItem(
            passport.user.get_full_name() or passport.user.username,
            reverse("skills:adviser_passport", args=[passport.pk]),
        ),
    )
    return StartSection(
        role="adviser",
        title=_("People you support"),
        intro=_("The skills passports you may see, with their matches and plans."),
        main_url=reverse("skills:adviser"),
        main_label=_("Go to the adviser's page"),
        items=items,
        more=more,
        empty=_("No one has shared a passport with advisers yet."),
    )


def _job_seeker(user: User, programme: Programme) -> StartSection | None:
    passport = skills_selectors.passport_of(user=user)
    if passport is None:
        return None
    return StartSection(
        role="job-seeker",
        title=_("Your skills passport"),
        intro=_("Your skills, the vacancies that match them and the training that helps."),
        main_url=reverse("skills:passport"),
        main_label=_("Go to your passport"),
        items=[
            StartItem(_("Vacancies that match you"), reverse("skills:matches")),
            StartItem(_("Career paths into other occupations"), reverse("skills:mobility")),
            StartItem(_("Training for the skills you miss"), reverse("skills:training")),
        ],
    )


# In the order a person with several roles sees them: the work others wait for first.
SECTIONS: list[Callable[[User, Programme], StartSection | None]] = [
    _office,
    _project_leader,
    _steering,
    _moderator,
    _organisation_messages,
    _organiser,
    _employer,
    _trainer,
    _adviser,
    _job_seeker,
]


def start_sections(*, user: User, programme: Programme) -> list[StartSection]:
    """The sections of the person's start page, one per role they hold."""
    return [s for section in SECTIONS if (s := section(user, programme)) is not None]


def has_portfolio_role(user: User) -> bool:
    """Whether the reporting dashboard and the portfolio are the person's work (the menu)."""
    return portfolio_permissions.can_read_unpublished(user) or bool(
        portfolio_permissions.led_project_ids(user)
    )
