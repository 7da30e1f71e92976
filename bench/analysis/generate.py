"""Generate a labelled Vietnamese consultation corpus of any size.

Usage: ``python bench/analysis/generate.py N OUT.jsonl [--seed S] [--chunk C]``

The text is real Vietnamese: sentences of the VLSP 2013 legal-information corpus that ships inside
``underthesea``, sentences of the seed documents in ``../shared/seeds/``, and templates of the way
citizens actually phrase comments on a draft ("Tôi không đồng ý với quy định tại Điều 5…",
"Đề nghị Ban soạn thảo làm rõ…"). Each line is one comment:

``{"id", "text", "num_items"?, "truth", "edit", "plain"}``

- ``truth``: the ground-truth group (a campaign's letter, or the comment itself when unique);
- ``edit``: how this copy differs from its campaign's letter (of 4-7 sentences): ``original``,
  ``signature`` (only the name and address differ), ``replace``, ``insert``, ``delete`` (one
  sentence), ``reorder``, ``opening`` (the sender's own first sentence), ``personal`` (a sentence of
  personal details), ``typo``, ``mixed``; ``unique`` for comments that belong to no campaign;
- ``plain``: true when the copy was typed without diacritics.

Campaign sizes follow a Zipf-like law (a few letters copied tens of thousands of times, many copied
a handful of times); about 55 % of comments belong to a campaign. Unique comments are a templated
opinion and clauses of real sentences. The pool holds about 3,700 clauses, so past a thousand or so
unique comments clauses repeat: two unique comments can share their opinion sentence and a clause.
Some unique comments quote the same draft provision with opposite opinions, the hard case for
precision.

Above ``--chunk`` comments (default 2,000,000) the corpus is made of independent corpora of that size
(seeds S, S+1, …) shuffled together through bucket files, so that memory stays that of one chunk.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Lương".split()
MIDDLE = "Văn Thị Hữu Đức Minh Ngọc Thanh Quốc Thu Xuân Hồng Kim Bảo Gia".split()
GIVEN = (
    "An Anh Bình Chi Cường Dũng Duyên Giang Hà Hải Hạnh Hiền Hiếu Hoa Hòa Hùng Hương Khánh Lan Linh Long "
    "Mai Minh Nam Nga Ngân Nhung Phong Phúc Phương Quân Quang Sơn Tâm Thảo Thắng Thủy Trang Trung Tuấn Vân Yến"
).split()
PLACES = (
    "Phường Phan Đình Phùng, tỉnh Thái Nguyên|Xã Đồng Hỷ, tỉnh Thái Nguyên|Phường Ba Đình, thành phố Hà Nội|"
    "Xã Thanh Bắc, thành phố Hà Nội|Phường Bến Thành, Thành phố Hồ Chí Minh|Xã Tân Phú, tỉnh Đồng Nai|"
    "Phường Hải Châu, thành phố Đà Nẵng|Xã Quảng Điền, thành phố Huế|Phường Ninh Kiều, thành phố Cần Thơ|"
    "Xã Mường Thanh, tỉnh Điện Biên|Phường Hồng Bàng, thành phố Hải Phòng|Xã Phú Lộc, tỉnh Lâm Đồng"
).split("|")
BODIES = ["Ban soạn thảo", "Bộ Tư pháp", "Sở Tư pháp", "Cơ quan chủ trì soạn thảo", "Tổ biên tập"]
SUBJECTS = [
    "lệ phí trước bạ",
    "thuế thu nhập cá nhân",
    "bảo hiểm xã hội một lần",
    "nhà ở xã hội",
    "giấy phép lái xe",
    "học phí",
    "đất nông nghiệp",
    "giá điện sinh hoạt",
    "thời giờ làm việc",
    "nồng độ cồn",
    "căn cước",
    "phí bảo trì đường bộ",
    "quảng cáo trên mạng xã hội",
    "xe máy điện",
    "bồi thường khi thu hồi đất",
    "tuổi nghỉ hưu",
    "lương tối thiểu vùng",
    "bảo hiểm y tế hộ gia đình",
    "thuế giá trị gia tăng",
    "đăng ký tạm trú",
    "phạt nguội",
    "thu phí không dừng",
    "sách giáo khoa",
    "dạy thêm học thêm",
    "khám chữa bệnh từ xa",
    "hòa giải ở cơ sở",
    "chung cư mini",
    "đất rừng sản xuất",
    "chăn nuôi trong khu dân cư",
    "karaoke",
    "thuốc lá điện tử",
    "rượu bia",
    "vỉa hè",
    "an toàn thực phẩm",
    "trẻ em đuối nước",
    "nước sạch nông thôn",
]
OPINIONS = {
    "support": [
        "Tôi hoàn toàn đồng ý với quy định về {s} tại Điều {d}.",
        "Tôi ủng hộ chính sách {s} trong dự thảo.",
        "Nhất trí với quy định về {s}, rất cần thiết.",
        "Tôi tán thành việc điều chỉnh {s} như dự thảo.",
        "Quy định mới về {s} là đúng đắn.",
        "Gia đình tôi đồng tình với Điều {d} về {s}.",
    ],
    "oppose": [
        "Tôi không đồng ý với quy định về {s} tại Điều {d}.",
        "Tôi phản đối việc tăng {s} như dự thảo.",
        "Quy định về {s} là không hợp lý.",
        "Không nên áp dụng quy định {s} từ năm tới.",
        "Chúng tôi không tán thành khoản {k} Điều {d} về {s}.",
        "Quy định {s} sẽ gây khó khăn cho người dân.",
    ],
    "change": [
        "Đề nghị Ban soạn thảo sửa khoản {k} Điều {d} về {s}.",
        "Kiến nghị bổ sung quy định về {s}.",
        "Đề nghị điều chỉnh mức {s} cho phù hợp với thu nhập của người dân.",
        "Nên quy định rõ thời hạn áp dụng đối với {s}.",
        "Đề xuất bỏ khoản {k} về {s}, thay bằng quy định khác.",
        "Cần xem xét lộ trình thực hiện {s} ở vùng sâu, vùng xa.",
    ],
    "question": [
        "Cho tôi hỏi quy định về {s} áp dụng từ khi nào?",
        "Đề nghị làm rõ khái niệm {s} tại Điều {d}.",
        "Tại sao lại quy định {s} như vậy?",
        "Xin hỏi người dân ở nông thôn thực hiện {s} như thế nào?",
        "Quy định {s} tại khoản {k} có áp dụng cho hộ kinh doanh không?",
    ],
}
OPENINGS = ["Kính gửi: {b}.", "Kính gửi {b},", "Kính gửi: {b} dự thảo Luật."]
#: A sender's own first sentence before the campaign's text (not a salutation: the normaliser keeps it).
OWN_OPENINGS = [
    "Tôi là cử tri ở {p}, xin gửi ý kiến về dự thảo như sau.",
    "Sau khi đọc kỹ dự thảo đăng trên cổng thông tin, tôi có một số ý kiến.",
    "Là người dân sống ở {p} nhiều năm, tôi mạnh dạn góp ý.",
    "Tôi đã theo dõi việc lấy ý kiến trên báo và xin được góp ý.",
    "Thay mặt gia đình, tôi xin có ý kiến với cơ quan soạn thảo.",
]
CLOSINGS = ["Trân trọng.", "Trân trọng cảm ơn!", "Xin chân thành cảm ơn.", "Trân trọng!"]
PERSONAL = [
    "Tôi là giáo viên đã nghỉ hưu.",
    "Gia đình tôi làm nông nghiệp nhiều năm nay.",
    "Tôi là công nhân làm việc tại khu công nghiệp.",
    "Tôi là chủ một hộ kinh doanh nhỏ.",
    "Tôi đã theo dõi dự thảo này trên Cổng thông tin điện tử.",
    "Tôi là cựu chiến binh.",
]


def _clean(line: str) -> str:
    line = re.sub(r"\*\*|^#+\s*|^[-•+]\s*", "", line.strip())
    return re.sub(r"\s+", " ", line)


def load_sentences() -> list[str]:
    """Real sentences: the VLSP 2013 test corpus shipped with underthesea, then the seed documents."""
    import underthesea

    corpus = Path(underthesea.__file__).parent / "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
    sentences: list[str] = []
    tokens: list[str] = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(_detok(tokens))
            tokens = []
            continue
        tokens.append(line.split("\t")[0])
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        for para in path.read_text(encoding="utf-8").splitlines():
            sentences.extend(re.split(r"(?<=[.;!?])\s+", _clean(para)))
    good = [s for s in sentences if 8 <= len(s.split()) <= 60 and not re.match(r"^[\dIVX]+\.?\s*$", s)]
    return sorted(set(good))


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\s+([.,;:!?)\]”])", r"\1", text)
    text = re.sub(r"([(\[“])\s+", r"\1", text)
    return text


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences = load_sentences()
        self.clauses = sorted({c.strip() for s in self.sentences for c in re.split(r"[,;:]", s) if len(c.split()) >= 5})
        # Provisions quoted by unique comments: each is quoted twice, once for and once against.
        pool = list(self.sentences)
        self.rng.shuffle(pool)
        self.quotes = pool[: len(pool) // 4]
        self.sentences = pool[len(pool) // 4 :]
        self.quoted: list[str] = []
        self._clause_deck: list[str] = []

    def fresh_clauses(self, k: int) -> list[str]:
        """Clauses drawn without replacement, so that unique comments do not share text by accident.

        The pool (about 3,700 clauses) runs out after a thousand or so unique comments and is
        reshuffled: from then on, unique comments may share a clause, which makes the corpus harder,
        not easier.
        """
        out = []
        for _ in range(k):
            if not self._clause_deck:
                self._clause_deck = list(self.clauses)
                self.rng.shuffle(self._clause_deck)
            out.append(self._clause_deck.pop())
        return out

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def opinion(self, stance: str | None = None) -> str:
        r = self.rng
        stance = stance or r.choice(list(OPINIONS))
        return r.choice(OPINIONS[stance]).format(s=r.choice(SUBJECTS), d=r.randint(1, 60), k=r.randint(1, 9))

    def letter(self) -> list[str]:
        """A campaign letter as a list of sentences (body only)."""
        r = self.rng
        body = [self.opinion()]
        body += r.sample(self.sentences, r.randint(2, 5))  # 4 to 7 sentences in all
        body.append(self.opinion())
        return body

    def signature(self) -> str:
        r = self.rng
        return f"{self.name()}, {r.choice(PLACES)}."

    def render(self, body: list[str], opening: str, closing: str, signature: str) -> str:
        return f"{opening}\n{' '.join(body)}\n{closing}\n{signature}"

    def typo(self, text: str) -> str:
        r = self.rng
        chars = list(text)
        for _ in range(r.randint(1, 3)):
            i = r.randrange(1, max(2, len(chars) - 1))
            op = r.random()
            if op < 0.4 and i + 1 < len(chars):
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            elif op < 0.7:
                del chars[i]
            else:
                chars.insert(i, chars[i])
        return "".join(chars)

    def copy(self, body: list[str], opening: str, closing: str) -> tuple[str, str, bool]:
        """A copy of a campaign letter with the edits campaigns really make, named by ``kind``.

        ``replace``, ``insert``, ``delete``: one sentence of the 4-7 replaced by, or joined by, another
        real sentence, or left out; ``reorder``: the sentences shuffled; ``opening``: the sender's own
        opening line; ``personal``: a sentence of personal details (family, work, where one lives);
        ``signature``: only the name and address differ; ``typo``: a few slips of the keyboard;
        ``mixed``: two of these. Any copy may be typed without diacritics (``plain``).
        """
        r = self.rng
        kinds = ["signature", "replace", "insert", "delete", "reorder", "opening", "personal", "typo", "mixed"]
        kind = r.choices(kinds, weights=[3, 2, 2, 2, 2, 2, 2, 2, 1])[0]
        steps = (
            r.sample(["replace", "insert", "delete", "reorder", "personal", "typo"], 2) if kind == "mixed" else [kind]
        )
        new = list(body)
        for step in steps:
            if step == "replace":
                new[r.randrange(len(new))] = r.choice(self.sentences)
            elif step == "insert":
                new.insert(r.randint(0, len(new)), r.choice(self.sentences))
            elif step == "personal":
                new.insert(r.randint(0, len(new)), r.choice(PERSONAL))
            elif step == "delete" and len(new) > 3:
                del new[r.randrange(len(new))]
            elif step == "reorder":
                r.shuffle(new)
        if kind == "opening":
            new.insert(0, r.choice(OWN_OPENINGS).format(p=r.choice(PLACES)))
        text = self.render(new, opening, closing, self.signature())
        if "typo" in steps:
            text = self.typo(text)
        plain = r.random() < 0.25
        if plain:
            text = strip_marks(text)
        return text, kind, plain

    def unique(self) -> tuple[str, bool]:
        r = self.rng
        shape = r.random()
        if shape < 0.35:  # a short opinion with its reasons
            text = f"{self.opinion()} {' '.join(c.capitalize() + '.' for c in self.fresh_clauses(2))}"
        elif shape < 0.40 and (self.quoted or self.quotes):
            # The same provision quoted for and against: precision's hard case.
            if self.quoted:
                text = f"{self.opinion('oppose')} {self.quoted.pop()}"
            else:
                quote = self.quotes.pop()
                self.quoted.append(quote)
                text = f"{self.opinion('support')} {quote}"
        else:
            parts = [self.opinion()] + [c.capitalize() + "." for c in self.fresh_clauses(r.randint(2, 7))]
            text = " ".join(parts)
            if r.random() < 0.3:
                text = (
                    f"{r.choice(OPENINGS).format(b=r.choice(BODIES))}\n{text}\n{r.choice(CLOSINGS)}\n{self.signature()}"
                )
        plain = r.random() < 0.25
        return (strip_marks(text) if plain else text), plain

    def campaign_sizes(self, n: int) -> list[int]:
        """Zipf-like campaign sizes filling about 55 % of n."""
        r = self.rng
        target = int(n * 0.55)
        sizes: list[int] = []
        total = 0
        while total < target:
            size = min(int(2 / (1 - r.random()) ** 1.1), max(2, target // 8), target - total)
            size = max(size, 2) if target - total >= 2 else target - total
            sizes.append(size)
            total += size
        return sizes

    def rows(self, n: int) -> list[dict]:
        """n labelled comments, campaign by campaign (not shuffled, without ids)."""
        r = self.rng
        rows: list[dict] = []
        for cid, size in enumerate(self.campaign_sizes(n)):
            body = self.letter()
            opening = r.choice(OPENINGS).format(b=r.choice(BODIES))
            closing = r.choice(CLOSINGS)
            rows.append(
                {
                    "text": self.render(body, opening, closing, self.signature()),
                    "truth": f"c{cid}",
                    "edit": "original",
                    "plain": False,
                }
            )
            for _ in range(size - 1):
                text, kind, plain = self.copy(body, opening, closing)
                rows.append({"text": text, "truth": f"c{cid}", "edit": kind, "plain": plain})
        uid = 0
        while len(rows) < n:
            text, plain = self.unique()
            rows.append({"text": text, "truth": f"u{uid}", "edit": "unique", "plain": plain})
            uid += 1
        return rows[:n]

    def finish(self, row: dict, i: int) -> dict:
        row["id"] = f"gy-{i:07d}"
        if self.rng.random() < 0.005:
            row["num_items"] = self.rng.randint(2, 500)
        return row

    def generate(self, n: int):  # type: ignore[no-untyped-def]
        rows = self.rows(n)
        self.rng.shuffle(rows)
        for i, row in enumerate(rows):
            yield self.finish(row, i)


def write_large(n: int, out: Path, seed: int, chunk: int) -> None:
    """n comments as independent corpora of ``chunk`` (seeds seed, seed+1, …), shuffled together.

    Memory stays that of one chunk: each chunk's rows go to a random one of k bucket files, then each
    bucket is shuffled and appended. A campaign's copies end up anywhere in the file, as in one corpus.
    """
    k = -(-n // chunk)
    shuffle = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix="generate-", dir=out.parent))
    buckets = [open(tmp / f"{b}.jsonl", "wb") for b in range(k)]  # noqa: SIM115
    try:
        for c in range(k):
            for row in Generator(seed + c).rows(min(chunk, n - c * chunk)):
                row["truth"] = f"{c}-{row['truth']}"
                buckets[shuffle.randrange(k)].write(orjson.dumps(row) + b"\n")
        for fh in buckets:
            fh.close()
        last = Generator(seed)
        i = 0
        with open(out, "wb") as fh:
            for b in range(k):
                lines = (tmp / f"{b}.jsonl").read_bytes().splitlines()
                shuffle.shuffle(lines)
                for line in lines:
                    fh.write(orjson.dumps(last.finish(orjson.loads(line), i)) + b"\n")
                    i += 1
    finally:
        for fh in buckets:
            fh.close()
        shutil.rmtree(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=407)
    ap.add_argument("--chunk", type=int, default=2_000_000, help="above this, independent corpora shuffled together")
    args = ap.parse_args()
    if args.n > args.chunk:
        write_large(args.n, Path(args.out), args.seed, args.chunk)
        print(f"wrote {args.n} comments to {args.out}", file=sys.stderr)
        return
    gen = Generator(args.seed)
    with open(args.out, "wb") as fh:
        for row in gen.generate(args.n):
            fh.write(orjson.dumps(row) + b"\n")
    print(f"wrote {args.n} comments to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
