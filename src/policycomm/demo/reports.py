"""Demo periodic reports: Bộ Tư pháp above the province, a six-month period of the province with the ward's
report accepted, a department's report submitted, one body late, and the province's consolidated report in
draft; a good model of the ward and a commendation proposed for it. Built through the reporting services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from policycomm.orgs.models import Level, Membership, Organisation, Role
from policycomm.reporting import services as rs
from policycomm.reporting.models import ReportPeriod

from .notifications import MAIL_DOMAIN

K = Organisation.Kind


def _user(username: str, full_name: str, org: Organisation, role: str, position: str, password: str) -> Any:
    family, _, given = full_name.rpartition(" ")
    u, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": given, "last_name": family, "email": f"{username}@{MAIL_DOMAIN}"}
    )
    u.set_password(password)
    u.save()
    Membership.objects.get_or_create(user=u, organisation=org, role=role, defaults={"position": position})
    return u


def load_reports(orgs: dict[str, Organisation], users: dict[str, Any], password: str) -> None:
    ubnd = orgs["ubnd"]
    moj, _ = Organisation.objects.get_or_create(
        name="Bộ Tư pháp", defaults={"short_name": "BTP", "kind": K.CENTRAL_AGENCY, "level": Level.CENTRAL}
    )
    ubnd.parent = moj
    ubnd.save()  # the province's subtree moves under the ministry (paths rewritten)
    for o in orgs.values():
        o.refresh_from_db()
    for u in users.values():
        u.__dict__.pop("_policycomm_memberships", None)
    users["btp.chuyenvien"] = _user("btp.chuyenvien", "Ngô Minh Đức", moj, Role.DRAFTER, "Chuyên viên", password)
    svh_drafter = _user("svh.soanthao", "Bùi Thị Ngọc", orgs["svh"], Role.DRAFTER, "Chuyên viên", password)
    svh_leader = _user("svh.lanhdao", "Đặng Quốc Huy", orgs["svh"], Role.LEADER, "Phó Giám đốc", password)
    press_drafter = _user("bao.soanthao", "Lý Văn Tâm", orgs["press"], Role.DRAFTER, "Biên tập viên", password)

    today = timezone.localdate()
    monitor, stp = users["tinh.giamsat"], users["stp.soanthao"]
    period = rs.period_create(
        actor=monitor,
        organisation=ubnd,
        kind=ReportPeriod.Kind.SIX_MONTH,
        title=f"Báo cáo 6 tháng kết quả thực hiện Đề án 407 năm {today.year}",
        start=today - dt.timedelta(days=183),
        end=today - dt.timedelta(days=5),
        due=today - dt.timedelta(days=2),
        units=[orgs["svh"], orgs["press"], orgs["ward"]],
    )
    ward = rs.report_start(actor=users["phuong.soanthao"], period=period, organisation=orgs["ward"])
    rs.report_save(
        actor=users["phuong.soanthao"],
        report=ward,
        number="45",
        symbol="BC-UBND",
        parts={
            "results": "Truyền thông 02 chính sách của Quy chế quản lý tổ dân phố trên bảng tin, loa truyền thanh; "
            "tiếp nhận và tiếp thu ý kiến của Nhân dân về mức đóng góp quỹ.",
            "shortcomings": "Chính sách về đóng góp quỹ được công khai muộn, giai đoạn soạn thảo chưa có hoạt động "
            "truyền thông. Nguyên nhân: cán bộ kiêm nhiệm, chưa lập kế hoạch truyền thông sớm.",
            "directions": "Lập kế hoạch truyền thông ngay khi lấy ý kiến đề nghị xây dựng văn bản.",
            "proposals": "Đề nghị Sở Tư pháp tổ chức tập huấn kỹ năng truyền thông chính sách cho công chức cấp xã.",
        },
    )
    rs.report_submit(actor=users["phuong.lanhdao"], report=ward)
    rs.report_accept(actor=stp, report=ward)

    svh = rs.report_start(actor=svh_drafter, period=period, organisation=orgs["svh"])
    rs.report_save(
        actor=svh_drafter,
        report=svh,
        number="112",
        symbol="BC-SVHTTDL",
        parts={
            "results": "Phối hợp đưa tin về các dự thảo nghị quyết trên hệ thống thông tin cơ sở.",
            "shortcomings": "",
            "directions": "Tiếp tục phối hợp với Sở Tư pháp.",
            "proposals": "",
        },
    )
    rs.report_submit(actor=svh_leader, report=svh)
    # The press body started its report and did not send it: late.
    rs.report_start(actor=press_drafter, period=period, organisation=orgs["press"])
    rs.report_consolidate(actor=stp, period=period)

    rs.good_model_record(
        actor=users["phuong.soanthao"],
        organisation=orgs["ward"],
        title="“Loa phường nói chính sách” mỗi sáng thứ Hai",
        description="Bản tin 3 phút trên loa truyền thanh giới thiệu dự thảo chính sách đang lấy ý kiến, "
        "kèm mã QR dẫn tới trang góp ý dán ở bảng tin tổ dân phố.",
        recorded_on=today - dt.timedelta(days=30),
        evidence_url="https://thainguyen.gov.vn/",
        period=period,
    )
    rs.commendation_propose(
        actor=stp,
        organisation=ubnd,
        target_org=orgs["ward"],
        reason="Có mô hình hay trong truyền thông dự thảo chính sách ở cơ sở.",
        proposed_on=today - dt.timedelta(days=3),
        period=period,
    )
