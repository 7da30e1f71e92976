from typing import Any

from django.core.management.base import BaseCommand

from policycomm.notifications.jobs import digests_run, reminders_run


class Command(BaseCommand):
    help = "Chạy ngay một lượt nhắc việc (như bộ lập lịch làm), rồi thoát. Chạy lại không gửi trùng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--digest", action="store_true", help="Gửi luôn thư tổng hợp trong ngày.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_run()
        self.stdout.write(
            f"Thông báo mới: {result.created}; thư gửi ngay: {result.mailed}; thư cho người góp ý: {result.citizens}."
        )
        if options["digest"]:
            self.stdout.write(f"Thư tổng hợp: {digests_run()}.")
