"""economie071 rerender_markdown: bring the stored HTML of every Markdown field up to date.

Pages never show stale HTML (a stale copy is rendered afresh on reading), but after an
upgrade of the renderer each such read costs a rendering until this has run. It only
writes the rows whose stored copy is stale, so running it twice changes nothing."""

from django.apps import apps
from django.core.management.base import BaseCommand
from tqdm import tqdm

from economie071.core.markdown import RenderedMarkdownField, rerender_stale


class Command(BaseCommand):
    help = "Render the stored HTML of Markdown fields again where it is stale."

    def handle(self, *args, **options):
        models = [
            model
            for model in apps.get_models()
            if any(isinstance(f, RenderedMarkdownField) for f in model._meta.concrete_fields)
        ]
        total = 0
        for model in tqdm(models, desc="models", unit="model", disable=options["verbosity"] < 1):
            total += rerender_stale(model)
        self.stdout.write(f"{total} row(s) rendered again")
