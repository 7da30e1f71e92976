"""Staff accounts (issue 14 §5): two-factor sign-in, enrolment and recovery codes, single sign-on, idle expiry,
password rules — through the real pages with Django's test client, and the attacks on each step.

force_login passes the code step everywhere else in the suite (conftest.py); here users sign in with the login
form, so the code step is real.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from policycomm.audit.models import AuditEvent
from policycomm.demo.twofactor import DEMO_TOTP_SECRET, demo_code, demo_two_factor
from policycomm.errors import DomainError
from policycomm.identity.oidc import OidcLogin
from policycomm.identity.session import SESSION_KEY as CITIZEN_KEY
from policycomm.orgs.access import may_turn_off_two_factor, must_use_two_factor
from policycomm.staffauth import twofactor
from policycomm.staffauth.idle import LAST_SEEN_KEY
from policycomm.staffauth.sso import staff_user_for

from .factories import PASSWORD, World
from .oidc_provider.fixture import Provider
from .twofactor import code_at, device_for, next_code

LOGIN = "/can-bo/dang-nhap/"
CODE = "/can-bo/dang-nhap/ma-xac-thuc/"
ENROL = "/can-bo/dang-nhap/dang-ky-xac-thuc/"
SECURITY = "/can-bo/bao-mat/"
OURS = "http://testserver"
SSO_CALLBACK = "/can-bo/dang-nhap/mot-lan/ve/"


def password_login(client: Client, username: str, then: str = "") -> Any:
    data = {"username": username, "password": PASSWORD}
    if then:
        data["next"] = then
    return client.post(LOGIN, data)


def audit_actions(user: User) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))


def a_minute_later(device: Any) -> None:
    """As if the codes the device accepted so far were a minute old (a new code without waiting for one)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=int(time.time()) // 30 - 2, drift=0)


def unthrottle(device: Any) -> None:
    """Clear django-otp's back-off after a deliberate wrong code (the next attempt is not a timing test)."""
    type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


# -- who must use it ---------------------------------------------------------------------------------------


def test_leaders_monitors_admins_must_use_two_factor_others_may(world: World) -> None:
    for name in ("leader_a", "leader_b", "monitor", "admin"):
        assert must_use_two_factor(world.users[name]), name
        assert not may_turn_off_two_factor(world.users[name]), name
    for name in ("drafter_a", "communicator_a", "moderator_a", "officer_b"):
        assert not must_use_two_factor(world.users[name]), name
        assert may_turn_off_two_factor(world.users[name]), name


# -- the code step -----------------------------------------------------------------------------------------


def test_password_then_code_then_back_office(world: World) -> None:
    device = device_for(world.leader_a)
    client = Client()
    r = password_login(client, "leader_a", then="/can-bo/thong-bao/")
    assert r.status_code == 302 and r["Location"] == f"{CODE}?next=%2Fcan-bo%2Fthong-bao%2F"
    page = client.get(r["Location"])
    assert page.status_code == 200 and "Nhập mã xác thực" in page.content.decode()
    half_key = client.session.session_key
    r = client.post(CODE, {"code": next_code(device), "next": "/can-bo/thong-bao/"})
    assert r.status_code == 302 and r["Location"] == "/can-bo/thong-bao/"
    assert client.session.session_key != half_key  # a new session key once fully signed in
    assert audit_actions(world.leader_a)[-1:] == ["staff.two_factor.verify"]
    assert client.get("/can-bo/").status_code == 200
    assert client.get("/admin/").status_code == 302  # leader_a is no admin: Django's own login, not the code step
    # The old, half-signed-in session key is gone: it cannot be replayed into the full session.
    stolen = Client()
    stolen.cookies["sessionid"] = half_key
    assert stolen.get("/can-bo/")["Location"].startswith(LOGIN)


def test_skipping_the_code_step_reaches_nothing(world: World) -> None:
    device_for(world.leader_a)
    client = Client()
    password_login(client, "leader_a")
    before = AuditEvent.objects.count()
    for url in ("/can-bo/", "/can-bo/van-ban/moi/", "/can-bo/giam-sat/", SECURITY, "/can-bo/bao-mat/mat-khau/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(CODE), url
        assert parse_qs(urlsplit(r["Location"]).query)["next"] == [url]
    # A write is turned back too, and changes nothing.
    r = client.post("/can-bo/van-ban/moi/", {"title": "Văn bản lén"})
    assert r.status_code == 302 and r["Location"] == CODE
    r = client.post("/can-bo/bao-mat/ma-khoi-phuc/tao-moi/")
    assert r.status_code == 302 and r["Location"] == CODE
    assert AuditEvent.objects.count() == before
    # The admin site too, for the superuser.
    device_for(world.admin)
    admin = Client()
    password_login(admin, "admin")
    r = admin.get("/admin/auth/user/")
    assert r.status_code == 302 and r["Location"].startswith(CODE)


def test_a_required_user_without_a_device_is_sent_to_enrolment(world: World) -> None:
    client = Client()
    r = password_login(client, "monitor")
    assert r.status_code == 302 and r["Location"].startswith(ENROL)
    assert client.get("/can-bo/giam-sat/")["Location"].startswith(ENROL)
    assert client.get(CODE)["Location"].startswith(ENROL)  # no device: nothing to type a code from


def test_a_totp_code_is_accepted_once(world: World) -> None:
    device = device_for(world.leader_a)
    code = next_code(device)
    first = Client()
    password_login(first, "leader_a")
    assert first.post(CODE, {"code": code})["Location"] == "/can-bo/"
    # Someone who saw the code over the shoulder tries it in their own session: refused.
    second = Client()
    password_login(second, "leader_a")
    r = second.post(CODE, {"code": code})
    assert r.status_code == 422 and "đã được dùng" in r.content.decode()
    assert second.get("/can-bo/")["Location"].startswith(CODE)
    assert audit_actions(world.leader_a).count("staff.two_factor.verify_failed") == 1


def test_a_recovery_code_works_once_and_is_used_up(world: World) -> None:
    device_for(world.leader_a)
    static = StaticDevice.objects.create(user=world.leader_a, name="Mã khôi phục", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=t) for t in ("abcdefgh", "ijklmnop")])
    client = Client()
    password_login(client, "leader_a")
    r = client.post(CODE, {"code": "ABCD-EFGH"}, follow=True)  # as printed: upper case, a hyphen
    assert r.status_code == 200 and "Còn 1 mã" in r.content.decode()
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["ijklmnop"]
    assert "staff.two_factor.recovery_used" in audit_actions(world.leader_a)
    again = Client()
    password_login(again, "leader_a")
    r = again.post(CODE, {"code": "abcdefgh"})
    assert r.status_code == 422
    assert again.get("/can-bo/")["Location"].startswith(CODE)


def test_wrong_codes_are_limited(world: World, settings: Any) -> None:
    settings.STAFF_CODE_RATE = "5/15m"
    device = device_for(world.leader_a)
    client = Client()
    password_login(client, "leader_a")
    statuses = []
    for i in range(5):
        statuses.append(client.post(CODE, {"code": f"{i:06d}" if f"{i:06d}" != next_code(device) else "999999"}))
        unthrottle(device)  # django-otp's own back-off aside, the account's limit is what is tested here
    assert [r.status_code for r in statuses] == [422] * 5
    # The sixth attempt is refused even with the right code, and the session stays half-signed-in.
    r = client.post(CODE, {"code": next_code(device)})
    assert r.status_code == 429 and "quá nhiều lần" in r.content.decode()
    assert client.get("/can-bo/")["Location"].startswith(CODE)
    assert audit_actions(world.leader_a).count("staff.two_factor.verify_failed") == 5
    # A fresh session does not start the count afresh: the limit is per account.
    other = Client(REMOTE_ADDR="198.51.100.7")
    password_login(other, "leader_a")
    assert other.post(CODE, {"code": next_code(device)}).status_code == 429


def test_the_device_backs_off_after_failures(world: World) -> None:
    device = device_for(world.leader_a)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    client = Client()
    password_login(client, "leader_a")
    r = client.post(CODE, {"code": next_code(device)})
    assert r.status_code == 429 and "chờ ít giây" in r.content.decode()
    assert AuditEvent.objects.filter(action="staff.two_factor.verify_failed", note="throttled").count() == 1
    assert client.get("/can-bo/")["Location"].startswith(CODE)


def test_another_users_device_does_not_verify(world: World) -> None:
    mine, theirs = device_for(world.leader_a), device_for(world.leader_b, secret="ef" * 20)
    client = Client()
    password_login(client, "leader_a")
    # Another user's code, with that user's device named in the form: the form names no device; refused.
    r = client.post(CODE, {"code": next_code(theirs), "device": theirs.persistent_id, "otp_device": theirs.pk})
    assert r.status_code == 422
    # A session that names another user's device (as if tampered with) is not verified either.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()
    assert client.get("/can-bo/")["Location"].startswith(CODE)
    unthrottle(mine)
    assert client.post(CODE, {"code": code_at(mine.key, int(time.time()) // 30)})["Location"] == "/can-bo/"


def test_the_code_step_needs_the_csrf_token(world: World) -> None:
    device = device_for(world.leader_a)
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    r = client.post(LOGIN, {"username": "leader_a", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    assert r.status_code == 302
    code = next_code(device)
    assert client.post(CODE, {"code": code}).status_code == 403  # a forged cross-site post
    device.refresh_from_db()
    assert device.last_t == -1  # the code was never checked
    form = client.get(CODE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    assert client.post(CODE, {"code": code, "csrfmiddlewaretoken": token.group(1)})["Location"] == "/can-bo/"


def test_no_open_redirect_after_the_code(world: World) -> None:
    device = device_for(world.leader_a)
    client = Client()
    password_login(client, "leader_a")
    assert client.post(CODE, {"code": next_code(device), "next": "https://evil.example/"})["Location"] == "/can-bo/"


# -- enrolment ---------------------------------------------------------------------------------------------


def test_enrolment_confirms_with_a_first_code_then_shows_ten_codes_once(world: World) -> None:
    client = Client()
    password_login(client, "leader_a")
    page = client.get(ENROL).content.decode()
    assert 'src="data:image/svg+xml' in page and "Khóa bí mật" in page
    secret = client.session[twofactor.PENDING_KEY]
    assert twofactor.secret_text(secret) in page
    assert client.get(ENROL).content.decode().count(twofactor.secret_text(secret)) == 1  # the same secret again
    # A wrong first code: no device.
    r = client.post(ENROL, {"code": "000000" if code_at(secret, int(time.time()) // 30) != "000000" else "111111"})
    assert r.status_code == 422 and not TOTPDevice.objects.filter(user=world.leader_a).exists()
    assert client.get("/can-bo/")["Location"].startswith(ENROL)
    r = client.post(ENROL, {"code": code_at(secret, int(time.time()) // 30)})
    assert r.status_code == 302 and r["Location"].startswith("/can-bo/bao-mat/ma-khoi-phuc/")
    device = TOTPDevice.objects.get(user=world.leader_a)
    assert device.confirmed and device.key == secret
    shown = client.get(r["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10 and sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert "chỉ hiện chúng một lần" in shown
    assert client.get("/can-bo/bao-mat/ma-khoi-phuc/")["Location"] == SECURITY  # not again
    assert client.get("/can-bo/").status_code == 200  # the first code counted as the code step
    assert "staff.two_factor.enrol" in audit_actions(world.leader_a)
    # Submitting the enrolment form again (back button, double click) changes nothing.
    r = client.post(ENROL, {"code": code_at(secret, int(time.time()) // 30)})
    assert r.status_code == 302 and r["Location"] == SECURITY
    assert TOTPDevice.objects.filter(user=world.leader_a).count() == 1 and StaticToken.objects.count() == 10


def test_a_double_submit_of_enrolment_makes_one_device_and_one_set_of_codes(world: World) -> None:
    secret = "ab" * 20
    code = code_at(secret, int(time.time()) // 30)
    first = twofactor.enrol_confirm(actor=world.drafter_a, hex_key=secret, code=code)
    # The second request of a double click read the same pending secret before the first one ended.
    second = twofactor.enrol_confirm(actor=world.drafter_a, hex_key=secret, code=code)
    assert len(first.codes) == 10 and second.codes == [] and second.device.pk == first.device.pk
    assert TOTPDevice.objects.filter(user=world.drafter_a).count() == 1
    assert StaticToken.objects.filter(device__user=world.drafter_a).count() == 10
    assert audit_actions(world.drafter_a).count("staff.two_factor.enrol") == 1
    # A different secret once enrolled: refused, the device stays.
    with pytest.raises(DomainError) as refused:
        twofactor.enrol_confirm(actor=world.drafter_a, hex_key="cd" * 20, code=code_at("cd" * 20, 1))
    assert refused.value.code == "already_enrolled"


def test_new_recovery_codes_replace_the_old_ones(world: World) -> None:
    client = Client()
    client.force_login(world.leader_a)  # signed in and past the code step
    old = twofactor.recovery_regenerate(actor=world.leader_a)
    r = client.post("/can-bo/bao-mat/ma-khoi-phuc/tao-moi/")
    assert r.status_code == 302
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(r["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert "staff.two_factor.recovery_regenerate" in audit_actions(world.leader_a)


def test_new_recovery_codes_after_signing_in_with_one_are_shown(world: World) -> None:
    device_for(world.leader_a)
    old = twofactor.recovery_regenerate(actor=world.leader_a)
    client = Client()
    password_login(client, "leader_a")
    assert client.post(CODE, {"code": old[0]})["Location"] == "/can-bo/"  # the phone is lost
    r = client.post("/can-bo/bao-mat/ma-khoi-phuc/tao-moi/")
    page = client.get(r["Location"])
    assert page.status_code == 200  # still signed in: the session's device was kept, its codes renewed
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())
    assert len(new) == 10 and old[1] not in new
    assert client.get("/can-bo/").status_code == 200


# -- the demo ---------------------------------------------------------------------------------------------


def test_the_demo_secret_signs_in_the_demo_leaders(world: World) -> None:
    assert demo_two_factor(["leader_a", "drafter_a", "nobody-here"]) == ["leader_a"]  # required users only
    assert demo_two_factor(["leader_a"]) == []  # never a second device
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code, _seconds = demo_code()
    assert code in out.getvalue() and DEMO_TOTP_SECRET in out.getvalue()
    client = Client()
    password_login(client, "leader_a")
    assert client.post(CODE, {"code": code})["Location"] == "/can-bo/"


def test_an_administrator_resets_a_lost_second_factor(world: World) -> None:
    device_for(world.leader_a)
    twofactor.recovery_regenerate(actor=world.leader_a)
    admin = Client()
    admin.force_login(world.admin)
    r = admin.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [world.leader_a.pk]}, follow=True
    )
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản." in r.content.decode()
    assert not TOTPDevice.objects.filter(user=world.leader_a).exists() and not StaticToken.objects.exists()
    assert "staff.two_factor.reset" in audit_actions(world.admin)
    assert password_login(Client(), "leader_a")["Location"].startswith(ENROL)  # enrols again
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404  # secrets are not shown in the admin


# -- optional users ----------------------------------------------------------------------------------------


def test_an_optional_user_signs_in_without_a_code_until_they_enrol_and_may_switch_it_off(world: World) -> None:
    client = Client()
    assert password_login(client, "drafter_a")["Location"] == "/can-bo/"
    assert "Chưa bật" in client.get(SECURITY).content.decode()
    secret = "cd" * 20
    twofactor.enrol_confirm(actor=world.drafter_a, hex_key=secret, code=code_at(secret, int(time.time()) // 30))
    # Enrolled of their own accord: the next sign-in asks for a code too.
    again = Client()
    assert password_login(again, "drafter_a")["Location"].startswith(CODE)
    device = TOTPDevice.objects.get(user=world.drafter_a)
    assert again.post(CODE, {"code": next_code(device)})["Location"] == "/can-bo/"
    # Switching off takes a current code; a wrong one changes nothing.
    a_minute_later(device)
    r = again.post("/can-bo/bao-mat/tat-xac-thuc-hai-buoc/", {"code": "12345"})
    assert r.status_code == 422 and TOTPDevice.objects.filter(user=world.drafter_a).exists()
    r = again.post("/can-bo/bao-mat/tat-xac-thuc-hai-buoc/", {"code": next_code(device)})
    assert r.status_code == 302 and not TOTPDevice.objects.filter(user=world.drafter_a).exists()
    assert not StaticDevice.objects.filter(user=world.drafter_a).exists()
    assert "staff.two_factor.disable" in audit_actions(world.drafter_a)
    assert password_login(Client(), "drafter_a")["Location"] == "/can-bo/"


def test_a_required_user_cannot_switch_it_off(world: World) -> None:
    client = Client()
    client.force_login(world.leader_a)
    device = TOTPDevice.objects.get(user=world.leader_a)
    page = client.get(SECURITY).content.decode()
    assert "Bắt buộc với vai trò của bạn" in page and "Tắt xác thực hai bước" not in page
    r = client.post("/can-bo/bao-mat/tat-xac-thuc-hai-buoc/", {"code": next_code(device)})
    assert r.status_code == 403 and "bắt buộc" in r.content.decode()
    assert TOTPDevice.objects.filter(user=world.leader_a).exists()


# -- idle expiry -------------------------------------------------------------------------------------------


def set_session(client: Client, **values: Any) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_a_staff_session_ends_after_the_idle_time(world: World, settings: Any) -> None:
    settings.STAFF_IDLE_MINUTES = 30
    client = Client()
    client.force_login(world.drafter_a)
    assert isinstance(client.session[LAST_SEEN_KEY], int)  # the clock starts at login
    assert client.get("/can-bo/").status_code == 200
    set_session(client, **{LAST_SEEN_KEY: int(time.time()) - 29 * 60})
    assert client.get("/can-bo/").status_code == 200  # 29 minutes: still signed in
    set_session(client, **{LAST_SEEN_KEY: int(time.time()) - 31 * 60})
    r = client.get("/can-bo/thong-bao/")
    assert r.status_code == 302 and r["Location"] == f"{LOGIN}?next=%2Fcan-bo%2Fthong-bao%2F"
    assert AUTH_SESSION_KEY not in client.session
    page = client.get(r["Location"]).content.decode()
    assert "không hoạt động quá 30 phút" in page
    assert client.get("/can-bo/")["Location"].startswith(LOGIN)


def test_the_last_seen_time_is_written_at_most_once_a_minute(world: World) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    thirty_ago = int(time.time()) - 30
    set_session(client, **{LAST_SEEN_KEY: thirty_ago})
    client.get("/can-bo/")
    assert client.session[LAST_SEEN_KEY] == thirty_ago  # not rewritten
    set_session(client, **{LAST_SEEN_KEY: thirty_ago - 40})
    client.get("/can-bo/")
    assert client.session[LAST_SEEN_KEY] > thirty_ago  # rewritten after a minute


def test_a_citizens_session_is_not_touched(world: World) -> None:
    client = Client()
    set_session(client, **{CITIZEN_KEY: {"account_id": 1, "tier": "registered", "name": ""}, LAST_SEEN_KEY: 1})
    client.get("/")
    assert client.session[CITIZEN_KEY]["account_id"] == 1 and client.session[LAST_SEEN_KEY] == 1


# -- passwords ---------------------------------------------------------------------------------------------


def test_the_password_change_page_applies_the_validators(world: World) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    r = client.post(
        "/can-bo/bao-mat/mat-khau/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert r.status_code == 200 and "Chưa đổi được mật khẩu" in r.content.decode()
    world.drafter_a.refresh_from_db()
    assert world.drafter_a.check_password(PASSWORD)
    strong = "vỉa-hè-cho-người-đi-bộ-2026"
    r = client.post(
        "/can-bo/bao-mat/mat-khau/", {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert r.status_code == 302
    world.drafter_a.refresh_from_db()
    assert world.drafter_a.check_password(strong)
    assert audit_actions(world.drafter_a).count("staff.password_change") == 1  # the refused attempt is not one
    assert client.get("/can-bo/").status_code == 200  # still signed in after the change


def test_the_admin_refuses_a_weak_password_for_a_new_user(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    r = client.post(
        "/admin/auth/user/add/",
        {"username": "can-bo-moi", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert r.status_code == 200
    assert not User.objects.filter(username="can-bo-moi").exists()


# -- single sign-on ----------------------------------------------------------------------------------------


@pytest.fixture
def sso(oidc_provider: Provider, settings: Any) -> Provider:
    oidc_provider.configure_staff(settings)
    oidc_provider.allow_redirect_uri(OURS + SSO_CALLBACK)
    return oidc_provider


def sso_round(client: Client, provider: Provider) -> Any:
    """The staff member presses the button, signs in at the provider, and comes back to our callback."""
    page = client.get(LOGIN)
    assert "Đăng nhập bằng Cổng đăng nhập một lần thử nghiệm" in page.content.decode()
    assert f"form-action 'self' {provider.url}" in page["Content-Security-Policy"]
    r = client.post("/can-bo/dang-nhap/mot-lan/")
    assert r.status_code == 302 and r["Location"].startswith(f"{provider.issuer}/authorize")
    assert parse_qs(urlsplit(r["Location"]).query)["redirect_uri"] == [OURS + SSO_CALLBACK]
    browser = requests.Session()
    answer = browser.get(r["Location"], allow_redirects=False, timeout=10)
    login_url = urljoin(provider.url, answer.headers["Location"])
    form = browser.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token
    answer = browser.post(
        login_url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": provider.username,
            "password": provider.password,
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    answer = browser.get(urljoin(provider.url, answer.headers["Location"]), allow_redirects=False, timeout=10)
    callback = answer.headers["Location"]
    assert callback.startswith(OURS + SSO_CALLBACK), callback
    return client.get(callback.removeprefix(OURS))


def test_sso_links_to_the_staff_account_with_that_email_and_still_asks_for_the_code(
    world: World, sso: Provider
) -> None:
    User.objects.filter(pk=world.leader_a.pk).update(email="DAN@example.vn")
    device = device_for(world.leader_a)
    client = Client()
    r = sso_round(client, sso)
    assert r.status_code == 302 and r["Location"].startswith(CODE), r.content.decode()
    assert client.session[AUTH_SESSION_KEY] == str(world.leader_a.pk)
    assert client.get("/can-bo/")["Location"].startswith(CODE)  # the provider's login is not the second factor
    assert client.post(CODE, {"code": next_code(device)})["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
    assert "staff.sso.login" in audit_actions(world.leader_a)


def test_sso_never_creates_a_staff_account(world: World, sso: Provider) -> None:
    users = User.objects.count()
    client = Client()
    r = sso_round(client, sso)
    assert r.status_code == 403
    assert "Không có tài khoản cán bộ nào" in r.content.decode() and "dan@example.vn" in r.content.decode()
    assert User.objects.count() == users and AUTH_SESSION_KEY not in client.session


def test_sso_refuses_an_inactive_or_non_staff_account(world: World, sso: Provider) -> None:
    User.objects.filter(pk=world.leader_a.pk).update(email="dan@example.vn", is_active=False)
    User.objects.create_user(username="khong-phai-can-bo", email="dan@example.vn", password=PASSWORD)
    client = Client()
    assert sso_round(client, sso).status_code == 403
    assert AUTH_SESSION_KEY not in client.session


def test_sso_needs_an_address_the_provider_verified(world: World) -> None:
    User.objects.filter(pk=world.leader_a.pk).update(email="dan@example.vn")
    login = OidcLogin(issuer="https://sso.example", subject="1", name="", email="dan@example.vn")
    with pytest.raises(DomainError) as refused:
        staff_user_for(login)
    assert refused.value.status == 403 and refused.value.code == "email_unverified"
    verified = OidcLogin(
        issuer="https://sso.example", subject="1", name="", email="dan@example.vn", email_verified=True
    )
    assert staff_user_for(verified).pk == world.leader_a.pk


def test_sso_is_off_without_an_issuer(world: World) -> None:
    client = Client()
    assert "Đăng nhập bằng" not in client.get(LOGIN).content.decode()
    assert client.post("/can-bo/dang-nhap/mot-lan/").status_code == 404
    assert client.get(SSO_CALLBACK + "?code=x&state=y").status_code == 404


# -- found in review: admin-site users, the reset action, one office's address, a sign-in loop -----------------


def test_an_admin_site_user_without_a_role_signs_in_with_a_code_and_keeps_the_account_pages(world: World) -> None:
    keeper = User.objects.create_user("quan-tri-trang", password=PASSWORD, is_staff=True)
    assert must_use_two_factor(keeper)
    client = Client()
    r = password_login(client, "quan-tri-trang", then="/admin/")
    assert r["Location"].startswith(ENROL)
    assert client.get(r["Location"]).status_code == 200  # enrolment is open to them, not a 403
    device = device_for(keeper)
    client = Client()
    r = password_login(client, "quan-tri-trang", then="/admin/")
    assert r["Location"].startswith(CODE)
    r = client.post(CODE, {"code": next_code(device), "next": "/admin/"})
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(SECURITY).status_code == 200
    assert client.get("/can-bo/bao-mat/mat-khau/").status_code == 200


def test_resetting_a_second_factor_needs_the_right_to_change_users_and_a_superuser_for_a_superuser(
    world: World,
) -> None:
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("chi-xem", password=PASSWORD, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    changer = User.objects.create_user("duoc-sua", password=PASSWORD, is_staff=True)
    changer.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    root = User.objects.create_superuser("goc", password=PASSWORD)
    for u in (viewer, changer, root, world.leader_a):
        device_for(u)

    viewing = Client()
    viewing.force_login(viewer)
    page = viewing.get("/admin/auth/user/")
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action offered: the reset needs the right to change users
    r = viewing.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [world.leader_a.pk]}, follow=True
    )
    assert TOTPDevice.objects.filter(user=world.leader_a).exists()  # nothing reset by someone who may only look

    changing = Client()
    changing.force_login(changer)
    r = changing.post(
        "/admin/auth/user/",
        {"action": "reset_two_factor", "_selected_action": [world.leader_a.pk, root.pk]},
        follow=True,
    )
    assert r.status_code == 200 and "Chỉ quản trị viên toàn hệ thống" in r.content.decode()
    assert TOTPDevice.objects.filter(user=root).exists() and TOTPDevice.objects.filter(user=world.leader_a).exists()
    with pytest.raises(DomainError) as refused:
        twofactor.two_factor_reset(actor=changer, user=root)
    assert refused.value.status == 403
    r = changing.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [world.leader_a.pk]}, follow=True
    )
    assert not TOTPDevice.objects.filter(user=world.leader_a).exists()
    assert twofactor.two_factor_reset(actor=root, user=root) is True  # a superuser may


def test_right_codes_from_one_office_address_never_use_up_its_limit_wrong_ones_do(world: World, settings: Any) -> None:
    settings.STAFF_CODE_ADDRESS_RATE = "3/15m"
    people = [world.leader_a, world.leader_b, world.monitor, world.users["admin"]]
    devices = [device_for(u) for u in people]
    for user, device in zip(people, devices, strict=True):  # four sign-ins from one address, limit 3: all pass
        client = Client(REMOTE_ADDR="203.0.113.9")
        password_login(client, user.username)
        assert client.post(CODE, {"code": next_code(device)}).status_code == 302, user.username
    mistyping = Client(REMOTE_ADDR="203.0.113.9")
    password_login(mistyping, world.leader_a.username)
    for _ in range(4):  # more wrong codes than the address's three
        wrong = "000000" if next_code(devices[0]) != "000000" else "111111"
        assert mistyping.post(CODE, {"code": wrong}).status_code == 422
        unthrottle(devices[0])
    colleague = Client(REMOTE_ADDR="203.0.113.9")
    password_login(colleague, world.leader_b.username)
    assert colleague.post(CODE, {"code": next_code(devices[1])}).status_code == 429  # four wrong codes there
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    password_login(elsewhere, world.leader_b.username)
    a_minute_later(devices[1])
    assert elsewhere.post(CODE, {"code": next_code(devices[1])}).status_code == 302


def test_the_sign_in_page_sent_back_to_itself_goes_to_the_back_office_not_a_loop(world: World) -> None:
    client = Client()
    client.force_login(world.drafter_a)
    r = client.get(LOGIN, {"next": LOGIN})
    assert r.status_code == 302 and r["Location"] == "/can-bo/"


def test_an_all_digit_password_is_refused() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("40720254072025")
