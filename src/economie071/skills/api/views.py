"""The House of Skills part of the read API: the taxonomy (skills, occupations, sectors),
training modules, open vacancies with their confirmed demand, mobility paths, and for the
signed-in person only their own passport and matches. Parse the query, call a selector,
serialize. Errors are problem+json through the API's exception handler."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from economie071.core.api.problems import problem_responses
from economie071.skills import selectors, services
from economie071.skills.api import serializers
from economie071.skills.constants import DemandStatus, Lang
from economie071.skills.exceptions import NoConsent, NotAllowed, SkillsError
from economie071.skills.models import (
    DemandSkill,
    Occupation,
    Passport,
    Sector,
    Skill,
    TrainingModule,
    Vacancy,
)

TAG = "skills"
# For the personal endpoints: 403 means not signed in, 409 a passport without consent.
SKILLS_PROBLEMS_403_404 = problem_responses(403, 404, d403="Not signed in")
SKILLS_PROBLEMS_403_404_409 = problem_responses(
    403, 404, 409, d403="Not signed in", d409="The passport has no current consent"
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


MAX_QUERY = 100  # as the search forms of the pages

Q_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description="Search the labels (Dutch and English, alternative labels included) and the "
    "platform's own Dutch phrases and job titles; every word must occur in one name; 2 to 100 "
    "characters.",
)


def _query(params) -> str:
    query = params.get("q", "").strip()
    if query and len(query) < 2:
        raise exceptions.ValidationError({"q": [_("Give at least 2 characters.")]}, code="invalid")
    if len(query) > MAX_QUERY:
        raise exceptions.ValidationError(
            {"q": [_("Give at most %(max)d characters.") % {"max": MAX_QUERY}]}, code="invalid"
        )
    return query


class _ListBase(viewsets.GenericViewSet):
    def _page(self, items, serializer_class=None):
        page = self.paginate_queryset(items)
        serializer_class = serializer_class or self.get_serializer_class()
        return self.get_paginated_response(serializer_class(page, many=True).data)


@extend_schema(tags=[TAG])
class SkillViewSet(_ListBase):
    """Skills of the taxonomy (ESCO and our own additions)."""

    serializer_class = serializers.SkillsSkillSerializer
    queryset = Skill.objects.none()

    @extend_schema(
        summary="Skills",
        description="Without `q` all skills (by id); with `q` the best matches first.",
        parameters=[
            Q_PARAMETER,
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                enum=Lang.values,
                description="Search only the labels in this language.",
            ),
        ],
        responses={
            200: serializers.SkillsSkillSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        query = _query(request.query_params)
        lang = request.query_params.get("lang", "").strip()
        if lang and lang not in Lang.values:
            raise exceptions.ValidationError(
                {"lang": [_("Use nl or en (got “%(value)s”).") % {"value": lang}]},
                code="invalid",
            )
        if query:
            return self._page(selectors.skill_search(query=query, lang=lang or None, limit=200))
        return self._page(Skill.objects.order_by("pk"))


@extend_schema(tags=[TAG])
class OccupationViewSet(_ListBase):
    """Occupations with their essential and optional skills."""

    serializer_class = serializers.SkillsOccupationSerializer
    queryset = Occupation.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="Occupations",
        parameters=[Q_PARAMETER],
        responses={
            200: serializers.SkillsOccupationSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        query = _query(request.query_params)
        if query:
            return self._page(selectors.occupation_search(query=query, limit=200))
        return self._page(Occupation.objects.order_by("pk"))

    @extend_schema(
        summary="One occupation, with its skills and sector",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: serializers.SkillsOccupationDetailSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, pk: str):
        occupation = Occupation.objects.filter(pk=int(pk)).first()
        if occupation is None:
            raise exceptions.NotFound(_("There is no occupation %(id)s.") % {"id": pk})
        skills = selectors.occupation_with_skills(occupation=occupation)
        occupation.essential = skills["essential"]
        occupation.optional = skills["optional"]
        occupation.sector = selectors.occupation_sector(occupation=occupation)
        return Response(serializers.SkillsOccupationDetailSerializer(occupation).data)


@extend_schema(tags=[TAG])
class SectorViewSet(_ListBase):
    """Sectors of the regional labour market, as sets of ISCO groups."""

    serializer_class = serializers.SkillsSectorSerializer
    queryset = Sector.objects.none()

    @extend_schema(
        summary="Sectors",
        responses={
            200: serializers.SkillsSectorSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        return self._page(selectors.sectors())


@extend_schema(tags=[TAG])
class ModuleViewSet(_ListBase):
    """Training modules on offer, with the skills they teach."""

    serializer_class = serializers.SkillsModuleSerializer
    queryset = TrainingModule.objects.none()

    @extend_schema(
        summary="Training modules",
        responses={
            200: serializers.SkillsModuleSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        return self._page(selectors.modules().order_by("title", "pk"))


@extend_schema(tags=[TAG])
class VacancyViewSet(_ListBase):
    """Open vacancies with their confirmed skills demand. No personal data."""

    serializer_class = serializers.SkillsVacancySerializer
    queryset = Vacancy.objects.none()

    @extend_schema(
        summary="Open vacancies",
        responses={
            200: serializers.SkillsVacancySerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        vacancies = selectors.open_vacancies().prefetch_related(
            Prefetch(
                "demand",
                queryset=DemandSkill.objects.filter(status=DemandStatus.CONFIRMED)
                .select_related("skill")
                .order_by("-must", "skill_id"),
                to_attr="confirmed_demand",
            )
        )
        return self._page(vacancies.order_by("-opened_at", "-pk"))


SECTOR_PARAMETER = OpenApiParameter(
    "sector",
    OpenApiTypes.STR,
    description="Only paths into this sector (its slug, see /skills/sectors).",
)


def _sector(params) -> Sector | None:
    slug = params.get("sector", "").strip()
    if not slug:
        return None
    sector = Sector.objects.filter(slug=slug).first()
    if sector is None:
        raise exceptions.ValidationError(
            {"sector": [_("There is no sector “%(value)s”.") % {"value": slug[:50]}]},
            code="invalid",
        )
    return sector


class MobilityView(GenericAPIView):
    """Occupations to move to from an occupation, ranked by skill overlap."""

    serializer_class = serializers.SkillsMobilityPathSerializer

    @extend_schema(
        tags=[TAG],
        summary="Mobility paths from an occupation",
        parameters=[
            OpenApiParameter(
                "occupation",
                OpenApiTypes.INT,
                required=True,
                description="The id of the occupation to start from.",
            ),
            SECTOR_PARAMETER,
        ],
        responses={
            200: serializers.SkillsMobilityPathSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def get(self, request):
        raw = request.query_params.get("occupation", "").strip()
        occupation = Occupation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if occupation is None:
            reason = (
                _("There is no occupation “%(value)s”.") % {"value": raw[:50]}
                if raw
                else _("Give the id of an occupation.")
            )
            raise exceptions.ValidationError({"occupation": [reason]}, code="invalid")
        paths = selectors.mobility_for(
            actor=request.user, occupation=occupation, k=50, sector=_sector(request.query_params)
        )
        page = self.paginate_queryset(paths)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated(_("Sign in to see your own skills passport."))


def _own_passport(request):
    _signed_in(request)
    passport = selectors.passport_of(user=request.user)
    if passport is None:
        raise exceptions.NotFound(_("You have no skills passport."))
    return passport


class MyPassportView(GenericAPIView):
    """The signed-in person's own skills passport (nobody else's)."""

    serializer_class = serializers.SkillsPassportSerializer

    @extend_schema(
        tags=[TAG],
        summary="My skills passport",
        responses={200: serializers.SkillsPassportSerializer, **SKILLS_PROBLEMS_403_404},
    )
    def get(self, request):
        passport = _own_passport(request)
        passport.skill_rows = selectors.passport_skills(passport=passport)
        passport.experience_rows = passport.experience.select_related("occupation")
        passport.sector_slugs = sorted(passport.sectors.values_list("slug", flat=True))
        passport.municipality_slugs = sorted(passport.municipalities.values_list("slug", flat=True))
        return Response(self.get_serializer(passport).data)


class MyMobilityView(GenericAPIView):
    """Occupations the signed-in person could move to, from the skills in their passport."""

    serializer_class = serializers.SkillsMobilityPathSerializer

    @extend_schema(
        tags=[TAG],
        summary="Mobility paths from my passport",
        description="Best first. Every path returned is recorded in the match log.",
        parameters=[SECTOR_PARAMETER],
        responses={
            200: serializers.SkillsMobilityPathSerializer(many=True),
            **SKILLS_PROBLEMS_403_404_409,
            **problem_responses(400),
        },
    )
    def get(self, request):
        passport = _own_passport(request)
        sector = _sector(request.query_params)
        try:
            paths = selectors.mobility_for(
                actor=request.user, passport=passport, k=50, sector=sector
            )
        except NoConsent as exc:
            raise Conflict(" ".join(exc.messages)) from None
        services.match_log_record(actor=request.user, shown=paths)
        page = self.paginate_queryset(paths)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MyMatchesView(GenericAPIView):
    """The open vacancies that fit the signed-in person's passport, with the reasons."""

    serializer_class = serializers.SkillsMatchSerializer

    @extend_schema(
        tags=[TAG],
        summary="Vacancies that fit my passport",
        description="Best first, each with its explanation. Every suggestion returned is "
        "recorded in the match log.",
        responses={
            200: serializers.SkillsMatchSerializer(many=True),
            **SKILLS_PROBLEMS_403_404_409,
        },
    )
    def get(self, request):
        passport = _own_passport(request)
        try:
            items = selectors.vacancies_for_passport(passport=passport, actor=request.user)
        except NoConsent as exc:
            raise Conflict(" ".join(exc.messages)) from None
        services.match_log_record(actor=request.user, shown=items)
        for item in items:
            item.note_texts = [n["reason"] for n in item.notes]
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _allowed(call):
    """A selector's NotAllowed as the API's 403."""
    try:
        return call()
    except NotAllowed as exc:
        raise exceptions.PermissionDenied(" ".join(exc.messages)) from None


def _contact_rows(views):
    for view in views:
        view.summary_rows = [{"skill": skill, "level": level} for skill, level in view.summary]
    return views


class MyContactsView(GenericAPIView):
    """The signed-in person's invitations, proposals and interest."""

    serializer_class = serializers.SkillsContactSerializer

    @extend_schema(
        tags=[TAG],
        summary="My invitations, proposals and interest",
        responses={
            200: serializers.SkillsContactSerializer(many=True),
            **SKILLS_PROBLEMS_403_404,
        },
    )
    def get(self, request):
        passport = _own_passport(request)
        views = selectors.contacts_of_person(passport=passport, actor=request.user)
        page = self.paginate_queryset(_contact_rows(views))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class VacancyContactsView(GenericAPIView):
    """Interest in and invitations for a vacancy: for its employer, advisers and the office.
    A person's name and e-mail address are only there when they shared them."""

    serializer_class = serializers.SkillsContactSerializer

    @extend_schema(
        tags=[TAG],
        summary="Interest and invitations of a vacancy",
        parameters=[
            OpenApiParameter(
                "vacancy", OpenApiTypes.INT, required=True, description="The vacancy's id."
            )
        ],
        responses={
            200: serializers.SkillsContactSerializer(many=True),
            **problem_responses(400, 403, 404),
        },
    )
    def get(self, request):
        raw = request.query_params.get("vacancy", "").strip()
        vacancy = Vacancy.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if vacancy is None:
            reason = (
                _("There is no vacancy “%(value)s”.") % {"value": raw[:50]}
                if raw
                else _("Give the id of a vacancy.")
            )
            raise exceptions.ValidationError({"vacancy": [reason]}, code="invalid")
        views = _allowed(lambda: selectors.contacts_of_vacancy(vacancy=vacancy, actor=request.user))
        page = self.paginate_queryset(_contact_rows(views))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PlacementsView(GenericAPIView):
    """What came of the matches: contacts, conversations and jobs per sector and
    municipality. Counts only; for advisers and the office."""

    serializer_class = serializers.SkillsPlacementsSerializer
    pagination_class = None

    @extend_schema(
        tags=[TAG],
        summary="From match to job: the figures",
        responses={200: serializers.SkillsPlacementsSerializer, **problem_responses(403)},
    )
    def get(self, request):
        figures = _allowed(lambda: selectors.contact_figures(actor=request.user))
        return Response(self.get_serializer(figures).data)


# --- Writes: from a match to a conversation -------------------------------------------------

WRITE_PROBLEMS = problem_responses(
    400, 403, 404, 409, d403="Not signed in, or not allowed", d409="No current consent"
)


def _service(call):
    """A service's refusal as the API's problem: 403, 409 or 400 naming the field."""
    try:
        return call()
    except NotAllowed as exc:
        raise exceptions.PermissionDenied(" ".join(exc.messages)) from None
    except NoConsent as exc:
        raise Conflict(" ".join(exc.messages)) from None
    except SkillsError as exc:
        raise exceptions.ValidationError(
            {exc.code or "non_field_errors": exc.messages}, code="invalid"
        ) from None


def _found(model, pk, field: str):
    found = model.objects.filter(pk=pk).first() if pk is not None else None
    if pk is not None and found is None:
        raise exceptions.ValidationError(
            {field: [_("Nothing has the number %(id)s.") % {"id": pk}]},
            code="invalid",
        )
    return found


def _contact_response(request, contact, status_code=status.HTTP_201_CREATED):
    (view,) = selectors.contact_views(contacts=[contact], actor=request.user)
    (row,) = _contact_rows([view])
    return Response(serializers.SkillsContactSerializer(row).data, status=status_code)


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class MyInterestView(GenericAPIView):
    """The signed-in person shows interest in an open vacancy, choosing what its employer
    sees."""

    serializer_class = serializers.SkillsInterestInputSerializer

    @extend_schema(
        tags=[TAG],
        summary="Show interest in a vacancy",
        request=serializers.SkillsInterestInputSerializer,
        responses={201: serializers.SkillsContactSerializer, **WRITE_PROBLEMS},
    )
    def post(self, request):
        passport = _own_passport(request)
        data = _input(serializers.SkillsInterestInputSerializer, request)
        vacancy = _found(Vacancy, data["vacancy"], "vacancy")
        contact = _service(
            lambda: services.interest_express(
                passport=passport,
                vacancy=vacancy,
                actor=request.user,
                share_summary=data["shareSummary"],
                share_contact=data["shareContact"],
                message=data["message"],
            )
        )
        return _contact_response(request, contact)


class MyContactAnswerView(GenericAPIView):
    """The signed-in person answers an invitation or a proposal (and may share their name
    and e-mail address with the employer)."""

    serializer_class = serializers.SkillsAnswerInputSerializer

    @extend_schema(
        tags=[TAG],
        summary="Answer an invitation or a proposal",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=serializers.SkillsAnswerInputSerializer,
        responses={200: serializers.SkillsContactSerializer, **WRITE_PROBLEMS},
    )
    def post(self, request, pk: int):
        _signed_in(request)
        data = _input(serializers.SkillsAnswerInputSerializer, request)
        contact = _service(lambda: selectors.contact_get(contact_id=pk, actor=request.user))
        contact = _service(
            lambda: services.contact_answer(
                contact=contact,
                actor=request.user,
                accept=data["accept"],
                share_contact=data["shareContact"],
            )
        )
        return _contact_response(request, contact, status.HTTP_200_OK)


class InvitationsView(GenericAPIView):
    """The vacancy's employer invites a findable candidate."""

    serializer_class = serializers.SkillsInvitationInputSerializer

    @extend_schema(
        tags=[TAG],
        summary="Invite a candidate",
        request=serializers.SkillsInvitationInputSerializer,
        responses={201: serializers.SkillsContactSerializer, **WRITE_PROBLEMS},
    )
    def post(self, request):
        _signed_in(request)
        data = _input(serializers.SkillsInvitationInputSerializer, request)
        vacancy = _found(Vacancy, data["vacancy"], "vacancy")
        passport = _found(Passport, data["passport"], "passport")
        contact = _service(
            lambda: services.invitation_send(
                vacancy=vacancy, passport=passport, actor=request.user, message=data["message"]
            )
        )
        return _contact_response(request, contact)


class ProposalsView(GenericAPIView):
    """A career adviser proposes a vacancy or a training module to a person."""

    serializer_class = serializers.SkillsProposalInputSerializer

    @extend_schema(
        tags=[TAG],
        summary="Propose a vacancy or a training",
        request=serializers.SkillsProposalInputSerializer,
        responses={201: serializers.SkillsContactSerializer, **WRITE_PROBLEMS},
    )
    def post(self, request):
        _signed_in(request)
        data = _input(serializers.SkillsProposalInputSerializer, request)
        passport = _found(Passport, data["passport"], "passport")
        vacancy = _found(Vacancy, data["vacancy"], "vacancy")
        module = _found(TrainingModule, data["module"], "module")
        contact = _service(
            lambda: services.proposal_make(
                passport=passport,
                actor=request.user,
                vacancy=vacancy,
                module=module,
                message=data["message"],
            )
        )
        return _contact_response(request, contact)


class OutcomeView(GenericAPIView):
    """The vacancy's employer or an adviser records what came of a contact."""

    serializer_class = serializers.SkillsOutcomeInputSerializer

    @extend_schema(
        tags=[TAG],
        summary="Record the outcome of a contact",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=serializers.SkillsOutcomeInputSerializer,
        responses={200: serializers.SkillsContactSerializer, **WRITE_PROBLEMS},
    )
    def post(self, request, pk: int):
        _signed_in(request)
        data = _input(serializers.SkillsOutcomeInputSerializer, request)
        contact = _service(lambda: selectors.contact_get(contact_id=pk, actor=request.user))
        contact = _service(
            lambda: services.contact_outcome_record(
                contact=contact, actor=request.user, outcome=data["outcome"], reason=data["reason"]
            )
        )
        return _contact_response(request, contact, status.HTTP_200_OK)
