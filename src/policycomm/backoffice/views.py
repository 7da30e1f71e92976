"""Staff site. Views translate HTTP to service calls and back; no business rules live here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from policycomm.communication import services as comm
from policycomm.communication.models import Activity, Material
from policycomm.consultation import insights
from policycomm.consultation import selectors as csel
from policycomm.consultation import services as cons
from policycomm.consultation.access import (
    MODERATE_ROLES,
    consultations_for_user,
    get_comment_for_user,
    get_consultation_for_user,
)
from policycomm.consultation.models import AnalysisRun, Comment, CommentAnalysis, Statement, SynthesisReport
from policycomm.errors import DomainError
from policycomm.lawmaking import services as law
from policycomm.lawmaking.access import WRITE_ROLES, documents_for_user, get_document_for_user, get_policy_for_user
from policycomm.lawmaking.rules import SCOPE_CRITERIA, Stage, allowed_next
from policycomm.monitoring.coverage import MONITOR_ROLES, coverage_report
from policycomm.orgs.access import holds_role_in, is_staff_member, org_filter, reaches, scope_paths
from policycomm.orgs.models import Organisation, Role
from policycomm.plans.selectors import implementation_figures

from . import forms as bf

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_staff_member(request.user):
            raise PermissionDenied("Tài khoản chưa được phân công vai trò ở cơ quan nào.")
        return view(request, *args, **kwargs)

    return wrapper


def _apply(form: forms.Form, exc: DomainError) -> None:
    if exc.errors:
        for field, (_code, message) in exc.errors.items():
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, exc.message)


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True


# -- dashboard and documents -------------------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    docs = list(documents_for_user(request.user).annotate(n_policies=Count("policies"))[:200])
    consultations = list(
        consultations_for_user(request.user)
        .annotate(
            n_comments=Count("comments"),
            n_pending=Count("comments", filter=Q(comments__disposition="", comments__hidden=False)),
        )
        .order_by("-closes_at")[:50]
    )
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "docs": docs,
            "consultations": consultations,
            "can_write": bool(scope_paths(request.user, WRITE_ROLES)) or request.user.is_superuser,
        },
    )


def _org_choices(user: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    bodies = list(
        Organisation.objects.filter(org_filter(user, "", WRITE_ROLES) if not user.is_superuser else Q())
        .select_related("admin_unit")
        .order_by("path")
    )
    # Issuing authorities: the People's Committees and Councils (or central bodies) above or within.
    ancestor_ids = {int(x) for b in bodies for x in b.path.split(".") if x}
    # …and their councils, which sit beside the committee of the same level.
    candidates = (
        Organisation.objects.filter(
            Q(pk__in=ancestor_ids) | Q(parent_id__in=ancestor_ids),
            kind__in=[
                Organisation.Kind.PEOPLES_COMMITTEE,
                Organisation.Kind.PEOPLES_COUNCIL,
                Organisation.Kind.CENTRAL_AGENCY,
            ],
        )
        .select_related("parent")
        .order_by("path")
    )
    issuers = [o for o in candidates if any(law.issues_for(o, b) for b in bodies)]
    return [(o.pk, o.name) for o in issuers], [(b.pk, b.name) for b in bodies]


@staff_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not (scope_paths(request.user, WRITE_ROLES) or request.user.is_superuser):
        raise PermissionDenied("Chỉ chuyên viên soạn thảo được đăng ký văn bản.")
    issuers, bodies = _org_choices(request.user)
    form = bf.DocumentForm(request.POST or None)
    form.fields["issuing_authority"].choices = issuers  # type: ignore[attr-defined]
    form.fields["drafting_body"].choices = bodies  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            doc = law.document_register(
                actor=request.user,
                title=d["title"],
                doc_type=d["doc_type"],
                issuing_authority=Organisation.objects.get(pk=d["issuing_authority"]),
                drafting_body=Organisation.objects.get(pk=d["drafting_body"]),
                simplified_procedure=d["simplified_procedure"],
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Đã đăng ký văn bản.")
            return redirect("backoffice:document", pk=doc.pk)
    return render(request, "backoffice/document_form.html", {"form": form}, status=422 if form.errors else 200)


def _document_context(request: HttpRequest, doc: Any, **extra: Any) -> dict[str, Any]:
    can_write = reaches(request.user, doc.drafting_body.path, WRITE_ROLES)
    nxt = allowed_next(doc.stage, doc_type=doc.doc_type, simplified=doc.simplified_procedure)
    tform = extra.pop("tform", None) or bf.TransitionForm()
    cast(forms.ChoiceField, tform.fields["to_stage"]).choices = [(s, Stage(s).label) for s in nxt]
    return {
        "doc": doc,
        "can_write": can_write,
        "transitions": list(doc.transitions.select_related("actor")),
        "policies": list(doc.policies.all()),
        "sections": list(csel.public_sections(doc)),
        "consultations": list(doc.consultations.annotate(n_comments=Count("comments"))),
        "tform": tform,
        "pform": extra.pop("pform", None) or bf.PolicyForm(),
        "sform": extra.pop("sform", None) or bf.SectionsForm(),
        "cform": extra.pop("cform", None) or bf.ConsultationForm(),
        "next_stages": nxt,
        **extra,
    }


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    return render(request, "backoffice/document.html", _document_context(request, doc))


@staff_required
@require_POST
def document_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    doc = get_document_for_user(request.user, pk, write=True)
    form_classes: dict[str, tuple[str, type[forms.Form]]] = {
        "transition": ("tform", bf.TransitionForm),
        "policy": ("pform", bf.PolicyForm),
        "sections": ("sform", bf.SectionsForm),
        "consultation": ("cform", bf.ConsultationForm),
    }
    if action not in form_classes:
        raise Http404
    key, cls = form_classes[action]
    form = cls(request.POST)
    if action == "transition":
        # Offer every stage so that an illegal request reaches the service and gets its reason.
        form.fields["to_stage"].choices = Stage.choices  # type: ignore[attr-defined]
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "transition":
                law.document_transition(actor=request.user, document=doc, to_stage=d["to_stage"], note=d["note"])
                messages.success(request, f"Đã chuyển sang giai đoạn “{Stage(d['to_stage']).label}”.")
            elif action == "policy":
                law.policy_add(actor=request.user, document=doc, title=d["title"], summary=d["summary"])
                messages.success(request, "Đã thêm chính sách.")
            elif action == "sections":
                counts = law.sections_replace(actor=request.user, document=doc, raw_text=d["raw_text"])
                messages.success(
                    request,
                    f"Đã cập nhật dự thảo: {counts['created']} mục mới, "
                    f"{counts['updated']} mục giữ nguyên mã, {counts['retired']} mục bị bỏ.",
                )
            else:
                cons.consultation_create(
                    actor=request.user,
                    document=doc,
                    phase=d["phase"],
                    title=d["title"],
                    intro=d["intro"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                )
                messages.success(request, "Đã mở đợt lấy ý kiến.")
        except DomainError as exc:
            _apply(form, exc)
        else:
            return redirect("backoffice:document", pk=doc.pk)
    return render(request, "backoffice/document.html", _document_context(request, doc, **{key: form}), status=422)


# -- policies, materials, activities -----------------------------------------------------


def _screening_initial(policy: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for c in SCOPE_CRITERIA:
        p = c.field[:2]
        initial[p] = getattr(policy, c.field)
        initial[f"{p}_reason"] = getattr(policy, f"{p}_reason")
    initial.update(
        state_secret=policy.state_secret,
        state_secret_reason=policy.state_secret_reason,
        voluntary=policy.voluntary,
        voluntary_reason=policy.voluntary_reason,
    )
    return initial


def _policy_context(request: HttpRequest, policy: Any, **extra: Any) -> dict[str, Any]:
    return {
        "policy": policy,
        "doc": policy.document,
        "can_write": reaches(request.user, policy.document.drafting_body.path, WRITE_ROLES),
        "can_record": reaches(request.user, policy.document.drafting_body.path, comm.ACTIVITY_ROLES),
        "materials": list(policy.materials.select_related("submitted_by", "approved_by")),
        "activities": list(policy.activities.all()),
        "screen_form": extra.pop("screen_form", None) or bf.ScreeningForm(initial=_screening_initial(policy)),
        "material_form": extra.pop("material_form", None) or bf.MaterialForm(),
        "activity_form": extra.pop("activity_form", None) or bf.ActivityForm(),
        **extra,
    }


@staff_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    return render(request, "backoffice/policy.html", _policy_context(request, policy))


@staff_required
@require_POST
def policy_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("screen", "material", "activity"):
        raise Http404
    policy = get_policy_for_user(request.user, pk, write=action != "activity")
    if action == "activity" and not reaches(request.user, policy.document.drafting_body.path, comm.ACTIVITY_ROLES):
        raise PermissionDenied("Vai trò của bạn không ghi nhận hoạt động truyền thông.")
    if action == "screen":
        form: forms.Form = bf.ScreeningForm(request.POST)
        key = "screen_form"
    elif action == "material":
        form, key = bf.MaterialForm(request.POST), "material_form"
    else:
        form, key = bf.ActivityForm(request.POST, request.FILES), "activity_form"
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "screen":
                law.policy_screen(
                    actor=request.user,
                    policy=policy,
                    criteria={c.field[:2]: d[c.field[:2]] for c in SCOPE_CRITERIA},
                    reasons={c.field[:2]: d[f"{c.field[:2]}_reason"] for c in SCOPE_CRITERIA},
                    state_secret=d["state_secret"],
                    state_secret_reason=d["state_secret_reason"],
                    voluntary=d["voluntary"],
                    voluntary_reason=d["voluntary_reason"],
                )
                messages.success(request, "Đã lưu kết quả đánh giá phạm vi.")
            elif action == "material":
                m = comm.material_save(actor=request.user, policy=policy, **d)
                messages.success(request, "Đã tạo tài liệu truyền thông.")
                return redirect("backoffice:material", pk=m.pk)
            else:
                comm.activity_record(actor=request.user, policy=policy, **d)
                messages.success(request, "Đã ghi nhận hoạt động truyền thông.")
        except DomainError as exc:
            _apply(form, exc)
        else:
            return redirect("backoffice:policy", pk=policy.pk)
    return render(request, "backoffice/policy.html", _policy_context(request, policy, **{key: form}), status=422)


def _get_material(user: Any, pk: int) -> Material:
    try:
        m = Material.objects.select_related("policy__document__drafting_body", "submitted_by", "approved_by").get(pk=pk)
    except Material.DoesNotExist:
        raise Http404 from None
    get_policy_for_user(user, m.policy_id)  # 404 outside the subtree
    return m


@staff_required
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get_material(request.user, pk)
    form = bf.MaterialForm(initial={f: getattr(m, f) for f in bf.MaterialForm.base_fields})
    return render(request, "backoffice/material.html", _material_context(request, m, form))


def _material_context(request: HttpRequest, m: Material, form: forms.Form) -> dict[str, Any]:
    body = m.policy.document.drafting_body
    return {
        "m": m,
        "form": form,
        "policy": m.policy,
        "can_write": reaches(request.user, body.path, WRITE_ROLES),
        "can_approve": holds_role_in(request.user, body.pk, {Role.LEADER}),
        "can_publish": reaches(request.user, body.path, comm.PUBLISH_ROLES),
    }


@staff_required
@require_POST
def material_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    m = _get_material(request.user, pk)
    body = m.policy.document.drafting_body
    allowed = {
        "save": WRITE_ROLES,
        "submit": WRITE_ROLES,
        "approve": {"leader"},
        "return": {"leader"},
        "publish": comm.PUBLISH_ROLES,
    }
    if action not in allowed:
        raise Http404
    if not reaches(request.user, body.path, allowed[action]):
        raise PermissionDenied("Vai trò của bạn không thực hiện được thao tác này với tài liệu.")
    # "save" always reaches the service: on a locked material it may still flag state secret (and withdraw it).
    editing = action == "save" or (action == "submit" and m.editable)
    form = bf.MaterialForm(
        request.POST if editing else None, initial={f: getattr(m, f) for f in bf.MaterialForm.base_fields}
    )
    try:
        if editing:
            # "Submit" saves what is on the screen first, so nothing typed is lost.
            if not form.is_valid():
                return render(request, "backoffice/material.html", _material_context(request, m, form), status=422)
            m = comm.material_save(actor=request.user, policy=m.policy, material=m, **form.cleaned_data)
        if action == "save":
            messages.success(request, "Đã lưu tài liệu.")
        elif action == "submit":
            comm.material_submit(actor=request.user, material=m)
            messages.success(request, "Đã trình lãnh đạo phê duyệt.")
        elif action in ("approve", "return"):
            comm.material_review(
                actor=request.user, material=m, approve=action == "approve", note=request.POST.get("note", "")
            )
            messages.success(request, "Đã phê duyệt tài liệu." if action == "approve" else "Đã trả lại tài liệu.")
        else:
            comm.material_publish(actor=request.user, material=m)
            messages.success(request, "Đã công khai tài liệu trên cổng lấy ý kiến.")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        if form.is_bound:
            _apply(form, exc)
        else:
            messages.error(request, exc.message)
        m.refresh_from_db()
        return render(request, "backoffice/material.html", _material_context(request, m, form), status=exc.status)
    return redirect("backoffice:material", pk=m.pk)


@staff_required
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    activity = get_object_or_404(Activity, pk=pk)
    get_policy_for_user(request.user, activity.policy_id)
    if not activity.evidence_file:
        raise Http404
    return FileResponse(
        activity.evidence_file.open("rb"), as_attachment=True, filename=activity.evidence_file.name.rsplit("/", 1)[-1]
    )


# -- consultation processing -------------------------------------------------------------


@staff_required
def consultation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    flt = request.GET.get("loc", "")
    comments = list(csel.comments_for_processing(c, disposition=flt or None)[:500])
    return render(
        request,
        "backoffice/consultation.html",
        {
            "c": c,
            "comments": comments,
            "flt": flt,
            "counts": csel.consultation_counts(c),
            "can_process": reaches(request.user, c.document.drafting_body.path, WRITE_ROLES),
            "can_moderate": reaches(request.user, c.document.drafting_body.path, MODERATE_ROLES),
            "reports": list(c.reports.all()[:5]),
            "dform": bf.DispositionForm(),
        },
    )


@staff_required
@require_POST
def comment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("dispose", "hide", "unhide"):
        raise Http404
    roles = MODERATE_ROLES if action in ("hide", "unhide") else WRITE_ROLES
    comment = get_comment_for_user(request.user, pk, write=True, roles=frozenset(roles))
    try:
        if action == "dispose":
            cons.comment_dispose(
                actor=request.user,
                comment=comment,
                disposition=request.POST.get("disposition", ""),
                explanation=request.POST.get("explanation", ""),
            )
            messages.success(request, f"Đã lưu kết quả xử lý ý kiến {comment.receipt}.")
        else:
            cons.comment_hide(
                actor=request.user, comment=comment, hidden=action == "hide", reason=request.POST.get("reason", "")
            )
            messages.success(request, f"Đã cập nhật kiểm duyệt ý kiến {comment.receipt}.")
    except DomainError as exc:
        messages.error(request, f"Ý kiến {comment.receipt}: {exc.message}")
    return redirect(f"{_manage_url(comment.consultation_id)}#y-{comment.pk}")


def _manage_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("backoffice:consultation", kwargs={"pk": pk})


@staff_required
@require_POST
def consultation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("publish", "report", "analyze"):
        raise Http404
    c = get_consultation_for_user(request.user, pk, write=action == "publish")
    try:
        if action == "analyze":
            insights.analysis_request(actor=request.user, consultation=c)
            messages.success(request, "Đã bắt đầu phân tích ý kiến.")
            return redirect("backoffice:analysis", pk=c.pk)
        if action == "publish":
            cons.dispositions_publish(actor=request.user, consultation=c)
            messages.success(request, "Đã công khai kết quả tiếp thu, giải trình trên cổng.")
        else:
            cons.report_request(actor=request.user, consultation=c)
            messages.success(request, "Đang tạo báo cáo tổng hợp, tiếp thu, giải trình.")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    return redirect("backoffice:consultation", pk=c.pk)


def _get_report(user: Any, cpk: int, rpk: int) -> SynthesisReport:
    c = get_consultation_for_user(user, cpk)
    return get_object_or_404(SynthesisReport, pk=rpk, consultation=c)


@staff_required
def report_status(request: HttpRequest, pk: int, rpk: int) -> HttpResponse:
    report = _get_report(request.user, pk, rpk)
    return render(request, "backoffice/consultation.html#report", {"r": report, "c": report.consultation})


@staff_required
def report_download(request: HttpRequest, pk: int, rpk: int) -> HttpResponseBase:
    report = _get_report(request.user, pk, rpk)
    if report.status != SynthesisReport.Status.DONE or not report.file:
        raise Http404("Báo cáo chưa tạo xong.")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


ANALYSIS_VIEWS = ("chien-dich", "chu-de", "dieu-khoan", "y-kien", "tranh-luan")


def _analysis_url(pk: int, view: str) -> str:
    return f"{reverse('backoffice:analysis', kwargs={'pk': pk})}?xem={view}"


@staff_required
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    """The machine's suggestions for a consultation: campaigns, themes, sections, filtered comments."""
    c = get_consultation_for_user(request.user, pk)
    run = insights.latest_run(c)
    view = request.GET.get("xem", "chien-dich")
    view = view if view in ANALYSIS_VIEWS else "chien-dich"
    ctx: dict[str, Any] = {
        "c": c,
        "run": run,
        "active": insights.active_run(c),
        "view": view,
        "can_run": reaches(request.user, c.document.drafting_body.path, WRITE_ROLES | {"leader"}),
        "can_process": reaches(request.user, c.document.drafting_body.path, WRITE_ROLES),
        "dispositions": Comment.Disposition.choices,
        "stances": CommentAnalysis.Stance.choices,
    }
    if view == "tranh-luan":
        ctx["statements"] = list(csel.statements_with_tally(c, include_hidden=True))
    elif run is not None:
        items = CommentAnalysis.objects.filter(run=run, comment__hidden=False)
        ctx["stale"] = c.comments.filter(hidden=False).count() - run.comment_count
        themes = [dict(t, index=i) for i, t in enumerate(run.summary.get("themes", []))]
        ctx["themes"] = themes
        if view == "chien-dich":
            reps = items.filter(is_representative=True, group_size__gt=1).select_related("comment")
            decided = dict(
                items.filter(group_size__gt=1)
                .exclude(comment__disposition="")
                .values_list("group_key")
                .annotate(n=Count("pk"))
                .order_by()
            )
            ctx["campaigns"] = [
                {
                    "key": a.group_key,
                    "size": a.group_size,
                    "copies": a.group_size - 1,
                    "text": a.comment.text,
                    "stance_label": a.get_stance_display(),
                    "decided": decided.get(a.group_key, 0),
                }
                for a in reps.order_by("-group_size", "pk")[:100]
            ]
        elif view == "chu-de":
            samples: dict[int, list[str]] = {}
            for a in (
                items.filter(is_representative=True).select_related("comment").order_by("-group_size", "pk")[:2000]
            ):
                if len(samples.setdefault(a.theme, [])) < 3:
                    samples[a.theme].append(a.comment.text)
            for t in themes:
                t["samples"] = samples.get(t["index"], [])
        elif view == "dieu-khoan":
            counts: dict[str, int] = {}
            for secs in items.exclude(sections=[]).values_list("sections", flat=True).iterator():
                for key, _score in secs:
                    counts[key] = counts.get(key, 0) + 1
            headings = dict(c.document.sections.values_list("key", "heading"))
            ctx["per_section"] = [
                {"key": k, "heading": headings.get(k, k), "n": n}
                for k, n in sorted(counts.items(), key=lambda kv: -kv[1])
            ]
        else:
            f = {k: request.GET.get(k, "").strip() for k in ("q", "thai_do", "chu_de", "nhom", "dieu")}
            if f["thai_do"]:
                items = items.filter(stance=f["thai_do"])
            if f["chu_de"].isdigit():
                items = items.filter(theme=int(f["chu_de"]))
            if f["nhom"]:
                items = items.filter(group_key=f["nhom"])
            if f["q"]:
                items = items.filter(comment__text__icontains=f["q"])
            items = items.select_related("comment").order_by("comment_id")
            if f["dieu"]:
                # Section keys sit in a JSON list; filtered here, the same way on SQLite and PostgreSQL.
                rows = [a for a in items if any(key == f["dieu"] for key, _ in a.sections)]
                ctx.update(f=f, total=len(rows), items=rows[:200])
            else:
                ctx.update(f=f, total=items.count(), items=list(items[:200]))
    return render(request, "backoffice/analysis.html", ctx)


@staff_required
def analysis_status(request: HttpRequest, pk: int, rpk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk)
    run = get_object_or_404(AnalysisRun, pk=rpk, consultation=c)
    return render(request, "backoffice/analysis.html#run", {"r": run, "c": c})


@staff_required
@require_POST
def analysis_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=True)
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    try:
        updated, kept = insights.group_dispose(
            actor=request.user,
            consultation=c,
            kind=kind,
            key=key,
            disposition=request.POST.get("disposition", ""),
            explanation=request.POST.get("explanation", ""),
        )
        note = f"; {kept} ý kiến đã xử lý riêng được giữ nguyên" if kept else ""
        messages.success(request, f"Đã áp dụng kết quả xử lý cho {updated} ý kiến{note}.")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    view = "chien-dich" if kind == "campaign" else "chu-de"
    return redirect(_analysis_url(c.pk, view))


@staff_required
@require_POST
def statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=True)
    try:
        cons.statement_add(actor=request.user, consultation=c, text=request.POST.get("text", ""))
        messages.success(request, "Đã thêm nhận định. Người dân có thể biểu quyết ngay trên Cổng lấy ý kiến.")
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    return redirect(_analysis_url(c.pk, "tranh-luan"))


@staff_required
@require_POST
def statement_hide(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    c = get_consultation_for_user(request.user, pk, write=True)
    st = get_object_or_404(Statement, pk=sid, consultation=c)
    hidden = request.POST.get("hidden") == "1"
    cons.statement_hide(actor=request.user, statement=st, hidden=hidden)
    messages.success(request, "Đã ẩn nhận định." if hidden else "Đã hiện lại nhận định.")
    return redirect(_analysis_url(c.pk, "tranh-luan"))


# -- monitoring -------------------------------------------------------------------------


@staff_required
def monitoring(request: HttpRequest) -> HttpResponse:
    if not (scope_paths(request.user, MONITOR_ROLES) or request.user.is_superuser):
        raise PermissionDenied("Trang giám sát dành cho Thường trực Hội đồng PBGDPL và lãnh đạo.")
    year_raw = request.GET.get("nam", "")
    year = int(year_raw) if year_raw.isascii() and year_raw.isdigit() and 1990 <= int(year_raw) <= 2100 else None
    report = coverage_report(request.user, year=year)
    figures = implementation_figures(request.user, year=year)
    return render(request, "backoffice/monitoring.html", {"report": report, "year": year, "figures": figures})
