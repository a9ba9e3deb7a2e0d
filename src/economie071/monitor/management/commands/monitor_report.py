from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from economie071.core.files import write_file_atomically
from economie071.core.programme import programme_current
from economie071.monitor.rendering import render_report_pdf
from economie071.monitor.reporting import monitor_report


class Command(BaseCommand):
    help = (
        "Write the yearly monitor report (Index071, retail monitor, business parks balance) "
        "as a PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path("monitor-economie071.pdf"), help="The PDF file."
        )

    def handle(self, *args, output: Path, **options):
        programme = programme_current()
        if programme is None:
            raise CommandError("No programme has been set up yet.")
        pdf = render_report_pdf(monitor_report(programme))
        try:
            write_file_atomically(output, pdf)
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror}).") from None
        self.stdout.write(f"{output}: {len(pdf):,} bytes written.")
