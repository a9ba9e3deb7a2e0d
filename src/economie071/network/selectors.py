"""Reads of the network for pages and the API.

What a visitor may see of a profile is decided in one place, `public_profile`: the page and
the API both show that and nothing else, so a field an organisation hid (or its contact
address) cannot slip out through one of them. The directory search looks only in what is
shown, so a hidden field cannot be found by searching for it either.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When

from economie071.network import permissions
from economie071.network.constants import (
    ChallengeStatus,
    ExchangeDirection,
    ExchangeKind,
    Sector,
    TrajectoryStatus,
)
from economie071.network.models import (
    Challenge,
    ChallengeResult,
    ContactRequest,
    Exchange,
    ExpertEntry,
    NetworkProfile,
    ProfileEditor,
    Referral,
    Trajectory,
)
from economie071.programme.constants import HelixSide
from economie071.programme.models import Programme

# --- Directory -------------------------------------------------------------------------------


@dataclass
class DirectoryFilters:
    q: str = ""
    helix: str = ""
    sector: str = ""
    municipality: str = ""  # slug
    offers: str = ""  # ExchangeKind
    seeks: str = ""  # ExchangeKind
    partners: bool = False

    def errors(self, municipality_slugs) -> dict[str, str]:
        """Values that name nothing known (the page ignores them, the API refuses them)."""
        found = {}
        if self.helix and self.helix not in HelixSide.values:
            found["helix"] = self.helix
        if self.sector and self.sector not in Sector.values:
            found["sector"] = self.sector
        if self.offers and self.offers not in ExchangeKind.values:
            found["offers"] = self.offers
        if self.seeks and self.seeks not in ExchangeKind.values:
            found["seeks"] = self.seeks
        if self.municipality and self.municipality not in set(municipality_slugs):
            found["municipality"] = self.municipality
        return found


def _visible_exchanges(direction: str, kind: str = "", text: str = "") -> Q:
    """A shown offer (or need) of the profile, of this kind and/or containing this text."""
    shown = "show_offers" if direction == ExchangeDirection.OFFERS else "show_seeks"
    qs = Exchange.objects.filter(profile=OuterRef("pk"), direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.filter(Q(text__icontains=text) | Q(kind__in=_kinds_matching(text)))
    return Q(**{shown: True}) & Exists(qs)


def _kinds_matching(text: str) -> list[str]:
    text = text.lower()
    return [value for value, label in ExchangeKind.choices if text in str(label).lower()]


def _exchanges_prefetch() -> Prefetch:
    return Prefetch("exchanges", queryset=Exchange.objects.order_by("order", "id"))


def directory_search(*, filters: DirectoryFilters) -> QuerySet[NetworkProfile]:
    """Published profiles matching the filters, by organisation name."""
    qs = NetworkProfile.objects.filter(is_published=True)
    q = filters.q.strip()
    if q:
        qs = qs.filter(
            Q(organisation__name__icontains=q)
            | Q(show_description=True, description__icontains=q)
            | _visible_exchanges(ExchangeDirection.OFFERS, text=q)
            | _visible_exchanges(ExchangeDirection.SEEKS, text=q)
        )
    if filters.helix:
        qs = qs.filter(organisation__helix=filters.helix)
    if filters.sector:
        qs = qs.filter(show_sector=True, sector=filters.sector)
    if filters.municipality:
        qs = qs.filter(
            show_municipality=True, organisation__municipality__slug=filters.municipality
        )
    if filters.offers:
        qs = qs.filter(_visible_exchanges(ExchangeDirection.OFFERS, kind=filters.offers))
    if filters.seeks:
        qs = qs.filter(_visible_exchanges(ExchangeDirection.SEEKS, kind=filters.seeks))
    if filters.partners:
        qs = qs.filter(show_partnership=True, covenant_partner=True)
    return (
        qs.select_related("organisation__municipality")
        .prefetch_related(_exchanges_prefetch())
        .order_by("organisation__name", "pk")
    )


def profile_by_slug(
    *, slug: str, user: User | AnonymousUser | None = None
) -> NetworkProfile | None:
    """The profile of the organisation with this slug: published, or one the user keeps."""
    profile = (
        NetworkProfile.objects.select_related("organisation__municipality")
        .prefetch_related(_exchanges_prefetch())
        .filter(organisation__slug=slug)
        .first()
    )
    if profile is None:
        return None
    if profile.is_published or permissions.can_see_unpublished_profile(user, profile):
        return profile
    return None


# --- Contact requests ------------------------------------------------------------------------


def contact_profile_by_slug(*, slug: str) -> NetworkProfile | None:
    """The profile of the organisation with this slug, published or not (for its own
    people's list of the messages it received; the caller checks permission)."""
    return (
        NetworkProfile.objects.select_related("organisation")
        .filter(organisation__slug=slug)
        .first()
    )


def contact_requests_received(*, profile: NetworkProfile) -> QuerySet[ContactRequest]:
    """The messages an organisation received, the open ones first, newest first."""
    return (
        ContactRequest.objects.filter(profile=profile)
        .select_related("challenge", "handled_by")
        .annotate(is_handled=Case(When(handled_at__isnull=True, then=0), default=1))
        .order_by("is_handled", "-created_at", "-id")
    )


def contact_inboxes(*, user: User | AnonymousUser | None) -> list[NetworkProfile]:
    """The profiles whose messages the user reads, each with `open_count` (unhandled)."""
    organisation_ids = permissions.member_organisation_ids(user)
    if not organisation_ids:
        return []
    return list(
        NetworkProfile.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation")
        .annotate(
            open_count=Count(
                "contact_requests", filter=Q(contact_requests__handled_at__isnull=True)
            ),
            request_count=Count("contact_requests"),
        )
        .order_by("organisation__name")
    )


def profile_editors(*, profile: NetworkProfile) -> QuerySet[ProfileEditor]:
    return profile.editors.select_related("user").order_by("user__username")


@dataclass
class PublicExchange:
    kind: str
    kind_label: str
    text: str


@dataclass
class PublicProfile:
    """What a visitor sees of a profile: only what the organisation chose to show."""

    slug: str
    name: str
    helix: str
    helix_label: str
    published: bool
    covenant_partner: bool | None = None
    covenant_signed_on: object = None
    partner_note: str = ""
    sector: str | None = None
    sector_label: str = ""
    municipality: str | None = None
    municipality_slug: str | None = None
    website: str | None = None
    description: str | None = None
    offers: list[PublicExchange] | None = None
    seeks: list[PublicExchange] | None = None
    accepts_contact: bool = False
    source: str = ""
    shown: list[str] = field(default_factory=list)


def _public_exchanges(profile: NetworkProfile, direction: str) -> list[PublicExchange]:
    return [
        PublicExchange(kind=e.kind, kind_label=str(e.get_kind_display()), text=e.text)
        for e in profile.exchanges.all()
        if e.direction == direction
    ]


def public_profile(*, profile: NetworkProfile) -> PublicProfile:
    """The shown fields of a profile; a hidden field is None (not merely empty)."""
    org = profile.organisation
    data = PublicProfile(
        slug=org.slug,
        name=org.name,
        helix=org.helix,
        helix_label=str(HelixSide(org.helix).label),
        published=profile.is_published,
        accepts_contact=profile.is_published
        and profile.accepts_contact
        and bool(profile.contact_email),
        source=profile.source,
    )
    if profile.show_partnership:
        data.covenant_partner = profile.covenant_partner
        data.covenant_signed_on = profile.covenant_signed_on
        data.partner_note = profile.partner_note if profile.covenant_partner else ""
        data.shown.append("partnership")
    if profile.show_sector:
        data.sector = profile.sector
        data.sector_label = str(Sector(profile.sector).label) if profile.sector else ""
        data.shown.append("sector")
    if profile.show_municipality:
        data.municipality = org.municipality.name if org.municipality else ""
        data.municipality_slug = org.municipality.slug if org.municipality else ""
        data.shown.append("municipality")
    if profile.show_website:
        data.website = org.website
        data.shown.append("website")
    if profile.show_description:
        data.description = profile.description
        data.shown.append("description")
    if profile.show_offers:
        data.offers = _public_exchanges(profile, ExchangeDirection.OFFERS)
        data.shown.append("offers")
    if profile.show_seeks:
        data.seeks = _public_exchanges(profile, ExchangeDirection.SEEKS)
        data.shown.append("seeks")
    return data


def directory_counts() -> dict[str, int]:
    """How many published profiles per helix side (for the directory's heading)."""
    return dict(
        NetworkProfile.objects.filter(is_published=True)
        .values_list("organisation__helix")
        .annotate(n=Count("pk"))
        .values_list("organisation__helix", "n")
    )


# --- Challenges ------------------------------------------------------------------------------


def _challenge_qs():
    results = Prefetch("results", queryset=ChallengeResult.objects.order_by("order", "id"))
    return Challenge.objects.select_related(
        "organisation", "team__school", "project"
    ).prefetch_related(results)


def challenge_list(
    *,
    programme: Programme,
    user: User | AnonymousUser | None = None,
    school_year: str = "",
    status: str = "",
) -> QuerySet[Challenge]:
    """The programme's published challenges (plus, for a manager, the unpublished ones),
    newest school year first."""
    qs = _challenge_qs().filter(programme=programme)
    if not permissions.can_manage_challenges(user, programme):
        own = permissions.edited_organisation_ids(user)
        qs = qs.filter(Q(is_published=True) | Q(organisation_id__in=own))
    if school_year:
        qs = qs.filter(school_year=school_year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-school_year", "starts_on", "title", "pk")


def challenges_by_school_year(
    *, programme: Programme, user: User | AnonymousUser | None = None
) -> list[tuple[str, list[Challenge]]]:
    challenges = list(challenge_list(programme=programme, user=user))
    return [(year, list(items)) for year, items in groupby(challenges, key=lambda c: c.school_year)]


def challenge_by_slug(
    *, programme: Programme, slug: str, user: User | AnonymousUser | None = None
) -> Challenge | None:
    challenge = _challenge_qs().filter(programme=programme, slug=slug).first()
    if challenge is None or not permissions.can_see_challenge(user, challenge):
        return None
    return challenge


def challenge_school_years(*, programme: Programme) -> list[str]:
    return list(
        Challenge.objects.filter(programme=programme, is_published=True)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def open_challenge_statuses() -> list[str]:
    return [ChallengeStatus.PROPOSED, ChallengeStatus.MATCHED, ChallengeStatus.RUNNING]


# --- Smart071 --------------------------------------------------------------------------------


def _trajectory_qs():
    return Trajectory.objects.select_related("company", "team__school", "project")


def trajectory_list(
    *, programme: Programme, user: User | AnonymousUser | None = None, status: str = ""
) -> QuerySet[Trajectory]:
    qs = _trajectory_qs().filter(programme=programme)
    if not permissions.can_manage_trajectories(user, programme):
        qs = qs.filter(is_published=True)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("is_placeholder", "status", "title", "pk")


def trajectory_by_slug(
    *, programme: Programme, slug: str, user: User | AnonymousUser | None = None
) -> Trajectory | None:
    qs = (
        _trajectory_qs()
        .filter(programme=programme, slug=slug)
        .prefetch_related(
            "phase_changes",
            Prefetch("referrals", queryset=Referral.objects.select_related("expert__organisation")),
        )
    )
    trajectory = qs.first()
    if trajectory is None:
        return None
    if trajectory.is_published or permissions.can_manage_trajectories(user, programme):
        return trajectory
    return None


@dataclass(frozen=True)
class TrajectoryFigures:
    """Smart071's key figures, counted from the trajectory records."""

    completed: int
    running: int
    stopped: int
    completed_with_follow_up: int
    completed_without_follow_up: int
    completed_follow_up_unknown: int
    placeholders: int

    @property
    def total(self) -> int:
        return self.completed + self.running + self.stopped

    @property
    def follow_up_share(self) -> Decimal | None:
        """Share of the completed trajectories that got a follow-up (0-1, 2 decimals);
        None when none has completed."""
        if not self.completed:
            return None
        return (Decimal(self.completed_with_follow_up) / Decimal(self.completed)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def follow_up_percentage(self) -> int | None:
        share = self.follow_up_share
        return None if share is None else int((share * 100).to_integral_value(ROUND_HALF_UP))


def trajectory_figures(*, programme: Programme) -> TrajectoryFigures:
    """Counted in one query over the published trajectories; never typed in."""
    completed = Q(status=TrajectoryStatus.COMPLETED)
    row = Trajectory.objects.filter(programme=programme, is_published=True).aggregate(
        completed=Count("pk", filter=completed),
        running=Count("pk", filter=Q(status=TrajectoryStatus.RUNNING)),
        stopped=Count("pk", filter=Q(status=TrajectoryStatus.STOPPED)),
        with_follow_up=Count("pk", filter=completed & Q(follow_up=True)),
        without_follow_up=Count("pk", filter=completed & Q(follow_up=False)),
        unknown=Count("pk", filter=completed & Q(follow_up__isnull=True)),
        placeholders=Count("pk", filter=Q(is_placeholder=True)),
    )
    return TrajectoryFigures(
        completed=row["completed"],
        running=row["running"],
        stopped=row["stopped"],
        completed_with_follow_up=row["with_follow_up"],
        completed_without_follow_up=row["without_follow_up"],
        completed_follow_up_unknown=row["unknown"],
        placeholders=row["placeholders"],
    )


def expert_list(
    *, programme: Programme, user: User | AnonymousUser | None = None, tag: str = ""
) -> QuerySet[ExpertEntry]:
    qs = ExpertEntry.objects.filter(programme=programme)
    if not permissions.can_manage_trajectories(user, programme):
        qs = qs.filter(is_published=True)
    if tag:
        qs = qs.filter(tags__slug=tag)
    return (
        qs.select_related("organisation")
        .prefetch_related("tags")
        .annotate(referral_count=Count("referrals", distinct=True))
        .order_by("organisation__name", "pk")
    )


def referral_list(*, programme: Programme) -> QuerySet[Referral]:
    """The record of referrals (for the office and Smart071's leader)."""
    return (
        Referral.objects.filter(expert__programme=programme)
        .select_related("expert__organisation", "trajectory", "company")
        .order_by("-referred_on", "-pk")
    )
