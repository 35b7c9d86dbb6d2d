"""Root test configuration: the named personas are available to every test."""

from __future__ import annotations

pytest_plugins = ["lofte.testing.personas", "lofte.testing.browser"]
