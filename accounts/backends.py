from collections.abc import Callable
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import connection
from django.db.models import Value
from django.utils import timezone

from core.prepared import prepared


class RightsBackend(ModelBackend):
    """Django's model backend, reading a user's rights from their roles and their direct
    grants in one query instead of two: every page asks for them."""

    @property
    def user_model(self):
        return get_user_model()

    def get_user(self, user_id):
        """The signed-in user with their employee record, which the navigation shows and
        most views read, and (on PostgreSQL) their rights: one query instead of three on
        every page, read afresh on each request."""
        if connection.vendor == "postgresql":
            user = _user_with_rights(self.user_model, user_id)
        else:
            users = self.user_model.objects.select_related("employee", "access_period")
            user = users.filter(pk=user_id).first()
        if user is None:
            return None
        if hasattr(user, "role_rights") and user.is_active and not user.is_superuser:
            user._group_perm_cache = right_names(user.role_rights)
            user._user_perm_cache = right_names(user.own_rights)
            user._perm_cache = user._group_perm_cache | user._user_perm_cache
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        """An account limited to a period (an external auditor's) is refused outside it."""
        if not super().user_can_authenticate(user):
            return False
        try:
            period = user.access_period
        except ObjectDoesNotExist:
            return True
        return period.covers(timezone.localdate())

    def get_all_permissions(self, user_obj, obj=None):
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or user_obj.is_superuser
        ):
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename", "source")
            # Unordered: SQLite refuses ORDER BY inside a UNION (Permission is ordered).
            permissions = Permission.objects.order_by()
            by_role = permissions.filter(group__user=user_obj).annotate(source=Value("g"))
            direct = permissions.filter(user=user_obj).annotate(source=Value("u"))
            rows = by_role.values_list(*fields).union(direct.values_list(*fields), all=True)
            rights = [(f"{app}.{codename}", source) for app, codename, source in rows]
            user_obj._group_perm_cache = {right for right, source in rights if source == "g"}
            user_obj._user_perm_cache = {right for right, source in rights if source == "u"}
            user_obj._perm_cache = user_obj._group_perm_cache | user_obj._user_perm_cache
        return user_obj._perm_cache

    def get_user_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_anonymous:
            self.get_all_permissions(user_obj)
            return getattr(user_obj, "_user_perm_cache", set())
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_anonymous:
            self.get_all_permissions(user_obj)
            return getattr(user_obj, "_group_perm_cache", set())
        return super().get_group_permissions(user_obj, obj)


def _rights_sql(user_model) -> tuple[str, str]:
    """The user's rights through their roles and their own, as two SQL arrays of permission
    ids for the user row of the outer query (their names: right_names). Written out rather
    than built with the ORM: compiling the two subqueries cost more than running the whole
    query, on every page; and ids rather than names: joining every right to its permission
    and content type doubled the query's cost."""
    tables = {
        "user": user_model._meta.db_table,
        "group_rights": Group.permissions.through._meta.db_table,
        "user_groups": user_model.groups.through._meta.db_table,
        "user_rights": user_model.user_permissions.through._meta.db_table,
    }
    tables = {key: connection.ops.quote_name(table) for key, table in tables.items()}
    by_role = (
        "SELECT gp.permission_id FROM {group_rights} gp "
        "JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.user_id = {user}.id"
    )
    own = "SELECT up.permission_id FROM {user_rights} up WHERE up.user_id = {user}.id"
    return f"ARRAY({by_role.format(**tables)})", f"ARRAY({own.format(**tables)})"


# Every permission's "app_label.codename" by its id, read once per process, in the first
# user's query (_NAMES_SQL): permissions are added by migrations and hardly ever otherwise.
# An id not in it (a permission added since by another process) reads them again at once.
# Replaced whole, never changed in place: a thread reading it never sees it half filled.
_right_names: dict[int, str] = {}
_NAMES_SQL = (
    "SELECT p.id, ct.app_label || '.' || p.codename FROM {permission} p "
    "JOIN {content_type} ct ON ct.id = p.content_type_id"
)


def right_names(ids) -> set[str]:
    """The names of the permissions `ids`, as user.has_perm takes them."""
    known = _right_names
    if not known.keys() >= set(ids):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pairs_sql(_names_sql())}")
            known = _learn_names(cursor.fetchone()[0])
    return {known[pk] for pk in ids if pk in known}


def _learn_names(read: list[str]) -> dict[int, str]:
    """Keep the names _NAMES_SQL read, as pairs_sql packed them."""
    return _names_keep({int(pk): name for pk, name in split_pairs(read)})


def forget_right_names() -> None:
    """A permission was added, changed or removed in this process (a test, a migration)."""
    _names_keep({})


def _names_keep(names: dict[int, str]) -> dict[int, str]:
    global _right_names
    _right_names = names
    return names


def _names_sql() -> str:
    tables = {
        "permission": Permission._meta.db_table,
        "content_type": Permission._meta.get_field("content_type").related_model._meta.db_table,
    }
    return _NAMES_SQL.format(**{key: connection.ops.quote_name(t) for key, t in tables.items()})


JOINED = ("employee", "access_period")  # the user's one-to-one records read with them

# Values about the signed-in user that pages read on every request (the navigation's badges,
# the clearances an archive page checks), read in the user's own query rather than by one
# more each. A higher app registers how to read one (`read_with_user`); the user carries
# them, as of the request's start, as `user.read_with_user[name]`.
_READ_WITH_USER: dict[str, Callable[[int], tuple[str, list]]] = {}


def read_with_user(name: str, sql_of: Callable[[int], tuple[str, list]]) -> None:
    """Read `name` with the signed-in user: `sql_of(user_id)` gives a query of one value and
    its parameters (on PostgreSQL; elsewhere the value is not read)."""
    _READ_WITH_USER[name] = sql_of


def read_with(user, name: str):
    """The value `name` read with this user (read_with_user), or None where it was not: a
    user loaded otherwise, another database."""
    return getattr(user, "read_with_user", {}).get(name)


def pairs_sql(sql: str) -> str:
    """The rows of `sql`, a query of two columns, as one PostgreSQL value, an array of
    "first:second" texts (the first column never holds a colon); split_pairs reads it."""
    return f"ARRAY(SELECT p.a || ':' || p.b FROM ({sql}) AS p(a, b))"  # nosec B608


def split_pairs(packed: list[str]) -> list[tuple[str, str]]:
    return [(first, second) for first, _, second in (one.partition(":") for one in packed)]


def _user_with_rights(user_model, user_id):
    """The user, their JOINED records and their rights from one prepared query, written out
    and built into models here: the ORM compiled the same query and built the same objects
    in ~1.2 ms on every page, several times the query's own cost."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    select, tables, parts = _user_sql(user_model)
    extras = [sql_of(pk) for sql_of in _READ_WITH_USER.values()]
    columns = "".join(f", ({sql})" for sql, _params in extras)
    learning = not _right_names  # the first user of this process: read every right's name
    if learning:
        columns += f", {pairs_sql(_names_sql())}"
    with prepared(), connection.cursor() as cursor:
        cursor.execute(
            f"{select}{columns} {tables}",
            [*(value for _sql, params in extras for value in params), pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    found, start = {}, 0
    for name, model, names in parts:
        values = row[start : start + len(names)]
        start += len(names)
        found[name] = model.from_db(connection.alias, names, values) if values[0] else None
    user = found["user"]
    for name in JOINED:
        relation = user_model._meta.get_field(name)  # the reverse one-to-one
        relation.set_cached_value(user, found[name])
        if found[name] is not None:
            relation.field.set_cached_value(found[name], user)
    user.role_rights, user.own_rights = row[start], row[start + 1]
    values = row[start + 2 : start + 2 + len(extras)]
    user.read_with_user = dict(zip(_READ_WITH_USER, values, strict=True))
    if learning:
        _learn_names(row[-1])
    return user


@cache
def _user_sql(user_model) -> tuple[str, str, list]:
    """The query's select list and its FROM and WHERE clauses (the user's id its one
    parameter), and its parts: (name, model, field names, the key first) in column order."""
    quote = connection.ops.quote_name
    user_table = quote(user_model._meta.db_table)
    parts, columns, joins = [], [], []
    for name in ("user", *JOINED):
        model = user_model if name == "user" else user_model._meta.get_field(name).related_model
        fields = [model._meta.pk] + [f for f in model._meta.concrete_fields if not f.primary_key]
        if any(hasattr(field, "from_db_value") for field in fields):
            raise ImproperlyConfigured(f"{model._meta.label}: a field converts its values")
        table = quote(model._meta.db_table)
        columns += [f"{table}.{quote(field.column)}" for field in fields]
        parts.append((name, model, [field.attname for field in fields]))
        if name != "user":
            user_column = quote(user_model._meta.get_field(name).field.column)
            joins.append(f"LEFT JOIN {table} ON {table}.{user_column} = {user_table}.id")
    by_role, own = _rights_sql(user_model)
    # Safe: names from the models, the one value a parameter.
    select = f"SELECT {', '.join(columns)}, {by_role}, {own}"
    tables = f"FROM {user_table} {' '.join(joins)} WHERE {user_table}.id = %s"
    return select, tables, parts
