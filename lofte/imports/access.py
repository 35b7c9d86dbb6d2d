"""Scoped reads of a collaboration's import data (404 for other collaborations' objects).

Official statistics and police events are public data and shared by every collaboration;
dialogue results and import runs started from a collaboration belong to it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lofte.imports.models import DialogueResult, ImportRun
from lofte.organisations.access import Scope


def dialogues_for_scope(scope: Scope) -> QuerySet[DialogueResult]:
    return DialogueResult.objects.filter(collaboration=scope.collaboration)


def get_dialogue_for_scope(scope: Scope, pk: int) -> DialogueResult:
    result = dialogues_for_scope(scope).filter(pk=pk).first()
    if result is None:
        raise Http404
    return result


def runs_for_scope(scope: Scope) -> QuerySet[ImportRun]:
    """Runs started from this collaboration, and platform runs (scheduler, commands)."""
    return ImportRun.objects.filter(
        Q(collaboration=scope.collaboration) | Q(collaboration__isnull=True)
    ).select_related("actor")


def get_run_for_scope(scope: Scope, pk: int) -> ImportRun:
    run = runs_for_scope(scope).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
