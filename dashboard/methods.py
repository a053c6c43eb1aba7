"""The methods documents (docs/*.md) as HTML for the Methods page, rendered on the server (no
script fetched from a CDN, as Solara's Markdown would)."""

from __future__ import annotations

from functools import cache

import markdown

from . import settings

DOCUMENTS = ("ODD", "calibration", "interventions", "outputs")  # i18n keys doc_<name>


@cache
def document_html(name: str) -> str:
    text = (settings.DOCS / f"{name}.md").read_text(encoding="utf-8")
    return markdown.markdown(text, extensions=["tables", "fenced_code"])
