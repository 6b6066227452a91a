"""Employees from Excel (issue 17), matched on 工号.

A row with a new 工号 creates the person as employee_create would (the post's
tier unless a lower one is named, awaiting a secret post's pre-post gate); an existing 工号
updates the plain facts HR edits (never status or tier: they move through their workflows),
refusing what employee_update refuses: a move into or out of a secret post, a head leaving
their department. An empty cell leaves the fact as it is, so an exported list comes back
unchanged.
"""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError

from ..identity import IdType, normalize
from ..models import Department, Employee, Position, Tier
from ..services import people as people_services
from .lookups import (
    EXAMPLE_ID_NUMBER,
    OrgLookup,
    chunks,
    department_names,
    identity_columns,
    post_titles,
)
from .sheet import (
    CHOICE,
    DATE,
    Column,
    ImportSpec,
    Outcome,
    RowAction,
    RowRefused,
    register,
    validation_errors,
)

# The plain facts a row may change on an existing employee (people_services.EMPLOYEE_FIELDS).
UPDATABLE = (
    "name",
    "department",
    "position",
    "employment_type",
    "id_type",
    "id_number",
    "hire_date",
)
RELATIONS = ("department", "position")


class _EmployeeBook:
    """What an employee sheet is checked against, loaded once; locked when the rows are
    going to be written."""

    def __init__(self, rows, *, lock: bool):
        self.org = OrgLookup()
        self.fields_changed: set[str] = set()  # what the updates change: all bulk_update sets
        numbers = {row.values["employee_no"] for row in rows}
        self.existing = {}
        for chunk in chunks(numbers):
            found = Employee.objects.filter(employee_no__in=chunk)
            if lock:
                found = found.select_for_update(of=("self",))
            self.existing.update((e.employee_no, e) for e in found)
        ids = {normalize(row.values["id_number"]) for row in rows if row.values["id_number"]}
        self.id_owner = {}
        for chunk in chunks(ids):
            owners = Employee.objects.filter(id_number__in=chunk)
            self.id_owner.update(owners.values_list("id_number", "employee_no"))

    def check(self, row):
        """(outcome, the employee as the row would leave them, the department they leave)."""
        values, errors = row.values, []
        department = position = None
        try:
            department = self.org.department(values["department"])
            if values["position"]:
                position = self.org.position(department, values["position"])
        except RowRefused as refused:
            errors += refused.errors
        employee = self.existing.get(values["employee_no"])
        if employee is None:
            employee = self._new(values, department, position, errors)
            action, left = RowAction.CREATED, None
        else:
            action, left = self._update(employee, values, department, position, errors)
        self._check_identity(employee, errors)
        try:
            employee.clean_fields(exclude=["user", "department", "position"])
            employee.clean()
        except ValidationError as error:
            errors += validation_errors(error)
        if errors:
            return Outcome(row.number, RowAction.INVALID, errors), None, None
        return Outcome(row.number, action), employee, left

    def _new(self, values, department, position, errors) -> Employee:
        employee = Employee(
            employee_no=values["employee_no"],
            name=values["name"],
            department=department,
            position=position,
            employment_type=values["employment_type"] or Employee.EmploymentType.FORMAL,
            id_type=values["id_type"] or IdType.RESIDENT_ID,
            id_number=values["id_number"] or "",
            hire_date=values["hire_date"],
        )
        try:
            people_services.starting_facts(employee, tier=values["tier"])
        except DomainError as error:
            errors.append(("", error.message))
        return employee

    def _update(self, employee, values, department, position, errors):
        """Apply the row's plain facts; the action and the department left (if any)."""
        old_department = self.org.department_by_id[employee.department_id]
        old_position = self.org.position_by_id.get(employee.position_id)
        employee.department, employee.position = old_department, old_position
        given = {**values, "department": department, "position": position}
        if values["id_number"]:  # as the record keeps it: "…002x" is no change of "…002X"
            given["id_number"] = normalize(values["id_number"])
        changed = set()
        for name in UPDATABLE:
            new = given[name]
            if new is None or (name in RELATIONS and department is None):
                continue  # an empty cell (or an unknown department) leaves the fact as it is
            current = getattr(employee, name)
            if name in RELATIONS:
                new_value, current = new.pk, current.pk if current else None
            else:
                new_value = new
            if new_value != current:
                setattr(employee, name, new)
                changed.add(name)
        if values["tier"] and values["tier"] != employee.tier:
            errors.append(
                (
                    "tier",
                    _(
                        "The tier changes only through its workflow (appointment, transfer): "
                        "leave the cell empty or as it is (%(tier)s)."
                    )
                    % {"tier": Tier(employee.tier).label},
                )
            )
        try:
            people_services.require_no_transfer(old_position, employee.position)
        except DomainError as error:
            errors.append(("position", error.message))
        try:
            people_services.require_not_heading(employee, old_department)
        except DomainError as error:
            errors.append(("department", error.message))
        self.fields_changed |= changed
        action = RowAction.UPDATED if changed else RowAction.UNCHANGED
        return action, old_department if employee.department_id != old_department.pk else None

    def _check_identity(self, employee, errors) -> None:
        number = normalize(employee.id_number)
        owner = self.id_owner.get(number, employee.employee_no) if number else None
        if owner and owner != employee.employee_no:
            errors.append(
                (
                    "id_number",
                    _("Duplicate: this identity number is already recorded for employee %(no)s.")
                    % {"no": owner},
                )
            )


def _run_employees(*, actor, rows, write, all_or_nothing, progress) -> list[Outcome]:
    book = _EmployeeBook(rows, lock=write)
    share = 0.2 if write else 1.0  # the check's share of the run's progress
    checked = []
    for index, row in enumerate(rows, start=1):
        checked.append(book.check(row))
        if index % 500 == 0:
            progress(share * index / len(rows))
    outcomes = [outcome for outcome, _employee, _left in checked]
    refused = any(outcome.action == RowAction.INVALID for outcome in outcomes)
    if write and not (all_or_nothing and refused):
        new = [e for o, e, _left in checked if o.action == RowAction.CREATED]
        changed = [e for o, e, _left in checked if o.action == RowAction.UPDATED]
        moved = [(e, left) for o, e, left in checked if left is not None]
        people_services.employees_import(
            actor=actor,
            new=new,
            changed=changed,
            fields=book.fields_changed,
            moved=moved,
            progress=lambda part: progress(share + (1 - share) * part),
        )
    return outcomes


def _employee_example() -> dict:
    post = Position.objects.filter(is_secret_post=False).select_related("department").first()
    department = post.department if post else Department.objects.order_by("code").first()
    return {
        "employee_no": "E0001",
        "name": "张三",
        "department": department.name if department else "",
        "position": post.title if post else "",
        "employment_type": Employee.EmploymentType.FORMAL,
        "id_type": IdType.RESIDENT_ID,
        "id_number": EXAMPLE_ID_NUMBER,
        "hire_date": datetime.date(2024, 3, 1),
        "tier": Tier.NONE,
    }


EMPLOYEES = register(
    ImportSpec(
        slug="employees",
        title=gettext_lazy("Employees"),
        columns=(
            Column(
                "employee_no",
                gettext_lazy("Employee No."),
                required=True,
                max_length=20,
                unique=True,
                as_text=True,
                note=gettext_lazy("A new number creates the employee; an existing one updates."),
            ),
            Column(
                "name",
                gettext_lazy("Full name"),
                required=True,
                max_length=50,
                aliases=(gettext_lazy("Name"),),
            ),
            Column(
                "department",
                gettext_lazy("Department"),
                required=True,
                options=department_names,
                width=20,
            ),
            Column(
                "position",
                gettext_lazy("Post"),
                options=post_titles,
                width=20,
                note=gettext_lazy("A post of the row's department."),
            ),
            Column(
                "employment_type",
                gettext_lazy("Employment type"),
                kind=CHOICE,
                choices=Employee.EmploymentType.choices,
                note=gettext_lazy("Empty: formal, for a new employee."),
            ),
            *identity_columns(required=False),
            Column("hire_date", gettext_lazy("Hire date"), required=True, kind=DATE, width=14),
            Column(
                "tier",
                gettext_lazy("Tier"),
                kind=CHOICE,
                choices=Tier.choices,
                note=gettext_lazy(
                    "New employees only, at most the post's tier (empty: the post's). An "
                    "existing employee's tier changes through its workflow."
                ),
            ),
        ),
        permissions=("personnel.add_employee", "personnel.change_employee"),
        run=_run_employees,
        url_name="personnel:employee_import",
        list_url=reverse_lazy("personnel:employee_list"),
        example=_employee_example,
        notes=(
            gettext_lazy(
                "Rows are matched on the employee number. Status and tier never change "
                "through an import; an empty cell leaves an existing employee's fact as it is."
            ),
        ),
    )
)
