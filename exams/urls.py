from django.urls import path

from personnel.views import imports

from .views import bank, definition, papers, sampling

app_name = "exams"

urlpatterns: list = []

# The question bank, HR's exams and the security office's samples.
urlpatterns += [
    path("", definition.exam_list, name="exam_list"),
    path("new/", definition.exam_create, name="exam_create"),
    path("<int:pk>/", definition.exam_detail, name="exam_detail"),
    path("<int:pk>/edit/", definition.exam_edit, name="exam_edit"),
    path("<int:pk>/publish/", definition.exam_publish, name="exam_publish"),
    path("<int:pk>/seat-newcomers/", definition.exam_seat_newcomers, name="exam_seat_newcomers"),
    path("<int:pk>/results.xlsx", definition.exam_results_xlsx, name="exam_results_xlsx"),
    path("<int:pk>/sample/", sampling.sample, name="sample"),
    path("<int:pk>/sample.pdf", sampling.sample_pdf, name="sample_pdf"),
    path("questions/", bank.question_list, name="question_list"),
    path("questions/new/", bank.question_create, name="question_create"),
    path(
        "questions/import/",
        imports.import_upload,
        {"kind": "questions"},
        name="question_import",
    ),
    path(
        "questions/import/template.xlsx",
        imports.import_template,
        {"kind": "questions"},
        name="question_import_template",
    ),
    path("questions/<int:pk>/", bank.question_detail, name="question_detail"),
    path("questions/<int:pk>/edit/", bank.question_edit, name="question_edit"),
    path("questions/<int:pk>/active/", bank.question_active, name="question_active"),
]

# Sitting an exam: my exams, the paper, its answers, handing it in.
urlpatterns += [
    path("mine/", papers.mine, name="mine"),
    path("seats/<int:pk>/start/", papers.seat_start, name="seat_start"),
    path("papers/<int:pk>/", papers.paper, name="paper"),
    path("papers/<int:pk>/answer/", papers.answer_save, name="answer_save"),
    path("papers/<int:pk>/submit/", papers.paper_submit, name="paper_submit"),
]
