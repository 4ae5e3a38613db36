from odoo import api, fields, models
from odoo.exceptions import UserError


class MdScanLog(models.Model):
    """One scan and what became of it, so that a dispute ("I did scan it") is settled from the record.

    Written only by the scanner's dispatcher, under the superuser, after the scan's own
    changes were kept or rolled back; nobody edits or deletes it.
    """

    _name = "md.scan.log"
    _description = "Scan Record"
    _order = "id desc"
    _rec_name = "code"

    user_id = fields.Many2one("res.users", string="Scanned By", required=True, readonly=True, index=True)
    date = fields.Datetime(string="Scanned On (UTC)", required=True, readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    task = fields.Selection(selection="_selection_task", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)
    reference = fields.Char(string="Document", readonly=True)
    code = fields.Char(string="Scanned Code", required=True, readonly=True)
    outcome = fields.Selection([("accepted", "Accepted"), ("refused", "Refused")], required=True, readonly=True,
                               index=True)
    message = fields.Text(string="Result", readonly=True)
    product_id = fields.Many2one("product.product", string="Device", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True, index=True)
    location_id = fields.Many2one("stock.location", readonly=True)

    @api.model
    def _selection_task(self):
        return [(key, spec["name"]) for key, spec in self.env["md.scanner"]._md_tasks().items()]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Scan records are written by the scanner only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A scan record cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A scan record cannot be deleted."))
