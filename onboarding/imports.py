"""Candidates from Excel (issue 17), through personnel's import mechanism: each row
registers one applicant as `candidate_register` does, so the identity number is checked and
one person is never registered twice (an applying candidate or an employee with the number).
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from personnel.identity import IdType
from personnel.imports.lookups import (
    EXAMPLE_ID_NUMBER,
    OrgLookup,
    department_names,
    identity_columns,
    post_titles,
)
from personnel.imports.sheet import (
    Column,
    ImportSpec,
    RowAction,
    register,
    rows_through_services,
)
from personnel.models import Position

from . import services


def _apply_row(*, actor, values, context: OrgLookup) -> str:
    department = context.department(values["department"])
    position = context.position(department, values["position"])
    services.candidate_register(
        actor=actor,
        name=values["name"],
        id_type=values["id_type"] or IdType.RESIDENT_ID,
        id_number=values["id_number"],
        department=department,
        position=position,
    )
    return RowAction.CREATED


def _example() -> dict:
    post = Position.objects.select_related("department").order_by("department__code").first()
    return {
        "name": "李四",
        "id_type": IdType.RESIDENT_ID,
        "id_number": EXAMPLE_ID_NUMBER,
        "department": post.department.name if post else "",
        "position": post.title if post else "",
    }


CANDIDATES = register(
    ImportSpec(
        slug="candidates",
        title=gettext_lazy("Candidates"),
        columns=(
            Column("name", gettext_lazy("Full name"), required=True, max_length=50),
            *identity_columns(required=True),
            Column(
                "department",
                gettext_lazy("Department"),
                required=True,
                options=department_names,
                width=20,
            ),
            Column(
                "position",
                gettext_lazy("position applied for"),
                required=True,
                options=post_titles,
                width=20,
                note=gettext_lazy("A post of the row's department."),
            ),
        ),
        permissions=("onboarding.add_candidate",),
        run=rows_through_services(_apply_row, prepare=OrgLookup),
        url_name="onboarding:candidate_import",
        list_url=reverse_lazy("onboarding:candidate_list"),
        example=_example,
        notes=(
            gettext_lazy(
                "Each row registers a new candidate; the vetting is recorded afterwards on "
                "the candidate's page."
            ),
        ),
    )
)
