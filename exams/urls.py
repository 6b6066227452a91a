from django.urls import path  # noqa: F401  the exam pages add their paths here

from .views import papers

app_name = "exams"

urlpatterns: list = []

# Sitting an exam: my exams, the paper, its answers, handing it in.
urlpatterns += [
    path("mine/", papers.mine, name="mine"),
    path("seats/<int:pk>/start/", papers.seat_start, name="seat_start"),
    path("papers/<int:pk>/", papers.paper, name="paper"),
    path("papers/<int:pk>/answer/", papers.answer_save, name="answer_save"),
    path("papers/<int:pk>/submit/", papers.paper_submit, name="paper_submit"),
]
