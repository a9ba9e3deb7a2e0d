"""economie071 export_portfolio --format json [--period 2019-H2]: the portfolio on stdout."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from economie071.core.programme import programme_current
from economie071.portfolio.exports import portfolio_export
from economie071.portfolio.selectors import current_period, period_by_label


class Command(BaseCommand):
    help = (
        "Print the portfolio as JSON: the programme, its pillars and themes, and per project "
        "its phase, pillars, themes, roles, lines of action, partners, the budget lines of "
        "the period with each municipality's share, and the card of the period (its "
        "published revision, or else its latest revision). Amounts of money and other "
        'decimal figures are JSON strings with two decimals ("192000.00"), so no cent is '
        "lost; counts and years are JSON integers; dates and times are ISO 8601."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["json"],
            default="json",
            help="The output format; json (the default) is the only one for now.",
        )
        parser.add_argument(
            "--period",
            metavar="LABEL",
            help="The reporting period, like 2019-H2 (default: the latest one opened).",
        )

    def handle(self, *args, **options):
        programme = programme_current()
        if programme is None:
            raise CommandError("There is no programme to export (load one first: load_demo).")
        label = options["period"]
        if label is None:
            period = current_period(programme=programme)
        else:
            try:
                period = period_by_label(programme=programme, label=label)
            except ValueError as error:
                raise CommandError(f"--period: {error}") from None
            if period is None:
                raise CommandError(
                    f"--period: reporting period {label} has not been opened in {programme}."
                )
        data = portfolio_export(programme, period)
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
