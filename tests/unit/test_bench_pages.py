"""scripts/bench measures the practice page beside the text page, in turn in the same run (its
Lighthouse performance must be at least the text page's: issue 23)."""

from __future__ import annotations

from opskb import bench


def test_practice_page_is_measured_in_turn_with_the_text_page():
    urls = bench.side_by_side_urls("http://127.0.0.1:8000/", 8001, 8002)
    assert "http://127.0.0.1:8000/practice/" in urls.values()
    assert f"http://127.0.0.1:8000/{bench.TEXT_PAGE}" in urls.values()
    assert bench.LIGHTHOUSE_PAGES["practice"] == bench.PRACTICE_PAGE == "practice/"
