"""Which blocks of a page can run in the reader's browser (Pyodide with chainrule, no NumPy).

The browser has the standard library, the pure-Python `graphviz` binding and every chainrule
module that imports nothing more (found by reading the package's imports). A shown block can run
there when everything it imports is available and every name it uses from earlier blocks was
last set by a block that can run too; hidden blocks (checks that assert a claim) never run
there, so names only they set are missing as well.

>>> blocks = exec_blocks('''```python exec="on" source="above" id="np"
... import numpy as np
... ```
... ```python exec="on" source="above" id="graph"
... from chainrule import Value
... from chainrule.draw import draw_dot
... ```
... ```python exec="on" source="above" id="both"
... print(np.zeros(2), Value(1.0))
... ```
... ''')
>>> [(plan.block.id, plan.runs, plan.needs, plan.draws) for plan in plan_page(blocks)]
[('np', False, ('NumPy',), False), ('graph', True, (), True), ('both', False, ('NumPy',), False)]
>>> hidden = exec_blocks('```python exec="on" id="h"\\nk = 2\\n```\\n'
...                      '```python exec="on" source="above" id="k"\\nprint(k)\\n```\\n')
>>> [(plan.block.id, plan.runs, plan.needs) for plan in plan_page(hidden)]
[('h', False, ()), ('k', False, ('a name set only by a hidden check',))]
"""

from __future__ import annotations

import ast
import builtins
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path; the shared grammar is hooks.fences
    sys.path.insert(0, str(ROOT))

from hooks.fences import HIDE, Block, exec_blocks  # noqa: E402

PACKAGE = ROOT / "src" / "chainrule"
IN_BROWSER = {"graphviz"}  # third-party modules the site ships besides chainrule
SHOWN_AS = {"numpy": "NumPy", "matplotlib": "matplotlib", "cycler": "matplotlib",
            "torch": "PyTorch"}
HIDDEN_CHECK = "a name set only by a hidden check"  # what a block using such a name needs
DRAWING = "chainrule.draw"  # a block importing it needs Graphviz (viz.js) in the page
BUILTINS = frozenset(dir(builtins))

__all__ = ["Plan", "exec_blocks", "plan_page"]


@dataclass(frozen=True)
class Plan:
    """What the browser does with one block: run it (with `tail` appended) or show `needs`."""

    block: Block
    runs: bool
    needs: tuple[str, ...] = ()
    draws: bool = False

    @property
    def hidden(self) -> bool:
        return "source" not in self.block.options

    @property
    def tail(self) -> str:
        """The hidden lines after the shown code (the `print(svg)` of a figure), to run after it."""
        lines = self.block.code.splitlines(keepends=True)
        shown = [i for i, line in enumerate(lines) if HIDE not in line]
        return "".join(lines[shown[-1] + 1:] if shown else lines)


def _imports(tree: ast.AST, *, into_functions: bool = True) -> set[str]:
    """Full module names imported anywhere in `tree` (or outside functions only)."""
    found: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        if into_functions or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            pending.extend(ast.iter_child_nodes(node))
    return found


@cache
def _package_needs(module: str) -> frozenset[str]:
    """The packages the browser lacks that importing `module` needs (empty: it imports there)."""
    top = module.partition(".")[0]
    if top in sys.stdlib_module_names or top in IN_BROWSER:
        return frozenset()
    if top != "chainrule":
        return frozenset({SHOWN_AS.get(top, top)})
    path = PACKAGE.joinpath(*module.split(".")[1:])
    source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if not source.is_file():
        return frozenset()  # a name imported from a module (`from chainrule import Value`)
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return frozenset().union(*(_package_needs(name) for name in
                               _imports(tree, into_functions=False) if name != module))


def _needs(modules: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(_package_needs(name) for name in modules))


def _names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(names the code sets at any level, names it reads that are not builtins)."""
    bound: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).partition(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, used - BUILTINS


def plan_page(blocks: list[Block]) -> list[Plan]:
    """Decide, in page order, which of a page's executed blocks the browser runs."""
    missing: dict[str, frozenset[str]] = {}  # name -> packages it took to set it
    plans = []
    for block in blocks:
        tree = ast.parse(block.code)
        bound, used = _names(tree)
        modules = _imports(tree)
        needs = _needs(modules).union(*(missing[name] for name in used - bound if name in missing))
        runs = not needs and "source" in block.options
        for name in bound:
            if runs:
                missing.pop(name, None)
            else:
                missing[name] = needs or frozenset({HIDDEN_CHECK})
        plans.append(Plan(block, runs, tuple(sorted(needs)),
                          runs and any(m.startswith(DRAWING) for m in modules)))
    return plans
