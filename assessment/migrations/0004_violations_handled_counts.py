"""Item 1.11 (违规行为依规处理) has its measure now: it counts, and the section's counted
points are the standard's 50. The change stands in the item's history like one made from
the standard's page (no user: the release made it)."""

from django.db import migrations
from django.utils import timezone

CODE, MEASURE = "1.11", "violations_handled"


def switch(active: bool):
    def run(apps, schema_editor):
        StandardItem = apps.get_model("assessment", "StandardItem")
        History = apps.get_model("assessment", "HistoricalStandardItem")
        for item in StandardItem.objects.filter(code=CODE, measure=MEASURE, active=not active):
            item.active = active
            item.save(update_fields=["active"])
            fields = {f.attname: getattr(item, f.attname) for f in StandardItem._meta.fields}
            History.objects.create(
                **fields,
                history_date=timezone.now(),
                history_type="~",
                history_change_reason="measured" if active else "not measured",
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_roles")]

    operations = [migrations.RunPython(switch(True), switch(False))]
