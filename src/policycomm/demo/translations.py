"""Demo: the open draft's published material in English and in French, written, submitted and approved.

The texts follow the Vietnamese material of ``data._open_document`` sentence by sentence.
"""

from __future__ import annotations

from typing import Any

from policycomm.communication import services as comm
from policycomm.communication.models import Material
from policycomm.orgs.models import Organisation

MATERIAL_TITLE = "Vì sao tỉnh đề xuất thu phí sử dụng vỉa hè?"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Why is the province proposing a fee for using pavements?",
        "part_need": "On many streets the pavements have been taken over, and pedestrians have to walk in the road. "
        "The policy aims to reorganise the use of pavements fairly and transparently. It applies to household "
        "businesses, organisations and individuals who use pavements.",
        "part_content": "A household business may temporarily use, at most, the part of the pavement that is left "
        "after 1.5 metres have been kept clear for pedestrians, from 6 a.m. to 10 p.m., and pays a fee per square "
        "metre.",
        "part_changes": "Until now there has been no uniform rule on charging a fee. The points on which opinions "
        "differ are the fee of 20,000 dong per square metre per month in urban wards, and the hours during which "
        "business is allowed.",
    },
    "fr": {
        "title": "Pourquoi la province propose-t-elle une redevance pour l'usage des trottoirs ?",
        "part_need": "Dans de nombreuses rues, les trottoirs sont occupés et les piétons doivent marcher sur la "
        "chaussée. La politique vise à réorganiser l'usage des trottoirs de façon équitable et transparente. Elle "
        "s'applique aux commerces familiaux, aux organisations et aux particuliers qui utilisent les trottoirs.",
        "part_content": "Un commerce familial peut occuper temporairement, au plus, la partie du trottoir qui reste "
        "une fois 1,5 mètre laissé libre pour les piétons, de 6 h à 22 h, et paie une redevance au mètre carré.",
        "part_changes": "Jusqu'à présent, aucune règle uniforme ne fixait de redevance. Les points débattus sont le "
        "montant de 20 000 dongs par mètre carré et par mois dans les quartiers urbains (phường) et les horaires "
        "autorisés.",
    },
}


def translations_demo(orgs: dict[str, Organisation], users: dict[str, Any]) -> None:
    """The Department of Justice's drafter translates the open draft's material; its leader approves."""
    drafter, leader = users["stp.soanthao"], users["stp.lanhdao"]
    material = Material.objects.get(
        policy__document__drafting_body=orgs["stp"], status=Material.Status.PUBLISHED, title=MATERIAL_TITLE
    )
    for language, text in TEXTS.items():
        t = comm.translation_save(
            actor=drafter,
            material=material,
            language=language,
            title=text["title"],
            part_need=text["part_need"],
            part_content=text["part_content"],
            part_changes=text["part_changes"],
        )
        t = comm.translation_submit(actor=drafter, translation=t)
        comm.translation_review(actor=leader, translation=t, approve=True)
