"""Who may do what with a consultation's channel kit (house rule 2)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.communication.access import ACTIVITY_ROLES
from policycomm.consultation.access import get_consultation_for_user
from policycomm.consultation.models import Consultation
from policycomm.orgs.access import UserLike, reaches

from .models import ChannelOutput


def can_manage_channels(user: UserLike, consultation: Consultation) -> bool:
    """Make the kit again, upload an announcer's recording: those who record communication activities."""
    return reaches(user, consultation.document.drafting_body.path, ACTIVITY_ROLES)


def get_output_for_user(user: UserLike, consultation_pk: int, kind: str, *, lang: str = "vi") -> ChannelOutput:
    """404 outside the user's subtree, or when the output was never made."""
    c = get_consultation_for_user(user, consultation_pk)
    try:
        return ChannelOutput.objects.select_related("consultation__document__drafting_body").get(
            consultation=c, kind=kind, lang=lang
        )
    except (ChannelOutput.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy sản phẩm truyền thông này.")) from None
