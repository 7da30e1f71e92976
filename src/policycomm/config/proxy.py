"""The client's address behind a reverse proxy (docs/deployment.md, "Behind a reverse proxy").

``X-Forwarded-For`` is written by whoever sent the request, so it is believed only when the request came
from a proxy listed in ``TRUSTED_PROXIES`` (POLICYCOMM_TRUSTED_PROXIES). Each proxy appends the address it
saw; the client is the right-most address that is not one of our proxies. Everything to its left was
written by the client and is ignored. With no trusted proxy, or a request straight from a client, the
address is ``REMOTE_ADDR`` and the headers count for nothing.

Rate limits (policycomm.throttle) and the staff login lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``)
both key on ``client_ip``.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(raw: object) -> Address | None:
    try:
        addr = ipaddress.ip_address(str(raw or "").strip())
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _trusted(addr: Address) -> bool:
    return any(addr in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the request's peer (``REMOTE_ADDR``) is one of our reverse proxies."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    return remote is not None and _trusted(remote)


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request carries no usable ``REMOTE_ADDR``.

    A header that cannot be read (a hop that is not an address) falls back to the proxy's own address:
    such requests share one allowance rather than let a client pick its own.
    """
    remote = _address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    if not _trusted(remote):
        return str(remote)
    for hop in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        addr = _address(hop)
        if addr is None:
            return str(remote)
        if not _trusted(addr):
            return str(addr)
    return str(remote)


class ForwardedHeadersMiddleware:
    """Drop the forwarding headers of a request that did not come through a trusted proxy.

    Django believes ``X-Forwarded-Proto`` (``SECURE_PROXY_SSL_HEADER``) from anyone; a client that reaches the
    app port directly must not be able to say it spoke HTTPS. Placed first, before SecurityMiddleware.
    """

    HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for name in self.HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)
