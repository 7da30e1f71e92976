"""``policycomm contested FOLDER [--json]``: opinion groups, consensus and division from votes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from policycomm.analysis.contested import OpinionMap, VoteError, opinion_map, read_polis


class Command(BaseCommand):
    help = (
        "Điểm tranh luận: nhóm ý kiến, điểm đồng thuận và điểm chia rẽ từ phiếu đồng ý/không đồng ý. "
        "FOLDER là bản xuất Polis, gồm comments.csv và votes.csv."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Thư mục chứa comments.csv và votes.csv")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")
        parser.add_argument("--seed", type=int, default=0, help="Hạt giống ngẫu nhiên của k-means")

    def handle(self, *args: Any, **opts: Any) -> None:
        folder: Path = opts["folder"]
        if not folder.is_dir():
            raise CommandError(f"Không tìm thấy thư mục: {folder}", returncode=2)
        try:
            statements, votes, moderated = read_polis(folder)
            result = opinion_map(statements, votes, moderated, seed=opts["seed"])
        except VoteError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if opts["json"]:
            self.stdout.write(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode())
        else:
            self.stdout.write(render(result))


def render(result: OpinionMap) -> str:
    lines = [
        f"{result.participants} người tham gia, {result.votes} phiếu cho {result.statements} ý kiến; "
        f"{result.grouped} người đủ phiếu để chia thành {len(result.groups)} nhóm.",
        "",
        "NHÓM Ý KIẾN",
    ]
    for g in result.groups:
        lines.append(f"- {g.explanation}")
        lines.extend(f"    · {p.explanation}" for p in g.points[1:])
    lines += ["", "ĐIỂM ĐỒNG THUẬN"]
    lines.extend(f"- {p.explanation}" for p in result.consensus)
    if not result.consensus:
        lines.append("- Không có ý kiến nào được đa số rõ rệt cùng đồng ý hoặc cùng phản đối.")
    lines += ["", "ĐIỂM CHIA RẼ"]
    lines.extend(f"- {p.explanation}" for p in result.divisive)
    if not result.divisive:
        lines.append("- Không có ý kiến nào các nhóm bỏ phiếu khác hẳn nhau.")
    return "\n".join(lines)
