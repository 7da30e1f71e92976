"""Rules of the law-making process, kept as data (legal-reference §2.2–2.4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from policycomm.orgs.models import Level, Organisation

OK = Organisation.Kind


class DocType(models.TextChoices):
    LUAT = "luat", _("Luật")
    NQ_QH = "nq_qh", _("Nghị quyết của Quốc hội")
    ND = "nd", _("Nghị định")
    QD_TTG = "qd_ttg", _("Quyết định của Thủ tướng Chính phủ")
    TT = "tt", _("Thông tư")
    NQ_HDND_TINH = "nq_hdnd_tinh", _("Nghị quyết của HĐND cấp tỉnh")
    QD_UBND_TINH = "qd_ubnd_tinh", _("Quyết định của UBND cấp tỉnh")
    QD_CT_UBND_TINH = "qd_ct_ubnd_tinh", _("Quyết định của Chủ tịch UBND cấp tỉnh")
    NQ_HDND_XA = "nq_hdnd_xa", _("Nghị quyết của HĐND cấp xã")
    QD_UBND_XA = "qd_ubnd_xa", _("Quyết định của UBND cấp xã")


@dataclass(frozen=True)
class DocTypeRule:
    level: str
    issuer_kinds: tuple[str, ...]
    examined: bool  # goes through thẩm tra (a Council or National Assembly committee) before adoption


DOC_TYPE_RULES: dict[str, DocTypeRule] = {
    DocType.LUAT: DocTypeRule(Level.CENTRAL, (OK.CENTRAL_AGENCY,), True),
    DocType.NQ_QH: DocTypeRule(Level.CENTRAL, (OK.CENTRAL_AGENCY,), True),
    DocType.ND: DocTypeRule(Level.CENTRAL, (OK.CENTRAL_AGENCY,), False),
    DocType.QD_TTG: DocTypeRule(Level.CENTRAL, (OK.CENTRAL_AGENCY,), False),
    DocType.TT: DocTypeRule(Level.CENTRAL, (OK.CENTRAL_AGENCY,), False),
    DocType.NQ_HDND_TINH: DocTypeRule(Level.PROVINCE, (OK.PEOPLES_COUNCIL,), True),
    DocType.QD_UBND_TINH: DocTypeRule(Level.PROVINCE, (OK.PEOPLES_COMMITTEE,), False),
    DocType.QD_CT_UBND_TINH: DocTypeRule(Level.PROVINCE, (OK.PEOPLES_COMMITTEE,), False),
    DocType.NQ_HDND_XA: DocTypeRule(Level.COMMUNE, (OK.PEOPLES_COUNCIL,), True),
    DocType.QD_UBND_XA: DocTypeRule(Level.COMMUNE, (OK.PEOPLES_COMMITTEE,), False),
}


class Stage(models.TextChoices):
    PROPOSAL_PREPARED = "proposal_prepared", _("Lập đề nghị xây dựng")
    PROPOSAL_CONSULTATION = "proposal_consultation", _("Lấy ý kiến đề nghị xây dựng")
    PROPOSAL_APPRAISAL = "proposal_appraisal", _("Thẩm định đề nghị")
    PROPOSAL_APPROVED = "proposal_approved", _("Đề nghị được thông qua")
    DRAFTING = "drafting", _("Soạn thảo")
    DRAFT_CONSULTATION = "draft_consultation", _("Lấy ý kiến dự thảo")
    SYNTHESIS_PUBLISHED = "synthesis_published", _("Công khai tổng hợp, tiếp thu, giải trình")
    DRAFT_APPRAISAL = "draft_appraisal", _("Thẩm định dự thảo")
    EXAMINATION = "examination", _("Thẩm tra")
    ADOPTED = "adopted", _("Thông qua / ban hành")


STAGE_ORDER: list[str] = list(Stage.values)

# The Đề án 407 window: from taking opinions on the proposal to adoption.
COMMUNICATION_STAGES: list[str] = STAGE_ORDER[STAGE_ORDER.index(Stage.PROPOSAL_CONSULTATION) :]


def allowed_next(current: str, *, doc_type: str, simplified: bool) -> list[str]:
    """Stages a document may move to from ``current``."""
    if current == Stage.ADOPTED:
        return []
    if simplified and current == Stage.PROPOSAL_PREPARED:
        # Simplified procedure (thủ tục rút gọn) has no policy phase.
        return [Stage.DRAFTING]
    nxt = STAGE_ORDER[STAGE_ORDER.index(current) + 1]
    if nxt == Stage.EXAMINATION and not DOC_TYPE_RULES[doc_type].examined:
        nxt = Stage.ADOPTED
    return [nxt]


@dataclass(frozen=True)
class Criterion:
    field: str
    label: str | Promise


SCOPE_CRITERIA: tuple[Criterion, ...] = (
    Criterion("c1_requires_proposal", _("Thuộc văn bản phải lập đề nghị xây dựng trước khi soạn thảo")),
    Criterion(
        "c2_rights_obligations",
        _("Tác động trực tiếp làm phát sinh, thay đổi, chấm dứt quyền, nghĩa vụ của người dân, tổ chức, doanh nghiệp"),
    ),
    Criterion("c3_sensitive", _("Là vấn đề khó, nhạy cảm, được dư luận quan tâm hoặc có nhiều ý kiến khác nhau")),
    Criterion("c4_territory", _("Có khả năng tác động trên phạm vi toàn địa bàn của cấp ban hành")),
)


def issues_for(issuer: Organisation, body: Organisation) -> bool:
    """Whether ``issuer`` can issue documents drafted by ``body``: one of the body's ancestors (itself
    included), or the People's Council that sits beside such a committee at the same level."""
    ancestors = {int(x) for x in body.path.split(".") if x}
    if issuer.pk in ancestors:
        return True
    parent = issuer.parent
    return (
        issuer.kind == Organisation.Kind.PEOPLES_COUNCIL
        and parent is not None
        and parent.pk in ancestors
        and parent.level == issuer.level
    )
