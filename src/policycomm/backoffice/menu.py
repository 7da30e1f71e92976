"""The staff menu: only what the signed-in user may open (each entry asks the capability its page checks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from policycomm.monitoring.access import can_view_monitoring
from policycomm.notifications.access import can_use_inbox, unread_count
from policycomm.orgs.access import UserLike, is_staff_member
from policycomm.reporting.access import can_view_reports


class MenuItem(TypedDict):
    url: str
    label: str
    active: bool
    #: A number shown beside the label (unread messages), 0 for none.
    badge: int


ENTRIES: list[tuple[str, str | Promise, str, Callable[[UserLike], bool]]] = [
    ("backoffice:dashboard", _("Văn bản"), "/can-bo/", is_staff_member),
    ("backoffice:plans", _("Kế hoạch"), "/can-bo/ke-hoach/", is_staff_member),
    ("backoffice:monitoring", _("Giám sát"), "/can-bo/giam-sat/", can_view_monitoring),
    ("backoffice:inbox", _("Thông báo"), "/can-bo/thong-bao/", can_use_inbox),
    ("backoffice:reports", _("Báo cáo"), "/can-bo/bao-cao/", can_view_reports),
    ("backoffice:security", _("Bảo mật tài khoản"), "/can-bo/bao-mat/", is_staff_member),
]

# Entries that show a count beside the label: one query each, only for a user who may open them.
BADGES: dict[str, Callable[[UserLike], int]] = {"backoffice:inbox": unread_count}


def staff_menu(request: HttpRequest) -> dict[str, list[MenuItem]]:
    """Context processor: ``staff_menu`` for the staff layout (empty for visitors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_menu": []}
    # The entry whose prefix matches the most of the path is the current one.
    current = max((p for _n, _l, p, _a in ENTRIES if request.path.startswith(p)), key=len, default=None)
    items: list[MenuItem] = [
        {
            "url": reverse(name),
            "label": str(label),
            "active": prefix == current,
            "badge": BADGES[name](user) if name in BADGES else 0,
        }
        for name, label, prefix, allowed in ENTRIES
        if allowed(user)
    ]
    return {"staff_menu": items}
