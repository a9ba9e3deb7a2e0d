"""Rendering an edition: the same templates make the web pages, the static HTML copy and
the print-ready PDF (WeasyPrint). Everything renders from the edition's frozen content."""

import re
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from economie071.core.charts import allocation_chart
from economie071.core.files import make_readable
from economie071.core.pdf import html_to_pdf, print_stylesheets, static_path
from economie071.portfolio.constants import StatusLight
from economie071.portfolio.selectors import card_display, card_sections
from economie071.publications.charts import portfolio_chart

# Marks a folder as a static copy of an edition, which a new copy may replace.
MARKER = ".economie071-edition"
# The copy looks like the site: the NL Design System CSS, the theme, logo and fonts.
STATIC_ASSETS = [
    "web/nlds/voorbeeld-theme.css",
    "web/nlds/utrecht-components.css",
    "web/nlds/utrecht-html.css",
    "web/nlds/LICENSE-EUPL-1.2.md",
    "web/theme.css",
    "web/custom.css",
    "web/brand/logo.svg",
    "web/brand/favicon.svg",
    "web/brand/favicon.ico",
    "web/fonts/NotoSans-Regular.ttf",
    "web/fonts/NotoSans-Bold.ttf",
    "web/fonts/NotoSans-Italic.ttf",
    "web/fonts/NotoSans-BoldItalic.ttf",
    "web/fonts/OFL.txt",
]


@dataclass(frozen=True)
class Links:
    """Where an edition's pages link to: the live site, or files of a static copy."""

    index: str
    card_prefix: str
    card_suffix: str
    pdf: str = ""
    static_prefix: str = "/static/"

    def card(self, slug: str) -> str:
        return f"{self.card_prefix}{slug}{self.card_suffix}"


STATIC_COPY_LINKS = Links(
    index="index.html",
    card_prefix="",
    card_suffix=".html",
    pdf="projectenoverzicht.pdf",
    static_prefix="",
)


def _portfolio_chart(content: dict) -> str:
    """Projects of the edition by phase and pillar (a project in two pillars counts twice)."""
    pillars = content["pillars"]
    series = [{"label": p["name"], "colour": p["colour"]} for p in pillars]
    without = any(not p["pillars"] for p in content["projects"])
    if without:
        series.append({"label": _("No pillar"), "colour": None})
    rows: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for project in content["projects"]:
        phase = project["phase"] or ""
        labels[phase] = project["phase_label"] or _("Phase not recorded")
        counts = rows.setdefault(phase, [0] * len(series))
        for index, pillar in enumerate(pillars):
            if pillar["slug"] in project["pillars"]:
                counts[index] += 1
        if without and not project["pillars"]:
            counts[-1] += 1
    return portfolio_chart(
        [{"label": labels[phase], "values": values} for phase, values in rows.items()],
        series,
        title=_("Projects by phase and pillar"),
        description=_(
            "Number of projects in this overview per phase, split by pillar; a project "
            "in two pillars counts in both."
        ),
    )


def _allocation_charts(content: dict) -> dict[str, list[dict]]:
    """Per project slug: its budget lines, each with a chart of the allocation."""
    result: dict[str, list[dict]] = {}
    for project in content["projects"]:
        for line in project["budget_lines"]:
            chart = ""
            if line["rows"]:
                chart = allocation_chart(
                    [{"label": r["party"], "amount": Decimal(r["amount"])} for r in line["rows"]],
                    title=f"{project['name']}: {line['description']}",
                    description=_("Allocation of %(amount)s over the municipalities (%(key)s).")
                    % {"amount": line["amount"], "key": line["allocation_label"]},
                )
            result.setdefault(project["slug"], []).append({**line, "chart": chart})
    return result


def _sentences(text: str) -> list[str]:
    """The sentences of a text, whitespace and Markdown list marks and emphasis left out."""
    plain = re.sub(r"[*_#>]|^\s*(?:[-•]|\d+\.)\s+", " ", text or "", flags=re.MULTILINE)
    plain = " ".join(plain.split())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.strip()) > 1]


def _repeats(text: str, body: str) -> bool:
    """Whether every sentence of `text` is already printed in `body`."""
    sentences = _sentences(text)
    return bool(sentences) and all(sentence in body for sentence in sentences)


def card_print_parts(snapshot: dict) -> dict:
    """What an edition prints of a card besides its sections, without saying anything twice:
    the timeline entries and risks that the card's text does not already say, and the
    status only when one is set."""
    sections = card_sections(snapshot=snapshot)
    body = " ".join(" ".join(_sentences(section["body"])) for section in sections)
    return {
        "timeline": [m for m in snapshot.get("milestones", []) if not _repeats(m["text"], body)],
        "risk_table": [
            r
            for r in snapshot.get("risk_items", [])
            if not (_repeats(r["description"], body) and _repeats(r.get("mitigation", ""), body))
        ],
        "status_set": snapshot.get("status_light") not in ("", None, StatusLight.NOT_SET),
        "structure": _structure_groups(card_display(snapshot=snapshot)["structure"]),
    }


def _structure_groups(groups: list[dict]) -> list[dict]:
    """Role groups as printed: a note all holders of a group share ("Vanuit Stuurgroep
    Economie071") once after the group's label, not after every holder."""
    printed = []
    for group in groups:
        notes = {role.get("note") or "" for role in group["roles"]}
        shared = notes.pop() if len(notes) == 1 and len(group["roles"]) > 1 else ""
        roles = [{**role, "note": ""} for role in group["roles"]] if shared else group["roles"]
        printed.append({**group, "shared_note": shared, "roles": roles})
    return printed


def edition_context(content: dict, links: Links) -> dict:
    """The template context shared by every rendering of an edition."""
    projects = {p["slug"]: p for p in content["projects"]}
    budgets = _allocation_charts(content)
    cards = []
    for project in content["projects"]:
        if not project["card"]:
            continue
        cards.append(
            {
                "project": project,
                "href": links.card(project["slug"]),
                "pillar_slug": project["pillars"][0] if project["pillars"] else "",
                "budget_lines": budgets.get(project["slug"], []),
                **card_display(snapshot=project["card"]),
                **card_print_parts(project["card"]),
            }
        )
    return {
        "edition": content,
        "links": links,
        "pillars": [
            {**pillar, "project_list": [projects[s] for s in pillar["projects"] if s in projects]}
            for pillar in content["pillars"]
        ],
        "themes": [
            {**theme, "project_list": [projects[s] for s in theme["projects"] if s in projects]}
            for theme in content["themes"]
        ],
        "cards": cards,
        "card_links": {card["project"]["slug"]: card["href"] for card in cards},
        "portfolio_chart": _portfolio_chart(content),
        "portfolio_chart_caption": _(
            "Projects by phase and pillar (number of projects; a project in two pillars "
            "counts in both)"
        ),
    }


# --- PDF -----------------------------------------------------------------------------------


def render_edition_html_for_print(content: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = edition_context(
            content, Links(index="#inhoud", card_prefix="#kaart-", card_suffix="")
        )
        context["stylesheets"] = print_stylesheets()
        return render_to_string("publications/print/edition.html", context)


def render_edition_pdf(content: dict) -> bytes:
    return html_to_pdf(render_edition_html_for_print(content))


# --- Static copy ---------------------------------------------------------------------------


def check_static_copy_target(directory: Path) -> None:
    """A static copy goes into a new or empty folder, or replaces an earlier copy."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise FileExistsError(
            _("%(path)s is a file, not a folder; choose a new or empty folder.")
            % {"path": directory}
        )
    if directory.exists() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise FileExistsError(
            _(
                "The folder %(path)s is not empty and holds no earlier copy of an edition; "
                "choose an empty or new folder."
            )
            % {"path": directory}
        )


def write_static_copy(content: dict, directory: Path, *, pdf: bytes | None = None) -> list[Path]:
    """Write the web edition as plain files: index.html, a page per card, CSS and fonts.

    Written to a temporary folder first and moved into place at the end, so an error
    leaves no half-written copy behind.
    """
    directory = Path(directory)
    check_static_copy_target(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with translation.override(settings.LANGUAGE_CODE):
        context = edition_context(content, STATIC_COPY_LINKS)
        context["static_copy"] = True
        context["pillar_css"] = render_to_string("web/pillars.css", {"pillars": content["pillars"]})
        context["base_template"] = "publications/static/base.html"
        pages = {"index.html": render_to_string("publications/edition_index.html", context)}
        for card in context["cards"]:
            pages[card["href"]] = render_to_string(
                "publications/edition_card.html", {**context, "card": card}
            )
    staging = Path(tempfile.mkdtemp(prefix=".edition-", dir=directory.parent))
    try:
        for name, html in pages.items():
            (staging / name).write_text(html, encoding="utf-8")
        (staging / "pillars.css").write_text(context["pillar_css"], encoding="utf-8")
        (staging / MARKER).write_text(f"{content['title']} v{content['version']}\n")
        for asset in STATIC_ASSETS:
            target = staging / asset
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(static_path(asset), target)
        if pdf is not None:
            (staging / STATIC_COPY_LINKS.pdf).write_bytes(pdf)
        make_readable(staging)  # mkdtemp made it 0700; a web server serves the copy
        if directory.exists():
            shutil.rmtree(directory)
        staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(directory.rglob("*"))
