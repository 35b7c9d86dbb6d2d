"""Test doubles: a fake monotonic clock whose sleep advances time instantly."""

from __future__ import annotations

from collections.abc import Callable

import httpx


class FakeClock:
    """``clock()`` returns the fake time; ``sleep(s)`` records ``s`` and advances time."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class RecordingHandler:
    """An ``httpx.MockTransport`` handler answering from a list of callables, in order."""

    def __init__(self, *responders: Callable[[httpx.Request], httpx.Response]) -> None:
        self.responders = list(responders)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests) - 1, len(self.responders) - 1)
        return self.responders[index](request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)
