"""Who sees the monitoring figures (house rule 2)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import UserLike, is_superuser, org_filter, scope_paths
from policycomm.orgs.models import Organisation, Role

MONITOR_ROLES = frozenset({Role.MONITOR, Role.LEADER, Role.ADMIN})


def can_view_monitoring(user: UserLike) -> bool:
    """The council's standing body (monitors) and leaders see coverage over their subtrees."""
    return is_superuser(user) or bool(scope_paths(user, MONITOR_ROLES))


def monitored(user: UserLike, field: str) -> Q:
    """A filter on ``field`` (an Organisation relation) to the subtrees the user monitors."""
    return org_filter(user, field, MONITOR_ROLES)


def get_monitored_org_for_user(user: UserLike, pk: int) -> Organisation:
    """An organisation inside the subtrees the user monitors; 404 outside (or without monitoring)."""
    org = Organisation.objects.filter(org_filter(user, "", MONITOR_ROLES), pk=pk).first()
    if org is None:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị này trong phạm vi bạn giám sát."))
    return org
