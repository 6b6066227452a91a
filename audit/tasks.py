from celery import shared_task

from . import exports


@shared_task(name="audit.report_export_run")
def report_export_run(export_id: int) -> None:
    exports.report_export_run(export_id=export_id)
