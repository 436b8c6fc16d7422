"""The layout holds: arrows one way and no cycles (import-linter's contracts in .importlinter),
no hidden imports inside functions, no oversized module or function. Read from the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("canteen", "kiosk", "admin")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Piccolo's configuration hook and the engine set each other up (the one excepted cycle).
LOCAL_IMPORTS_ALLOWED = {("canteen/db/__init__.py", "canteen.piccolo_conf")}


def _sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "piccolo_migrations" not in path.parts
    )


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_the_import_contracts_hold() -> None:
    """Layers, independence of the two web sides, pure rules, no cycles (see .importlinter)."""
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


def test_no_module_is_oversized() -> None:
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _sources()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_is_oversized() -> None:
    too_long = {}
    for path in _sources():
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = (function.end_lineno or function.lineno) - function.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                too_long[f"{path.relative_to(ROOT)}:{function.name}"] = lines
    assert too_long == {}


def test_no_project_module_is_imported_inside_a_function() -> None:
    """An import hidden in a function body hides a wrong-way arrow or a cycle from the reader."""
    hidden = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(function):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if (
                        name.split(".")[0] in PACKAGES
                        and (relative, name) not in LOCAL_IMPORTS_ALLOWED
                    ):
                        hidden.append(f"{relative}:{node.lineno} {name}")
    assert hidden == []


@pytest.mark.parametrize(
    ("where", "breaker"),
    [
        ("canteen/_planted.py", "import kiosk.auth\n"),  # the domain imports a web side
        ("kiosk/_planted.py", "from admin import common\n"),  # one side imports the other
        ("canteen/meals/_planted.py", "import canteen.reports.rules\n"),  # a lower domain, up
        ("canteen/db/_planted.py", "import canteen.meals.tables\n"),  # infrastructure, up
        ("canteen/meals/rules_planted.py", "import canteen.db\n"),  # sanity: not a rules module
    ],
)
def test_a_wrong_way_import_breaks_the_build(where: str, breaker: str) -> None:
    """The contracts bite: each planted wrong-way import is refused (the last one is allowed:
    only modules named rules are held to purity)."""
    planted = ROOT / where
    planted.write_text(breaker, encoding="utf-8")
    try:
        result = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True)
    finally:
        planted.unlink()
    assert result == (0 if "rules_planted" in where else 1)


def test_an_impure_rule_breaks_the_build() -> None:
    planted = ROOT / "canteen" / "meals" / "rules.py"
    original = planted.read_text(encoding="utf-8")
    planted.write_text(original + "\nimport piccolo  # noqa\n", encoding="utf-8")
    try:
        assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 1
    finally:
        planted.write_text(original, encoding="utf-8")
