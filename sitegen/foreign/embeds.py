"""Videos, gists and social posts another tool embedded, as plain links to where they live.

An embed is a third party's player or script, which would follow the reader from the post
and run someone else's JavaScript in it: the blog promises neither. A link in the text says
what is there and lets the reader choose to go."""

from __future__ import annotations

import re
from urllib.parse import quote

_WORDS = {
    "fr": {
        "youtube": "Voir la vidéo sur YouTube",
        "vimeo": "Voir la vidéo sur Vimeo",
        "gist": "Voir le code sur GitHub Gist",
        "x": "Voir le message sur X",
        "instagram": "Voir la publication sur Instagram",
    },
    "en": {
        "youtube": "Watch the video on YouTube",
        "vimeo": "Watch the video on Vimeo",
        "gist": "See the code on GitHub Gist",
        "x": "See the post on X",
        "instagram": "See the post on Instagram",
    },
}
_ID = re.compile(r"^[\w.-]+$")


def embed_link(kind: str, lang: str, parts: list[str], title: str = "") -> str | None:
    """The Markdown link standing for an embed: `parts` are its ids (a video; a gist's
    user, id and file; a post's user and id), or None when they name nothing."""
    if not parts or not all(_ID.match(part) for part in parts if part):
        return None
    url = _url(kind, parts)
    if url is None:
        return None
    words = _WORDS.get(lang, _WORDS["en"])
    text = title.replace("[", "\\[").replace("]", "\\]") or words[kind]
    return f"[{text}]({url})"


def _url(kind: str, parts: list[str]) -> str | None:
    if not parts[-1] or (kind != "x" and not parts[0]):
        return None
    first = quote(parts[0])
    if kind == "youtube":
        return f"https://www.youtube.com/watch?v={first}"
    if kind == "vimeo":
        return f"https://vimeo.com/{first}"
    if kind == "instagram":
        return f"https://www.instagram.com/p/{first}/"
    if kind == "x":
        user, status = (parts[0], parts[1]) if len(parts) > 1 and parts[0] else ("i", parts[-1])
        return f"https://x.com/{quote(user)}/status/{quote(status)}"
    if kind == "gist" and len(parts) > 1:
        anchor = "#file-" + re.sub(r"[^\w-]", "-", parts[2]).lower() if len(parts) > 2 else ""
        return f"https://gist.github.com/{first}/{quote(parts[1])}{anchor}"
    return None
