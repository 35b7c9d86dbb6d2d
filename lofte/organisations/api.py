"""The signed-in user's collaborations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lofte.accounts.api_auth import AUTH
from lofte.core.schemas import ErrorOut
from lofte.organisations.access import collaborations_for_user, get_scope_for_user

router = Router(tags=["Samverkan"], auth=AUTH)


class CollaborationOut(Schema):
    slug: str
    name: str
    municipality_code: str
    municipality_name: str
    police_area: str
    role: str
    organisations: list[str]


def _out(request: HttpRequest, slug: str) -> dict[str, object]:
    scope = get_scope_for_user(request.user, slug)
    c = scope.collaboration
    return {
        "slug": c.slug, "name": c.name, "municipality_code": c.municipality.code,
        "municipality_name": c.municipality.name, "police_area": c.police_area.name,
        "role": scope.role, "organisations": [o.name for o in c.organisations.all()],
    }


@router.get("/collaborations", response=list[CollaborationOut], summary="Mina samverkan")
def list_collaborations(request: HttpRequest) -> list[dict[str, object]]:
    return [_out(request, c.slug) for c in collaborations_for_user(request.user)]


@router.get("/collaborations/{slug}", response={200: CollaborationOut, 404: ErrorOut},
            summary="En samverkan")
def get_collaboration(request: HttpRequest, slug: str) -> dict[str, object]:
    return _out(request, slug)
