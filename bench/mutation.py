"""Mutation score of the pure rules and the small cross-cutting modules (a benchmark, not a test).

Runs mutmut (PyPI) over each module with its fast unit tests only (no database), one module at a
time in a throw-away copy of the project, then prints the share of mutants killed per module and
in total, and lists every surviving mutant. Mutants listed in bench/equivalent_mutants.toml
(with a one-line reason each: they change nothing a user could see) are counted apart.

    python bench/mutation.py                       # every module (about 15 minutes on 2 cores)
    python bench/mutation.py --module canteen/access.py --min-score 90   # CI's smoke run

Exits 1 when a module's score is below --min-score (default 0: a benchmark only prints).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "bench" / "equivalent_mutants.toml"
DOMAINS = (
    "meals",
    "volunteers",
    "recipes",
    "onboarding",
    "mentoring",
    "toolbox",
    "reports",  # the small cells (Grid, protect) live in canteen/reports/rules.py
    "accounts",
    "network",
    "throttle",
)
# module -> the fast unit tests that guard it
MODULES: dict[str, list[str]] = {
    "canteen/money.py": [
        "tests/canteen/test_money.py",
        "tests/canteen/test_money_parsing.py",
        "tests/canteen/test_amount_cases.py",
    ],
    "canteen/idempotency.py": [
        "tests/canteen/test_idempotency.py",
        "tests/canteen/test_crosscutting.py",
    ],
    "canteen/access.py": ["tests/canteen/test_access.py", "tests/canteen/test_crosscutting.py"],
    "canteen/forecast/spread.py": ["tests/canteen/forecast/test_spread.py"],
    **{
        f"canteen/{d}/rules.py": sorted(
            str(p.relative_to(ROOT)) for p in (ROOT / "tests/canteen" / d).glob("test_rules*.py")
        )
        for d in DOMAINS
    },
}
KILLED = {1, 3, 36, 24, -24, 152, 255, -9, -11, 37}  # a failing test, a timeout or a crash
SURVIVED = {0}


@dataclass
class Score:
    module: str
    killed: int = 0
    survivors: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    untested: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def counted(self) -> int:
        return self.killed + len(self.survivors) + len(self.untested)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.counted if self.counted else 100.0


def equivalents() -> dict[str, str]:
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("equivalent", {}).items()}


def project_copy(module: str, tests: list[str]) -> Path:
    """A throw-away copy of the project whose pyproject asks mutmut for this module only."""
    work = Path(tempfile.mkdtemp(prefix="tablee-mutation-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "canteen", work / "canteen", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[tool\.mutmut\].*?(?=^\[|\Z)", "", text)
    # The timeout plugin's alarm would fight mutmut's own limit; a quiet run reads faster.
    text = text.replace('addopts = "-ra --durations=25"', 'addopts = "-q -p no:cacheprovider"')
    text += (
        "\n[tool.mutmut]\n"
        f'source_paths = ["canteen"]\nonly_mutate = ["{module}"]\n'
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:timeout", "-x"]\n'
        "use_git_change_detection = false\n"
    )
    (work / "pyproject.toml").write_text(text, encoding="utf-8")
    return work


def run_module(module: str, children: int, known: dict[str, str]) -> Score:
    score = Score(module)
    tests = [t for t in MODULES[module] if (ROOT / t).exists()]
    work = project_copy(module, tests)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "CI"}}
    env["CANTEEN_TEST_ENGINES"] = "sqlite"
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        meta = work / "mutants" / (module + ".meta")
        if not meta.exists():
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            raise SystemExit(f"mutmut produced no results for {module}")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in sorted(codes.items()):
            if name in known:
                score.equivalent.append(name)
            elif code in KILLED:
                score.killed += 1
            elif code in {33, 5}:
                score.untested.append(name)
            else:
                score.survivors.append(name)
        score.diffs = _diffs(work, env, score.survivors + score.untested)
    finally:
        score.seconds = time.monotonic() - started
        shutil.rmtree(work, ignore_errors=True)
    return score


DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
out = {}
for name in json.loads(sys.argv[1]):
    lines = get_diff_for_mutant(name, path=find_mutant(name).path).splitlines()
    changed = [x.strip() for x in lines if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    out[name] = " | ".join(changed)[:300]
print(json.dumps(out))
"""


def _diffs(work: Path, env: dict[str, str], names: list[str]) -> dict[str, str]:
    """What each mutant changed, one line each (mutmut's own diff, in one process)."""
    if not names:
        return {}
    shown = subprocess.run(
        [sys.executable, "-c", DIFFS, json.dumps(names)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        return dict(json.loads(shown.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {name: "(diff unavailable)" for name in names}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES), help="repeatable")
    parser.add_argument("--children", type=int, default=2, help="mutants tested in parallel")
    parser.add_argument("--min-score", type=float, default=0.0, help="exit 1 below this, in %%")
    args = parser.parse_args()
    known = equivalents()
    started = time.monotonic()
    scores = [run_module(m, args.children, known) for m in (args.module or list(MODULES))]
    print(f"\n{'module':34} {'killed':>7} {'counted':>8} {'score':>7} {'equiv.':>7} {'time':>6}")
    for s in scores:
        print(
            f"{s.module:34} {s.killed:7d} {s.counted:8d} {s.percent:6.1f}% "
            f"{len(s.equivalent):7d} {s.seconds:5.0f}s"
        )
    killed = sum(s.killed for s in scores)
    counted = sum(s.counted for s in scores)
    total = 100.0 * killed / counted if counted else 100.0
    print(f"{'total':34} {killed:7d} {counted:8d} {total:6.1f}%")
    print(f"run time: {time.monotonic() - started:.0f}s")
    for s in scores:
        for name in s.survivors + s.untested:
            kind = "no test reaches it" if name in s.untested else "survived"
            print(f"  {kind}: {name}: {s.diffs[name]}")
        for name in s.equivalent:
            print(f"  equivalent: {name}: {known[name]}")
    low = [s.module for s in scores if s.percent < args.min_score]
    if low:
        print(f"below {args.min_score:.0f}%: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
