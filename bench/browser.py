"""Serving the dashboard on a free port and driving Debian's Chromium with Playwright: shared by
the browser test, bench/dashboard.py and bench/screenshots.py."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(db_url: str, **settings: str) -> Iterator[str]:
    """Runs `streamlit run` on the given store, with any further settings (environment variables);
    yields the dashboard's address."""
    port = free_port()
    env = os.environ | {"SECUREBASE_DB_URL": db_url} | settings
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "server.py"),
         "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in(page: "object", address: str, user: str, password: str) -> None:
    """Opens the address and signs in there, signing out first whoever the browser's session cookie
    still keeps signed in (a reload or a new tab keeps the session)."""
    page.goto(address)
    form, leave = page.get_by_role("textbox", name="User name"), page.get_by_role("button", name="Sign out")
    form.or_(leave).wait_for(timeout=30000)
    if leave.is_visible():
        leave.click()
        leave.wait_for(state="hidden", timeout=30000)  # signed out: not just the form drawn above the old page
    form.fill(user)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {user}").wait_for(timeout=30000)


def visit(page: "object", link: str, title: str | None = None) -> None:
    """Chooses a page in the sidebar (opening it first on a phone) and waits until the page has run:
    its title (the link's words unless told) is shown, and Streamlit's script is no longer running."""
    menu = page.get_by_role("button", name="Expand sidebar")
    if menu.is_visible():
        menu.click()
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", level=1, name=title or link).wait_for(timeout=30000)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=30000)


# Records, in the page, the frame in which something matching each watched selector first appears,
# and when the page last took a click: Playwright's own waiting looks again only every 0.5 s after
# its first few tries, and the driving process can pause (its collector, say) between reading the
# clock and acting, so timings taken outside the page can be up to half a second late.
FIRST_SEEN = """
window.__seen = {};
window.__observer = window.__observer || new MutationObserver(() => {
  for (const [selector, count] of window.__watched) {
    if (!(selector in window.__seen) && document.querySelectorAll(selector).length >= count) {
      window.__seen[selector] = null;
      requestAnimationFrame(() => { window.__seen[selector] = performance.timeOrigin + performance.now(); });
    }
  }
});
window.__observer.observe(document, {subtree: true, childList: true, characterData: true});
addEventListener("click", event => { window.__clicked = performance.timeOrigin + event.timeStamp; }, true);
"""


def watch(page: "object", **counts: int) -> None:
    """Records when each selector first matches so many elements, on this page and every one opened
    after in its tab."""
    script = f"window.__watched = {json.dumps(list(counts.items()))};" + FIRST_SEEN
    page.add_init_script(script)
    page.evaluate(script)


def seen(page: "object", selector: str) -> float:
    """When (time.time()) a watched selector was first painted since the tab last opened a page."""
    page.wait_for_function("s => window.__seen[s]", arg=selector, polling="raf", timeout=120000)
    return page.evaluate("s => window.__seen[s]", selector) / 1000


def opened(page: "object") -> float:
    """When (time.time()) the tab began opening its page."""
    return page.evaluate("performance.timeOrigin") / 1000


def clicked(page: "object") -> float:
    """When (time.time()) the page last took a click."""
    return page.evaluate("window.__clicked") / 1000


@contextmanager
def chromium(width: int = 1440, height: int = 1000, phone: bool = False) -> Iterator["object"]:
    """A new page in headless Chromium, in a context of its own (page.context opens more pages
    that share its cookies, as a browser's tabs do); with `phone`, seen as a phone: touch, and a
    phone's user agent (Streamlit closes its menu after a choice only on a phone)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        seen_as = {"viewport": {"width": width, "height": height}}
        if phone:
            seen_as |= {"user_agent": playwright.devices["Pixel 7"]["user_agent"], "is_mobile": True,
                        "has_touch": True, "device_scale_factor": 2}
        try:
            yield browser.new_context(**seen_as).new_page()
        finally:
            browser.close()
