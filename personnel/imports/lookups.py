"""Departments and posts looked up by what a sheet says: a name (or code), a title within the
department. Loaded once per sheet; shared by the employees' and the candidates' imports."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..identity import IdType
from ..models import Department, Position
from .sheet import CHOICE, Column, RowRefused

CHUNK = 2000  # values per IN (…) look-up
# The GB 11643 standard's own example number: valid, and nobody's.
EXAMPLE_ID_NUMBER = "11010519491231002X"


def identity_columns(*, required: bool) -> tuple[Column, Column]:
    """The identity document's type and number, as the employees' and candidates' sheets
    both ask for them."""
    return (
        Column(
            "id_type",
            gettext_lazy("identity document"),
            kind=CHOICE,
            choices=IdType.choices,
            width=24,
            note=gettext_lazy("Empty: resident identity card."),
        ),
        Column(
            "id_number",
            gettext_lazy("identity document number"),
            required=required,
            max_length=30,
            unique=True,
            as_text=True,
            width=22,
            note=gettext_lazy("18 digits with a valid check digit for a resident ID card."),
        ),
    )


def department_names() -> list[str]:
    return list(Department.objects.order_by("code").values_list("name", flat=True))


def post_titles() -> list[str]:
    titles = Position.objects.order_by("title").values_list("title", flat=True).distinct()
    return list(titles)


class OrgLookup:
    """Departments and posts loaded once for a whole sheet: a row costs no query."""

    def __init__(self):
        departments = list(Department.objects.select_related("head__user"))
        self.department_by_id = {d.pk: d for d in departments}
        self._departments = {}
        for department in departments:
            self._departments[department.code.strip().upper()] = department
            self._departments[department.name.strip().upper()] = department
        self.position_by_id = {}
        self._positions = {}
        self._titles: dict[str, list[str]] = {}
        for position in Position.objects.all():
            position.department = self.department_by_id[position.department_id]
            self.position_by_id[position.pk] = position
            self._positions[(position.department_id, position.title.strip())] = position
            self._titles.setdefault(position.title.strip(), []).append(position.department.name)

    def department(self, text: str, key: str = "department") -> Department:
        """A department by its name (or its code)."""
        department = self._departments.get(text.strip().upper())
        if department is None:
            raise RowRefused(key, _("Unknown department “%(name)s”.") % {"name": text})
        return department

    def position(self, department: Department, title: str, key: str = "position") -> Position:
        """A post of that department, by its title."""
        position = self._positions.get((department.pk, title.strip()))
        if position is not None:
            return position
        elsewhere = self._titles.get(title.strip())
        if elsewhere:
            raise RowRefused(
                key,
                _("The post “%(post)s” belongs to %(departments)s, not to %(department)s.")
                % {"post": title, "departments": "、".join(elsewhere), "department": department},
            )
        raise RowRefused(
            key,
            _("%(department)s has no post “%(post)s”.") % {"department": department, "post": title},
        )


def chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
