"""The demo `make run` loads has a citizen's confirmed follows, and the worker sends the draft follower its alert."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from policycomm.demo.data import load_demo
from policycomm.demo.follows import DEMO_EMAIL, follows_demo
from policycomm.orgs.models import Organisation
from policycomm.subscriptions import tokens
from policycomm.subscriptions.models import Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_follows_a_draft_an_area_and_a_sector_and_the_worker_mails_the_draft_follower(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    subs = Subscription.objects.filter(email=DEMO_EMAIL)
    by_target = {s.target: s for s in subs}
    assert len(subs) == 3 and all(s.active for s in subs)
    assert {t: s.frequency for t, s in by_target.items()} == {"draft": "immediate", "area": "daily", "sector": "weekly"}
    draft = by_target["draft"].consultation
    assert draft is not None and draft.phase == "draft" and draft.document.versions.count() == 2
    assert by_target["area"].admin_unit is not None and by_target["area"].admin_unit.name == "Tỉnh Thái Nguyên"
    assert by_target["sector"].sector is not None and by_target["sector"].sector.slug == "giao-thong"
    # Loading again finds the same rows (each by its unique key).
    stp = Organisation.objects.get(short_name="STP")
    assert [s.pk for s in follows_demo({"stp": stp})] == [by_target[t].pk for t in ("draft", "area", "sector")]
    assert Subscription.objects.filter(email=DEMO_EMAIL).count() == 3
    # The manage page of the demo address lists the three follows.
    page = Client().get(f"/theo-doi/quan-ly/{tokens.manage_token(DEMO_EMAIL)}/").content.decode()
    assert page.count('name="subscription"') == 3 and draft.document.title in page
    # The worker runs what the demo queued: the draft's second version is mailed to its follower at once.
    mail.outbox.clear()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    alerts = [m for m in mail.outbox if m.to == [DEMO_EMAIL]]
    assert len(alerts) == 1 and "phiên bản mới (lần 2)" in alerts[0].subject
    assert "/theo-doi/quan-ly/" in alerts[0].body
