"""Running the web tours of the suite, as the role that does the journey.

Set ``MD_SCREENSHOTS_DIR`` to a folder and each tour that names a screenshot
saves the screen it ends on there as PNG (this is how the pictures under
``docs/`` are made from the demo database); without it nothing is written.
"""
import base64
import os
from unittest.mock import patch

from odoo.tests import HttpCase
from odoo.tests.common import ChromeBrowser


class MdTourCase(HttpCase):
    """HttpCase with ``md_tour``: a tour as a given user, optionally photographed at its end."""

    browser_size = "1440x900"

    def md_tour(self, url, tour, user=None, screenshot=None, timeout=120):
        try:
            return self._md_run_tour(url, tour, user, screenshot, timeout)
        finally:
            # The browser wrote through its own requests: read the records afresh afterwards.
            self.env.invalidate_all()

    def _md_run_tour(self, url, tour, user, screenshot, timeout):
        login = user.login if user else None
        folder = os.environ.get("MD_SCREENSHOTS_DIR")
        if not (folder and screenshot):
            return self.start_tour(url, tour, login=login, timeout=timeout)
        stop = ChromeBrowser.stop

        def stop_after_picture(browser):
            if getattr(browser, "ws", None) and not browser.had_failure:
                shot = browser._websocket_request("Page.captureScreenshot", params={"format": "png"})
                if shot and shot.get("data"):
                    os.makedirs(folder, exist_ok=True)
                    with open(os.path.join(folder, f"{screenshot}.png"), "wb") as png:
                        png.write(base64.b64decode(shot["data"]))
            return stop(browser)

        with patch.object(ChromeBrowser, "stop", stop_after_picture):
            return self.start_tour(url, tour, login=login, timeout=timeout)
