from __future__ import annotations

app_name = "promises"
urlpatterns: list[object] = []
