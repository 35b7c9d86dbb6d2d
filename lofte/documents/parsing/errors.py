"""The one error the parser raises for input it cannot read."""

from __future__ import annotations


class ParseError(ValueError):
    """Input that cannot be read as a promise document.

    ``message`` is Swedish and safe to show to a coordinator as is; ``code`` is a stable English
    identifier for programs (``empty``, ``too_large``, ``binary``, ``encoding``,
    ``unsupported_format``, ``pdf_encrypted``, ``pdf_malformed``, ``pdf_no_text``,
    ``too_many_pages``, ``timeout``, ``too_long``).
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
