from typing import Any

from django.core.management.base import BaseCommand

from policycomm.demo.twofactor import DEMO_TOTP_SECRET, demo_code


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của các tài khoản mẫu (lãnh đạo, giám sát, quản trị)."

    def handle(self, *args: Any, **options: Any) -> None:
        code, seconds = demo_code()
        self.stdout.write(f"Mã xác thực của tài khoản mẫu: {code} (còn {seconds} giây)")
        self.stdout.write(f"Hoặc thêm khóa bí mật {DEMO_TOTP_SECRET} vào ứng dụng xác thực (loại: theo thời gian).")
