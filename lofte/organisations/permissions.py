"""The permission matrix: which role may do what in a collaboration.

This table is the single source of truth; `docs/permissions.md` is generated from it
(`lofte permissions_doc`) and a test walks every URL and API endpoint for every persona
against it. Actions are named ``<area>.<verb>``; feature apps add their own rows here.
"""

from __future__ import annotations

from lofte.organisations.models import Role

A, C, N, R, L = (
    Role.ADMINISTRATOR,
    Role.COORDINATOR,
    Role.ANALYST,
    Role.REPORTER,
    Role.READER,
)

# action -> (Swedish description, roles allowed)
MATRIX: dict[str, tuple[str, frozenset[str]]] = {
    "collaboration.view": ("Se samverkans översikt och karta", frozenset({A, C, N, R, L})),
    "collaboration.manage": ("Ändra samverkan, aktörer och medlemmar", frozenset({A, C})),
    "audit.view": ("Se granskningsloggen för samverkan", frozenset({A})),
    "incident.report": ("Rapportera händelser (EST)", frozenset({A, C, N, R})),
    "incident.view_own": ("Se och ändra egna rapporter", frozenset({A, C, N, R})),
    "incident.view_all": ("Se alla rapporter i samverkan", frozenset({A, C, N})),
    "incident.review": ("Granska, klassa, slå ihop rapporter och moderera tips", frozenset({A, C})),
    "incident.import": ("Importera rapporter från fil", frozenset({A, C})),
    "situation.view": ("Se veckobild och lägesbild", frozenset({A, C, N, L})),
    "situation.edit": ("Skriva och ändra lägesbild", frozenset({A, C, N})),
    "situation.approve": ("Godkänna lägesbild för sin part", frozenset({A, C})),
    "meeting.manage": ("Leda möten och besluta åtgärder", frozenset({A, C})),
    "promise.view": ("Se löften, åtgärdsplaner och uppföljning", frozenset({A, C, N, R, L})),
    "promise.edit": ("Skapa och ändra löften och åtgärdsplaner", frozenset({A, C})),
    "promise.approve": ("Godkänna löfte eller uppföljning för sin part", frozenset({A, C})),
    "activity.record": ("Registrera genomförda aktiviteter", frozenset({A, C, N, R})),
    "import.run": ("Importera officiella källor", frozenset({A, C, N})),
}


def allowed(role: str | None, action: str) -> bool:
    """Whether ``role`` may perform ``action``. Unknown actions are denied."""
    if role is None or action not in MATRIX:
        return False
    return role in MATRIX[action][1]


def render_markdown() -> str:
    roles = list(Role)
    lines = [
        "# Behörigheter",
        "",
        "Genererad från `lofte/organisations/permissions.py` med `lofte permissions_doc`;",
        "ett test kontrollerar att filen är aktuell och att varje sida och API-anrop följer den.",
        "Roller gäller per samverkan. Plattformsadministratörer (is_superuser) når Djangos admin",
        "och referensdata men ser bara de samverkan de är medlemmar i.",
        "Medborgare (ej inloggade) når bara de offentliga sidorna, tipsformuläret och öppna data.",
        "",
        "| Åtgärd | Beskrivning | " + " | ".join(str(r.label) for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for action, (description, allowed_roles) in MATRIX.items():
        marks = " | ".join("✔" if r.value in allowed_roles else "–" for r in roles)
        lines.append(f"| `{action}` | {description} | {marks} |")
    return "\n".join(lines) + "\n"
