"""The analysis core is a pure library: importing it must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_library_and_cli_loads_no_django() -> None:
    code = (
        "import sys, lofte.analysis, lofte.analysis.cli; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(bad))"
    )
    completed = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == ""
