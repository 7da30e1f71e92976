"""A plan as an official document (Decree 30): DOCX built with python-docx, PDF converted from it.

The layout is the one the importer reads back: sections "I. …", groups "1. …", tasks "1.1. …" or
"a) …", and, where a group's tasks carry them, the lines "- Cơ quan chủ trì: …", "- Cơ quan phối
hợp: …", "- Thời gian thực hiện: …", "- Sản phẩm: …".
"""

from __future__ import annotations

from policycomm.documents.decree30 import Header, OfficialDocument, Recipients, Signer
from policycomm.documents.orgs import COLLECTIVE_NAMES, issuer_lines
from policycomm.documents.pdf import docx_to_pdf

from . import bodies
from .models import Plan, PlanTask
from .text import is_upper_heading

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _issuer(plan: Plan) -> tuple[str | None, str]:
    name = plan.issuer_name.strip()
    if name and is_upper_heading(name):
        for head in COLLECTIVE_NAMES:
            if name.startswith(f"{head} "):
                return None, f"{head}\n{name[len(head) + 1 :]}"
        return None, name
    return issuer_lines(plan.organisation)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _needs_block(tasks: list[PlanTask]) -> bool:
    for t in tasks:
        lead, coop = [b.name for b in t.leads], [b.name for b in t.cooperating]
        if t.timeframe or t.product or (lead, coop) != bodies.from_prose(t.text):
            return True
    return False


def _task(doc: OfficialDocument, t: PlanTask, block: bool) -> None:
    lines = _lines(t.text)
    if t.number:
        label = f"{t.number})" if t.number.isalpha() else (f"{t.number}." if not t.number.endswith(".") else t.number)
        lines[0] = f"{label} {lines[0]}"
    for line in lines:
        doc.paragraph(line)
    if not block:
        return
    leads, coop = [b.name for b in t.leads], [b.name for b in t.cooperating]
    if leads:
        doc.paragraph(f"- Cơ quan chủ trì: {'; '.join(leads)}.")
    if coop:
        doc.paragraph(f"- Cơ quan phối hợp: {'; '.join(coop)}.")
    if t.timeframe:
        doc.paragraph(f"- Thời gian thực hiện: {t.timeframe}")
    if t.product:
        doc.paragraph(f"- Sản phẩm: {t.product}")


def plan_docx(plan: Plan) -> bytes:
    parent_body, issuer = _issuer(plan)
    header = Header(
        issuer=issuer,
        parent_body=parent_body,
        symbol=plan.symbol or "KH-UBND",
        place=plan.place or plan.organisation.place_name,
        number=plan.number or None,
        date=plan.issued_on,
    )
    doc = OfficialDocument(header, "KẾ HOẠCH", plan.title)
    for line in _lines(plan.legal_basis):
        doc.paragraph(line)
    tasks = list(plan.tasks.prefetch_related("bodies").order_by("order", "pk"))
    groups = list(plan.groups.all())
    sections: list[tuple[str, object]] = []
    if plan.purposes or plan.requirements or plan.targets:
        sections.append(("MỤC ĐÍCH, YÊU CẦU", "purposes"))
    if plan.scope or plan.period:
        sections.append(("PHẠM VI THỰC HIỆN", "scope"))
    if any(not g.is_duties for g in groups):
        sections.append(("NỘI DUNG, GIẢI PHÁP THỰC HIỆN", "groups"))
    if plan.budget_text:
        sections.append(("KINH PHÍ THỰC HIỆN", "budget"))
    if any(g.is_duties for g in groups):
        sections.append(("TỔ CHỨC THỰC HIỆN", "duties"))
    for n, (title, key) in enumerate(sections):
        doc.heading(f"{ROMAN[n]}. {title}")
        if key == "purposes":
            sub = [("Mục đích", plan.purposes), ("Yêu cầu", plan.requirements), ("Mục tiêu", plan.targets)]
            for i, (label, text) in enumerate(((lab, txt) for lab, txt in sub if txt), start=1):
                doc.heading(f"{i}. {label}")
                for line in _lines(text):
                    doc.paragraph(line)
        elif key == "scope":
            for line in _lines(plan.scope):
                doc.paragraph(line)
            if plan.period and plan.period not in plan.scope:
                doc.paragraph(f"Thời gian thực hiện Kế hoạch: {plan.period}.")
        elif key == "budget":
            for line in _lines(plan.budget_text):
                doc.paragraph(line)
        else:
            for g in groups:
                if g.is_duties != (key == "duties"):
                    continue
                g_tasks = [t for t in tasks if t.group_id == g.pk]
                if not g.is_duties:
                    doc.heading(f"{g.index}. {g.title}")
                    for line in _lines(g.intro):
                        doc.paragraph(line)
                block = _needs_block(g_tasks)
                for t in g_tasks:
                    _task(doc, t, block)
    if plan.closing:
        doc.paragraph(plan.closing)
    items = [r for r in plan.recipients if r.strip()]
    archive = "Lưu: VT"
    if items and items[-1].startswith("Lưu"):
        archive = items.pop()
    signer = Signer(
        position=plan.signer_position,
        name=plan.signer_name,
        authority=plan.signer_authority or None,
        deputy=plan.signer_deputy or None,
    )
    return doc.finish(Recipients(items=items, archive=archive), signer)


def plan_pdf(plan: Plan) -> bytes:
    return docx_to_pdf(plan_docx(plan))
