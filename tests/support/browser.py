"""What a page does in the browser that a test must see: requests to other origins, console errors."""

from __future__ import annotations


class PageWatch:
    """What a page did: requests to other origins and console errors."""

    def __init__(self, origin: str):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []

    def on_request(self, request):
        url = request.url
        if not url.startswith((self.origin, "data:", "blob:", "about:")):
            self.foreign_requests.append(url)

    def on_console(self, message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        self.console_errors.append(f"{message.text} ({url})")

    def on_page_error(self, error):
        self.console_errors.append(f"uncaught: {error}")
