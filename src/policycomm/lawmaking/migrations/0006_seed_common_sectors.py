"""Seed the common sectors (lĩnh vực) staff tag documents with, for the portal's filter."""

from django.db import migrations

SECTORS = [
    ("dat-dai", "Đất đai"),
    ("giao-thong", "Giao thông"),
    ("thue", "Thuế"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục"),
    ("moi-truong", "Môi trường"),
    ("xay-dung", "Xây dựng"),
    ("lao-dong-viec-lam", "Lao động - việc làm"),
    ("nong-nghiep", "Nông nghiệp"),
    ("tai-chinh-ngan-sach", "Tài chính - ngân sách"),
    ("van-hoa-xa-hoi", "Văn hóa - xã hội"),
    ("an-ninh-trat-tu", "An ninh trật tự"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Sector = apps.get_model("lawmaking", "Sector")
    for slug, name in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("lawmaking", "Sector").objects.filter(slug__in=[s for s, _n in SECTORS], documents=None).delete()


class Migration(migrations.Migration):
    dependencies = [("lawmaking", "0005_first_draft_versions")]

    operations = [migrations.RunPython(seed, unseed)]
