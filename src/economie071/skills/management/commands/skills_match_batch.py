"""economie071 skills_match_batch [--k 50]: every open vacancy's top candidates in one
batch, from this process's index (built from the database, with a progress bar). Prints
per vacancy how many consenting, discoverable candidates it has and the best score; it
shows no one and writes no match log (nothing is shown to a person)."""

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from economie071.skills import matching
from economie071.skills.models import Vacancy


class Command(BaseCommand):
    help = "Top candidates of every open vacancy in one batch (counts and best scores)."

    def add_arguments(self, parser):
        parser.add_argument("--k", type=int, default=50)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, k, no_progress, **options):
        started = time.monotonic()
        index = matching.get_index()
        built = time.monotonic() - started
        titles = dict(Vacancy.objects.values_list("pk", "title"))
        rows = []
        for demand_id, matches in tqdm(
            index.batch_top_candidates(k=k), desc="vacancies", disable=no_progress
        ):
            best = matches[0].score if matches else None
            rows.append((demand_id, len(matches), best))
        for demand_id, count, best in rows:
            score = f"{best:.1f}" if best is not None else "—"
            title = titles.get(demand_id, demand_id)
            self.stdout.write(f"{title}: {count} candidates, best {score}")
        self.stdout.write(
            f"{len(rows)} vacancies; index {built:.1f} s, total {time.monotonic() - started:.1f} s"
        )
