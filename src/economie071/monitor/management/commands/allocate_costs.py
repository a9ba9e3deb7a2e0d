import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from economie071.core.programme import programme_current
from economie071.monitor import selectors
from economie071.monitor.exceptions import MonitorError


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.replace("€", "").strip())
    except InvalidOperation:
        raise CommandError(f"--amount {text!r} is not an amount in euros (e.g. 192000).") from None
    if not amount.is_finite():
        raise CommandError(f"--amount {text!r} is not an amount in euros (e.g. 192000).")
    return amount


class Command(BaseCommand):
    help = (
        "Share an amount over the region's municipalities by their inhabitants on 1 January "
        "(CBS figures in the database); the shares add up to the amount exactly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--amount", required=True, help="Euros, e.g. 192000 or 1234.56.")
        parser.add_argument("--year", type=int, help="Year of the inhabitants figures.")
        parser.add_argument(
            "--municipalities",
            default="",
            help="Comma-separated slugs (default: all of the region).",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, amount, year, municipalities, format, **options):
        programme = programme_current()
        if programme is None:
            raise CommandError("No programme has been set up yet (run load_demo).")
        years = selectors.population_years(programme=programme)
        if year is None:
            if not years:
                raise CommandError("There are no inhabitants figures in the database.")
            year = years[-1]
        keys = [key for key in municipalities.split(",") if key.strip()] or None
        total = _amount(amount)
        try:
            shares = selectors.population_allocation(
                programme=programme, amount=total, year=year, municipality_keys=keys
            )
        except MonitorError as error:
            raise CommandError(" ".join(error.messages)) from None
        if format == "json":
            data = {
                "amount": str(total.quantize(Decimal("0.01")))
                if total == total.quantize(Decimal("0.01"))
                else str(total),
                "year": year,
                "basis": "inhabitants on 1 January",
                "shares": [
                    {
                        "municipality": share.municipality.slug,
                        "name": share.municipality.name,
                        "inhabitants": share.inhabitants,
                        "amount": str(share.amount),
                        "source": share.source,
                    }
                    for share in shares
                ],
                "total": str(sum((share.amount for share in shares), Decimal(0))),
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for share in shares:
            self.stdout.write(
                f"{share.municipality.name:<14} {share.inhabitants:>9} {share.amount:>14}"
            )
        self.stdout.write(f"{'Total':<14} {'':>9} {sum(s.amount for s in shares):>14}")
