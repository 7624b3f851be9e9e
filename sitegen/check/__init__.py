"""`sitegen check`: lint the content and the built site, without writing either.

| module | job |
|---|---|
| `cli.py` | the command's options, output and exit codes (light: imported by `sitegen.cli.main`) |
| `runner.py` | builds the site in memory (`Build.produce`) and runs every rule |
| `rules.py` | the rules' codes, severities and summaries; `Finding`, a `Diagnostic` with its code |
| `settings.py` | `check: {disable: [...]}`, an unknown code named at its line |
| `body.py` | a post's Markdown as written: tokens, runs of text, file positions |
| `pages.py` | the built pages, whole and as their templates wrote them |
| `accessibility.py` | `image-alt`, `empty-link`, `heading-jump` |
| `links.py` | `broken-link`, `broken-anchor` (redirects: `publish/htaccess.py`); web links |
| `text.py` | `phone-number`, `email-address`, `placeholder`, `scraper-leftover` |
| `language.py` | `lang-mismatch` (the detector: `sitegen/text/language.py`) |
| `provenance.py` | `missing-source` |
| `people.py` | `full-name` (the names rule: `sitegen/text/personnames.py`) |
| `disclosure.py` | `disclosure-value`, `notice-placement`, `missing-principles` |
| `external.py` | `external-link` (`--external`): parallel requests, a day's cache |
| `report.py` | text and JSON output |

A command: the build never imports it.

May import: build, model, urls, project, text, settings, state, content, markdown, theme, publish.
"""
