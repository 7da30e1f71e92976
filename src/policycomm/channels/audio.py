"""The loudspeaker audio: the script spoken by espeak-ng's Vietnamese voice, as MP3 for the radio consoles.

espeak-ng (Debian) is the offline engine: no neural Vietnamese voice ships inside a PyPI or Debian package
(piper's voices are fetched from a model hub at run time). WAV from espeak-ng → ffmpeg (libmp3lame,
mono, 64 kbit/s) → MP3; the duration is read back with ffprobe.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: espeak-ng voice per language of the script.
VOICES = {"vi": "vi", "en": "en-gb"}
#: espeak-ng's rate (-s). Its Vietnamese voice, pauses included, says about 1.2 syllables a minute per
#: unit of rate: 120 gives some 145 words a minute, an announcer's pace.
RATE = 120
#: Extra pause between words, in units of 10 ms.
WORD_GAP = 1
MP3_BITRATE = "64k"
#: espeak-ng's amplitude (0–200, default 100): a little below full scale, so that peaks are not clipped.
AMPLITUDE = 85


class AudioUnavailableError(RuntimeError):
    """espeak-ng or ffmpeg is missing or failed."""


@dataclass(frozen=True)
class Audio:
    data: bytes
    media_type: str
    duration_s: float
    extension: str


def _exe(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AudioUnavailableError(f"Máy chủ chưa cài {name} nên chưa tạo được tệp âm thanh.")
    return path


def duration_of(path: Path) -> float:
    out = subprocess.run(  # noqa: S603 — our own executable and file
        [_exe("ffprobe"), "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return round(float(json.loads(out.stdout)["format"]["duration"]), 2)


def speak(script: str, *, lang: str = "vi", timeout: float = 120) -> Audio:
    """The script as MP3, with its duration in seconds."""
    voice = VOICES.get(lang, VOICES["vi"])
    with tempfile.TemporaryDirectory(prefix="policycomm-audio-") as tmp:
        text, wav, mp3 = Path(tmp) / "script.txt", Path(tmp) / "speech.wav", Path(tmp) / "speech.mp3"
        text.write_text(script, encoding="utf-8")
        try:
            subprocess.run(  # noqa: S603
                [
                    _exe("espeak-ng"),
                    "-v",
                    voice,
                    "-s",
                    str(RATE),
                    "-a",
                    str(AMPLITUDE),
                    "-g",
                    str(WORD_GAP),
                    "-b",
                    "1",
                    "-f",
                    str(text),
                    "-w",
                    str(wav),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
            subprocess.run(  # noqa: S603
                [
                    _exe("ffmpeg"),
                    "-nostdin",
                    "-loglevel",
                    "error",
                    "-y",
                    "-i",
                    str(wav),
                    "-ac",
                    "1",
                    "-ar",
                    "22050",
                    "-codec:a",
                    "libmp3lame",
                    "-b:a",
                    MP3_BITRATE,
                    str(mp3),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise AudioUnavailableError("Không tạo được tệp âm thanh từ bài đọc.") from exc
        return Audio(data=mp3.read_bytes(), media_type="audio/mpeg", duration_s=duration_of(mp3), extension="mp3")
