from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from policycomm.search.index import reindex_all


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm của cổng thông tin từ nội dung công khai."

    def handle(self, *args: Any, **options: Any) -> None:
        n = reindex_all()
        self.stdout.write(f"{n}")
