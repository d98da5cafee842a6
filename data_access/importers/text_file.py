"""Read an import file's text whatever encoding a spreadsheet tool saved it in.

Why: Excel on Windows saves CSV as Windows-1252 ("CSV") or UTF-8 with a byte-order
mark ("CSV UTF-8"); exports from Jira and Trello are UTF-8 without one. A file that is
none of these is reported as a problem, never guessed into mojibake.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from data_access.importers.problems import Problem

# Bytes that Windows-1252 leaves undefined: a file containing them is not cp1252 text.
_UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes) -> tuple[str | None, str, list[Problem]]:
    """(text, encoding name, problems): UTF-8 (BOM stripped) first, then Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError as exc:
            return None, "utf-8-sig", [_encoding_problem(data, exc)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "utf-16", [Problem("file", "wrong encoding: UTF-16; save the file as UTF-8 (CSV UTF-8)")]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        if b"\x00" in data or any(byte in _UNDEFINED_IN_CP1252 for byte in data):
            return None, "unknown", [_encoding_problem(data, exc)]
        return data.decode("cp1252"), "windows-1252", []


def _encoding_problem(data: bytes, exc: UnicodeDecodeError) -> Problem:
    line = data[: exc.start].count(b"\n") + 1
    return Problem(
        f"line {line}",
        f"wrong encoding: byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 text; "
        "save the file as UTF-8 (CSV UTF-8)",
    )


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The decoded text of ``path`` (None when it cannot be read) and the problems found."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem("file", f"cannot be read: {exc.strerror or exc}")]
    text, _encoding, problems = decode_text(data)
    return text, problems


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, recorded in the import log."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
