"""The build hooks' pure parts: copy buttons, doctest fences, Reference pages, notebook HTML."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from markdown_exec._internal.formatters.base import ExecutionError

from hooks.copy_buttons import with_copy_buttons
from hooks.doctest_fences import fence_doctests
from hooks.exec_cache import SessionRunner
from hooks.notebook_pages import headings_toc, offline_notebook_html
from hooks.notebook_styles import used_rules
from hooks.reference_pages import ReferencePage, index_page, public_modules, summary


def test_doctest_runs_are_fenced_and_existing_fences_left_alone() -> None:
    text = "Sum two numbers.\n\n>>> add(1, 2)\n3\n\nMore prose.\n\n```pycon\n>>> add(0, 0)\n0\n```"
    assert fence_doctests(text) == (
        "Sum two numbers.\n\n```pycon\n>>> add(1, 2)\n3\n```\n\nMore prose.\n\n"
        "```pycon\n>>> add(0, 0)\n0\n```")


def test_indented_doctests_keep_their_indentation() -> None:
    text = "Examples:\n    >>> f(2)\n    4"
    assert fence_doctests(text) == "Examples:\n    ```pycon\n    >>> f(2)\n    4\n    ```"


def test_reference_pages_follow_the_course_and_skip_private_modules(tmp_path: Path) -> None:
    for name, doc in [("plots", "Figures."), ("value", "Scalar autodiff.\n\nMore."),
                      ("_svg", "Private."), ("zeta", ""), ("nn", "Networks | layers.")]:
        (tmp_path / f"{name}.py").write_text(f'"""{doc}"""\n' if doc else "x = 1\n")
    assert public_modules(tmp_path) == ["value", "nn", "plots", "zeta"]
    assert summary(tmp_path / "value.py") == "Scalar autodiff."
    assert summary(tmp_path / "zeta.py") == ""
    index = index_page(tmp_path, ["value", "nn"])
    assert "| [`chainrule.value`](value.md) | Scalar autodiff. |" in index
    assert "| [`chainrule.nn`](nn.md) | Networks \\| layers. |" in index


def test_notebook_html_loses_off_site_loaders_only() -> None:
    html = ('<div class="jupyter-wrapper"><p>text</p>'
            '<script src=""> </script>'
            '<script type="text/x-mathjax-config">init_mathjax();</script>'
            '<script type="module">const m = await import("https://cdnjs.cloudflare.com/m.mjs");'
            '</script><script src="../local.js"></script><script>copy();</script></div>')
    assert offline_notebook_html(html) == ('<div class="jupyter-wrapper"><p>text</p>'
                                           '<script src="../local.js"></script>'
                                           '<script>copy();</script></div>')



def test_the_workbook_stylesheet_keeps_the_rules_a_page_can_use() -> None:
    page = '<div class="cell"><pre class="prompt">In [1]:</pre><a href="notes.pdf">x</a></div>'
    css = """
    :root { --prompt: #333 }
    .cell .prompt { color: var(--prompt) }
    .cell .prompt:hover, .unused { color: red }
    .cell .prompt::before { content: "" }
    [data-md-color-scheme=slate] .cell { background: black }
    .jp-Toolbar .prompt { display: none }
    .cell:not(.jp-mod-active) { margin: 0 }
    .unused, .also-unused { color: blue }
    @media (max-width: 600px) { .cell { padding: 0 } .jp-Menu { padding: 0 } }
    @media print { .jp-Menu { display: none } }
    @font-face { font-family: X; src: local(X) }
    .cell a:-moz-unheard-of { color: green }
    .cell a[href$=".pdf"] { color: navy }
    """
    kept = used_rules(css, [page])
    for rule in (
        ":root",  # custom properties: an element of every page
        ".cell .prompt { color",
        ".cell .prompt:hover",  # a state the reader brings about
        ".cell .prompt::before",  # a pseudo-element of a matching element
        "[data-md-color-scheme=slate] .cell",  # an attribute the theme's script sets
        ".cell:not(.jp-mod-active)",
        "@media (max-width: 600px) {\n.cell { padding: 0 }\n}",  # pruned inside
        "@font-face",
        ":-moz-unheard-of",  # a selector it cannot read is kept
        '[href$=".pdf"]',  # a dot in an attribute's value is not a class
    ):
        assert rule in kept, f"{rule!r} was dropped:\n{kept}"
    for rule in (".jp-Toolbar", ".also-unused", ".jp-Menu", "@media print"):
        assert rule not in kept, f"{rule!r} was kept:\n{kept}"


def test_a_notebook_table_of_contents_keeps_the_code_of_its_headings() -> None:
    html = ('<h1 id="workbook-2">Workbook 2<a class="anchor-link" href="#workbook-2">¶</a></h1>'
            '<h2 id="task-1-backward">Task 1: <code>backward()</code>'
            '<a class="anchor-link" href="#task-1-backward">¶</a></h2>'
            '<h3 id="a-hint">A hint</h3><h2>no id</h2>'
            '<h2 id="task-3-exp-and-tanh">Task 3: <code>exp</code> and <code>tanh</code></h2>')
    [title] = headings_toc(html)
    assert (title.title, title.url, title.level) == ("Workbook 2", "#workbook-2", 1)
    assert [(c.title, c.url) for c in title.children] == [
        ("Task 1: backward()", "#task-1-backward"),
        ("Task 3: exp and tanh", "#task-3-exp-and-tanh"),
    ]
    assert [(c.title, c.url) for c in title.children[0].children] == [("A hint", "#a-hint")]

def test_a_reference_page_is_rebuilt_only_when_its_module_changed(tmp_path: Path) -> None:
    module, built = tmp_path / "value.py", tmp_path / "site" / "reference" / "value" / "index.html"
    module.write_text('"""Values."""\n')
    page = ReferencePage("reference/value.md", src_dir=None, dest_dir=str(tmp_path / "site"),
                         use_directory_urls=True)
    page.sources = (module,)
    assert page.abs_dest_path == str(built)
    assert page.is_modified()  # never built
    built.parent.mkdir(parents=True)
    built.write_text("<html></html>")
    os.utime(module, (1_000, 1_000))
    os.utime(built, (2_000, 2_000))
    assert not page.is_modified()
    os.utime(module, (3_000, 3_000))
    assert page.is_modified()


def test_a_page_rendered_again_starts_its_session_afresh(tmp_path: Path) -> None:
    runner = SessionRunner(tmp_path, cache_dir=None)
    runner.start_build()
    runner.start_page("chapters/01-a.md")
    assert runner.run("x = 41\nprint(x + 1)", session="01-a", id="first") == "42\n"
    assert runner.run("print(x)", session="01-a", id="second") == "41\n"
    runner.start_page("chapters/01-a.md")  # what `mkdocs serve` does on the next rebuild
    with pytest.raises(ExecutionError, match="NameError: name 'x' is not defined"):
        runner.run("print(x)", session="01-a", id="second")


def test_a_block_in_another_pages_session_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runner = SessionRunner(tmp_path, cache_dir=None)
    runner.start_build()
    runner.start_page("chapters/02-b.md")
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.exec_cache"):
        runner.run("y = 1", session="01-a", id="borrowed")
    assert "block 'borrowed' on page '02-b' uses session '01-a'" in caplog.text


def test_every_code_block_gets_a_button_that_copies_that_block() -> None:
    page = ('<pre><span></span><code>a = 1</code></pre><p>text</p>'
            '<pre class="x"><code class="language-text">b</code></pre>'
            '<pre><code id="kept">c</code></pre><pre>no code</pre><code>inline</code>')
    html = with_copy_buttons(page)
    assert html.count('<nav class="md-code__nav" role="none">') == 3
    assert ('<pre><span></span><nav class="md-code__nav" role="none"><button '
            'class="md-code__button" title="Copy to clipboard" data-clipboard-target="#__copy_1"'
            ' data-md-type="copy"></button></nav><code id="__copy_1">a = 1</code>') in html
    assert 'data-clipboard-target="#__copy_2"' in html
    assert '<code id="__copy_2" class="language-text">b</code>' in html
    assert 'data-clipboard-target="#kept"' in html and '<code id="kept">c</code>' in html
    assert html.endswith("<pre>no code</pre><code>inline</code>")
