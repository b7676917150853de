"""The markdown-exec fence grammar and `run_page`, on small pages written by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.fences import exec_blocks, parse_info
from tests.pages import PageError, run_page

PAGE = '''# A page

```python exec="on" session="page" id="first" source="above" result="text"
x = 2
print("x is", x, sep="-")
print("no newline", end="")
```

```python
not_run = True
```

```python exec="off" session="page" id="off"
raise RuntimeError("exec off")
```

??? success "Solution"

    ```python exec="on" session="page" id="nested" html="on"
    svg = f"<svg>{x * 10}</svg>"
    print(svg)  # markdown-exec: hide
    ```

~~~~python exec="1" session="page" id="tilde"
import os
print(os.getcwd())
~~~~
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_info_reads_the_language_and_quoted_options() -> None:
    assert parse_info('python exec="on" title="two words" id=x') == (
        "python", {"exec": "on", "title": "two words", "id": "x"})
    assert parse_info("") == ("", {})


def test_only_executed_python_fences_are_blocks_nested_ones_included() -> None:
    blocks = exec_blocks(PAGE)
    assert [block.id for block in blocks] == ["first", "nested", "tilde"]
    assert [block.line for block in blocks] == [3, 19, 24]
    assert blocks[1].code == 'svg = f"<svg>{x * 10}</svg>"\nprint(svg)  # markdown-exec: hide\n'
    assert blocks[1].options == {"exec": "on", "session": "page", "id": "nested", "html": "on"}


def test_run_page_prints_like_markdown_exec_in_one_namespace(tmp_path: Path) -> None:
    page = run_page(write(tmp_path, PAGE))
    assert page.output("first") == "x is 2\nno newline"  # sep is ignored, as markdown-exec does
    assert page.output("nested") == "<svg>20</svg>\n"  # hidden lines run
    assert page.output("tilde") == f"{Path(__file__).resolve().parents[2]}\n"  # project directory
    assert page.namespace["x"] == 2
    assert "not_run" not in page.namespace
    with pytest.raises(KeyError, match="no executed block with id 'off'"):
        page.output("off")


def test_run_page_is_cached_per_process(tmp_path: Path) -> None:
    path = write(tmp_path, PAGE)
    assert run_page(path) is run_page(str(path))


def test_a_failing_block_is_named_with_its_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, '```python exec="on" session="page" id="ok"\nprint("before")\n```\n'
                           '\n```python exec="on" session="page" id="bad"\nvalue = 1\nvalue / 0\n'
                           '```\n')
    with pytest.raises(PageError) as failure:
        run_page(path)
    message = str(failure.value)
    assert "bad (line 5) raised" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "value / 0" in message  # the failing source line is quoted
    with pytest.raises(PageError):
        run_page(path)  # the failure is remembered, not re-run


def test_a_missing_page_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no page chapters/99-missing.md"):
        run_page("chapters/99-missing.md")
