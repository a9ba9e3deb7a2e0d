import json

from django.core.management.base import BaseCommand, CommandError

from economie071.core.programme import programme_current
from economie071.monitor import selectors
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.reporting import report_as_dict


class Command(BaseCommand):
    help = (
        "Compute Index071 and print the indicator, theme and total indexes per area and year, "
        "with the indicators left out for missing data and the contributions to the change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", default="", help="Edition slug (default: the latest).")
        parser.add_argument(
            "--all-indicators",
            action="store_true",
            help="Ignore editions: every indicator, equal weights.",
        )
        parser.add_argument("--base-year", type=int, help="Override the base year (e.g. 2014).")
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            help="Area slug (region or municipality); repeat for more.",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, edition, all_indicators, base_year, area, format, **options):
        programme = programme_current()
        if programme is None:
            raise CommandError("No programme has been set up yet (run load_demo).")
        chosen = None
        if edition:
            chosen = selectors.edition_by_slug(slug=edition)
            if chosen is None:
                known = ", ".join(e.slug for e in selectors.edition_list()) or "none"
                raise CommandError(f"Unknown edition: {edition}. Known editions: {known}.")
        elif not all_indicators:
            chosen = selectors.edition_latest()
        keys = [key.strip() for item in area for key in item.split(",") if key.strip()]
        try:
            report = selectors.index_report(
                programme=programme, edition=chosen, base_year=base_year, area_keys=keys or None
            )
        except MonitorError as error:
            raise CommandError("\n".join(error.messages)) from None
        data = report_as_dict(report)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['title']} — base year {data['base_year']} = 100")
        if data["example_data"]:
            self.stdout.write(data["example_data_note"])
        for area_data in data["areas"]:
            self.stdout.write(f"\n{area_data['name']}")
            for year in area_data["years"]:
                themes = ", ".join(f"{k} {v}" for k, v in year["themes"].items())
                left_out = (
                    f"  (left out: {', '.join(year['left_out'])})" if year["left_out"] else ""
                )
                self.stdout.write(f"  {year['year']}: {year['total']}  [{themes}]{left_out}")
        self.stdout.write("\n" + data["note"])
