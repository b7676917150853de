"""Matplotlib figures (curves, descent paths, losses, perturbations, decisions) as SVG text.

Every function builds a `matplotlib.figure.Figure` directly (no pyplot, so nothing leaks from one
figure to the next) under the house style and returns `to_svg(figure, alt)`: an `<svg>` element
with `role="img"`, an `aria-label` and a `<title>`, text drawn as paths (no font needed), a
transparent background, black turned into `currentColor` so axes, text and dark lines follow the
page's light or dark scheme, and the same bytes for the same data on every run.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from chainrule._svg import PALETTE, finish_svg
from chainrule.network import perturbation_slope

__all__ = [
    "plot_cost_scaling",
    "plot_decision_boundary",
    "plot_delta",
    "plot_descent",
    "plot_difference_errors",
    "plot_function_and_derivative",
    "plot_loss_curves",
    "plot_network_fit",
    "plot_perturbation",
    "plot_perturbation_grid",
    "plot_tangent",
    "to_svg",
]

INK = "#000000"
"""Black: the foreground colour, written as `currentColor` in the SVG."""

BLUE, RED = PALETTE["blue"], PALETTE["red"]

_SAVE: dict[Any, Any] = {"svg.hashsalt": "chainrule", "svg.fonttype": "path"}
_STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(
        color=[PALETTE[name] for name in ("blue", "orange", "green", "red", "violet", "gray")]
    ),
    "axes.grid": True,
    "grid.color": "#8080804d",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 1.8,
    "lines.markersize": 5,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    **_SAVE,
}


# --------------------------------------------------------------------------- plumbing


def to_svg(fig: Figure, alt: str | None = None) -> str:
    """Turn a matplotlib figure into SVG text for the page, and close it.

    The SVG has no date, fixed ids (`svg.hashsalt`), text as paths, a transparent background
    and `currentColor` wherever the figure used black. Works for figures built with pyplot too
    (they are closed, so they do not pile up).

    Args:
        fig: the figure.
        alt: the text alternative, a short description of what the figure shows; by default
            each plot's title, axis labels and axis ranges.

    Returns:
        SVG text.

    >>> fig = Figure(figsize=(2, 2))
    >>> _ = fig.subplots().plot([0, 1], [0, 1], color="black")
    >>> svg = to_svg(fig, "A rising line")
    >>> svg.startswith('<svg') and 'aria-label="A rising line"' in svg and "currentColor" in svg
    True
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"to_svg needs a matplotlib Figure, got {type(fig).__name__}")
    if alt is None:
        alt = _axes_alt(fig)
    buffer = io.StringIO()
    with matplotlib.rc_context(_SAVE):
        fig.savefig(buffer, format="svg", transparent=True, metadata={"Date": None})
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    return finish_svg(buffer.getvalue(), alt=alt, ink=INK)


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    """A new figure and its one set of axes, built and drawn under the house style."""
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig, fig.subplots()


@contextmanager
def _grid(
    width: float, height: float, rows: int, columns: int, **kw: Any
) -> Iterator[tuple[Figure, np.ndarray]]:
    """A new figure and its grid of axes (an array), built and drawn under the house style."""
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        yield fig, np.asarray(fig.subplots(rows, columns, squeeze=False, **kw))


def _curve(
    f: Callable[[float], float], start: float, stop: float, num: int
) -> tuple[np.ndarray, np.ndarray]:
    """`num` points of f on [start, stop], evaluated one float at a time (any f works)."""
    if not start < stop:
        raise ValueError(f"start must be less than stop, got start={start!r}, stop={stop!r}")
    if num < 2:
        raise ValueError(f"num must be at least 2, got {num!r}")
    xs = np.linspace(start, stop, num)
    return xs, np.array([float(f(float(x))) for x in xs])


def _series(name: str, values: ArrayLike, length: int | None = None) -> np.ndarray:
    """`values` as a 1-D float array, checked for the expected length."""
    array = np.asarray(values, dtype=float).ravel()
    if length is not None and array.size != length:
        raise ValueError(f"{name} has {array.size} values, expected {length}")
    return array


def _finish(
    fig: Figure,
    ax: Axes,
    alt: str | None,
    default: str,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: bool = True,
) -> str:
    """Label the axes, add the legend, and return the figure's SVG with `alt` or `default`."""
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if legend:
        ax.legend()
    return to_svg(fig, default if alt is None else alt)


def _span(values: ArrayLike) -> str:
    """ "from 0 to 16": the smallest and largest finite value, to four significant digits.

    >>> _span([3.0, -1.5, float("nan"), 12.25])
    'from -1.5 to 12.25'
    """
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return "with no finite values"
    return f"from {finite.min():.4g} to {finite.max():.4g}"


def _axes_alt(fig: Figure) -> str:
    """What a figure's visible axes show: title, axis labels and axis ranges."""
    parts = []
    for ax in fig.axes:
        if not ax.axison:
            continue
        title = f"{_plain(ax.get_title())}: " if ax.get_title() else ""
        xlabel, ylabel = _plain(ax.get_xlabel()) or "x", _plain(ax.get_ylabel()) or "y"
        parts.append(
            f"{title}{ylabel} {_span(ax.get_ylim())} against {xlabel} {_span(ax.get_xlim())}"
        )
    return "Plot of " + "; ".join(parts) if parts else "An empty figure"


def _plain(text: str) -> str:
    """Mathtext without its markup, for alt text: "$w_1^{[1]}$" -> "w_1^[1]"."""
    return re.sub(r"[${}\\]", "", text)


# --------------------------------------------------------------------------- chapter 1


def plot_delta(
    f: Callable[[float], float],
    x: float,
    h: float,
    start: float = -4,
    stop: float = 4,
    num: int = 30,
    alt: str | None = None,
) -> str:
    """Plot f with the step from x to x + h drawn as red Δx and Δy legs.

    Args:
        f: a function of one number.
        x: where the step starts.
        h: the step Δx.
        start: left end of the curve.
        stop: right end of the curve.
        num: number of sample points of the curve (`np.linspace(start, stop, num)`).
        alt: text alternative; by default the ranges, the legs' end points, Δx and Δy.

    Returns:
        SVG text.

    >>> "Δy = 7" in plot_delta(lambda x: x**2, x=3, h=1)
    True
    """
    xs, ys = _curve(f, start, stop, num)
    y0, y1 = float(f(x)), float(f(x + h))
    with _figure(4, 4) as (fig, ax):
        ax.plot(xs, ys, label="f(x)")
        ax.plot([x, x + h], [y0, y0], color=RED)
        ax.plot([x + h, x + h], [y0, y1], color=RED)
        ax.plot([x, x + h], [y0, y1], "o", color=RED, markersize=4)
        ax.annotate(
            f"Δx = {h:.4g}",
            (x + h / 2, y0),
            xytext=(0, -6),
            textcoords="offset points",
            ha="center",
            va="top",
            color=RED,
        )
        ax.annotate(
            f"Δy = {y1 - y0:.4g}",
            (x + h, (y0 + y1) / 2),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            color=RED,
        )
        default = (
            f"Graph of f(x) for x {_span([start, stop])}, f(x) {_span(ys)}. Red legs from "
            f"({x:.4g}, {y0:.4g}) across to ({x + h:.4g}, {y0:.4g}) and "
            f"{'up' if y1 >= y0 else 'down'} to ({x + h:.4g}, {y1:.4g}): "
            f"Δx = {h:.4g}, Δy = {y1 - y0:.4g}."
        )
        return _finish(fig, ax, alt, default, xlabel="x", ylabel="f(x)", legend=False)


def plot_function_and_derivative(
    f: Callable[[float], float],
    df: Callable[[float], float],
    start: float,
    stop: float,
    alt: str | None = None,
    *,
    num: int = 200,
    labels: tuple[str, str] = ("f(x)", "f′(x)"),
) -> str:
    """Plot a function and its derivative (exact or numerical) on one set of axes.

    Args:
        f: the function.
        df: its derivative, e.g. `lambda x: central_difference(f, x)`.
        start: left end of the interval.
        stop: right end of the interval.
        alt: text alternative; by default the interval and the range of each curve.
        num: number of sample points.
        labels: legend entries for f and df.

    Returns:
        SVG text.

    >>> svg = plot_function_and_derivative(lambda x: x**2, lambda x: 2 * x, -2, 2, num=5)
    >>> svg.count("<title>")
    1
    """
    xs, ys = _curve(f, start, stop, num)
    _, dys = _curve(df, start, stop, num)
    with _figure(5, 3.5) as (fig, ax):
        ax.axhline(0, color=INK, linewidth=0.6)
        ax.plot(xs, ys, label=labels[0])
        ax.plot(xs, dys, label=labels[1], linestyle="--")
        default = (
            f"{labels[0]} (solid) and {labels[1]} (dashed) for x {_span([start, stop])}: "
            f"{labels[0]} {_span(ys)}, {labels[1]} {_span(dys)}."
        )
        return _finish(fig, ax, alt, default, xlabel="x")


def plot_tangent(
    f: Callable[[float], float],
    x: float,
    slope: float,
    start: float,
    stop: float,
    alt: str | None = None,
    *,
    num: int = 200,
) -> str:
    """Plot f with the straight line through (x, f(x)) that has the given slope.

    Args:
        f: the function.
        x: the point of contact.
        slope: the slope of the tangent, f'(x).
        start: left end of the interval.
        stop: right end of the interval.
        alt: text alternative; by default the ranges, the point of contact and the slope.
        num: number of sample points.

    Returns:
        SVG text.

    >>> "(3, 9), slope 6." in plot_tangent(lambda x: x**2, 3, 6, 0, 5)
    True
    """
    xs, ys = _curve(f, start, stop, num)
    y = float(f(x))
    with _figure(5, 3.5) as (fig, ax):
        ax.plot(xs, ys, label="f(x)")
        ax.plot(
            xs,
            y + slope * (xs - x),
            color=RED,
            linestyle="--",
            label=f"tangent at x = {x:g}, slope {slope:.4g}",
        )
        ax.plot([x], [y], "o", color=RED)
        pad = 0.1 * (ys.max() - ys.min() or 1.0)
        ax.set_ylim(ys.min() - pad, ys.max() + pad)
        default = (
            f"Graph of f(x) for x {_span([start, stop])}, f(x) {_span(ys)}, with its tangent "
            f"line (red, dashed) at the marked point ({x:.4g}, {y:.4g}), slope {slope:.4g}."
        )
        return _finish(fig, ax, alt, default, xlabel="x", ylabel="f(x)")


def plot_difference_errors(
    hs: Sequence[float], errors: Mapping[str, Sequence[float]], alt: str | None = None
) -> str:
    """Plot the error of finite-difference derivatives against the step h, on log-log axes.

    Zero errors cannot be drawn on a log axis and are left out.

    Args:
        hs: the step sizes (positive).
        errors: {method name: absolute error at each h}, e.g. forward and central.
        alt: text alternative; by default the range of each error and the step where it is
            smallest.

    Returns:
        SVG text.

    >>> errors = {"forward": [0.1, 1e-5], "central": [5e-15, 4e-11]}
    >>> svg = plot_difference_errors([0.1, 1e-5], errors)
    >>> 'aria-label="Absolute error of forward, central differences' in svg
    True
    """
    steps = _series("hs", hs)
    if not (steps > 0).all():
        raise ValueError(f"every step size h must be positive, got {list(steps)}")
    described = []
    with _figure(5, 3.5) as (fig, ax):
        for name, values in errors.items():
            error = _series(f"errors[{name!r}]", values, steps.size)
            drawn = np.where(error > 0, error, np.nan)
            ax.loglog(steps, drawn, marker="o", label=name)
            described.append(f"{name} {_span(drawn)}{_smallest(steps, drawn)}")
        default = (
            f"Absolute error of {', '.join(errors)} differences against the step h "
            f"{_span(steps)}, log-log: " + "; ".join(described) + "."
        )
        return _finish(fig, ax, alt, default, xlabel="step size h", ylabel="absolute error")


def _smallest(steps: np.ndarray, errors: np.ndarray) -> str:
    """ ", smallest at h = 1e-05" for the step of the smallest drawn error, or ""."""
    if not np.isfinite(errors).any():
        return ""
    return f", smallest at h = {steps[np.nanargmin(errors)]:.4g}"


# --------------------------------------------------------------------------- chapter 6


def plot_descent(
    f: Callable[[float], float],
    paths: Mapping[str, Sequence[float]],
    start: float,
    stop: float,
    alt: str | None = None,
    *,
    num: int = 200,
) -> str:
    """Plot gradient-descent trajectories on a function of one variable.

    Args:
        f: the function being minimised.
        paths: {legend label (e.g. "η = 0.1"): the successive x values}.
        start: left end of the interval drawn (points outside it are cut off).
        stop: right end of the interval drawn.
        alt: text alternative; by default where each run starts and ends.
        num: number of sample points of the curve.

    Returns:
        SVG text.

    >>> svg = plot_descent(lambda x: x**2, {"η = 0.1": [2, 1.6, 1.28]}, -3, 3, num=7)
    >>> svg.count('role="img"')
    1
    """
    xs, ys = _curve(f, start, stop, num)
    with _figure(5, 3.5) as (fig, ax):
        ax.plot(xs, ys, color=INK, linewidth=1.2)
        described = []
        for name, values in paths.items():
            steps = _series(f"paths[{name!r}]", values)
            outside = (
                " (leaving the drawn interval)" if ((steps < start) | (steps > stop)).any() else ""
            )
            described.append(
                f"{name}, {steps.size - 1} steps from x = {steps[0]:.4g} to x = {steps[-1]:.4g}"
                + outside
            )
            ax.plot(
                steps,
                [float(f(float(x))) for x in steps],
                marker="o",
                markersize=4,
                linewidth=1,
                label=name,
            )
        pad = 0.05 * (ys.max() - ys.min() or 1.0)
        ax.set_xlim(start, stop)
        ax.set_ylim(ys.min() - pad, ys.max() + pad)
        default = (
            f"Gradient descent on the curve of f(x) for x {_span([start, stop])}, f(x) "
            f"{_span(ys)}, each step a marked point: " + "; ".join(described) + "."
        )
        return _finish(fig, ax, alt, default, xlabel="x", ylabel="f(x)")


def plot_loss_curves(
    histories: Mapping[str, Sequence[float]], log: bool = False, alt: str | None = None
) -> str:
    """Plot the loss at each training step, one curve per run.

    Args:
        histories: {legend label: loss after each step}.
        log: use a logarithmic loss axis; losses of 0 or less cannot be drawn on it and are
            left out.
        alt: text alternative; by default each run's first and last loss.

    Returns:
        SVG text.

    >>> svg = plot_loss_curves({"lr = 0.05": [80, 67.2, 55.87]})
    >>> svg.endswith("</svg>")
    True
    """
    described = []
    with _figure(5, 3.5) as (fig, ax):
        for name, values in histories.items():
            losses = _series(f"histories[{name!r}]", values)
            if log:
                losses[losses <= 0] = np.nan
            ax.plot(np.arange(losses.size), losses, label=name)
            described.append(
                f"{name} from {losses[0]:.4g} to {losses[-1]:.4g} over {losses.size - 1} steps"
            )
        if log:
            ax.set_yscale("log")
        default = (
            f"Loss against training step{' on a log scale' if log else ''}: "
            + "; ".join(described)
            + "."
        )
        return _finish(fig, ax, alt, default, xlabel="step", ylabel="loss")


# --------------------------------------------------------------------------- chapter 8


def plot_network_fit(
    X: np.ndarray, y: np.ndarray, predictions: np.ndarray, alt: str | None = None
) -> str:
    """Plot 1-D data of two classes (blue 0, red 1) and the network's output as a curve.

    Args:
        X: inputs, any shape with n values (e.g. (1, n), samples as columns).
        y: labels 0 or 1, n values.
        predictions: the network's outputs at X, n values.
        alt: text alternative; by default the number of points of each class and the range of
            the output.

    Returns:
        SVG text.

    >>> X = np.linspace(-1, 1, 5)
    >>> "Class 1" in plot_network_fit(X, abs(X) > 0.5, 0.5 + 0 * X, alt="Class 1 is red")
    True
    """
    xs = _series("X", X)
    labels = _series("y", y, xs.size)
    outputs = _series("predictions", predictions, xs.size)
    order = np.argsort(xs, kind="stable")
    with _figure(5, 3.5) as (fig, ax):
        ax.scatter(xs[labels == 0], labels[labels == 0], color=BLUE, label="Class 0")
        ax.scatter(xs[labels == 1], labels[labels == 1], color=RED, label="Class 1")
        ax.plot(xs[order], outputs[order], color=INK, label="Neural network")
        default = (
            f"{xs.size} points for x {_span(xs)}: {int((labels == 0).sum())} of class 0 (blue, "
            f"y = 0) and {int((labels == 1).sum())} of class 1 (red, y = 1), with the network's "
            f"output as a curve {_span(outputs)}."
        )
        return _finish(fig, ax, alt, default, xlabel="x", ylabel="y")


def _draw_perturbation(
    ax: Axes, deltas: np.ndarray, changes: np.ndarray, title: str, lr: float
) -> float:
    """Draw one perturbation panel; return the slope of the line fitted to its points."""
    slope = perturbation_slope(deltas, changes)
    ax.plot(deltas, changes, "o", color=BLUE)
    ax.set_title(title)
    step = -slope * lr
    arrow = ax.annotate(
        "",
        xy=(step, step * slope),
        xytext=(0, 0),
        arrowprops={
            "arrowstyle": "-|>",
            "color": RED,
            "linewidth": 1.2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        annotation_clip=False,
        zorder=3,
    )
    if arrow.arrow_patch is not None:
        arrow.arrow_patch.set_clip_box(ax.bbox)
    return slope


def plot_perturbation(
    deltas: Sequence[float],
    changes: Sequence[float],
    title: str,
    lr: float = 0.002,
    alt: str | None = None,
) -> str:
    """Plot the change in loss against small changes of one parameter, with the descent step.

    The red arrow goes from (0, 0) to (-slope·lr, -slope²·lr): the change gradient descent
    makes to the parameter, and the change in loss the fitted line predicts for it.

    Args:
        deltas: the changes made to the parameter.
        changes: the resulting changes in the loss.
        title: the parameter, e.g. "$w_1^{[1]}$" (matplotlib mathtext).
        lr: the learning rate of the arrow.
        alt: text alternative; by default it quotes the fitted slope.

    Returns:
        SVG text.

    >>> d = np.linspace(-0.005, 0.005, 11)
    >>> "slope 0.3008" in plot_perturbation(d, 0.3008 * d, "$w_1^{[1]}$")
    True
    """
    deltas_, changes_ = _series("deltas", deltas), _series("changes", changes, len(deltas))
    with _figure(4, 3) as (fig, ax):
        slope = _draw_perturbation(ax, deltas_, changes_, title, lr)
        default = (
            f"Change in loss ({_span(changes_)}) against change in {_plain(title)} "
            f"({_span(deltas_)}): fitted slope {slope:.4f}; red arrow, the gradient-descent "
            f"step with learning rate {lr:g}."
        )
        return _finish(
            fig,
            ax,
            alt,
            default,
            xlabel="Change in parameter",
            ylabel="Change in loss",
            legend=False,
        )


def plot_perturbation_grid(
    panels: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    lr: float = 0.002,
    alt: str | None = None,
) -> str:
    """Plot up to eight perturbation panels on a 2x4 grid with shared axes; spare axes are off.

    Args:
        panels: (title, deltas, changes) per parameter, in reading order.
        lr: the learning rate of the arrows.
        alt: text alternative; by default it lists the slopes.

    Returns:
        SVG text.

    >>> d = np.linspace(-0.005, 0.005, 11)
    >>> svg = plot_perturbation_grid([("$b_1^{[2]}$", d, -0.6996 * d)])
    >>> "b_1^[2] -0.6996" in svg
    True
    """
    if not 1 <= len(panels) <= 8:
        raise ValueError(f"plot_perturbation_grid draws 1 to 8 panels, got {len(panels)}")
    slopes = []
    with _grid(8, 4.4, 2, 4, sharex=True, sharey=True) as (fig, axes):
        flat = axes.ravel()
        for ax, (title, deltas, changes) in zip(flat, panels, strict=False):
            deltas_ = _series(f"deltas of {title}", deltas)
            changes_ = _series(f"changes of {title}", changes, deltas_.size)
            slopes.append(_draw_perturbation(ax, deltas_, changes_, title, lr))
        for i in range(len(panels), flat.size):
            flat[i].axis("off")
            if i >= 4:  # the panel above now ends its column: give it x tick labels
                flat[i - 4].xaxis.set_tick_params(labelbottom=True)
        for i in range(len(panels)):
            if i % 4 == 0:
                flat[i].set_ylabel("Change in loss")
            if i >= 4 or i + 4 >= len(panels):
                flat[i].set_xlabel("Change in parameter")
        default = "Change in loss against change in each parameter; fitted slopes: " + ", ".join(
            f"{_plain(title)} {slope:.4f}"
            for (title, _, _), slope in zip(panels, slopes, strict=True)
        )
        return to_svg(fig, default if alt is None else alt)


# --------------------------------------------------------------------------- chapters 8 and 12


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    alt: str | None = None,
    *,
    threshold: float = 0.5,
    resolution: int = 100,
    margin: float = 0.5,
) -> str:
    """Plot 2-D points of two classes over the regions a classifier assigns to each class.

    Args:
        predict: maps an (m, 2) array of points to m scores; a score above `threshold` means
            the second class.
        X: the points, shape (n, 2).
        y: their classes, n values (two distinct values, e.g. 0 and 1 or -1 and 1).
        alt: text alternative; by default the ranges, the points of each class and the
            threshold.
        threshold: the score that separates the classes (0.5 for probabilities, 0 for tanh).
        resolution: grid points per axis at which `predict` is evaluated.
        margin: how far the grid extends beyond the data.

    Returns:
        SVG text.

    >>> X = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> svg = plot_decision_boundary(lambda P: P.sum(axis=1) / 2, X, [0, 1], resolution=5)
    >>> svg.count("<svg")
    1
    """
    points = np.asarray(X, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {points.shape}")
    labels = _series("y", y, points.shape[0])
    classes = np.unique(labels)
    if classes.size > 2:
        raise ValueError(f"y must hold at most two classes, got {list(classes)}")
    low, high = points.min(axis=0) - margin, points.max(axis=0) + margin
    gx, gy = np.meshgrid(
        np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    )
    scores = _series("predict(grid)", predict(np.column_stack([gx.ravel(), gy.ravel()])), gx.size)
    scores = scores.reshape(gx.shape)
    with _figure(5, 4) as (fig, ax):
        ax.contourf(
            gx,
            gy,
            (scores > threshold).astype(float),
            levels=[-0.5, 0.5, 1.5],
            colors=[BLUE, RED],
            alpha=0.2,
        )
        if scores.min() < threshold < scores.max():
            ax.contour(gx, gy, scores, levels=[threshold], colors=[INK], linewidths=1)
        for value, colour in zip(classes, (BLUE, RED), strict=False):
            mine = labels == value
            ax.scatter(
                points[mine, 0],
                points[mine, 1],
                color=colour,
                edgecolors=INK,
                linewidths=0.5,
                label=f"class {value:g}",
            )
        ax.grid(False)
        ax.legend(loc="upper right")
        counts = ", ".join(
            f"{int((labels == value).sum())} of class {value:g} ({colour})"
            for value, colour in zip(classes, ("blue", "red"), strict=False)
        )
        default = (
            f"{points.shape[0]} points in the plane, x_1 {_span(points[:, 0])} and x_2 "
            f"{_span(points[:, 1])}: {counts}, over the regions the classifier assigns to "
            f"each class, shaded in the same colours, and the boundary where the score is "
            f"{threshold:g}."
        )
        return _finish(fig, ax, alt, default, xlabel="$x_1$", ylabel="$x_2$", legend=False)


def plot_cost_scaling(
    n_params: Sequence[float],
    series: Mapping[str, Sequence[float]],
    ylabel: str,
    alt: str | None = None,
) -> str:
    """Plot measured costs against the number of parameters on log-log axes.

    Draws data passed in (e.g. committed benchmark results); it never times anything.

    Args:
        n_params: parameter counts.
        series: {method: cost at each parameter count}, e.g. seconds per gradient.
        ylabel: the label of the cost axis, with units.
        alt: text alternative; by default each method's cost at the smallest and the largest
            count.

    Returns:
        SVG text.

    >>> svg = plot_cost_scaling([10, 100], {"backprop": [1e-4, 2e-4]}, "seconds per gradient")
    >>> svg.startswith("<svg")
    True
    """
    counts = _series("n_params", n_params)
    if not (counts > 0).all():
        raise ValueError(f"n_params must be positive, got {list(counts)}")
    described = []
    with _figure(5, 3.5) as (fig, ax):
        for name, values in series.items():
            costs = _series(f"series[{name!r}]", values, counts.size)
            ax.loglog(counts, costs, marker="o", label=name)
            described.append(f"{name} from {costs[0]:.3g} to {costs[-1]:.3g}")
        default = (
            f"{ylabel} against the number of parameters {_span(counts)}, log-log: "
            + "; ".join(described)
            + "."
        )
        return _finish(fig, ax, alt, default, xlabel="number of parameters", ylabel=ylabel)
