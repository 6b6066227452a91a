"""Importing from Excel (issue 17): the template round trip, each error kind with its row,
column and reason, the all-or-nothing rule, the update-by-number rule, and who may import."""

import datetime
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from audit.models import AccessLog
from config.celery import app as celery_app
from personnel.identity import gb11643_check_digit
from personnel.models import Department, Employee, Position, Tier
from personnel.services import imports as services
from reports.models import ImportJob

pytestmark = pytest.mark.django_db

HEADER = [
    "工号",
    "姓名",
    "部门",
    "岗位",
    "用工类型",
    "证件类型",
    "身份证件号码",
    "入职日期",
    "涉密等级",
]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def id_number(serial: int, born: str = "19900307") -> str:
    first17 = f"110105{born}{serial:03d}"
    return first17 + gb11643_check_digit(first17)


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("员工.xlsx", buffer.getvalue())


def person(
    no, name="新人", dept="研发部", post="", etype="正式", id_no="", hired="2025-03-01", tier=""
):
    return [no, name, dept, post, etype, "居民身份证" if id_no else "", id_no, hired, tier]


def upload(client, upload_file, url="personnel:employee_import", capture=None) -> ImportJob:
    with capture(execute=True):
        response = client.post(reverse(url), {"file": upload_file})
    job = ImportJob.objects.latest("pk")
    assert response.url == reverse("personnel:import_job", args=[job.pk])
    return job


def confirm(client, job, mode, capture):
    with capture(execute=True):
        return client.post(reverse("personnel:import_confirm", args=[job.pk]), {"mode": mode})


def errors_of(job) -> list[tuple]:
    return [tuple(error) for error in job.errors]


@pytest.fixture
def hr_client(demo, login, eager_celery):
    return login("hr")


def test_the_template_round_trip(hr_client, django_capture_on_commit_callbacks):
    response = hr_client.get(reverse("personnel:employee_import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.values)
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "E0001" and rows[1][6] == "11010519491231002X"  # the example row
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    # drop-downs: department, post, employment type, identity document, tier
    assert set(lists) == {"C2", "D2", "E2", "F2", "I2"}
    departments = [row[0] for row in workbook["lists"].iter_rows(values_only=True) if row[0]]
    assert "研发部" in departments and workbook["lists"].sheet_state == "hidden"

    # HR keeps the example row and fills two people below it, as they would in Excel.
    sheet.append(person("N0001", "陈新", "研发部", "研发工程师", id_no=id_number(1)))
    sheet.append(
        person("N0002", "周到", "客服部", "客服助理", "实习", hired=datetime.date(2025, 7, 1))
    )
    buffer = BytesIO()
    workbook.save(buffer)
    filled = SimpleUploadedFile("员工导入模板.xlsx", buffer.getvalue())
    job = upload(hr_client, filled, capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.skipped_example
    assert (job.total, job.created, job.invalid) == (2, 2, 0)
    assert not Employee.objects.filter(employee_no__in=["N0001", "N0002"]).exists()  # preview

    confirm(hr_client, job, ImportJob.Mode.ALL, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    engineer = Employee.objects.get(employee_no="N0001")
    intern = Employee.objects.get(employee_no="N0002")
    # As employee_create would: the post's tier, a secret post waits for its pre-post gate.
    assert (engineer.tier, engineer.status) == (Tier.CORE, Employee.Status.AWAITING_POST)
    assert (intern.tier, intern.status) == (Tier.NONE, Employee.Status.ACTIVE)
    assert intern.employment_type == Employee.EmploymentType.INTERN
    assert intern.hire_date == datetime.date(2025, 7, 1)
    assert engineer.history.get().history_user.username == "hr"
    entries = AccessLog.objects.filter(action=AccessLog.Action.IMPORT)
    assert [(e.username, e.target_id) for e in entries] == [("hr", str(job.pk))]
    # The department head sees the new person, as after employee_create.
    assert login_sees("head_rd", engineer)


def login_sees(username, employee) -> bool:
    from django.contrib.auth import get_user_model

    from personnel.selectors import visible_employees

    user = get_user_model().objects.get(username=username)
    return visible_employees(user).filter(pk=employee.pk).exists()


def test_each_error_kind_is_shown_with_its_row_column_and_reason(
    hr_client, django_capture_on_commit_callbacks
):
    taken = Employee.objects.get(employee_no="R0003")
    taken.id_number = id_number(9)
    taken.save()
    bad_checksum = id_number(2)[:-1] + ("0" if id_number(2)[-1] != "0" else "1")
    rows = [
        person("N0001", dept="研发中心"),  # row 2: unknown department
        person("N0002", id_no=bad_checksum),  # row 3: bad ID number
        person("N0003", dept="研发部", post="客服专员"),  # row 4: post of another department
        person("N0004", dept="客服部", post="客服专员", tier="核心"),  # row 5: tier above post
        person("N0005"),  # row 6: fine
        person("N0005", name="重复"),  # row 7: duplicate number in the file
        person("N0007", id_no=id_number(9)),  # row 8: ID number of an existing employee
        person("N0008", hired="三月"),  # row 9: not a date
        person("", name=""),  # row 10: required cells empty
    ]
    job = upload(hr_client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    errors = errors_of(job)
    by_row = {row: (column, reason) for row, column, reason in errors}
    assert by_row[2] == ("部门", "未知部门“研发中心”。")
    assert by_row[3][0] == "身份证件号码" and "校验" in by_row[3][1]
    assert by_row[4] == ("岗位", "岗位“客服专员”属于客服部，不属于研发部。")
    assert by_row[5][0] == "涉密等级" and "高于" in by_row[5][1]
    assert 6 not in by_row
    assert by_row[7] == ("工号", "重复：与第 6 行的值相同。")
    assert by_row[8][0] == "身份证件号码" and "R0003" in by_row[8][1]
    assert by_row[9][0] == "入职日期" and "不是日期" in by_row[9][1]
    assert {(c, r) for row, c, r in errors if row == 10} >= {
        ("工号", "必填项为空。"),
        ("姓名", "必填项为空。"),
    }
    assert (job.total, job.created, job.invalid) == (9, 1, 8)
    page = hr_client.get(reverse("personnel:import_job", args=[job.pk])).content.decode()
    assert "未知部门“研发中心”。" in page and 'data-testid="import-all" disabled' in page


def test_nothing_is_written_while_any_row_is_in_error(
    hr_client, django_capture_on_commit_callbacks
):
    rows = [person("N0001"), person("N0002", dept="研发中心"), person("N0003")]
    job = upload(hr_client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    response = confirm(hr_client, job, ImportJob.Mode.ALL, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert "有错误" in str(list(get_messages(response.wsgi_request))[0])
    assert not Employee.objects.filter(employee_no__startswith="N000").exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.IMPORT).exists()

    confirm(hr_client, job, ImportJob.Mode.VALID_ONLY, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and (job.created, job.invalid) == (2, 1)
    imported = Employee.objects.filter(employee_no__startswith="N000")
    assert sorted(imported.values_list("employee_no", flat=True)) == ["N0001", "N0003"]
    assert AccessLog.objects.filter(action=AccessLog.Action.IMPORT).count() == 1


def test_rows_that_turn_invalid_after_the_check_stop_an_all_rows_import(
    hr_client, django_capture_on_commit_callbacks
):
    rows = [person("N0001", id_no=id_number(5)), person("N0002")]
    job = upload(hr_client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    someone = Employee.objects.get(employee_no="R0004")  # meanwhile, on the edit page
    someone.id_number = id_number(5)
    someone.save()
    confirm(hr_client, job, ImportJob.Mode.ALL, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.invalid == 1
    assert errors_of(job)[0][:2] == (2, "身份证件号码")
    assert not Employee.objects.filter(employee_no__in=["N0001", "N0002"]).exists()


def test_an_existing_number_updates_the_plain_facts_never_status_or_tier(
    hr_client, django_capture_on_commit_callbacks
):
    intern = Employee.objects.get(employee_no="R0007")  # 宋宇, 研发部, intern, no post
    leaving = Employee.objects.get(employee_no="C0005")
    Employee.objects.filter(pk=leaving.pk).update(status=Employee.Status.RESIGNING)
    untouched = Employee.objects.get(employee_no="C0006")
    versions = untouched.history.count()
    rows = [
        person("R0007", "宋宇", "研发部", "", "正式", hired="2024-09-01"),
        person("C0005", "冯刚", "客服部", "客服助理", "合同", hired=leaving.hire_date),
        # as it is: nothing written; 邓超's tier stays, his status too
        person("C0006", "邓超", "客服部", "客服助理", "外包", hired=untouched.hire_date),
    ]
    job = upload(hr_client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged, job.invalid) == (0, 2, 1, 0)
    confirm(hr_client, job, ImportJob.Mode.ALL, django_capture_on_commit_callbacks)
    intern.refresh_from_db()
    leaving.refresh_from_db()
    assert intern.employment_type == Employee.EmploymentType.FORMAL
    assert intern.hire_date == datetime.date(2024, 9, 1)
    assert leaving.employment_type == Employee.EmploymentType.CONTRACT
    assert leaving.status == Employee.Status.RESIGNING  # the workflow's, not the import's
    assert untouched.history.count() == versions
    assert intern.history.first().history_user.username == "hr"


def test_an_import_never_changes_a_tier_or_moves_someone_into_a_secret_post(
    hr_client, django_capture_on_commit_callbacks
):
    rows = [
        person("R0007", "宋宇", "研发部", tier="一般"),  # a tier change
        person("C0005", "冯刚", "客服部", "客服专员"),  # into a secret post: a transfer
        person("R0001", "张伟", "客服部", "客服助理"),  # the head of 研发部 leaving it
    ]
    job = upload(hr_client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    by_row = {row: (column, reason) for row, column, reason in errors_of(job)}
    assert by_row[2][0] == "涉密等级" and "流程" in by_row[2][1]
    assert by_row[3][0] == "岗位" and "调岗" in by_row[3][1]
    head_leaving = [(column, reason) for row, column, reason in errors_of(job) if row == 4]
    assert ("部门", "此人是研发部的负责人：请先任命其他负责人。") in head_leaving
    assert job.invalid == 3


def test_an_exported_list_comes_back_unchanged(hr_client, django_capture_on_commit_callbacks):
    exported = hr_client.get(reverse("personnel:employee_list_xlsx"))
    job = upload(
        hr_client,
        SimpleUploadedFile("export.xlsx", exported.content),
        capture=django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.error
    assert job.total == Employee.objects.count() == job.unchanged


def test_a_file_that_is_not_a_filled_template_is_refused(
    hr_client, django_capture_on_commit_callbacks
):
    response = hr_client.post(
        reverse("personnel:employee_import"), {"file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4")}
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()
    job = upload(
        hr_client,
        xlsx([["x", "y"]], header=["甲", "乙"]),
        capture=django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "工号" in job.error


def test_the_progress_page_polls_until_the_run_is_over(demo, login, django_user_model):
    client = login("hr")
    hr = django_user_model.objects.get(username="hr")
    job = ImportJob.objects.create(
        kind="employees", requested_by=hr, file_name="a.xlsx", total=200, done=90
    )
    url = reverse("personnel:import_job", args=[job.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and "pct-45" in page
    assert "90 / 200" in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    services.import_check_run(job_id=job.pk)  # no file: the check fails, and says why
    finished = client.get(url, HTTP_HX_REQUEST="true")
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"


@pytest.mark.parametrize(
    ("username", "url_name", "expected"),
    [
        ("hr", "personnel:employee_import", 200),
        ("hr", "personnel:org_import", 200),
        ("hr", "onboarding:candidate_import", 200),
        ("sysadmin", "personnel:org_import", 200),  # keeps departments and posts (C10)
        ("sysadmin", "personnel:employee_import", 404),
        ("head_rd", "personnel:employee_import", 404),
        ("head_rd", "personnel:employee_import_template", 404),
        ("hr_head", "personnel:employee_import", 404),
        ("auditor", "personnel:org_import_template", 404),
        ("emp_rd", "onboarding:candidate_import", 404),
        ("head_rd", "onboarding:candidate_import_template", 404),
    ],
)
def test_only_who_may_write_the_records_may_import_them(demo, login, username, url_name, expected):
    assert login(username).get(reverse(url_name)).status_code == expected


def test_an_import_is_seen_by_its_uploader_only(demo, login, django_user_model):
    from django.core.exceptions import PermissionDenied

    hr = django_user_model.objects.get(username="hr")
    job = ImportJob.objects.create(kind="employees", requested_by=hr, file_name="a.xlsx")
    for username in ("head_rd", "hr_head", "security"):
        client = login(username)
        assert client.get(reverse("personnel:import_job", args=[job.pk])).status_code == 404
    head = django_user_model.objects.get(username="head_rd")
    with pytest.raises(PermissionDenied):
        services.import_start(actor=head, kind="employees", upload=xlsx([]))


def test_the_lists_link_to_their_import(demo, login):
    client = login("hr")
    for url_name, target in [
        ("personnel:employee_list", "personnel:employee_import"),
        ("personnel:department_list", "personnel:org_import"),
        ("personnel:position_list", "personnel:org_import"),
        ("onboarding:candidate_list", "onboarding:candidate_import"),
    ]:
        assert reverse(target) in client.get(reverse(url_name)).content.decode()
    head_page = login("head_rd").get(reverse("personnel:employee_list")).content.decode()
    assert reverse("personnel:employee_import") not in head_page


def test_departments_and_posts_import_through_their_services(
    hr_client, django_capture_on_commit_callbacks
):
    header = ["编码", "部门", "技术部门", "岗位", "涉密岗位", "所需涉密等级", "保密职责"]
    rows = [
        ["QA", "质量部", "是", "", "", "", ""],
        ["QA", "质量部", "", "质量工程师", "是", "一般", "保密"],
        ["RD", "研发部", "", "研发工程师", "", "", "新的职责"],  # an existing post updated
        ["QA", "质量部", "", "质检员", "是", "", ""],  # a secret post without a tier
        ["CS", "研发部", "", "", "", "", ""],  # the name of another department
    ]
    job = upload(
        hr_client,
        xlsx(rows, header=header),
        url="personnel:org_import",
        capture=django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    by_row = {row: (column, reason) for row, column, reason in errors_of(job)}
    assert set(by_row) == {5, 6}
    assert by_row[5][0] == "所需涉密等级" and by_row[6][0] == "部门"
    assert not Department.objects.filter(code="QA").exists()  # the check wrote nothing
    confirm(hr_client, job, ImportJob.Mode.VALID_ONLY, django_capture_on_commit_callbacks)
    qa = Department.objects.get(code="QA")
    assert qa.is_technical and qa.history.get().history_user.username == "hr"
    post = Position.objects.get(department=qa, title="质量工程师")
    assert post.is_secret_post and post.required_tier == Tier.GENERAL
    assert Position.objects.get(department__code="RD", title="研发工程师").duties == "新的职责"
    assert not Position.objects.filter(title="质检员").exists()


def test_the_check_of_many_rows_costs_a_fixed_number_of_queries(
    demo, django_user_model, django_assert_max_num_queries, tmp_path
):
    hr = django_user_model.objects.get(username="hr")
    rows = [
        person(f"M{n:04d}", id_no=id_number(n % 1000, f"19{70 + n // 1000}0101"))
        for n in range(600)
    ]
    job = services.import_start(actor=hr, kind="employees", upload=xlsx(rows))
    with django_assert_max_num_queries(25):
        services.import_check_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.invalid) == (ImportJob.Status.CHECKED, 600, 0)


def test_a_move_between_departments_moves_the_heads_sight(
    hr_client, django_capture_on_commit_callbacks
):
    mover = Employee.objects.get(employee_no="R0007")  # 研发部, no post
    assert login_sees("head_rd", mover) and not login_sees("head_cs", mover)
    job = upload(
        hr_client,
        xlsx([person("R0007", "宋宇", "客服部", "客服助理", "实习", hired=mover.hire_date)]),
        capture=django_capture_on_commit_callbacks,
    )
    confirm(hr_client, job, ImportJob.Mode.ALL, django_capture_on_commit_callbacks)
    mover.refresh_from_db()
    assert mover.department.code == "CS" and mover.position.title == "客服助理"
    assert login_sees("head_cs", mover) and not login_sees("head_rd", mover)


def test_an_identity_number_written_in_lower_case_is_no_change(
    hr_client, django_capture_on_commit_callbacks
):
    someone = Employee.objects.get(employee_no="C0006")
    someone.id_number = "11010519491231002X"
    someone.save()
    row = person("C0006", "邓超", "客服部", "客服助理", "外包", "11010519491231002x")
    row[7] = someone.hire_date
    job = upload(hr_client, xlsx([row]), capture=django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.updated, job.unchanged, job.invalid) == (0, 1, 0), job.errors
