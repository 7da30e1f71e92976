"""``policycomm analyze INPUT.jsonl --out OUTPUT.jsonl [--sections SECTIONS.jsonl] [--summary SUMMARY.json]``."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policycomm.analysis import cluster, method
from policycomm.analysis.pipeline import InputError, analyse_file, read_sections

NONE = "none"
#: Memory of the one-process path per byte of input (measured: 2.6 GB for a million comments of 770 bytes).
ONE_PROCESS_BYTES_PER_INPUT_BYTE = 3.4


def default_scheduler(src: Path) -> str:
    """A local cluster when one process would need more than half of this machine's memory."""
    ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return cluster.LOCAL if src.stat().st_size * ONE_PROCESS_BYTES_PER_INPUT_BYTE > ram / 2 else NONE


class Command(BaseCommand):
    help = (
        "Phân tích góp ý: nhóm bản sao (chiến dịch), chủ đề, điều khoản, thái độ. "
        "INPUT: mỗi dòng một đối tượng JSON có id, text và tuỳ chọn num_items."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="Tệp JSON Lines các góp ý")
        parser.add_argument("--out", type=Path, required=True, help="Tệp kết quả, một dòng mỗi góp ý")
        parser.add_argument("--sections", type=Path, help="Tệp JSON Lines các điều khoản (id, text, title)")
        parser.add_argument("--summary", type=Path, help="Tệp JSON tóm tắt: nhóm, chủ đề, thời gian, bộ nhớ")
        parser.add_argument("--workers", type=int, default=None, help="Số tiến trình (mặc định: 2)")
        parser.add_argument(
            "--scheduler",
            help='Chạy trên cụm Dask, chia theo phần của tệp: địa chỉ bộ lập lịch (tcp://máy:8786), "local" '
            '(một cụm các nhân của máy này) hoặc "none" (một tiến trình). Mặc định: "local" khi một tiến trình '
            "sẽ cần quá nửa bộ nhớ của máy, nếu không thì một tiến trình",
        )
        parser.add_argument(
            "--scratch",
            type=Path,
            help="Thư mục tạm cho các phần khi chạy trên cụm (mặc định: thư mục của tệp kết quả); "
            "mọi máy của cụm phải thấy nó ở cùng đường dẫn",
        )
        parser.add_argument("--no-themes", action="store_true", help="Bỏ bước chủ đề")
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ")

    def handle(self, *args: Any, **opts: Any) -> None:
        src: Path = opts["input"]
        if not src.is_file():
            raise CommandError(f"Không tìm thấy tệp đầu vào: {src}", returncode=2)
        sections = []
        # The file is fingerprinted for the method card while it is analysed (hashlib frees the GIL).
        hashing, stop = ThreadPoolExecutor(1), threading.Event()
        digest = hashing.submit(method.file_sha256, src, stop)
        try:
            if opts["sections"]:
                if not opts["sections"].is_file():
                    raise CommandError(f"Không tìm thấy tệp điều khoản: {opts['sections']}", returncode=2)
                sections = read_sections(opts["sections"])
            progress = not opts["quiet"] and sys.stderr.isatty()
            scheduler = opts["scheduler"] or default_scheduler(src)
            args = (src, opts["out"], sections, None)
            if scheduler != NONE:
                with cluster.connect(scheduler, opts["workers"]) as client:
                    summary = cluster.analyse_file_on(
                        client, *args, progress=progress, with_themes=not opts["no_themes"], scratch=opts["scratch"]
                    )
            else:
                summary = analyse_file(
                    *args, workers=opts["workers"], progress=progress, with_themes=not opts["no_themes"]
                )
            summary["method"] = method.file_method_card(
                digest.result(), summary["comments"], with_themes=not opts["no_themes"], sections=opts["sections"]
            )
            if opts["summary"]:
                opts["summary"].write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
        except InputError as exc:
            raise CommandError(f"Tệp {src}: {exc}", returncode=2) from None
        except cluster.ClusterUnavailableError as exc:
            raise CommandError(f"Không kết nối được cụm Dask {exc}", returncode=2) from None
        except OSError as exc:
            raise CommandError(f"Không đọc hoặc ghi được tệp: {exc}", returncode=2) from None
        finally:
            stop.set()  # when the analysis failed, the hashing thread stops reading
            hashing.shutdown(wait=False, cancel_futures=True)
        groups = summary["groups"]
        self.stderr.write(
            f"{summary['comments']} góp ý → {groups['total']} ý kiến khác nhau "
            f"({groups['campaigns']} chiến dịch), {len(summary['themes'])} chủ đề; "
            f"{summary['timings_s']['total']} s, bộ nhớ đỉnh {summary['peak_rss_mb']} MB"
        )
        if not opts["summary"]:
            self.stdout.write(orjson.dumps(summary["timings_s"]).decode())
