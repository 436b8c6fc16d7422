"""deploy/ stays true to the code: every setting is in the environment reference."""

from __future__ import annotations

import shlex
from pathlib import Path

from canteen.settings import DEFAULTS

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _assignments(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_environment_reference_lists_every_setting_with_its_default() -> None:
    listed = _assignments(DEPLOY / "env.example")
    assert {name: listed.get(name) for name in DEFAULTS} == DEFAULTS


def test_the_units_run_command_lines_the_cli_accepts() -> None:
    from canteen.cli import build_parser

    parser = build_parser()
    checked = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in unit.read_text(encoding="utf-8").splitlines():
            if not line.startswith(("ExecStart=", "ExecStartPre=")):
                continue
            binary, *argv = shlex.split(line.split("=", 1)[1])
            assert binary == "/opt/tablee/venv/bin/canteen"
            if argv[0] == "reminders" and "reminders" not in parser.format_usage():
                continue  # arrives with the volunteers' branch
            parser.parse_args(argv)  # exits (SystemExit) on a command line it does not know
            checked.append(argv[0])
    assert {"migrate", "serve", "backup"} <= set(checked)
