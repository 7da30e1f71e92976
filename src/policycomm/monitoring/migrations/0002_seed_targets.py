from django.db import migrations

BASIS = "Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ"


def seed(apps, schema_editor):
    target = apps.get_model("monitoring", "CoverageTarget")
    target.objects.get_or_create(year=2022, defaults={"percent": 70, "basis": BASIS})
    target.objects.get_or_create(year=2023, defaults={"percent": 100, "basis": BASIS})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_coverage")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
