"""Registerutdrag (GDPR art. 15) and radering (art. 17) for one data subject.

:func:`find_personal_data` looks for the person in three ways:

1. **account**: a user whose user name or e-mail is given (``--user``), whose e-mail equals a
   given address or whose phone equals a given number; with it come memberships, API tokens
   (name and prefix, never the hash), second-factor devices, the reports, checklists, activity
   records and approvals they made, and the audit entries with them as actor;
2. **contact details**: reports, tips and Open311 requests whose ``contact_email`` or
   ``contact_name`` is the person's, and the återkoppling sent to them;
3. **mentions**: every field listed in :data:`lofte.privacy.fields.SEARCHED_FIELDS` that
   contains a given e-mail, phone number, personnummer or name in any usual format.

:func:`extract_register` turns the findings into JSON-safe data; :func:`erase_personal_data`
anonymises them in one transaction with one audit entry. Records are anonymised rather than
deleted: reports, meetings and decisions are allmänna handlingar (see ``docs/privacy.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lofte.core import audit
from lofte.core.models import AuditAction, AuditEntry
from lofte.incidents.models import ChecklistReport, FeedbackMessage, Incident, IncidentPhoto
from lofte.privacy.fields import RETAINED_FIELDS, SEARCHED_FIELDS, WHOLE_VALUE_FIELDS
from lofte.privacy.matching import MARKER, Subject, normalise_phone, parse_subject
from lofte.promises.models import ActivityRecord, Approval

KIND_LABELS: dict[str, Any] = {  # lazy translations
    "account": _("användarkonto"),
    "memberships": _("medlemskap i samverkan"),
    "api_tokens": _("API-nycklar"),
    "two_factor": _("enheter för tvåstegsverifiering"),
    "reported_incidents": _("rapporter som personen skickat"),
    "tips_with_contact_details": _("rapporter och tips med personens kontaktuppgifter"),
    "feedback_messages": _("återkopplingar till personen"),
    "checklist_reports": _("veckochecklistor"),
    "activity_records": _("registrerade aktiviteter"),
    "approvals": _("godkännanden"),
    "audit_entries_as_actor": _("poster i granskningsloggen där personen är aktör"),
    "mentions": _("fritextfält som nämner personen"),
}


@dataclass(frozen=True)
class Mention:
    """One record whose listed text fields mention the subject."""

    label: str
    pk: Any
    fields: tuple[str, ...]
    excerpts: tuple[str, ...]


@dataclass
class Findings:
    """Everything stored about one subject (see :func:`find_personal_data`)."""

    subject: Subject
    users: list[Any] = field(default_factory=list)
    reported_incidents: list[Incident] = field(default_factory=list)
    contact_incidents: list[Incident] = field(default_factory=list)
    feedback_messages: list[FeedbackMessage] = field(default_factory=list)
    checklist_reports: list[ChecklistReport] = field(default_factory=list)
    activity_records: list[ActivityRecord] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    audit_entry_count: int = 0
    mentions: list[Mention] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        memberships = sum(u.memberships.count() for u in self.users)
        tokens = sum(u.api_tokens.count() for u in self.users)
        return {
            "account": len(self.users), "memberships": memberships, "api_tokens": tokens,
            "two_factor": sum(_device_count(u) for u in self.users),
            "reported_incidents": len(self.reported_incidents),
            "tips_with_contact_details": len(self.contact_incidents),
            "feedback_messages": len(self.feedback_messages),
            "checklist_reports": len(self.checklist_reports),
            "activity_records": len(self.activity_records),
            "approvals": len(self.approvals),
            "audit_entries_as_actor": self.audit_entry_count,
            "mentions": len(self.mentions),
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts().values())


def _device_models() -> list[type[models.Model]]:
    found = []
    for app_label, name in (("otp_totp", "TOTPDevice"), ("otp_static", "StaticDevice")):
        try:
            found.append(apps.get_model(app_label, name))
        except LookupError:
            continue
    return found


def _device_count(user: Any) -> int:
    return sum(model.objects.filter(user=user).count()  # type: ignore[attr-defined]
               for model in _device_models())


def _find_users(subject: Subject) -> list[Any]:
    user_model = get_user_model()
    query = Q(pk__in=[])
    for name in subject.usernames:
        query |= Q(username=name) | (Q(email__iexact=name) if "@" in name else Q(pk__in=[]))
    for email in subject.emails:
        query |= Q(email__iexact=email)
    users = {u.pk: u for u in user_model.objects.filter(query)}
    if subject.phones:
        for user in user_model.objects.exclude(phone="").only("pk", "phone"):
            if normalise_phone(user.phone) in subject.phones:
                users.setdefault(user.pk, user_model.objects.get(pk=user.pk))
    return sorted(users.values(), key=lambda u: u.pk)


def _with_account_details(subject: Subject, users: list[Any]) -> Subject:
    emails = {u.email.strip().lower() for u in users if u.email.strip()} - set(subject.emails)
    phones = {normalise_phone(u.phone) for u in users if u.phone} - set(subject.phones) - {""}
    if not emails and not phones:
        return subject
    return parse_subject(
        usernames=subject.usernames, emails=[*subject.emails, *sorted(emails)],
        phones=[*subject.phones, *sorted(phones)], personnummer=subject.personnummer,
        names=subject.names)


def _find_mentions(subject: Subject) -> list[Mention]:
    mentions = []
    for label, names in SEARCHED_FIELDS.items():
        model = apps.get_model(label)
        for row in model.objects.order_by("pk").values_list("pk", *names).iterator(
                chunk_size=2000):
            hits = [(name, value) for name, value in zip(names, row[1:], strict=True)
                    if value and subject.mentions(value)]
            if hits:
                mentions.append(Mention(
                    label=label, pk=row[0], fields=tuple(name for name, _ in hits),
                    excerpts=tuple(e for _, value in hits for e in subject.excerpts(value)),
                ))
    return mentions


def find_personal_data(subject: Subject) -> Findings:
    """Every record holding data about ``subject`` (reads only).

    The e-mail address and phone number of a found account are searched for too (a
    feedback message to the account's address, a note with its number); its name is not, since
    a name alone matches other people.
    """
    users = _find_users(subject)
    subject = _with_account_details(subject, users)
    findings = Findings(subject=subject, users=users)
    findings.mentions = _find_mentions(subject)
    related = ("category", "collaboration")
    findings.reported_incidents = list(
        Incident.objects.filter(reporter__in=users).select_related(*related).order_by("pk"))
    contact_ids = {m.pk for m in findings.mentions if m.label == "incidents.incident"
                   and {"contact_email", "contact_name"} & set(m.fields)}
    findings.contact_incidents = list(
        Incident.objects.filter(pk__in=contact_ids).select_related(*related).order_by("pk"))
    incident_ids = {i.pk for i in findings.reported_incidents} | contact_ids
    recipient_ids = {m.pk for m in findings.mentions if m.label == "incidents.feedbackmessage"
                     and "recipient" in m.fields}
    findings.feedback_messages = list(FeedbackMessage.objects.filter(
        Q(incident_id__in=incident_ids) | Q(pk__in=recipient_ids)).order_by("pk"))
    findings.checklist_reports = list(
        ChecklistReport.objects.filter(reporter__in=users).order_by("pk"))
    findings.activity_records = list(
        ActivityRecord.objects.filter(recorded_by__in=users).order_by("pk"))
    findings.approvals = list(Approval.objects.filter(user__in=users).order_by("pk"))
    findings.audit_entry_count = AuditEntry.objects.filter(actor__in=users).count()
    return findings


# --- the extract ---------------------------------------------------------------------------


def _incident_data(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk, "samverkan": incident.collaboration.slug,
        "kategori": incident.category.name, "källa": incident.source,
        "inträffade": incident.occurred_from, "mottagen": incident.created_at,
        "latitud": incident.lat, "longitud": incident.lon, "adress": incident.address,
        "beskrivning": incident.description, "status": incident.status,
        "moderering": incident.moderation, "kontaktperson": incident.contact_name,
        "e_post": incident.contact_email, "antal_foton": incident.photos.count(),
    }


def _user_data(user: Any) -> dict[str, Any]:
    return {
        "id": user.pk, "användarnamn": user.username, "e_post": user.email,
        "förnamn": user.first_name, "efternamn": user.last_name, "befattning": user.title,
        "telefon": user.phone, "skapat": user.date_joined, "senast_inloggad": user.last_login,
        "aktivt": user.is_active,
        "medlemskap": [
            {"samverkan": m.collaboration.slug, "organisation": m.organisation.name,
             "roll": m.role, "sedan": m.created_at}
            for m in user.memberships.select_related("collaboration", "organisation")
        ],
        "api_nycklar": [
            # Only what identifies the key to its owner; the hash is never handed out.
            {"namn": t.name, "prefix": t.prefix, "skapad": t.created_at,
             "senast_använd": t.last_used_at, "giltig_till": t.expires_at,
             "återkallad": t.is_revoked}
            for t in user.api_tokens.order_by("pk")
        ],
        "tvåstegsverifiering": {model._meta.model_name: model.objects.filter(  # type: ignore[attr-defined]
            user=user).count() for model in _device_models()},
        "granskningslogg": [
            {"id": e.pk, "tid": e.at, "händelse": e.action, "objekttyp": e.object_type,
             "objekt_id": e.object_id}
            for e in AuditEntry.objects.filter(actor=user).order_by("at", "pk")
        ],
    }


def build_extract(findings: Findings) -> dict[str, Any]:
    """JSON-safe register extract of ``findings`` (dates as ISO 8601 strings)."""
    data: dict[str, Any] = {
        "registerutdrag": {
            "skapat": timezone.now(),
            "personuppgiftsansvarig": "se docs/privacy.md",
            "sökt_på": findings.subject.describe(),
            "antal": findings.counts(),
        },
        "konton": [_user_data(u) for u in findings.users],
        "rapporter": [_incident_data(i) for i in findings.reported_incidents],
        "tips_med_kontaktuppgifter": [_incident_data(i) for i in findings.contact_incidents],
        "återkopplingar": [
            {"id": f.pk, "rapport": f.incident_id, "mottagare": f.recipient, "text": f.body,
             "skickad": f.sent_at} for f in findings.feedback_messages],
        "veckochecklistor": [
            {"id": c.pk, "vecka": c.week_start, "inget_att_rapportera": c.is_nothing_to_report,
             "antal": c.incident_count, "kommentar": c.note} for c in findings.checklist_reports],
        "aktiviteter": [
            {"id": r.pk, "aktivitet": r.activity_id, "datum": r.performed_on,
             "plats": r.place_name, "deltagare": r.participants, "anteckning": r.note}
            for r in findings.activity_records],
        "godkännanden": [
            {"id": a.pk, "part": a.party, "löfte": a.promise_id, "uppföljning": a.follow_up_id,
             "tid": a.approved_at} for a in findings.approvals],
        "omnämnanden": [
            {"objekt": m.label, "id": m.pk, "fält": list(m.fields),
             "utdrag": list(m.excerpts),
             "behålls": [f for f in m.fields if f"{m.label}.{f}" in RETAINED_FIELDS]}
            for m in findings.mentions],
    }
    return audit._jsonable(data)  # type: ignore[no-any-return]


def extract_register(actor: Any, subject: Subject) -> dict[str, Any]:
    """Find everything about ``subject``, audit the read once, and return the extract."""
    findings = find_personal_data(subject)
    data = build_extract(findings)
    audit.record(actor, AuditAction.EXPORT, object_type="privacy.extract",
                 object_repr="Registerutdrag (GDPR art. 15)",
                 after={"sökt_på": subject.describe(), "antal": findings.counts()},
                 note="registerutdrag")
    return data


# --- erasure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    """What :func:`erase_personal_data` changed (or, with ``dry_run``, would change)."""

    counts: dict[str, int]
    fields_erased: int
    fields_retained: int
    photos_deleted: int
    dry_run: bool

    @property
    def changed(self) -> bool:
        return bool(self.fields_erased or self.photos_deleted or self.counts.get("account"))


def _has_updated_at(model: type[models.Model]) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def _erase_mention(subject: Subject, mention: Mention, now: dt.datetime) -> tuple[int, int]:
    model = apps.get_model(mention.label)
    instance = model.objects.select_for_update().get(pk=mention.pk)
    changed: list[str] = []
    retained = 0
    for name in mention.fields:
        key = f"{mention.label}.{name}"
        if key in RETAINED_FIELDS:
            retained += 1
            continue
        value = getattr(instance, name)
        if key in WHOLE_VALUE_FIELDS:
            new = MARKER if name == "user_label" else ""
        else:
            new = subject.erase(value)
        if new != value:
            setattr(instance, name, new)
            changed.append(name)
    if changed:
        if _has_updated_at(model):
            instance.updated_at = now
            changed.append("updated_at")
        instance.save(update_fields=changed)
    return len([n for n in changed if n != "updated_at"]), retained


def _anonymise_user(user: Any) -> None:
    for model in _device_models():
        model.objects.filter(user=user).delete()  # type: ignore[attr-defined]
    user.api_tokens.all().delete()
    user.memberships.all().delete()
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            apps.get_model("axes", name).objects.filter(username=user.username).delete()
        except LookupError:
            continue
    user.username = f"raderad-{user.pk}"
    user.email = user.first_name = user.last_name = user.title = user.phone = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every session (the session hash changes)
    user.save(update_fields=["username", "email", "first_name", "last_name", "title", "phone",
                             "is_active", "is_staff", "is_superuser", "password"])


def erase_personal_data(actor: Any, subject: Subject, *, dry_run: bool = False) -> ErasureResult:
    """Anonymise everything stored about ``subject``.

    Steps, in one transaction:

    1. find the records (:func:`find_personal_data`);
    2. replace each mention in a searched field by ``[raderad]`` (contact fields and
       recipients are blanked whole; fields in ``RETAINED_FIELDS`` are kept and counted);
    3. blank the contact details of the person's tips and delete the photos of their reports
       and tips;
    4. anonymise the account: user name ``raderad-<id>``, details blanked, no password, not
       active; memberships, API tokens, second-factor devices and login-attempt rows deleted;
    5. write one audit entry with the counts (never the details searched for); none when
       there was nothing to do, so a second run changes nothing.

    After commit the photo files are removed from storage and cached pictures go stale.
    """
    now = timezone.now()
    with transaction.atomic():
        findings = find_personal_data(subject)
        counts = findings.counts()
        incidents = {i.pk: i for i in (*findings.reported_incidents, *findings.contact_incidents)}
        photos = list(IncidentPhoto.objects.filter(incident_id__in=incidents)
                      .select_related("incident"))
        erasable = sum(1 for m in findings.mentions for f in m.fields
                       if f"{m.label}.{f}" not in RETAINED_FIELDS)
        retained = sum(1 for m in findings.mentions for f in m.fields
                       if f"{m.label}.{f}" in RETAINED_FIELDS)
        if dry_run or findings.is_empty:
            return ErasureResult(counts=counts, fields_erased=erasable, fields_retained=retained,
                                 photos_deleted=len(photos), dry_run=dry_run)
        erased = 0
        for mention in findings.mentions:
            done, _retained = _erase_mention(subject, mention, now)
            erased += done
        for incident in findings.contact_incidents:
            Incident.objects.filter(pk=incident.pk).update(contact_name="", contact_email="",
                                                           updated_at=now)
        file_names = [p.image.name for p in photos if p.image.name]
        IncidentPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
        for user in findings.users:
            _anonymise_user(user)
        result = ErasureResult(counts=counts, fields_erased=erased, fields_retained=retained,
                               photos_deleted=len(photos), dry_run=False)
        # Cached weekly pictures hold report texts and positions: let them go stale.
        mentioned = [m.pk for m in findings.mentions if m.label == "incidents.incident"]
        collaboration_ids = sorted(
            {i.collaboration_id for i in incidents.values()}
            | set(Incident.objects.filter(pk__in=mentioned)
                  .values_list("collaboration_id", flat=True)))
        audit.record(
            actor, AuditAction.UPDATE, object_type="privacy.erasure",
            object_repr="Radering för en registrerad (GDPR art. 17)",
            after={"sökt_på": subject.describe(), "antal": counts, "fält_raderade": erased,
                   "fält_behållna": retained, "foton_raderade": len(photos),
                   "konton": [u.pk for u in findings.users]},
            note="radering",
        )
        transaction.on_commit(lambda: _after_commit(file_names, collaboration_ids))
    return result


def _after_commit(file_names: Iterable[str], collaboration_ids: Iterable[int]) -> None:
    from lofte.incidents.picture import bump_picture_version

    storage = IncidentPhoto._meta.get_field("image").storage
    for name in file_names:
        storage.delete(name)
    for collaboration_id in collaboration_ids:
        bump_picture_version(collaboration_id)
