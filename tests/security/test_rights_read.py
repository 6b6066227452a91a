"""A signed-in request reads the user, their employee record and their rights (roles and
direct grants) in one query, and afresh on every request: a right taken away applies at the
next page, never later."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from personnel.roles import Role

pytestmark = pytest.mark.django_db


def test_the_user_and_their_rights_come_in_one_query(demo, login, django_user_model):
    client = login("hr")
    client.get(reverse("login"))  # the process has read the permissions' names by now
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    rights_reads = [q["sql"] for q in queries if '"auth_group_permissions"' in q["sql"]]
    assert len(rights_reads) == 1
    assert 'FROM "auth_user"' in rights_reads[0]  # read along with the user
    assert not [q for q in queries if '"auth_permission"' in q["sql"]]  # names known
    user = response.wsgi_request.user
    assert user.has_perm("personnel.add_employee") and not user.has_perm("audit.view_accesslog")


def test_a_permission_added_since_the_names_were_read_counts(demo, login, django_user_model):
    """The rights come as permission ids, named from a table the process read once; a
    permission it has not seen (added by another process's migration) reads it again."""
    client = login("emp_cs")
    client.get(reverse("login"))
    content_type = ContentType.objects.get_for_model(AccessLog)
    Permission.objects.bulk_create(  # as migrations add them: no signal this process hears
        [Permission(codename="view_new_report", name="new", content_type=content_type)]
    )
    right = Permission.objects.get(codename="view_new_report")
    django_user_model.objects.get(username="emp_cs").user_permissions.add(right)
    response = client.get(reverse("login"))
    assert response.wsgi_request.user.has_perm("audit.view_new_report")


def test_a_right_granted_or_taken_applies_on_the_next_request(demo, login, django_user_model):
    user = django_user_model.objects.get(username="emp_cs")
    client = login("emp_cs")
    right = Permission.objects.get(codename="view_accesslog", content_type__app_label="audit")
    assert client.get(reverse("audit:access_log")).status_code in (403, 404)
    user.user_permissions.add(right)  # a direct grant
    assert client.get(reverse("audit:access_log")).status_code == 200
    user.user_permissions.remove(right)
    assert client.get(reverse("audit:access_log")).status_code in (403, 404)
    Group.objects.get(name=Role.AUDITOR).user_set.add(user)  # by a role
    assert client.get(reverse("audit:access_log")).status_code == 200
