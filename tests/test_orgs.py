from __future__ import annotations

from typing import Any

from policycomm.orgs.access import scope_paths
from policycomm.orgs.adminunits import load_admin_units
from policycomm.orgs.models import AdminUnit


def test_admin_units_2025_map_and_legacy(db: Any) -> None:
    created = load_admin_units()
    assert created == {"provinces": 34, "communes": 3321, "legacy": 0}
    new = AdminUnit.objects.filter(is_legacy=False)
    assert new.filter(kind__in=["province", "city"]).count() == 34
    assert new.filter(kind="city").count() == 6
    assert new.filter(kind="ward").count() == 687
    assert new.filter(kind="commune").count() == 2621
    assert new.filter(kind="special_zone").count() == 13
    assert load_admin_units() == {"provinces": 0, "communes": 0, "legacy": 0}  # idempotent
    # Names repeat across provinces: codes are the key.
    assert new.filter(name="Xã Phú Lương").count() >= 2
    tan_lap = new.get(code="25489")
    assert (tan_lap.name, tan_lap.parent.name) == ("Xã Tân Lập", "Tỉnh Tây Ninh")

    legacy = load_admin_units(legacy=True)["legacy"]
    assert legacy > 10_000
    old = AdminUnit.objects.filter(is_legacy=True)
    assert old.filter(kind__in=["province", "city"]).count() == 63
    thanh_bac = old.get(name="Xã Thạnh Bắc", parent__name="Huyện Tân Biên")
    assert thanh_bac.parent.parent.name == "Tỉnh Tây Ninh"
    assert AdminUnit.objects.filter(is_legacy=False).count() == 34 + 3321


def test_scope_paths_collapse_nested_subtrees(world: Any) -> None:
    from policycomm.orgs.models import Membership, Role

    Membership.objects.create(user=world.nobody, organisation=world.province, role=Role.MONITOR)
    Membership.objects.create(user=world.nobody, organisation=world.body_a, role=Role.MONITOR)
    world.nobody.__dict__.pop("_policycomm_memberships", None)
    assert scope_paths(world.nobody) == [world.province.path]
