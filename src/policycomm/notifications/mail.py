"""Building and sending the mails: plain text with an HTML alternative, in Vietnamese.

Django's e-mail framework sends them: SMTP when ``POLICYCOMM_EMAIL_HOST`` is set, otherwise one
file per message under ``var/mail/`` (settings.py); the tests use the in-memory backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

UNSUBSCRIBE_SALT = "policycomm.notifications.unsubscribe"


def absolute(path: str) -> str:
    """A site-relative link made absolute with ``POLICYCOMM_SITE_URL`` (mail is read outside the site)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def normalise_email(email: str) -> str:
    return email.strip().lower()


def unsubscribe_token(email: str) -> str:
    """A signed, dated token naming the address; ``unsubscribe_email`` checks it (``UNSUBSCRIBE_MAX_AGE``)."""
    return signing.dumps({"e": normalise_email(email)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str:
    """The address a token names. Raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.UNSUBSCRIBE_MAX_AGE)
    email = data.get("e") if isinstance(data, dict) else None
    if not isinstance(email, str) or "@" not in email:
        raise signing.BadSignature("no address")
    return email


def unsubscribe_url(email: str) -> str:
    return absolute(reverse("portal:unsubscribe", args=[unsubscribe_token(email)]))


def one_click_unsubscribe(link: str) -> dict[str, str]:
    """The headers of a one-click unsubscribe (RFC 8058): the link takes a POST with no cookie or token."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_message(
    *, to: str, subject: str, template: str, context: dict[str, Any], headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """A Vietnamese mail from ``template``.txt and ``template``.html (a path such as "notifications/mail/notice")."""
    with override("vi"):
        context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        prefix = _("[policycomm]")
    message = EmailMultiAlternatives(
        subject=f"{prefix} {subject}"[:250].replace("\n", " ").replace("\r", " "),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def staff_mail(*, to: str, name: str, items: Sequence[dict[str, str]], digest: bool) -> EmailMultiAlternatives:
    """One notice, or the day's digest, for a staff member. Each item: ``title``, ``body``, ``link`` (absolute)."""
    with override("vi"):
        many = _("Tổng hợp thông báo trong ngày (%(n)d)") % {"n": len(items)}
        subject = many if digest else items[0]["title"]
    return build_message(
        to=to,
        subject=subject,
        template="notifications/mail/digest" if digest else "notifications/mail/notice",
        context={"name": name, "items": items, "inbox_url": absolute(reverse("backoffice:inbox"))},
    )


def citizen_answer_mail(*, to: str, consultation_title: str, items: Sequence[dict[str, str]]) -> EmailMultiAlternatives:
    """The answer to a citizen's comments is public: a link to each answer, and a one-click unsubscribe."""
    link = unsubscribe_url(to)
    with override("vi"):
        subject = _("Đã có kết quả tiếp thu, giải trình ý kiến của bạn về “%(title)s”") % {"title": consultation_title}
    return build_message(
        to=to,
        subject=subject,
        template="notifications/mail/citizen_answer",
        context={"consultation_title": consultation_title, "items": items, "unsubscribe_url": link},
        headers=one_click_unsubscribe(link),
    )
