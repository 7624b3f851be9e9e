"""`external-link` (`--external`): every web link of the site still answers.

Each address is asked once, HEAD first and GET when HEAD is refused (many servers answer
HEAD with 403, 404 or 405), in a pool of threads, each request with a timeout. Answers that
will still hold tomorrow (a page that is there, a 404) are kept a day in
`.sitegen-cache/external-links.json`, so a second check asks nothing; timeouts, refused
connections and 5xx are asked again next time, since they often pass.

404 and 410 say the page is gone: errors. Other failures (401/403/429 often mean "no
robots", 5xx and timeouts are often passing) are warnings.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from sitegen import __version__
from sitegen.check.links import WebLink
from sitegen.check.rules import ERROR, WARNING, Finding, finding
from sitegen.project import scratch
from sitegen.project.files import read_bytes
from sitegen.state.cache import CACHE_FOLDER
from sitegen.state.cache import folder as cache_folder

CACHE_NAME = "external-links.json"
KEPT_LIMIT = 1 << 26
"""64 MB: the answers for hundreds of thousands of links."""
FRESH_FOR = 24 * 3600
"""Seconds a kept answer is trusted."""
WORKERS = 16
GONE = (404, 410)
USER_AGENT = f"sitegen/{__version__} (link check)"


@dataclass(frozen=True, slots=True)
class Answer:
    """What a server said: its status, or why there was none."""

    status: int | None
    reason: str = ""

    timed_out: bool = False

    @property
    def lasting(self) -> bool:
        """Worth keeping: the same question tomorrow would get the same answer."""
        return self.status is not None and self.status < 500 and self.status != 429


def web_findings(links: Iterable[WebLink], root: Path, timeout: float) -> Iterator[Finding]:
    """A finding at every place a failing web link is written."""
    links = list(links)
    answers = ask_all(sorted({link.url for link in links}), root, timeout)
    for link in links:
        answer = answers[link.url]
        if answer.status is None or answer.status >= 400:
            yield _finding(link, answer, timeout)


def _finding(link: WebLink, answer: Answer, timeout: float) -> Finding:
    severity = ERROR if answer.status in GONE else WARNING
    if answer.status is None:
        said = answer.reason or "no answer"
        hint = "no connection: check the address, or try again later"
        if answer.timed_out:
            hint = f"the server did not answer within {timeout:g} s (--timeout)"
    else:
        said = f"HTTP {answer.status}"
        hint = "the page is gone: link to where it moved, or to an archived copy"
        if severity is WARNING:
            hint = "the server refused or failed; try the link in a browser"
    message = f"web link `{link.url}` fails: {said}"
    return finding("external-link", link.path, (link.line, link.col), message, hint, severity)


def ask_all(urls: list[str], root: Path, timeout: float) -> dict[str, Answer]:
    """Each address's answer, from the cache when it is fresh, else asked in parallel."""
    path = root / CACHE_FOLDER / CACHE_NAME
    kept = _load(path)
    now = time.time()
    answers = {
        u: Answer(kept[u][1], "") for u in urls if u in kept and now - kept[u][0] < FRESH_FOR
    }
    todo = [u for u in urls if u not in answers]
    if todo:
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(todo))) as pool:
            asked = dict(zip(todo, pool.map(lambda u: ask(u, timeout), todo), strict=True))
        answers |= asked
        kept |= {u: (now, a.status or 0) for u, a in asked.items() if a.lasting}
        _save(path, kept)
    return answers


def ask(url: str, timeout: float) -> Answer:
    """HEAD, then GET if the server refuses HEAD."""
    answer = _request(url, "HEAD", timeout)
    if answer.status is not None and answer.status >= 400:
        return _request(url, "GET", timeout)
    return answer


def _request(url: str, method: str, timeout: float) -> Answer:
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urlopen(request, timeout=timeout) as response:  # the body is never read
            return Answer(response.status)
    except HTTPError as exc:
        return Answer(exc.code)
    except TimeoutError:
        return Answer(None, f"no answer within {timeout:g} s", timed_out=True)
    except URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return Answer(None, f"no answer within {timeout:g} s", timed_out=True)
        return Answer(None, str(exc.reason))
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return Answer(None, str(exc) or type(exc).__name__)


def _load(path: Path) -> dict[str, tuple[float, int]]:
    try:  # a planted link or pipe is never followed, a planted giant never read whole
        data = json.loads(read_bytes(path, KEPT_LIMIT, inside=path.parent.parent))
        return {str(u): (float(t), int(s)) for u, (t, s) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # none yet, or damaged: ask again


def _save(path: Path, kept: dict[str, tuple[float, int]]) -> None:
    try:
        cache_folder(path.parent.parent).mkdir(exist_ok=True)
        scratch.clear_abandoned(path)
        scratch.save(path, json.dumps(kept, indent=0, sort_keys=True).encode())
    except OSError:
        pass  # no cache: the next check asks again
