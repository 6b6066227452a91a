"""One transition table per workflow model, checked in its services (issue 16).

A workflow model is one with a `status` field with choices. Each declares `TRANSITIONS`
covering only its own statuses, and no service module writes `<row>.status = ...` itself:
every move goes through `core.transitions.transition`, which refuses what the table does
not list.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
APPS = ("approvals", "clearance", "training", "archives", "onboarding", "offboarding")


def workflow_models():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):  # simple_history's copies
                continue
            field = next((f for f in model._meta.fields if f.name == "status"), None)
            if field is not None and field.choices:
                yield model


@pytest.mark.parametrize("model", list(workflow_models()), ids=lambda m: m._meta.label)
def test_each_workflow_model_has_a_table_of_its_own_statuses(model):
    table = getattr(model, "TRANSITIONS", None)
    assert table, f"{model._meta.label} declares no TRANSITIONS"
    statuses = {value for value, _label in model._meta.get_field("status").choices}
    moves = set(table) | {to for targets in table.values() for to in targets}
    assert moves <= statuses


def _service_modules():
    for app in APPS:
        base = ROOT / app
        yield from base.glob("services.py")
        yield from base.glob("services/*.py")
        yield from base.glob("sweeps.py")


def status_writes(path: Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute) and target.attr == "status"
    ]


def test_services_move_statuses_only_through_the_table():
    found = {str(p.relative_to(ROOT)): status_writes(p) for p in _service_modules()}
    assert {path: lines for path, lines in found.items() if lines} == {}
