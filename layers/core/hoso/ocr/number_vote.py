"""The vote on a number field's readings (:mod:`hoso.ocr.numbers`, step 5): glyph by
glyph, then what replaces the first reading (a number, or a possible date)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from hoso.ocr.number_candidates import _DATE, _DATE_SHAPE, LONGEST, MIN_DIGITS, Candidate
from hoso.ocr.number_glyphs import Glyphs
from hoso.ocr.number_variants import Reading, Variant

SPLIT_VOTE = 0.25  # under this share of readings agreeing, a shorter number is no better


@dataclass
class Vote:
    text: str
    agree: int  # complete readings giving exactly ``text``
    total: int  # complete readings
    alts: list[str]
    winners: list[str] = field(default_factory=list)  # each reference glyph's reading


def vote(readings: list[Reading], n_ref: int) -> Vote:
    """Glyph by glyph: each reference glyph's commonest reading (several digits for glyphs
    that are really two touching digits, nothing for a stray mark); ties go to the
    earlier reading (the reference segmentation first)."""
    winners: list[str] = []
    runners: list[tuple[float, int, str]] = []
    for i in range(n_ref):
        opinions = [
            (r.per_glyph[i], r.weights[i] if r.weights else r.weight)
            for r in readings
            if r.per_glyph[i] is not None
        ]
        c: dict[str, float] = {}
        for o, w in opinions:
            if o is not None:
                c[o] = c.get(o, 0.0) + w
        if not c:
            winners.append("")
            continue
        order = [o for o, _ in opinions]
        ranked = sorted(c.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
        winners.append(ranked[0][0])
        if len(ranked) > 1:
            runners.append((ranked[1][1] / sum(c.values()), i, ranked[1][0]))
    text = "".join(winners)
    full = [r.text for r in readings if r.complete]
    texts = Counter(full)
    alts = [t for t, _ in texts.most_common() if t != text and t]
    for _share, i, alt in sorted(runners, reverse=True):  # one glyph read otherwise
        other = "".join(alt if k == i else w for k, w in enumerate(winners))
        if other not in alts and other != text and other:
            alts.append(other)
    return Vote(text, texts.get(text, 0), len(full), alts[:4], winners)


@dataclass
class Reread:
    """The outcome of re-reading one candidate."""

    text: str
    conf: float
    alts: list[str]
    x0: float  # region replaced, in the page image
    x1: float
    comb: int  # cells of a comb (0: written free)
    note: str
    whole: bool = False  # the field reaches past the run: every token over it is replaced
    unanimous: bool = False  # every reading gave ``text``


@dataclass
class _Job:
    cand: Candidate
    variants: list[Variant]
    ref: Glyphs
    offset: int  # x of the band in the page image
    raw: str  # the first reading's digits (look-alikes mapped)
    raw_conf: float  # its lowest word confidence
    seconds: float
    readings: list[Reading] = field(default_factory=list)
    shapes: list[Reading] = field(default_factory=list)  # the digit classifier's
    span_end: float = 0.0  # right end of the run in the band (glyphs past it: reached)
    first: str = ""  # the first reading, look-alikes mapped, slashes kept (dates)

    @property
    def x_range(self) -> tuple[float, float]:
        if self.ref.comb is not None:
            a, b = self.ref.comb.cells[0][0], self.ref.comb.cells[-1][1]
        else:
            a, b = self.ref.xs[0][0], self.ref.xs[-1][1]
        return float(a + self.offset), float(b + self.offset)


def _no_slash(r: Reading) -> Reading:
    """A shape reading with its "/" opinions dropped (a number has no slashes)."""
    if "/" not in r.per_glyph:
        return r
    per = [None if g == "/" else g for g in r.per_glyph]
    return Reading(r.label, per, r.conf, r.weight, r.weights)


def _decide(job: _Job) -> Reread | str:
    """The vote on one candidate's readings (the first reading votes too when it has as
    many digits as there are glyphs); a string says why nothing usable came out."""
    if job.cand.kind == "date":
        return _decide_date(job)
    readings = list(job.readings) + [_no_slash(r) for r in job.shapes]
    n_ref = len(job.ref.images)
    if len(job.raw) == n_ref:  # worth 1 to 3 readings, by its confidence
        readings.append(Reading("first", list(job.raw), job.raw_conf, 1 + job.raw_conf / 50))
    v = vote(readings, n_ref)
    if len(v.text) < MIN_DIGITS:
        return f"{len(v.text)} digits read"
    share = v.agree / max(1, v.total)
    if job.ref.comb is None and share < SPLIT_VOTE and len(v.text) < len(job.raw) <= LONGEST:
        # the glyphs cut otherwise than the first reading's digits (two merged), and
        # hardly a reading agrees: "2888555" for a first "093188805655" (a first reading
        # longer than any number on these papers has a digit too many: the vote stands)
        return f"{len(v.text)} digits by {v.agree}/{v.total} readings, fewer than read first"
    text, alts = v.text, v.alts
    if job.ref.comb is None and len(job.raw) == LONGEST < len(v.text):
        text, share, alts = _within_first(v, job.raw, readings)
    conf = round(40 + 55 * share, 1)
    comb = len(job.ref.comb.cells) if job.ref.comb is not None else 0
    x0, x1 = job.x_range
    where = f"a comb of {comb} cells" if comb else "written free"
    note = f"number re-read ({where}): {len(v.text)} digits, {v.agree}/{v.total} readings agree"
    if text != v.text:
        note += f"; {len(text)} kept, as read first ({round(100 * share)}% agree on them)"
    whole = bool(comb) or job.ref.xs[-1][1] > job.span_end + 2
    return Reread(text, conf, alts, x0, x1, comb, note, whole, unanimous=share == 1)


def _within_first(v: Vote, raw: str, readings: list[Reading]) -> tuple[str, float, list[str]]:
    """The first reading found an ID number's twelve digits, the glyphs give more: a mark
    at the number's end (";", "|", "(") or a label's letter read as a digit ("056097890006;"
    voted "0560978900061"). The twelve consecutive voted digits nearest the first reading
    are the number; where they differ from it and few readings agree, the first reading
    stays, the voted twelve its other reading. Returns (text, share agreeing, alts)."""
    windows = [v.text[i : i + LONGEST] for i in range(len(v.text) - LONGEST + 1)]
    best = min(windows, key=lambda w: sum(a != b for a, b in zip(w, raw, strict=True)))
    full = [r.text for r in readings if r.complete]

    def share(text: str) -> float:
        return sum(text in t for t in full) / max(1, len(full))

    if best != raw and share(best) < SPLIT_VOTE:
        return raw, share(raw), [best, *(a for a in v.alts if a != raw)][:4]
    return best, share(best), [a for a in (raw, *v.alts) if a != best][:4]


def _decide_date(job: _Job) -> Reread | str:
    """A date's glyphs: the two slashes are the glyphs most shape readings call "/" (or,
    failing that, where the first reading has them when it has a character per glyph);
    the digits between are voted on like a number's. The result must be a possible date
    (dd/mm/yyyy, 19xx or 20xx), else the first reading stays."""
    n_ref = len(job.ref.images)
    first = job.first if len(job.first) == n_ref else ""
    votes = [sum(1 for r in job.shapes if r.per_glyph[i] == "/") for i in range(n_ref)]
    seps = [i for i in range(n_ref) if 2 * votes[i] > len(job.shapes)]
    if len(seps) != 2 and first.count("/") == 2:
        seps = [i for i, ch in enumerate(first) if ch == "/"]
    if len(seps) != 2:
        return "a date whose slashes were not found"

    def blank(r: Reading) -> Reading:  # no opinion on the slashes' glyphs
        per = [None if i in seps or g == "/" else g for i, g in enumerate(r.per_glyph)]
        return Reading(r.label, per, r.conf, r.weight, r.weights)

    readings = [blank(r) for r in (*job.readings, *job.shapes)]
    if first:
        readings.append(blank(Reading("first", list(first), job.raw_conf, 1 + job.raw_conf / 50)))
    v = vote(readings, n_ref)
    parts = ["/" if i in seps else v.winners[i] for i in range(n_ref)]
    text = "".join(parts)
    kept = range(n_ref)
    if not _DATE.fullmatch(text) and job.ref.comb is None and not _DATE.search(job.first):
        kept = _date_glyphs(parts, seps)
        text = "".join(parts[i] for i in kept)
    if not _DATE.fullmatch(text):
        return f"a date read as {''.join(parts)!r}"
    digit_glyphs = [i for i in kept if i not in seps]
    full = [r for r in readings if all(r.per_glyph[i] is not None for i in digit_glyphs)]
    agree = sum(1 for r in full if all(r.per_glyph[i] == v.winners[i] for i in digit_glyphs))
    conf = round(40 + 55 * agree / max(1, len(full)), 1)
    alts = []
    for r in full:
        alt = "".join("/" if i in seps else (r.per_glyph[i] or "") for i in kept)
        if alt != text and alt not in alts and _DATE_SHAPE.fullmatch(alt):
            alts.append(alt)
    x0, x1 = job.x_range
    note = f"date re-read: {agree}/{len(full)} readings agree"
    if len(kept) < n_ref:  # the band ran into the next field: its glyphs are not the date's
        x0, x1 = job.ref.xs[kept[0]][0] + job.offset, job.ref.xs[kept[-1]][1] + job.offset
        note += f" (read as {''.join(parts)!r}: {n_ref - len(kept)} glyph(s) past it left out)"
    whole = job.ref.xs[kept[-1]][1] > job.span_end + 2
    unanimous = bool(full) and agree == len(full)
    return Reread(text, conf, alts[:4], float(x0), float(x1), 0, note, whole, unanimous)


def _date_glyphs(parts: list[str], seps: list[int]) -> range:
    """The glyphs of a date whose band reached past it ("26/08/1974366": the next field's
    "3." and a dot read on; ``parts`` each glyph's reading, ``seps`` its slashes): the
    day's last two digits before the first slash, the year's four after the second, a
    glyph read as two digits counted as two. Glyphs past those are not the date's."""
    lo, chars = seps[0], 0
    while lo > 0 and chars + len(parts[lo - 1]) <= 2:
        lo -= 1
        chars += len(parts[lo])
    hi, chars = seps[1] + 1, 0
    while hi < len(parts) and chars < 4:
        chars += len(parts[hi])
        hi += 1
    return range(lo, hi)
