"""The persona fixtures live in ``lofte/testing/personas.py`` (loaded for the whole suite by
the root ``conftest.py``); the helpers are re-exported here for convenience."""

from __future__ import annotations

from lofte.testing.personas import PASSWORD, ensure_geography, make_member

__all__ = ["PASSWORD", "ensure_geography", "make_member"]
