"""The screenshot simulator (docs/tools/colour_vision.py) against the known finding."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("colour_vision", ROOT / "docs" / "tools" / "colour_vision.py")
assert _SPEC and _SPEC.loader
colour_vision = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(colour_vision)


def test_old_red_and_green_turn_the_same_olive_for_a_deuteranope(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    Image.new("RGB", (2, 1)).save(shot)
    image = Image.open(shot)
    image.putpixel((0, 0), (0xC0, 0x39, 0x2B))  # the old red
    image.putpixel((1, 0), (0x1E, 0x84, 0x49))  # the old green
    image.save(shot)
    written = colour_vision.write_simulation(shot, "deutan")
    assert written.name == "shot-deuteranopia.png"
    red, green = (Image.open(written).getpixel((x, 0)) for x in (0, 1))
    # Machado 2009 deuteranopia, worked independently (issue #10): #827525 and #78704d.
    assert all(abs(a - b) <= 1 for a, b in zip(red, (0x82, 0x75, 0x25), strict=True))
    assert all(abs(a - b) <= 1 for a, b in zip(green, (0x78, 0x70, 0x4D), strict=True))


def test_white_and_black_are_unchanged_and_a_missing_file_is_reported(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    image = Image.new("RGB", (2, 1), (255, 255, 255))
    image.putpixel((1, 0), (0, 0, 0))
    seen = colour_vision.simulate(image, "tritan").convert("RGB")
    assert seen.getpixel((0, 0)) == (255, 255, 255) and seen.getpixel((1, 0)) == (0, 0, 0)
    assert colour_vision.main([str(tmp_path / "nope.png")]) == 2
    assert "No such image" in capsys.readouterr().err


def test_palette_table_lists_every_status() -> None:
    table = colour_vision.palette_table()
    for word in ("▲ Red", "◆ Amber", "● Green", "○ Grey", "– No report"):
        assert word in table
    assert "`#AB3415`" in table
