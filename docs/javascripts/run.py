"""The Python half of the Run buttons (docs/javascripts/run.js loads it into Pyodide).

`run_block` runs one block in its page's namespace and returns what it printed, with a failure's
traceback as Python would print it but without this file's frame:

>>> page = {"__name__": "__main__"}
>>> run_block("x = 6\\nprint(x * 7)", "<block a>", page)
('42\\n', True)
>>> print(run_block("int('seven')", "<block b>", page)[0], end="")
Traceback (most recent call last):
  File "<block b>", line 1, in <module>
    int('seven')
ValueError: invalid literal for int() with base 10: 'seven'
"""

import linecache
import traceback
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO


def run_block(code: str, name: str, namespace: dict) -> tuple[str, bool]:
    """Run `code` as a file called `name` in `namespace`; return (printed text, succeeded)."""
    linecache.cache[name] = (len(code), None, code.splitlines(keepends=True), name)
    printed = StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        try:
            program = compile(code, name, "exec")
        except SyntaxError as error:
            printed.write("".join(traceback.format_exception_only(error)))
            return printed.getvalue(), False
        try:
            exec(program, namespace)
        except BaseException as error:  # the reader's code may raise anything, SystemExit too
            trace = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
            printed.write("".join(trace))
            return printed.getvalue(), False
    return printed.getvalue(), True
