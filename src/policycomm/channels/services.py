"""Making the channel kit, the announcer's recording, and recording that an output was used."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.communication.access import can_record_activity
from policycomm.communication.models import Activity, Material
from policycomm.communication.services import activity_record
from policycomm.consultation.models import Consultation
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor
from policycomm.textclean import clean_line

from .access import can_manage_channels
from .kit import delete_on_commit, file_name, kit_languages
from .models import ChannelOutput
from .source import secret_reason
from .tasks import build_channel_kit

K = ChannelOutput.Kind

#: The communication activity a used output is recorded as (Activity.Form), and the channel's name.
USE_FORMS: dict[str, str] = {
    K.POSTER: Activity.Form.GRASSROOTS,
    K.LED: Activity.Form.GRASSROOTS,
    K.LOUDSPEAKER_SCRIPT: Activity.Form.GRASSROOTS,
    K.LOUDSPEAKER_AUDIO: Activity.Form.GRASSROOTS,
    K.SOCIAL: Activity.Form.SOCIAL,
    K.SOCIAL_IMAGE: Activity.Form.SOCIAL,
    K.PRESS_RELEASE: Activity.Form.MASS_MEDIA,
    K.SMS: Activity.Form.TAILORED,
}
USE_CHANNELS: dict[str, str] = {
    K.POSTER: "Bảng tin khu dân cư",
    K.LED: "Màn hình LED",
    K.LOUDSPEAKER_SCRIPT: "Loa truyền thanh cơ sở",
    K.LOUDSPEAKER_AUDIO: "Loa truyền thanh cơ sở",
    K.SOCIAL: "Mạng xã hội (Zalo OA, Facebook)",
    K.SOCIAL_IMAGE: "Mạng xã hội (Zalo OA, Facebook)",
    K.PRESS_RELEASE: "Báo chí, phát thanh, truyền hình",
    K.SMS: "Tin nhắn SMS",
}

#: An announcer's recording: at most this many bytes, in one of these containers.
MAX_RECORDING_BYTES = 20 * 1024 * 1024
MAX_RECORDING_SECONDS = 15 * 60
RECORDING_TYPES = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav"}


def kit_request(*, actor: Actor, consultation: Consultation, force: bool = False, lang: str = "") -> None:
    """Ask the worker to make the kit (the outputs that are not current; all of them with ``force``), in
    ``lang`` or, empty, in every language it is made in."""
    if not can_manage_channels(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền tạo sản phẩm truyền thông theo kênh."), status=403)
    reason = secret_reason(consultation)
    if reason:
        raise DomainError("state_secret", reason, status=409)
    if lang and lang not in kit_languages(consultation):
        raise DomainError(
            "translation_missing",
            _("Tài liệu truyền thông chưa có bản dịch công khai bằng ngôn ngữ này để làm sản phẩm theo kênh."),
            status=404,
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="channels.request",
            obj=consultation,
            organisation_id=consultation.document.drafting_body_id,
            after={"lang": lang, "force": force},
        )
        transaction.on_commit(lambda: build_channel_kit.enqueue(consultation.pk, lang, force))


# -- the announcer's recording ------------------------------------------------------------------------


def _sniff(head: bytes) -> str | None:
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    return None


def _probe_seconds(path: Path) -> float | None:
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    try:
        out = subprocess.run(  # noqa: S603 — our own executable and temporary file
            [exe, "-v", "error", "-show_entries", "format=duration:stream=codec_type", "-of", "csv=p=0", str(path)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.decode(errors="replace").split()
    if "audio" not in lines:
        return None
    try:
        return round(float(lines[-1]), 2)
    except ValueError:
        return None


def recording_upload(
    *, actor: Actor, consultation: Consultation, upload: UploadedFile, lang: str = "vi"
) -> ChannelOutput:
    """An announcer's recording (MP3, Ogg or WAV, at most 20 MB) replaces the synthesised audio until removed."""
    if not can_manage_channels(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền tải bản thu cho đợt lấy ý kiến này."), status=403)
    reason = secret_reason(consultation)
    if reason:
        raise DomainError("state_secret", reason, status=409)
    if upload.size is None or upload.size > MAX_RECORDING_BYTES:
        raise DomainError(
            "too_large",
            _("Tệp ghi âm lớn quá %(mb)d MB; vui lòng nén lại (MP3 hoặc Ogg) rồi tải lên.")
            % {"mb": MAX_RECORDING_BYTES // (1024 * 1024)},
            field="recording",
            status=413,
        )
    upload.seek(0)
    kind = _sniff(upload.read(16))
    if kind is None:
        raise DomainError(
            "not_audio", _("Tệp tải lên không phải tệp âm thanh MP3, Ogg hoặc WAV."), field="recording", status=415
        )
    with tempfile.TemporaryDirectory(prefix="policycomm-rec-") as tmp:
        path = Path(tmp) / f"in.{kind}"
        upload.seek(0)
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        seconds = _probe_seconds(path)
    if seconds is None or seconds <= 0:
        raise DomainError(
            "not_audio", _("Không đọc được tệp âm thanh; tệp bị hỏng hoặc không đúng định dạng."), field="recording"
        )
    if seconds > MAX_RECORDING_SECONDS:
        raise DomainError(
            "too_long", _("Bản thu dài quá 15 phút, quá dài cho một lần phát trên loa."), field="recording"
        )
    name = clean_line(upload.name or "") or "ban-thu"
    with transaction.atomic():
        out, _created = ChannelOutput.objects.select_for_update().get_or_create(
            consultation=consultation,
            kind=K.LOUDSPEAKER_AUDIO,
            lang=lang,
            defaults={"media_type": RECORDING_TYPES[kind], "made_at": timezone.now()},
        )
        old = [n for n in (out.file.name, out.preview.name) if n]
        upload.seek(0)
        out.file.save(file_name(consultation, "ban-thu", lang, kind), upload, save=False)
        out.preview = None
        out.media_type, out.duration_s, out.text = RECORDING_TYPES[kind], seconds, ""
        out.source, out.fingerprint, out.made_at, out.made_by = ChannelOutput.Source.HUMAN, "", timezone.now(), actor
        out.save()
        audit_record(
            actor=actor,
            action="channels.recording_upload",
            obj=out,
            organisation_id=consultation.document.drafting_body_id,
            after={"name": name[:200], "seconds": seconds, "format": kind},
        )
        if old:
            delete_on_commit(out, old)
    return out


def recording_remove(*, actor: Actor, consultation: Consultation, lang: str = "vi") -> None:
    """Remove the announcer's recording: the synthesised audio is made again in the background."""
    if not can_manage_channels(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền gỡ bản thu này."), status=403)
    with transaction.atomic():
        out = (
            ChannelOutput.objects.select_for_update()
            .filter(consultation=consultation, kind=K.LOUDSPEAKER_AUDIO, lang=lang, source=ChannelOutput.Source.HUMAN)
            .first()
        )
        if out is None:
            raise DomainError("no_recording", _("Chưa có bản thu của phát thanh viên để gỡ."), status=409)
        name = out.file.name
        storage = out.file.storage
        audit_record(
            actor=actor,
            action="channels.recording_remove",
            obj=out,
            organisation_id=consultation.document.drafting_body_id,
            before={"file": name, "seconds": out.duration_s},
        )
        out.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        transaction.on_commit(lambda: build_channel_kit.enqueue(consultation.pk, lang, False))


# -- "Đã sử dụng": the activity recorded from an output -----------------------------------------------


def _evidence(out: ChannelOutput) -> SimpleUploadedFile:
    if out.file:
        with out.file.open("rb") as fh:
            data = fh.read()
        return SimpleUploadedFile(Path(out.file.name).name, data, content_type=out.media_type)
    return SimpleUploadedFile(
        f"{out.kind.replace('_', '-')}-{out.consultation_id}.txt", out.text.encode(), content_type="text/plain"
    )


def output_use(
    *, actor: Actor, output: ChannelOutput, token: str, date: dt.date | None = None, channel: str = ""
) -> list[Activity]:
    """Record the communication activity of using an output (printed, broadcast, posted), with the output
    attached as evidence: one activity for each policy whose published material the kit was made from.
    The same form sent twice (same ``token``) records it once."""
    c = output.consultation
    if not can_manage_channels(actor, c):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận hoạt động truyền thông."), status=403)
    policies = list(
        c.document.policies.filter(
            materials__status=Material.Status.PUBLISHED, materials__state_secret=False, state_secret=False
        )
        .select_related("document__drafting_body")
        .distinct()
        .order_by("pk")
    )
    if not policies:
        raise DomainError("no_material", _("Chưa có tài liệu truyền thông được công khai để ghi nhận."), status=409)
    if not all(can_record_activity(actor, p) for p in policies):
        raise DomainError("forbidden", _("Bạn không có quyền ghi nhận hoạt động truyền thông."), status=403)
    if secret_reason(c):
        raise DomainError("state_secret", secret_reason(c) or "", status=409)
    if not token or len(token) > 40 or not token.isascii():
        raise DomainError("token_invalid", _("Biểu mẫu không hợp lệ, vui lòng tải lại trang."), status=400)
    activities = []
    with transaction.atomic():
        for p in policies:
            activities.append(
                activity_record(
                    actor=actor,
                    policy=p,
                    form=USE_FORMS[output.kind],
                    channel=channel or USE_CHANNELS[output.kind],
                    date=date or timezone.localdate(),
                    area=c.document.drafting_body.place_name,
                    evidence_file=_evidence(output),
                    idempotency_token=f"{token}:{output.kind}",
                )
            )
    return activities
