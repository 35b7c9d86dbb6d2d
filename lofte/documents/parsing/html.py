"""Saved web page (HTML) to plain text, keeping paragraphs, lists and tables.

Page furniture (menus, headers, footers, cookie banners, forms, scripts) is dropped here; the
furniture phrases that survive as text ("Hjälpte informationen dig?") are dropped later by
``text.remove_furniture``, which also serves plain text scraped from web pages.
"""

from __future__ import annotations

import re
import warnings

from bs4 import (
    BeautifulSoup,
    Comment,
    MarkupResemblesLocatorWarning,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import NavigableString, PageElement

from lofte.documents.parsing.errors import ParseError

# An uploaded page may be XHTML or a short text that looks like a file name; both are read as
# HTML on purpose. (A module-level filter, not catch_warnings(), which is not thread-safe.)
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "form", "button", "select", "input",
    "textarea", "iframe", "svg", "canvas", "object", "embed", "dialog", "head", "link", "meta",
)  # fmt: skip
_FURNITURE_ATTRIBUTE = re.compile(
    r"cookie|consent|gdpr|breadcrumb|skip-?link|share|social|feedback|page-?rating|"
    r"site-?search|search-?form|megamenu|main-?menu|navbar|site-?header|site-?footer",
    re.IGNORECASE,
)
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
    "figure", "figcaption", "address", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "hr", "details", "summary",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MAX_DEPTH = 400


def html_to_text(markup: str) -> str:
    """Return the readable text of a web page: one block per line group, list items bulleted.

    Raises ``ParseError`` when the markup cannot be read at all.
    """
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as error:  # lxml raises many kinds of errors on hostile markup
        raise ParseError("Webbsidan kunde inte läsas (felaktig HTML).", "html_malformed") from error
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    # Tags come in document order, so a parent is seen before its children; only the outermost
    # piece of furniture is removed (and no subtree is searched twice).
    inside_furniture: set[int] = set()
    outermost: list[Tag] = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag):
            continue
        if id(tag.parent) in inside_furniture:
            inside_furniture.add(id(tag))
        elif _is_furniture(tag):
            inside_furniture.add(id(tag))
            outermost.append(tag)
    for tag in outermost:
        tag.decompose()
    root: Tag = soup
    for candidate in (soup.find("main"), soup.find("article"), soup.find(None, {"role": "main"})):
        if isinstance(candidate, Tag) and len(candidate.get_text(" ", strip=True)) > 200:
            root = candidate
            break
    parts: list[str] = []
    _render(root, parts, depth=0)
    text = "".join(parts)
    if not text.strip():
        # Nesting deeper than _MAX_DEPTH: fall back to the plain text, without structure.
        text = root.get_text("\n")
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _is_furniture(tag: Tag) -> bool:
    name = tag.name or ""
    if (tag.get("role") or "") in _FURNITURE_ROLES:
        return not _contains_main_heading(tag)
    if tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    if name in {"header", "footer"} and tag.find_parent(["main", "article"]) is None:
        return not _contains_main_heading(tag)
    attributes = " ".join(
        [
            str(tag.get("id") or ""),
            " ".join(str(value) for value in tag.get_attribute_list("class")),
        ]
    )
    if _FURNITURE_ATTRIBUTE.search(attributes):
        return not _contains_main_heading(tag)
    return False


def _contains_main_heading(tag: Tag) -> bool:
    return tag.find("h1") is not None or tag.find("main") is not None


def _render(node: PageElement, parts: list[str], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, NavigableString):
        parts.append(re.sub(r"\s+", " ", str(node)))
        return
    if not isinstance(node, Tag):
        return
    name = node.name or ""
    if name == "br":
        parts.append("\n")
        return
    if name == "li":
        parent = node.parent
        if isinstance(parent, Tag) and parent.name == "ol":
            items = [child for child in parent.find_all("li", recursive=False)]
            number = items.index(node) + 1 if node in items else 1
            parts.append(f"\n{number}. ")
        else:
            parts.append("\n• ")
        for child in node.children:
            _render(child, parts, depth + 1)
        return
    if name == "tr":
        cells = [
            re.sub(r"\s+", " ", cell.get_text(" ", strip=True))
            for cell in node.find_all(["td", "th"], recursive=False)
        ]
        parts.append("\n" + " | ".join(cells) + "\n")
        return
    is_block = name in _BLOCK_TAGS
    if is_block:
        parts.append("\n\n")
    for child in node.children:
        _render(child, parts, depth + 1)
    if is_block:
        parts.append("\n\n" if name in _HEADINGS or name == "p" else "\n")
