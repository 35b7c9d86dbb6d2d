"""EST meetings: agenda built from the picture, decisions carried until done, minutes PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core import audit
from lofte.core.pdf import pdf_response
from lofte.incidents import services
from lofte.incidents.access import get_decision_for_user, get_meeting_for_user
from lofte.incidents.forms import DecisionForm, FollowUpForm, MeetingForm, MeetingNotesForm
from lofte.incidents.models import Decision, DecisionStatus, Meeting
from lofte.incidents.picture import Picture, PictureQuery, build_picture
from lofte.incidents.views.common import add_errors, paginate
from lofte.organisations.access import Scope, scoped


def _hot_spot_name(h: dict[str, Any]) -> str:
    return str(h["near"]) if h["near"] else f"{h['lat']:.4f}, {h['lon']:.4f}"


def agenda_from_picture(p: Picture, carried: int) -> list[dict[str, Any]]:
    """The meeting's agenda: the picture's findings, then follow-up, decisions and other."""
    items: list[dict[str, Any]] = [{
        "title": "Veckobilden",
        "points": [f"{p.total} rapporter ({p.previous_mean_total:.1f} i snitt de fyra "
                   f"föregående perioderna, {p.last_year_total} samma period i fjol)."]
        + ([f"Flest rapporter {p.busiest_time}."] if p.busiest_time else []),
    }]
    if p.flagged:
        items.append({"title": "Nya eller ökande problem", "points": [
            f"{row.category.name}: {row.now} rapporter (snitt {row.previous_mean:.1f}) – "
            f"{row.flag}" for row in p.flagged]})
    if p.hot_spots:
        items.append({"title": "Hot spots", "points": [
            f"{_hot_spot_name(h)}: {h['count']} rapporter inom 750 m ({h['level']})"
            for h in p.hot_spots[:5]]})
    if p.top_places:
        items.append({"title": "Platser med flest rapporter", "points": [
            f"{name}: {n}" for name, n in p.top_places[:5]]})
    if p.missing_reporters:
        items.append({"title": "Täckning", "points": [
            "Har inte rapporterat: " + ", ".join(f"{name} ({org})"
                                                 for name, org in p.missing_reporters)]})
    items.append({"title": "Uppföljning av tidigare beslut",
                  "points": [f"{carried} beslut pågår."] if carried else ["Inga öppna beslut."]})
    items.append({"title": "Nya beslut om åtgärder", "points": []})
    items.append({"title": "Återkoppling till rapportörer och övrigt", "points": []})
    return items


def _carried(meeting: Meeting) -> QuerySet[Decision]:
    """Decisions from earlier meetings still open, or closed during or after this one."""
    return (Decision.objects.filter(collaboration_id=meeting.collaboration_id,
                                    meeting__held_on__lt=meeting.held_on)
            .filter(Q(status=DecisionStatus.OPEN) | Q(updated_at__date__gte=meeting.held_on))
            .select_related("meeting", "organisation").prefetch_related("incidents"))


@scoped("meeting.manage")
def meeting_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    page, query = paginate(request, Meeting.objects.filter(collaboration=c))
    open_decisions = (Decision.objects.filter(collaboration=c, status=DecisionStatus.OPEN)
                      .select_related("meeting").order_by("due_on", "id"))
    return render(request, "incidents/meetings.html", {
        "page_title": "Möten", "scope": scope, "collaboration": c, "page": page,
        "query": query, "open_decisions": open_decisions, "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
@scoped("meeting.manage")
def meeting_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    c = scope.collaboration
    today = timezone.localdate()
    form = MeetingForm(request.POST or None, initial={
        "title": f"EST-möte vecka {today.isocalendar()[1]}", "held_on": today,
        "period_start": today - dt.timedelta(days=7), "period_end": today - dt.timedelta(days=1),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        picture = build_picture(c, PictureQuery(data["period_start"], data["period_end"]))
        carried = Decision.objects.filter(collaboration=c, status=DecisionStatus.OPEN).count()
        try:
            meeting = services.create_meeting(
                request.user, c, held_on=data["held_on"], title=data["title"],
                period_start=data["period_start"], period_end=data["period_end"],
                agenda=agenda_from_picture(picture, carried))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Mötet är skapat med en dagordning från veckobilden."))
            return redirect("incidents:meeting", slug=c.slug, pk=meeting.pk)
    return render(request, "incidents/meeting_form.html", {
        "page_title": "Nytt möte", "scope": scope, "collaboration": c, "form": form})


def _meeting_context(scope: Scope, meeting: Meeting) -> dict[str, Any]:
    c = scope.collaboration
    return {
        "page_title": meeting.title, "scope": scope, "collaboration": c, "meeting": meeting,
        "carried": _carried(meeting),
        "decisions": meeting.decisions.select_related("organisation")
        .prefetch_related("incidents"),
        "hot_spot_names": [p for item in meeting.agenda if item.get("title") == "Hot spots"
                           for p in item.get("points", [])],
        "picture_params": f"from={meeting.period_start}&to={meeting.period_end}",
        "statuses": DecisionStatus.choices,
    }


@require_http_methods(["GET", "POST"])
@scoped("meeting.manage")
def meeting_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.collaboration_id != scope.collaboration.pk:
        raise Http404
    notes_form = MeetingNotesForm(request.POST or None, initial={
        "notes": meeting.notes, "participants": meeting.participants,
        "is_held": meeting.status == "genomfort"})
    if request.method == "POST" and notes_form.is_valid():
        services.update_meeting(request.user, meeting, **notes_form.cleaned_data)
        messages.success(request, _("Anteckningarna är sparade."))
        return redirect("incidents:meeting", slug=scope.collaboration.slug, pk=pk)
    # Notes, participants and the decisions (with the reports they concern) are shown.
    audit.record_read(request.user, meeting)
    return render(request, "incidents/meeting.html", {
        **_meeting_context(scope, meeting), "notes_form": notes_form,
        "decision_form": DecisionForm(collaboration=scope.collaboration),
    })


@require_POST
@scoped("meeting.manage")
def decision_new(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.collaboration_id != scope.collaboration.pk:
        raise Http404
    form = DecisionForm(request.POST, collaboration=scope.collaboration)
    if form.is_valid():
        d = form.cleaned_data
        services.decide(request.user, meeting, what=d["what"], where=d["where"],
                        owner=d["owner"], organisation=d["organisation"], due_on=d["due_on"],
                        hot_spot=d["hot_spot"], incidents=d["incident_ids"])
        messages.success(request, _("Beslutet är registrerat."))
        return redirect("incidents:meeting", slug=scope.collaboration.slug, pk=pk)
    return render(request, "incidents/meeting.html", {
        **_meeting_context(scope, meeting), "decision_form": form,
        "notes_form": MeetingNotesForm(initial={"notes": meeting.notes,
                                                "participants": meeting.participants}),
    }, status=422)


@require_POST
@scoped("meeting.manage")
def decision_update(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    if decision.collaboration_id != scope.collaboration.pk:
        raise Http404
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_decision(request.user, decision, **form.cleaned_data)
        messages.success(request, _("Uppföljningen är sparad."))
    else:
        messages.error(request, _("Välj en giltig status."))
    back = request.POST.get("meeting")
    if back and back.isdigit():
        return redirect("incidents:meeting", slug=scope.collaboration.slug, pk=int(back))
    return redirect("incidents:meetings", slug=scope.collaboration.slug)


@scoped("meeting.manage")
def minutes_pdf(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.collaboration_id != scope.collaboration.pk:
        raise Http404
    context = {**_meeting_context(scope, meeting),
               "title": f"Protokoll {meeting.title}", "generated": timezone.localtime()}
    audit.record_read(request.user, meeting, note="protokoll (PDF)")
    return pdf_response("incidents/minutes_pdf.html", context,
                        f"protokoll-{scope.collaboration.slug}-{meeting.held_on}.pdf")
