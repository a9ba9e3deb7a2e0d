"""Numbers, money and percentages written out in Dutch notation, as plain text.

For text that is Dutch whatever the language of the page: the SVG charts (the same markup
goes into the web page and the PDF) and the documents made from them. Template filters
format in the active language with Django's ``number_format`` instead
(``web/templatetags/e071.py``, and the monitor's and the House of Skills' filters).

Rounding is half up everywhere, as the published tables round. Nothing here returns an
empty string for a missing value: ``None`` reads as an en dash where a function accepts it.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

CENT = Decimal("0.01")
MISSING = "\u2013"  # what a missing value reads as: –


def to_decimal(value, where: str = "") -> Decimal:
    """`value` as a finite Decimal (a float by its shortest text: 0.1 is 0.1); ValueError
    naming `where` otherwise."""
    prefix = f"{where}: " if where else ""
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{prefix}not a number: {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"{prefix}not a finite number: {value!r}.")
    return number


def group_thousands(whole: int) -> str:
    """12500 -> ``12.500``."""
    return f"{whole:,}".replace(",", ".")


def format_money(amount, currency: str = "€") -> str:
    """Money in Dutch format: ``€ 86.991,85``; whole euros without decimals: ``€ 192.000``.

    Rounded half up to the cent. Negative amounts read ``€ -1.234,50`` (as in Dutch CLDR).
    """
    cents = int(to_decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP) * 100)
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    text = group_thousands(whole)
    if fraction:
        text += f",{fraction:02d}"
    return f"{currency} {sign}{text}" if currency else f"{sign}{text}"


def format_decimal(value, places: int = 1) -> str:
    """A number with a fixed number of decimals and a decimal comma: ``103,4``, ``-4,5``.

    No thousands separator: it is for index values, hectares and percentages, which stay
    below 1.000 (use `format_whole` for counts and areas). ``None`` reads ``–``.
    """
    if value is None:
        return MISSING
    number = to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(number, "f").replace(".", ",")


def format_whole(value) -> str:
    """A whole number with thousands separators: ``12.500`` (square metres, outlets).
    ``None`` reads ``–``."""
    if value is None:
        return MISSING
    number = int(to_decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if number < 0 else ""
    return sign + group_thousands(abs(number))


def format_percent(value, *, unit: Literal["share", "percent"]) -> str:
    """A percentage with one decimal: ``45,3%``. ``None`` reads ``–``.

    `unit` says what `value` is, since both occur and mixing them up is off by a factor
    of 100:

    - ``"share"``: a fraction of the whole, 0.453 for 45,3% (a municipality's share of a
      budget);
    - ``"percent"``: already a percentage, 6.4 for 6,4% (a vacancy rate in the monitor).
    """
    if value is None:
        return MISSING
    if unit == "share":
        number = to_decimal(value) * 100
    elif unit == "percent":
        number = to_decimal(value)
    else:
        raise ValueError(f"unit must be 'share' or 'percent', not {unit!r}.")
    return format_decimal(number, 1) + "%"


def decimal_places(value: Decimal) -> int:
    """How many digits a finite number has after the decimal point (0 for 12 or 1.2E+3)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # "n", "N" or "F": not a number, or infinite
        raise ValueError(f"{value} is not a finite number")
    return max(0, -exponent)
