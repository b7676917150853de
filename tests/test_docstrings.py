"""Every docstring in the package parses cleanly as a Google-style docstring, as the API
Reference pages need (griffe's warnings would fail the strict build)."""

import logging
import pkgutil

import griffe
import pytest

import chainrule

MODULES = sorted(f"chainrule.{m.name}" for m in pkgutil.iter_modules(chainrule.__path__))


@pytest.mark.parametrize("module", MODULES)
def test_docstrings_parse_without_warnings(module, caplog):
    caplog.set_level(logging.WARNING)
    stack = [griffe.load(module, search_paths=["src"])]
    documented = 0
    while stack:
        obj = stack.pop()
        if obj.docstring:
            obj.docstring.parse("google")
            documented += 1
        stack.extend(member for member in obj.members.values() if not member.is_alias)
    assert documented > 1
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
