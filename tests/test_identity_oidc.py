"""The verified login against a REAL OpenID Connect provider (django-oidc-provider) started for the test run.

Our side runs in Django's test client; the provider is a separate process reached over HTTP, for the browser's
steps (with ``requests``) and for our callback's code exchange, discovery and JWKS (authlib).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from django.test import Client

from policycomm.consultation.models import Comment
from policycomm.identity.models import CitizenAccount, Tier
from policycomm.identity.session import SESSION_KEY

from .factories import ALL_TO_DRAFT_CONSULTATION, advance, open_consultation, register_document
from .oidc_provider.fixture import Provider

OURS = "http://testserver"


@pytest.fixture
def c(world: Any) -> Any:
    doc = register_document(world)
    advance(world.drafter_a, doc, *ALL_TO_DRAFT_CONSULTATION)
    return open_consultation(world, doc)


@pytest.fixture
def provider(oidc_provider: Provider, settings: Any) -> Provider:
    oidc_provider.configure(settings)
    return oidc_provider


def start(client: Client, provider: Provider, then: str = "/") -> str:
    """Our start view: a POST that redirects to the provider's authorization endpoint."""
    page = client.get(f"/dang-nhap/?tiep={then}")
    # The browser follows the form's redirect to the provider only if the page's CSP form-action allows it.
    assert f"form-action 'self' {provider.url}" in page["Content-Security-Policy"]
    r = client.post("/dang-nhap/xac-thuc/")
    assert r.status_code == 302, r.content.decode()
    location = r["Location"]
    assert location.startswith(f"{provider.issuer}/authorize"), location
    query = parse_qs(urlsplit(location).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [provider.client_id]
    assert query["redirect_uri"] == [f"{OURS}/dang-nhap/xac-thuc/ve/"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    return location


def log_in_at_provider(provider: Provider, authorize_url: str, browser: requests.Session | None = None) -> str:
    """What the citizen's browser does at the provider: log in on its form; returns our callback URL."""
    s = browser or requests.Session()
    r = s.get(authorize_url, allow_redirects=False, timeout=10)
    if r.status_code == 302 and "/accounts/login/" in r.headers["Location"]:
        login_url = urljoin(provider.url, r.headers["Location"])
        form = s.get(login_url, timeout=10)
        assert "Đăng nhập định danh điện tử" in form.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "username": provider.username,
            "password": provider.password,
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        }
        r = s.post(login_url, data=data, allow_redirects=False, timeout=10)
        assert r.status_code == 302, r.text
        r = s.get(urljoin(provider.url, r.headers["Location"]), allow_redirects=False, timeout=10)
    assert r.status_code == 302, r.text
    callback = r.headers["Location"]
    assert callback.startswith(f"{OURS}/dang-nhap/xac-thuc/ve/?"), callback
    return callback.removeprefix(OURS)


def test_the_whole_code_flow_makes_a_verified_comment(c: Any, provider: Provider) -> None:
    client = Client()
    then = f"/gop-y/{c.pk}/y-kien/"
    callback = log_in_at_provider(provider, start(client, provider, then))
    assert set(parse_qs(urlsplit(callback).query)) == {"code", "state"}
    r = client.get(callback)  # exchanges the code with the provider over HTTP and validates the ID token
    assert r.status_code == 302, r.content.decode()
    assert r["Location"] == then
    identity = client.session[SESSION_KEY]
    assert identity["tier"] == Tier.VERIFIED and identity["name"] == "Nguyễn Văn Dân"
    account = CitizenAccount.objects.get()
    assert account.tier == Tier.VERIFIED and account.oidc_issuer == provider.issuer and account.oidc_subject
    form = client.get(then).content.decode()
    assert "Nguyễn Văn Dân" in form
    client.post(then, {"text": "Đề nghị giảm phí", "submitter_type": "individual", "consent": "on"})
    assert Comment.objects.get().tier == Tier.VERIFIED
    # The same callback again (code and state spent): refused with a clear page, nothing changes.
    r = client.get(callback)
    assert r.status_code == 400 and "Vui lòng đăng nhập lại" in r.content.decode()
    assert CitizenAccount.objects.count() == 1


def test_a_replayed_code_is_refused_by_the_provider(c: Any, provider: Provider) -> None:
    first = Client()
    callback = log_in_at_provider(provider, start(first, provider))
    assert first.get(callback).status_code == 302
    code = parse_qs(urlsplit(callback).query)["code"][0]
    # An attacker starts a flow of his own (a fresh, valid state) and slips in the spent code.
    other = Client()
    state = parse_qs(urlsplit(start(other, provider)).query)["state"][0]
    r = other.get("/dang-nhap/xac-thuc/ve/?" + urlencode({"code": code, "state": state}))
    assert r.status_code == 400
    assert "Không xác minh được kết quả đăng nhập" in r.content.decode()
    assert SESSION_KEY not in other.session


def test_a_wrong_state_is_refused(c: Any, provider: Provider) -> None:
    client = Client()
    callback = log_in_at_provider(provider, start(client, provider))
    query = parse_qs(urlsplit(callback).query)
    r = client.get("/dang-nhap/xac-thuc/ve/?" + urlencode({"code": query["code"][0], "state": "trang-thai-gia"}))
    assert r.status_code == 400 and "Vui lòng đăng nhập lại" in r.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_nonce_is_refused(c: Any, provider: Provider) -> None:
    client = Client()
    callback = log_in_at_provider(provider, start(client, provider))
    session = client.session
    stored_keys = list(session.keys())
    (key,) = [k for k in stored_keys if k.startswith("_state_oidc_")]
    stored = session[key]
    stored["data"]["nonce"] = "mot-nonce-khac"
    session[key] = stored
    session.save()
    r = client.get(callback)
    assert r.status_code == 400 and "Không xác minh được kết quả đăng nhập" in r.content.decode()
    assert SESSION_KEY not in client.session
