"""`sitegen serve`: build into memory, serve, watch, rebuild, tell the browsers."""

from __future__ import annotations

import errno
import sys
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from sitegen.build import Build
from sitegen.project.errors import Problems, UsageError
from sitegen.server.devserver import LOOPBACK_NAMES, DevServer
from sitegen.server.livesite import LiveSite
from sitegen.server.preview import built_files
from sitegen.server.watch import Watcher
from sitegen.state.cache import CACHE_FOLDER

DEFAULT_PORT = 8000
PORTS_TRIED = 20


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    host: str = "127.0.0.1"
    port: int | None = None
    drafts: bool = False
    poll: bool = False
    open_browser: bool = False


def serve(options: ServeOptions) -> int:
    """Run until Ctrl-C; nothing is written to the output folder."""
    # Each line reaches a terminal, a log or a test's pipe when it is printed.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    sys.stderr.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    build = Build(options.root, Problems())
    config = build.config
    live = LiveSite(options.root, {"drafts": options.drafts or None})
    server = _bind(options, live)
    port = server.server_address[1]
    shown_host = f"[{options.host}]" if ":" in options.host else options.host
    address = f"http://{shown_host}:{port}{config.base_path}"
    # Absolute URLs (hreflang, feeds) point at this server, not at the published site.
    live.overrides["base_url"] = address
    if options.host not in LOOPBACK_NAMES:
        print(
            f"warning: serving on {options.host}: other machines on the network can read "
            "the site, drafts included",
            file=sys.stderr,
        )
    folders, files = build.watched()
    watcher = Watcher(
        options.root,
        folders,
        files,
        [options.root / config.output_dir, options.root / CACHE_FOLDER],
        live.rebuild,
        poll=options.poll,
    )
    built = built_files(config, address) if not options.drafts else None
    if built is None:
        live.rebuild()
        watcher.start()
    else:  # the last build's pages at once; the first build replaces them, then watching
        live.show_built(built, config)
        threading.Thread(target=_first_build, args=(live, watcher), daemon=True).start()
    polling = " with polling" if watcher.poll else ""
    until = ", the last build's pages until this one is done" if built is not None else ""
    print(f"Serving {address} (Ctrl-C to stop){polling}{until}")
    if options.open_browser:
        threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        watcher.stop()
        server.server_close()
        live.close()
    return 0


def _first_build(live: LiveSite, watcher: Watcher) -> None:
    live.rebuild()
    watcher.start()


def _bind(options: ServeOptions, live: LiveSite) -> DevServer:
    """The asked port, or the next free one when none was asked."""
    allowed = frozenset(LOOPBACK_NAMES | {options.host.lower(), f"[{options.host.lower()}]"})
    asked = options.port is not None  # 0 asks the system for any free port
    first = DEFAULT_PORT if options.port is None else options.port
    last = first if asked else first + PORTS_TRIED - 1
    for port in range(first, last + 1):
        try:
            return DevServer((options.host, port), live, allowed)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise UsageError(
                    f"cannot listen on {options.host}:{port} ({exc.strerror})"
                ) from exc
    if asked:
        raise UsageError(f"port {first} is in use: choose another with --port, or leave it out")
    raise UsageError(f"ports {first}–{last} are all in use: choose one with --port")
