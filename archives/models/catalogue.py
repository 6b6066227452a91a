"""The catalogue (A1, A2, A5): items under a clearance ceiling, their intake and removal."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.classification import LEVEL_RANK, Level
from personnel.models import Department, Employee

# 机密 and 绝密 are stored separately under a named custodian (A5).
CUSTODIAN_LEVELS = (Level.SECRET, Level.TOP_SECRET)


def _ceiling_pages() -> list[models.Index]:
    """For each ceiling below the top, the numbers and ids of just the items under it: a deep
    page of a catalogue seen whole up to that ceiling skips its rows in this index with no
    level to test on each (a quarter of the catalogue skipped: 3.7 → 2.2 ms)."""
    ranked = sorted(LEVEL_RANK, key=LEVEL_RANK.get)
    return [
        models.Index(
            fields=["catalogue_no", "id"],
            condition=Q(level__in=ranked[: top + 1]),
            name=f"archive_item_page_{level}"[:30],
        )
        for top, level in enumerate(ranked[:-1])
    ]


class ArchiveItem(models.Model):
    """A document or carrier in the catalogue (A1); it stays listed once destroyed (A8)."""

    class Status(models.TextChoices):
        IN_STORE = "in_store", _("In store")
        ON_LOAN = "on_loan", _("On loan")
        MISSING = "missing", _("Missing")
        DESTROYED = "destroyed", _("Destroyed")
        REMOVED = "removed", _("Removed")

    # Lent copy by copy: an item stays on loan while any copy is out. Found again, it goes
    # back to the store, or stays on loan while copies are out.
    TRANSITIONS = {
        Status.IN_STORE: {Status.ON_LOAN, Status.MISSING, Status.DESTROYED, Status.REMOVED},
        Status.ON_LOAN: {Status.IN_STORE, Status.MISSING},
        Status.MISSING: {Status.IN_STORE, Status.ON_LOAN},
    }

    catalogue_no = models.CharField(_("catalogue number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    secrecy_years = models.PositiveSmallIntegerField(
        _("secrecy period (years)"), null=True, blank=True
    )
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    location = models.CharField(_("storage location"), max_length=100)
    copies = models.PositiveSmallIntegerField(_("copies held"), default=1)
    department = models.ForeignKey(
        Department, verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="+"
    )
    custodian = models.ForeignKey(
        Employee,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="custody",
    )
    registered_on = models.DateField(_("registered on"))
    # Kept with the row so "past retention" is an indexed condition (A8).
    retention_until = models.DateField(
        _("retained until"), null=True, editable=False, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_STORE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")
        ordering = ["catalogue_no"]
        permissions = [
            ("oversee_classified", _("Can see every 机密/绝密 item within one's own clearance"))
        ]
        # The list filters by level (the ceiling) and orders by number; filters add the rest.
        indexes = [
            models.Index(fields=["level", "catalogue_no"], name="archive_item_level_no"),
            # A page of ids in number order, however deep, from the index alone (the ceiling
            # is read there too): the list then loads just that page's rows.
            models.Index(fields=["catalogue_no", "level", "id"], name="archive_item_page"),
            *_ceiling_pages(),
            models.Index(fields=["department", "level"], name="archive_item_dept_level"),
            models.Index(fields=["status", "level"], name="archive_item_status_level"),
            models.Index(fields=["location"], name="archive_item_location"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="archive_item_has_a_copy"),
        ]

    def __str__(self):
        return f"{self.catalogue_no} {self.title}"

    def save(self, *args, **kwargs):
        self.retention_until = retention_end(self.registered_on, self.retention_years)
        super().save(*args, **kwargs)

    @property
    def needs_custodian(self) -> bool:
        return self.level in CUSTODIAN_LEVELS

    def clean(self):
        if self.needs_custodian and not self.custodian_id:
            raise ValidationError({"custodian": _("A 机密 or 绝密 item needs a named custodian.")})


def retention_end(registered_on: datetime.date, years: int) -> datetime.date:
    """The day the retention period ends (29 February → 28 February)."""
    try:
        return registered_on.replace(year=registered_on.year + years)
    except ValueError:
        return registered_on.replace(year=registered_on.year + years, day=28)


class ItemMovement(models.Model):
    """Intake into or removal from the archive, with who handed over to whom (A2)."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake")
        REMOVAL = "removal", _("Removal")

    item = models.ForeignKey(ArchiveItem, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    handed_over_by = models.CharField(_("handed over by"), max_length=100)
    received_by = models.CharField(_("received by"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake or removal")
        verbose_name_plural = _("intakes and removals")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.item.catalogue_no}"


class LevelTally(models.Model):
    """How many catalogue items each level holds. Kept by the database itself, by triggers on
    the item table (migration 0011), whatever writes the items; never by the application.
    The catalogue's count, unfiltered, adds up a few of these rows, where counting the items
    read ~100,000 rows on every page of the list."""

    level = models.CharField(_("level"), max_length=16, choices=Level.choices, primary_key=True)
    items = models.BigIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("items per level")
        verbose_name_plural = _("items per level")
        default_permissions = ()

    def __str__(self):
        return f"{self.level}: {self.items}"
