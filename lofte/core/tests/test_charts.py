from __future__ import annotations

from defusedxml import ElementTree as ET

from lofte.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_grouped_bar_chart_is_valid_accessible_svg_with_table():
    chart = charts.grouped_bar_chart("Per kategori", ["Klotter", "Brand <&>"],
                                     [("Nu", [3, 5]), ("Förut", [1.5, 7])])
    root = ET.fromstring(chart.svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Per kategori"
    assert root.find(f"{SVG}desc") is not None
    assert "style=" not in chart.svg
    assert chart.rows == (("Klotter", "3", "1,5"), ("Brand <&>", "5", "7"))
    assert "Brand &lt;&amp;&gt;" in chart.html and "<table" in chart.html
    assert "<details>" not in chart.pdf_html


def test_line_and_heat_matrix():
    line = charts.line_chart("Trend", ["v1", "v2", "v3"], [("a", [0, 2, 1])])
    ET.fromstring(line.svg)
    assert len(line.rows) == 3
    heat = charts.heat_matrix("Vecka", [[h * d for h in range(24)] for d in range(7)])
    root = ET.fromstring(heat.svg)
    assert len(root.findall(f"{SVG}rect")) == 7 * 24
    assert heat.headers[1] == "00" and heat.rows[0][0] == "Mån"


def test_empty_data_does_not_divide_by_zero():
    ET.fromstring(charts.bar_chart("Tomt", [], []).svg)
    ET.fromstring(charts.heat_matrix("Tomt", [[0] * 24 for _ in range(7)]).svg)
