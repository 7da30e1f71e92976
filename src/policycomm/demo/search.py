"""Demo for search and filters: the demo documents tagged with their fields (lĩnh vực), the index rebuilt."""

from __future__ import annotations

from typing import Any

from policycomm.lawmaking import services as law
from policycomm.lawmaking.access import can_draft_for
from policycomm.lawmaking.models import LegalDocument, Sector
from policycomm.orgs.models import Organisation
from policycomm.search.index import reindex_all

# Words in a demo document's title → the sectors it belongs to.
TAGS = [
    ("vỉa hè", ["giao-thong", "xay-dung", "tai-chinh-ngan-sach"]),
    ("tổ dân phố", ["an-ninh-trat-tu", "van-hoa-xa-hoi"]),
]


# The seeded sectors the demo uses (a data migration seeds them; a flushed test database has none).
NAMES = {
    "giao-thong": "Giao thông",
    "xay-dung": "Xây dựng",
    "tai-chinh-ngan-sach": "Tài chính - ngân sách",
    "an-ninh-trat-tu": "An ninh trật tự",
    "van-hoa-xa-hoi": "Văn hóa - xã hội",
}


def search_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    sectors = {
        slug: Sector.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in NAMES.items()
    }
    for doc in LegalDocument.objects.select_related("drafting_body").order_by("pk"):
        slugs = [slug for words, tags in TAGS if words in doc.title.lower() for slug in tags]
        if not slugs:
            continue
        writer = next((u for u in users.values() if can_draft_for(u, doc.drafting_body)), None)
        if writer is not None:
            law.document_set_sectors(actor=writer, document=doc, sectors=[sectors[s] for s in slugs if s in sectors])
    # Some demo steps backdate rows with update(), which sends no signal: rebuild once from what is there.
    reindex_all()
