"""API pagination with bounds, so absurd offsets answer 422 instead of reaching the database."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Antal poster (högst 500)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Hoppa över så här många")
