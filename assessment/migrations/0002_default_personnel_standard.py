"""The default standard's personnel section (涉密人员管理, 50 points, after the 武器装备科研
生产单位保密资格 standard). Items whose measure the product does not have yet stay inactive:
an unmeasured item must not count as met."""

from django.db import migrations

SECTION = "涉密人员管理"

# code, title, points, measure, active
ITEMS = [
    ("1.1", "涉密人员界定准确、分类分级管理", 4, "classified_identified", True),
    ("1.2", "涉密人员签订保密承诺书", 5, "commitments_signed", True),
    ("1.3", "上岗前经保密教育培训合格", 5, "pre_post_training", True),
    ("1.4", "每月开展保密教育，涉密人员按时参加", 5, "monthly_education", True),
    ("1.5", "保密知识考核合格", 4, "assessments_passed", True),
    ("1.6", "按期开展涉密人员保密审查", 4, "periodic_reviews", True),
    ("1.7", "出国（境）经审批、行前教育、回国报告", 4, "travel_approved", True),
    ("1.8", "脱密期管理记录完整", 4, "decryption_recorded", True),
    ("1.9", "离职手续单各项签署完整", 5, "departures_complete", True),
    ("1.10", "重大事项按规定报告", 3, "major_events", True),
    ("1.11", "违规行为依规处理", 3, "violations_handled", False),
    ("1.12", "借阅档案按期归还", 4, "loans_returned", True),
]


def seed(apps, schema_editor):
    StandardItem = apps.get_model("assessment", "StandardItem")
    for order, (code, title, points, measure, active) in enumerate(ITEMS, start=1):
        StandardItem.objects.get_or_create(
            code=code,
            defaults={
                "section": SECTION,
                "title": title,
                "points": points,
                "measure": measure,
                "deduction": 1,
                "order": order,
                "active": active,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_standard_and_runs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
