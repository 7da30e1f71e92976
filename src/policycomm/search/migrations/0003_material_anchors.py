"""Material hits link to the material's article on the draft page (``#tai-lieu-<id>``), not the top."""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchEntry.objects.filter(kind="material").update(
        anchor=Concat(Value("tai-lieu-"), Cast("source_id", CharField()), output_field=CharField())
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_stored_vector")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
