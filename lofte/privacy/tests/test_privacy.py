"""Registerutdrag and radering: everything planted is found, then nothing of it is left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lofte.accounts.models import ApiToken
from lofte.core.models import AuditEntry
from lofte.incidents.models import Incident, IncidentPhoto
from lofte.organisations.models import Membership
from lofte.privacy import services
from lofte.privacy.matching import SubjectError, parse_subject
from lofte.privacy.tests.conftest import (
    CITIZEN_EMAIL,
    CITIZEN_NAME,
    CITIZEN_PERSONNUMMER,
    CITIZEN_PHONE,
    CITIZEN_VARIANTS,
    OTHER_EMAIL,
    OTHER_NAME,
    OTHER_PERSONNUMMER,
    OTHER_PHONE,
    USER_PHONE,
    USER_TITLE,
)

pytestmark = pytest.mark.django_db

CITIZEN_ARGS = ["--email", CITIZEN_EMAIL, "--phone", CITIZEN_PHONE,
                "--personnummer", CITIZEN_PERSONNUMMER, "--name", CITIZEN_NAME]


def citizen() -> Any:
    return parse_subject(emails=[CITIZEN_EMAIL], phones=[CITIZEN_PHONE],
                         personnummer=[CITIZEN_PERSONNUMMER], names=[CITIZEN_NAME])


def database_text() -> list[tuple[str, str]]:
    """Every non-empty value of every column of every table, as (table, text)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = [c.name for c in connection.introspection.get_table_description(
                cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                found.extend((table, str(value)) for value in row
                             if value not in (None, "") and not isinstance(value, int | float))
    return found


def traces(values: tuple[str, ...]) -> list[tuple[str, str]]:
    lowered = [v.lower() for v in values]
    return [(table, text[:120]) for table, text in database_text()
            if any(v in text.lower() for v in lowered)]


PLANTED_CITIZEN = (CITIZEN_NAME, CITIZEN_EMAIL, CITIZEN_PHONE, CITIZEN_PERSONNUMMER,
                   *CITIZEN_VARIANTS)
BYSTANDER = (OTHER_NAME, OTHER_EMAIL, OTHER_PHONE, OTHER_PERSONNUMMER)


def test_planted_values_are_in_the_database_before(planted: dict[str, Any]) -> None:
    # Guards the scan itself: it must see what the fixture planted.
    assert {t for t, _ in traces(PLANTED_CITIZEN)} >= {
        "incidents_incident", "incidents_meeting", "incidents_decision",
        "promises_activityrecord", "incidents_feedbackmessage", "incidents_checklistreport"}


def test_extract_finds_everything_planted_and_nothing_else(planted: dict[str, Any]) -> None:
    findings = services.find_personal_data(citizen())
    mentioned = {(m.label, m.pk) for m in findings.mentions}
    assert mentioned == {
        ("incidents.incident", planted["tip"].pk),
        ("incidents.incident", planted["mention"].pk),
        ("incidents.feedbackmessage", planted["feedback"].pk),
        ("incidents.meeting", planted["meeting"].pk),
        ("incidents.decision", planted["decision"].pk),
        ("promises.activityrecord", planted["record"].pk),
        ("incidents.checklistreport", planted["checklist"].pk),
    }
    by_key = {(m.label, m.pk): set(m.fields) for m in findings.mentions}
    assert by_key[("incidents.incident", planted["tip"].pk)] == {
        "description", "contact_name", "contact_email"}
    assert by_key[("incidents.decision", planted["decision"].pk)] == {"owner", "follow_up"}
    assert by_key[("incidents.meeting", planted["meeting"].pk)] == {"notes", "participants"}
    assert [i.pk for i in findings.contact_incidents] == [planted["tip"].pk]
    assert [f.pk for f in findings.feedback_messages] == [planted["feedback"].pk]
    assert findings.users == [] and findings.reported_incidents == []
    data = services.build_extract(findings)
    text = json.dumps(data, ensure_ascii=False)
    assert CITIZEN_EMAIL in text and "0703141592" in text
    assert OTHER_EMAIL not in text  # the bystander's e-mail is in the note, not in an excerpt


def test_extract_of_a_user_lists_account_and_what_they_did(
        planted: dict[str, Any], reporter: Any) -> None:
    findings = services.find_personal_data(parse_subject(usernames=[reporter.username]))
    counts = findings.counts()
    assert findings.users == [reporter]
    assert counts["memberships"] == 1 and counts["api_tokens"] == 1
    assert [i.pk for i in findings.reported_incidents] == [planted["own_report"].pk]
    assert [r.pk for r in findings.activity_records] == [planted["record"].pk]
    assert [c.pk for c in findings.checklist_reports] == [planted["checklist"].pk]
    # Feedback sent to the account's address is found although only the user name was given.
    assert [f.pk for f in findings.feedback_messages] == [planted["own_feedback"].pk]
    assert ("incidents.feedbackmessage", planted["own_feedback"].pk) in {
        (m.label, m.pk) for m in findings.mentions}
    assert counts["audit_entries_as_actor"] >= 3
    data = services.build_extract(findings)
    account = data["konton"][0]
    assert account["telefon"] == USER_PHONE and account["befattning"] == USER_TITLE
    token = ApiToken.objects.get(user=reporter)
    assert account["api_nycklar"][0]["prefix"] == token.prefix
    assert token.token_hash not in json.dumps(data)
    # Phone alone finds the same account, however it is written.
    by_phone = services.find_personal_data(parse_subject(phones=["+46765551234"]))
    assert by_phone.users == [reporter]


def test_extract_command_writes_json_and_audits_once(planted: dict[str, Any], tmp_path: Path,
                                                     capsys: Any) -> None:
    out = tmp_path / "utdrag.json"
    before = AuditEntry.objects.count()
    call_command("privacy", "extract", *CITIZEN_ARGS, "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["registerutdrag"]["antal"]["tips_with_contact_details"] == 1
    assert len(data["omnämnanden"]) == 7
    summary = capsys.readouterr().err
    assert "fritextfält som nämner personen: 7" in summary
    entries = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert [(e.action, e.object_type) for e in entries] == [("export", "privacy.extract")]
    dump = f"{entries[0].after} {entries[0].note} {entries[0].object_repr}"
    assert not any(v.lower() in dump.lower() for v in PLANTED_CITIZEN)


@pytest.mark.parametrize("args, message", [
    ([], "Ange minst en uppgift"),
    (["--personnummer", "19850412-2385"], "Ogiltigt personnummer"),
    (["--personnummer", "850412"], "Ogiltigt personnummer"),
    (["--email", "inte-en-adress"], "Ogiltig e-postadress"),
    (["--phone", "12"], "Ogiltigt telefonnummer"),
    (["--name", "Kalle"], "för- och efternamn"),
])
def test_bad_arguments_give_a_swedish_message_and_change_nothing(
        planted: dict[str, Any], args: list[str], message: str) -> None:
    before = (AuditEntry.objects.count(), traces(PLANTED_CITIZEN))
    with pytest.raises(CommandError, match=message):
        call_command("privacy", "erase", *args, "--yes")
    assert (AuditEntry.objects.count(), traces(PLANTED_CITIZEN)) == before


def test_dry_run_changes_nothing(planted: dict[str, Any], media: Path) -> None:
    before = (AuditEntry.objects.count(), database_text(), sorted(media.rglob("*.jpg")))
    result = services.erase_personal_data(None, citizen(), dry_run=True)
    assert result.dry_run and result.fields_erased >= 10 and result.photos_deleted == 1
    assert (AuditEntry.objects.count(), database_text(), sorted(media.rglob("*.jpg"))) == before


def test_erase_leaves_no_trace_of_the_citizen(
        planted: dict[str, Any], media: Path, django_capture_on_commit_callbacks: Any) -> None:
    tip_photo = IncidentPhoto.objects.get(incident=planted["tip"]).image.name
    bystander_photo = IncidentPhoto.objects.get(incident=planted["bystander_tip"]).image.name
    before = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy", "erase", *CITIZEN_ARGS, "--yes")
    assert traces(PLANTED_CITIZEN) == []
    # Exactly one audit entry, itself without the details.
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.object_type == "privacy.erasure"
    # Records are kept (allmänna handlingar), their text anonymised.
    tip = Incident.objects.get(pk=planted["tip"].pk)
    assert tip.contact_email == "" and tip.contact_name == ""
    assert tip.description == "Jag heter [raderad] och bor vid skolan."
    assert not (media / tip_photo).exists()
    assert not IncidentPhoto.objects.filter(incident=tip).exists()
    # The bystander is untouched everywhere.
    assert (media / bystander_photo).exists()
    assert {t for t, _ in traces(BYSTANDER)} >= {"incidents_incident", "incidents_meeting",
                                                 "promises_activityrecord"}
    # A second run finds nothing and writes nothing.
    again = services.erase_personal_data(None, citizen())
    assert not again.changed and AuditEntry.objects.count() == before + 1


def test_erase_of_a_user_anonymises_the_account(
        planted: dict[str, Any], reporter: Any, media: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    email, username = reporter.email, reporter.username
    own_photo = IncidentPhoto.objects.get(incident=planted["own_report"]).image.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy", "erase", "--user", username, "--phone", USER_PHONE, "--yes")
    reporter.refresh_from_db()
    assert reporter.username == f"raderad-{reporter.pk}" and not reporter.is_active
    assert not reporter.has_usable_password()
    assert not Membership.objects.filter(user=reporter).exists()
    assert not ApiToken.objects.filter(user=reporter).exists()
    assert not (media / own_photo).exists()
    # The report itself is kept, linked to the anonymised account.
    assert Incident.objects.get(pk=planted["own_report"].pk).reporter_id == reporter.pk
    assert traces((email, USER_PHONE, USER_TITLE, "Rapportsson")) == []
    # The former user name stays only in the append-only audit log (see docs/privacy.md).
    assert {t for t, _ in traces((username,))} <= {"core_auditentry"}
    result = services.erase_personal_data(None, parse_subject(usernames=[username]))
    assert not result.changed


def test_parse_subject_reads_the_usual_formats() -> None:
    subject = parse_subject(phones=["+46 (0)70-314 15 92"], personnummer=["8504122386"])
    assert subject.phones == ("0703141592",) and subject.personnummer == ("8504122386",)
    text = "Tel 070/314 15 92, 0046 70 314 15 92, pnr 19850412-2386; ej 070-314 15 93."
    assert subject.erase(text) == "Tel [raderad], [raderad], pnr [raderad]; ej 070-314 15 93."
    with pytest.raises(SubjectError):
        parse_subject(personnummer=["850412-2387"])
