"""The files and lines that tell crawlers the blog's preferences (`preferences.py`): the
`Content-Usage` rule of robots.txt (IETF aipref attach draft, section 3), and TDMRep's
`/.well-known/tdmrep.json` (W3C TDMRep final report, 10 May 2024).

Both are read only at the root of a host: a site published under a path (a GitHub project
site, `https://user.github.io/blog/`) gets them all the same, scoped to its path so they can
be copied into the host's own files, and a note says where they must go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from urllib.parse import quote, urlsplit

from sitegen.content.addresses import SiteUrls
from sitegen.model import OutputFile
from sitegen.project.errors import Problems
from sitegen.settings.config import CONFIG_NAME, SiteConfig
from sitegen.urls import output_path

TDMREP_FILE = ".well-known/tdmrep.json"


def content_usage(config: SiteConfig) -> str:
    """The robots.txt rule line, or "" when the blog states no AI-use preference.

    The value is an RFC 9651 dictionary of the vocabulary's tokens `y` and `n`; a site under
    a path scopes it to that path, as an Allow rule would be."""
    if not config.ai_preferences:
        return ""
    value = ", ".join(
        f"{name}={'y' if allowed else 'n'}" for name, allowed in config.ai_preferences
    )
    scope = "" if config.base_path == "/" else f"{_encoded(config.base_path)} "
    return f"Content-Usage: {scope}{value}\n"


def tdm_files(config: SiteConfig, urls: SiteUrls) -> Iterator[OutputFile]:
    """`tdmrep.json`: one rule for every file of the site."""
    if config.tdm is None:
        return
    rule: dict[str, object] = {
        "location": _encoded(config.base_path),
        "tdm-reservation": int(config.tdm.reserved),
    }
    if config.tdm.policy:
        rule["tdm-policy"] = tdm_policy(config, urls)
    data = json.dumps([rule], ensure_ascii=False, indent=1) + "\n"
    yield OutputFile(TDMREP_FILE, data.encode(), "sitegen (tdm setting)")


def tdm_meta(config: SiteConfig, urls: SiteUrls) -> tuple[tuple[str, str], ...]:
    """The TDMRep meta elements of every page: the reservation, then the policy."""
    if config.tdm is None:
        return ()
    reservation = ("tdm-reservation", str(int(config.tdm.reserved)))
    policy = ("tdm-policy", tdm_policy(config, urls)) if config.tdm.policy else None
    return (reservation, policy) if policy else (reservation,)


def tdm_policy(config: SiteConfig, urls: SiteUrls) -> str:
    """The policy's address as TDM agents fetch it: absolute where the site's origin is known."""
    policy = config.tdm.policy if config.tdm else ""
    return urls.absolute(urls(policy)) if policy.startswith("/") else policy


def check_policy(config: SiteConfig, files: Iterable[OutputFile], problems: Problems) -> None:
    """A policy given as a path of the site must be a file the site publishes: TDM agents
    that cannot fetch the terms cannot license the texts."""
    policy = config.tdm.policy if config.tdm else ""
    if not policy.startswith("/") or config.tdm is None:
        return
    path = output_path(urlsplit(policy).path)
    if any(file.path == path for file in files):
        return
    line, col = config.tdm.policy_at
    problems.warn(
        CONFIG_NAME,
        line,
        col,
        f"`tdm`: `policy` names {policy}, which the site does not publish",
        f"put the file in {config.static_dir.as_posix()}/{path}, or give the https:// address "
        "where the terms are",
    )


def root_files_note(config: SiteConfig) -> str:
    """What a blog published under a path must do for crawlers to read its preferences."""
    if config.base_path == "/" or not (config.ai_preferences or config.tdm):
        return ""
    settings = [
        (name, copied)
        for name, on, copied in (
            ("`ai_preferences`", config.ai_preferences, "robots.txt's Content-Usage line"),
            ("`tdm`", config.tdm, TDMREP_FILE),
        )
        if on
    ]
    said = " and ".join(name for name, _ in settings)
    copied = " and ".join(copied for _, copied in settings)
    return (
        f"{said}: crawlers read robots.txt and /.well-known/ only at the root of a host, "
        f"not under {config.base_path}; publish the blog at the root of its own domain (a "
        f"user or organization site, or a custom domain), or copy {copied}, written here "
        "for the blog's path, into the root site's own"
    )


def _encoded(path: str) -> str:
    """A path as robots.txt and TDMRep match it: percent-encoded, spaces included."""
    return quote(path, safe="/%-._~!$&'()*+,;=:@")
