"""Who sees the monitoring figures (house rule 2)."""

from __future__ import annotations

from policycomm.orgs.access import UserLike, is_superuser, scope_paths
from policycomm.orgs.models import Role

MONITOR_ROLES = frozenset({Role.MONITOR, Role.LEADER, Role.ADMIN})


def can_view_monitoring(user: UserLike) -> bool:
    """The council's standing body (monitors) and leaders see coverage over their subtrees."""
    return is_superuser(user) or bool(scope_paths(user, MONITOR_ROLES))
