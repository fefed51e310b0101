"""Which way up an image is, decided for a reader (:class:`hoso.ocr.reader._Reader`).

A blank image (almost no ink on its 100 dpi copy) is not read at all: Tesseract makes
words of the show-through of a blank back side, at 1.7 s a page on the independent corpus
(a tenth of its reading time), and the understanding discards them (a page the OCR stage
calls blank is a blank back, :mod:`hoso.understand.classify`).

The text-line profile (:func:`hoso.ocr.upright.profile_orientation`) settles A4-like text
pages it is sure about (a few ms). On other images whose text direction the row and column
profiles tell (two candidates, a half turn apart), the likelier candidate is read and kept
when it reads well (or reads poorly but still like text the right way up: upside-down text
never does), else both are put to the vote: Tesseract OSD is not asked there (on the
independent corpus's dev pages of that kind it was unsure on 55 of 111 and wrong on 27, and
skipping it cut the corpus's reading time by 9% with every decision the same). The
remaining images ask OSD (not cut-out cards, where it was confidently wrong on every back
side tried) and, when OSD is unsure or disagrees with the profile, or the first reading is
poor, the orientation is decided by reading: the candidates are read and the
best-scoring reading wins (:func:`elect`). Psm 3
reads text lines running up or down the image too, so a reading cannot tell a quarter turn
from the right one: when its words stand on end the two orientations across are put to the
vote (:func:`turn_sideways`).

Every reading after the first is a pass the page's time must afford
(:meth:`hoso.ocr.reader._Reader.affords`): when it does not, or such a pass fails, the
orientation is decided on the readings made so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from hoso.ocr import tess
from hoso.ocr.attempt import _Attempt, _pick
from hoso.ocr.upright import ProfileVerdict, profile_orientation

if TYPE_CHECKING:
    from hoso.ocr.reader import _Reader

_QUARTERS = (0, 90, 180, 270)
_ELECTION_PIXELS = 3_000_000  # larger images are read at half size for an election


def orient(r: _Reader) -> _Attempt:
    """The first reading, in the orientation decided as described in the module notes."""
    layout = r.look()
    if r.blank:  # not read: the understanding takes a blank page for a blank back
        return _Attempt(tess.OcrResult(), r.orig, 0, "blank", r.dpi)
    small_dpi = r.dpi / max(1, round(r.dpi / 100))
    verdict = profile_orientation(r.small, layout, r.opts.deskew_max_angle, small_dpi)
    if verdict.trusted and not r.paper:
        return _trusted(r, verdict)
    if r.paper:
        r.notes.append("orientation: a paper cut out of a photo, decided by reading")
    else:
        why = verdict.why or "no clear up/down evidence"
        r.notes.append(f"orientation: text-line profile not trusted ({why})")
    candidates = _candidates(verdict, guess=r.paper)
    if len(candidates) == 2 and ((verdict.sure and verdict.rotation in candidates) or not r.paper):
        return _confirmed(r, verdict, candidates)
    if not r.paper:
        return _by_osd(r, verdict, candidates)
    return elect(r, candidates)


def _trusted(r: _Reader, verdict: ProfileVerdict) -> _Attempt:
    """A text page the profile is sure about: read as it says, unless that reads poorly."""
    if verdict.rotation:
        r.notes.append(f"orientation: rotated {verdict.rotation}° (text-line profile)")
    first = r.read(verdict.rotation, "psm 3")
    if not r.weak(first):
        return first
    # a poor reading: re-check with OSD, then by reading
    try:
        rot = ask_osd(r)
        if rot is not None and rot != first.rotation and r.affords(f"a reading at {rot}°"):
            first = _pick(first, r.read(rot, f"{rot}°"), r.notes)
    except tess.TesseractFailed as exc:
        r.notes.append(f"orientation check failed ({exc}); first reading kept")
        return first
    if r.weak(first):  # still poor: the profile may be wrong, the others vote too
        votes = [first.rotation, 0, (verdict.rotation + 180) % 360]
        votes += [(first.rotation + 180) % 360, *([] if rot is None else [rot])]
        first = elect(r, list(dict.fromkeys(votes)), first)
    return first


def _candidates(verdict: ProfileVerdict, *, guess: bool) -> list[int]:
    """The orientations to try: across the text direction when the profiles tell it, the
    profile's guess first (it wins ties) when ``guess``, else upright first.

    The guess is taken on a paper cut out of a photo (on the independent corpus's dev
    pages it was right on 261 such papers, wrong on 94), not on an image that is not a text
    page (a card, a few lines): there a sure 180° was wrong on 134 of 139, and a paper put
    on the scanner is upright far more often than not (0° 176, 180° 19)."""
    if verdict.axis == "horizontal":
        candidates = [0, 180]
    elif verdict.axis == "vertical":
        candidates = [90, 270]
    else:
        candidates = list(_QUARTERS)
    if guess and verdict.rotation in candidates:  # the profile's guess first: it wins ties
        candidates.remove(verdict.rotation)
        candidates.insert(0, verdict.rotation)
    return candidates


def _confirmed(r: _Reader, verdict: ProfileVerdict, candidates: list[int]) -> _Attempt:
    """The first candidate (the profile's guess when it has one), confirmed by its
    reading (upside-down text never reads well: 10-16 against 75-90 on the test cards)
    or else put to the vote."""
    rot = candidates[0]
    first = r.read(rot, "psm 3")
    if not r.weak(first):
        guessed = verdict.sure and verdict.rotation == rot
        how = "text-line profile" if guessed else "text direction from the profiles"
        r.notes.append(
            f"orientation: {rot}° ({how}, confirmed by reading: score {first.score:.0f})"
        )
        return first
    return elect(r, candidates, first)


def _by_osd(r: _Reader, verdict: ProfileVerdict, candidates: list[int]) -> _Attempt:
    """OSD's answer, when it is sure, confirmed by its reading; else the candidates (OSD's
    first) put to the vote."""
    rot = ask_osd(r)
    if rot is not None and rot not in candidates:  # OSD is sure, the text direction
        candidates.insert(0, rot)  # guessed from the profiles less so: all vote
    agrees = not verdict.sure or verdict.rotation == rot
    if rot is not None and rot in candidates and agrees:
        first = r.read(rot, "psm 3")
        if not r.weak(first):
            r.notes.append(
                f"orientation: {rot}° (OSD, confirmed by reading: score {first.score:.0f})"
            )
            return first
        return elect(r, [rot, *(c for c in candidates if c != rot)], first)
    if rot is not None and rot in candidates:
        candidates.remove(rot)
        candidates.insert(0, rot)
    return elect(r, candidates)


def ask_osd(r: _Reader) -> int | None:
    """Clockwise rotation OSD is confident about, else None (also when the page's time
    cannot afford it)."""
    if not r.affords("OSD"):
        return None
    r.osd_done = True
    dpi = r.dpi
    half = r.orig.reduce(2) if dpi >= 250 else r.orig  # OSD is as good at half size
    path = tess.write_image(half, r.tmp)
    try:
        rot, conf = r.budget.run(
            lambda timeout: tess.osd(
                path,
                dpi=dpi // 2 if dpi >= 250 else dpi,
                timeout=timeout,
                cmd=r.opts.tesseract_cmd,
            )
        )
    finally:
        tess.remove_quietly(path)
    if conf >= r.opts.osd_min_confidence:
        r.notes.append(f"orientation: OSD says {rot}° (OSD confidence {conf:.1f})")
        return rot
    r.notes.append(f"orientation unsure (OSD says {rot}° with confidence {conf:.1f})")
    return None


def elect(
    r: _Reader, candidates: list[int], known: _Attempt | None = None, *, across: bool = True
) -> _Attempt:
    """Decide the orientation by reading: read the image in each candidate orientation
    and keep the best :attr:`_Attempt.vote` (earlier candidates win ties).

    Two candidates (the text direction is known): plain psm 3 readings, and the winner
    is the final reading; the first is read first, and when it reads like text the right
    way up (:func:`_upright_anyway`) the other is not read (on the load corpus's 36 such
    votes on papers cut out of photos, 11 were won so, by 60-93 against 8-20).

    Four candidates: psm 11 (sparse text) readings, because psm 3 finds vertical text
    lines by itself and reads a quarter-turned card as well as an upright one; the winner
    is then read with psm 3. A first psm 11 reading that votes at least 70 ends the vote
    (:data:`_SPARSE_UPRIGHT_VOTE`). Images over 3 megapixels are read at half size for the
    vote, then the winner at full size (unless a full size reading ``known`` is already
    there: the other candidate is then read at full size too).

    The first reading is made whatever the time; the others only while the page's time
    affords them (a failure among them ends the vote on the readings made); a pair that
    reads like nothing: :func:`_across_too` (unless not ``across``).
    """
    t0 = time.perf_counter()
    if _upright_anyway(candidates, known):
        return _kept_upright(r, known)
    psm = 3 if len(candidates) <= 2 else 11
    big = (
        r.orig.width * r.orig.height > _ELECTION_PIXELS
        and r.dpi >= 250
        and (known is None or psm == 11)
    )
    if known is None and psm == 3 and not big and len(candidates) == 2:
        known, settled = _first_of_pair(r, candidates, t0)
        if settled:
            return known
    attempts = _votes(r, candidates, psm, big, known)
    if not attempts:  # only ``known`` was there, and no other reading fitted
        assert known is not None
        return known
    if r.flatten(attempts):
        return elect(r, candidates, across=across)
    best = max(attempts, key=lambda a: a.vote)  # max keeps the first of equals
    votes = ", ".join(f"{a.rotation}° {a.vote:.0f}" for a in attempts)
    how = f"psm {psm}{' at half size' if big else ''}"
    r.notes.append(
        f"orientation: {best.rotation}° decided by reading ({how}: {votes}; "
        f"{time.perf_counter() - t0:.2f} s)"
    )
    if psm == 3 and not big:
        final = best
    elif known is not None and known.rotation == best.rotation:
        final = known
    else:
        final = _in_full(r, best)
    final.label = "psm 3"
    if across and len(candidates) == 2 and final.vote < _NOTHING_READ:
        return _across_too(r, final)
    return final


# A pair of candidates a half turn apart both reading under this: neither is the right way
# up (the right way up read at least 40 on 118 of 122 pairs of the independent corpus's
# dev pages). 9 of the 692 pair votes on dev20-25's pages read so: cards and papers
# photographed a quarter turn off, the text direction taken from profiles the photo fooled
_NOTHING_READ = 20.0


def _across_too(r: _Reader, attempt: _Attempt) -> _Attempt:
    """A pair a half turn apart that both read like nothing: the two orientations across
    are put to the vote and win when they read clearly better (dev21 14834, a land
    certificate photographed on a table, read at 90° and 270° for 0 and 12)."""
    across = sorted([(attempt.rotation + 90) % 360, (attempt.rotation + 270) % 360])
    why = f"{attempt.rotation}° and its half turn read like nothing (vote {attempt.vote:.0f})"
    return _vote_across(
        r, attempt, across, why, "", lambda o: o.vote >= max(_NOTHING_READ, attempt.vote + 10)
    )


def _kept_upright(r: _Reader, known: _Attempt | None) -> _Attempt:
    assert known is not None
    r.notes.append(
        f"orientation: {known.rotation}° kept (read poorly, score {known.score:.0f}, "
        f"but upside-down text reads under {_UPRIGHT_VOTE:.0f}): the half turn not read"
    )
    return known


def _first_of_pair(r: _Reader, candidates: list[int], t0: float) -> tuple[_Attempt, bool]:
    """The first of two candidates read; True when it reads like text the right way up:
    the half turn cannot win (:func:`_upright_anyway`) and is not read."""
    first = _votes(r, candidates[:1], 3, False, None)[0]
    if not _upright_anyway(candidates, first):
        return first, False
    r.notes.append(
        f"orientation: {first.rotation}° decided by reading ({first.rotation}° "
        f"{first.vote:.0f}: upside-down text reads under {_UPRIGHT_VOTE:.0f}, "
        f"the half turn not read; {time.perf_counter() - t0:.2f} s)"
    )
    first.label = "psm 3"
    return first, True


def _upright_anyway(candidates: list[int], known: _Attempt | None) -> bool:
    """A poor reading of a pair a half turn apart that still reads like text the right way
    up: upside-down text never does (its psm 3 vote was at most 27 on the independent
    corpus's dev pages, 275 of them; the right way up read at least 40 on 118 of 122), so
    the other of the pair need not be read."""
    return (
        known is not None
        and len(candidates) == 2
        and known.rotation in candidates
        and (candidates[0] - candidates[1]) % 180 == 0
        and known.vote >= _UPRIGHT_VOTE
    )


_UPRIGHT_VOTE = 40.0


def _votes(
    r: _Reader, candidates: list[int], psm: int, big: bool, known: _Attempt | None
) -> list[_Attempt]:
    """The readings of an election (see :func:`elect`): the first whatever the time, the
    others while the page's time affords them (a failure among them ends the vote)."""
    attempts: list[_Attempt] = []
    for rot in candidates:
        if known is not None and known.rotation == rot and psm == 3 and not big:
            attempts.append(known)
            continue
        read_one = bool(attempts) or known is not None
        if read_one and not r.affords(f"orientation vote: the reading at {rot}°"):
            break
        work = r.prepare(rot, note=False)
        run_dpi = r.dpi
        if big:
            work, run_dpi = work.reduce(2), r.dpi // 2
        try:
            attempts.append(_Attempt(r.run(work, psm, run_dpi), work, rot, f"{rot}°", run_dpi))
        except tess.TesseractFailed as exc:
            if not read_one:
                raise
            r.notes.append(f"orientation vote: the reading at {rot}° failed ({exc})")
            break
        if psm == 11 and not big and attempts[0].vote >= _SPARSE_UPRIGHT_VOTE:
            break  # the first reads as only the right way up does: the others cannot win
    return attempts


# A psm 11 vote over four quarter turns: on the independent corpus's dev pages (141 such
# votes) a first candidate that lost never read over 39, and no other candidate over 58;
# a first reading of at least 70 (65 of those votes, every one won by it) ends the vote.
_SPARSE_UPRIGHT_VOTE = 70.0


def _in_full(r: _Reader, best: _Attempt) -> _Attempt:
    """The election's winner read again with psm 3 at full size, when the time affords it
    (else, or when that fails, the vote's reading is kept)."""
    if not r.affords(f"the reading at {best.rotation}° made again in full"):
        return best
    try:
        return r.read(best.rotation, "psm 3")
    except tess.TesseractFailed as exc:
        r.notes.append(f"the full reading failed ({exc}); the vote's reading kept")
        return best


def turn_sideways(r: _Reader, attempt: _Attempt) -> _Attempt:
    """A reading whose words stand on end: Tesseract found the text lines running up
    or down the image and read them anyway, so reading could not tell this orientation
    from the right one a quarter turn away. The two orientations across are put to the
    vote; the sideways reading stays when they read no better."""
    across = [(attempt.rotation + 90) % 360, (attempt.rotation + 270) % 360]
    why = f"words read at {attempt.rotation}° stand on end"
    return _vote_across(
        r,
        attempt,
        across,
        why,
        " the words standing on end",
        lambda o: not o.sideways and o.vote >= 0.8 * attempt.vote,
    )


def _vote_across(
    r: _Reader,
    attempt: _Attempt,
    across: list[int],
    why: str,
    what: str,
    wins: Callable[[_Attempt], bool],
) -> _Attempt:
    """The two orientations ``across`` put to the vote (``why``, noted), their winner
    taken over ``attempt`` when it ``wins``; ``what`` names the vote where the page's time
    cannot afford it."""
    r.notes.append(f"orientation: {why}: {across[0]}° and {across[1]}° put to the vote")
    if not r.affords(f"the orientation vote across{what}"):
        return attempt
    try:
        other = elect(r, across, across=False)
    except tess.TesseractFailed as exc:
        r.notes.append(f"orientation vote across failed ({exc}); kept {attempt.rotation}°")
        return attempt
    if not wins(other):
        r.notes.append(f"orientation: kept {attempt.rotation}°")
        return attempt
    return other
