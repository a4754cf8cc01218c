"""Run deploy/nginx.conf for real with Debian's nginx, on this machine's paths: a port on
127.0.0.1, a built site as root, logs and pid in a temporary folder, the build's csp.conf next to
the config (as the Dockerfile does). Shared by tests/test_publishing.py and the bench."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from .project import ROOT

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def nginx_binary() -> str | None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return nginx if Path(nginx).exists() else None


def start_nginx(site: Path, port: int, prefix: Path) -> tuple[subprocess.Popen, str]:
    """nginx serving `site` at http://127.0.0.1:<port>/ (stop it with .terminate())."""
    nginx = nginx_binary()
    if not nginx:
        raise RuntimeError("nginx not installed: run scripts/setup (it installs Debian's nginx)")
    prefix.mkdir(parents=True, exist_ok=True)
    conf = NGINX_CONF.read_text()
    for pattern, replacement in (
        (r"listen 80;", f"listen 127.0.0.1:{port};"),
        (r"root /usr/share/nginx/html;", f"root {site};"),
        (r"pid [^;]+;", f"pid {prefix}/nginx.pid;"),
        (r"error_log [^;]+;", f"error_log {prefix}/error.log warn;"),
        (r"access_log [^;]+;", f"access_log {prefix}/access.log;"),
    ):
        conf, count = re.subn(pattern, replacement, conf)
        assert count == 1, f"{pattern} not found once in deploy/nginx.conf"
    # Root user, so that workers can read pytest's 0700 temporary folders.
    (prefix / "nginx.conf").write_text("user root;\n" + conf)
    shutil.copyfile(site / "csp.conf", prefix / "csp.conf")
    check = subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return process, url
