"""actionlint (with shellcheck on every run: script) finds nothing in the workflows; the action
itself is checked through the CI job that uses it (``uses: ./``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .files import EXAMPLES, ROOT

BIN = Path(sys.executable).parent


def test_actionlint_reports_nothing() -> None:
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    shellcheck = shutil.which("shellcheck", path=str(BIN)) or shutil.which("shellcheck")
    assert actionlint and shellcheck, "pip install -e '.[test]' installs both"
    files = [ROOT / ".github" / "workflows" / "ci.yml", *sorted(EXAMPLES.glob("*.yml"))]
    result = subprocess.run(
        [actionlint, "-shellcheck", shellcheck, *map(str, files)], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
