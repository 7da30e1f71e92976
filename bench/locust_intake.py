"""The load of ``bench/http_intake.py``: each simulated citizen posts comments, or asks ``/healthz`` (the baseline).

``BENCH_TARGET`` is ``comment`` or ``healthz``; ``BENCH_CONSULTATION`` the consultation's id. Every comment
carries a fresh ``Idempotency-Key`` and comes from its own address (``X-Forwarded-For``, trusted from the
local proxy address): a national consultation's citizens, each well inside the per-address limit.
"""

from __future__ import annotations

import os
import random
import uuid

from locust import FastHttpUser, constant, task

TARGET = os.environ.get("BENCH_TARGET", "comment")
CONSULTATION = os.environ.get("BENCH_CONSULTATION", "1")
SENTENCES = (
    "Đề nghị quy định rõ mức phí sử dụng tạm thời vỉa hè theo từng tuyến phố.",
    "Cần miễn phí cho hộ kinh doanh nhỏ lẻ có thu nhập thấp.",
    "Thời gian áp dụng nên bắt đầu từ quý sau để người dân kịp chuẩn bị.",
    "Tôi không đồng ý tăng mức thu vì ảnh hưởng tới người buôn bán.",
    "Đề nghị công khai số tiền thu được và mục đích sử dụng.",
)


def _address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


class Citizen(FastHttpUser):
    wait_time = constant(0)

    @task
    def submit(self) -> None:
        if TARGET == "healthz":
            with self.client.get("/healthz", name="healthz", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")
            return
        body = {
            "text": " ".join(random.sample(SENTENCES, 2)) + f" ({uuid.uuid4().hex[:8]})",
            "submitter_type": "individual",
            "consent": True,
        }
        headers = {"Idempotency-Key": uuid.uuid4().hex, "X-Forwarded-For": _address()}
        path = f"/api/v1/consultations/{CONSULTATION}/comments"
        with self.client.post(path, json=body, headers=headers, name="comment", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"status {r.status_code}: {r.text[:200]}")
