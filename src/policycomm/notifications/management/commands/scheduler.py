from typing import Any

from django.core.management.base import BaseCommand

from policycomm.notifications.schedule import build_scheduler, schedule


class Command(BaseCommand):
    help = "Chạy lịch nhắc việc: đến giờ thì đưa tác vụ vào hàng đợi cho tiến trình nền (db_worker) thực hiện."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="Chỉ in lịch rồi thoát.")

    def handle(self, *args: Any, **options: Any) -> None:
        for item in schedule().values():
            self.stdout.write(f"{item.name:<12} {item.cron:<16} {item.task.name}")
        if options["list"]:
            return
        scheduler = build_scheduler()
        self.stdout.write("Bộ lập lịch đã chạy (Ctrl-C để dừng).")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)
