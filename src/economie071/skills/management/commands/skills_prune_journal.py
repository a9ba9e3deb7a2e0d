"""economie071 skills_prune_journal [--days N]: delete the matching change journal's rows
older than N days (default 7), keeping the newest ones every process compares with. Run
it daily; an application server idle for longer rebuilds its matching index once."""

from django.core.management.base import BaseCommand, CommandError

from economie071.skills.matching import JOURNAL_KEEP_DAYS, journal_prune


class Command(BaseCommand):
    help = "Delete old rows of the matching change journal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=JOURNAL_KEEP_DAYS,
            help=f"keep this many days (default {JOURNAL_KEEP_DAYS})",
        )

    def handle(self, *args, days, **options):
        try:
            count = journal_prune(keep_days=days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{count} journal row(s) deleted")
