"""A task's time frame as written ("Quý IV/2023", "Hằng năm", "Sau khi tài liệu được phát hành") and parsed.

Pure Python. ``parse_timeframe`` returns a :class:`~policycomm.plans.schema.Timeframe`,
``{"kind": ...}`` with ``year``, ``quarter``, ``month``, ``date`` or ``start_year``/``end_year`` as the
text says; ``due`` gives the last day a dated time frame allows, for overdue tasks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from policycomm.analysis.normalise import fold

from .schema import Period, Timeframe

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_period(text: str | None) -> Period | None:
    """ "Từ năm 2025 đến năm 2027", "2025 - 2027", "giai đoạn 2022-2027" → start and end years."""
    if not text:
        return None
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    if len(years) >= 2 and years[0] <= years[1]:
        return {"start_year": years[0], "end_year": years[1]}
    if len(years) == 1:
        return {"start_year": years[0], "end_year": years[0]}
    return None


def parse_timeframe(text: str | None) -> Timeframe | None:
    if not text:
        return None
    f = fold(text).strip()
    if f.startswith("thuong xuyen") or f in ("lien tuc", "thuong xuyen, lien tuc"):
        return {"kind": "ongoing"}
    if f.startswith("hang nam"):  # "hằng năm", "hàng năm"
        return {"kind": "annual"}
    m = re.match(r"^(?:trong\s+)?quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam|-)\s*((?:19|20)\d\d)\.?$", f)
    if m:
        q = m.group(1)
        return {"kind": "quarter", "year": int(m.group(2)), "quarter": _ROMAN.get(q) or int(q)}
    m = re.match(r"^(?:trong\s+)?thang\s+(\d{1,2})\s*(?:/|nam|-)\s*((?:19|20)\d\d)\.?$", f)
    if m and 1 <= int(m.group(1)) <= 12:
        return {"kind": "month", "year": int(m.group(2)), "month": int(m.group(1))}
    m = re.match(r"^(?:trong\s+|ca\s+)?(?:nam\s+)?((?:19|20)\d\d)\.?$", f)
    if m:
        return {"kind": "year", "year": int(m.group(1))}
    m = re.match(r"^(?:truoc|cham nhat|han|truoc ngay|xong truoc)\D*?(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\.?$", f)
    if m:
        try:
            return {"kind": "deadline", "date": dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()}
        except ValueError:
            pass
    m = re.match(
        r"^(?:tu\s+|giai doan\s+|trong\s+)?(?:nam\s+)?((?:19|20)\d\d)\s*"
        r"(?:-|–|den|den nam)\s*(?:nam\s+)?((?:19|20)\d\d)\.?$",
        f,
    )
    if m and int(m.group(1)) <= int(m.group(2)):
        return {"kind": "period", "start_year": int(m.group(1)), "end_year": int(m.group(2))}
    return {"kind": "event", "text": text}


def due(parsed: Timeframe | None) -> dt.date | None:
    """The last day the time frame allows; None when it has no date (annual, ongoing, an event)."""
    if not parsed:
        return None
    kind = parsed["kind"]
    if kind == "year":
        return dt.date(parsed["year"], 12, 31)
    if kind == "period":
        return dt.date(parsed["end_year"], 12, 31)
    if kind == "quarter":
        month = parsed["quarter"] * 3
        return dt.date(parsed["year"], month, calendar.monthrange(parsed["year"], month)[1])
    if kind == "month":
        return dt.date(parsed["year"], parsed["month"], calendar.monthrange(parsed["year"], parsed["month"])[1])
    if kind == "deadline":
        return dt.date.fromisoformat(parsed["date"])
    return None
