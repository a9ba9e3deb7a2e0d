import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from economie071.core.files import write_file_atomically
from economie071.core.programme import programme_current
from economie071.portfolio.selectors import period_by_label
from economie071.publications import services
from economie071.publications.exceptions import PublicationError
from economie071.publications.rendering import check_static_copy_target, write_static_copy


class Command(BaseCommand):
    help = (
        "Issue the project overview of a reporting period from its published cards and "
        "write it as a print-ready PDF (and, with --html, as a static web copy). If an "
        "edition of the period exists, --correction makes a new version; without it the "
        "latest edition is written out again as it was issued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Reporting period, e.g. 2019-H2.")
        parser.add_argument("--pdf", type=Path, required=True, help="Where to write the PDF.")
        parser.add_argument("--html", type=Path, help="Folder for a static HTML copy.")
        parser.add_argument("--title", default="", help="Title of a new edition.")
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Date of a new edition (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--correction", default="", help="Issue a corrected edition: what it changes."
        )

    def handle(self, *args, period, pdf, html, title, date, correction, **options):
        programme = programme_current()
        if programme is None:
            raise CommandError("No programme has been set up yet (run load_demo or migrate).")
        try:
            reporting_period = period_by_label(programme=programme, label=period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if reporting_period is None:
            raise CommandError(f"Reporting period {period} has not been opened.")

        if html:
            try:  # before anything is issued or written
                check_static_copy_target(html)
            except FileExistsError as exc:
                raise CommandError(str(exc)) from None

        edition = reporting_period.editions.order_by("-version").first()
        try:
            if edition is None or correction:
                edition = services.edition_issue(
                    programme=programme,
                    period=reporting_period,
                    actor=None,
                    title=title,
                    issued_on=date,
                    correction_reason=correction,
                )
                self.stdout.write(f"Issued “{edition.title}”, version {edition.version}.")
            else:
                self.stdout.write(
                    f"Writing “{edition.title}”, version {edition.version}, as issued on "
                    f"{edition.issued_on:%Y-%m-%d} (use --correction to issue a new version)."
                )
        except PublicationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

        content = services.edition_pdf(edition=edition)
        if html:  # first: the PDF may be meant to go inside the copy's folder
            files = write_static_copy(edition.snapshot, html, pdf=content)
            self.stdout.write(f"HTML: {html} ({len(files)} files)")
        write_file_atomically(pdf, content)
        self.stdout.write(f"PDF: {pdf} ({len(content) // 1024} kB)")
