"""Which organisation of the tree a body named in a plan is, and which body of a lower level takes a
task over in a derived plan.

"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" is "Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên"; "Các sở, ban,
ngành" is a set of bodies, not one, and stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policycomm.analysis.normalise import fold
from policycomm.orgs.models import AdminUnit, Organisation

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "pbgdpl": "pho bien giao duc phap luat",
    "vhttdl": "van hoa the thao va du lich",
    "hdph": "hoi dong phoi hop",
    "stp": "so tu phap",
    "tp": "thanh pho",
}
_STOP = {"va", "cua", "cac", "co", "lien", "quan", "thuoc", "tren", "dia", "ban"}
_PLURAL = re.compile(r"^(các|những|mọi)\s", re.IGNORECASE)
# Words that name a body's kind rather than its field ("Sở Tư pháp" → "tư pháp").
_KIND_WORDS = {"so", "phong", "van", "uy", "ban", "nhan", "dan", "hoi", "dong", "cong", "chuc", "trung", "tam"}

PLACE_WORD: dict[str, str] = {
    AdminUnit.Kind.PROVINCE: "tỉnh",
    AdminUnit.Kind.CITY: "thành phố",
    AdminUnit.Kind.DISTRICT: "huyện",
    AdminUnit.Kind.WARD: "phường",
    AdminUnit.Kind.COMMUNE: "xã",
    AdminUnit.Kind.SPECIAL_ZONE: "đặc khu",
    AdminUnit.Kind.TOWN: "thị trấn",
}


def tokens(name: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(name))
    out: list[str] = []
    for w in words:
        out.extend(_ABBREVIATIONS.get(w, w).split())
    return {w for w in out if w not in _STOP}


def match_body(name: str, candidates: Iterable[Organisation]) -> Organisation | None:
    """The one organisation ``name`` designates, or None (plural or unknown bodies stay text)."""
    if _PLURAL.match(name.strip()):
        return None
    want = tokens(name)
    if not want:
        return None
    best: tuple[float, Organisation] | None = None
    for org in candidates:
        have = tokens(org.name)
        if not have:
            continue
        common = len(want & have)
        covers_name, covers_org = common / len(want), common / len(have)
        if covers_name >= 0.9 and covers_org >= 0.6:
            score = covers_name + covers_org
            if best is None or score > best[0]:
                best = (score, org)
    return best[1] if best else None


def candidates_for(org: Organisation) -> list[Organisation]:
    """Bodies a plan of ``org`` may name: its subtree and the bodies above it."""
    ancestor_ids = [int(p) for p in org.path.split(".") if p]
    return list(
        Organisation.objects.filter(is_active=True, path__startswith=org.path)
        | Organisation.objects.filter(pk__in=ancestor_ids)
    )


def place_word(org: Organisation) -> tuple[str, str]:
    """("tỉnh", "Thái Nguyên") for the place an organisation governs."""
    node: Organisation | None = org
    while node is not None:
        if node.admin_unit_id:
            assert node.admin_unit is not None
            return PLACE_WORD.get(str(node.admin_unit.kind), ""), node.admin_unit.short_name
        node = node.parent
    return "", ""


_SCOPE_PREFIXES = (
    "toàn",
    "địa bàn",
    "phạm vi của",
    "phạm vi",
    "UBND",
    "Ủy ban nhân dân",
    "HĐND",
    "Hội đồng nhân dân",
    "PBGDPL",
    "giáo dục pháp luật",
    "Tổ quốc Việt Nam",
    "MTTQ Việt Nam",
    "Chủ tịch UBND",
)


_COMMUNE_WORDS = ("phường", "xã", "đặc khu")
# "Các sở, ban, ngành (tỉnh)": the departments of a province, as a set.
_DEPARTMENTS = re.compile(
    r"\b([Cc]ác) sở,? ban,? ngành(?:,? đoàn thể)?(?: (?:cấp )?(?:tỉnh|thành phố))?(?=[\s,;.:)]|$)"
)
# "UBND các xã, phường (trên địa bàn tỉnh)", "UBND cấp xã": the committees of the communes, as a set.
_COMMUNE_COMMITTEES = re.compile(
    r"\b(Chủ tịch UBND|Chủ tịch Ủy ban nhân dân|UBND|Ủy ban nhân dân|Uỷ ban nhân dân) "
    r"(?:các xã, phường(?:, thị trấn)?|các phường, xã(?:, thị trấn)?|cấp xã)"
    r"(?: trên địa bàn (?:tỉnh|thành phố)(?: [A-ZĐ][^\s,;.]*){0,3})?"
)
# Reporting up stays addressed to the level above: "báo cáo UBND tỉnh", "gửi Sở Tư pháp".
_UPWARD = re.compile(
    r"\b(?:báo cáo|gửi|trình|qua) (?:Chủ tịch UBND|UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân) (?:tỉnh|thành phố)\b"
)


def adapt_wording(text: str, parent: Organisation, child: Organisation) -> str:
    """Wording of the level below: "toàn tỉnh" → "toàn phường", "tỉnh Thái Nguyên" → "phường X", and,
    for a commune or ward, the bodies of the province named as a set become its own ("các sở, ban,
    ngành" → "các ban, ngành, đoàn thể phường", "UBND các xã, phường trên địa bàn tỉnh" → "UBND
    phường"). What is reported up ("báo cáo UBND tỉnh") keeps its addressee."""
    (pw, pname), (cw, cname) = place_word(parent), place_word(child)
    if not pw or not cw or pw == cw:
        return text
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _UPWARD.sub(keep, text)
    commune = cw in _COMMUNE_WORDS
    if pw in ("tỉnh", "thành phố"):
        bodies = "ban, ngành, đoàn thể" if commune else "phòng, ban, ngành"
        text = _DEPARTMENTS.sub(lambda m: f"{m.group(1)} {bodies} {cw}", text)
        if commune:
            text = _COMMUNE_COMMITTEES.sub(lambda m: f"{m.group(1)} {cw}", text)
    if pname and cname:
        text = re.sub(rf"\b{re.escape(pw)} {re.escape(pname)}\b", f"{cw} {cname}", text)
    text = re.sub(rf"\bcấp {re.escape(pw)}\b", "cấp xã" if commune else f"cấp {cw}", text)
    prefixes = "|".join(re.escape(p) for p in _SCOPE_PREFIXES)
    text = re.sub(rf"\b({prefixes}) {re.escape(pw)}\b", rf"\1 {cw}", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], text)


def changes_level(parent: Organisation, child: Organisation) -> bool:
    """Whether ``child`` governs another kind of place than ``parent`` (a ward under a province)."""
    pw, cw = place_word(parent)[0], place_word(child)[0]
    return bool(pw and cw and pw != cw)


def is_plural(name: str) -> bool:
    """ "Các sở, ban, ngành": a set of bodies, not one."""
    return bool(_PLURAL.match(name.strip()))


def above(name: str, org: Organisation | None, parent_org: Organisation, child: Organisation) -> bool:
    """Whether the body ``name`` (linked to ``org``, if known) belongs to the level of ``parent_org``
    rather than to ``child``'s: an organisation outside ``child``'s subtree, or, unlinked, a name that
    says so ("Sở Tư pháp", "Hội Luật gia tỉnh", "Báo … Thái Nguyên")."""
    if org is not None:
        return not org.path.startswith(child.path)
    pw, pname = place_word(parent_org)
    name = name.strip()
    return name.startswith("Sở ") or bool(pw and name.endswith(f" {pw}")) or bool(pname and name.endswith(f" {pname}"))


def is_department(name: str, org: Organisation | None) -> bool:
    return (org is not None and org.kind == Organisation.Kind.DEPARTMENT) or name.strip().startswith("Sở ")


def level_name(org: Organisation, child: Organisation) -> str:
    """How a body of ``child``'s level is named in the text of its plan: its name, or for the committee
    itself the short form the adapted wording uses ("UBND phường")."""
    if org.pk == child.pk and child.kind == Organisation.Kind.PEOPLES_COMMITTEE:
        word = place_word(child)[0]
        return f"UBND {word}" if word else child.name
    return org.name


def _field(org: Organisation) -> set[str]:
    place = place_word(org)[1]
    return (
        tokens(org.name) - _KIND_WORDS - (tokens(place) if place else set()) - {"tinh", "phuong", "xa", "thanh", "pho"}
    )


def propose_for(
    source: Organisation | None,
    name: str,
    parent_org: Organisation,
    child: Organisation,
    tree: list[Organisation],
) -> Organisation:
    """The body of ``child``'s subtree (among ``tree``, the bodies a plan of ``child`` may name) that
    takes over a task led by ``source`` (or by the body ``name``).

    The issuing committee maps to the child's committee; a body maps to one of the same kind and field
    ("Sở Văn hóa, Thể thao và Du lịch" → "Phòng Văn hóa - Xã hội"), or, for a body known by its kind
    alone, to the only one of that kind; failing all, the child's own committee, for staff to confirm.
    """
    tree = [o for o in tree if o.path.startswith(child.path)]
    if source is None:
        return match_body(adapt_wording(name, parent_org, child), tree) or child
    if source.pk == parent_org.pk or source.kind == child.kind:
        return child
    same_kind = [o for o in tree if o.kind == source.kind]
    field = _field(source)
    scored = sorted(((len(field & _field(o)), o.pk, o) for o in same_kind), key=lambda x: (-x[0], x[1]))
    if scored and scored[0][0] > 0:
        return scored[0][2]
    if not field and len(same_kind) == 1:
        return same_kind[0]  # a body known by its kind alone (the Front, the press)
    return child
