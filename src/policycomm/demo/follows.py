"""Demo for following by e-mail: one citizen's address, confirmed a week ago, follows the open pavement draft (at
once), the province of Thái Nguyên (daily digest) and the transport sector (weekly digest).

The rows are written as the double opt-in leaves them once the link in the mail was opened (confirmed, no
confirmation mail owed), each by its unique key, so loading twice changes nothing. Under ``make run`` the worker
then sends the draft follower the alert for the draft's second version (demo/versions.py) into var/mail/; its
"manage" link lists the three follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from policycomm.consultation.models import Consultation
from policycomm.lawmaking.models import Sector
from policycomm.orgs.models import AdminUnit, Organisation
from policycomm.subscriptions.models import Subscription

from .search import NAMES
from .versions import OPEN_TITLE

DEMO_EMAIL = "nguoidan.theodoi@example.com"
SECTOR_SLUG = "giao-thong"


def follows_demo(orgs: dict[str, Organisation]) -> list[Subscription]:
    draft = Consultation.objects.get(
        document__drafting_body=orgs["stp"], document__title__startswith=OPEN_TITLE, phase=Consultation.Phase.DRAFT
    )
    province = AdminUnit.objects.get(code="19", is_legacy=False, kind=AdminUnit.Kind.PROVINCE)
    sector, _ = Sector.objects.get_or_create(slug=SECTOR_SLUG, defaults={"name": NAMES[SECTOR_SLUG]})
    confirmed = timezone.now() - dt.timedelta(days=7)
    freq, target = Subscription.Frequency, Subscription.Target
    wanted = [
        ({"target": target.DRAFT, "consultation": draft}, freq.IMMEDIATE),
        ({"target": target.AREA, "admin_unit": province}, freq.DAILY),
        ({"target": target.SECTOR, "sector": sector}, freq.WEEKLY),
    ]
    subs = []
    for key, frequency in wanted:
        sub, created = Subscription.objects.get_or_create(
            email=DEMO_EMAIL,
            **key,
            defaults={"frequency": frequency, "confirmed_at": confirmed, "link_sent_at": confirmed},
        )
        if created:  # asked for a few minutes before the link was opened
            Subscription.objects.filter(pk=sub.pk).update(created_at=confirmed - dt.timedelta(minutes=5))
        subs.append(sub)
    return subs
