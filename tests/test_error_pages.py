"""Error pages: each status its own page; staff URLs keep the staff layout and lead back to the staff site."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from policycomm.errorpages import domain_error_page, error_page
from policycomm.errors import DomainError
from policycomm.plans import services as psvc
from policycomm.plans.parser import parse_file

from .factories import ROOT, World

SEED = ROOT.parent / "shared" / "seeds" / "thainguyen-01-KH-UBND-2025.txt"


def test_a_staff_404_keeps_the_staff_layout_and_menu(world: World) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    r = client.get("/can-bo/van-ban/999999/")
    page = r.content.decode()
    assert r.status_code == 404
    assert "policycomm · Cán bộ" in page and 'href="/can-bo/"' in page
    assert "Về trang cán bộ" in page
    assert "Giám sát" not in page  # the menu is the drafter's own


def test_a_portal_404_keeps_the_portal_layout() -> None:
    r = Client().get("/khong-co-trang-nay/")
    page = r.content.decode()
    assert r.status_code == 404
    assert "Về trang chủ" in page and "Cán bộ đăng nhập" in page


def test_the_monitoring_403_says_why_in_the_staff_layout(world: World) -> None:
    client = Client()
    client.force_login(world.communicator_a)
    r = client.get("/can-bo/giam-sat/")
    page = r.content.decode()
    assert r.status_code == 403
    assert "Trang giám sát dành cho Thường trực Hội đồng PBGDPL và lãnh đạo." in page
    assert "Về trang cán bộ" in page


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (409, "Thao tác chưa thực hiện được lúc này"),
        (422, "Dữ liệu chưa hợp lệ"),
        (503, "Dịch vụ tạm thời chưa sẵn sàng"),
        (429, "Bạn thao tác quá nhanh"),
        (413, "Dữ liệu gửi lên quá lớn"),
    ],
)
def test_each_status_has_its_own_page(world: World, status: int, heading: str) -> None:
    request = RequestFactory().get("/can-bo/van-ban/1/")
    request.user = world.drafter_a
    r = domain_error_page(request, DomainError("x", "Lý do cụ thể.", status=status))
    page = r.content.decode()
    assert r.status_code == status
    assert f"<h1>{heading}</h1>" in page
    assert "Lý do cụ thể." in page
    assert "Bạn không có quyền" not in page  # not the 403 page
    assert "policycomm · Cán bộ" in page


def test_an_unknown_domain_status_falls_back_to_409(db: Any) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    r = domain_error_page(request, DomainError("x", "Không được.", status=302))
    assert r.status_code == 409 and "Thao tác chưa thực hiện được lúc này" in r.content.decode()
    assert error_page(request, 418).status_code == 418


def test_pdf_without_libreoffice_is_a_503_page_in_the_staff_layout(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    plan = psvc.plan_create(actor=world.monitor, organisation=world.province, data=parse_file(SEED))
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine where LibreOffice is not installed
    client = Client()
    client.force_login(world.monitor)
    r = client.get(f"/can-bo/ke-hoach/{plan.pk}/tai-ve.pdf")
    page = r.content.decode()
    assert r.status_code == 503
    assert "Dịch vụ tạm thời chưa sẵn sàng" in page and "Về trang cán bộ" in page


def test_the_menu_marks_the_current_section(world: World) -> None:
    client = Client()
    client.force_login(world.monitor)
    page = client.get("/can-bo/ke-hoach/").content.decode()
    assert '<a href="/can-bo/ke-hoach/" aria-current="page">Kế hoạch</a>' in page
    assert '<a href="/can-bo/" aria-current="page">' not in page
    assert '<a href="/can-bo/giam-sat/">Giám sát</a>' in page
