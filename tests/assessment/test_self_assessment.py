"""Self-assessment on the demo data: figures computed by hand, the records behind a lost
point one click away, saving a run, and who may see it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from assessment.models import AssessmentRun, StandardItem
from assessment.selectors import assessment_compute
from assessment.services import assessment_run_save
from clearance.models import PeriodicReview
from clearance.services.grants import review_record
from core.errors import DomainError
from personnel.models import Employee

pytestmark = pytest.mark.django_db

YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}
FROM, TO = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


def _figures(assessment):
    return {
        result.item.code: (result.item.points, result.score, result.lost)
        for result in assessment.results
    }


def _labels(assessment, code):
    (result,) = [result for result in assessment.results if result.item.code == code]
    return [shortfall.label for shortfall in result.shortfalls]


def test_the_default_standard_is_the_personnel_section_of_50_points():
    items = StandardItem.objects.filter(section="涉密人员管理")
    assert items.count() == 12
    assert sum(item.points for item in items) == 50


def test_every_default_item_is_measured_and_counts_in_the_standards_order(demo):
    assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert list(_figures(assessment)) == [f"1.{n}" for n in range(1, 13)]
    assert assessment.points == 50


def test_an_item_whose_measure_the_product_lacks_stays_out(demo):
    # Left from an older release, say: it must not score full marks unexamined.
    StandardItem.objects.create(
        section="涉密人员管理", code="9.9", title="旧条目", points=5, measure="gone", order=99
    )
    assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert "9.9" not in _figures(assessment)
    assert assessment.points == 50


def test_the_demo_figures_match_the_hand_count(demo):
    with translation.override("zh-hans"):
        assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert _figures(assessment) == {
        # Everyone in a secret post is classified, and nobody classified is outside one.
        "1.1": (4, 4, 0),
        # 唐宁 (R0008) and 曹颖 (C0007) are classified and never signed a commitment.
        "1.2": (5, 3, 2),
        # 孙浩 (I0001) took up his secret post on 2024-10-10 with no pre-post training; the
        # other 2024 hire, 邓超 (C0006), holds no secret post.
        "1.3": (5, 4, 1),
        # No monthly education was assigned in any of the 12 months; 5 points, all lost.
        "1.4": (5, 0, 5),
        # Nobody was assessed, so nobody failed.
        "1.5": (4, 4, 0),
        # No review was ever held: the 22 classified hired by 2023 were due by the end of
        # 2024 (孙浩, hired 2024-10-10, is due in 2025); 4 points, all lost.
        "1.6": (4, 0, 4),
        # Nobody travelled, left or borrowed: nothing lost.
        "1.7": (4, 4, 0),
        "1.8": (4, 4, 0),
        "1.9": (5, 5, 0),
        "1.10": (3, 3, 0),
        # No violation was recorded and no leak incident discovered: the demo (personnel's,
        # and manage.py seed_demo's trips, candidates and archives) records none, and its one
        # missing archive item went missing days before today, far from the 10 or 60 days
        # after which the archives open an incident. Nothing to handle, nothing lost.
        "1.11": (3, 3, 0),
        "1.12": (4, 4, 0),
    }
    # 50 points; lost 2 (1.2) + 1 (1.3) + 5 (1.4) + 4 (1.6) = 12.
    assert (assessment.points, assessment.score) == (50, 38)
    assert _labels(assessment, "1.11") == []
    assert _labels(assessment, "1.2") == ["曹颖（C0007）", "唐宁（R0008）"]
    assert _labels(assessment, "1.3") == ["孙浩（I0001） · 未通过岗前保密培训"]


def _review_labels(period_to):
    assessment = assessment_compute(period_from=datetime.date(2024, 1, 1), period_to=period_to)
    return _labels(assessment, "1.6")


def test_a_review_held_takes_its_person_off_the_overdue_list(demo):
    assert len(_review_labels(TO)) == 22
    today = timezone.localdate()
    assert len(_review_labels(today)) == 23  # by now 孙浩's first review is due as well
    officer = get_user_model().objects.get(username="security")
    reviewed = Employee.objects.get(employee_no="R0008")
    review_record(actor=officer, employee=reviewed, result=PeriodicReview.Result.PASSED)
    after = _review_labels(today)
    assert len(after) == 22
    assert not any(label.startswith(str(reviewed)) for label in after)
    # The review is held today: the end of 2024 still counts it overdue.
    assert len(_review_labels(TO)) == 22


def test_someone_in_a_secret_post_left_unclassified_loses_a_point(demo):
    from personnel.models import Position, Tier
    from personnel.services import people

    people.employee_create(
        actor=get_user_model().objects.get(username="hr"),
        employee_no="R0099",
        name="新员工",
        department=Position.objects.get(title="研发工程师").department,
        position=Position.objects.get(title="研发工程师"),
        employment_type=Employee.EmploymentType.FORMAL,
        hire_date=datetime.date(2024, 5, 6),
        status=Employee.Status.ACTIVE,
        tier=Tier.NONE,
    )
    with translation.override("zh-hans"):
        assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert _labels(assessment, "1.1") == ["新员工（R0099） · 在涉密岗位却未定涉密等级"]
    assert _figures(assessment)["1.1"] == (4, 3, 1)


def test_a_period_before_the_hires_has_no_pre_post_shortfall(demo):
    assessment = assessment_compute(
        period_from=datetime.date(2025, 1, 1), period_to=datetime.date(2025, 6, 30)
    )
    assert _figures(assessment)["1.3"] == (5, 5, 0)


def test_deduction_is_capped_at_the_items_points(demo):
    item = StandardItem.objects.get(code="1.2")
    item.deduction = 4
    item.save()
    assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert _figures(assessment)["1.2"] == (5, 0, 5)


def test_the_office_sees_the_sheet_and_a_lost_point_opens_its_record(demo, login):
    client = login("security")
    page = client.get(reverse("assessment:index"), YEAR_2024)
    assert page.status_code == 200
    body = page.content.decode()
    link = reverse("assessment:item_shortfalls", args=[StandardItem.objects.get(code="1.2").pk])
    assert link in body
    records = client.get(link, YEAR_2024)
    assert records.status_code == 200
    unsigned = Employee.objects.get(employee_no="R0008")
    record_url = reverse("personnel:employee_detail", args=[unsigned.pk])
    assert f'href="{record_url}"' in records.content.decode()
    record = client.get(record_url)
    assert record.status_code == 200
    assert "唐宁" in record.content.decode()


def test_saving_a_run_keeps_who_when_and_the_figures(demo, login):
    client = login("security")
    response = client.post(reverse("assessment:run_save"), YEAR_2024)
    run = AssessmentRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessment:run_detail", args=[run.pk])
    assert run.run_by.username == "security"
    assert (run.period_from, run.period_to, run.points, run.score) == (FROM, TO, 50, 38)
    p02 = next(figure for figure in run.figures if figure["code"] == "1.2")
    assert (p02["score"], p02["lost"], len(p02["shortfalls"])) == (3, 2, 2)
    assert run.history.get().history_user.username == "security"
    assert client.get(reverse("assessment:run_list")).status_code == 200
    detail = client.get(response.url).content.decode()
    records = reverse("assessment:run_item_shortfalls", args=[run.pk, 1])  # 1.2, second
    assert f'href="{records}"' in detail
    assert "唐宁" in client.get(records).content.decode()


def test_the_auditor_reads_but_may_not_save(demo, login):
    client = login("auditor")
    assert client.get(reverse("assessment:index"), YEAR_2024).status_code == 200
    assert client.post(reverse("assessment:run_save"), YEAR_2024).status_code == 403
    assert not AssessmentRun.objects.exists()
    with pytest.raises(PermissionDenied):
        assessment_run_save(
            actor=get_user_model().objects.get(username="auditor"), period_from=FROM, period_to=TO
        )


@pytest.mark.parametrize(
    "period",
    [{"from": "0001-01-01", "to": "2024-12-31"}, {"from": "2024", "to": "2024-12-31"}, {}],
)
def test_a_malformed_period_is_a_400_and_saves_nothing(demo, login, period):
    assert login("security").post(reverse("assessment:run_save"), period).status_code == 400
    assert not AssessmentRun.objects.exists()


def test_a_reversed_period_is_refused(demo):
    officer = get_user_model().objects.get(username="security")
    with pytest.raises(DomainError):
        assessment_run_save(actor=officer, period_from=TO, period_to=FROM)


@pytest.mark.parametrize("username", ["emp_rd", "hr", "head_rd", "sysadmin"])
def test_everyone_else_gets_404(demo, login, username):
    client = login(username)
    assert client.get(reverse("assessment:index")).status_code == 404
    item = StandardItem.objects.get(code="1.2")
    assert client.get(reverse("assessment:item_shortfalls", args=[item.pk])).status_code == 404
    assert client.get(reverse("assessment:run_list")).status_code == 404
    assert client.post(reverse("assessment:run_save"), YEAR_2024).status_code == 404


def test_the_pack_pdf_reads_back_with_the_sheet_and_the_records(demo, login, tmp_path):
    from audit.models import AccessLog
    from tests.reports.test_roster_cache import pdf_text

    response = login("auditor").get(reverse("assessment:pack_pdf"), YEAR_2024)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "秘密★" in text
    assert "自查评分表" in text
    assert "1.2涉密人员签订保密承诺书53" in text  # points, score, lost 2
    assert "38/50" in text
    assert "唐宁（R0008）" in text and "曹颖（C0007）" in text
    assert "孙浩（I0001）" in text
    log = AccessLog.objects.get(target_type="report:self_assessment")
    assert log.copy_number.startswith("SELF_ASSESSMENT-")
    assert log.action == AccessLog.Action.EXPORT


def test_the_pack_is_no_one_elses(demo, login):
    assert login("emp_rd").get(reverse("assessment:pack_pdf"), YEAR_2024).status_code == 404


def test_the_sheet_costs_one_query_per_item_however_many_records(demo, django_assert_num_queries):
    # The items, then one query per measured item (twelve; monthly education two, and
    # violations handled two: violations, then incidents): the rows found cost nothing more.
    with django_assert_num_queries(15):
        assessment = assessment_compute(period_from=FROM, period_to=TO)
    assert sum(len(result.shortfalls) for result in assessment.results) == 37


def test_a_long_list_of_records_comes_in_pages(demo, login, monkeypatch):
    from assessment import views

    monkeypatch.setattr(views, "SHORTFALLS_PER_PAGE", 10)
    client = login("security")
    item = StandardItem.objects.get(code="1.6")  # 22 reviews overdue at the end of 2024
    url = reverse("assessment:item_shortfalls", args=[item.pk])
    first = client.get(url, YEAR_2024)
    assert len(first.context["page"]) == 10
    assert "to=2024-12-31&page=2" in first.content.decode()  # the period is kept
    last = client.get(url, {**YEAR_2024, "page": 3})
    assert len(last.context["page"]) == 2


def test_a_saved_runs_records_come_in_pages(demo, login, monkeypatch):
    from assessment import views

    monkeypatch.setattr(views, "SHORTFALLS_PER_PAGE", 10)
    client = login("security")
    client.post(reverse("assessment:run_save"), YEAR_2024)
    run = AssessmentRun.objects.get()
    index = [figure["code"] for figure in run.figures].index("1.6")  # 22 reviews overdue
    url = reverse("assessment:run_item_shortfalls", args=[run.pk, index])
    assert (
        f'href="{url}"'
        in client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    )
    first = client.get(url)
    assert len(first.context["page"]) == 10
    assert "page=2" in first.content.decode()
    last = client.get(url, {"page": 3})
    assert len(last.context["page"]) == 2
    shown = [
        label
        for page in (1, 2, 3)
        for label, _url in client.get(url, {"page": page}).context["page"]
    ]
    assert shown == [label for label, _url in run.figures[index]["shortfalls"]]
    assert (
        client.get(reverse("assessment:run_item_shortfalls", args=[run.pk, 12])).status_code == 404
    )
    assert login("auditor").get(url).status_code == 200
    assert login("emp_rd").get(url).status_code == 404
