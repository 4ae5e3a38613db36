from odoo.addons.medical_device_base.tests.tour import MdTourCase
from odoo.addons.medical_device_gsp.tests.common import GspCommon


def label(gtin, lot=None, serial=None, expiry=None, production=None):
    """The human-readable GS1 string a 2D scanner types for a label (dates as YYMMDD)."""
    return (f"(01){gtin}" + (f"(11){production}" if production else "") + (f"(17){expiry}" if expiry else "")
            + (f"(10){lot}" if lot else "") + (f"(21){serial}" if serial else ""))


class ScannerCommon(GspCommon):
    """Scans as a given user through the scanner's own entry point."""

    def _scan(self, task, record, code, params=None, user=None):
        scanner = self.env["md.scanner"].with_user(user) if user else self.env["md.scanner"]
        return scanner.md_scan(task, record.id, code, params or {})

    def _logs(self, record):
        return self.env["md.scan.log"].search([("res_model", "=", record._name), ("res_id", "=", record.id)],
                                              order="id")


class ScannerTourCase(MdTourCase):
    """Tours at the size of a phone (Odoo's mobile web client)."""

    browser_size = "375x667"
    touch_enabled = True
