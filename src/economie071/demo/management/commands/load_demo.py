from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from economie071.demo.loader import DATA_DIR, DEMO_PASSWORD, DemoDataError, load_demo

# The logins the domain apps' demo data makes, one per role, to try the platform with.
ROLE_LOGINS = {
    "werkzoekende": "job seeker with a skills passport",
    "werkgever": "employer with vacancies",
    "opleider": "training provider",
    "loopbaanadviseur": "career adviser",
    "organisator": "event organiser",
    "forummoderator": "forum moderator",
}


class Command(BaseCommand):
    help = (
        "Load the demo: the Leidse regio, Economie071 and the ten project cards of the "
        "November 2019 project overview (period 2019-H2). Loading twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder with the demo's YAML files."
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            report = load_demo(data_dir)
        except DemoDataError as exc:
            raise CommandError(
                "The demo data has errors; nothing was loaded:\n  " + "\n  ".join(exc.errors)
            ) from None
        created = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Demo loaded ({created})."))
        if report.users:
            self.stdout.write(
                f"Demo logins (password “{DEMO_PASSWORD}”): " + ", ".join(report.users)
            )
            self.stdout.write(
                f"Programme manager: username “programmabureau”, password “{DEMO_PASSWORD}”."
            )
        users = get_user_model().objects.filter(username__in=ROLE_LOGINS)
        existing = set(users.values_list("username", flat=True))
        roles = [f"{name} ({role})" for name, role in ROLE_LOGINS.items() if name in existing]
        if roles:
            self.stdout.write("Other roles (same password): " + ", ".join(roles))
