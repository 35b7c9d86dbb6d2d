"""Caches that follow the data: version tokens and cached public responses.

A *data version* is a random token kept in the shared cache (``CACHES["default"]``: Redis when
``REDIS_URL`` is set, else the database) under ``lofte:v:<name>``. Cached values put the token
in their key; :func:`bump` replaces the token, so everything cached under the old one is never
read again and expires on its own. Tokens are random rather than counters: if the cache
evicts a token, the next reader makes a new one and can never meet an old entry again (a
counter starting over at 1 could).

:func:`bump` sets a new token at once *and* again after the current transaction commits: the
first makes the change visible inside the writing transaction, the second makes sure that an
entry another process computed from the not yet committed data (under the first new token)
is never read.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

VERSION_PREFIX = "lofte:v:"
PUBLIC = "public"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00lofte-csrf\x00"


def version(name: str) -> str:
    """The current token of ``name`` (made on first use)."""
    key = VERSION_PREFIX + name
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return str(token)


def renew(name: str) -> None:
    """A new token for ``name`` now (callers already running after a commit)."""
    cache.set(VERSION_PREFIX + name, uuid.uuid4().hex, None)


def bump(name: str) -> None:
    """Make everything cached under ``name``'s current token stale (now and after commit)."""
    renew(name)
    transaction.on_commit(lambda: renew(name))


def bump_after_commit(name: str) -> None:
    """Like :func:`bump` for frequent writes: only once, after the transaction commits."""
    transaction.on_commit(lambda: renew(name))


def _personal(request: HttpRequest) -> bool:
    """Requests that may see something of their own: a session (signed in, messages) or
    messages in a cookie. Those are never served from or stored into the shared cache."""
    cookies = request.COOKIES
    return (settings.SESSION_COOKIE_NAME in cookies
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies)


def public_response(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve a public, anonymous GET from the shared cache while the public data is unchanged.

    The key holds the ``public`` data version (bumped whenever published material or what is
    computed from it changes, see ``lofte.public.apps``), today's date (progress is computed
    "as of today"), and the absolute URL (pages contain absolute links). Only 200 answers to
    requests without a session or message cookie and without a query string are cached; a
    CSRF token in a form is stored as a placeholder and filled in per request, so every
    visitor gets their own token and cookie. ``LOFTE_PUBLIC_CACHE_SECONDS`` (default 300,
    the pages' public ``max-age``) bounds what a write around the ORM (bulk ``update``) could
    leave stale; 0 turns the cache off.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        seconds = int(getattr(settings, "LOFTE_PUBLIC_CACHE_SECONDS", 300))
        if (seconds <= 0 or request.method != "GET" or _personal(request)
                or request.META.get("QUERY_STRING")):
            # (The public views read no query parameters: a query string would only let
            # anyone fill the cache with copies.)
            return view(request, *args, **kwargs)
        key = (f"lofte:public:{version(PUBLIC)}:{timezone.localdate().isoformat()}:"
               f"{request.build_absolute_uri()}")
        hit = cache.get(key)
        if hit is None:
            response = view(request, *args, **kwargs)
            if (response.status_code != 200 or response.streaming
                    or response.has_header("Set-Cookie") or response.cookies):
                return response
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            hit = (response["Content-Type"], CSRF_INPUT.sub(
                rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content))
            cache.set(key, hit, seconds)
            return response
        content_type, content = hit
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        return HttpResponse(content, content_type=content_type)

    return wrapper
