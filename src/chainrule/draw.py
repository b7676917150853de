"""Graphviz drawings of computation graphs, networks and pipelines, returned as SVG text.

Every function lays its graph out with the Graphviz `dot` program and returns an `<svg>` element
ready to inline in a page: `role="img"`, an `aria-label` and a `<title>` from `alt=`, lines and
text in `currentColor` (so the figure follows the page's light or dark scheme), a transparent
background, and the same bytes for the same graph on every run (node names come from a fixed
traversal order, never from `id()`).

Labels of network diagrams and pipelines accept a small markup: `_{...}` or `_c` for a subscript
and `^{...}` or `^c` for a superscript, e.g. `"w_{1→2}^{[1]}"`; everything else is shown as typed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

import graphviz  # type: ignore[import-untyped]

from chainrule._svg import PALETTE, finish_svg
from chainrule.graph import operands_of, postorder

__all__ = ["PALETTE", "draw_dot", "draw_network", "draw_nodes", "draw_pipeline", "node_rows"]

INK = "#010203"
"""Colour graphviz draws lines and text in; it becomes `currentColor` in the SVG."""

FONT = "Helvetica,Arial,sans-serif"
SHADE = "#8080804d"
"""Fill of shaded nodes: 30% grey, visible on a white and on a near-black page."""

Highlight = (
    Mapping[str | tuple[str, str], str] | Sequence[tuple[Sequence[str], str | Sequence[str]]]
)

_RANKDIRS = ("LR", "TB", "RL", "BT")
_RECORD_SPECIALS = re.compile(r'([\\{}|<>"])')
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(.))")
_DOT_ATTRIBUTES = ("data", "grad", "_op")
_NODE_ATTRIBUTES = ("value", "gradient", "operands", "label")


# --------------------------------------------------------------------------- shared plumbing


def _render(graph: graphviz.Digraph, alt: str) -> str:
    """Lay `graph` out with `dot` and return the finished SVG element.

    In a page's Run button (Pyodide, where `sys.platform` is "emscripten") there is no `dot`
    program: the page's Graphviz compiled to WebAssembly (viz.js) lays the graph out instead.
    """
    if sys.platform == "emscripten":
        from js import graphvizSvg  # defined by the site's docs/javascripts/run.js

        return finish_svg(graphvizSvg(graph.source), alt=alt, ink=INK)
    if shutil.which("dot") is None:
        raise RuntimeError(
            "chainrule.draw needs the Graphviz `dot` program, which is not on PATH "
            "(`pip install graphviz` installs only the Python binding, not the program). "
            "Install Graphviz: `sudo apt-get install graphviz` (Debian/Ubuntu), "
            "`brew install graphviz` (macOS), `conda install -c conda-forge graphviz` (conda), "
            "`winget install Graphviz.Graphviz` (Windows; then restart the kernel or terminal), "
            "or in a notebook `!apt-get install -y graphviz` (Colab); see "
            "https://graphviz.org/download/. Then check that `dot -V` works."
        )
    return finish_svg(graph.pipe(format="svg", encoding="utf-8"), alt=alt, ink=INK)


def _digraph(rankdir: str, **graph_attr: str) -> graphviz.Digraph:
    """An empty graph with the house style: ink-coloured, transparent, sans-serif."""
    if rankdir not in _RANKDIRS:
        raise ValueError(f"rankdir must be one of {_RANKDIRS}, got {rankdir!r}")
    return graphviz.Digraph(
        graph_attr={"rankdir": rankdir, "bgcolor": "transparent", **graph_attr},
        node_attr={"fontname": FONT, "fontsize": "12", "color": INK, "fontcolor": INK},
        edge_attr={
            "fontname": FONT,
            "fontsize": "11",
            "color": INK,
            "fontcolor": INK,
            "arrowsize": "0.7",
        },
    )


def _markup(text: str) -> str:
    """Graphviz HTML-like label for `text`, with `_{..}`/`^{..}` as sub- and superscripts.

    >>> _markup("w_{1→2}^{[1]} < 1")
    'w<SUB><FONT POINT-SIZE="10">1→2</FONT></SUB><SUP><FONT POINT-SIZE="10">[1]</FONT></SUP> &lt; 1'
    """

    def script(match: re.Match[str]) -> str:
        tag = "SUB" if match.group(1) == "_" else "SUP"
        inner = match.group(2) if match.group(2) is not None else match.group(3)
        return f'<{tag}><FONT POINT-SIZE="10">{inner}</FONT></{tag}>'

    return _SCRIPT.sub(script, escape(str(text)))


def _html(*lines: str) -> str:
    """Join already-escaped HTML-like lines into one graphviz label."""
    return "<" + "<BR/>".join(lines) + ">"


def _number(x: Any, precision: int) -> str:
    """`x` with `precision` decimals, or "None" when it has not been computed yet."""
    return "None" if x is None else f"{float(x):.{precision}f}"


def _check_precision(precision: int) -> None:
    if not isinstance(precision, int) or isinstance(precision, bool) or precision < 0:
        raise ValueError(f"precision must be a non-negative integer, got {precision!r}")


def _check_attributes(obj: Any, names: Sequence[str], what: str) -> None:
    missing = [name for name in names if not hasattr(obj, name)]
    if missing:
        raise TypeError(
            f"{what} needs an object with {', '.join(names)}; "
            f"{type(obj).__name__} has no {', '.join(missing)}"
        )


# --------------------------------------------------------------------------- descriptions

_MAX_LISTED = 12
"""Beyond this many nodes a graph's description summarises instead of listing every node."""

_INFIX = {"+": "+", "-": "−", "*": "×", "/": "÷", "**": "to the power"}
"""Binary operations read as `a op b`, with the symbol a screen reader pronounces."""


class _Description:
    """How one drawn node reads aloud: its name, how it is computed, and its numbers."""

    name: str
    numbers: str
    formula: str

    def sentence(self) -> str:
        """ "c = a + b: data 8.0000, grad 0.0000"; no name if unlabelled, no formula for inputs."""
        parts = [self.name]
        if self.formula and _spoken(self.formula) != _spoken(self.name):
            parts.append(self.formula)  # a label that spells out its formula is said once
        return f"{' = '.join(filter(None, parts)) or 'an unlabelled input'}: {self.numbers}"


class _ValueDescription(_Description):
    def __init__(self, node: Any, operands: Sequence[Any], precision: int) -> None:
        self.name = _value_label(node)
        self.numbers = f"data {_number(node.data, precision)}, grad {_number(node.grad, precision)}"
        self.formula = _formula(str(node._op), [_value_name(o, precision) for o in operands])


class _NodeDescription(_Description):
    def __init__(self, node: Any, operands: Sequence[Any], precision: int) -> None:
        self.name = str(node.label)
        self.numbers = (
            f"value {_number(node.value, precision)}, gradient {_number(node.gradient, precision)}"
        )
        names = [str(operand.label) for operand in operands]
        self.formula = f"{type(node).__name__} of {_and(names)}" if operands else ""


def _spoken(text: str) -> str:
    """`text` without spaces, operation symbols as typed: to compare a label with a formula."""
    for typed, spoken in _INFIX.items():
        text = text.replace(spoken, typed)
    return text.replace(" ", "")


def _value_name(node: Any, precision: int) -> str:
    """How an operand is named: its label, or its data when it has none."""
    return _value_label(node) or f"the value {_number(node.data, precision)}"


def _formula(op: str, operands: Sequence[str]) -> str:
    """How a value is computed from its operands, as read aloud: "a × b", "tanh(n)".

    >>> _formula("*", ["a", "b"]), _formula("tanh", ["n"]), _formula("**2", ["x"])
    ('a × b', 'tanh(n)', 'x**2')
    >>> _formula("*", ["a"])
    'a × a constant'
    """
    if not op:
        return ""
    if op in _INFIX and len(operands) == 2:
        return f"{operands[0]} {_INFIX[op]} {operands[1]}"
    if op in _INFIX and len(operands) == 1:
        return f"{operands[0]} {_INFIX[op]} a constant"
    if op.startswith("**") and len(operands) == 1:
        return f"{operands[0]}{op}"
    return f"{op}({', '.join(operands)})"


def _and(names: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _count(n: int, noun: str) -> str:
    """ "1 input", "3 inputs"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _graph_alt(title: str, nodes: Sequence[_Description]) -> str:
    """Text alternative of a graph: every node, inputs first, or a summary for a big graph.

    `nodes` are in drawing order, each after its operands, so the last one is the output.
    """
    inputs = [node for node in nodes if not node.formula]
    if len(nodes) <= _MAX_LISTED:
        listed = ". ".join(node.sentence() for node in nodes)
        return f"{title}, {len(nodes)} nodes, inputs first. {listed}."
    names = [node.name or "an unlabelled input" for node in inputs]
    if len(names) > _MAX_LISTED:
        names = [*names[:_MAX_LISTED], f"{len(names) - _MAX_LISTED} more"]
    return (
        f"{title}, {len(nodes)} nodes: {_count(len(inputs), 'input')} ({_and(names)}) and "
        f"{_count(len(nodes) - len(inputs), 'computed node')}; the output is "
        f"{nodes[-1].sentence()}."
    )


# --------------------------------------------------------------------------- Value graphs


def _record_text(text: str) -> str:
    r"""Escape the characters that structure a graphviz record label.

    >>> print(_record_text('a|b {c} <d> "e" \\'))
    a\|b \{c\} \<d\> \"e\" \\
    """
    return _RECORD_SPECIALS.sub(r"\\\1", text)


def _value_label(node: Any) -> str:
    """A value's label, "" when it has none (micrograd's own `Value` has no label)."""
    return str(getattr(node, "label", ""))


class _ValueOrder:
    """Operands of Value-like nodes in a fixed order (`_operands`, or micrograd's `_prev`).

    A tuple or list keeps its operand order. A set `_prev` (micrograd's choice) has no
    order of its own, so its members are sorted by (label, data, op, grad) and, when those tie,
    by a digest of the whole graph below them; nodes that still tie draw identically, so the
    drawing does not depend on which comes first.
    """

    def __init__(self) -> None:
        self._operands: dict[int, list[Any]] = {}
        self._digests: dict[int, str] = {}

    def __call__(self, node: Any) -> list[Any]:
        if id(node) not in self._operands:
            _check_attributes(node, _DOT_ATTRIBUTES, "draw_dot")
            operands = operands_of(node)
            if isinstance(operands, (set, frozenset)):
                operands = sorted(operands, key=self._key)
            self._operands[id(node)] = list(operands)
        return self._operands[id(node)]

    def _key(self, node: Any) -> tuple[str, float, str, float, str]:
        label, op = _value_label(node), str(node._op)
        return (label, float(node.data), op, float(node.grad), self._digest(node))

    def _digest(self, node: Any) -> str:
        for below in postorder(node, lambda n: () if id(n) in self._digests else operands_of(n)):
            if id(below) not in self._digests:
                inputs = [self._digests[id(p)] for p in operands_of(below)]
                if isinstance(operands_of(below), (set, frozenset)):
                    inputs.sort()
                content = repr((_value_label(below), repr(below.data), str(below._op), inputs))
                self._digests[id(below)] = hashlib.sha256(content.encode()).hexdigest()
        return self._digests[id(node)]


def draw_dot(root: Any, rankdir: str = "LR", precision: int = 4, alt: str | None = None) -> str:
    """Draw the computation graph below `root`: a record `label | data | grad` per value.

    Works for `chainrule.Value` and for any micrograd-style class with `data`, `grad`, `_op`,
    `_operands` (or micrograd's `_prev`) and (optionally) `label`, micrograd's own `Value`
    included. An operation gets its own small node between its inputs and its result. Inputs
    are drawn in operand order when they are a tuple or list; a set `_prev` is sorted by
    (label, data, op, grad), ties broken by a digest of the graph below, so the SVG never
    depends on hashing or memory addresses.

    Args:
        root: the value whose graph to draw (usually the loss).
        rankdir: "LR" (inputs on the left) or "TB", "RL", "BT".
        precision: decimals shown for data and grad.
        alt: text alternative; by default every value with its label, operation, data and
            grad, inputs first (a summary beyond 12 values).

    Returns:
        SVG text.

    >>> from types import SimpleNamespace as V
    >>> a = V(data=5.0, grad=0.0, label="a", _op="", _prev=())
    >>> svg = draw_dot(V(data=10.0, grad=0.0, label="c", _op="+", _prev=(a, a)))
    >>> "data 10.0000" in svg and svg.startswith("<svg")
    True
    """
    _check_precision(precision)
    operands = _ValueOrder()
    nodes = postorder(root, operands)
    name = {id(node): f"v{i}" for i, node in enumerate(nodes)}
    graph = _digraph(rankdir, ranksep="0.2", nodesep="0.2")
    graph.attr("node", fontsize="11", margin="0.05,0.04")
    for node in nodes:
        fields = [f"data {_number(node.data, precision)}", f"grad {_number(node.grad, precision)}"]
        if _value_label(node):
            fields.insert(0, _record_text(_value_label(node)))
        record = " | ".join(fields)
        graph.node(
            name[id(node)],
            "{ " + record + " }" if rankdir in ("LR", "RL") else record,
            shape="record",
        )
        if node._op:
            graph.node(
                name[id(node)] + "op",
                _html(escape(str(node._op))),
                shape="ellipse",
                margin="0.04,0.02",
                width="0.4",
                height="0.3",
            )
            graph.edge(name[id(node)] + "op", name[id(node)])
    for node in nodes:
        target = name[id(node)] + ("op" if node._op else "")
        for operand in operands(node):
            graph.edge(name[id(operand)], target)
    if alt is None:
        alt = _graph_alt(
            f"Computation graph of {_value_label(root) or 'the output'}",
            [_ValueDescription(node, operands(node), precision) for node in nodes],
        )
    return _render(graph, alt)


# --------------------------------------------------------------------------- Node graphs


def _node_operands(node: Any) -> list[Any]:
    _check_attributes(node, _NODE_ATTRIBUTES, "draw_nodes")
    operands = node.operands
    if isinstance(operands, (set, frozenset)):
        operands = sorted(operands, key=lambda p: str(p.label))
    return list(operands)


def node_rows(root: Any) -> list[list[Any]]:
    """Split the graph below a `chainrule.nodes` node into rows, inputs first.

    An operation sits one row below its lowest operand (the longest path from an input); an input
    sits in the row just above the first operation that uses it, so a logistic
    regression graph gets its five rows: (w1, x1, w2, x2), (w1x1, w2x2, b), (z), (y, yhat), (L).

    >>> from types import SimpleNamespace as N
    >>> x = N(value=2.0, gradient=0.0, operands=[], label="x")
    >>> y = N(value=4.0, gradient=0.0, operands=[x, x], label="y")
    >>> [[node.label for node in row] for row in node_rows(y)]
    [['x'], ['y']]
    """
    nodes = postorder(root, _node_operands)
    row: dict[int, int] = {}
    for node in nodes:
        operands = _node_operands(node)
        row[id(node)] = 1 + max(row[id(p)] for p in operands) if operands else 0
    first_use: dict[int, int] = {}
    for node in nodes:
        for operand in _node_operands(node):
            first_use[id(operand)] = min(first_use.get(id(operand), row[id(node)]), row[id(node)])
    for node in nodes:
        if not _node_operands(node) and id(node) in first_use:
            row[id(node)] = first_use[id(node)] - 1
    rows: list[list[Any]] = [[] for _ in range(max(row.values()) + 1)]
    for node in nodes:
        rows[row[id(node)]].append(node)
    return rows


def _node_label(node: Any, precision: int) -> str:
    """Label, class (operations only), value and gradient of a node, one per line."""
    head = f"<B>{escape(str(node.label))}</B>" if node.label is not None else ""
    if _node_operands(node):
        head = f"{head}: {type(node).__name__}" if head else type(node).__name__
    return _html(
        head,
        f"value {_number(node.value, precision)}",
        f"gradient {_number(node.gradient, precision)}",
    )


def draw_nodes(root: Any, alt: str | None = None, *, precision: int = 4) -> str:
    """Draw a `chainrule.nodes` graph top to bottom in rows, operations shaded.

    Each node shows its label, its class for operations (`z: Add`), its value and its gradient.
    Rows follow `node_rows`; within a row nodes keep the depth-first order of `sort_nodes`.

    Args:
        root: the final node (e.g. the loss); anything with value, gradient, operands and label.
        alt: text alternative; by default every node with its label, operation and operands,
            value and gradient, inputs first (a summary beyond 12 nodes).
        precision: decimals shown for value and gradient.

    Returns:
        SVG text.

    >>> from types import SimpleNamespace as N
    >>> x = N(value=2.0, gradient=4.0, operands=[], label="x")
    >>> "gradient 4.0000" in draw_nodes(N(value=4.0, gradient=1.0, operands=[x, x], label="y"))
    True
    """
    _check_precision(precision)
    rows = node_rows(root)
    ordered = [node for row in rows for node in row]
    name = {id(node): f"n{i}" for i, node in enumerate(postorder(root, _node_operands))}
    graph = _digraph("TB", nodesep="0.3", ranksep="0.35")
    graph.attr("node", shape="box", style="rounded", margin="0.12,0.05")
    for row in rows:
        with graph.subgraph() as same_row:
            same_row.attr(rank="same")
            for node in row:
                shading = {"style": "rounded,filled", "fillcolor": SHADE}
                same_row.node(
                    name[id(node)],
                    _node_label(node, precision),
                    **(shading if _node_operands(node) else {}),
                )
    for node in ordered:
        for operand in _node_operands(node):
            graph.edge(name[id(operand)], name[id(node)])
    if alt is None:
        alt = _graph_alt(
            f"Node graph of {root.label}, drawn top to bottom in {len(rows)} rows",
            [
                _NodeDescription(node, _node_operands(node), precision)
                for node in postorder(root, _node_operands)
            ],
        )
    return _render(graph, alt)


# --------------------------------------------------------------------------- network diagrams


_PARTIALS = {
    ("input", "z"): "∂z/∂x = w",
    ("a", "z"): "∂z/∂a = w",
    ("weight", "z"): "∂z/∂w = a",
    ("bias", "z"): "∂z/∂b = 1",
    ("z", "a"): "∂a/∂z = a(1−a)",
    ("a", "loss"): "∂L/∂a = −y/a + (1−y)/(1−a)",
}
"""Local partial derivative on each kind of edge (sigmoid units, log loss)."""


def _layer_sizes(layers: Sequence[int]) -> list[int]:
    """The layer sizes as a list, or a ValueError unless there are two or more, all positive."""
    sizes = list(layers)
    if len(sizes) < 2 or not all(isinstance(n, int) and n > 0 for n in sizes):
        raise ValueError(
            f"layers must list at least two positive layer sizes (inputs first), got {layers!r}"
        )
    return sizes


def _chosen(parameters: bool | Iterable[str]) -> bool | set[str]:
    """`parameters` as `draw_network` takes it: True, False, or a set of names (one name alone)."""
    if isinstance(parameters, str):
        return {parameters}
    return parameters if isinstance(parameters, bool) else set(parameters)


# The name and the label of each node (`draw_network` lists the names). A weight's index is kj:
# to unit k of layer l from unit j of layer l-1, like W[k-1, j-1]; "k,j" when a layer has 10
# units or more.


def _input_node(j: int, n_inputs: int) -> tuple[str, str]:
    return ("x", "x") if n_inputs == 1 else (f"x{j}", f"x_{j}")


def _unit_node(k: int, layer: int) -> tuple[str, str]:
    return f"a{k}[{layer}]", f"a_{k}^{{[{layer}]}}"


def _sum_node(k: int, layer: int) -> tuple[str, str]:
    return f"z{k}[{layer}]", f"z_{k}^{{[{layer}]}}"


def _weight_node(k: int, j: int, layer: int, wide: bool) -> tuple[str, str]:
    index = f"{k},{j}" if wide else f"{k}{j}"
    return f"w{index}[{layer}]", f"w_{{{index}}}^{{[{layer}]}}"


def _bias_node(k: int, layer: int) -> tuple[str, str]:
    return f"b{k}[{layer}]", f"b_{k}^{{[{layer}]}}"


class _Layout:
    """Names, labels and edges of a layered network diagram (see `draw_network` for the names).

    Built column by column: the inputs, then each layer's units (after a column of their weighted
    sums when `split`) with the edges into them, then the loss; the parameter names asked for are
    checked last, against those the diagram can show.
    """

    def __init__(
        self, layers: Sequence[int], split: bool, parameters: bool | Iterable[str], loss: bool
    ) -> None:
        self._sizes = _layer_sizes(layers)
        self.labels: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.columns: list[list[str]] = []
        self.edges: dict[tuple[str, str], tuple[str, str]] = {}
        self._split = split
        self._parameters = _chosen(parameters)
        self._available: list[str] = []  # every parameter this diagram could show, in order
        previous = self._add_inputs()
        for layer in range(1, len(self._sizes)):
            previous = self._add_layer(layer, previous)
        if loss:
            self._add_loss(previous)
        self._check_parameters()

    def _add_inputs(self) -> list[str]:
        """The first column, the inputs; returns their names."""
        n = self._sizes[0]
        column = [self._add(*_input_node(j, n), "input") for j in range(1, n + 1)]
        self.columns.append(column)
        return column

    def _add_layer(self, layer: int, previous: list[str]) -> list[str]:
        """The units of `layer`, fed by the units `previous`; returns the units' names."""
        sums, units = [], []
        for k in range(1, self._sizes[layer] + 1):
            unit = self._add(*_unit_node(k, layer), "a")
            target = unit
            if self._split:
                target = self._add(*_sum_node(k, layer), "z")
                sums.append(target)
                self._connect(target, unit)
            self._connect_weights(layer, k, previous, target)
            self._connect_bias(layer, k, target)
            units.append(unit)
        if sums:
            self.columns.append(sums)
        self.columns.append(units)
        return units

    def _connect_weights(self, layer: int, k: int, previous: list[str], target: str) -> None:
        """An edge from each of `previous` into `target` (unit k's), with its weight's label;
        and, when split, a node for each weight asked for."""
        wide = max(self._sizes) >= 10
        for j, source in enumerate(previous, start=1):
            name, label = _weight_node(k, j, layer, wide)
            self._connect(source, target, label)
            if self._split and self._wanted(name):
                self._connect(self._add(name, label, "weight"), target)

    def _connect_bias(self, layer: int, k: int, target: str) -> None:
        """The bias of unit k of `layer` into `target`, if it is asked for."""
        name, label = _bias_node(k, layer)
        if self._wanted(name):
            self._connect(self._add(name, label, "bias"), target)

    def _add_loss(self, outputs: list[str]) -> None:
        self.columns.append([self._add("L", "L(y, ŷ)", "loss")])
        for unit in outputs:
            self._connect(unit, "L")

    def _check_parameters(self) -> None:
        """A ValueError for any parameter asked for by name that this diagram does not have."""
        if isinstance(self._parameters, bool):
            return
        unknown = sorted(self._parameters - set(self.labels))
        if unknown:
            raise ValueError(
                f"unknown parameters {unknown}; this diagram can show {self._available}"
            )

    def _wanted(self, name: str) -> bool:
        self._available.append(name)
        if isinstance(self._parameters, bool):
            return self._parameters
        return name in self._parameters

    def _add(self, name: str, label: str, kind: str) -> str:
        self.labels[name] = label
        self.kinds[name] = kind
        return name

    def _connect(self, source: str, target: str, weight: str = "") -> None:
        partial = _PARTIALS.get((self.kinds[source], self.kinds[target]), "")
        self.edges[(source, target)] = (weight, partial)

    def check_node(self, name: str, what: str) -> None:
        if name not in self.labels:
            raise ValueError(
                f"{what}: no node {name!r} in this diagram; nodes: {list(self.labels)}"
            )

    def check_edge(self, edge: tuple[str, str], what: str) -> None:
        if edge not in self.edges:
            source = edge[0]
            targets = [t for s, t in self.edges if s == source]
            raise ValueError(
                f"{what}: no edge {edge[0]!r} -> {edge[1]!r} in this diagram; "
                f"edges from {source!r} go to {targets}"
            )


def _colour(colour: str) -> str:
    """A named highlight colour from `PALETTE`, or any colour graphviz understands."""
    if not isinstance(colour, str) or not colour:
        raise ValueError(f"a highlight colour must be a non-empty string, got {colour!r}")
    return PALETTE.get(colour.lower(), colour)


def _highlights(
    highlight: Highlight | None, layout: _Layout
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Colours of highlighted nodes and edges, from either form `draw_network` accepts."""
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str], str] = {}
    if highlight is None:
        return nodes, edges
    if isinstance(highlight, Mapping):
        for key, colour in highlight.items():
            if isinstance(key, tuple):
                layout.check_edge(key, "highlight")
                edges[key] = _colour(colour)
            else:
                layout.check_node(key, "highlight")
                nodes[key] = _colour(colour)
        return nodes, edges
    for path, colours in highlight:
        path = list(path)
        if isinstance(colours, str):
            colours = [colours] * len(path)
        if len(colours) != len(path):
            raise ValueError(
                f"highlight path {path} has {len(path)} nodes but {len(colours)} colours"
            )
        for i, name in enumerate(path):
            layout.check_node(name, "highlight")
            colour = _colour(colours[i])
            nodes.setdefault(name, colour)
            if i + 1 < len(path):
                edge = (name, path[i + 1])
                layout.check_edge(edge, "highlight")
                if colour not in edges.get(edge, "").split(":"):
                    edges[edge] = f"{edges[edge]}:{colour}" if edge in edges else colour
    return nodes, edges


def _edge_labels(
    edge_labels: str | Mapping[tuple[str, str], str] | None, layout: _Layout, split: bool
) -> dict[tuple[str, str], str]:
    """The text on each edge: none, the weights, the local partials, or given per edge."""
    if edge_labels is None:
        return {}
    if edge_labels == "weights":
        return {edge: weight for edge, (weight, _) in layout.edges.items() if weight}
    if edge_labels == "partials":
        if not split:
            raise ValueError("edge_labels='partials' needs split=True (separate z and a nodes)")
        return {edge: partial for edge, (_, partial) in layout.edges.items() if partial}
    if isinstance(edge_labels, Mapping):
        for edge in edge_labels:
            layout.check_edge(edge, "edge_labels")
        return dict(edge_labels)
    raise ValueError(
        f"edge_labels must be None, 'weights', 'partials' or a dict of edges, got {edge_labels!r}"
    )


def draw_network(
    layers: Sequence[int],
    edge_labels: str | Mapping[tuple[str, str], str] | None = None,
    node_labels: Mapping[str, str] | None = None,
    highlight: Highlight | None = None,
    loss: bool = True,
    alt: str | None = None,
    *,
    split: bool = False,
    parameters: bool | Iterable[str] = False,
    rankdir: str = "LR",
) -> str:
    """Draw a layered network: units in columns, optional loss node, labels and coloured paths.

    Node names (used by `edge_labels`, `node_labels`, `highlight` and `parameters`):
    inputs `x` (one input) or `x1`, `x2`, ...; unit k of layer l is `a{k}[{l}]`, plus `z{k}[{l}]`
    when `split=True`; biases `b{k}[{l}]`; weights (nodes only when `split=True`) `w{k}{j}[{l}]`,
    the weight to unit k of layer l from unit j of layer l-1 (`w{k},{j}[{l}]` when a layer has
    10 units or more); the loss `L`. An unknown name raises a ValueError listing the names.

    Args:
        layers: layer sizes, inputs first: `[2, 2, 3, 1]`.
        edge_labels: "weights" (w_{kj}^{[l]} on unit-to-unit edges), "partials" (the local
            partial derivative on every edge, needs `split=True`), or {(source, target): text}.
        node_labels: {name: text} replacing the default labels (a_1^{[2]}, L(y, ŷ), ...).
        highlight: {name or (source, target): colour}, or a list of (path, colour) where
            `path` lists node names along edges and `colour` is one colour or one per node
            (an edge takes the colour of the node it leaves). Where paths meet, a node keeps
            the first path's colour and an edge is drawn once per colour, side by side.
            Colour names from `PALETTE`
            (blue, violet, green, red, magenta, gray, orange) suit both page schemes.
        loss: add the loss node `L` after the outputs.
        alt: text alternative; by default it states the layer sizes and what is drawn.
        split: draw each unit as a node z (weighted sum) followed by a node a (activation).
        parameters: True for a node per bias (and, if `split`, per weight), or the names of the
            parameters to show, e.g. `["b1[1]"]`.
        rankdir: "LR" (inputs on the left) or "TB".

    Returns:
        SVG text.

    A plain network, one with the loss, the split units with every partial, and highlighted
    paths (one colour per node, or two paths that share nodes):

    >>> n1 = draw_network([2, 2, 3, 1], edge_labels="weights", loss=False)
    >>> n2 = draw_network([1, 2, 1], edge_labels="weights")
    >>> n4 = draw_network([1, 2, 1], edge_labels="partials", split=True, parameters=True)
    >>> n5 = draw_network([1, 2, 1], edge_labels="partials", split=True, parameters=True,
    ...     highlight=[(["b1[2]", "z1[2]", "a1[2]", "L"], ["blue", "violet", "green", "red"])])
    >>> n6 = draw_network([1, 2, 1], edge_labels="partials", split=True, parameters=True,
    ...     highlight=[(["w21[1]", "z2[1]", "a2[1]", "z1[2]", "a1[2]", "L"],
    ...                 ["magenta", "gray", "orange", "violet", "green", "red"])])
    >>> n7 = draw_network([1, 1, 2, 1], parameters=["b1[1]"])
    >>> n8 = draw_network([1, 1, 2, 1], parameters=["b1[1]"], highlight=[
    ...     (["b1[1]", "a1[1]", "a1[2]", "a1[3]", "L"], "blue"),
    ...     (["b1[1]", "a1[1]", "a2[2]", "a1[3]", "L"], "orange")])
    >>> "#9b5de5" in n5 and n1.startswith("<svg")
    True
    """
    layout = _Layout(layers, split, parameters, loss)
    labels = _edge_labels(edge_labels, layout, split)
    node_colours, edge_colours = _highlights(highlight, layout)
    names = dict(layout.labels)
    for name, text in (node_labels or {}).items():
        layout.check_node(name, "node_labels")
        names[name] = text
    graph = _digraph(rankdir, nodesep="0.3", ranksep="0.4", ordering="out")
    graph.attr("node", shape="circle", margin="0.02", width="0.45", fixedsize="false")
    column_of = {name: column for column in layout.columns for name in column}
    styles = {
        "parameter": {"shape": "plaintext", "width": "0", "height": "0", "fontsize": "11"},
        "loss": {"shape": "box", "style": "rounded", "margin": "0.1,0.05"},
    }
    for column in layout.columns:
        with graph.subgraph() as same_column:
            same_column.attr(rank="same")
            for name in column:
                same_column.node(
                    name,
                    _html(_markup(names[name])),
                    **_node_style(layout.kinds[name], node_colours.get(name), styles),
                )
    for name in layout.labels:
        if name not in column_of:
            graph.node(
                name,
                _html(_markup(names[name])),
                **_node_style("parameter", node_colours.get(name), styles),
            )
    for edge in layout.edges:
        attributes = {}
        if edge in labels:
            attributes["label"] = _html(_markup(labels[edge]))
        if edge in edge_colours:
            colour = edge_colours[edge]
            attributes.update(color=colour, fontcolor=colour.split(":")[0], penwidth="2")
        graph.edge(*edge, **attributes)
    if alt is None:
        alt = _network_alt(layers, layout, names, labels, node_colours, split)
    return _render(graph, alt)


def _node_style(kind: str, colour: str | None, styles: dict[str, dict[str, str]]) -> dict[str, str]:
    """Graphviz attributes of a network node of `kind`, highlighted in `colour` if given."""
    style = dict(styles.get("parameter" if kind in ("weight", "bias") else kind, {}))
    if colour is None:
        return style
    style.update(color=colour, fontcolor=colour, penwidth="2")
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) and style.get("shape") != "plaintext":
        style.update(
            style=",".join(filter(None, [style.get("style"), "filled"])), fillcolor=colour + "26"
        )
    return style


def _network_alt(
    layers: Sequence[int],
    layout: _Layout,
    names: Mapping[str, str],
    labels: Mapping[tuple[str, str], str],
    node_colours: Mapping[str, str],
    split: bool,
) -> str:
    """Default text alternative of a network diagram: what feeds each node, and the highlights.

    A diagram of more than 12 nodes is summarised by its layer sizes.
    """
    parts = [f"Neural network with layer sizes {'-'.join(str(n) for n in layers)}"]
    if split:
        parts.append("each unit split into its weighted sum z and activation a")
    if "L" in layout.labels:
        parts.append(f"followed by the loss {_plain(names['L'])}")
    if len(layout.labels) <= _MAX_LISTED:
        for target in layout.labels:
            sources = [
                _plain(names[edge[0]])
                + (f" (edge {_plain(labels[edge])})" if edge in labels else "")
                for edge in layout.edges
                if edge[1] == target
            ]
            if sources:
                parts.append(
                    f"{_and(sources)} {'feeds' if len(sources) == 1 else 'feed'} "
                    f"{_plain(names[target])}"
                )
    elif labels:
        parts.append(f"{len(labels)} edges labelled")
    if node_colours:
        parts.append(
            "highlighted: "
            + ", ".join(
                f"{_plain(names[name])} in {_colour_name(colour)}"
                for name, colour in node_colours.items()
            )
        )
    return "; ".join(parts) + "."


def _plain(text: str) -> str:
    """Label markup without its braces, for a text alternative: "w_{1→2}^{[1]}" -> "w_1→2^[1]"."""
    return text.replace("{", "").replace("}", "")


def _colour_name(colour: str) -> str:
    """The `PALETTE` name of a colour, or the colour as given."""
    return next((name for name, value in PALETTE.items() if value == colour), colour)


# --------------------------------------------------------------------------- pipelines


def draw_pipeline(
    labels: Sequence[str],
    alt: str | None = None,
    *,
    sublabels: Sequence[str | None] | None = None,
    links: Sequence[str | None] | None = None,
    rankdir: str = "LR",
    per_row: int | None = None,
) -> str:
    """Draw a chain of boxes joined by arrows, e.g. x -> layer 1 -> layer 2 -> L.

    Args:
        labels: the text of each box, in order (markup as in network labels: `x_1`, `a^{[1]}`).
        alt: text alternative; by default it reads the chain out.
        sublabels: an optional smaller second line per box (None for none).
        links: an optional URL per box (None for none), e.g. chapter pages for a map.
        rankdir: "LR" (left to right) or "TB" (top to bottom).
        per_row: wrap a long chain into rows of this many boxes, read left to right and top
            to bottom (e.g. a map of eleven chapters); `rankdir` is then ignored.

    Returns:
        SVG text.

    >>> svg = draw_pipeline(["x", "layer 1", "layer 2", "L"])
    >>> svg.count('class="node"'), svg.count('class="edge"')
    (4, 3)
    """
    labels = list(labels)
    if not labels or not all(isinstance(label, str) and label for label in labels):
        raise ValueError(f"labels must be a non-empty list of non-empty strings, got {labels!r}")
    extras = {}
    for what, values in (("sublabels", sublabels), ("links", links)):
        values = [None] * len(labels) if values is None else list(values)
        if len(values) != len(labels):
            raise ValueError(f"{what} has {len(values)} entries for {len(labels)} labels")
        extras[what] = values
    if per_row is not None and (not isinstance(per_row, int) or per_row < 1):
        raise ValueError(f"per_row must be a positive integer, got {per_row!r}")
    rows = (
        [range(len(labels))]
        if per_row is None
        else [
            range(start, min(start + per_row, len(labels)))
            for start in range(0, len(labels), per_row)
        ]
    )
    graph = _digraph("TB" if per_row else rankdir, nodesep="0.25", ranksep="0.3")
    graph.attr("node", shape="box", style="rounded", margin="0.12,0.06")
    for row in rows:
        with graph.subgraph() as same_row:
            if per_row:
                same_row.attr(rank="same")
            for i in row:
                lines = [_markup(labels[i])]
                sublabel, link = extras["sublabels"][i], extras["links"][i]
                if sublabel:
                    lines.append(f'<FONT POINT-SIZE="10">{_markup(sublabel)}</FONT>')
                attributes: dict[str, str] = {}
                if link:
                    attributes.update(href=link, target="_top", tooltip=labels[i])
                same_row.node(f"s{i}", _html(*lines), **attributes)
    for i in range(1, len(labels)):
        wraps = per_row is not None and i % per_row == 0
        graph.edge(f"s{i - 1}", f"s{i}", **({"constraint": "false"} if wraps else {}))
    for above, below in zip(rows, rows[1:], strict=False):  # start each row under the last
        graph.edge(f"s{above[0]}", f"s{below[0]}", style="invis", weight="10")
    if alt is None:
        alt = "Chain of steps: " + " → ".join(labels)
    return _render(graph, alt)
