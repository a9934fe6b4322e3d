"""Project wiring: the README's quick start, CI, the console script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from coopatlas.cli import make_parser

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2
    serve, test = commands
    assert "coopatlas serve" in serve
    assert "pytest" in test
    assert "ruff check" in test
    assert "ruff format --check" in test
    assert "mypy" in test
    assert "\n" not in serve + test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert _quick_start_commands()[1] in ci.splitlines()
    assert "set -euo pipefail" in ci


def test_console_script_lists_its_subcommands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coopatlas", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("build", "serve", "demo"):
        assert command in out
    assert make_parser().prog == "coopatlas"
