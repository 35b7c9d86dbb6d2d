"""Citizen pages: per kommun, the promise in plain Swedish, progress, follow-ups, tips."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from lofte.core.cache import public_response
from lofte.core.i18n import swedish
from lofte.core.pdf import pdf_response
from lofte.promises import queries as promise_queries
from lofte.promises.charts import follow_up_chart
from lofte.promises.models import Promise
from lofte.promises.pdf import follow_up_document_context, promise_document_context
from lofte.public import queries
from lofte.situation.queries import published_public_report_for


@swedish
@cache_control(public=True, max_age=300)
@public_response
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {
        "page_title": "Medborgarlöften", "entries": queries.municipalities_with_promises(),
    })


def _promise_context(code: str, promise: Promise) -> dict[str, object]:
    structured = promise_queries.with_structure(
        Promise.objects.filter(pk=promise.pk)).get()
    computed = promise_queries.compute(structured)
    return {"promise": structured, "computed": computed, "groups": queries.by_actor(computed)}


@swedish
@cache_control(public=True, max_age=300)
@public_response
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    place = queries.get_municipality(code)
    current, earlier = queries.current_promises(code)
    main = [_promise_context(code, p) for p in current]
    return render(request, "public/municipality.html", {
        "page_title": f"Medborgarlöfte i {place.official_name}", "municipality": place,
        "current": main, "earlier": earlier, "follow_ups": queries.published_follow_ups(code),
        "tip_url": queries.tip_url(code),
        "widget_url": request.build_absolute_uri(reverse("public:widget", args=[code])),
        "feed_url": reverse("public:feed", args=[code]),
        "api_url": f"/api/v1/public/municipalities/{code}/promises",
        "situation_report": published_public_report_for(code),
    })


@swedish
@cache_control(public=True, max_age=300)
@public_response
def promise_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    place = queries.get_municipality(code)
    promise = queries.get_public_promise(code, pk)
    return render(request, "public/promise.html", {
        "page_title": promise.title, "municipality": place,
        **_promise_context(code, promise),
        "follow_ups": queries.published_follow_ups(code).filter(promise=promise),
        "tip_url": queries.tip_url(code),
    })


@swedish
def promise_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    promise = queries.get_public_promise(code, pk)
    promise = promise_queries.with_structure(
        Promise.objects.filter(pk=promise.pk)).get()
    return pdf_response("promises/pdf/promise.html", promise_document_context(promise),
                        f"medborgarlofte-{code}-{promise.pk}.pdf")


@swedish
@cache_control(public=True, max_age=300)
@public_response
def follow_up_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    place = queries.get_municipality(code)
    follow_up = queries.get_public_follow_up(code, pk)
    snapshot = dict(follow_up.snapshot)
    snapshot["activities"] = [
        {**a, "figures": queries.suppress_small(a.get("figures") or {})}
        for a in snapshot.get("activities", [])
    ]
    return render(request, "public/follow_up.html", {
        "page_title": f"{follow_up.label} – {follow_up.promise.title}", "municipality": place,
        "follow_up": follow_up, "promise": follow_up.promise, "snapshot": snapshot,
        "chart": follow_up_chart(follow_up.snapshot),
    })


@swedish
def follow_up_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    follow_up = queries.get_public_follow_up(code, pk)
    context = follow_up_document_context(follow_up)
    snapshot = dict(follow_up.snapshot)
    snapshot["activities"] = [
        {**a, "figures": queries.suppress_small(a.get("figures") or {})}
        for a in snapshot.get("activities", [])
    ]
    context["snapshot"] = snapshot
    return pdf_response("promises/pdf/follow_up.html", context,
                        f"uppfoljning-{code}-{follow_up.pk}.pdf")


@swedish
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@cache_control(public=True, max_age=600)
@public_response
def widget(request: HttpRequest, code: str) -> HttpResponse:
    """A small standalone page for an iframe on the kommun's own website."""
    place = queries.get_municipality(code)
    current, _earlier = queries.current_promises(code)
    main = _promise_context(code, current[0]) if current else None
    return render(request, "public/widget.html", {
        "municipality": place, "main": main,
        "page_url": request.build_absolute_uri(reverse("public:municipality", args=[code])),
    })
