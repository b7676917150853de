"""The build hooks' pure parts: doctest fences, Reference page list, offline notebook HTML."""

from __future__ import annotations

import os
from pathlib import Path

from hooks.doctest_fences import fence_doctests
from hooks.notebook_pages import offline_notebook_html
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
