"""Departments and their posts from Excel (issue 17): a department matched on its code, a
post on its title within the department; each row written through the org services."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from ..models import Department, Position, Tier
from ..services import org as org_services
from .sheet import CHOICE, YES_NO, Column, ImportSpec, RowAction, register, rows_through_services


def _changes(record, values: dict, names) -> dict:
    return {
        name: values[name]
        for name in names
        if values.get(name) is not None and getattr(record, name) != values[name]
    }


def _apply_org_row(*, actor, values, context) -> str:
    """The row's department by code (created, or renamed and flagged), then its post by
    title, if the row names one."""
    actions = set()
    department = Department.objects.filter(code=values["code"]).first()
    if department is None:
        department = org_services.department_create(
            actor=actor,
            name=values["name"],
            code=values["code"],
            is_technical=bool(values["is_technical"]),
        )
        actions.add(RowAction.CREATED)
    elif changes := _changes(department, values, ("name", "is_technical")):
        org_services.department_update(actor=actor, department=department, **changes)
        actions.add(RowAction.UPDATED)
    if values["title"]:
        actions.add(_apply_post(actor, department, values))
    for action in (RowAction.CREATED, RowAction.UPDATED):
        if action in actions:
            return action
    return RowAction.UNCHANGED


def _apply_post(actor, department, values) -> str:
    post = Position.objects.filter(department=department, title=values["title"]).first()
    if post is None:
        org_services.position_create(
            actor=actor,
            title=values["title"],
            department=department,
            is_secret_post=bool(values["is_secret_post"]),
            required_tier=values["required_tier"] or Tier.NONE,
            duties=values["duties"] or "",
        )
        return RowAction.CREATED
    changes = _changes(post, values, ("is_secret_post", "required_tier", "duties"))
    if not changes:
        return RowAction.UNCHANGED
    org_services.position_update(actor=actor, position=post, **changes)
    return RowAction.UPDATED


def _org_example() -> dict:
    return {
        "code": "ZL",
        "name": "质量部",
        "is_technical": True,
        "title": "质量工程师",
        "is_secret_post": True,
        "required_tier": Tier.GENERAL,
        "duties": "严格遵守保密制度，涉密载体按规定登记、保管和销毁。",
    }


ORG = register(
    ImportSpec(
        slug="org",
        title=gettext_lazy("Departments and posts"),
        columns=(
            Column("code", gettext_lazy("Code"), required=True, max_length=20, as_text=True),
            Column("name", gettext_lazy("Department"), required=True, max_length=100, width=20),
            Column("is_technical", gettext_lazy("Technical"), kind=YES_NO),
            Column(
                "title",
                gettext_lazy("Post"),
                max_length=100,
                width=20,
                note=gettext_lazy("Empty: the row is the department only."),
            ),
            Column("is_secret_post", gettext_lazy("Secret post"), kind=YES_NO),
            Column(
                "required_tier",
                gettext_lazy("required tier"),
                kind=CHOICE,
                choices=Tier.choices,
                note=gettext_lazy("A secret post requires a classified tier; others none."),
            ),
            Column("duties", gettext_lazy("confidentiality duties"), width=40),
        ),
        permissions=(
            "personnel.add_department",
            "personnel.change_department",
            "personnel.add_position",
            "personnel.change_position",
        ),
        run=rows_through_services(_apply_org_row, fields={"department": "code"}),
        url_name="personnel:org_import",
        list_url=reverse_lazy("personnel:department_list"),
        example=_org_example,
        notes=(
            gettext_lazy(
                "One row per post, with its department; a department with several posts "
                "takes several rows. Departments are matched on their code, posts on their "
                "title within the department."
            ),
        ),
    )
)
