"""Takes the README's screenshots: the demo's team overview, gaps and log pages in headless Chromium.

    python -m bench.screenshots [docs]
"""

import sys
import tempfile
from pathlib import Path

from bench.browser import chromium, dashboard, sign_in
from services.bootstrap import build_app
from services.demo import DEMO_PASSWORD, seed_demo

SHOTS = {"overview.png": ("Team overview", "Things to reflect on"), "gaps.png": ("Gaps", "Closed in the last 30 days"),
         "log.png": ("Log support", "Correct or withdraw an entry")}


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        seed_demo(build_app(url))
        with dashboard(url) as address, chromium(height=1500) as page:
            sign_in(page, address, "manager", DEMO_PASSWORD)
            for name, (link, last_text) in SHOTS.items():
                page.get_by_role("link", name=link).click()
                page.get_by_text(last_text).wait_for(timeout=60000)
                page.wait_for_timeout(2500)  # let the charts finish drawing
                page.screenshot(path=folder / name, full_page=True)
                print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
