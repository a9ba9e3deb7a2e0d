"""factory_boy factories for the programme, portfolio and audit models.

Everything with a service goes through that service (with ``actor=None``, the trusted
platform), so a test sets up its data along the same path a user does: a project gets its
first PhaseChange and audit entry, a period opens with draft cards, a card reaches
"submitted" or "published" through the real workflow.

    ProjectCardFactory(published=True)          # draft -> submitted -> approved -> published
    UserFactory(programme_office=True)          # member of the programme office group
    UserFactory(leader_of=project)              # a Person with a login, project leader of project
    BudgetLineFactory(by_inhabitants=True, project=project, period=period)

Figures in here (inhabitants, amounts) are test data, not real-world figures.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP
from economie071.portfolio import services
from economie071.portfolio.constants import CARD_SECTION_KEYS, AllocationKey, Phase, RoleKind
from economie071.portfolio.models import (
    BudgetLine,
    LineOfAction,
    Project,
    ProjectCard,
    ReportingPeriod,
    Role,
)
from economie071.programme.constants import HelixSide
from economie071.programme.models import (
    Municipality,
    Organisation,
    Person,
    Pillar,
    PopulationFigure,
    Programme,
    Region,
    Theme,
)

TEST_PASSWORD = "test-wachtwoord-071"
TEST_SOURCE = "Testgegevens (geen echte cijfers)"


# --- Programme -----------------------------------------------------------------------------


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Testregio {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PopulationFigureFactory(DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory("tests.factories.MunicipalityFactory", population=None)
    year = 2019
    inhabitants = 10_000
    source = TEST_SOURCE


class MunicipalityFactory(DjangoModelFactory):
    """A municipality with one population figure (1 January 2019, 10,000 inhabitants).

    ``population__inhabitants=…``/``population__year=…`` change the figure,
    ``population=None`` leaves the municipality without one.
    """

    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    cbs_code = factory.Sequence(lambda n: f"GM{9999 - n % 9000:04d}")
    population = factory.RelatedFactory(
        PopulationFigureFactory, factory_related_name="municipality"
    )


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Testprogramma {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    region = factory.SubFactory(RegionFactory)


class PillarFactory(DjangoModelFactory):
    class Meta:
        model = Pillar

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"pijler {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    colour = "#1f5f8b"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    helix = HelixSide.BUSINESS


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Persoon {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation = None
    user = None


class UserFactory(DjangoModelFactory):
    """A login. Traits: ``programme_office``, ``steering_group``; ``leader_of=project``
    (or a list of projects) makes the user a Person holding the project leader role."""

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.django.Password(TEST_PASSWORD)

    # Names of the groups the user is in (the traits fill it in).
    groups = ()

    class Params:
        programme_office = factory.Trait(groups=[PROGRAMME_OFFICE_GROUP])
        steering_group = factory.Trait(groups=[STEERING_GROUP_GROUP])

    @classmethod
    def _build(cls, model_class, *args, groups=(), **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, groups=(), **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        for name in groups:
            group, _created = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        return user

    @factory.post_generation
    def leader_of(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        projects = extracted if isinstance(extracted, list | tuple) else [extracted]
        person = PersonFactory(name=f"{obj.first_name} {obj.last_name}", user=obj)
        for project in projects:
            RoleFactory(project=project, kind=RoleKind.PROJECT_LEADER, person=person, **kwargs)


# --- Portfolio (through the services) ------------------------------------------------------


class ProjectFactory(DjangoModelFactory):
    """A running project, created by ``project_create`` (so it has its first PhaseChange)."""

    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    phase = Phase.RUNNING
    pillars = ()
    themes = ()

    @classmethod
    def _build(cls, model_class, *args, pillars=(), themes=(), **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.project_create(actor=None, **kwargs)


class LineOfActionFactory(DjangoModelFactory):
    class Meta:
        model = LineOfAction

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: chr(ord("A") + n % 26))
    name = factory.Sequence(lambda n: f"Actielijn {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.line_of_action_create(actor=None, **kwargs)


class RoleFactory(DjangoModelFactory):
    """A role assigned by ``role_assign``; by default a person as project leader."""

    class Meta:
        model = Role

    project = factory.SubFactory(ProjectFactory)
    kind = RoleKind.PROJECT_LEADER
    person = factory.SubFactory(PersonFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.role_assign(actor=None, **kwargs)


class ReportingPeriodFactory(DjangoModelFactory):
    """A period opened by ``period_open``: every reporting project of the programme gets a
    draft card. Pass ``year``/``half`` for a specific half year."""

    class Meta:
        model = ReportingPeriod

    programme = factory.SubFactory(ProgrammeFactory)
    year = factory.Sequence(lambda n: 2000 + n % 90)
    half = 2
    deadline = None

    @classmethod
    def _create(cls, model_class, *args, programme, year, half, deadline):
        return services.period_open(
            programme=programme, actor=None, label=f"{year}-H{half}", deadline=deadline
        )


_WORKFLOW = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "approved": ["submit", "approve"],
    "published": ["submit", "approve", "publish"],
}


class ProjectCardFactory(DjangoModelFactory):
    """A project's card for a period, taken from ``period_open`` or made by ``card_create``.

    Card text can be given by section (``last_half_year="…"``) or as any CardContent field
    (``status_light=…``, ``milestones=[…]``); it is saved with ``card_update``. The traits
    ``submitted``, ``returned``, ``approved`` and ``published`` walk the card through the
    real workflow (``card_submit``, ``card_return``, ``card_approve``, ``card_publish``).
    """

    class Meta:
        model = ProjectCard

    project = factory.SubFactory(ProjectFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, programme=factory.SelfAttribute("..project.programme")
    )

    # The state to walk the card to after creation (the traits fill it in).
    workflow = "draft"

    class Params:
        submitted = factory.Trait(workflow="submitted")
        returned = factory.Trait(workflow="returned")
        approved = factory.Trait(workflow="approved")
        published = factory.Trait(workflow="published")

    @classmethod
    def _build(cls, model_class, *args, workflow, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, project, period, workflow, **content):
        if workflow not in _WORKFLOW:
            raise ValueError(f"ProjectCardFactory: unknown workflow state {workflow!r}")
        card = ProjectCard.objects.filter(project=project, period=period).first()
        if card is None:
            card = services.card_create(project=project, period=period, actor=None)
        if content:
            fill = services.CardContent.from_card(card)
            for key, value in content.items():
                if key in CARD_SECTION_KEYS:
                    fill.sections[key] = value
                elif key in services.CardContent.__dataclass_fields__:
                    setattr(fill, key, value)
                else:
                    raise TypeError(f"ProjectCardFactory: unknown card field {key!r}")
            card = services.card_update(
                card=card, actor=None, content=fill, expected_version=card.version
            )
        for step in _WORKFLOW[workflow]:
            if step == "submit":
                services.card_submit(card=card, actor=None)
            elif step == "return":
                services.card_return(card=card, actor=None, comment="Graag aanvullen.")
            elif step == "approve":
                services.card_approve(card=card, actor=None)
            elif step == "publish":
                services.card_publish(card=card, actor=None)
        return card


class BudgetLineFactory(DjangoModelFactory):
    """A budget line made by ``budget_line_create``; by default paid by one funder.

    Trait ``by_inhabitants``: shared over all municipalities of the programme's region.
    """

    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, programme=factory.SelfAttribute("..project.programme")
    )
    description = factory.Sequence(lambda n: f"Begrotingspost {n}")
    amount = Decimal("1000.00")
    allocation_key = AllocationKey.SINGLE_FUNDER
    funder = factory.SubFactory(OrganisationFactory)
    municipalities = ()
    shares = None
    population_year = None

    class Params:
        by_inhabitants = factory.Trait(
            allocation_key=AllocationKey.BY_INHABITANTS,
            funder=None,
            municipalities=factory.LazyAttribute(
                lambda o: list(o.project.programme.region.municipalities.all())
            ),
        )

    @classmethod
    def _build(cls, model_class, *args, municipalities=(), shares=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.budget_line_create(actor=None, **kwargs)


def days_from_today(days: int) -> datetime.date:
    """A date relative to today in the site's time zone (as the permission checks use)."""
    return timezone.localdate() + datetime.timedelta(days=days)
