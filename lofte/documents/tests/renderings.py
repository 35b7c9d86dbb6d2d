"""Render a plain-text promise as a saved web page or a PDF, for format-equivalence tests."""

from __future__ import annotations

import html
import re
import textwrap

from lofte.documents.tests.pdf_builder import build_pdf

_BULLET = re.compile(r"^\s*(?:[•\-–]|\d{1,2}\.)\s+(.*)$")

PAGE_FURNITURE_TOP = """
<header class="site-header"><a href="/">Polisen</a>
  <nav><ul><li><a href="/a">Om polisen</a></li><li><a href="/b">Kontakt</a></li>
  <li><a href="/c">Vaggeryds kommun</a></li></ul></nav>
  <form role="search"><input name="q"><button>Sök</button></form>
</header>
<div id="cookie-banner"><p>Vi använder kakor (cookies) för att webbplatsen ska fungera bra.
  Polisen i Jönköpings kommun lovar ingenting här.</p><button>Godkänn</button></div>
<script>var polisen = "Polisen ska genomföra 99 kontroller";</script>
<style>.x { color: red }</style>
"""
PAGE_FURNITURE_BOTTOM = """
<div class="page-rating"><h2>Hjälpte informationen dig?</h2><button>Ja</button>
  <button>Nej</button></div>
<footer class="site-footer"><p>Sidansvarig: Johan Lundell</p>
  <p>Polismyndigheten, Box 12256, 102 26 Stockholm. Telefon 114 14.</p></footer>
"""


def text_to_html(text: str) -> str:
    """Wrap paragraphs in <p>, bullet runs in <ul>, tab or "|" rows in <table>, short lines in
    <h2>; add page furniture."""
    parts: list[str] = []
    in_list = False
    in_table = False
    for line in text.split("\n"):
        if "\t" in line or " | " in line:
            if not in_table:
                parts.append("<table>")
                in_table = True
            cells = [cell.strip() for cell in re.split(r"\t| \| ", line)]
            parts.append(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells) + "</tr>"
            )
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        bullet = _BULLET.match(line)
        if bullet:
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html.escape(bullet.group(1).strip())}</li>")
            continue
        if line.startswith("  ") and in_list and line.strip():
            parts[-1] = parts[-1].replace("</li>", f" {html.escape(line.strip())}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        stripped = line.strip()
        if not stripped:
            continue
        tag = "h2" if len(stripped) < 60 and not stripped.endswith(".") else "p"
        parts.append(f"<{tag}>{html.escape(stripped)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Medborgarlöfte</title>'
        f"</head><body>{PAGE_FURNITURE_TOP}<main><article>{body}</article></main>"
        f"{PAGE_FURNITURE_BOTTOM}</body></html>"
    )


def text_to_pdf(text: str, width: int = 90) -> bytes:
    """Lay the text out as a PDF with lines wrapped at ``width`` characters, like a print."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(
            textwrap.wrap(line, width, subsequent_indent="  " if _BULLET.match(line) else "")
            or [""]
        )
    return build_pdf(lines)
