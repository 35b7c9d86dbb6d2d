"""Views of the incidents app, one module per area (reports, review, tips, picture, meetings,
Open311)."""
