"""The apps' layering, read from the source: a lower app never imports a higher one, and
siblings (training and archives; onboarding and offboarding) never import each other.

Every module of every layered app is parsed (migrations and imports inside functions
included); `config` may import anything, tests are not checked. The few imports that break
the rule today are listed in KNOWN_EXCEPTIONS with their reason, and the list must stay
exact: a new breach fails, and so does an exception that no longer exists.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lower to higher; apps in one tuple are siblings.
LAYERS = (
    ("core",),
    ("audit",),
    ("reports",),
    ("accounts",),
    ("personnel",),
    ("approvals",),
    ("clearance",),
    ("training", "archives"),
    ("onboarding", "offboarding", "exams"),
    ("assessment",),
)
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
TOP = "config"  # settings, URLs, the Celery app: above every app

# (module path, imported module): imports that break the layering today.
KNOWN_EXCEPTIONS = {
    # The process's Celery app, to reach the broker directly (the health check, and an
    # export sent without retrying when the broker is down).
    ("audit/views.py", "config.celery"),
    ("reports/exports.py", "config.celery"),
    # Data migrations that give the roles their rights with personnel's role table; accounts'
    # migrations depend on personnel's.
    ("accounts/migrations/0002_roles.py", "personnel.roles"),
    ("accounts/migrations/0004_enrolment_link.py", "personnel.roles"),
}


def _imported_modules(tree: ast.AST):
    """Absolute module names a module imports; relative imports stay inside their app."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _breaks_layering(app: str, imported: str) -> bool:
    target = imported.split(".")[0]
    if target == TOP:
        return True
    if target not in RANK or target == app:
        return False
    return RANK[target] >= RANK[app]  # higher, or a sibling


def layering_breaches(root: Path = ROOT) -> set[tuple[str, str]]:
    breaches = set()
    for app in RANK:
        for path in sorted((root / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for _line, imported in _imported_modules(tree):
                if _breaks_layering(app, imported):
                    breaches.add((path.relative_to(root).as_posix(), imported))
    return breaches


def test_every_layered_app_is_installed_in_layer_order():
    from django.conf import settings

    installed = [app for app in settings.INSTALLED_APPS if app in RANK]
    assert sorted(RANK) == sorted(installed)
    assert installed == sorted(installed, key=RANK.__getitem__)


def test_no_app_imports_a_higher_app_or_a_sibling():
    breaches = layering_breaches()
    assert breaches - KNOWN_EXCEPTIONS == set(), "imports against the layering (README, Layout)"
    assert KNOWN_EXCEPTIONS - breaches == set(), "gone: remove them from KNOWN_EXCEPTIONS"


def test_core_imports_no_other_app():
    imported = {
        module.split(".")[0]
        for path in (ROOT / "core").rglob("*.py")
        for _line, module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert imported & (set(RANK) - {"core"} | {TOP}) == set()


@pytest.mark.parametrize(
    ("app", "source", "breach"),
    [
        ("audit", "from core.errors import DomainError", None),
        ("audit", "from reports.pdf import render_pdf", "reports.pdf"),
        ("audit", "def later():\n    from personnel.models import Employee", "personnel.models"),
        ("training", "import archives.models", "archives.models"),
        ("archives", "from training.models import Assignment", "training.models"),
        ("offboarding", "from archives.selectors import open_loans", None),
        ("onboarding", "from offboarding import services", "offboarding"),
        ("personnel", "from config.celery import app", "config.celery"),
        ("personnel", "from . import selectors", None),
        ("core", "from django.db import models", None),
    ],
)
def test_the_check_sees_what_it_should(tmp_path, app, source, breach):
    (tmp_path / app).mkdir()
    (tmp_path / app / "module.py").write_text(source, encoding="utf-8")
    expected = {(f"{app}/module.py", breach)} if breach else set()
    assert layering_breaches(tmp_path) == expected
