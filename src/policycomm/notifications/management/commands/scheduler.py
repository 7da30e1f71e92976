import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from policycomm.notifications.schedule import build_scheduler, schedule


class Command(BaseCommand):
    help = "Chạy lịch nhắc việc: đến giờ thì đưa tác vụ vào hàng đợi cho tiến trình nền (db_worker) thực hiện."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="Chỉ in lịch rồi thoát.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            items = schedule()
        except ValueError as exc:
            raise CommandError(
                f"Lịch không hợp lệ ({exc}). Kiểm tra POLICYCOMM_REMINDER_CRON, POLICYCOMM_DIGEST_CRON: "
                "năm trường kiểu crontab, thứ trong tuần ghi bằng tên (mon…sun) hoặc *."
            ) from exc
        for item in items.values():
            self.stdout.write(f"{item.name:<16} {item.when:<16} {item.task.name}")
        if options["list"]:
            return
        scheduler = build_scheduler()
        # SIGTERM (scripts/serve.sh stopping, a service manager) ends it like Ctrl-C does.
        signal.signal(signal.SIGTERM, _exit)
        self.stdout.write("Bộ lập lịch đã chạy (Ctrl-C để dừng).")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
