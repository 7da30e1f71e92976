"""Whose inbox is whose (house rule 2): a message is its recipient's alone."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from policycomm.orgs.access import UserLike, is_staff_member

from .models import Notification


def can_use_inbox(user: UserLike) -> bool:
    return is_staff_member(user)


def notifications_for_user(user: UserLike) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def get_notification_for_user(user: UserLike, pk: int) -> Notification:
    """404 for another person's message, whoever asks (an admin too: an inbox is private)."""
    try:
        return notifications_for_user(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy thông báo.")) from None


def unread_count(user: UserLike) -> int:
    return notifications_for_user(user).filter(read_at__isnull=True).count()
