"""The command-line scripts: set-up is a no-op when done, and misuse gets a clear answer."""

from __future__ import annotations

import subprocess

from tests.site.builds import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_setup_does_nothing_when_everything_is_installed() -> None:
    result = run("scripts/setup")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_bench_names_the_benchmarks_it_has() -> None:
    result = run("scripts/bench", "no-such-benchmark")
    assert result.returncode == 2
    assert "no benchmark 'no-such-benchmark'" in result.stderr
    assert sorted(result.stderr.split("available:")[1].split()) == [
        "browser", "engine", "network", "pages", "site"]


def test_a_test_run_that_collects_nothing_fails() -> None:
    result = run("scripts/test", "tests/site/test_hooks.py", "-k", "no_test_has_this_name")
    assert result.returncode == 1
    assert "pytest collected no tests" in result.stderr
