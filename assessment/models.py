"""Self-assessment (自查自评): the standard the security office keeps as data, and the runs
saved from it (who, when, the figures)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StandardItem(models.Model):
    """One line of the standard: its points, and the measure (a key of `measures.MEASURES`)
    that finds the records short of it; each such record costs `deduction` points."""

    section = models.CharField(_("section"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    measure = models.CharField(_("measure"), max_length=40)
    deduction = models.PositiveSmallIntegerField(_("points lost per record"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["section", "order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class AssessmentRun(models.Model):
    """A saved self-assessment: never edited, only added (the figures as they were)."""

    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    points = models.PositiveIntegerField(_("points"))
    score = models.PositiveIntegerField(_("score"))
    # Per item: code, title, points, score, lost and the shortfalls (label, url).
    figures = models.JSONField(_("figures"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment run")
        verbose_name_plural = _("self-assessment runs")
        ordering = ["-run_at", "-id"]

    def __str__(self):
        return f"{self.period_from} – {self.period_to}: {self.score}/{self.points}"
