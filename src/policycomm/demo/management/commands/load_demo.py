from typing import Any

from django.core.management.base import BaseCommand

from policycomm.demo.data import DEMO_PASSWORD, USERS, demo_usernames, load_demo
from policycomm.demo.twofactor import DEMO_TOTP_SECRET, demo_two_factor
from policycomm.orgs.models import Role


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị hành chính, một tỉnh, một phường, người dùng và hai văn bản."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        units = result["units"]
        self.stdout.write(f"Đơn vị hành chính mới nạp: {units['provinces']} tỉnh, {units['communes']} xã/phường.")
        self.stdout.write("Dữ liệu mẫu: " + ("đã tạo." if result["created"] else "đã có sẵn, giữ nguyên."))
        # Also on a demo loaded before two-factor existed: its leaders, monitor and admin get the demo secret.
        demo_two_factor(demo_usernames())
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        self.stdout.write("  admin               Quản trị hệ thống (/admin/)")
        for u in USERS:
            self.stdout.write(f"  {u.username:<19} {u.full_name} — {Role(u.role).label}")
        self.stdout.write(
            "\nLãnh đạo, giám sát và quản trị nhập thêm mã xác thực hai bước: `python manage.py demo_code` in mã hiện "
            f"tại, hoặc thêm khóa bí mật {DEMO_TOTP_SECRET} vào ứng dụng xác thực."
        )
