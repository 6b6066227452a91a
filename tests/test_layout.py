"""The layout shows the architecture (issue 16): in an app split by area, one area name runs
through services/, views/ and the tests, and no module grows past 500 lines."""

from pathlib import Path

import pytest

from tests.test_layering import LAYERS

ROOT = Path(__file__).resolve().parent.parent
APPS = [app for layer in LAYERS for app in layer]
AREA_APPS = ("archives", "clearance", "personnel")
MAX_LINES = 500


def areas(app: str, layer: str) -> set[str]:
    return {p.stem for p in (ROOT / app / layer).glob("*.py") if p.stem != "__init__"}


@pytest.mark.parametrize("app", AREA_APPS)
def test_every_area_has_its_views_and_tests_under_the_same_name(app):
    services, views = areas(app, "services"), areas(app, "views")
    tests = {p.stem.removeprefix("test_") for p in (ROOT / "tests" / app).glob("test_*.py")}
    assert services and services <= views
    assert views <= tests


def test_no_module_passes_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
