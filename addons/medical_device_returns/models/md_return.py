from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from .stock_move_line import RELEASE_GRANTS

QA_GROUP = "medical_device_base.group_md_qa_manager"


class MdReturn(models.Model):
    """退货: a graded return from a customer or to a supplier, carried by Odoo's own return pickings.

    Customer returns land in the returns zone; QA re-inspects and signs the
    disposition of each line (re-release, repack then re-release, return to
    supplier, scrap), which moves the goods in the same transaction.
    """

    _name = "md.return"
    _description = "Return"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Status, who and when, and the transfers and scraps the return made: written by its buttons only.
    _md_workflow_fields = ("state", "approved_by", "approved_on", "disposed_by", "disposed_on",
                           "return_picking_id", "result_picking_ids", "scrap_ids")

    _md_signed_fields = ["name", "return_type", "grade_id", "partner_id", "origin_picking_id", "reason",
                         "line_ids"]
    _md_signature_groups = {"approved": QA_GROUP}
    _md_required_signatures = [([("disposed_by", "!=", False)], "approved")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.return"))
    return_type = fields.Selection([("customer", "Customer Return"), ("vendor", "Return to Vendor")],
                                   required=True, default="customer", tracking=True)
    grade_id = fields.Many2one("md.return.grade", required=True, tracking=True,
                               ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    partner_id = fields.Many2one("res.partner", required=True, tracking=True, index=True)
    origin_picking_id = fields.Many2one(
        "stock.picking", string="Original Transfer", tracking=True, index=True,
        help="The delivery the customer received the goods with, or the receipt they came from the supplier with.")
    sale_id = fields.Many2one("sale.order", string="Sales Order", compute="_compute_orders", store=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", compute="_compute_orders",
                                  store=True, readonly=False)
    acceptance_id = fields.Many2one("md.acceptance", readonly=True, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", compute="_compute_warehouse_id", store=True, readonly=False)
    reason = fields.Text(required=True, tracking=True)
    line_ids = fields.One2many("md.return.line", "return_id", string="Lines", copy=True)
    return_picking_id = fields.Many2one("stock.picking", string="Return Transfer", readonly=True, copy=False)
    state = fields.Selection([("draft", "Draft"), ("approved", "Approved"), ("received", "Received"),
                              ("done", "Done"), ("cancel", "Cancelled")],
                             default="draft", required=True, readonly=True, tracking=True, index=True, copy=False)
    approved_by = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(string="Approved On (UTC)", readonly=True, copy=False)
    disposed_by = fields.Many2one("res.users", string="Disposition By", readonly=True, copy=False)
    disposed_on = fields.Datetime(string="Disposition On (UTC)", readonly=True, copy=False)
    result_picking_ids = fields.Many2many("stock.picking", string="Disposition Transfers", readonly=True, copy=False)
    scrap_ids = fields.One2many("stock.scrap", "md_return_id", string="Scrap Records", readonly=True)
    quantity = fields.Float(compute="_compute_quantity", store=True)

    @api.depends("origin_picking_id")
    def _compute_orders(self):
        for record in self:
            picking = record.origin_picking_id
            record.sale_id = picking.sale_id
            record.purchase_id = picking.purchase_id or record.purchase_id

    @api.depends("origin_picking_id", "company_id")
    def _compute_warehouse_id(self):
        for record in self:
            record.warehouse_id = record.origin_picking_id.picking_type_id.warehouse_id or record.warehouse_id \
                or self.env["stock.warehouse"].search([("company_id", "=", record.company_id.id)], limit=1)

    @api.depends("line_ids.quantity")
    def _compute_quantity(self):
        for record in self:
            record.quantity = sum(record.line_ids.mapped("quantity"))

    # The acceptance a return to vendor names is the one of its receipt: the link cannot say otherwise.
    @api.constrains("acceptance_id", "origin_picking_id")
    def _check_acceptance(self):
        for record in self.filtered("acceptance_id"):
            if record.acceptance_id.picking_id != record.origin_picking_id or record.return_type != "vendor":
                raise ValidationError(self.env._(
                    "%(record)s: only a return to the supplier names an acceptance, the one of its receipt.",
                    record=record.name))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only draft returns can be deleted; cancel the others."))

    # Approval ----------------------------------------------------------------

    def action_approve(self):
        """Check the lines, then create the return transfer; refused as a whole when anything is wrong."""
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("%s is not a draft.", record.name))
            group = record.grade_id.approval_group_id
            if group not in self.env.user.groups_id:
                raise AccessError(self.env._("Returns graded %(grade)s are approved by %(group)s.",
                                             grade=record.grade_id.name, group=group.full_name))
            problems = record._md_line_problems()
            if problems:
                raise problems_error(self.env._("%s cannot be approved:", record.name), problems)
            picking = record.sudo()._md_create_return_picking()
            record._md_workflow_write({"state": "approved", "approved_by": self.env.user.id,
                                       "approved_on": fields.Datetime.now(), "return_picking_id": picking.id})
            record._md_log(self.env._("Approved by %(user)s; return transfer %(picking)s.",
                                      user=self.env.user.name, picking=picking.name))
        return True

    def _md_line_problems(self):
        self.ensure_one()
        problems = []
        if not self.line_ids:
            problems.append(self.env._("Add the returned lots or serial numbers."))
        for line in self.line_ids.filtered(lambda l: l.quantity <= 0):
            problems.append(self.env._("%s: the quantity must be positive.", line.display_name))
        if self.return_type == "customer":
            problems += self._md_customer_problems()
        else:
            problems += self._md_vendor_problems()
        return problems

    def _md_customer_problems(self):
        """Every lot must have gone to this customer in the named delivery, in that quantity at least."""
        picking = self.origin_picking_id
        if not picking:
            return [self.env._("Name the delivery the customer received the goods with.")]
        problems = []
        if picking.state != "done" or picking.location_dest_id.usage != "customer":
            problems.append(self.env._("%s is not a done delivery to a customer.", picking.name))
        if picking.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            problems.append(self.env._("%(picking)s was delivered to %(customer)s, not to %(partner)s.",
                                       picking=picking.name, customer=picking.partner_id.display_name,
                                       partner=self.partner_id.display_name))
        delivered = defaultdict(float)
        for ml in picking.move_line_ids.filtered(lambda ml: ml.state == "done"):
            delivered[(ml.product_id, ml.lot_id)] += ml.quantity_product_uom
        already = defaultdict(float)
        for line in self.search([("origin_picking_id", "=", picking.id), ("id", "!=", self.id),
                                 ("state", "!=", "cancel")]).line_ids:
            already[(line.product_id, line.lot_id)] += line.quantity
        asked = defaultdict(float)
        for line in self.line_ids:
            asked[(line.product_id, line.lot_id)] += line.quantity
        for (product, lot), quantity in asked.items():
            if (product, lot) not in delivered:
                problems.append(self.env._(
                    "%(lot)s of %(product)s was never delivered to %(partner)s with %(picking)s.",
                    lot=lot.name or "-", product=product.display_name, partner=self.partner_id.display_name,
                    picking=picking.name))
            elif quantity + already[(product, lot)] > delivered[(product, lot)]:
                problems.append(self.env._(
                    "%(lot)s of %(product)s: %(asked)s returned but %(picking)s delivered %(delivered)s "
                    "(%(already)s already returned).", lot=lot.name, product=product.display_name,
                    asked=quantity, picking=picking.name, delivered=delivered[(product, lot)],
                    already=already[(product, lot)]))
        return problems

    def _md_vendor_problems(self):
        """Goods go back from the nonconforming or returns zone, where they must be."""
        problems = []
        for line in self.line_ids:
            location = line.location_id
            if location.md_zone not in ("nonconforming", "returns"):
                problems.append(self.env._(
                    "%s: goods return to the supplier from the nonconforming or returns zone.", line.display_name))
                continue
            available = sum(self.env["stock.quant"].sudo().search([
                ("lot_id", "=", line.lot_id.id), ("product_id", "=", line.product_id.id),
                ("location_id", "child_of", location.id)]).mapped("quantity"))
            if line.quantity > available:
                problems.append(self.env._("%(line)s: only %(available)s in %(location)s.", line=line.display_name,
                                           available=available, location=location.display_name))
        return problems

    # Transfers ---------------------------------------------------------------

    def _md_create_return_picking(self):
        self.ensure_one()
        if self.return_type == "customer":
            return self._md_customer_return_picking()
        return self._md_vendor_return_picking(self.line_ids, self.env._("Return of %s", self.name), self.partner_id)

    def _md_customer_return_picking(self):
        """Odoo's return of the delivery, into the returns zone, with exactly the returned lots."""
        returns_zone = self.warehouse_id.md_returns_location_id
        if not returns_zone:
            self.warehouse_id._md_raise_missing_zones()
        delivery = self.origin_picking_id
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        per_product = defaultdict(float)
        for line in self.line_ids:
            per_product[line.product_id] += line.quantity
        for wizard_line in wizard.product_return_moves:
            quantity = per_product.pop(wizard_line.product_id, 0.0)
            wizard_line.write({"quantity": quantity, "to_refund": self.grade_id.refund})
        picking = wizard._create_return()
        picking.write({"location_dest_id": returns_zone.id, "md_return_id": self.id,
                       "origin": f"{self.name} ({delivery.name})"})
        picking.move_ids.write({"location_dest_id": returns_zone.id})
        self._md_set_lot_lines(picking, source_of=lambda line: picking.location_id)
        return picking

    def _md_vendor_return_picking(self, lines, origin, partner):
        """An outgoing transfer to the supplier of exactly these lots, linked to their receipt."""
        warehouse = self.warehouse_id
        receipt = self.origin_picking_id if self.return_type == "vendor" else self.env["stock.picking"]
        refund = self.grade_id.refund and bool(receipt)
        picking_type = receipt.picking_type_id.return_picking_type_id or warehouse.out_type_id
        supplier_location = partner.property_stock_supplier or self.env.ref("stock.stock_location_suppliers")
        sources = lines.mapped("location_id")
        picking = self.env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "location_id": sources[:1].id,
            "location_dest_id": supplier_location.id,
            "origin": origin,
            "return_id": receipt.id or False,
            "md_return_id": self.id,
            "company_id": self.company_id.id,
        })
        receipt_moves = {move.product_id: move for move in receipt.move_ids}
        grouped = defaultdict(float)
        for line in lines:
            grouped[(line.product_id, line.location_id)] += line.quantity
        self.env["stock.move"].create([{
            "name": origin,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": location.id,
            "location_dest_id": supplier_location.id,
            "picking_id": picking.id,
            "company_id": self.company_id.id,
            "origin_returned_move_id": receipt_moves.get(product, self.env["stock.move"]).id,
            "to_refund": refund,
            "purchase_line_id": receipt_moves.get(product, self.env["stock.move"]).purchase_line_id.id,
        } for (product, location), quantity in grouped.items()])
        picking.action_confirm()
        self._md_set_lot_lines(picking, source_of=lambda line: line.location_id, lines=lines)
        return picking

    def _md_set_lot_lines(self, picking, source_of, lines=None):
        """Move lines carry exactly the lots of the return, whatever the reservation proposed."""
        picking.move_ids._do_unreserve()
        picking.move_line_ids.unlink()
        vals_list = []
        for line in (lines or self.line_ids):
            move = picking.move_ids.filtered(lambda m, l=line: m.product_id == l.product_id
                                             and (m.location_id == source_of(l) or len(picking.move_ids) == 1
                                                  or m.location_id == picking.location_id))[:1]
            vals_list.append({
                "move_id": move.id, "picking_id": picking.id, "product_id": line.product_id.id,
                "product_uom_id": line.product_id.uom_id.id, "quantity": line.quantity, "lot_id": line.lot_id.id,
                "location_id": source_of(line).id, "location_dest_id": move.location_dest_id.id, "picked": True,
            })
        self.env["stock.move.line"].create(vals_list)

    # Receipt of the goods -------------------------------------------------------

    def _md_on_transfer_done(self, picking):
        """The return transfer was validated by the warehouse."""
        for record in self:
            if record.return_type == "customer" and picking == record.return_picking_id:
                record._md_mark_returned()
                record._md_workflow_write({"state": "received"})
                record.activity_schedule(
                    "medical_device_returns.mail_activity_md_return_disposition",
                    user_id=record._md_qa_user().id,
                    note=self.env._("Re-inspect the returned goods and sign their disposition."))
                record._md_log(self.env._("Goods received into %s; awaiting QA disposition.",
                                          picking.location_dest_id.display_name))
            elif record.return_type == "vendor" and picking == record.return_picking_id:
                record._md_workflow_write({"state": "done"})
                record._md_log(self.env._("Returned to %s.", record.partner_id.display_name))
            if picking.location_dest_id.usage == "supplier" and record.grade_id.quality_related:
                picking.sudo().partner_id.commercial_partner_id._md_check_return_rate(record.company_id)

    def _md_mark_returned(self):
        """Lots whose whole stock is now in the returns zone take the status Returned."""
        lots = self.line_ids.lot_id.filtered("md_is_device")
        quants = self.env["stock.quant"].sudo().search([
            ("lot_id", "in", lots.ids), ("location_id.usage", "=", "internal"), ("quantity", ">", 0)])
        elsewhere = quants.filtered(lambda q: q.location_id.md_zone != "returns").lot_id
        # A held or rejected lot keeps its status: QA's hold is not lifted by the return's disposition.
        to_mark = (lots - elsewhere).filtered(lambda lot: lot.md_quality_state == "released")
        if to_mark:
            to_mark._md_change_quality_state(
                "returned", self.env._("Returned by %(partner)s with %(return)s (%(grade)s).",
                                       partner=self.partner_id.display_name, **{"return": self.name},
                                       grade=self.grade_id.name), origin=self.name)

    def _md_qa_user(self):
        qa = self.env.ref(QA_GROUP).users.filtered(lambda u: self.company_id in u.company_ids)
        return qa[:1] or self.env.user

    # Disposition -----------------------------------------------------------------

    def action_sign_disposition(self):
        self.ensure_one()
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        problems = []
        if self.return_type != "customer" or self.state != "received":
            problems.append(self.env._("Only received customer returns are disposed of by QA."))
        for line in self.line_ids:
            problems += line._md_disposition_problems()
        if problems:
            raise problems_error(self.env._("%s cannot be signed yet:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"disposed_by": self.env.user.id, "disposed_on": signature.signed_at})
        self.sudo()._md_apply_dispositions(signature)
        return signature

    def _md_apply_dispositions(self, signature):
        """Move every line as QA decided, in this transaction; a release needs the signature."""
        self.ensure_one()
        if not signature:
            raise UserError(self.env._("Returned goods are re-released only under a QA signature."))
        Lot = self.env["stock.lot"].sudo()
        warehouse = self.warehouse_id
        lines = self.line_ids
        release = lines.filtered(lambda l: l.disposition in ("release", "repack"))
        supplier = lines.filtered(lambda l: l.disposition == "supplier")
        scrap = lines.filtered(lambda l: l.disposition == "scrap")
        # Statuses first, so that each move meets the status its destination zone expects.
        to_release = release.lot_id.filtered(lambda lot: lot.md_quality_state == "returned")
        if to_release:
            to_release._md_change_quality_state("released", self.env._("Re-inspected: %s", self.name),
                                                origin=self.name, signature=signature, relocate=False)
        to_reject = (supplier | scrap).lot_id.filtered(lambda lot: lot.md_quality_state == "returned") - release.lot_id
        if to_reject:
            to_reject._md_change_quality_state("rejected", self.env._("Disposition of %s", self.name),
                                               origin=self.name, signature=signature, relocate=False)
        stock = warehouse.lot_stock_id
        # Only the release leaves the returns zone for stock (returns to the supplier and scrap may anyway).
        # The way out is granted in this transaction, to these lots in these places, for these moves: a client
        # can send a context, not a grant.
        released = {(line.lot_id.id, line.location_id.id) for line in release}
        grants = self.env.cr.precommit.data.setdefault(RELEASE_GRANTS, set())
        grants |= released
        try:
            Lot._md_move_quantities(
                [(l.lot_id, l.quantity, l.location_id, stock._get_putaway_strategy(l.product_id, quantity=l.quantity))
                 for l in release], self.env._("%s re-released", self.name))
        finally:
            grants -= released
        if supplier:
            unknown = supplier.filtered(lambda l: not l.supplier_id)
            if unknown:
                raise UserError(self.env._("The supplier of %s is not known.", unknown[0].display_name))
            for partner, partner_lines in supplier.grouped("supplier_id").items():
                picking = self._md_vendor_return_picking(partner_lines, self.env._("%s to supplier", self.name),
                                                         partner)
                self._md_workflow_write({"result_picking_ids": [Command.link(picking.id)]})
        for line in scrap:
            scrap_record = self.env["stock.scrap"].create({
                "product_id": line.product_id.id, "lot_id": line.lot_id.id, "scrap_qty": line.quantity,
                "product_uom_id": line.product_id.uom_id.id, "location_id": line.location_id.id,
                "company_id": self.company_id.id, "origin": f"{self.name}: {line.disposition_note}",
                "md_return_id": self.id})
            scrap_record.do_scrap()
            line._md_workflow_write({"scrap_id": scrap_record.id})
        self._md_workflow_write({"state": "done"})
        self.activity_ids.action_feedback(feedback=self.env._("Disposition signed."))
        applied = "; ".join(f"{line.display_name}: {line._md_disposition_label()}" for line in lines)
        self._md_log(self.env._("Disposition applied: %s", applied))

    # Finance ---------------------------------------------------------------------

    def action_create_credit_note(self):
        """Credit note through the sales order's standard invoicing, when accounting is there."""
        self.ensure_one()
        if "account.move" not in self.env or not self.sale_id:
            raise UserError(self.env._("A credit note needs accounting and a sales order behind the delivery."))
        if self.state not in ("received", "done"):
            raise UserError(self.env._("The goods must be received back before the credit note."))
        if not self.grade_id.refund:
            raise UserError(self.env._("Returns graded %s do not change the ordered quantities.", self.grade_id.name))
        moves = self.sale_id._create_invoices(final=True)
        self._md_log(self.env._("Credit note %s created.", ", ".join(moves.mapped("display_name"))))
        return {"type": "ir.actions.act_window", "res_model": "account.move", "view_mode": "form",
                "res_id": moves[:1].id}

    def action_cancel(self):
        for record in self:
            if record.state not in ("draft", "approved") or record.return_picking_id.state == "done":
                raise UserError(self.env._("%s cannot be cancelled once goods have moved.", record.name))
            # An approved return is withdrawn by those who may approve it, or by the warehouse expecting the goods.
            group = record.grade_id.approval_group_id
            if record.state == "approved" and group not in self.env.user.groups_id \
                    and not self.env.user.has_group("stock.group_stock_user"):
                raise AccessError(self.env._(
                    "Approved returns graded %(grade)s are cancelled by %(group)s or by the warehouse.",
                    grade=record.grade_id.name, group=group.full_name))
            record.return_picking_id.action_cancel()
            record._md_workflow_write({"state": "cancel"})
        return True

    def action_view_transfers(self):
        self.ensure_one()
        pickings = self.return_picking_id | self.result_picking_ids
        return {"type": "ir.actions.act_window", "res_model": "stock.picking", "name": self.env._("Transfers"),
                "view_mode": "list,form", "domain": [("id", "in", pickings.ids)]}
