"""Errors raised by the monitor's services and selectors; their messages are shown as they are."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MonitorError(ValidationError):
    """A request the monitor refuses; nothing has been written."""


class ImportRejected(MonitorError):
    """An import file with bad lines: `line_errors` lists (line, message); nothing imported."""

    def __init__(self, line_errors: list[tuple[int, str]], file_errors: list[str] | None = None):
        self.line_errors = sorted(line_errors)
        self.file_errors = list(file_errors or [])
        texts = self.file_errors + [
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            for line, message in self.line_errors
        ]
        super().__init__(texts)
