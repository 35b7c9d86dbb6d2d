from __future__ import annotations

import numpy as np
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.analysis.projection import to_sweref99tm, to_wgs84

TO_SWEREF = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
TO_WGS84 = pyproj.Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def test_matches_pyproj_within_a_millimetre_across_sweden(rng: np.random.Generator) -> None:
    lat = rng.uniform(55.0, 69.1, 200_000)
    lon = rng.uniform(10.9, 24.2, 200_000)
    # Also the corners of the box, where the series is least accurate.
    lat = np.concatenate([lat, [55.0, 55.0, 69.1, 69.1]])
    lon = np.concatenate([lon, [10.9, 24.2, 10.9, 24.2]])
    x, y = to_sweref99tm(lat, lon)
    expected_x, expected_y = TO_SWEREF.transform(lon, lat)
    assert np.abs(x - expected_x).max() < 1e-3
    assert np.abs(y - expected_y).max() < 1e-3


def test_large_angles_fall_back_to_library_trigonometry() -> None:
    # Outside the small-angle range (the southern hemisphere, far from 15° E).
    lat = np.array([-33.9, 0.0, 30.0, 80.0, 62.0])
    lon = np.array([18.4, 15.0, 40.0, -20.0, 15.0])
    x, y = to_sweref99tm(lat, lon)
    expected_x, expected_y = TO_SWEREF.transform(lon, lat)
    assert np.abs(x - expected_x).max() < 1e-3
    assert np.abs(y - expected_y).max() < 1e-3


def test_inverse_matches_pyproj(rng: np.random.Generator) -> None:
    x = rng.uniform(260_000, 930_000, 50_000)
    y = rng.uniform(6_130_000, 7_680_000, 50_000)
    lat, lon = to_wgs84(x, y)
    expected_lon, expected_lat = TO_WGS84.transform(x, y)
    # 1e-8 degrees is about a millimetre.
    assert np.abs(lat - expected_lat).max() < 1e-8
    assert np.abs(lon - expected_lon).max() < 2e-8


def test_shapes_are_kept_and_checked() -> None:
    lat = np.full((3, 4), 57.4)
    lon = np.full((3, 4), 15.1)
    x, y = to_sweref99tm(lat, lon)
    assert x.shape == y.shape == (3, 4)
    with pytest.raises(ValueError, match="shape"):
        to_sweref99tm(lat, lon[:2])
    with pytest.raises(ValueError, match="shape"):
        to_wgs84(x, y[:1])


def test_empty_input() -> None:
    x, y = to_sweref99tm(np.array([]), np.array([]))
    assert x.size == y.size == 0


def test_central_meridian_has_false_easting() -> None:
    x, _ = to_sweref99tm(np.array([55.0, 60.0, 69.0]), np.array([15.0, 15.0, 15.0]))
    assert np.allclose(x, 500_000.0, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(55.0, 69.1, allow_nan=False),
    lon=st.floats(10.9, 24.2, allow_nan=False),
)
def test_round_trip(lat: float, lon: float) -> None:
    x, y = to_sweref99tm(np.array([lat]), np.array([lon]))
    back_lat, back_lon = to_wgs84(x, y)
    assert abs(back_lat[0] - lat) < 1e-8
    assert abs(back_lon[0] - lon) < 2e-8
