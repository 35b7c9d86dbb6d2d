"""Who the register extract is about, and where in a text they are mentioned.

A :class:`Subject` holds what the controller was given to identify the person (user name,
e-mail addresses, phone numbers, personnummer, names). :func:`parse_subject` checks and
normalises it; :meth:`Subject.spans` finds the person's details in a text with the detectors
of :mod:`lofte.core.pii`, so ``070-123 45 67``, ``+46 70 123 45 67`` and ``0701234567`` are the
same number and ``19811218-9876``, ``811218-9876`` and ``8112189876`` the same personnummer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# The detectors are shared with the masking of free text, so what is masked and what is
# found here stay the same shapes.
from lofte.core.pii import _EMAIL_RE, _PERSONNUMMER_RE, _PHONE_RE, is_personnummer, mask_pii

MARKER = "[raderad]"
_NON_DIGIT = re.compile(r"\D")


class SubjectError(ValueError):
    """The identifying details are missing or malformed (message in Swedish)."""


def normalise_phone(raw: str) -> str:
    """A Swedish phone number as national digits (``0701234567``); "" if it is none."""
    text = raw.replace("(0)", "")
    digits = _NON_DIGIT.sub("", text)
    if text.strip().startswith("+") and digits.startswith("46"):
        digits = "0" + digits[2:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    if not digits.startswith("0") or not 7 <= len(digits) <= 11:
        return ""
    return digits


def normalise_personnummer(raw: str) -> str:
    """A personnummer or samordningsnummer as ten digits ``YYMMDDNNNN``; "" if invalid."""
    digits = _NON_DIGIT.sub("", raw)
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or not is_personnummer(digits[:6], digits[6:]):
        return ""
    return digits


@dataclass(frozen=True)
class Subject:
    """Normalised identifying details of one data subject."""

    usernames: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    personnummer: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    _name_patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _email_patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Start and end of each mention of the subject in ``text``, merged and sorted."""
        if not text:
            return []
        found: list[tuple[int, int]] = []
        for pattern in (*self._email_patterns, *self._name_patterns):
            found.extend(m.span() for m in pattern.finditer(text))
        if self.personnummer:
            found.extend(m.span() for m in _PERSONNUMMER_RE.finditer(text)
                         if normalise_personnummer(m[0]) in self.personnummer)
        if self.phones:
            found.extend(m.span() for m in _PHONE_RE.finditer(text)
                         if normalise_phone(m[0]) in self.phones)
            # A bare number field ("0701234567") or one with odd grouping.
            if normalise_phone(text) in self.phones and len(text) <= 40:
                found.append((0, len(text)))
        return _merge(found)

    def mentions(self, value: Any) -> bool:
        """Whether ``value`` (text, or JSON data walked recursively) mentions the subject."""
        return any(self.spans(text) for text in _strings(value))

    def erase(self, value: Any) -> Any:
        """``value`` with every mention replaced by :data:`MARKER` (JSON walked)."""
        if isinstance(value, str):
            out, last = [], 0
            for start, end in self.spans(value):
                out.extend([value[last:start], MARKER])
                last = end
            out.append(value[last:])
            return "".join(out)
        if isinstance(value, dict):
            return {key: self.erase(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.erase(item) for item in value]
        return value

    def excerpts(self, value: Any, width: int = 60) -> list[str]:
        """Short passages around each mention, for the extract.

        Other people's e-mail addresses, phone numbers and personnummer around the mention are
        masked (:func:`lofte.core.pii.mask_pii`); other people's names cannot be told apart and
        are left for the handläggare to review.
        """
        passages = []
        for text in _strings(value):
            for start, end in self.spans(text):
                head = "…" if start > width else ""
                tail = "…" if end + width < len(text) else ""
                before = mask_pii(text[max(0, start - width):start])
                after = mask_pii(text[end:end + width])
                passages.append(f"{head}{before}{text[start:end]}{after}{tail}")
        return passages

    def describe(self) -> dict[str, int]:
        """How many details of each kind were given (never the details themselves)."""
        return {"användarnamn": len(self.usernames), "e-post": len(self.emails),
                "telefon": len(self.phones), "personnummer": len(self.personnummer),
                "namn": len(self.names)}


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def parse_subject(
    *, usernames: Sequence[str] = (), emails: Sequence[str] = (), phones: Sequence[str] = (),
    personnummer: Sequence[str] = (), names: Sequence[str] = (),
) -> Subject:
    """Check and normalise the identifying details.

    Raises:
        SubjectError: nothing identifying was given, or a detail is malformed (a personnummer
            failing the date or Luhn check, an e-mail without ``@``, a phone number that is not
            Swedish, a name of only one word).
    """
    clean_emails = []
    for raw in emails:
        email = raw.strip().lower()
        if not _EMAIL_RE.fullmatch(email):
            raise SubjectError(f"Ogiltig e-postadress: {raw!r}.")
        clean_emails.append(email)
    clean_phones = []
    for raw in phones:
        phone = normalise_phone(raw)
        if not phone:
            raise SubjectError(f"Ogiltigt telefonnummer: {raw!r} (ange ett svenskt nummer, "
                               "t.ex. 070-123 45 67 eller +46 70 123 45 67).")
        clean_phones.append(phone)
    clean_numbers = []
    for raw in personnummer:
        number = normalise_personnummer(raw)
        if not number:
            raise SubjectError(f"Ogiltigt personnummer: {raw!r} (ÅÅMMDD-NNNN eller "
                               "ÅÅÅÅMMDD-NNNN med rätt kontrollsiffra).")
        clean_numbers.append(number)
    clean_names = []
    for raw in names:
        name = " ".join(raw.split())
        if len(name.split(" ")) < 2 or len(name) < 4:
            raise SubjectError(f"Ange för- och efternamn, inte bara {raw!r}: ett ensamt ord "
                               "träffar för många andra.")
        clean_names.append(name)
    clean_usernames = [u.strip() for u in usernames if u.strip()]
    if not any((clean_usernames, clean_emails, clean_phones, clean_numbers, clean_names)):
        raise SubjectError("Ange minst en uppgift som identifierar personen: --user, --email, "
                           "--phone, --personnummer eller --name.")
    name_patterns = tuple(
        re.compile(r"(?<!\w)" + r"\s+".join(re.escape(part) for part in name.split(" "))
                   + r"(?!\w)", re.IGNORECASE)
        for name in clean_names
    )
    email_patterns = tuple(
        re.compile(r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-]|\.\w)", re.IGNORECASE)
        for email in clean_emails
    )
    return Subject(
        usernames=tuple(clean_usernames), emails=tuple(clean_emails), phones=tuple(clean_phones),
        personnummer=tuple(clean_numbers), names=tuple(clean_names),
        _name_patterns=name_patterns, _email_patterns=email_patterns,
    )
