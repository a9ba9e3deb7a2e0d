"""The base every API view of a programme's data builds on."""

from django.utils.functional import cached_property

from economie071.core.programme import programme_current


class ProgrammeScoped:
    """The programme the API serves, looked up once per request."""

    @cached_property
    def programme(self):
        return programme_current()

    def _fake(self) -> bool:
        """True while drf-spectacular inspects the view to write the schema."""
        return getattr(self, "swagger_fake_view", False)
