"""Every document that already has a draft text gets it as its version 1 (dự thảo lần 1)."""

from django.db import migrations


def forwards(apps, schema_editor):
    LegalDocument = apps.get_model("lawmaking", "LegalDocument")
    Section = apps.get_model("lawmaking", "Section")
    DraftVersion = apps.get_model("lawmaking", "DraftVersion")
    with_text = Section.objects.filter(retired=False).values_list("document_id", flat=True).distinct()
    done = set(DraftVersion.objects.values_list("document_id", flat=True))
    for doc_id in LegalDocument.objects.filter(pk__in=with_text).values_list("pk", flat=True).iterator():
        if doc_id in done:
            continue
        rows = Section.objects.filter(document_id=doc_id, retired=False).order_by("position")
        sections = [
            {"key": s.key, "kind": s.kind, "number": s.number, "heading": s.heading, "text": s.text, "depth": s.depth}
            for s in rows
        ]
        DraftVersion.objects.create(document_id=doc_id, number=1, sections=sections)


class Migration(migrations.Migration):
    dependencies = [("lawmaking", "0004_dossier_files")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
