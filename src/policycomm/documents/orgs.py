"""How an organisation and its leader appear on an official document."""

from __future__ import annotations

from policycomm.orgs.access import display_name
from policycomm.orgs.models import Membership, Organisation, Role

from .decree30 import Signer

_COLLECTIVE: dict[str, str] = {
    Organisation.Kind.PEOPLES_COMMITTEE: "ỦY BAN NHÂN DÂN",
    Organisation.Kind.PEOPLES_COUNCIL: "HỘI ĐỒNG NHÂN DÂN",
}


# Names of the collective bodies as they open an issuer line ("ỦY BAN NHÂN DÂN" + "TỈNH THÁI NGUYÊN").
COLLECTIVE_NAMES = tuple(_COLLECTIVE.values())


def issuer_lines(org: Organisation) -> tuple[str | None, str]:
    """(parent body line, issuer lines) for the left column of the header."""
    if org.kind in _COLLECTIVE and org.admin_unit is not None:
        return None, f"{_COLLECTIVE[org.kind]}\n{org.admin_unit.name}"
    parent = org.parent
    parent_line = None
    if parent is not None and parent.kind in _COLLECTIVE and parent.admin_unit is not None:
        short = "UBND" if parent.kind == Organisation.Kind.PEOPLES_COMMITTEE else "HĐND"
        parent_line = f"{short} {parent.admin_unit.name}"
    elif parent is not None:
        parent_line = parent.name
    return parent_line, org.name


def signer_for(org: Organisation) -> Signer:
    """The body's leader, signing as Decree 30 §3.4 patterns say."""
    m = Membership.objects.filter(organisation=org, role=Role.LEADER).select_related("user").order_by("pk").first()
    if m is None:
        return Signer(position="THỦ TRƯỞNG CƠ QUAN", name="")
    position = (m.position or "Thủ trưởng cơ quan").strip()
    name = display_name(m.user)
    authority = f"TM. {_COLLECTIVE[org.kind]}" if org.kind in _COLLECTIVE else None
    deputy = None
    if position.lower().startswith("phó "):
        deputy = "KT. " + position[4:].upper()
    return Signer(authority=authority, deputy=deputy, position=position.upper(), name=name)
