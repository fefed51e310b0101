"""Train the handwritten-digit classifier shipped as ``layers/core/hoso/ocr/digits.npz``.

    python infra/digits/train.py            # fetch the fonts, train, write the model
    python infra/digits/train.py --check    # accuracy only, nothing written

Training glyphs are digits drawn in the fonts below (``@fontsource`` packages from the npm
registry, pinned), none of which the independent evaluation corpus (``tests/corpus``) uses:
a test keeps the two lists apart, so the corpus's dev and holdout figures measure how the
classifier does on handwriting it was not trained on. Each glyph is distorted as scans and
photos distort them (size, slant, rotation, stroke width, blur, threshold, low resolution,
a guide line's dots cut off, specks) and cut out the way ``hoso.ocr.numbers`` cuts glyphs
out (binarised, cropped to the ink). A twelfth of the samples are "not one digit": two
digits touching, half a digit, a stray mark.

The network (one hidden layer of 192) is trained with Adam in NumPy, from a fixed seed: the
same fonts give the same weights. ``--check`` reports accuracy on glyphs of fonts left out
of training (each fold leaves a sixth of the fonts out).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "core"))

from hoso.ocr.digits import CLASSES, MODEL, REJECT, normalise  # noqa: E402

DIGITS = "0123456789"

CACHE = ROOT / ".hoso" / "digit-fonts"
VERSION = "5.3.0"
# handwriting faces: the shapes the classifier is for
HAND = (
    "kalam", "caveat", "gochi-hand", "indie-flower", "shadows-into-light",
    "architects-daughter", "itim", "mali", "gaegu", "nanum-pen-script", "coming-soon",
    "handlee", "short-stack", "schoolbell", "covered-by-your-grace", "reenie-beanie",
    "just-another-hand", "neucha",
)  # fmt: skip
# typed faces: number fields are typed too, and the classifier votes on them
TYPED = (
    "roboto", "noto-serif", "courier-prime", "special-elite", "ibm-plex-mono", "lato",
    "merriweather", "pt-serif", "open-sans", "cutive-mono",
)  # fmt: skip
FONTS = HAND + TYPED


def fetch(stem: str) -> Path:
    """The font's Latin regular face as TTF (npm pack, WOFF converted by fontTools)."""
    out = CACHE / f"{stem}.ttf"
    if out.is_file():
        return out
    from fontTools.ttLib import TTFont

    CACHE.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the training fonts")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"@fontsource/{stem}@{VERSION}", "--pack-destination", tmp, "--silent"],
            check=True,
            capture_output=True,
        )
        with tarfile.open(next(Path(tmp).glob("*.tgz"))) as tar:
            tar.extractall(tmp, filter="data")
        font = TTFont(str(Path(tmp) / "package" / "files" / f"{stem}-latin-400-normal.woff"))
        font.flavor = None
        font.save(str(out))
    return out


# ------------------------------------------------------------------------- samples


def _draw(font_path: Path, text: str, size: int) -> Image.Image:
    font = ImageFont.truetype(str(font_path), size)
    img = Image.new("L", (size * (len(text) + 2), size * 3), 0)
    ImageDraw.Draw(img).text((size, size // 2), text, font=font, fill=255)
    return img


def _stroke(arr: np.ndarray) -> int:
    """The median horizontal run of ink: the stroke width."""
    runs = []
    for row in arr:
        edges = np.flatnonzero(np.diff(np.concatenate([[0], row > 127, [0]]).astype(np.int8)))
        runs += list(edges[1::2] - edges[::2])
    return max(2, int(np.median(runs))) if runs else 3


def _hand_style(img: Image.Image, digit: str, rng: random.Random) -> Image.Image:
    """Shapes common in Vietnamese handwriting that fonts rarely draw: a 7 crossed at its
    middle, a 1 with a long flag and a foot."""
    if digit not in "17" or rng.random() > 0.4:
        return img
    arr = np.asarray(img)
    ys, xs = np.nonzero(arr > 127)
    y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
    h, sw = y1 - y0, _stroke(arr)
    draw = ImageDraw.Draw(img)
    if digit == "7":
        ym = y0 + round(h * rng.uniform(0.45, 0.6))
        stem = np.flatnonzero(arr[ym] > 127)
        cx = int(stem.mean()) if len(stem) else (x0 + x1) // 2
        half = round(h * rng.uniform(0.18, 0.3))
        draw.line((cx - half, ym, cx + half, ym + rng.randint(-2, 2)), fill=255, width=sw)
    else:
        top = np.flatnonzero(arr[y0 + 1] > 127)
        cx = int(top.mean()) if len(top) else (x0 + x1) // 2
        if rng.random() < 0.8:
            flag = round(h * rng.uniform(0.25, 0.45))
            draw.line((cx, y0, cx - flag, y0 + round(flag * 0.8)), fill=255, width=sw)
        if rng.random() < 0.5:
            bot = np.flatnonzero(arr[y1 - 1] > 127)
            bx = int(bot.mean()) if len(bot) else cx
            half = round(h * rng.uniform(0.15, 0.25))
            draw.line((bx - half, y1 - sw // 2, bx + half, y1 - sw // 2), fill=255, width=sw)
    return img


def _distort(img: Image.Image, rng: random.Random) -> Image.Image | None:
    """Ink 255 on 0 in, a binarised glyph cropped to its ink out (None: nothing left)."""
    w, h = img.size
    shear = rng.uniform(-0.3, 0.3)
    img = img.transform((w, h), Image.Transform.AFFINE, (1, shear, -shear * h / 2, 0, 1, 0))
    img = img.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BILINEAR)
    sx = rng.uniform(0.75, 1.25)
    img = img.resize((max(1, round(w * sx)), h), Image.Resampling.BILINEAR)
    stroke = rng.random()
    if stroke < 0.25:
        img = img.filter(ImageFilter.MaxFilter(3))
    elif stroke < 0.4:
        img = img.filter(ImageFilter.MinFilter(3))
    if rng.random() < 0.4:  # low resolution
        f = rng.uniform(0.45, 0.8)
        small = img.resize((max(1, round(img.width * f)), max(1, round(img.height * f))))
        img = small.resize(img.size, Image.Resampling.BILINEAR)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0, 1.0)))
    arr = np.asarray(img, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 12), arr.shape)
    bw = (arr + noise) > rng.uniform(100, 160)
    ys, xs = np.nonzero(bw)
    if len(ys) < 8:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    if rng.random() < 0.15:  # a guide line's dots cut off the bottom
        cut = y1 - round((y1 - y0) * rng.uniform(0.0, 0.12))
        bw[max(y0, cut - 2) : cut + 1, :] = False
    if rng.random() < 0.3:  # a dotted guide line under the glyph, merged with it
        dot = max(2, round((y1 - y0) * rng.uniform(0.05, 0.1)))
        pitch = dot * rng.uniform(1.8, 3.0)
        base = y1 + rng.randint(-dot, dot)
        x = x0 + rng.uniform(0, pitch)
        while x < x1 - dot:
            bw[max(0, base - dot) : base, round(x) : round(x) + dot] = True
            x += pitch
    if rng.random() < 0.2:  # specks
        for _ in range(rng.randint(1, 3)):
            yy, xx = rng.randrange(y0, y1), rng.randrange(x0, x1)
            bw[yy : yy + 2, xx : xx + 2] = True
    ys, xs = np.nonzero(bw)
    if len(ys) < 8:
        return None
    crop = bw[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return Image.fromarray((crop * 255).astype(np.uint8), "L")


def _half(img: Image.Image, rng: random.Random) -> Image.Image:
    ys, xs = np.nonzero(np.asarray(img))
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    if rng.random() < 0.5:
        m = rng.randint(x0 + (x1 - x0) // 3, x0 + 2 * (x1 - x0) // 3)
        return img.crop((x0, y0, m, y1)) if rng.random() < 0.5 else img.crop((m, y0, x1, y1))
    m = rng.randint(y0 + (y1 - y0) // 3, y0 + 2 * (y1 - y0) // 3)
    return img.crop((x0, y0, x1, m)) if rng.random() < 0.5 else img.crop((x0, m, x1, y1))


def samples(fonts: list[Path], per_digit: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    feats: list[np.ndarray] = []
    labels: list[int] = []
    for fp in fonts:
        for k, d in enumerate(CLASSES):
            for _ in range(per_digit):
                g = _distort(_hand_style(_draw(fp, d, rng.randint(28, 64)), d, rng), rng)
                if g is not None:
                    feats.append(normalise(g))
                    labels.append(k)
        for _ in range(per_digit):  # not one digit
            size = rng.randint(28, 64)
            r = rng.random()
            if r < 0.5:  # two digits touching
                text = rng.choice(DIGITS) + rng.choice(DIGITS)
                g = _distort(_draw(fp, text, size), rng)
            elif r < 0.85:
                g = _distort(_half(_draw(fp, rng.choice(DIGITS), size), rng), rng)
            else:  # a stray mark
                g = _distort(_draw(fp, rng.choice("-~.,'_"), size), rng)
            if g is not None:
                feats.append(normalise(g))
                labels.append(REJECT)
    return np.stack(feats), np.array(labels)


# ------------------------------------------------------------------------- network


def train(
    x: np.ndarray, y: np.ndarray, seed: int, epochs: int = 30, hidden: int = 192
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_in, n_out = x.shape[1], REJECT + 1
    params = {
        "w1": rng.normal(0, np.sqrt(2 / n_in), (n_in, hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, np.sqrt(2 / hidden), (hidden, n_out)).astype(np.float32),
        "b2": np.zeros(n_out, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    lr, b1, b2, eps, step = 2e-3, 0.9, 0.999, 1e-8, 0
    onehot = np.eye(n_out, dtype=np.float32)[y]
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        rate = lr * (0.5 ** (epoch // 10))
        for i in range(0, len(x), 256):
            idx = order[i : i + 256]
            xb, tb = x[idx], onehot[idx]
            h = np.maximum(xb @ params["w1"] + params["b1"], 0)
            z = h @ params["w2"] + params["b2"]
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - tb) / len(idx)
            grads = {
                "w2": h.T @ dz + 1e-4 * params["w2"],
                "b2": dz.sum(0),
            }
            dh = (dz @ params["w2"].T) * (h > 0)
            grads["w1"] = xb.T @ dh + 1e-4 * params["w1"]
            grads["b1"] = dh.sum(0)
            step += 1
            for k in params:
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
                mh = m[k] / (1 - b1**step)
                vh = v[k] / (1 - b2**step)
                params[k] -= (rate * mh / (np.sqrt(vh) + eps)).astype(np.float32)
    return params


def predict(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = np.maximum(x @ params["w1"] + params["b1"], 0)
    return np.asarray((h @ params["w2"] + params["b2"]).argmax(axis=1))


def report(name: str, params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> None:
    pred = predict(params, x)
    digits = y != REJECT
    acc = float((pred[digits] == y[digits]).mean())
    rej = float((pred[~digits] == REJECT).mean()) if (~digits).any() else float("nan")
    print(f"{name}: digits right {acc:.1%} ({digits.sum()}), not-a-digit caught {rej:.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fold accuracy only, write nothing")
    ap.add_argument("--per-digit", type=int, default=150)
    ap.add_argument("--eval-fonts", nargs="*", default=[], help="extra TTFs to report on")
    args = ap.parse_args()
    fonts = [fetch(s) for s in FONTS]
    if args.check:
        folds = 6
        for f in range(folds):
            test = fonts[f::folds]
            tr = [p for p in fonts if p not in test]
            x, y = samples(tr, args.per_digit, seed=1 + f)
            params = train(x, y, seed=f)
            xt, yt = samples(test, 40, seed=100 + f)
            report(f"fold {f} ({', '.join(p.stem for p in test)})", params, xt, yt)
        return
    x, y = samples(fonts, args.per_digit, seed=1)
    print(f"{len(x)} samples from {len(fonts)} fonts", file=sys.stderr)
    params = train(x, y, seed=0)
    report("training fonts", params, *samples(fonts, 20, seed=99))
    for extra in args.eval_fonts:
        report(Path(extra).stem, params, *samples([Path(extra)], 60, seed=7))
    np.savez_compressed(MODEL, **params)
    print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
