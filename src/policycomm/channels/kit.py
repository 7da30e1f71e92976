"""Making the kit: the outputs whose fingerprint is not current, stored with their files."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.communication.translations import SOURCE_LANGUAGE, languages_published
from policycomm.consultation.models import Consultation
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor

from .builders import ORDER, VERSIONS, Built, build
from .models import ChannelOutput
from .source import fingerprint, kit_source, secret_reason
from .texts import PHRASES

K = ChannelOutput.Kind


@dataclass
class KitReport:
    """What a run of the builder did: the kinds it made, the ones already current, or why it made none."""

    made: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    refused: str = ""


def file_name(c: Consultation, kind: str, lang: str, ext: str) -> str:
    return f"{kind.replace('_', '-')}-{c.pk}-{lang}.{ext}"


def drop_outputs(c: Consultation, lang: str | None = None) -> None:
    """Delete the outputs (and, once committed, their files)."""
    qs = ChannelOutput.objects.filter(consultation=c)
    if lang is not None:
        qs = qs.filter(lang=lang)
    names = [n for o in qs for n in (o.file.name, o.preview.name) if n]
    qs.delete()
    if names:
        storage = ChannelOutput._meta.get_field("file").storage

        def delete() -> None:
            for n in names:
                storage.delete(n)

        transaction.on_commit(delete)


def delete_on_commit(out: ChannelOutput, names: list[str]) -> None:
    storage = out.file.storage

    def delete() -> None:
        for n in names:
            storage.delete(n)

    transaction.on_commit(delete)


def _store(c: Consultation, kind: str, lang: str, built: Built, fp: str, actor: Actor | None) -> ChannelOutput:
    with transaction.atomic():
        out, _created = ChannelOutput.objects.select_for_update().get_or_create(
            consultation=c, kind=kind, lang=lang, defaults={"media_type": built.media_type, "made_at": timezone.now()}
        )
        old = [n for n in (out.file.name, out.preview.name) if n]
        out.text, out.media_type, out.duration_s = built.text, built.media_type, built.duration_s
        out.fingerprint, out.made_at, out.made_by, out.source = fp, timezone.now(), actor, ChannelOutput.Source.BUILT
        out.file, out.preview = None, None
        if built.data is not None:
            out.file.save(file_name(c, kind, lang, built.extension), ContentFile(built.data), save=False)
        if built.preview is not None:
            out.preview.save(file_name(c, f"{kind}-preview", lang, "png"), ContentFile(built.preview), save=False)
        out.save()
        if old:
            delete_on_commit(out, old)
    return out


def kit_build(
    *, consultation: Consultation, lang: str = "vi", force: bool = False, actor: Actor | None = None
) -> KitReport:
    """Make the outputs whose fingerprint is not current (all of them with ``force``).

    Run by the background task (``actor`` None) and by the demo. Content flagged state secret, or a
    draft without published material, makes nothing and removes what had been made.
    """
    c = Consultation.objects.select_related(
        "document__drafting_body__admin_unit", "document__drafting_body__parent"
    ).get(pk=consultation.pk)
    report = KitReport()
    reason = secret_reason(c)
    src = None
    if reason is None:
        try:
            src = kit_source(c, lang=lang)
        except DomainError as exc:  # no public translation in that language (any more)
            reason = exc.message
    if src is not None and not src["materials"]:
        reason = _("Chưa có tài liệu truyền thông nào được công khai để làm sản phẩm truyền thông theo kênh.")
    if reason is not None or src is None:
        with transaction.atomic():
            drop_outputs(c, lang)
        report.refused = reason or ""
        return report
    existing = {o.kind: o for o in ChannelOutput.objects.filter(consultation=c, lang=lang)}
    script: str | None = None
    for kind in ORDER:
        fp = fingerprint(src, kind, VERSIONS[kind])
        have = existing.get(kind)
        if have is not None and have.source == ChannelOutput.Source.HUMAN:
            report.current.append(kind)  # the announcer's recording stands until it is removed
            continue
        if have is not None and have.fingerprint == fp and not force:
            report.current.append(kind)
            if kind == K.LOUDSPEAKER_SCRIPT:
                script = have.text
            continue
        built = build(kind, src, script=script)
        if kind == K.LOUDSPEAKER_SCRIPT:
            script = built.text
        _store(c, kind, lang, built, fp, actor)
        report.made.append(kind)
    if report.made:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="channels.build",
                obj=c,
                organisation_id=c.document.drafting_body_id,
                after={"lang": lang, "made": report.made},
            )
    return report


def kit_languages(consultation: Consultation) -> list[str]:
    """The languages the kit is made in: Vietnamese, and each language the public material is translated
    into that the kit has its phrases for."""
    return [SOURCE_LANGUAGE] + [x for x in languages_published(consultation) if x in PHRASES and x != SOURCE_LANGUAGE]


def kit_build_all(
    *, consultation: Consultation, force: bool = False, actor: Actor | None = None
) -> dict[str, KitReport]:
    """The kit in every language of ``kit_languages``; the outputs of a language whose translation is no
    longer public are removed. Each language keeps its own fingerprints, so only what changed is made."""
    langs = kit_languages(consultation)
    stale = ChannelOutput.objects.filter(consultation=consultation).exclude(lang__in=langs)
    for lang in sorted(set(stale.values_list("lang", flat=True))):
        with transaction.atomic():
            drop_outputs(consultation, lang)
    return {lang: kit_build(consultation=consultation, lang=lang, force=force, actor=actor) for lang in langs}
