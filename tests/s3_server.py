"""A pytest fixture that runs a real S3-compatible server (moto's ``moto_server``) for the session.

Not a mock inside the process: the app talks to it over HTTP with boto3, through django-storages, as it would to
MinIO, Ceph or a provider's object store. The fixture starts the server on a free port, waits until it answers,
yields an :class:`S3Server` and stops it at the end. Each test makes buckets of its own (:meth:`S3Server.bucket`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
ACCESS_KEY = "policycomm-test"
SECRET_KEY = "policycomm-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def bucket(self, role: str = "media") -> str:
        """A new, empty bucket."""
        name = f"policycomm-{role}-{uuid.uuid4().hex[:8]}"
        self.client().create_bucket(Bucket=name)
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """The environment variables that point the app at ``bucket`` (docs/deployment.md, "Object storage")."""
        return {
            "POLICYCOMM_S3_BUCKET": bucket,
            "POLICYCOMM_S3_ENDPOINT_URL": self.endpoint,
            "POLICYCOMM_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "POLICYCOMM_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "POLICYCOMM_S3_REGION": REGION,
        }

    def storages(self, bucket: str) -> dict[str, Any]:
        """settings.STORAGES with the default storage in ``bucket``, as settings.py builds it from env()."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": REGION,
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
            },
        }

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of the bucket, read straight from the server (not through the app)."""
        s3 = self.client()
        out = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for o in page.get("Contents", []):
                out[o["Key"]] = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
        return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT
        )
    server = S3Server(endpoint=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                server.client().list_buckets()
                break
            except Exception as e:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start: {log.read_text()}") from e
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
