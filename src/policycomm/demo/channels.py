"""Demo of the channel kit: the bodies' contacts (printed on the posters, read on the loudspeakers), and the
kit of every open consultation made at once (in Vietnamese and in each language its material is published
in), so that `make run` serves it through the API from the start."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from policycomm.channels.kit import kit_build_all
from policycomm.consultation.models import Consultation
from policycomm.orgs.models import Organisation

CONTACTS: dict[str, dict[str, str]] = {
    "stp": {
        "address": "Số 18 đường Cách mạng Tháng Tám, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3855 123",
        "hotline": "0912 345 678",
        "contact_email": "sotuphap@thainguyen.gov.vn",
    },
    "ward": {
        "address": "Số 2 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3852 456",
        "hotline": "0988 112 113",
        "contact_email": "phuongphandinhphung@thainguyen.gov.vn",
    },
    "ward_office": {
        "address": "Số 2 đường Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "phone": "0208 3852 457",
        "hotline": "0988 112 113",
        "contact_email": "vanphong.pdp@thainguyen.gov.vn",
    },
}


def load_channels_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> list[int]:
    """Set the contacts, then make the kit of each open consultation. Returns the consultations with a kit."""
    for key, fields in CONTACTS.items():
        Organisation.objects.filter(pk=orgs[key].pk).update(**fields)
    now = timezone.now()
    made = []
    for c in Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("pk"):
        if any(report.made for report in kit_build_all(consultation=c).values()):
            made.append(c.pk)
    return made
