"""The administration (/admin/) in Vietnamese for every registered model, third-party ones included, and its
search without diacritics (ADR 0027).

The pages walked come from the admin registry: a model registered later, by the project or by a new
third-party app, is checked too, and the test fails until its names and labels are Vietnamese.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, RelatedFieldListFilter
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.timezone import localdate
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from policycomm.adminsite.search import FoldedSearchAdmin
from policycomm.health.tasks import worker_heartbeat
from policycomm.lawmaking.models import ExaminationRecord
from policycomm.lawmaking.rules import Stage
from policycomm.orgs.models import AdminUnit, Organisation
from policycomm.search.fold import fold
from policycomm.search.folded import fold_fast

from .factories import PASSWORD, World, advance, make_user, register_document
from .twofactor import pass_code_step

# A Vietnamese syllable without its marks: onset, one to three vowels, a final consonant. English words
# almost never fit ("status", "attempt", "superuser", "Task Results"); the few that do ("No", "an")
# come with others that do not.
SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?")
WORD = re.compile(r"[^\W\d_]+")
QUOTED = re.compile(r"“[^”]*”")  # a name quoted as it is written: the “Control” key
DATA_FILTERS = (AllValuesFieldListFilter, RelatedFieldListFilter)
# Loanwords Vietnamese writes as they are (acronyms in capitals are always accepted: HĐND, IP, URL).
LOANWORDS = {"email"}


def foreign_words(text: object) -> list[str]:
    """The words of ``text`` that are not Vietnamese (nor an acronym in capitals)."""
    words = WORD.findall(QUOTED.sub("", strip_tags(str(text or ""))))
    return [w for w in words if not _acronym(w) and fold(w) not in LOANWORDS and not SYLLABLE.fullmatch(fold(w))]


def _acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def test_the_word_check_tells_english_from_vietnamese() -> None:
    assert foreign_words("Task Results") == ["Task", "Results"]
    assert foreign_words("trạng thái superuser") == ["superuser"]
    assert foreign_words("Kết quả thẩm định của HĐND, địa chỉ IP, email") == []
    assert foreign_words("Nghiêng, khuỷu, quyển, giường, ngoẵng") == []


@pytest.fixture
def populated(world: World, client: Client) -> World:
    """One row at least of every registered model, made as the site makes them."""
    doc = register_document(world)
    advance(world.drafter_a, doc, Stage.PROPOSAL_CONSULTATION, Stage.PROPOSAL_APPRAISAL, Stage.PROPOSAL_APPROVED)
    ExaminationRecord.objects.create(
        document=doc,
        body_name="Ban Pháp chế HĐND tỉnh",
        date=localdate(),
        report_number="45/BC-BPC",
        conclusion="Đủ điều kiện trình.",
        recorded_by=world.drafter_a,
    )
    worker_heartbeat.enqueue()
    Group.objects.create(name="Quản trị danh mục")
    # Not written while AXES_ENABLE_ACCESS_FAILURE_LOG is off, but shown in the administration.
    AccessFailureLog.objects.create(
        username="drafter_a", ip_address="127.0.0.1", user_agent="", http_accept="*/*", path_info="/admin/login/"
    )
    # A sign-in (access log), then failed ones of another account (the counter and the failure log).
    assert client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    pass_code_step(client, world.admin)  # the admin's second factor (tests/test_staff_security.py tests that step)
    Client().post("/admin/login/", {"username": "drafter_a", "password": "sai-mat-khau"})
    return world


def _page_texts(context: Any) -> list[str]:
    """The names and labels an admin page shows, from its template context."""
    texts: list[str] = [context.get(k) or "" for k in ("title", "site_title", "site_header")]
    if "cl" in context:
        cl = context["cl"]
        texts += [h["text"] for h in result_headers(cl)]
        for spec in cl.filter_specs:
            texts.append(spec.title)
            if not isinstance(spec, DATA_FILTERS):  # their choices are the column's values
                texts += [c["display"] for c in spec.choices(cl)]
        if context.get("action_form"):
            texts += [label for value, label in context["action_form"].fields["action"].choices if value]
    if "adminform" in context:
        for fieldset in context["adminform"]:
            texts.append(fieldset.name or "")
            for line in fieldset:
                for f in line:
                    if f.is_readonly:
                        texts += [f.field["label"], f.field["help_text"]]
                    else:
                        texts += [f.field.label, f.field.help_text]
        for inline in context.get("inline_admin_formsets", []):
            texts.append(inline.opts.verbose_name_plural)
            texts += [f["label"] for f in inline.fields()]
            texts += [f.get("help_text", "") for f in inline.fields()]
    return [str(t) for t in texts]


def _english(texts: list[str]) -> dict[str, list[str]]:
    return {t: w for t in texts if (w := foreign_words(t))}


def _registry() -> list[tuple[type[Model], admin.ModelAdmin]]:  # type: ignore[type-arg]
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_the_index_names_every_app_and_model_in_vietnamese(populated: World, client: Client) -> None:
    r = client.get("/admin/")
    assert r.status_code == 200
    names = [app["name"] for app in r.context["app_list"]]
    names += [m["name"] for app in r.context["app_list"] for m in app["models"]]
    assert len(names) == len({m._meta.app_label for m, _ in _registry()}) + len(_registry())
    assert _english(names) == {}
    assert "Kiểm soát đăng nhập" in names and "Tác vụ nền" in names


@pytest.mark.parametrize("model", [m for m, _ in _registry()], ids=lambda m: m._meta.label)
def test_every_admin_page_is_vietnamese(populated: World, client: Client, model: type[Model]) -> None:
    opts = model._meta
    model_admin = admin.site._registry[model]
    url = f"admin:{opts.app_label}_{opts.model_name}"
    texts = [str(opts.app_config.verbose_name), str(opts.verbose_name), str(opts.verbose_name_plural)]

    r = client.get(reverse(f"{url}_changelist"))
    assert r.status_code == 200
    texts += _page_texts(r.context)

    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the fixture makes no {opts.label} row: add one to `populated`"
    r = client.get(reverse(f"{url}_change", args=[obj.pk]))
    assert r.status_code == 200
    texts += _page_texts(r.context)
    if not model.__module__.startswith(("policycomm.", "django.contrib.")):
        texts.append(r.context["subtitle"])  # the row's name, which a third-party app writes in code

    r = client.get(reverse(f"{url}_add"))
    assert r.status_code == (200 if model_admin.has_add_permission(r.wsgi_request) else 403)
    if r.status_code == 200:
        texts += _page_texts(r.context)

    assert _english(texts) == {}


def test_every_admin_with_a_search_box_ignores_diacritics() -> None:
    plain = [m._meta.label for m, ma in _registry() if ma.search_fields and not isinstance(ma, FoldedSearchAdmin)]
    assert plain == []


@pytest.fixture
def places(world: World) -> None:
    AdminUnit.objects.create(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", kind=AdminUnit.Kind.PROVINCE)
    AdminUnit.objects.create(code="48", name="Thành phố Đà Nẵng", short_name="Đà Nẵng", kind=AdminUnit.Kind.PROVINCE)
    Organisation.objects.create(
        name="Sở Tư pháp thành phố Hà Nội", short_name="STP", kind=Organisation.Kind.DEPARTMENT, level="province"
    )
    make_user("nva", full_name="Nguyễn Văn An")
    make_user("nvb", full_name="Nguyễn Văn Đức")
    make_user("tth", full_name="Trần Thị Hường")


def _found(client: Client, name: str, q: str) -> list[str]:
    r = client.get(reverse(f"admin:{name}_changelist"), {"q": q})
    assert r.status_code == 200
    return sorted(str(o) for o in r.context["cl"].result_list)


def test_admin_search_without_diacritics(world: World, places: None, client: Client) -> None:
    client.force_login(world.admin)
    assert _found(client, "orgs_adminunit", "ha noi") == ["Thành phố Hà Nội"]
    assert _found(client, "orgs_adminunit", "HÀ NỘI") == ["Thành phố Hà Nội"]
    assert _found(client, "orgs_adminunit", "da nang") == ["Thành phố Đà Nẵng"]
    assert _found(client, "orgs_adminunit", "Đà") == ["Thành phố Đà Nẵng"]
    assert _found(client, "orgs_adminunit", "hà nam") == []  # every word must match
    assert _found(client, "orgs_organisation", "so tu phap ha noi") == ["Sở Tư pháp thành phố Hà Nội"]
    assert _found(client, "auth_user", "nguyen van") == ["nva", "nvb"]
    assert _found(client, "auth_user", "nguyen van duc") == ["nvb"]
    assert _found(client, "auth_user", "huong") == ["tth"]
    assert _found(client, "auth_user", '"van an"') == []  # a quoted phrase is one string, here across fields
    assert _found(client, "orgs_adminunit", "50%") == []  # LIKE wildcards are characters to find


def test_search_keeps_exact_lookups_on_other_columns(world: World, places: None, client: Client) -> None:
    client.force_login(world.admin)
    Client().post("/admin/login/", {"username": "nva", "password": "sai"})
    # The IP address column is not text: the word is matched as typed; the user name is folded.
    assert _found(client, "axes_accessattempt", "nguyen") == []
    assert _found(client, "axes_accessattempt", "127.0.0") == ["Đăng nhập sai của “nva” từ 127.0.0.1"]
    assert _found(client, "axes_accessattempt", "NVA") == ["Đăng nhập sai của “nva” từ 127.0.0.1"]
    worker_heartbeat.enqueue()
    assert len(_found(client, "django_tasks_database_dbtaskresult", "heartbeat")) == 1


def test_the_project_catalogue_comes_before_django_and_the_apps() -> None:
    with translation.override("vi"):
        # Django's own says "trạng thái superuser".
        assert translation.gettext("superuser status") == "quyền quản trị toàn hệ thống"
        assert str(DBTaskResult._meta.verbose_name_plural) == "tác vụ nền"
        assert translation.pgettext("Task", "Failed") == "Thất bại"
    with translation.override("en"):
        assert str(DBTaskResult._meta.verbose_name_plural) == "Task Results"


def test_search_follows_relations(populated: World, client: Client) -> None:
    # The document's title through the record, the person's and the body's names through the membership.
    assert len(_found(client, "lawmaking_appraisalrecord", "phi via he")) == 1
    assert len(_found(client, "lawmaking_appraisalrecord", "phi via he 125/BC")) == 1
    hoa = str(populated.drafter_a.memberships.get())
    assert _found(client, "orgs_membership", "nguyen thi hoa so tu phap") == [hoa]
    assert _found(client, "orgs_membership", "nguyen thi hoa van phong") == []


@given(st.text())
def test_the_sql_fold_is_the_search_fold(text: str) -> None:
    assert fold_fast(text) == fold(text)
