"""How the build, the tests, the export and the bench start Debian's Chromium (Playwright's own
browser downloads cannot work here)."""

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium tries to reach Google's hosts, which this machine cannot.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
