"""Django REST framework and drf-spectacular: the read API under /api/v1/."""

API_VERSION = "1.0.0"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "economie071.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "economie071.core.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Economie071 API",
    "DESCRIPTION": (
        "Read API of the Economie071 platform, following the NL API Design Rules: "
        "municipalities, pillars, themes, organisations, projects and published project "
        "cards; governance (bodies, meetings, decisions, decision trails); the regional "
        "monitor (indicators, observations, Index071, retail areas, business parks); the "
        "House of Skills (taxonomy, training modules, open vacancies as skills demand, "
        "mobility, and the signed-in person's own passport and matches); events, Forum071 "
        "and the network (directory, challenges, Smart071 trajectories).\n\n"
        "- Lists are paged with `page` (from 1) and `pageSize` (1-200, default 50).\n"
        "- Filters take one value each; a value that matches nothing known (a phase that "
        "does not exist, a slug of nothing) is a 400 naming the parameter. An empty value "
        "(`?phase=`) is the same as leaving the parameter out.\n"
        "- No parameter may hold a control character (a NUL byte, a line break, a tab), nor "
        "be longer than 1000 characters; the query string is at most 8192 bytes.\n"
        "- Errors are application/problem+json (RFC 9457); invalid parameters are listed "
        "in `invalidParams`.\n"
        "- Every response carries an `API-Version` header.\n"
        "- Anyone may read everything published. Logged-in users (session cookie) may add "
        "`include=unpublished` to the cards endpoints to see the working state of the cards "
        "they may see: all of them for the programme office and the steering group, their "
        "own projects' for a project leader.\n"
        "- Dates are ISO 8601; decimal figures are strings with two decimals."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "economie071.api.schema.query_parameter_rules",
    ],
    # One named enum per set of choices, whichever field uses it.
    "ENUM_NAME_OVERRIDES": {
        "CardStatusEnum": "economie071.portfolio.constants.CardStatus",
        "DatePrecisionEnum": "economie071.core.dates.DatePrecision",
        "HelixSideEnum": "economie071.programme.constants.HelixSide",
        "LevelEnum": "economie071.portfolio.constants.Level",
        "PhaseEnum": "economie071.portfolio.constants.Phase",
        "RoleKindEnum": "economie071.portfolio.constants.RoleKind",
        "StatusLightEnum": "economie071.portfolio.constants.StatusLight",
        "AttendanceStatusEnum": "economie071.governance.constants.AttendanceStatus",
        "BodyKindEnum": "economie071.governance.constants.BodyKind",
        "DecisionOutcomeEnum": "economie071.governance.constants.DecisionOutcome",
        "MeetingStatusEnum": "economie071.governance.constants.MeetingStatus",
        "ProposalStatusEnum": "economie071.governance.constants.ProposalStatus",
        "StepStateEnum": "economie071.governance.constants.StepState",
        "EventKindEnum": "economie071.events.constants.EventKind",
        "EventPublicStatusEnum": "economie071.events.constants.PUBLIC_STATUS_CHOICES",
        "ContactKindEnum": "economie071.skills.constants.ContactKind",
        "ContactStatusEnum": "economie071.skills.constants.ContactStatus",
        "ContactOutcomeEnum": "economie071.skills.constants.Outcome",
        "NotHiredReasonEnum": "economie071.skills.constants.NotHiredReason",
    },
}
