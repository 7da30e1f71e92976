"""How long a document usually stays in each stage, in calendar days (ADR 0009).

These are working defaults for a reminder, not legal deadlines: past them the drafting body is
told once that the document has sat in the stage longer than usual. They follow the periods that
``../shared/docs/legal-reference.md`` §2.4–2.5 gives or implies: a comment window of at least 30
days for provincial drafts (Luật 80/2015) or 20 (Luật 64/2025) plus time to sum up the comments;
appraisal and examination of about a month; drafting of about a quarter. The final stage
(adoption) has no usual length.
"""

from __future__ import annotations

from policycomm.lawmaking.rules import Stage

USUAL_STAGE_DAYS: dict[str, int] = {
    Stage.PROPOSAL_PREPARED: 60,
    Stage.PROPOSAL_CONSULTATION: 45,
    Stage.PROPOSAL_APPRAISAL: 30,
    Stage.PROPOSAL_APPROVED: 30,
    Stage.DRAFTING: 90,
    Stage.DRAFT_CONSULTATION: 45,
    Stage.SYNTHESIS_PUBLISHED: 20,
    Stage.DRAFT_APPRAISAL: 30,
    Stage.EXAMINATION: 30,
}
