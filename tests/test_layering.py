"""The platform's parts depend on each other in one direction only: from the site down to
the shared kit, never back up, never in a circle.

The parts are the top-level packages of src/economie071 (the apps, core, config). From
low to high:

    core -> audit -> programme -> portfolio -> the domain apps -> web, api, demo -> config

A part may use any part in a lower layer. It may not use a part in a higher layer, nor
another part in its own layer: the domain apps (publications, governance, monitor, skills,
events, forum, network) stand side by side, each on the layers below, and what two of them
share belongs lower down (usually in core).

"Uses" means, in code outside the migrations:
- an import (``import``/``from``, at module level or inside a function, relative or not);
- a model named by its label in a relation (``ForeignKey("portfolio.Project")``) or looked
  up through the app registry (``apps.get_model("programme", "Programme")``);
- a dotted path to a module of another part in a string (``"economie071.api.urls"``), as
  settings and ``import_string`` use them.

Migrations are left out: they are the history of the schema and never change, so a
migration may still name the models it was written against.

Run ``python -m tests.test_layering [src/economie071]`` to print the parts, the layers and
any import against them.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "economie071"

LAYERS: list[set[str]] = [
    {"core"},
    {"audit"},
    {"programme"},
    {"portfolio"},
    {"publications", "governance", "monitor", "skills", "events", "forum", "network"},
    {"web", "api", "demo"},
    {"config"},  # settings and URLs: where it is all put together
    {"manage"},  # the economie071 command, which starts it with the settings
]

# Uses that go against the layers on purpose, each with its reason. Keyed by the file that
# uses and the part it uses.
ALLOWED: dict[tuple[str, str], str] = {
    ("core/programme.py", "programme"): (
        "Every app's pages, API and commands need the programme the site runs. core looks "
        "the Programme model up through the app registry when asked (no import), so core "
        "stays importable on its own; the lookup is the only place core names an app."
    ),
}

PACKAGE = "economie071"
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
MODEL_LABEL = re.compile(r"^([a-z_]+)\.[A-Z]\w*$")
DOTTED = re.compile(rf"^{PACKAGE}\.(\w+)(?:\.|$)")


@dataclass(frozen=True)
class Use:
    source: str  # file, relative to the package
    line: int
    user: str  # the part that uses
    used: str  # the part it uses
    how: str  # the import or the name

    def __str__(self) -> str:
        return f"{self.source}:{self.line} {self.user} -> {self.used} ({self.how})"


def _part(relative: Path) -> str:
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _module(relative: Path) -> list[str]:
    parts = [PACKAGE, *relative.with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (they only describe)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def uses_in(path: Path, root: Path, parts: set[str]) -> list[Use]:
    """Every use of another part in one file."""
    relative = path.relative_to(root)
    user = _part(relative)
    module = _module(relative)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstrings(tree)
    found: list[tuple[int, str, str]] = []  # (line, part, how)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((node.lineno, alias.name, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module if is_package else module[:-1]
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name, f"from {name} import …"))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            strings = [
                arg.value
                for arg in [*node.args, *(k.value for k in node.keywords)]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if name in RELATIONS:
                targets = [node.args[0]] if node.args else []
                targets += [k.value for k in node.keywords if k.arg == "to"]
                for target in targets:
                    label = target.value if isinstance(target, ast.Constant) else None
                    if isinstance(label, str) and (match := MODEL_LABEL.match(label)):
                        found.append((node.lineno, f"{PACKAGE}.{match[1]}", label))
            elif name == "get_model" and strings:
                label = strings[0].split(".")[0]
                found.append((node.lineno, f"{PACKAGE}.{label}", f"get_model({strings[0]!r})"))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and DOTTED.match(node.value)
        ):
            found.append((node.lineno, node.value, repr(node.value)))

    uses = []
    for line, name, how in found:
        pieces = name.split(".")
        if pieces[0] != PACKAGE or len(pieces) < 2:
            continue  # the standard library, Django, other packages
        used = pieces[1]
        if used != user and used in parts:
            uses.append(Use(str(relative), line, user, used, how))
    return uses


def all_uses(root: Path = SRC) -> list[Use]:
    parts = {_part(p.relative_to(root)) for p in root.rglob("*.py")}
    return [
        use
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
        for use in uses_in(path, root, parts)
    ]


def layer_of(part: str) -> int:
    for index, layer in enumerate(LAYERS):
        if part in layer:
            return index
    raise KeyError(part)


def against_the_layers(uses: list[Use]) -> list[Use]:
    """Uses of a higher layer, or of another part of the same layer, not allowed above."""
    return [
        use
        for use in uses
        if layer_of(use.used) >= layer_of(use.user) and (use.source, use.used) not in ALLOWED
    ]


def circles(uses: list[Use]) -> list[list[str]]:
    """The groups of parts that use each other in a circle (Tarjan's strongly connected
    components of more than one part). An allowed use does not count: it is resolved when
    it is called, not when the part is imported (see ALLOWED)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        if (use.source, use.used) not in ALLOWED:
            graph[use.user].add(use.used)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(part: str) -> None:
        index[part] = low[part] = len(index)
        stack.append(part)
        on_stack.add(part)
        for other in sorted(graph[part]):
            if other not in index:
                visit(other)
                low[part] = min(low[part], low[other])
            elif other in on_stack:
                low[part] = min(low[part], index[other])
        if low[part] == index[part]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == part:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for part in sorted(graph):
        if part not in index:
            visit(part)
    return components


# --- The tests --------------------------------------------------------------------------------


def test_every_part_has_a_layer():
    parts = {_part(p.relative_to(SRC)) for p in SRC.rglob("*.py")} - {"__init__"}
    placed = set().union(*LAYERS)
    assert parts - placed == set(), "a new part: give it a layer in LAYERS"
    assert placed - parts == set(), "LAYERS names a part that no longer exists"


def test_no_part_uses_a_part_in_its_own_or_a_higher_layer():
    wrong = against_the_layers(all_uses())
    assert not wrong, "uses against the layers:\n" + "\n".join(map(str, wrong))


def test_no_parts_use_each_other_in_a_circle():
    found = circles(all_uses())
    assert not found, f"parts that use each other in a circle: {found}"


def test_every_allowed_exception_is_still_needed():
    uses = {(use.source, use.used) for use in all_uses()}
    assert set(ALLOWED) <= uses, "an allowed exception is gone: remove it from ALLOWED"


def test_the_checks_see_imports_model_labels_and_dotted_paths(tmp_path):
    """The checks themselves: each kind of use is found, docstrings are not."""
    package = tmp_path / PACKAGE
    (package / "audit").mkdir(parents=True)
    (package / "portfolio").mkdir()
    (package / "audit" / "models.py").write_text(
        '"""economie071.portfolio.urls in a docstring only describes."""\n'
        "from economie071.portfolio import models as portfolio\n"
        "from ..portfolio.constants import Phase\n"
        "class Entry:\n"
        '    project = ForeignKey("portfolio.Project")\n'
        'PATH = "economie071.portfolio.urls"\n'
        'MODEL = apps.get_model("portfolio", "Project")\n'
    )
    (package / "portfolio" / "models.py").write_text("from economie071.audit import models\n")
    found = all_uses(package)
    hows = sorted(use.how for use in found if use.user == "audit")
    assert hows == [
        "'economie071.portfolio.urls'",
        "from economie071.portfolio import …",
        "from economie071.portfolio.constants import …",
        "get_model('portfolio')",
        "portfolio.Project",
    ]
    assert [use.line for use in found if use.how.startswith("'")] == [6]
    assert circles(found) == [["audit", "portfolio"]]
    assert [str(use.used) for use in against_the_layers(found)] == ["portfolio"] * 5


def summary(root: Path = SRC) -> str:
    uses = all_uses(root)
    parts = sorted({_part(p.relative_to(root)) for p in root.rglob("*.py")} - {"__init__"})
    wrong = [
        use
        for use in uses
        if (use.user in set().union(*LAYERS) and use.used in set().union(*LAYERS))
        and layer_of(use.used) >= layer_of(use.user)
    ]
    lines = [
        f"{len(parts)} parts: {', '.join(parts)}",
        f"{len(LAYERS)} layers: " + " -> ".join("/".join(sorted(layer)) for layer in LAYERS),
        f"{len({(u.user, u.used) for u in uses})} pairs of parts, {len(uses)} uses in all",
        f"{len(wrong)} uses against the layers"
        f" ({len([u for u in wrong if (u.source, u.used) in ALLOWED])} of them allowed),"
        f" between {len({(u.user, u.used) for u in wrong})} pairs of parts:",
        *(f"  {use}" for use in wrong),
        f"{len(circles(uses))} circles: {circles(uses)}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1]) if len(sys.argv) > 1 else SRC))
