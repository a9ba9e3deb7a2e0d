"""Skills fixtures, set up through the real services (actor None: the platform).

Every test starts and ends with a fresh matching state of this process: the database is
rolled back between tests, and an index built in one test must not answer in the next.
"""

import pytest
from django.contrib.auth.models import Group

from economie071.skills import matching, services
from economie071.skills.constants import ADVISER_GROUP, OrganisationRoleKind
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_matching():
    matching.reset()
    yield
    matching.reset()


@pytest.fixture
def tax(db):
    """A small taxonomy: own skills, two occupations, two sectors. Returns a namespace."""
    services.role_groups_ensure()

    class T:
        pass

    t = T()
    s = lambda nl, en, **kw: services.skill_create(actor=None, label_nl=nl, label_en=en, **kw)  # noqa: E731
    t.serve = s("serveren", "serve food", alt_labels={"nl": ["bedienen"]})
    t.hospitable = s("gastvrij zijn", "be hospitable", alt_labels={"nl": ["gastvrijheid"]})
    t.stress = s("omgaan met stress", "cope with stress", alt_labels={"nl": ["stressbestendig"]})
    t.first_aid = s("eerste hulp verlenen", "provide first aid", alt_labels={"nl": ["EHBO"]})
    t.care = s("basiszorg bieden", "provide basic care")
    t.wiring = s("bedrading aanleggen", "install wiring")
    t.safety = s("veilig werken", "work safely")
    t.waiter = services.occupation_create(
        actor=None,
        label_nl="ober",
        label_en="waiter",
        isco_code="5131",
        essential=[t.serve, t.hospitable],
        optional=[t.stress],
    )
    t.carer = services.occupation_create(
        actor=None,
        label_nl="zorghulp",
        label_en="healthcare assistant",
        isco_code="5321",
        essential=[t.care, t.hospitable, t.stress, t.first_aid],
        optional=[],
    )
    t.electrician = services.occupation_create(
        actor=None,
        label_nl="elektromonteur",
        label_en="electrician",
        isco_code="7411",
        essential=[t.wiring, t.safety],
        optional=[t.stress],
    )
    t.horeca = services.sector_upsert(
        actor=None, slug="horeca", name_nl="Horeca", name_en="Hospitality", isco_prefixes=["513"]
    )
    t.zorg = services.sector_upsert(
        actor=None, slug="zorg", name_nl="Zorg", name_en="Care", isco_prefixes=["532"]
    )
    return t


@pytest.fixture
def employer_org(db):
    return OrganisationFactory(name="Zorggroep Test", slug="zorggroep-test")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Ander Bedrijf", slug="ander-bedrijf")


@pytest.fixture
def employer_user(employer_org):
    user = UserFactory(username="werkgever")
    services.organisation_role_grant(
        user=user, organisation=employer_org, role=OrganisationRoleKind.EMPLOYER, actor=None
    )
    return user


@pytest.fixture
def other_employer_user(other_org):
    user = UserFactory(username="andere-werkgever")
    services.organisation_role_grant(
        user=user, organisation=other_org, role=OrganisationRoleKind.EMPLOYER, actor=None
    )
    return user


@pytest.fixture
def adviser_user(db):
    services.role_groups_ensure()
    user = UserFactory(username="loopbaanadviseur")
    user.groups.add(Group.objects.get(name=ADVISER_GROUP))
    return user


@pytest.fixture
def seeker(db):
    return UserFactory(username="werkzoekende")


def make_passport(user, skills: dict, *, discoverable=True, **kwargs):
    passport = services.passport_create(
        user=user, actor=user, consent=True, discoverable=discoverable, **kwargs
    )
    for skill, level in skills.items():
        services.passport_skill_set(passport=passport, actor=user, skill=skill, level=level)
    return passport


def make_vacancy(org, occupation, confirm: dict, *, open_it=True, **kwargs):
    """A vacancy with the given skills confirmed: {skill: (must, min_level)}."""
    vacancy = services.vacancy_create(
        organisation=org,
        actor=None,
        title=kwargs.pop("title", "Vacature"),
        occupation=occupation,
        **kwargs,
    )
    for skill, (must, level) in confirm.items():
        services.vacancy_add_skill(
            vacancy=vacancy, actor=None, skill=skill, must=must, min_level=level
        )
    if open_it:
        services.vacancy_open(vacancy=vacancy, actor=None)
    return vacancy


def filler(tax, count: int = 2) -> dict:
    """Nice-to-have skills (of the electrician, which the tests' people rarely hold) that
    bring a small test vacancy up to the minimum demand a vacancy needs to open."""
    return dict(list({tax.safety: (False, 1), tax.wiring: (False, 1)}.items())[:count])


# An ESCO skill the development copy of ESCO names in English only and our Dutch vocabulary
# names ("offertes opstellen"): for what the platform shows of our own Dutch names.
QUOTATION_URI = "http://data.europa.eu/esco/skill/2206af0c-3deb-48c5-a544-b9983d347da3"


@pytest.fixture
def quotation_skill(db):
    return services.skill_create(
        actor=None, label_nl="", label_en="answer requests for quotation", uri=QUOTATION_URI
    )
