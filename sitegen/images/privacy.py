"""What a published image leaves out: where it was taken, and by what and whom.

A phone writes the place a photo was taken (GPS), the camera's serial number and often the
owner's name into the file. The copy of an original the blog publishes keeps its pixels
byte for byte and loses that metadata: JPEG's EXIF, XMP and Photoshop blocks, PNG's and
WebP's EXIF and XMP. Only the orientation stays, without which a photo would show sideways.
The variants (`variants.py`) carry no metadata at all.
"""

from __future__ import annotations

import struct
import zlib

ORIENTATION = 0x0112
_EXIF_HEADER = b"Exif\x00\x00"
_XMP_HEADERS = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt")
_PNG_METADATA_KEYWORDS = (b"XML:com.adobe.xmp", b"Raw profile type exif", b"Raw profile type xmp")


def without_metadata(data: bytes) -> bytes:
    """The image's bytes without its metadata; the same bytes when it has none to leave out,
    or is not a JPEG, PNG or WebP file (or not one that can be read)."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(_PNG_SIGNATURE):
            return _png(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except (struct.error, IndexError, ValueError):
        pass  # a damaged file is copied as it is: a browser would not show it anyway
    return data


def _orientation_only(exif_data: bytes) -> bytes:
    """An EXIF block (TIFF data, with or without its `Exif` header) that keeps only the
    orientation; empty when it had none."""
    from PIL import Image

    exif = Image.Exif()
    exif.load(exif_data if exif_data.startswith(_EXIF_HEADER) else _EXIF_HEADER + exif_data)
    turned = exif.get(ORIENTATION)
    if not isinstance(turned, int) or turned == 1:
        return b""
    kept = Image.Exif()
    kept[ORIENTATION] = turned
    return kept.tobytes()  # with its `Exif` header


def _jpeg(data: bytes) -> bytes:
    parts, at, changed = [data[:2]], 2, False
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the pixels follow, copied as they are
            break
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        segment, payload = data[at : at + 2 + length], data[at + 4 : at + 2 + length]
        at += 2 + length
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            kept = _orientation_only(payload)
            changed |= kept != payload
            if kept:
                parts.append(b"\xff\xe1" + struct.pack(">H", len(kept) + 2) + kept)
            continue
        if (marker == 0xE1 and payload.startswith(_XMP_HEADERS)) or marker == 0xED:
            changed = True  # XMP may hold the place too; APP13 is Photoshop's IPTC block
            continue
        parts.append(segment)
    return b"".join(parts) + data[at:] if changed else data


def _png(data: bytes) -> bytes:
    parts, at, changed = [_PNG_SIGNATURE], len(_PNG_SIGNATURE), False
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        chunk, body = data[at : at + 12 + length], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"eXIf":
            kept = _orientation_only(body)[len(_EXIF_HEADER) :]
            changed |= kept != body
            if kept:
                parts.append(_png_chunk(kind, kept))
            continue
        if kind in _PNG_TEXT and body.split(b"\x00", 1)[0] in _PNG_METADATA_KEYWORDS:
            changed = True
            continue
        parts.append(chunk)
    return b"".join(parts) + data[at:] if changed else data


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _webp(data: bytes) -> bytes:
    parts, at, changed = [], 12, False
    while at + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[at : at + 8])
        padded = length + (length & 1)
        chunk, body = data[at : at + 8 + padded], data[at + 8 : at + 8 + length]
        at += 8 + padded
        if kind == b"EXIF":
            kept = _orientation_only(body)[len(_EXIF_HEADER) :]
            changed |= kept != body
            if kept:
                parts.append(_riff_chunk(kind, kept))
            continue
        if kind == b"XMP ":
            changed = True
            continue
        parts.append(chunk)
    if not changed:
        return data
    parts = [_flags(part, parts) if part[:4] == b"VP8X" else part for part in parts]
    body = b"WEBP" + b"".join(parts)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)


def _flags(vp8x: bytes, chunks: list[bytes]) -> bytes:
    """The extended header, its EXIF and XMP flags saying what the file still holds."""
    flags = vp8x[8] & ~0x0C
    if any(chunk[:4] == b"EXIF" for chunk in chunks):
        flags |= 0x08
    return vp8x[:8] + bytes([flags]) + vp8x[9:]
