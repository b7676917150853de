"""The strict build: the real site builds cleanly, and every kind of fault fails it."""

from __future__ import annotations

from pathlib import Path

from tests.site.builds import Build, build_site, mini_site

FAULTY_PAGE = '''# Faults

```python exec="on" session="index" id="prints" result="text"
print("fine")
```

```python exec="on" session="elsewhere" id="borrowed-session"
shared = True
```

```python exec="on" session="index" id="divides-by-zero"
1 / 0
```

[a missing page](nowhere.md) and [a missing heading](#no-such-heading)
'''


def test_the_site_builds_strictly_without_warnings(strict_build: Build) -> None:
    assert strict_build.returncode == 0, strict_build.log[-6000:]
    assert "WARNING -" not in strict_build.log  # mkdocs warnings (not kernels' stderr)
    assert (strict_build.site / "index.html").is_file()


def test_block_errors_foreign_sessions_and_broken_links_fail_the_build(tmp_path: Path) -> None:
    config = mini_site(tmp_path, {"index.md": FAULTY_PAGE})
    build = build_site(tmp_path / "site", config)
    assert build.returncode == 1
    assert "Aborted with 4 warnings in strict mode" in build.log
    assert "block 'borrowed-session' on page 'index' uses session 'elsewhere'" in build.log
    assert "python code block 'divides-by-zero' exited with errors" in build.log
    assert "ZeroDivisionError: division by zero" in build.log
    assert "contains a link 'nowhere.md', but the target is not found" in build.log
    assert "contains a link '#no-such-heading', but there is no such anchor" in build.log
