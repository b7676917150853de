"""The execution cache (hooks/exec_cache.py) skips code it has run, and changes no output byte."""

from __future__ import annotations

from pathlib import Path

from tests.site.builds import build_site, differing_files, mini_site


def page(marker: Path, increment: int) -> str:
    return f'''# Cached

```python exec="on" session="index" id="setup"
with open({str(marker)!r}, "a") as runs:
    runs.write("ran ")
x = 20
```

```python exec="on" session="index" id="use" result="text"
print("x + {increment} =", x + {increment})
```
'''


def test_cache_hits_skip_execution_and_misses_replay_earlier_blocks(tmp_path: Path) -> None:
    marker, cache = tmp_path / "runs.txt", tmp_path / "cache"
    config = mini_site(tmp_path, {"index.md": page(marker, 1)})

    uncached = build_site(tmp_path / "uncached", config)
    cold = build_site(tmp_path / "cold", config, CHAINRULE_EXEC_CACHE=str(cache))
    warm = build_site(tmp_path / "warm", config, CHAINRULE_EXEC_CACHE=str(cache))
    assert [uncached.returncode, cold.returncode, warm.returncode] == [0, 0, 0], warm.log
    assert marker.read_text() == "ran ran "  # the warm build ran nothing
    assert differing_files(uncached.site, cold.site) == []
    assert differing_files(uncached.site, warm.site) == []
    assert "x + 1 = 21" in (warm.site / "index.html").read_text()

    mini_site(tmp_path, {"index.md": page(marker, 2)})
    edited = build_site(tmp_path / "edited", config, CHAINRULE_EXEC_CACHE=str(cache))
    assert edited.returncode == 0, edited.log
    assert marker.read_text() == "ran ran ran "  # "setup" replayed before the changed block
    assert "x + 2 = 22" in (edited.site / "index.html").read_text()
