from odoo import api, fields, models

CHECK_RESULTS = [("pass", "Pass"), ("fail", "Fail")]
RESULT_FIELDS = ("appearance", "packaging", "label", "expiry", "storage_condition")


class MdMaintenanceCheckLine(models.Model):
    """One lot in one location, looked at by the keeper on five points."""

    _name = "md.maintenance.check.line"
    _description = "Maintenance Check Line"
    _order = "check_id, sequence, id"

    check_id = fields.Many2one("md.maintenance.check", required=True, index=True,
                               ondelete="cascade")
    company_id = fields.Many2one(related="check_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    location_id = fields.Many2one("stock.location", required=True, readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    expiration_date = fields.Datetime(related="lot_id.expiration_date", string="Expiration Date")
    quality_state = fields.Selection(related="lot_id.md_quality_state", string="Quality Status")
    appearance = fields.Selection(CHECK_RESULTS)
    packaging = fields.Selection(CHECK_RESULTS)
    label = fields.Selection(CHECK_RESULTS)
    expiry = fields.Selection(CHECK_RESULTS)
    storage_condition = fields.Selection(CHECK_RESULTS, string="Storage Conditions")
    finding = fields.Text(help="What was found wrong and what was done; required for a failed line.")
    result = fields.Selection(CHECK_RESULTS, compute="_compute_result", store=True,
                              help="Fail as soon as one point fails; empty while a point is not checked.")

    @api.depends(*RESULT_FIELDS)
    def _compute_result(self):
        for line in self:
            results = {line[field] for field in RESULT_FIELDS}
            line.result = "fail" if "fail" in results else ("pass" if results == {"pass"} else False)

    @api.model
    def _md_result_labels(self):
        return {field: self._fields[field]._description_string(self.env) for field in RESULT_FIELDS}

    def _md_label(self):
        self.ensure_one()
        return f"{self.product_id.display_name} {self.lot_id.name} @ {self.location_id.display_name}"

    @api.model
    def _md_prefill(self, lot, location, quantity):
        """Values of the line for ``lot`` in ``location``: what the system already knows is failed.

        Passing points are left empty on purpose: the keeper has to look.
        """
        product = lot.product_id
        vals = {"lot_id": lot.id, "product_id": product.id, "location_id": location.id, "quantity": quantity}
        findings = []
        if lot.expiration_date and lot.expiration_date <= fields.Datetime.now():
            vals["expiry"] = "fail"
            findings.append(self.env._("Expired on %(date)s.", date=lot.expiration_date.date()))
        problem = location._md_condition_problem(product)
        if problem:
            vals["storage_condition"] = "fail"
            findings.append(problem)
        if findings:
            vals["finding"] = "\n".join(findings)
        return vals

    # A done check is a record: its lines are frozen with it.

    @api.model_create_multi
    def create(self, vals_list):
        checks = self.env["md.maintenance.check"].browse({vals.get("check_id") for vals in vals_list} - {None})
        checks._md_check_not_done()
        return super().create(vals_list)

    def write(self, vals):
        self.check_id._md_check_not_done()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self.check_id._md_check_not_done()
