"""OpenAPI 3.0 description of the Open311 GeoReport v2 endpoints at ``/open311/v2/``.

GeoReport v2 predates OpenAPI and has no official schema; this one describes what
``lofte.incidents.views.open311`` answers (both ``.json`` and ``.xml``), so that integrators can
generate clients and ``tests/reliability/test_open311_fuzz.py`` can fuzz it with schemathesis.
Served at ``/open311/v2/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from lofte.incidents.views.open311 import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

_NULLABLE_STRING = {"type": "string", "nullable": True}

SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": {"type": "string"},
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "group": {"type": "string"},
    },
}

SERVICE_REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime", "lat",
                 "long"],
    "properties": {
        "service_request_id": {"type": "string",
                               "description": "Slumpad referens (12 tecken), inte löpnummer."},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": {"type": "string"},
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": {"type": "string"},
        "agency_responsible": {"type": "string"},
        "service_notice": {"type": "string"},
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time", "nullable": True},
        "expected_datetime": {"type": "string", "format": "date-time", "nullable": True},
        "address": {"type": "string"},
        "address_id": _NULLABLE_STRING,
        "zipcode": _NULLABLE_STRING,
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "media_url": _NULLABLE_STRING,
    },
}

CREATED = {
    "type": "object",
    "required": ["service_request_id"],
    "properties": {
        "service_request_id": {"type": "string"},
        "service_notice": {"type": "string"},
        "account_id": _NULLABLE_STRING,
    },
}

ERROR = {
    "type": "object",
    "required": ["code", "description"],
    "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
}

FORMAT = {"name": "format", "in": "path", "required": True,
          "schema": {"type": "string", "enum": ["json", "xml"]},
          "description": "Svarsformat: json eller xml."}
JURISDICTION = {"name": "jurisdiction_id", "in": "query", "required": False,
                "schema": {"type": "string"},
                "description": "Kommunkod (t.ex. 0685) eller samverkans kortnamn; krävs när "
                               "flera samverkansgrupper finns."}

API_KEY_QUERY = {"name": "api_key", "in": "query", "required": False,
                 "schema": {"type": "string"},
                 "description": "Bara för äldre numeriska service_request_id (före de slumpade "
                                "referenserna): samverkans Open311-nyckel eller en rapporterande "
                                "medlems API-token."}


def _list_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


def _answers(ok_status: str, ok_schema: dict[str, Any], *errors: str) -> dict[str, Any]:
    def content(schema: dict[str, Any]) -> dict[str, Any]:
        return {"application/json": {"schema": schema}, "text/xml": {"schema": schema}}

    answers: dict[str, Any] = {ok_status: {"description": "OK", "content": content(ok_schema)}}
    for status in errors:
        answers[status] = {"description": "Fel (GeoReport v2-format)",
                           "content": content(_list_of(ERROR))}
    answers["405"] = {"description": "Metoden stöds inte"}
    return answers


def _form_field(kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"type": kind, **extra}


def build_spec() -> dict[str, Any]:
    """The OpenAPI document (a fresh dict each call)."""
    request_form = {
        "type": "object",
        "required": ["api_key", "service_code", "lat", "long"],
        "properties": {
            "jurisdiction_id": _form_field(),
            "api_key": _form_field(description="Samverkans Open311-nyckel eller personlig "
                                               "API-token för en medlem som får rapportera."),
            "service_code": _form_field(),
            "lat": _form_field("number"),
            "long": _form_field("number"),
            "address_string": _form_field(),
            "email": _form_field(),
            "first_name": _form_field(),
            "last_name": _form_field(),
            "phone": _form_field(),
            "description": _form_field(),
            "device_id": _form_field(),
            "account_id": _form_field(),
            "media_url": _form_field(),
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Löfte – Open311 GeoReport v2",
            "version": "v2",
            "description": "Felanmälningar och trygghetsrapporter enligt GeoReport v2. Publikt "
                           "visas bara granskade Open311-ärenden, med position avrundad till "
                           "cirka 100 m och text maskerad vid ankomst.",
        },
        "paths": {
            "/open311/v2/services.{format}": {"get": {
                "operationId": "open311_services",
                "summary": "Tjänster (kategorier) som kan rapporteras",
                "parameters": [FORMAT, JURISDICTION],
                "responses": _answers("200", _list_of(SERVICE), "400", "404"),
            }},
            "/open311/v2/requests.{format}": {
                "get": {
                    "operationId": "open311_requests",
                    "summary": "Publika ärenden",
                    "parameters": [
                        FORMAT, JURISDICTION,
                        {"name": "service_request_id", "in": "query",
                         "schema": {"type": "string"}, "description": "Kommaseparerade id:n."},
                        {"name": "service_code", "in": "query", "schema": {"type": "string"}},
                        {"name": "start_date", "in": "query",
                         "schema": {"type": "string", "format": "date-time"}},
                        {"name": "end_date", "in": "query",
                         "schema": {"type": "string", "format": "date-time"}},
                        {"name": "status", "in": "query", "schema": {"type": "string"},
                         "description": "open, closed eller open,closed."},
                        API_KEY_QUERY,
                        {"name": "page", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
                        {"name": "page_size", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                                    "default": DEFAULT_PAGE_SIZE}},
                    ],
                    "responses": _answers("200", _list_of(SERVICE_REQUEST), "400", "404"),
                },
                "post": {
                    "operationId": "open311_create",
                    "summary": "Skicka in ett ärende (hamnar i granskningskön)",
                    "parameters": [FORMAT],
                    "requestBody": {"required": True, "content": {
                        "application/x-www-form-urlencoded": {"schema": request_form}}},
                    "responses": _answers("201", _list_of(CREATED), "400", "403", "404"),
                },
            },
            "/open311/v2/requests/{service_request_id}.{format}": {"get": {
                "operationId": "open311_request",
                "summary": "Ett publikt ärende",
                "parameters": [
                    {"name": "service_request_id", "in": "path", "required": True,
                     "schema": {"type": "string"}},
                    FORMAT, JURISDICTION, API_KEY_QUERY,
                ],
                "responses": _answers("200", _list_of(SERVICE_REQUEST), "400", "404"),
            }},
        },
    }
