"""Outbound sources misbehaving at the network level during an import.

A real HTTPS server on 127.0.0.1 (a self-signed certificate made for the test) stands in for
polisen.se and misbehaves in the ways real servers do: it never answers, answers a trickle of
one byte at a time for ever, cuts the body short, resets the connection, answers 200 with an
HTML error page, or answers half a JSON document. The import runs through the real polite
client (``PolisenClient``) and ``services.fetch_polisen_events`` — the code a scheduled import
runs — and each time must end (never hang the worker), record the run as failed with a Swedish
message, and store no event. Only the pacing of retries is shortened.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from lofte.imports import services
from lofte.imports.models import CrimeStatistic, ImportRun, PoliceEvent, RunStatus
from lofte.imports.sources.config import KOLADA_KPI_ALLOW_LIST
from lofte.imports.sources.kolada import KoladaClient
from lofte.imports.sources.net import RateLimiter, RetryPolicy
from lofte.imports.sources.polisen_client import PolisenClient

pytestmark = pytest.mark.django_db

USER_AGENT = "Lofte-test/0.1 (+https://example.se/kontakt)"
TRICKLE = b'[{"id": 1, "datetime": "2026-11-01 10:00:00 +01:00", "name": "x"' + b" " * 10_000


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class MisbehavingServer:
    """An HTTPS server that answers every request according to ``self.mode``."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.mode = "stall"
        self.requests = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                raw, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(raw,), daemon=True).start()

    def _answer(self, raw: socket.socket) -> None:
        try:
            with self.context.wrap_socket(raw, server_side=True) as conn:
                conn.settimeout(30)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                self.requests += 1
                self._misbehave(conn)
        except (OSError, ssl.SSLError):
            pass

    def _misbehave(self, conn: ssl.SSLSocket) -> None:
        mode = self.mode
        if mode == "stall":
            self.stop.wait(30)
        elif mode == "trickle":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(TRICKLE))
            for byte in TRICKLE:
                if self.stop.is_set():
                    return
                conn.sendall(bytes([byte]))
                time.sleep(0.05)
        elif mode == "truncated":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 5000\r\n\r\n" + b'[{"id": 1, "name": "')
        elif mode == "reset":
            # linger on, 0 s: closing sends a TCP reset instead of an orderly end
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif mode in {"html", "half-json"}:
            body = (b"<html><body>Tillf\xc3\xa4lligt fel</body></html>" if mode == "html"
                    else b'[{"id": 1, "datetime": "2026-11-01 10:00:00 +01:00", "na')
            kind = b"text/html" if mode == "html" else b"application/json"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + kind + b"\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MisbehavingServer, Path]]:
    cert, key = _certificate(tmp_path_factory.mktemp("tls"))
    running = MisbehavingServer(cert, key)
    yield running, cert
    running.close()


def _client(server: MisbehavingServer, cert: Path) -> PolisenClient:
    transport = httpx.HTTPTransport(verify=ssl.create_default_context(cafile=str(cert)))
    return PolisenClient(
        USER_AGENT, base_url=f"https://127.0.0.1:{server.port}", transport=transport,
        timeout=1.0, total_timeout=3.0,
        limiter=RateLimiter(min_interval=0.0),
        retry=RetryPolicy(max_attempts=2, backoff_base=0.0),
    )


def _run_bounded(server: MisbehavingServer,
                 work: Callable[[], object]) -> BaseException | None:
    """Run one import in a thread; it must end on its own (a hang fails the test). Returns
    what it raised, or None."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        from django.db import connection

        try:
            work()
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), f"importen hängde sig mot en server i läget {server.mode!r}"
    return outcome[0]


def _polisen_import(server: MisbehavingServer, cert: Path) -> None:
    with _client(server, cert) as client:
        services.fetch_polisen_events(None, client=client)


def _kolada_import(server: MisbehavingServer, cert: Path) -> None:
    transport = httpx.HTTPTransport(verify=ssl.create_default_context(cafile=str(cert)))
    with KoladaClient(
        USER_AGENT, base_url=f"https://127.0.0.1:{server.port}/v3", transport=transport,
        timeout=1.0, total_timeout=3.0, limiter=RateLimiter(min_interval=0.0),
        retry=RetryPolicy(max_attempts=2, backoff_base=0.0),
    ) as client:
        services.import_kolada(None, client=client, municipality_codes=["0685"], years=[2025],
                               kpis=[next(iter(KOLADA_KPI_ALLOW_LIST))])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("mode", "message"), [
    ("stall", "gav upp efter 2 försök: nätverksfel (ReadTimeout)"),
    ("trickle", "gav upp efter 2 försök: svaret kom för långsamt"),
    ("truncated", "nätverksfel under läsning"),
    ("reset", "gav upp efter 2 försök: nätverksfel"),
    ("html", "ogiltig JSON"),
    ("half-json", "ogiltig JSON"),
])
def test_misbehaving_source_fails_the_run_and_stores_nothing(
    server: tuple[MisbehavingServer, Path], geography: None, mode: str, message: str,
) -> None:
    running, cert = server
    running.mode = mode
    before = running.requests
    error = _run_bounded(running, lambda: _polisen_import(running, cert))
    assert isinstance(error, services.ImportFailed), repr(error)
    assert running.requests > before, "the client never reached the server"
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.message.startswith("Inget lagrades.") and message in run.message, run.message
    assert PoliceEvent.objects.count() == 0


def test_a_client_needs_a_finite_total_timeout() -> None:
    with pytest.raises(ValueError):
        PolisenClient(USER_AGENT, total_timeout=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("mode", "message"), [
    ("stall", "nätverksfel (ReadTimeout)"),
    ("trickle", "svaret kom för långsamt"),
    ("half-json", "JSON"),
])
def test_misbehaving_kolada_fails_the_run_and_stores_nothing(
    server: tuple[MisbehavingServer, Path], geography: None, mode: str, message: str,
) -> None:
    """Kolada's client shares the retry and deadline code: the same faults end the same way."""
    running, cert = server
    running.mode = mode
    error = _run_bounded(running, lambda: _kolada_import(running, cert))
    assert isinstance(error, services.ImportFailed), repr(error)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.message.startswith("Inget lagrades.")
    assert message in run.message, run.message
    assert CrimeStatistic.objects.count() == 0
