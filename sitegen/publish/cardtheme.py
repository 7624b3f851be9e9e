"""The theme's fonts and colors, as the share cards take them (`cardimage.py` draws with
them): the fonts of its `fonts/` folder and the colors of its stylesheet, the blog's own
files first, then the default theme's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.project.errors import Problems
from sitegen.project.files import MAX_COPIED_BYTES, read_bytes
from sitegen.publish.cardimage import COMPRESSION, LAYOUT, RGB, Palette
from sitegen.publish.cardtype import CardFonts
from sitegen.state.cache import key
from sitegen.theme.folders import THEME_ASSETS, Theme

SERIF = ("source-serif-4-latin-wght-normal.woff2", "source-serif-4-latin-ext-wght-normal.woff2")
SANS = ("inter-latin-wght-normal.woff2", "inter-latin-ext-wght-normal.woff2")
"""The theme's fonts the cards are set in: each family's Latin file, then its Latin
Extended one for the characters the first lacks."""
STYLES = "css/site.css"
COLORS = ("bg", "text", "accent", "ai", "ai-soft", "warn", "warn-soft")
"""The custom properties of the stylesheet's `:root` the cards take their colors from."""
DEFAULT_COLORS = ("#fbfaf7", "#1f2328", "#0b5cad", "#5b3c99", "#f1ebfb", "#7a4b00", "#fff4dc")
"""The default theme's light colors, for a stylesheet without them all."""


@dataclass(frozen=True, slots=True)
class CardTheme:
    """What every card is drawn with."""

    fonts: CardFonts
    palette: Palette
    key: str
    """The digest of the font files' bytes, the colors and the drawing's version: in every
    card's key."""


def card_theme(theme: Theme, problems: Problems) -> CardTheme | None:
    """The fonts and colors of the theme's cards: its own files, else the default theme's;
    None (said) when a font is missing from both."""
    serif, sans = _fonts(theme, SERIF), _fonts(theme, SANS)
    if not serif or not sans:
        missing = SERIF[0] if not serif else SANS[0]
        problems.error(
            f"fonts/{missing}", 0, 0, "the share cards' font is missing", "reinstall sitegen"
        )
        return None
    palette = _palette(theme)
    made_from = [LAYOUT, str(COMPRESSION), repr(palette)]
    made_from += (f"{path.name} {digest}" for path, digest in (*serif, *sans))
    fonts = CardFonts(tuple(str(p) for p, _ in serif), tuple(str(p) for p, _ in sans))
    return CardTheme(fonts, palette, key(*made_from))


def _fonts(theme: Theme, names: tuple[str, ...]) -> tuple[tuple[Path, str], ...]:
    """The files of one family the theme has, in order, each with its bytes' digest; none
    without the first."""
    found = [(name, _theme_file(theme, f"fonts/{name}")) for name in names]
    files = tuple((path, key(data)) for _, (path, data) in _present(found))
    return files if files and files[0][0].name == names[0] else ()


def _present(
    found: list[tuple[str, tuple[Path, bytes] | None]],
) -> Iterator[tuple[str, tuple[Path, bytes]]]:
    for name, file in found:
        if file is not None:
            yield name, file


def _palette(theme: Theme) -> Palette:
    """The colors of the theme's stylesheet (the custom properties of its first `:root`),
    when it has them all and its texts read on their backgrounds (WCAG's 4.5:1); else the
    default theme's."""
    file = _theme_file(theme, STYLES)
    colors = _custom_colors(file[1].decode("utf-8", "replace")) if file else {}
    chosen = tuple(colors.get(name, "") for name in COLORS)
    palette = _palette_of(chosen if all(chosen) else DEFAULT_COLORS)
    pairs = ((palette.text, palette.background), palette.ai, palette.translation)
    if any(_contrast(a, b) < 4.5 for a, b in pairs):
        return _palette_of(DEFAULT_COLORS)
    return palette


def _palette_of(values: tuple[str, ...]) -> Palette:
    bg, text, accent, ai, ai_soft, warn, warn_soft = (_rgb(value) for value in values)
    return Palette(bg, text, accent, (ai, ai_soft), (warn, warn_soft))


def _custom_colors(css: str) -> dict[str, str]:
    """`--name: #rrggbb;` of the first `:root { … }` rule, by name (read with `str`'s own
    searches: linear on any stylesheet)."""
    start = css.find(":root")
    opening = css.find("{", start) if start >= 0 else -1
    closing = css.find("}", opening) if opening >= 0 else -1
    found: dict[str, str] = {}
    for declaration in css[opening + 1 : closing].split(";") if closing > 0 else ():
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if name.startswith("--") and _is_color(value):
            found[name[2:]] = value
    return found


def _is_color(value: str) -> bool:
    """`#rrggbb`: the form the default theme writes its colors in."""
    digits = value[1:]
    return (
        value[:1] == "#" and len(digits) == 6 and all(c in "0123456789abcdefABCDEF" for c in digits)
    )


def _rgb(value: str) -> RGB:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _contrast(a: RGB, b: RGB) -> float:
    """WCAG's contrast ratio of two colors."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(color: RGB) -> float:
    def linear(value: int) -> float:
        part = value / 255
        return part / 12.92 if part <= 0.04045 else float(((part + 0.055) / 1.055) ** 2.4)

    r, g, b = map(linear, color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _theme_file(theme: Theme, rel: str) -> tuple[Path, bytes] | None:
    """The theme's static file at `rel` (`fonts/x.woff2`) and its bytes: the blog's own
    first, then the default theme's, whose `css` and `js` are published and its `fonts`
    beside them. A file is read as the build reads files: a link out of its folder is not
    followed."""
    top, _, rest = rel.partition("/")
    for folder, mount in reversed(theme.static_dirs):
        if mount in ("", top):
            candidate, inside = folder / (rest if mount else rel), folder
        elif mount in THEME_ASSETS:
            candidate, inside = folder.parent / rel, folder.parent
        else:
            continue
        if not candidate.is_file():
            continue
        try:
            return candidate, read_bytes(candidate, MAX_COPIED_BYTES, inside)
        except OSError:
            continue
    return None
