"""Load the administrative map from the ``vietnamadminunits`` package (MIT, 2025 data)."""

from __future__ import annotations

import importlib.resources
import sqlite3
from contextlib import closing

from django.db import transaction

from .models import AdminUnit

_WARD_KINDS = {"Phường": AdminUnit.Kind.WARD, "Xã": AdminUnit.Kind.COMMUNE, "Đặc khu": AdminUnit.Kind.SPECIAL_ZONE}
_LEGACY_WARD_KINDS = {"Phường": AdminUnit.Kind.WARD, "Xã": AdminUnit.Kind.COMMUNE, "Thị trấn": AdminUnit.Kind.TOWN}


def _dataset() -> sqlite3.Connection:
    path = importlib.resources.files("vietnamadminunits") / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _province_kind(name: str) -> str:
    return AdminUnit.Kind.CITY if name.startswith("Thành phố") else AdminUnit.Kind.PROVINCE


@transaction.atomic
def load_admin_units(*, legacy: bool = False) -> dict[str, int]:
    """Create the 34 provinces and 3,321 communes (and, with ``legacy``, the pre-2025 map).

    Idempotent: units already present (by code, kind and era) are left as they are.
    """
    created = {"provinces": 0, "communes": 0, "legacy": 0}
    with closing(_dataset()) as db:
        rows = db.execute(
            "select provinceCode, province, provinceShort, wardCode, ward, wardShort, wardType "
            "from admin_units order by provinceCode, wardCode"
        ).fetchall()
        legacy_rows = (
            db.execute(
                "select provinceCode, province, provinceShort, districtCode, district, districtShort, "
                "districtType, wardCode, ward, wardShort, wardType from admin_units_legacy"
            ).fetchall()
            if legacy
            else []
        )

    existing = {(u.code, u.kind, u.is_legacy): u for u in AdminUnit.objects.all()}

    provinces: dict[str, AdminUnit] = {}
    for pcode, pname, pshort, *_ in rows:
        kind = _province_kind(pname)
        if pcode in provinces:
            continue
        unit = existing.get((pcode, kind, False))
        if unit is None:
            unit = AdminUnit.objects.create(code=pcode, name=pname, short_name=pshort, kind=kind)
            created["provinces"] += 1
        provinces[pcode] = unit

    new_wards = [
        AdminUnit(code=wcode, name=wname, short_name=wshort, kind=_WARD_KINDS[wtype], parent=provinces[pcode])
        for pcode, _p, _ps, wcode, wname, wshort, wtype in rows
        if (wcode, _WARD_KINDS[wtype], False) not in existing
    ]
    AdminUnit.objects.bulk_create(new_wards, batch_size=1000)
    created["communes"] = len(new_wards)

    if legacy_rows:
        created["legacy"] = _load_legacy(legacy_rows, existing)
    return created


def _load_legacy(rows: list[tuple[str, ...]], existing: dict[tuple[str, str, bool], AdminUnit]) -> int:
    count = 0
    provinces: dict[str, AdminUnit] = {}
    districts: dict[str, AdminUnit] = {}
    for pcode, pname, pshort, dcode, dname, dshort, _dtype, *_ in rows:
        if pcode not in provinces:
            kind = _province_kind(pname)
            unit = existing.get((pcode, kind, True)) or AdminUnit.objects.create(
                code=pcode, name=pname, short_name=pshort, kind=kind, is_legacy=True
            )
            provinces[pcode] = unit
        if dcode not in districts:
            unit = existing.get((dcode, AdminUnit.Kind.DISTRICT, True)) or AdminUnit.objects.create(
                code=dcode,
                name=dname,
                short_name=dshort,
                kind=AdminUnit.Kind.DISTRICT,
                is_legacy=True,
                parent=provinces[pcode],
            )
            districts[dcode] = unit
    wards = []
    seen: set[tuple[str, str]] = set()
    for *_, dcode, _dn, _ds, _dt, wcode, wname, wshort, wtype in rows:
        if not wcode:
            continue  # a district with no communes of its own (island districts)
        kind = _LEGACY_WARD_KINDS.get(wtype, AdminUnit.Kind.COMMUNE)
        if (wcode, kind, True) in existing or (wcode, kind) in seen:
            continue
        seen.add((wcode, kind))
        wards.append(
            AdminUnit(code=wcode, name=wname, short_name=wshort, kind=kind, is_legacy=True, parent=districts[dcode])
        )
        count += 1
    AdminUnit.objects.bulk_create(wards, batch_size=1000)
    return count
