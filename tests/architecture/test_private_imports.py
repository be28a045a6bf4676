"""No app imports another app's private names (import-linter cannot see names, only modules).

A leading underscore is how a module says "not part of my contract"; another app reaching for it
(`from opendata.ine import _proposal_texts` was one) couples them invisibly. Within one app it is
fine. Imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "bench", "node_modules"}
)


def private_imports(path, app):
    """(line, text) of every import in `path` that takes a private name from another app."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    foreign = set()  # local names bound to another app's module or object
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] not in APPS or parts[0] == app:
                continue
            names = [alias.name for alias in node.names]
            foreign.update(alias.asname or alias.name for alias in node.names)
            if any(_private(part) for part in parts) or any(_private(n) for n in names):
                found.append((node.lineno, f"from {node.module} import {', '.join(names)}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in APPS and parts[0] != app and any(_private(p) for p in parts):
                    found.append((node.lineno, f"import {alias.name}"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in foreign
            and _private(node.attr)
        ):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return found


# Underscored by convention yet public API: Django documents Model._meta (the Options API).
PUBLIC_DESPITE_UNDERSCORE = {"_meta"}


def _private(name):
    return (
        name.startswith("_") and not name.startswith("__") and name not in PUBLIC_DESPITE_UNDERSCORE
    )


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def test_the_walk_sees_the_apps():
    assert {"candidates", "opendata", "public", "identity"} <= set(APPS)


def test_the_check_finds_a_private_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def f():\n    from opendata.ine import _proposal_texts\n    from public import x\n"
        "    from opendata import ine\n    return ine._proposal_texts, x.__doc__\n"
    )
    assert private_imports(module, "api") == [
        (2, "from opendata.ine import _proposal_texts"),
        (5, "ine._proposal_texts"),
    ]
    assert private_imports(module, "opendata") == []


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_another_apps_private_names(app):
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for owner, path in app_modules()
        if owner == app
        for line, text in private_imports(path, app)
    ]
    assert offenders == []
