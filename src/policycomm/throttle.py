"""Rate limits at the public doors (portal and API), on django-ratelimit with the cache.

``client_address`` is the key for "per address": the client, also behind a trusted reverse proxy
(config/proxy.py). WSGI allows a request without ``REMOTE_ADDR`` (some test clients, some proxies), and
such a request must be limited too, never crash.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from policycomm.config.proxy import client_ip


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address (behind a trusted proxy, from X-Forwarded-For: config/proxy.py); an IPv6 client
    counts by its /64, as django-ratelimit's ``ip`` key does."""
    found = client_ip(request)
    if found is None:
        return str(request.META.get("REMOTE_ADDR") or "") or "unknown"
    addr = ipaddress.ip_address(found)
    if addr.version == 6:
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


def limited(request: HttpRequest, *, group: str, rate: str, key: str | None = None, count: bool = True) -> bool:
    """Count one use of ``group`` and say whether the limit is passed: per address, or per ``key`` when given
    (the key is namespaced by the group, so a voter token and an address never share a counter). With
    ``count=False`` only say whether it is already passed (for a limit that counts failures alone)."""
    return bool(
        is_ratelimited(
            request,
            group=group,
            key=client_address if key is None else (lambda _g, _r: key),
            rate=rate,
            method=ALL,
            increment=count,
        )
    )
