"""The demo `make run` loads is built through the services: it must keep loading as the rules grow, and
show what each screen is there to show."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils.timezone import now
from django_otp.plugins.otp_totp.models import TOTPDevice

from policycomm.consultation.models import Consultation
from policycomm.demo.data import load_demo
from policycomm.monitoring.models import CoverageStatus
from policycomm.reporting.models import PeriodReport
from policycomm.reporting.selectors import late_reports

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_loads_through_the_rules_and_shows_each_story(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()
    # Leaders, the monitor and the admin sign in with the demo's authenticator secret (demo/twofactor.py).
    with_device = set(TOTPDevice.objects.values_list("user__username", flat=True))
    assert {"admin", "stp.lanhdao", "tinh.giamsat", "phuong.lanhdao", "svh.lanhdao"} <= with_device
    assert not {"stp.soanthao", "phuong.soanthao"} & with_device
    # Monitoring: covered and failing policies, each failing one for a reason of its own kind.
    states = Counter(CoverageStatus.objects.values_list("state", flat=True))
    assert states["covered"] >= 3 and states["failing"] >= 3
    codes = {r["code"] for s in CoverageStatus.objects.filter(state="failing") for r in s.reasons}
    assert {"late", "unscreened", "gap"} <= codes
    # Reports: the ward's accepted, a department's submitted, one unit late, the province's consolidated one in draft.
    by_status = Counter(PeriodReport.objects.values_list("status", flat=True))
    assert by_status["accepted"] >= 1 and by_status["submitted"] >= 1
    consolidated = [r for r in PeriodReport.objects.select_related("period") if r.is_consolidated]
    assert [r.status for r in consolidated] == ["draft"]
    assert late_reports()
    # The open draft's channel kit is complete through the API from the start (demo/channels.py).
    open_draft = Consultation.objects.get(phase="draft", document__drafting_body__short_name="STP", closes_at__gt=now())
    items = Client().get(f"/api/v1/consultations/{open_draft.pk}/channels").json()["items"]
    assert len({i["kind"] for i in items}) == 8
    # …and in English, the language its material is translated into (demo/translations.py).
    english = Client().get(f"/api/v1/consultations/{open_draft.pk}/channels?lang=en").json()["items"]
    assert len(english) == 8 and {i["lang"] for i in english} == {"en"}
    led = next(i["text"] for i in english if i["kind"] == "led")
    # The title is cut to fit the line, how far depends on the length of the deadline and link after it.
    assert led.startswith("PUBLIC CONSULTATION: Why is the province proposing") and len(led) <= 120
    # Comments show on the open draft while its window is open; one is held by three reports (demo/visible.py).
    assert open_draft.comment_visibility == "post"
    page = Client().get(f"/gop-y/{open_draft.pk}/").content.decode()
    shown = open_draft.comments.filter(hidden=False, held=False)
    assert shown.exists() and page.count('id="ykc-') == min(shown.count(), 20)
    held = open_draft.comments.get(held=True)
    assert held.report_count == 3 and f'id="ykc-{held.pk}"' not in page
    # The reminders the scheduler runs send mail, once.
    call_command("reminders")
    sent = len(mail.outbox)
    assert sent > 0
    call_command("reminders")
    assert len(mail.outbox) == sent
