"""Rate limits at the public doors (portal and API), on django-ratelimit with the cache.

``client_address`` is the key for "per address": WSGI allows a request without ``REMOTE_ADDR``
(some test clients, some proxies), and such a request must be limited too, never crash.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address; an IPv6 client counts by its /64, as django-ratelimit's ``ip`` key does."""
    raw = str(request.META.get("REMOTE_ADDR") or "")
    try:
        addr = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if addr.version == 6:
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


def limited(request: HttpRequest, *, group: str, rate: str, key: str | None = None) -> bool:
    """Count one use of ``group`` and say whether the limit is passed: per address, or per ``key`` when given
    (the key is namespaced by the group, so a voter token and an address never share a counter)."""
    return bool(
        is_ratelimited(
            request,
            group=group,
            key=client_address if key is None else (lambda _g, _r: key),
            rate=rate,
            method=ALL,
            increment=True,
        )
    )
