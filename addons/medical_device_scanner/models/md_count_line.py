from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class MdCountLine(models.Model):
    """One lot at one location of a count: what the records said, what was counted and recounted.

    Written only by the count's scans and buttons; what the approval signs covers these values.
    """

    _name = "md.count.line"
    _description = "Cycle Count Line"
    _inherit = ["md.signable.mixin", "md.workflow.mixin"]
    _order = "count_id, location_id, product_id, lot_id, id"

    _md_workflow_fields = ("count_id", "product_id", "lot_id", "location_id", "expected", "counted", "recounted",
                           "recount_required")
    _md_signed_fields = ["product_id", "lot_id", "location_id", "expected", "counted", "recounted", "variance"]

    count_id = fields.Many2one("md.count", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="count_id.company_id", store=True)
    state = fields.Selection(related="count_id.state")
    product_id = fields.Many2one("product.product", string="Device", required=True, readonly=True,
                                 ondelete="restrict")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True, index=True, ondelete="restrict")
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    location_id = fields.Many2one("stock.location", required=True, readonly=True, index=True,
                                  ondelete="restrict")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    expected = fields.Float(digits="Product Unit of Measure", readonly=True,
                            help="The stock recorded at the location when the count started (or when the lot "
                                 "was first found there).")
    counted = fields.Float(digits="Product Unit of Measure", readonly=True)
    recounted = fields.Float(digits="Product Unit of Measure", readonly=True)
    recount_required = fields.Boolean(readonly=True,
                                      help="Recounted: its recount, not its first count, is the final quantity.")
    final_qty = fields.Float(string="Final Quantity", digits="Product Unit of Measure",
                             compute="_compute_variance", store=True)
    variance = fields.Float(digits="Product Unit of Measure", compute="_compute_variance", store=True)
    above_threshold = fields.Boolean(compute="_compute_variance", store=True)

    @api.depends("expected", "counted", "recounted", "recount_required", "count_id.threshold_qty",
                 "count_id.threshold_percent")
    def _compute_variance(self):
        for line in self:
            line.final_qty = line.recounted if line.recount_required else line.counted
            line.variance = line.final_qty - line.expected
            line.above_threshold = line._md_above_threshold()

    def _md_above_threshold(self):
        """A variance exceeding any threshold set on the count; with none set, any variance."""
        self.ensure_one()
        rounding = self.product_id.uom_id.rounding or 0.001
        if float_is_zero(self.variance, precision_rounding=rounding):
            return False
        limit_qty, limit_percent = self.count_id.threshold_qty, self.count_id.threshold_percent
        if not limit_qty and not limit_percent:
            return True
        if limit_qty and float_compare(abs(self.variance), limit_qty, precision_rounding=rounding) > 0:
            return True
        if limit_percent and (not self.expected or abs(self.variance) * 100.0 / self.expected > limit_percent):
            return True
        return False

    @api.ondelete(at_uninstall=False)
    def _unlink_never_once_counted(self):
        if self.count_id.filtered(lambda count: count.state != "draft" or count.counted_by):
            raise UserError(self.env._("The lines of a count that has started cannot be deleted."))
