"""The client's address behind a reverse proxy, and what keys on it: the rate limits and the staff login
lockout (per account and per address)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from policycomm.config.proxy import client_ip
from policycomm.throttle import client_address

from .factories import PASSWORD

PROXY = "10.0.0.5"
LOGIN = "/can-bo/dang-nhap/"


@pytest.fixture
def proxied(settings: Any) -> Any:
    settings.TRUSTED_PROXIES = ["10.0.0.5/32", "10.0.1.0/24", "2001:db8:ffff::/48"]
    return settings


def seen(remote: str | None, forwarded: str | None = None) -> str | None:
    meta: dict[str, str] = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    return client_ip(request)


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert seen("192.0.2.10", "198.51.100.1") == "192.0.2.10"
    assert seen(PROXY, "198.51.100.1") == PROXY


def test_from_a_trusted_proxy_the_right_most_address_that_is_not_a_proxy(proxied: Any) -> None:
    assert seen(PROXY, "198.51.100.1") == "198.51.100.1"
    # What the client wrote itself is to the left of what our proxies appended.
    assert seen(PROXY, "203.0.113.66, 198.51.100.1") == "198.51.100.1"
    assert seen(PROXY, "203.0.113.66, 198.51.100.1, 10.0.1.7") == "198.51.100.1"  # two proxies
    assert seen(PROXY, " 2001:db8:1::5 ") == "2001:db8:1::5"
    assert seen("2001:db8:ffff::1", "::ffff:198.51.100.9") == "198.51.100.9"


def test_a_client_not_a_proxy_cannot_choose_its_address(proxied: Any) -> None:
    assert seen("192.0.2.10", "198.51.100.1") == "192.0.2.10"
    assert seen("192.0.2.10", PROXY) == "192.0.2.10"


@pytest.mark.parametrize(
    "forwarded", ["", "not-an-address", "198.51.100.1, garbage", "198.51.100.1:443", "\x00", ",,,", "10.0.0.5"]
)
def test_an_unreadable_or_empty_header_falls_back_to_the_proxy(proxied: Any, forwarded: str) -> None:
    assert seen(PROXY, forwarded) == PROXY


def test_no_usable_remote_address(proxied: Any) -> None:
    assert seen(None, "198.51.100.1") is None
    assert seen("", "198.51.100.1") is None
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address("g", request) == "unknown"


def test_rate_limit_key_groups_ipv6_by_its_64_through_the_proxy(proxied: Any) -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="2001:db8:1:2:aaaa::1", REMOTE_ADDR=PROXY)
    assert client_address("g", request) == "2001:db8:1:2::/64"


# -- X-Forwarded-Proto ---------------------------------------------------------------------------


def test_only_a_trusted_proxy_can_say_the_client_spoke_https(proxied: Any, db: Any) -> None:
    proxied.SECURE_SSL_REDIRECT = True
    proxied.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client(REMOTE_ADDR=PROXY).get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    r = Client(REMOTE_ADDR=PROXY).get("/", HTTP_X_FORWARDED_PROTO="http")
    assert r.status_code == 301 and r["Location"].startswith("https://")
    r = Client(REMOTE_ADDR="192.0.2.10").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert r.status_code == 301 and r["Location"].startswith("https://")


# -- rate limits ---------------------------------------------------------------------------------


def lookup(client: Client, forwarded: str, guess: str) -> int:
    return client.get(f"/tra-cuu/?ma=GY-AAAA-{guess}", HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_forged_forwarded_for_from_a_client_shares_its_limit(proxied: Any, world: Any) -> None:
    proxied.LOOKUP_RATE = "3/h"
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses = [lookup(client, f"198.51.100.{i}", f"AAA{i}") for i in range(1, 5)]
    assert statuses == [404, 404, 404, 429]


def test_through_a_trusted_proxy_each_client_has_its_own_limit(proxied: Any, world: Any) -> None:
    proxied.LOOKUP_RATE = "3/h"
    client = Client(REMOTE_ADDR=PROXY)
    assert [lookup(client, "198.51.100.1", f"AAA{i}") for i in range(1, 5)] == [404, 404, 404, 429]
    # Another citizen behind the same proxy is not held back by the first one.
    assert lookup(client, "198.51.100.2", "AAA5") == 404
    # The first cannot start afresh by writing another address in front of its own.
    assert lookup(client, "203.0.113.1, 198.51.100.1", "AAA6") == 429


# -- staff login lockout (django-axes) -----------------------------------------------------------


def login(username: str, password: str, forwarded: str, remote: str = PROXY) -> int:
    return (
        Client(REMOTE_ADDR=remote)
        .post(LOGIN, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=forwarded)
        .status_code
    )


def test_one_account_is_locked_whatever_address_the_guesses_come_from(proxied: Any, world: Any) -> None:
    limit = proxied.AXES_FAILURE_LIMIT
    statuses = [login("drafter_a", "wrong", f"198.51.100.{i}") for i in range(1, limit + 1)]
    assert statuses == [200] * (limit - 1) + [429]
    # Locked for the right password too, from an address that never failed.
    assert login("drafter_a", PASSWORD, "203.0.113.200") == 429
    # Another account, from one of the same addresses, still logs in: the lock is per account.
    assert login("leader_a", PASSWORD, "198.51.100.1") == 302


def test_one_address_is_locked_whatever_accounts_it_tries(proxied: Any, world: Any) -> None:
    limit = proxied.AXES_FAILURE_LIMIT
    names = ["drafter_a", "leader_a", "monitor", "no-such-user", "officer_b", "leader_b", "nobody"][:limit]
    assert len(names) == limit
    statuses = [login(name, "wrong", "198.51.100.50") for name in names]
    assert statuses == [200] * (limit - 1) + [429]
    assert login("communicator_a", PASSWORD, "198.51.100.50") == 429
    # The same account from another citizen behind the proxy is not locked.
    assert login("communicator_a", PASSWORD, "198.51.100.51") == 302


def test_a_forged_header_does_not_escape_the_address_lock(proxied: Any, world: Any) -> None:
    limit = proxied.AXES_FAILURE_LIMIT
    names = ["drafter_a", "leader_a", "monitor", "no-such-user", "officer_b", "leader_b", "nobody"][:limit]
    statuses = [login(name, "wrong", f"198.51.100.{i}", remote="192.0.2.10") for i, name in enumerate(names)]
    assert statuses[-1] == 429
    assert login("communicator_a", PASSWORD, "198.51.100.99", remote="192.0.2.10") == 429


def test_a_successful_login_still_works_and_clears_the_failures(proxied: Any, world: Any) -> None:
    limit = proxied.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login("drafter_a", "wrong", "198.51.100.7") == 200
    client = Client(REMOTE_ADDR=PROXY)
    r = client.post(LOGIN, {"username": "drafter_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert r.status_code == 302
    assert client.get("/can-bo/").status_code == 200
    # The failures were reset by the success: one more wrong password is not yet a lock.
    assert login("drafter_a", "wrong", "198.51.100.7") == 200
