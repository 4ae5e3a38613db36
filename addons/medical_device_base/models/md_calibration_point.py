from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_repr


class MdCalibrationPoint(models.Model):
    """One measured point of a certificate: the nominal value, what the instrument showed, the tolerance."""

    _name = "md.calibration.point"
    _description = "Calibration Point"
    _order = "calibration_id, sequence, id"

    calibration_id = fields.Many2one("md.calibration", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="calibration_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Quantity/Point", required=True, help="e.g. Temperature at 5 °C")
    nominal = fields.Float(string="Reference Value", digits=(12, 4), help="The value of the standard.")
    measured = fields.Float(string="Indicated Value", digits=(12, 4), help="What the instrument showed.")
    tolerance = fields.Float(string="Tolerance (±)", digits=(12, 4), help="Largest deviation allowed.")
    unit = fields.Char(help="e.g. °C, %RH")
    deviation = fields.Float(compute="_compute_deviation", store=True, digits=(12, 4))
    within_tolerance = fields.Boolean(compute="_compute_deviation", store=True)

    @api.depends("nominal", "measured", "tolerance")
    def _compute_deviation(self):
        for point in self:
            point.deviation = point.measured - point.nominal
            # Compared at the digits shown, so a deviation equal to the tolerance passes.
            point.within_tolerance = float_compare(abs(point.deviation), point.tolerance, precision_digits=4) <= 0

    # The points of a signed calibration are part of what was signed.
    def _md_summary(self):
        """One line per point, as the calibration's signature covers them."""
        return "\n".join(f"{point.name}: {float_repr(point.measured, 4)} {point.unit or ''} for "
                         f"{float_repr(point.nominal, 4)} ± {float_repr(point.tolerance, 4)}"
                         for point in self.sorted(lambda p: (p.sequence, p.id)))

    def _md_check_unsigned(self):
        if self.calibration_id.filtered("md_signed") and not (self.env.su and self.env.context.get("md_signing")):
            raise UserError(self.env._("%s is signed; its measured points can no longer change. Create a "
                                       "correction with a reason instead.",
                                       ", ".join(self.calibration_id.filtered("md_signed").mapped("name"))))

    @api.model_create_multi
    def create(self, vals_list):
        points = super().create(vals_list)
        points._md_check_unsigned()
        return points

    def write(self, vals):
        self._md_check_unsigned()
        result = super().write(vals)
        if "calibration_id" in vals:
            self._md_check_unsigned()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_signed(self):
        self._md_check_unsigned()
