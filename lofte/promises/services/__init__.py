"""Every write to promises, activities, records and follow-ups.

Each function runs in one transaction and writes one audit entry. Life cycle of a promise:
draft → agreed (both parties approved) → signed → published → revised (replaced by a newer
published version) or closed. Only drafts change; a published version is never edited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from lofte.promises.services._common import (
    ACTIVITY_FIELDS,
    PROMISE_FIELDS,
    RECORDING_STATUSES,
    REMINDER_INTERVAL_DAYS,
    party_of,
)
from lofte.promises.services.follow_ups import (
    approve_follow_up,
    build_snapshot,
    compose_follow_up,
    compose_text,
    follow_up_window,
    publish_follow_up,
    update_follow_up_text,
)
from lofte.promises.services.lifecycle import (
    SignatoryIn,
    approve_promise,
    assess_activity,
    close_promise,
    create_promise,
    delete_activity,
    delete_draft,
    delete_structure_item,
    publish_promise,
    revise_promise,
    save_activity,
    save_commitment,
    save_focus_area,
    sign_promise,
    update_promise,
    validate_target,
)
from lofte.promises.services.records import (
    ImportRejected,
    delete_record,
    import_records,
    record_activity,
    send_reminders,
)

__all__ = [
    "ACTIVITY_FIELDS", "PROMISE_FIELDS", "RECORDING_STATUSES", "REMINDER_INTERVAL_DAYS",
    "ImportRejected", "SignatoryIn", "ValidationError", "approve_follow_up", "approve_promise",
    "assess_activity", "build_snapshot", "close_promise", "compose_follow_up", "compose_text",
    "create_promise", "delete_activity", "delete_draft", "delete_record",
    "delete_structure_item", "follow_up_window", "import_records", "party_of",
    "publish_follow_up", "publish_promise", "record_activity", "revise_promise",
    "save_activity", "save_commitment", "save_focus_area", "send_reminders", "sign_promise",
    "update_follow_up_text", "update_promise", "validate_target",
]
