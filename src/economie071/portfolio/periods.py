"""Reporting period labels: '2019-H2' is the second half of 2019."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_LABEL = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def starts_on(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def previous(self) -> "HalfYear":
        return HalfYear(self.year - 1, 2) if self.half == 1 else HalfYear(self.year, 1)


def parse_period_label(label: str) -> HalfYear:
    """Parse '2019-H2'; raise ValueError naming the problem for anything else."""
    match = _LABEL.match(label.strip()) if isinstance(label, str) else None
    if not match:
        raise ValueError(
            _("“%(label)s” is not a reporting period: use a year and half year, like 2019-H2.")
            % {"label": label}
        )
    year = int(match["year"])
    if not 1990 <= year <= 2100:
        raise ValueError(_("Reporting period year %(year)s is out of range.") % {"year": year})
    return HalfYear(year, int(match["half"]))
