"""The follow feature's domain core: double opt-in, no duplicate, limited re-sends, alerts once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import signing

from policycomm.errors import DomainError
from policycomm.lawmaking.models import DraftVersion
from policycomm.subscriptions import alerts, jobs, services, tokens
from policycomm.subscriptions.models import Alert, Subscription


def test_a_repeated_request_makes_no_duplicate_and_resends_at_a_limited_rate(consultation: Any) -> None:
    target = services.FollowTarget(consultation=consultation)
    first = services.follow_request(email=" Dan@Example.com ", target=target)
    again = services.follow_request(email="dan@example.com", target=target)
    assert first.subscription_id == again.subscription_id
    assert first.mail and not again.mail
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize("raw", ["", "khong-phai-thu", "a b@example.com", "x" * 300 + "@example.com"])
def test_hostile_addresses_are_refused(consultation: Any, raw: str) -> None:
    with pytest.raises(DomainError) as exc:
        services.follow_request(email=raw, target=services.FollowTarget(consultation=consultation))
    assert exc.value.field == "email" and exc.value.status == 422
    assert Subscription.objects.count() == 0


def test_unconfirmed_subscriptions_get_no_alert_and_confirmed_ones_get_it_once(world: Any, consultation: Any) -> None:
    target = services.FollowTarget(consultation=consultation)
    req = services.follow_request(email="dan@example.com", target=target)
    v2 = DraftVersion.objects.create(document=consultation.document, number=2, sections=[])
    assert alerts.version_alerts(v2) == 0  # not confirmed: nothing owed
    services.follow_confirm(token=tokens.confirm_token("dan@example.com", req.subscription_id), frequency="daily")
    assert alerts.version_alerts(v2) == 1
    assert alerts.version_alerts(v2) == 0  # once per subscription
    assert Alert.objects.count() == 1
    assert jobs._claim(list(Alert.objects.values_list("pk", flat=True)))
    assert jobs._claim(list(Alert.objects.values_list("pk", flat=True))) == []  # a second run claims nothing


def test_forged_links_and_other_addresses_are_refused(consultation: Any) -> None:
    req = services.follow_request(email="dan@example.com", target=services.FollowTarget(consultation=consultation))
    with pytest.raises(DomainError) as exc:
        services.follow_confirm(token="gia-mao", frequency="daily")
    assert exc.value.status == 400
    forged = signing.dumps({"e": "ke-gian@example.com", "s": req.subscription_id}, salt=tokens.CONFIRM_SALT)
    with pytest.raises(DomainError) as exc:
        services.follow_confirm(token=forged, frequency="daily")
    assert exc.value.status == 404
    with pytest.raises(DomainError):
        services.follow_set_frequency(
            token=tokens.manage_token("ke-gian@example.com"), subscription_id=req.subscription_id, frequency="weekly"
        )
    assert Subscription.objects.get().frequency == "immediate"


def test_one_click_unsubscribe_stops_alerts(consultation: Any) -> None:
    req = services.follow_request(email="dan@example.com", target=services.FollowTarget(consultation=consultation))
    services.follow_confirm(token=tokens.confirm_token("dan@example.com", req.subscription_id), frequency="immediate")
    done = services.follow_unsubscribe(token=tokens.unsubscribe_token("dan@example.com", None))
    assert done.count == 1
    assert services.follow_unsubscribe(token=tokens.unsubscribe_token("dan@example.com", None)).count == 0
    v2 = DraftVersion.objects.create(document=consultation.document, number=2, sections=[])
    assert alerts.version_alerts(v2) == 0
