"""The English interface: the catalogue is complete, compiled and used when English is chosen."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _set_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_login_page_in_english_for_anonymous_visitor(client: Client) -> None:
    _set_english(client)
    html = _text(client, "/konto/logga-in/")
    assert 'lang="en"' in html
    for english in ("Log in", "Skip to content", "Username", "Password",
                    "Forgotten your password?"):
        assert english in html, english
    for swedish in ("Logga in", "Hoppa till innehållet", "Användarnamn", "Lösenord",
                    "Glömt lösenordet?"):
        assert swedish not in html, swedish


def test_signed_in_pages_in_english(coordinator: Any, login: Any) -> None:
    client = login(coordinator)
    _set_english(client)
    home = _text(client, "/")
    for english in ("Skip to content", "My account", "Log out", "<h1>My collaborations</h1>",
                    "You are part of 1 collaboration."):
        assert english in home, english
    for swedish in ("Hoppa till innehållet", "Mitt konto", "Logga ut", "<h1>Mina samverkan</h1>",
                    "Du ingår i"):
        assert swedish not in home, swedish

    overview = _text(client, "/samverkan/vetlanda/")
    for english in ("Skip to content", "Main menu", "Overview", "Weekly picture",
                    "Situation report", "Actors in the collaboration", "Housing company"):
        assert english in overview, english
    for swedish in ("Hoppa till innehållet", "Huvudmeny", "Översikt", "Veckobild", "Lägesbild",
                    "Aktörer i samverkan", "Bostadsbolag"):
        assert swedish not in overview, swedish


def test_swedish_without_language_cookie(coordinator: Any, login: Any, client: Client) -> None:
    html = _text(client, "/konto/logga-in/")
    assert "Logga in" in html
    assert "Hoppa till innehållet" in html
    assert "Skip to content" not in html

    signed_in = login(coordinator)
    home = _text(signed_in, "/")
    assert "<h1>Mina samverkan</h1>" in home
    assert "My account" not in home
    overview = _text(signed_in, "/samverkan/vetlanda/")
    assert "Översikt" in overview
    assert "Overview" not in overview


def _parse_po(path: Path) -> list[dict[str, Any]]:
    """Minimal .po reader: msgid, msgid_plural, msgstr {index: text} and flags per entry."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    field: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            field = None
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert field is not None, raw
            name, index = field
            value = ast.literal_eval(line)
            if name == "msgstr":
                entry["msgstr"][index] += value
            else:
                entry[name] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                entry.setdefault("msgstr", {})[index] = value
                field = ("msgstr", index)
            else:
                if keyword == "msgid" and "msgid" in entry:
                    finish()
                entry[keyword] = value
                field = (keyword, None)
    finish()
    return entries


def test_english_catalogue_is_complete() -> None:
    entries = [e for e in _parse_po(LC_MESSAGES / "django.po") if e["msgid"]]
    assert len(entries) > 900
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert not untranslated, untranslated[:10]
    assert not [e["msgid"] for e in entries if "fuzzy" in e.get("flags", set())]
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals
    assert all(set(e["msgstr"]) == {0, 1} for e in plurals)


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (LC_MESSAGES / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in _parse_po(LC_MESSAGES / "django.po"):
        if not e["msgid"]:
            continue
        if "msgid_plural" in e:
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr"][0]
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr"][1]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"][0], e["msgid"]
