"""Which stored text may hold data about a person: the one list the register extract reads.

Every ``CharField``/``TextField``/``JSONField`` (without fixed choices) of every Löfte model is
either searched for the person's e-mail, phone number, personnummer and name
(:data:`SEARCHED_FIELDS`), or excluded with a reason (:data:`EXCLUDED_MODELS`,
:data:`EXCLUDED_FIELDS`). ``lofte/privacy/tests/test_fields.py`` fails when a new text field
is in neither, so a new free-text field cannot silently escape the register extract.

:data:`WHOLE_VALUE_FIELDS` hold nothing but the person's detail (a contact address, a name
label); erasure blanks the whole value instead of replacing the matching words.
:data:`RETAINED_FIELDS` are listed in the extract but not changed by erasure, with the reason.
"""

from __future__ import annotations

SEARCHED_FIELDS: dict[str, tuple[str, ...]] = {
    "incidents.incident": ("description", "address", "contact_name", "contact_email"),
    "incidents.feedbackmessage": ("recipient", "body"),
    "incidents.checklistreport": ("note",),
    "incidents.place": ("name",),
    "incidents.meeting": ("title", "notes", "participants", "agenda"),
    "incidents.decision": ("what", "where", "owner", "hot_spot", "follow_up"),
    "promises.promise": ("title", "summary", "background", "situation_summary",
                         "situation_reference", "effect", "follow_up_text", "revision_note",
                         "signed_place"),
    "promises.focusarea": ("title", "description"),
    "promises.commitment": ("text",),
    "promises.activity": ("description", "partner_name", "place_name", "unit", "problems",
                          "indicators", "finding_reference", "assessment", "recurring_dates"),
    "promises.signatory": ("name", "role", "organisation_name"),
    "promises.followup": ("text", "snapshot"),
    "promises.approval": ("user_label",),
    "promises.activityrecord": ("place_name", "participants", "figures", "note"),
    "promises.activityphoto": ("caption",),
    # Snapshots are generated, but copy promise and activity texts; they are searched too.
    "situation.situationreport": ("title", "revision_note", "snapshot", "public_snapshot"),
    "situation.reportsection": ("body",),
    "situation.problem": ("title", "description", "place_name", "time_pattern",
                          "triangle_place", "triangle_offender", "triangle_target",
                          "suspected_causes", "source_figure"),
    "imports.dialogueresult": ("area", "topic", "free_text"),
    "documents.pendingextraction": ("source_name", "source_text", "extraction"),
    "organisations.collaboration": ("name", "description"),
    "organisations.organisation": ("name",),
    "accounts.apitoken": ("name",),
}

WHOLE_VALUE_FIELDS: frozenset[str] = frozenset({
    "incidents.incident.contact_name",
    "incidents.incident.contact_email",
    "incidents.feedbackmessage.recipient",
    "promises.approval.user_label",
})

RETAINED_FIELDS: dict[str, str] = {
    "promises.signatory.name": (
        "Undertecknare av ett beslutat medborgarlöfte är tjänstepersoner i sin roll; "
        "löftet är en allmän handling som ska bevaras (arkivlagen)."),
    "promises.signatory.role": "som ovan",
    "promises.signatory.organisation_name": "som ovan",
}

EXCLUDED_MODELS: dict[str, str] = {
    "core.auditentry": (
        "Granskningsloggen är append-only (trigger i PostgreSQL); fritext redigeras bort "
        "redan när posten skrivs (audit.redacted). Poster där personen är aktör tas med i "
        "utdraget via aktörs-id, inte via textsökning."),
    "accounts.user": "Kontot hittas via användarnamn, e-post eller telefon (identitet), "
                     "inte via fritextsökning.",
    "geo.county": "Referensdata (SCB/Lantmäteriet), inga personuppgifter.",
    "geo.municipality": "Referensdata, inga personuppgifter.",
    "geo.policeregion": "Referensdata, inga personuppgifter.",
    "geo.policedistrict": "Referensdata, inga personuppgifter.",
    "geo.policearea": "Referensdata, inga personuppgifter.",
    "imports.importrun": "Systemmeddelanden om importkörningar (filnamn, fel), ingen fritext "
                         "om personer.",
    "imports.policeevent": "Polisens publicerade händelser (polisen.se), redan offentliga och "
                           "utan namn; läses in oförändrade.",
    "imports.crimestatistic": "Aggregerad officiell statistik (BRÅ, Kolada).",
    "imports.surveyresult": "Aggregerade enkätresultat.",
    "imports.historicalincident": "Inga textfält utom kategori (kod).",
    "documents.registeredpromise": (
        "Det nationella registret innehåller publicerade löftestexter från kommunernas "
        "webbplatser, redan offentliga; namn där är tjänstepersoner i sin roll."),
    "documents.registeredactivity": "Delar av publicerade löftestexter, som ovan.",
    "incidents.incidentcategory": "Kategorinamn som samverkan själv sätter, ingen persondata.",
    "incidents.open311key": "Namn på integrationer och nyckelhashar.",
    "situation.peakreminder": "Intern nyckel för påminnelser.",
}

EXCLUDED_FIELDS: dict[str, str] = {
    "accounts.apitoken.prefix": "Slumpade tecken ur nyckeln, ingen persondata.",
    "accounts.apitoken.token_hash": "SHA-256 av nyckeln; lämnas aldrig ut.",
    "incidents.incident.external_id": "Id i källsystemet (import, Open311), ingen fritext.",
    "incidents.incident.client_token": "Slumpad engångsnyckel från telefonen.",
    "incidents.incident.public_id": "Slumpat ärendenummer, ingen persondata.",
    "documents.pendingextraction.source_hash": "Kontrollsumma.",
    "organisations.collaboration.slug": "Kortnamn i adresser, bildat av kommunens namn.",
}
