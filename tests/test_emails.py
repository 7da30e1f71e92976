"""One rule for the e-mail address a citizen types (policycomm.emails): the comment, the event registration,
the sign-in code and the follow form give the same answer, in the same words, for the same input."""

from __future__ import annotations

from typing import Any

import pytest

from policycomm.consultation.events import event_register
from policycomm.consultation.models import Comment
from policycomm.consultation.services import comment_submit
from policycomm.emails import EMAIL_MAX, check_email, clean_email
from policycomm.errors import DomainError
from policycomm.identity import otp
from policycomm.subscriptions import services as follow
from policycomm.subscriptions.models import Subscription

from .test_events import make_event


@pytest.mark.parametrize(
    ("raw", "stored", "code"),
    [
        ("  Dan.Cu@Example.VN ", "dan.cu@example.vn", None),
        ("dan\u200b@example.vn", "dan@example.vn", None),  # an invisible character from a paste is dropped
        ("dan@example.vn\n", "dan@example.vn", None),
        ("", "", None),
        ("khong-phai-thu", "khong-phai-thu", "invalid"),
        ("a\x00@b.vn", "a@b.vn", "invalid"),  # a control character is refused, not dropped
        ("dan@example.com\r\nBcc: ke-gian@example.com", None, "invalid"),
        ("x" * 250 + "@b.vn", None, "too_long"),
        ("x" * 1_000_000, None, "too_long"),
    ],
)
def test_check_email(raw: str, stored: str | None, code: str | None) -> None:
    email, problem = check_email(raw)
    assert (problem.code if problem else None) == code
    if stored is not None:
        assert email == stored
    assert len(email) <= 4 * EMAIL_MAX  # a megabyte is not carried on


def test_required_and_the_domain_error() -> None:
    assert check_email("", required=True)[1] is not None
    with pytest.raises(DomainError) as e:
        clean_email("   ")
    assert (e.value.code, e.value.field, e.value.status) == ("email_required", "email", 422)
    assert clean_email("Dan@Example.vn") == "dan@example.vn"


@pytest.mark.django_db
def test_the_four_entry_points_answer_alike(world: Any, consultation: Any) -> None:
    raw = "khong-phai-thu@"
    expected = check_email(raw)[1]
    assert expected is not None
    messages = []
    with pytest.raises(DomainError) as e:
        comment_submit(consultation=consultation, text="Ý kiến", submitter_type="individual", email=raw, consent=True)
    messages.append(e.value.errors["email"])
    with pytest.raises(DomainError) as e:
        event_register(event=make_event(world, consultation), name="Dân", email=raw)
    messages.append(e.value.errors["email"])
    target = follow.FollowTarget(consultation=consultation)
    for call in (lambda: otp.request_code(raw), lambda: follow.follow_request(email=raw, target=target)):
        with pytest.raises(DomainError) as e:
            call()
        messages.append((e.value.code.removeprefix("email_"), e.value.message))
    assert messages == [tuple(expected)] * 4
    assert not Comment.objects.filter(consultation=consultation).exists()
    assert not Subscription.objects.exists()
