"""The PDF book's running heads: none on the cover, a number only on the contents and on pages
where a chapter or page opens, chapter and page titles elsewhere."""

from opskb.export.book import running_heads


def test_running_heads():
    chapters = [{"id": "linux", "title": "Linux"}]
    entries = [
        {"id": "linux", "title": "Linux", "level": 2, "page": False},
        {"id": "boot", "title": "Boot", "level": 3, "page": True},
    ]
    heads = running_heads(6, chapters, entries, {"linux": 2, "boot": 3}, first_content_page=2)
    assert heads[0] == {"left": "", "right": "", "number": ""}
    assert heads[1] == {"left": "", "right": "", "number": "2"}  # contents
    assert heads[2]["left"] == "" and heads[3]["left"] == ""  # a chapter and a page open here
    assert heads[4] == {"left": "Linux", "right": "Boot", "number": "5"}
