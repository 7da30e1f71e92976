"""Uploads and generated documents in an S3-compatible object store (docs/deployment.md, "Object storage").

The store is a real server (moto's ``moto_server``, tests/s3_server.py) spoken to over HTTP by django-storages.
A file uploaded through the staff screens lands in the bucket and is read back through the portal; a generated
document goes there too; ``policycomm backup`` takes the bucket's objects into the archive and ``restore`` puts
them into an empty bucket of a new instance, and refuses a bucket that already holds objects.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from policycomm.backup.archive import storage_label, stored_files
from policycomm.channels.models import ChannelOutput
from policycomm.lawmaking.models import DossierFile

from .factories import open_consultation, register_document
from .s3_server import S3Server
from .test_backup import ON_PG, ROOT, _instance, run

PDF = b"%PDF-1.4 to trinh " + bytes(range(256)) * 40


@pytest.fixture
def bucket(s3_server: S3Server, settings: Any) -> str:
    name = s3_server.bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storages(name)}
    return name


def test_settings_put_the_default_storage_in_the_bucket_named_by_the_environment(
    s3_server: S3Server, tmp_path: Path
) -> None:
    env = {**_instance(tmp_path / "var", "").env, **s3_server.env("policycomm-env")}
    code = (
        "import django; django.setup(); from django.conf import settings as s; import json; "
        "print(json.dumps([s.STORAGES['default'], s.STORAGES['staticfiles']['BACKEND']]))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    default, static = json.loads(done.stdout)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "policycomm-env"
    assert default["OPTIONS"]["endpoint_url"] == s3_server.endpoint
    assert default["OPTIONS"]["addressing_style"] == "path"
    assert default["OPTIONS"]["file_overwrite"] is False
    # Static files stay with WhiteNoise, served by the app itself.
    assert static != default["BACKEND"]


def test_a_dossier_file_uploaded_by_staff_lands_in_the_bucket_and_the_portal_serves_it(
    world: Any, bucket: str, s3_server: S3Server, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc)
    staff = Client()
    staff.force_login(world.drafter_a)
    r = staff.post(
        f"/can-bo/van-ban/{doc.pk}/ho-so/",
        {"kind": "to_trinh", "title": "Tờ trình", "public": "on", "file": SimpleUploadedFile("to-trinh.pdf", PDF)},
    )
    assert r.status_code == 302
    f = DossierFile.objects.get()
    objects = s3_server.objects(bucket)
    assert objects == {f.file.name: PDF}, "the upload is an object of the bucket, nothing else was written"
    r = client.get(f"/gop-y/{c.pk}/ho-so/{f.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    # An object lost from the bucket (deleted by hand, a store restored from an older state): 404, never 500.
    s3_server.client().delete_object(Bucket=bucket, Key=f.file.name)
    assert client.get(f"/gop-y/{c.pk}/ho-so/{f.pk}/").status_code == 404
    s3_server.client().put_object(Bucket=bucket, Key=f.file.name, Body=PDF)
    # Removed from the dossier: the object goes too, once the removal is committed.
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(f"/can-bo/van-ban/{doc.pk}/ho-so/{f.pk}/xoa/")
    assert r.status_code == 302 and not DossierFile.objects.exists()
    assert s3_server.objects(bucket) == {}


def test_a_generated_file_saved_on_a_model_is_written_to_the_bucket(
    world: Any, bucket: str, s3_server: S3Server
) -> None:
    doc = register_document(world)
    c = open_consultation(world, doc)
    out = ChannelOutput(consultation=c, kind=ChannelOutput.Kind.POSTER, lang="vi", media_type="application/pdf")
    out.file.save("poster.pdf", ContentFile(PDF), save=False)
    assert s3_server.objects(bucket) == {out.file.name: PDF}
    assert out.file.storage.exists(out.file.name)
    with out.file.open("rb") as fh:
        assert fh.read() == PDF


def test_the_backup_walks_every_object_of_the_bucket(bucket: str, s3_server: S3Server) -> None:
    names = ["a.pdf", "dossier/2026/12/Tờ trình.pdf", "dossier/2026/12/x.docx", "intake/imports/tok"]
    for n in names:
        s3_server.client().put_object(Bucket=bucket, Key=n, Body=n.encode())
    assert list(stored_files()) == names  # files of a folder, then its sub-folders, each sorted
    assert storage_label() == f"s3://{bucket}"
    assert default_storage.exists("dossier/2026/12/x.docx")


@pytest.mark.skipif(ON_PG, reason="its instances use SQLite: the same run as in the SQLite suite")
def test_backup_takes_the_objects_and_restore_puts_them_into_an_empty_bucket(
    s3_server: S3Server, tmp_path: Path
) -> None:
    source = _instance(tmp_path / "source", "")
    source.env.update(s3_server.env(s3_server.bucket("source")))
    run(source, "migrate", "--noinput", "-v0")
    run(source, "createcachetable")
    # The target: migrated, no data, its own empty bucket (the source has no rows yet: a copy of its database).
    target = _instance(tmp_path / "target", "")
    target_bucket = s3_server.bucket("target")
    target.env.update(s3_server.env(target_bucket))
    target.var.mkdir()
    shutil.copy(source.sqlite_path, target.sqlite_path)
    # Files written by the app, through its storage.
    write = (
        "import django; django.setup(); from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s; "
        "print(s.save('dossier/2026/12/Tờ trình.pdf', ContentFile(b'%PDF-1.4 one'))); "
        "print(s.save('channels/2026/12/poster.pdf', ContentFile(b'%PDF-1.4 two'))); "
        "print(s.save('a.txt', ContentFile('ba'.encode())))"
    )
    subprocess.run([sys.executable, "-c", write], env=source.env, cwd=ROOT, check=True, capture_output=True)
    objects = s3_server.objects(source.env["POLICYCOMM_S3_BUCKET"])
    assert len(objects) == 3
    assert not (source.var / "media").exists(), "nothing was written to the local disk"

    archive = tmp_path / "backup.tar.gz"
    done = run(source, "backup", "--out", str(archive), "--json")
    assert json.loads(done.stdout)["files"] == 3
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.name.startswith("media/")}  # type: ignore[union-attr]
    assert members == {f"media/{k}": v for k, v in objects.items()}

    # A bucket that already holds an object is not an empty instance: nothing is restored.
    s3_server.client().put_object(Bucket=target_bucket, Key="left/over.pdf", Body=b"%PDF")
    done = run(target, "restore", str(archive), check=False)
    assert done.returncode == 2 and "left/over.pdf" in done.stderr and f"s3://{target_bucket}" in done.stderr
    assert s3_server.objects(target_bucket) == {"left/over.pdf": b"%PDF"}
    s3_server.client().delete_object(Bucket=target_bucket, Key="left/over.pdf")

    run(target, "restore", str(archive))
    restored = s3_server.objects(target_bucket)
    assert restored == objects
    assert {k: hashlib.sha256(v).hexdigest() for k, v in restored.items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in objects.items()
    }
