"""The report registry: each app registers its PDF reports here for the report centre."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse


@dataclass(frozen=True)
class Report:
    slug: str
    title: str  # lazy translation
    description: str
    permission: str  # "app.codename" a user needs to export it
    url_name: str  # the direct (synchronous) export
    build: Callable | None = None  # build(user) -> PdfDocument, for background exports
    page_url_name: str = ""  # a list whose filters choose what the PDF and Excel hold

    @property
    def runs_in_background(self) -> bool:
        return self.build is not None

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def page_url(self) -> str:
        return reverse(self.page_url_name) if self.page_url_name else ""


_REGISTRY: dict[str, Report] = {}


def register(report: Report) -> None:
    _REGISTRY[report.slug] = report


def reports_for(user) -> list[Report]:
    return [report for report in _REGISTRY.values() if user.has_perm(report.permission)]


def report_get(slug: str) -> Report:
    try:
        return _REGISTRY[slug]
    except KeyError:
        raise Http404 from None
