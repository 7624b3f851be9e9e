"""A post's recording as readers are offered it: the player, the download link, and who
reads it, said wherever the recording goes (page, feeds, JSON-LD)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from babel.units import format_unit

from sitegen.model import AUDIO_TYPES, Narration
from sitegen.settings.config import SiteConfig
from sitegen.text.i18n import Catalog


@dataclass(frozen=True, slots=True)
class Audio:
    """The narrated version of a post: what the player and the download link show."""

    url: str
    type: str
    format: str
    """`MP3`, `OGG`…: as the download link names it."""
    length: int
    """Bytes; 0 when the file is elsewhere."""
    size: str
    """The length as the page's language writes it: « 3,2 Mo »."""
    synthetic: bool
    """Read by a synthetic voice (`audio: {voice: synthetic}`)."""
    model: str
    """The synthetic voice's speech model, when `audio:` names it."""
    label: str
    """« Voix de synthèse (model) » for a synthetic voice, shown wherever the recording is
    offered; empty otherwise."""


def recording(narration: Narration, url: str, config: SiteConfig, t: Catalog) -> Audio:
    """What readers of `t`'s language are told of `narration`, served at `url`."""
    suffix = PurePosixPath(urlsplit(narration.path).path).suffix.lower()
    length = recorded_length(narration, config)
    unit, scale = ("digital-megabyte", 1e6) if length >= 1e6 else ("digital-kilobyte", 1e3)
    size = format_unit(length / scale, unit, "short", "#,##0.#", locale=t.locale)
    return Audio(
        url=url,
        type=AUDIO_TYPES.get(suffix, "audio/mpeg"),
        format=suffix.lstrip(".").upper(),
        length=length,
        size=str(size) if length else "",
        synthetic=narration.synthetic,
        model=narration.model or "",
        label=_voice_label(narration, t),
    )


def recorded_length(narration: Narration, config: SiteConfig) -> int:
    """The size of the recording when it is one of the site's files (0 otherwise): the one
    thing a post's view reads beyond the model, so its key holds it too."""
    path = narration.path
    local = config.root / config.static_dir / path.lstrip("/")
    return local.stat().st_size if path.startswith("/") and local.is_file() else 0


def _voice_label(narration: Narration, t: Catalog) -> str:
    if not narration.synthetic:
        return ""
    model = t("disclosure_model", model=narration.model) if narration.model else ""
    return t("audio_synthetic_voice", model=model)
