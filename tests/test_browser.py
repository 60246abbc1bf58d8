"""One real-browser smoke test: the app served by `streamlit run` on a loopback port, every
page opened in headless Chromium (Debian's package, driven by Playwright)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXCEPTION = '[data-testid="stException"]'
# page url -> what must be on it once it has rendered
PAGES = {
    "": '[data-testid="stImage"]',
    "train": '[data-testid="stForm"]',
    "latent_map": ".js-plotly-plot",
    "interpolate": '[data-testid="stImage"]',
    "codebook": ".js-plotly-plot",
    "denoise": '[data-testid="stImage"]',
    "generate": '[data-testid="stImage"]',
    "compare": ".js-plotly-plot",
    "applications": ".js-plotly-plot",
    "upload": '[data-testid="stFileUploader"]',
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "GENVIZ_USER_DIR": str(tmp_path_factory.mktemp("user"))}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{proc.stdout.read()[-3000:]}")
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.slow
def test_every_page_in_a_real_browser(server):
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium package is not installed")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})  # a projector
        try:
            for path, key_element in PAGES.items():
                page.goto(f"{server}/{path}", wait_until="domcontentloaded")
                page.wait_for_selector("h1", timeout=60_000)
                shown = page.wait_for_selector(f"{key_element}, {EXCEPTION}", timeout=90_000)
                assert page.locator(EXCEPTION).count() == 0, f"/{path}: {shown.inner_text()}"
                # let the script finish its run before looking for exceptions
                page.wait_for_selector(
                    '[data-testid="stStatusWidget"]', state="detached", timeout=90_000
                )
                assert page.locator(EXCEPTION).count() == 0, path
                assert page.locator(key_element).count() > 0, path
                assert page.locator('[data-testid="stAlertContentError"]').count() == 0, path
        finally:
            browser.close()
