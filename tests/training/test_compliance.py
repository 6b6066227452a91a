import datetime
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.test_access_matrix import ROLES, SEES_EVERYONE
from training import services, sweeps
from training.models import Assignment, TrainingKind
from training.selectors import completion_by_month, compliance

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 11, 1)


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def november(demo):
    """23 assigned; 研发部: four attend with 95, 88, 92, 91 (the seed's 91.5 average)."""
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    session = services.session_record(
        actor=user("hr"),
        kind=TrainingKind.MONTHLY,
        topic="保密教育",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
    )
    scores = {"R0002": 95, "R0003": 88, "R0004": 92, "R0005": 91}
    ids = dict(
        Assignment.objects.filter(employee__employee_no__in=scores).values_list(
            "employee__employee_no", "pk"
        )
    )
    services.attendance_mark(actor=user("hr"), session=session, assignment_ids=ids.values())
    services.scores_record(
        actor=user("hr"), session=session, scores={ids[no]: score for no, score in scores.items()}
    )
    return session


def test_the_figures_match_the_hand_computed_ones(november):
    rows, total = compliance(Assignment.objects.all(), MONTH)
    rd = next(row for row in rows if row.department == "研发部")
    # 研发部 has 8 people, 7 classified: R0001–R0006 and R0008.
    assert (rd.assigned, rd.attended, rd.passed, rd.overdue) == (7, 4, 4, 0)
    assert rd.completion == round(100 * 4 / 7, 1) == 57.1
    assert rd.average == 91.5  # (95 + 88 + 92 + 91) / 4
    assert total.assigned == 23 and total.attended == 4
    assert total.completion == round(100 * 4 / 23, 1) == 17.4
    assert total.average == 91.5


def test_the_twelve_month_series(november):
    series = completion_by_month(Assignment.objects.all(), MONTH)
    assert len(series) == 12 and series[0][0] == datetime.date(2025, 12, 1)
    assert series[-1] == (MONTH, 17.4) and all(rate is None for _m, rate in series[:-1])


def test_a_department_head_sees_only_their_department(november, login):
    page = login("head_rd").get(reverse("training:compliance"), {"month": "2026-11"})
    assert [row.department for row in page.context["rows"]] == ["研发部"]
    assert page.context["total"].completion == 57.1


def test_the_compliance_pdf_carries_the_figures(november, login, tmp_path):
    response = login("auditor").get(reverse("training:compliance_pdf"), {"month": "2026-11"})
    path = tmp_path / "compliance.pdf"
    path.write_bytes(response.content)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "保密教育培训完成情况" in text and "2026-11" in text and "内部" in text
    rd_line = next(line for line in text.splitlines() if "研发部" in line)
    assert rd_line.split()[1:] == ["7", "4", "4", "0", "57.1%", "100.0%", "91.5"]
    total_line = next(line for line in text.splitlines() if "合计" in line)
    assert total_line.split()[1:] == ["23", "4", "4", "0", "17.4%", "100.0%", "91.5"]


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-1x", "9999999-01"])
def test_a_malformed_month_is_a_400_not_a_500(demo, login, month):
    client = login("hr")
    assert client.get(reverse("training:compliance"), {"month": month}).status_code == 400


HR = {"hr"}
READERS = {"hr", "hr_head", "security", "auditor"}
EXPORTERS = READERS | {"head_rd", "head_cs", "hr_head"}


@pytest.mark.parametrize("username", ROLES)
def test_training_urls_for_every_role(november, login, username):
    client = login(username)
    expected = {
        reverse("training:overview"): 200,
        reverse("training:compliance"): 200,
        reverse("training:compliance_pdf") + "?month=2026-11": (
            200 if username in EXPORTERS else 403
        ),
        reverse("training:plan_create"): 200 if username in HR else 403,
        reverse("training:session_create"): 200 if username in HR else 403,
        reverse("training:session_detail", args=[november.pk]): (
            # whoever sees one of the 研发部 attendees sees the session
            200 if username in SEES_EVERYONE or username in ("head_rd", "emp_rd") else 404
        ),
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    assert client.post(reverse("training:assign_monthly")).status_code == (
        302 if username in HR else 403
    )
    assert client.get(reverse("training:assign_monthly")).status_code == 405


def test_the_assign_button_reports_the_result(demo, login):
    from django.contrib.messages import get_messages

    response = login("hr").post(reverse("training:assign_monthly"))
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "23" in text


def test_hr_records_a_session_with_materials_through_the_form(demo, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training.models import TrainingSession

    from ..sample_files import docx

    client = login("hr")
    response = client.post(
        reverse("training:session_create"),
        {
            "kind": "monthly",
            "topic": "保密法修订要点",
            "held_on": "2026-11-20",
            "trainer": "郑涛",
            "materials": [
                SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 a"),
                SimpleUploadedFile("案例.docx", docx()),
            ],
        },
    )
    session = TrainingSession.objects.get()
    assert response.url == reverse("training:session_detail", args=[session.pk])
    material = session.materials.get(file__endswith=".pdf")
    download = client.get(reverse("training:material_download", args=[material.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 a"
    assert (
        login("emp_cs").get(reverse("training:material_download", args=[material.pk])).status_code
        == 404
    )
