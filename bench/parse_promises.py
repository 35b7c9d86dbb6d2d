"""Benchmark: how long reading one promise document takes, per document and format.

Run from the repository root::

    .venv/bin/python bench/parse_promises.py            # 25 repeats per document
    .venv/bin/python bench/parse_promises.py --repeats 5

For each seed text (and the synthetic fixtures) the script times ``parse_document`` on three
renderings of the same promise: the plain text as published, a saved web page with menus,
cookie banner and footer (``renderings.text_to_html``) and a PDF with wrapped lines
(``renderings.text_to_pdf``). Time is the median of ``--repeats`` calls after one warm-up call
(``time.perf_counter``); the first call of the process also loads the 290 kommun names, which is
printed separately. Two stress documents show the cost at scale: all seeds concatenated 20 times
(a long report) and the largest text the parser accepts (400 000 characters).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from lofte.documents.parsing import parse_document
from lofte.documents.parsing.inputs import MAX_TEXT_CHARS
from lofte.documents.parsing.municipalities import gazetteer
from lofte.documents.tests.renderings import text_to_html, text_to_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "lofte" / "documents" / "tests" / "fixtures"


def median_ms(call: Callable[[], object], repeats: int) -> float:
    call()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return 1000 * statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=25, help="timed calls per measurement")
    arguments = parser.parse_args()

    start = time.perf_counter()
    gazetteer()
    loading_ms = 1000 * (time.perf_counter() - start)
    print(f"kommunnamn inlästa (en gång per process): {loading_ms:.1f} ms")
    print()
    print(f"{'dokument':<36}{'tecken':>8}{'text ms':>10}{'html ms':>10}{'pdf ms':>10}")
    texts: list[str] = []
    for path in sorted(FIXTURES.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        data = text.encode("utf-8")
        page = text_to_html(text).encode("utf-8")
        pdf = text_to_pdf(text)
        figures = [
            median_ms(lambda data=data: parse_document(data, "x.txt"), arguments.repeats),
            median_ms(lambda page=page: parse_document(page, "x.html"), arguments.repeats),
            median_ms(lambda pdf=pdf: parse_document(pdf, "x.pdf"), arguments.repeats),
        ]
        name = f"{path.parent.name}/{path.name}"[:35]
        print(f"{name:<36}{len(text):>8}" + "".join(f"{value:>10.1f}" for value in figures))
    print()
    long_report = ("\n\n".join(texts) * 20)[: MAX_TEXT_CHARS - 1]
    largest = ("\n\n".join(texts) * 1000)[: MAX_TEXT_CHARS - 1]
    for name, text in (("alla texter × 20", long_report), ("största tillåtna text", largest)):
        data = text.encode("utf-8")
        value = median_ms(lambda data=data: parse_document(data, "x.txt"), 3)
        print(f"{name:<36}{len(text):>8}{value:>10.1f}")


if __name__ == "__main__":
    main()
