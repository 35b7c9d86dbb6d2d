"""The context of the PDF documents (promise and follow-up), shared by staff and public pages."""

from __future__ import annotations

from typing import Any

from lofte.promises import queries
from lofte.promises.charts import follow_up_chart
from lofte.promises.models import FollowUp, Promise


def promise_document_context(promise: Promise) -> dict[str, Any]:
    computed = queries.compute(promise)
    return {"title": promise.title, "promise": promise, "computed": computed,
            "groups": queries.by_actor(computed),
            "municipality": promise.collaboration.municipality,
            "police_area": promise.collaboration.police_area}


def follow_up_document_context(follow_up: FollowUp) -> dict[str, Any]:
    promise = follow_up.promise
    return {"title": f"{follow_up.label} – {promise.title}", "follow_up": follow_up,
            "promise": promise, "snapshot": follow_up.snapshot,
            "chart": follow_up_chart(follow_up.snapshot),
            "municipality": promise.collaboration.municipality,
            "police_area": promise.collaboration.police_area,
            "approvals": list(follow_up.approvals.all())}
