"""MkDocs hook: a Reference page per public module of src/chainrule, generated at build time.

Each page is one mkdocstrings directive (``::: chainrule.value``), so the Reference section
always matches the modules that exist: a new module gets a page on the next build and a
removed one loses it, with nothing to keep in step by hand. Modules whose name starts with
``_`` are private and get no page. The section's index lists the modules with the first line
of each module docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PACKAGE = "chainrule"
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "src" / PACKAGE
# The order the notes introduce the modules in; any other module follows, alphabetically.
COURSE_ORDER = ("value", "nn", "numeric", "datasets", "nodes", "network", "draw", "plots")


def public_modules(package_dir: Path) -> list[str]:
    """Names of the package's public modules, in the order the notes meet them."""
    names = [p.stem for p in package_dir.glob("*.py") if not p.stem.startswith("_")]
    rank = {name: i for i, name in enumerate(COURSE_ORDER)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


def summary(module_path: Path) -> str:
    """The first line of a module's docstring, or an empty string if it has none."""
    docstring = ast.get_docstring(ast.parse(module_path.read_text(encoding="utf-8")))
    return docstring.strip().splitlines()[0] if docstring else ""


def module_page(name: str) -> str:
    return f"# `{PACKAGE}.{name}`\n\n::: {PACKAGE}.{name}\n"


def index_page(package_dir: Path, names: list[str]) -> str:
    lines = [
        "# Reference",
        "",
        f"The `{PACKAGE}` package, generated from its docstrings. The lecture notes import",
        "everything they compute from these modules.",
        "",
        "| Module | What it holds |",
        "| --- | --- |",
    ]
    for name in names:
        text = summary(package_dir / f"{name}.py").replace("|", "\\|")
        lines.append(f"| [`{PACKAGE}.{name}`]({name}.md) | {text} |")
    return "\n".join(lines) + "\n"


class ReferencePage(File):
    """A generated page that `mkdocs serve --dirty` rebuilds only when its sources change."""

    sources: tuple[Path, ...] = ()

    def is_modified(self) -> bool:
        built = Path(self.abs_dest_path)
        if not built.is_file():
            return True
        return built.stat().st_mtime < max(source.stat().st_mtime for source in self.sources)


def reference_page(config: Any, src_uri: str, content: str, *sources: Path) -> ReferencePage:
    page = ReferencePage.generated(config, src_uri, content=content)
    assert isinstance(page, ReferencePage)  # File.generated builds an instance of cls
    page.sources = sources
    return page


def on_files(files: Files, config: MkDocsConfig) -> Files:
    names = public_modules(PACKAGE_DIR)
    modules = [PACKAGE_DIR / f"{name}.py" for name in names]
    files.append(reference_page(config, "reference/index.md", index_page(PACKAGE_DIR, names),
                                PACKAGE_DIR, *modules))
    for name, module in zip(names, modules, strict=True):
        files.append(reference_page(config, f"reference/{name}.md", module_page(name), module))
    return files
