"""Written Vietnamese → the words an announcer says (for the loudspeaker script and its audio).

No Django. Numbers are read the Northern way ("linh", "không trăm"); num2words' ``lang="vi"`` reads
2026 as "hai nghìn lẻ hai mươi sáu" and 1,5 as "một phẩy năm mươi", so the reading is done here.

- ``number_words(2026)`` → "hai nghìn không trăm hai mươi sáu";
- dates ``15/12/2026`` → "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu";
- money ``1.500.000 đồng`` → "một triệu năm trăm nghìn đồng";
- ``Điều 5`` → "Điều năm", ``Chương II`` → "Chương hai";
- abbreviations (``UBND`` → "Ủy ban nhân dân"), units (``m²`` → "mét vuông"), ``%``;
- telephone numbers digit by digit, e-mail addresses with "a còng" and "chấm".
"""

from __future__ import annotations

import re

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")

#: Abbreviations as they are said. Longer keys first when one contains another.
ABBREVIATIONS: dict[str, str] = {
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "PBGDPL": "phổ biến, giáo dục pháp luật",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "TAND": "Tòa án nhân dân",
    "VKSND": "Viện kiểm sát nhân dân",
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "CCCD": "căn cước công dân",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "NĐ-CP": "Nghị định của Chính phủ",
    "QĐ-TTg": "Quyết định của Thủ tướng Chính phủ",
    "NQ-HĐND": "Nghị quyết của Hội đồng nhân dân",
    "QĐ-UBND": "Quyết định của Ủy ban nhân dân",
    "KH-UBND": "Kế hoạch của Ủy ban nhân dân",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TDP": "tổ dân phố",
    "STP": "Sở Tư pháp",
    "CP": "Chính phủ",
}

UNITS: dict[str, str] = {
    "m²": "mét vuông",
    "m2": "mét vuông",
    "km²": "ki-lô-mét vuông",
    "km": "ki-lô-mét",
    "ha": "héc-ta",
    "kg": "ki-lô-gam",
    "m³": "mét khối",
    "m": "mét",
    "cm": "xăng-ti-mét",
    "đ": "đồng",
    "VNĐ": "đồng",
    "VND": "đồng",
    "%": "phần trăm",
}

MONTHS = {4: "tư"}


def _tens_units(n: int, *, full: bool) -> str:
    """0–99 (``full``: a number after a hundred, a thousand… so 5 → "linh năm")."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        if unit == 0:
            return ""
        return f"linh {DIGITS[unit]}" if full else DIGITS[unit]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        tail = "lăm"
    elif unit == 1 and tens > 1:
        tail = "mốt"
    elif unit == 4 and tens > 1:
        tail = "tư"
    else:
        tail = DIGITS[unit]
    return f"{head} {tail}"


def _triple(n: int, *, full: bool) -> str:
    """0–999; ``full`` reads the hundreds even when zero ("không trăm"), as after a thousand."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds or full:
        parts.append(f"{DIGITS[hundreds]} trăm")
    tail = _tens_units(rest, full=bool(parts))
    if tail:
        parts.append(tail)
    return " ".join(parts)


def number_words(n: int) -> str:
    """A whole number in words: 2026 → "hai nghìn không trăm hai mươi sáu"."""
    if n < 0:
        return f"âm {number_words(-n)}"
    if n == 0:
        return DIGITS[0]
    if n >= 10**12:
        high, low = divmod(n, 10**9)
        rest = number_words(low) if low else ""
        return f"{number_words(high)} tỷ {rest}".strip()
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words.append(_triple(g, full=i != top))
        if SCALES[i]:
            words.append(SCALES[i])
    return " ".join(words)


def decimal_words(text: str) -> str:
    """A number as written in Vietnamese: "1.500.000" (dots group thousands), "1,5" (comma before decimals)."""
    whole, _, frac = text.partition(",")
    value = int(whole.replace(".", "")) if whole else 0
    spoken = number_words(value)
    if frac:
        frac = frac.rstrip("0") or "0"
        # "1,5" → "một phẩy năm"; "2,25" → "hai phẩy hai mươi lăm"; a leading zero is said.
        lead = len(frac) - len(frac.lstrip("0"))
        spoken += " phẩy " + " ".join([DIGITS[0]] * lead + ([number_words(int(frac))] if frac.lstrip("0") else []))
    return spoken


def month_words(m: int) -> str:
    return MONTHS.get(m, number_words(m))


def day_words(d: int) -> str:
    """Days 1–10 take "mồng" ("ngày mồng năm"), as they are said in the North."""
    return f"mồng {number_words(d)}" if d <= 10 else number_words(d)


def date_words(day: int, month: int, year: int | None = None) -> str:
    out = f"ngày {day_words(day)} tháng {month_words(month)}"
    if year is not None:
        out += f" năm {number_words(year)}"
    return out


def digits_words(text: str) -> str:
    """A telephone number digit by digit, a pause (comma) between the groups it is written in."""
    groups = [g for g in re.split(r"[\s.\-]+", text) if g]
    return ", ".join(" ".join(DIGITS[int(c)] for c in g if c.isdigit()) for g in groups)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(s: str) -> int | None:
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


# -- the text ----------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_PHONE = re.compile(r"(?<![\d.,/])(?:\+84|0|1[89]00)[\d .\-]{3,14}\d(?!\d|[,./]\d)")
#: "số 407/QĐ-TTg", "30/2020/NĐ-CP": the number is said, the year after it, the symbol is not.
_DOC_NUMBER = re.compile(r"(?<![\d/])(\d+)(?:/(\d{4}))?/[A-ZĐ][\w\-Đđ]*")
_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_TIME = re.compile(r"(?<!\d)(\d{1,2})(?:h|:)(\d{2})(?!\d)")
_HEADING = re.compile(r"\b(Chương|Phần|Mục|Điều|Khoản|Điểm|khoản|điều|chương)\s+([IVXLC]+|\d+)\b")
_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(?![\w])")
_UNIT_AFTER = re.compile(r"(?<=\d)\s?(km²|m²|m³|km|cm|kg|ha|m2|%|VNĐ|VND|đ)(?![\wà-ỹ])")
_PER = re.compile(r"(?<=[\wà-ỹ²³])/(?=(?:m²|m2|m³|km|kg|ha|m|tháng|năm|ngày|giờ|tuần|người|hộ|lần|xe|lượt)(?![\wà-ỹ]))")


def _abbreviations(text: str) -> str:
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        pattern = r"(?<![\w-])" + re.escape(short) + (r"(?![\w-])" if short[-1].isalnum() else "")
        text = re.sub(pattern, ABBREVIATIONS[short], text)
    return text


def _email(m: re.Match[str]) -> str:
    local, _, domain = m.group(0).partition("@")
    return f"{local.replace('.', ' chấm ')} a còng {domain.replace('.', ' chấm ')}"


def _phone(m: re.Match[str]) -> str:
    """Eight digits or more is a telephone number (read digit by digit); fewer is a number or a range."""
    found = m.group(0)
    return digits_words(found) if sum(c.isdigit() for c in found) >= 8 else found


def _heading(m: re.Match[str]) -> str:
    word, num = m.group(1), m.group(2)
    value = roman_value(num) if not num.isdigit() else int(num)
    return f"{word} {number_words(value)}" if value is not None else m.group(0)


def _date(m: re.Match[str]) -> str:
    d, mo = int(m.group(1)), int(m.group(2))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return m.group(0)
    y = int(m.group(3)) if m.group(3) else None
    return date_words(d, mo, y)


def _time(m: re.Match[str]) -> str:
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59:
        return m.group(0)
    return f"{number_words(h)} giờ" + (f" {number_words(mi)} phút" if mi else "")


def _number(m: re.Match[str]) -> str:
    return decimal_words(m.group(1) + (m.group(2) or ""))


def to_spoken(text: str) -> str:
    """The text as it is read aloud: no digit, no abbreviation, no symbol an announcer must interpret."""
    text = _URL.sub("trên cổng thông tin điện tử", text)
    text = _EMAIL.sub(_email, text)
    text = _PHONE.sub(_phone, text)
    text = _DOC_NUMBER.sub(
        lambda m: number_words(int(m.group(1))) + (f" năm {number_words(int(m.group(2)))}" if m.group(2) else ""), text
    )
    text = _abbreviations(text)
    # "ngày 15/12/2026" already says "ngày": the date reading brings its own.
    text = re.sub(r"\bngày\s+(?=\d{1,2}/\d{1,2})", "", text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _HEADING.sub(_heading, text)
    text = _PER.sub(" một ", text)
    text = re.sub(r"(?<=\d)\s*[-–]\s*(?=\d)", " đến ", text)
    text = _UNIT_AFTER.sub(lambda m: " " + UNITS[m.group(1)], text)
    text = re.sub(r"(?<=\s)(m²|m2|km²|m³)(?![\wà-ỹ])", lambda m: UNITS[m.group(1)], text)
    text = _NUMBER.sub(_number, text)
    text = text.replace("&", " và ").replace("+", " cộng ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s+([,.;:!?])", r"\1", text).strip()


def word_count(text: str) -> int:
    """Vietnamese is counted in syllables, each written as a word."""
    return len(re.findall(r"[\wà-ỹÀ-ỸđĐ]+(?:-[\wà-ỹ]+)*", text))
