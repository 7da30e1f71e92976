"""Reads for documents: which bodies a user may name when registering one."""

from __future__ import annotations

from django.db.models import F, Q

from policycomm.orgs.access import UserLike
from policycomm.orgs.models import Organisation

from .access import drafting_bodies_for

ISSUER_KINDS = (
    Organisation.Kind.PEOPLES_COMMITTEE,
    Organisation.Kind.PEOPLES_COUNCIL,
    Organisation.Kind.CENTRAL_AGENCY,
)


def issuers_for(bodies: list[Organisation]) -> list[Organisation]:
    """Issuing authorities for documents drafted by any of ``bodies`` (the rule of ``rules.issues_for``,
    filtered in the database): a committee, council or central agency that is an ancestor of a body
    (itself included), or the People's Council beside such a committee at the same level."""
    ancestor_ids = {int(x) for b in bodies for x in b.path.split(".") if x}
    return list(
        Organisation.objects.filter(
            Q(pk__in=ancestor_ids, kind__in=ISSUER_KINDS)
            | Q(kind=Organisation.Kind.PEOPLES_COUNCIL, parent_id__in=ancestor_ids, level=F("parent__level"))
        ).order_by("path")
    )


def document_org_choices(user: UserLike) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(issuing authorities, drafting bodies) as form choices for the user."""
    bodies = drafting_bodies_for(user)
    return [(o.pk, o.name) for o in issuers_for(bodies)], [(b.pk, b.name) for b in bodies]
