"""How a screenshot looks to someone with a colour-vision deficiency.

    python docs/tools/colour_vision.py docs/screenshots/pages/overview-1366x768-light.png
    python docs/tools/colour_vision.py --kind protan --out /tmp shot.png
    python docs/tools/colour_vision.py --palette

writes ``<name>-deuteranopia.png`` (or -protanopia / -tritanopia) beside the input, or into
``--out``. The simulation is Machado, Oliveira & Fernandes (2009) at full severity, a linear
map in linear-light sRGB; its 3×3 matrix is read off coloraide's implementation (the same
one tests/test_rag_style.py measures the palette with) by filtering the three primaries.
``--palette`` prints the RAG palette as each vision sees it, for docs/STYLE.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from coloraide import Color
from PIL import Image

KINDS = {"deutan": "deuteranopia", "protan": "protanopia", "tritan": "tritanopia"}


def vision_matrix(kind: str) -> np.ndarray:
    """The 3×3 linear-sRGB matrix of a deficiency: column j is what primary j becomes."""
    columns = []
    for primary in np.eye(3):
        seen = Color("srgb-linear", list(primary)).filter(kind, method="machado")
        columns.append(seen.convert("srgb-linear")[:3])
    return np.array(columns).T


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(image: Image.Image, kind: str = "deutan") -> Image.Image:
    """The image as seen with ``kind`` (deutan, protan or tritan); alpha is kept."""
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64) / 255.0
    linear = _to_linear(rgba[..., :3]) @ vision_matrix(kind).T
    out = np.concatenate([_to_srgb(linear), rgba[..., 3:]], axis=-1)
    return Image.fromarray(np.round(out * 255).astype(np.uint8), mode="RGBA")


def write_simulation(source: Path, kind: str = "deutan", out_dir: Path | None = None) -> Path:
    target = (out_dir or source.parent) / f"{source.stem}-{KINDS[kind]}.png"
    with Image.open(source) as image:
        simulate(image, kind).convert("RGB").save(target, optimize=True)
    return target


def palette_table() -> str:
    """A Markdown table: each status's colour and what each deficiency makes of it."""
    from dashboard.rag_style import RAG_ORDER, UNREPORTED, rag_style

    lines = ["| status | colour | " + " | ".join(KINDS.values()) + " |", "|---|---|---|---|---|"]
    for status in [*RAG_ORDER, None]:
        style = rag_style(status) if status else UNREPORTED
        seen = [Color(style.colour).filter(k, method="machado").convert("srgb").clip() for k in KINDS]
        cells = " | ".join(f"`{c.to_string(hex=True).upper()}`" for c in (Color(style.colour), *seen))
        lines.append(f"| {style.icon} {style.word} | {cells} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="*", type=Path, help="PNG screenshots to simulate")
    parser.add_argument("--kind", choices=sorted(KINDS), default="deutan")
    parser.add_argument("--out", type=Path, help="folder for the results (default: beside each input)")
    parser.add_argument("--palette", action="store_true", help="print the RAG palette as each vision sees it")
    args = parser.parse_args(argv)
    if args.palette:
        print(palette_table())
    missing = [str(p) for p in args.images if not p.is_file()]
    if missing:
        print(f"No such image: {', '.join(missing)}", file=sys.stderr)
        return 2
    for source in args.images:
        print(write_simulation(source, args.kind, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
