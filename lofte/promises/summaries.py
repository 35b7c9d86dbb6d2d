"""Key figures on collaboration cards: published promises and activities logged this year."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.organisations.summaries import register


@register
def promise_figures(collaboration_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    from lofte.promises.models import ActivityRecord, Promise, PromiseStatus

    promises = dict(
        Promise.objects.filter(collaboration_id__in=collaboration_ids)
        .values_list("collaboration_id")
        .annotate(n=Count("id", filter=Q(status=PromiseStatus.PUBLISHED)))
    )
    year = timezone.localdate().year
    records = dict(
        ActivityRecord.objects.filter(
            activity__promise__collaboration_id__in=collaboration_ids, performed_on__year=year
        )
        .values_list("activity__promise__collaboration_id")
        .annotate(n=Sum("quantity"))
    )
    return {
        pk: [(_("Publicerade löften"), str(promises.get(pk, 0))),
             (_("Genomförda aktiviteter %(year)s") % {"year": year}, str(records.get(pk) or 0))]
        for pk in collaboration_ids
    }
