"""Open data: the national register of published medborgarlöften.

The register holds only what kommuner and the police have already published, so these two
read-only endpoints need no login (the register pages are part of the signed-in tool).
"""


from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from lofte.core.pagination import BoundedLimitOffsetPagination
from lofte.core.schemas import ErrorOut
from lofte.documents import queries
from lofte.documents.models import RegisteredPromise

router = Router(tags=["Löftesregister (öppna data)"])


class RegisterFilter(Schema):
    lan: str | None = None
    kommun: str | None = None
    year: int | None = None
    theme: str | None = None
    actor: str | None = None
    q: str | None = None


class RegisterMunicipalityOut(Schema):
    code: str
    name: str
    county_code: str
    county: str


class RegisteredActivityOut(Schema):
    position: int
    text: str
    actor: str
    count: int | None
    count_max: int | None
    per: str
    unit: str
    qualifier: str
    themes: list[str]
    confidence: float


class RegisteredPromiseOut(Schema):
    id: int
    title: str
    source_name: str
    municipalities: list[RegisterMunicipalityOut]
    police_area: str
    start_year: int | None
    end_year: int | None
    focus_areas: list[str]
    themes: list[str]
    follow_up_cadence: str
    imported_at: str

    @staticmethod
    def resolve_municipalities(obj: Any) -> list[dict[str, str]]:
        if isinstance(obj, dict):
            return obj["municipalities"]  # type: ignore[no-any-return]
        return _municipalities(obj)

    @staticmethod
    def resolve_police_area(obj: Any) -> str:
        return str(obj["police_area"] if isinstance(obj, dict) else obj.police_area_name)

    @staticmethod
    def resolve_imported_at(obj: Any) -> str:
        return str(obj["imported_at"] if isinstance(obj, dict) else obj.imported_at.isoformat())


class RegisteredPromiseDetailOut(RegisteredPromiseOut):
    activities: list[RegisteredActivityOut]
    signatories: list[dict[str, Any]]


def _municipalities(promise: RegisteredPromise) -> list[dict[str, str]]:
    return [{"code": m.code, "name": m.name, "county_code": m.county.code,
             "county": m.county.name} for m in promise.municipalities.all()]


def _out(promise: RegisteredPromise, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": promise.pk, "title": promise.title, "source_name": promise.source_name,
        "municipalities": _municipalities(promise),
        "police_area": promise.police_area_name, "start_year": promise.start_year,
        "end_year": promise.end_year, "focus_areas": promise.focus_areas,
        "themes": promise.themes, "follow_up_cadence": promise.follow_up_cadence,
        "imported_at": promise.imported_at.isoformat(),
    }
    if detail:
        data["activities"] = [
            {"position": a.position, "text": a.text, "actor": a.actor, "count": a.count,
             "count_max": a.count_max, "per": a.per, "unit": a.unit, "qualifier": a.qualifier,
             "themes": a.themes, "confidence": a.confidence} for a in promise.activities.all()]
        data["signatories"] = promise.signatories
    return data


@router.get("/register/promises", response=list[RegisteredPromiseOut],
            url_name="documents_register_list", summary="Medborgarlöften i registret")
@paginate(BoundedLimitOffsetPagination)
def list_registered_promises(request: HttpRequest,
                             filters: Query[RegisterFilter]) -> QuerySet[RegisteredPromise]:
    """Filter on län (länskod), kommun (kommunkod), year, theme code, actor and free text."""
    promises = queries.filter_promises(RegisteredPromise.objects.all(),
                                       filters.dict(exclude_none=True))
    return promises.distinct().order_by("-start_year", "title", "pk").prefetch_related(
        "municipalities__county")


@router.get("/register/promises/{promise_id}",
            response={200: RegisteredPromiseDetailOut, 404: ErrorOut},
            summary="Ett medborgarlöfte i registret, med aktiviteter")
def get_registered_promise(request: HttpRequest, promise_id: int) -> dict[str, Any]:
    promise = get_object_or_404(RegisteredPromise.objects.prefetch_related(
        "municipalities__county", "activities"), pk=promise_id)
    return _out(promise, detail=True)
