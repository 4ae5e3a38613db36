from collections import Counter

from odoo import api, fields, models

from .md_supplier_scorecard import GRADES


class ResPartner(models.Model):
    _inherit = "res.partner"

    md_scorecard_ids = fields.One2many("md.supplier.scorecard", "partner_id", string="Scorecards")
    md_scorecard_count = fields.Integer(string="Scorecard Count", compute="_compute_md_supplier_grade")
    md_supplier_score = fields.Float(string="Supplier Score", digits=(5, 1), compute="_compute_md_supplier_grade",
                                     help="Score of the supplier's latest scorecard in the current company.")
    md_supplier_grade = fields.Selection(GRADES, string="Supplier Grade", compute="_compute_md_supplier_grade",
                                         help="Grade of the supplier's latest scorecard in the current company.")

    @api.depends("md_scorecard_ids.score", "md_scorecard_ids.grade", "md_scorecard_ids.date_to")
    @api.depends_context("company")
    def _compute_md_supplier_grade(self):
        # Anyone seeing the partner may see its grade, even without access to the scorecards themselves.
        cards = self.env["md.supplier.scorecard"].sudo().search(
            [("partner_id", "in", self._origin.ids), ("company_id", "=", self.env.company.id)],
            order="date_to desc, id desc")
        latest, counts = {}, Counter()
        for card in cards:
            latest.setdefault(card.partner_id.id, card)
            counts[card.partner_id.id] += 1
        for partner in self:
            card = latest.get(partner._origin.id, cards.browse())
            partner.md_scorecard_count = counts[partner._origin.id]
            partner.md_supplier_score = card.score
            partner.md_supplier_grade = card.grade

    def action_md_open_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_capa.md_supplier_scorecard_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
