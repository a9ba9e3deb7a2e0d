"""Pages of a list: `page` (from 1) and `pageSize` (1 to 200, 50 when not given).

A `page` or `pageSize` that is not a whole number in range is a 400 naming the parameter
(rather than silently falling back to the default); a page past the last one is a 404. An
empty one (`?page=`) is the default, as an empty value of any parameter is.
"""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 200
    last_page_strings = ()  # only numbers: page=last is not part of the API
    page_query_description = "The page to show, from 1."
    page_size_query_description = "How many results a page holds: 1 to 200, 50 by default."

    def _whole_number(self, request, name: str, maximum: int | None = None) -> int | None:
        raw = request.query_params.get(name)
        if not raw:  # absent or empty: the default, like every other parameter
            return None
        if maximum:
            reason = _("Use a whole number from 1 to %(max)d.") % {"max": maximum}
        else:
            reason = _("Use a whole number of 1 or more.")
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError({name: [reason]}, code="invalid") from None
        if value < 1 or (maximum is not None and value > maximum):
            raise ValidationError({name: [reason]}, code="invalid")
        return value

    def get_schema_operation_parameters(self, view):
        """The document states the bounds the API enforces (page >= 1, 1 <= pageSize <= 200)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_page_size(self, request):
        size = self._whole_number(request, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        self._whole_number(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)
