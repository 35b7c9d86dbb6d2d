from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from lofte.organisations.access import Scope, scoped


@scoped("meeting.manage")
def meeting_list(request: HttpRequest, scope: Scope, **kw: object) -> HttpResponse:
    return HttpResponse("")


meeting_new = meeting_detail = minutes_pdf = decision_new = decision_update = meeting_list
