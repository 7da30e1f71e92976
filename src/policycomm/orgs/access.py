"""Which organisations a user reaches, and with which roles.

Every access function in the domain apps builds on these: objects outside the user's
subtrees are 404, objects inside for a role that may only read are 403 on write.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from .models import Membership, Role

ALL_STAFF_ROLES = frozenset(Role.values)

# The acting user: services are called with a signed-in User; access checks also answer for anonymous visitors.
Actor = User
UserLike = User | AnonymousUser

_CACHE = "_policycomm_memberships"


def _memberships(user: UserLike) -> list[Membership]:
    """The user's memberships, cached on the user object (one query per request)."""
    cached: list[Membership] | None = user.__dict__.get(_CACHE)
    if cached is None:
        cached = (
            list(Membership.objects.filter(user_id=user.pk).select_related("organisation__parent")) if user.pk else []
        )
        user.__dict__[_CACHE] = cached
    return cached


def memberships(user: UserLike) -> list[Membership]:
    """The user's memberships (cached on the user object for the request)."""
    return _memberships(user)


def scope_paths(user: UserLike, roles: Iterable[str] = ALL_STAFF_ROLES) -> list[str]:
    """Path prefixes of the subtrees in which ``user`` holds one of ``roles``."""
    if not user.is_authenticated:
        return []
    wanted = set(roles)
    paths = {m.scope_path for m in _memberships(user) if m.role in wanted}
    # A prefix inside another prefix adds nothing.
    return sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))


def is_superuser(user: UserLike) -> bool:
    return bool(user.is_superuser)


def org_filter(user: UserLike, field: str, roles: Iterable[str] = ALL_STAFF_ROLES) -> Q:
    """A ``Q`` restricting ``field`` (an Organisation relation) to the user's subtrees."""
    if is_superuser(user):
        return Q()
    paths = scope_paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    for p in paths:
        q |= Q(**{lookup: p})
    return q


def reaches(user: UserLike, org_path: str, roles: Iterable[str] = ALL_STAFF_ROLES) -> bool:
    if is_superuser(user):
        return True
    return any(org_path.startswith(p) for p in scope_paths(user, roles))


def holds_role_in(user: UserLike, org_id: int, roles: Iterable[str]) -> bool:
    """True when the user holds one of ``roles`` in exactly this organisation."""
    wanted = set(roles)
    return any(m.organisation_id == org_id and m.role in wanted for m in _memberships(user))


def is_staff_member(user: UserLike) -> bool:
    return is_superuser(user) or bool(user.is_authenticated and _memberships(user))


def display_name(user: UserLike) -> str:
    """Vietnamese order: family and middle names (``last_name``) before the given name."""
    full = f"{getattr(user, 'last_name', '')} {getattr(user, 'first_name', '')}".strip()
    return full or str(getattr(user, "username", ""))


#: The roles whose holders sign in with a second factor (issue 14 §5): they approve, watch a whole level, or
#: administer. Superusers and users who may open the admin site (``is_staff``) too.
TWO_FACTOR_ROLES = frozenset({Role.LEADER, Role.MONITOR, Role.ADMIN})


def must_use_two_factor(user: UserLike) -> bool:
    """Whether the user must sign in with a second factor (TOTP or a recovery code): required, not optional."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(m.role in TWO_FACTOR_ROLES for m in _memberships(user))


def has_staff_account(user: UserLike) -> bool:
    """Whether the user may use the staff account's own pages (the sign-in steps, the second factor, the password):
    a staff member, or a user of the admin site who holds no role (``is_staff``)."""
    return is_staff_member(user) or bool(user.is_authenticated and user.is_staff)


def may_reset_two_factor(actor: UserLike, user: UserLike) -> bool:
    """Whether ``actor`` may delete ``user``'s second factor (a lost phone and lost recovery codes): a superuser for
    anyone; an admin-site user allowed to change users, for anyone but a superuser."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return bool(actor.is_staff and actor.has_perm("auth.change_user") and not user.is_superuser)


def may_turn_off_two_factor(user: UserLike) -> bool:
    """Only a user for whom the second factor is optional may switch it off again."""
    return bool(user.is_authenticated) and not must_use_two_factor(user)
