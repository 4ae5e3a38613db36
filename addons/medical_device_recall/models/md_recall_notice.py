import hashlib
import secrets
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .md_recall import NOTIFY_DAYS

NOTICE_STATES = [("draft", "To Notify"), ("sent", "Notified"), ("acknowledged", "Acknowledged"),
                 ("cancel", "Cancelled")]


def token_digest(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class MdRecallNotice(models.Model):
    """召回通知: the notice to one consignee, its delivery and its acknowledgement."""

    _name = "md.recall.notice"
    _description = "Recall Notice"
    _inherit = ["mail.thread", "md.workflow.mixin"]
    _order = "recall_id desc, partner_id"
    _rec_names_search = ["partner_id", "recall_id"]

    # Made by the recall's start for one consignee; notified, acknowledged and retrieved through the buttons
    # and the acknowledgement link, which check the recall, the coordinator or the link's token first.
    # The stored copies of the recall's level and company follow the recall only.
    _md_workflow_fields = ("recall_id", "partner_id", "line_ids", "state", "sent_on", "sent_by", "overdue",
                           "acknowledged_on", "acknowledged_by", "acknowledged_via", "acknowledgement_note",
                           "token_digest", "picking_ids", "level", "company_id")

    recall_id = fields.Many2one("md.recall", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    level = fields.Selection(related="recall_id.level", store=True)
    partner_id = fields.Many2one("res.partner", string="Consignee", required=True, readonly=True, index=True)
    email = fields.Char(related="partner_id.email", string="E-mail")
    state = fields.Selection(NOTICE_STATES, default="draft", required=True, readonly=True, tracking=True,
                             index=True, copy=False)
    method = fields.Selection([("email", "E-mail"), ("phone", "Phone"), ("fax", "Fax"), ("post", "Post"),
                               ("visit", "Visit")], string="Notified By", default="email", tracking=True)
    sent_on = fields.Datetime(string="Notified On (UTC)", readonly=True, copy=False)
    sent_by = fields.Many2one("res.users", string="Notified By User", readonly=True, copy=False)
    ack_deadline = fields.Datetime(string="Acknowledge By", compute="_compute_ack_deadline", store=True)
    overdue = fields.Boolean(readonly=True, index=True,
                             help="Not notified by the recall's deadline, or not acknowledged in time.")
    acknowledged_on = fields.Datetime(string="Acknowledged On (UTC)", readonly=True, copy=False)
    acknowledged_by = fields.Char(readonly=True, copy=False,
                                  help="Name given by the consignee's person who confirmed.")
    acknowledged_via = fields.Selection([("link", "Acknowledgement Link"), ("recorded", "Recorded by Us")],
                                        readonly=True, copy=False)
    acknowledgement_note = fields.Text(readonly=True, copy=False)
    token_digest = fields.Char(readonly=True, copy=False, index="btree_not_null", groups="base.group_system")
    line_ids = fields.One2many("md.recall.notice.line", "notice_id", string="Lots")
    qty_to_recall = fields.Float(compute="_compute_quantities", store=True, digits="Product Unit of Measure")
    qty_retrieved = fields.Float(compute="_compute_quantities", store=True, digits="Product Unit of Measure")
    picking_ids = fields.Many2many("stock.picking", string="Retrieval Transfers", readonly=True, copy=False)

    _sql_constraints = [("consignee_unique", "UNIQUE(recall_id, partner_id)",
                         "A consignee gets one notice per recall.")]

    @api.depends("recall_id.name", "partner_id")
    def _compute_display_name(self):
        for notice in self:
            notice.display_name = f"{notice.recall_id.name} · {notice.partner_id.display_name}"

    @api.depends("sent_on", "level")
    def _compute_ack_deadline(self):
        # Consignees confirm within the same period they had to be notified in.
        for notice in self:
            notice.ack_deadline = notice.sent_on and notice.level and \
                notice.sent_on + timedelta(days=NOTIFY_DAYS[notice.level])

    @api.depends("line_ids.qty_to_recall", "line_ids.qty_retrieved")
    def _compute_quantities(self):
        for notice in self:
            notice.qty_to_recall = sum(notice.line_ids.mapped("qty_to_recall"))
            notice.qty_retrieved = sum(notice.line_ids.mapped("qty_retrieved"))

    def _md_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state, "")

    def _md_update_overdue(self):
        now = fields.Datetime.now()
        for notice in self:
            late = (notice.state == "draft" and notice.recall_id.notify_deadline
                    and now > notice.recall_id.notify_deadline) \
                or (notice.state == "sent" and notice.ack_deadline and now > notice.ack_deadline)
            if notice.overdue != bool(late):
                notice._md_workflow_env().overdue = bool(late)

    def write(self, vals):
        # How the consignee was notified is part of the record once it was.
        if "method" in vals and not self._md_workflow_internal():
            notified = self.filtered(lambda n: n.state != "draft" and n.method != vals["method"])
            if notified:
                raise UserError(self.env._("%s has been notified: how is on record.",
                                           ", ".join(notified.mapped("display_name"))))
        return super().write(vals)

    def _md_check_open(self):
        self.recall_id._md_check_coordinator()
        for notice in self:
            if notice.recall_id.state != "ongoing":
                raise UserError(self.env._("%s is not ongoing.", notice.recall_id.name))

    # Sending ----------------------------------------------------------------------

    def _md_new_token(self):
        self.ensure_one()
        token = secrets.token_urlsafe(24)
        self._md_workflow_env().token_digest = token_digest(token)
        return token

    def _md_ack_url(self, token):
        base = self.get_base_url()
        return f"{base}/md/recall/ack/{token}"

    def action_send(self):
        """E-mail the notice with its PDF and a personal acknowledgement link; a resend replaces the link."""
        self._md_check_open()
        problems = []
        for notice in self:
            if notice.state not in ("draft", "sent"):
                problems.append(self.env._("%s is already acknowledged.", notice.display_name))
            if not notice.email:
                problems.append(self.env._("%s has no e-mail address: notify by phone, fax, post or visit and "
                                           "record it.", notice.partner_id.display_name))
        if problems:
            raise UserError("\n".join(problems))
        template = self.env.ref("medical_device_recall.mail_template_recall_notice")
        now = fields.Datetime.now()
        for notice in self:
            token = notice._md_new_token()
            template.with_context(md_ack_url=notice._md_ack_url(token)).send_mail(
                notice.id, email_layout_xmlid="mail.mail_notification_light")
            notice._md_workflow_write({"state": "sent", "method": "email", "sent_on": now,
                                       "sent_by": self.env.user.id, "overdue": False})
            notice.recall_id._md_log(self.env._("Notice e-mailed to %(partner)s (%(email)s).",
                                                partner=notice.partner_id.display_name, email=notice.email))
        self.recall_id._md_notices_changed()
        return True

    def action_mark_notified(self):
        """Record a notice given by phone, fax, post or visit."""
        self._md_check_open()
        for notice in self:
            if notice.state != "draft":
                raise UserError(self.env._("%s has already been notified.", notice.display_name))
            if not notice.method or notice.method == "email":
                raise UserError(self.env._("Choose how %s was notified (phone, fax, post or visit); "
                                           "e-mail goes through Send.", notice.partner_id.display_name))
        now = fields.Datetime.now()
        for notice in self:
            # A link still lets the consignee confirm quantities later.
            notice._md_new_token()
            notice._md_workflow_write({"state": "sent", "sent_on": now, "sent_by": self.env.user.id,
                                       "overdue": False})
            notice.recall_id._md_log(self.env._("%(partner)s notified by %(method)s.",
                                                partner=notice.partner_id.display_name,
                                                method=dict(self._fields["method"]._description_selection(
                                                    self.env))[notice.method]))
        self.recall_id._md_notices_changed()
        return True

    # Acknowledgement ---------------------------------------------------------------

    @api.model
    def _md_find_by_token(self, token):
        """The notice a link's token opens, or an empty recordset for a wrong token."""
        if not token or len(token) > 100:
            return self.browse()
        return self.sudo().search([("token_digest", "=", token_digest(token))], limit=1)

    def _md_acknowledge(self, quantities, name, note=None, via="link"):
        """Record the consignee's confirmation: ``quantities`` is {line id: (on hand, returned)}.

        Everything is checked before anything is written.
        """
        self.ensure_one()
        problems = []
        if self.state != "sent":
            problems.append(self.env._("This notice is %s: it can no longer be acknowledged.",
                                       self._md_state_label()))
        if self.recall_id.state != "ongoing":
            problems.append(self.env._("Recall %s is no longer ongoing.", self.recall_id.name))
        if not (name or "").strip():
            problems.append(self.env._("Give the name of the person confirming."))
        values = {}
        for line in self.line_ids:
            raw = quantities.get(line.id)
            if raw is None:
                problems.append(self.env._("%s: give the quantities.", line.lot_id.name))
                continue
            try:
                on_hand, returned = (float(str(value).replace(",", ".")) for value in raw)
            except (TypeError, ValueError):
                problems.append(self.env._("%s: quantities must be numbers.", line.lot_id.name))
                continue
            if on_hand < 0 or returned < 0:
                problems.append(self.env._("%s: quantities cannot be negative.", line.lot_id.name))
            elif on_hand + returned > line.qty_to_recall:
                problems.append(self.env._(
                    "%(lot)s: %(total)s on hand and returned, but only %(delivered)s were delivered to you.",
                    lot=line.lot_id.name, total=on_hand + returned, delivered=line.qty_to_recall))
            values[line] = (on_hand, returned)
        if problems:
            raise UserError("\n".join(problems))
        # The link has no user and a coordinator may not write the confirmed quantities: written as the button.
        for line, (on_hand, returned) in values.items():
            line._md_workflow_env().write({"qty_on_hand": on_hand, "qty_returned": returned})
        self._md_workflow_env().write({"state": "acknowledged", "acknowledged_on": fields.Datetime.now(),
                                       "acknowledged_by": name.strip(), "acknowledged_via": via,
                                       "acknowledgement_note": (note or "").strip() or False, "overdue": False})
        self.sudo().recall_id._md_log(self.env._(
            "%(partner)s acknowledged the notice (%(name)s): %(lines)s.", partner=self.partner_id.display_name,
            name=name.strip(), lines="; ".join(
                self.env._("%(lot)s on hand %(on_hand)s, returned %(returned)s", lot=line.lot_id.name,
                           on_hand=on_hand, returned=returned) for line, (on_hand, returned) in values.items())))
        return True

    def action_record_acknowledgement(self):
        """The consignee confirmed by phone or in writing: the coordinator types who and what in a wizard."""
        self.ensure_one()
        self._md_check_open()
        if self.state != "sent":
            raise UserError(self.env._("This notice is %s: it can no longer be acknowledged.",
                                       self._md_state_label()))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Acknowledgement"),
            "res_model": "md.recall.notice.acknowledge",
            "view_mode": "form",
            "target": "new",
            "context": {"default_notice_id": self.id},
        }

    # Retrieval ---------------------------------------------------------------------

    def _md_to_retrieve(self):
        """{(lot, delivery): quantity} still to bring back from this consignee."""
        self.ensure_one()
        wanted = {}
        for line in self.line_ids:
            target = line.qty_on_hand + line.qty_returned if self.state == "acknowledged" else line.qty_to_recall
            wanted[line.lot_id] = max(target - line.qty_retrieved, 0.0)
        plan = defaultdict(float)
        positions = self.recall_id.position_ids.filtered(
            lambda p: p.kind == "customer" and p.partner_id == self.partner_id and p.quantity > 0 and p.picking_id)
        # Latest deliveries first: those goods are the likeliest still on the consignee's shelf.
        for position in positions.sorted(lambda p: (p.date or fields.Datetime.now(), p.picking_id.id), reverse=True):
            left = wanted.get(position.lot_id, 0.0)
            take = min(left, position.quantity)
            if take > 0:
                plan[(position.lot_id, position.picking_id)] += take
                wanted[position.lot_id] = left - take
        return plan

    def action_create_return(self):
        """Bring the goods back, one transfer per delivery they left with (see ``_md_retrieve``)."""
        self.ensure_one()
        self._md_check_open()
        if self.state == "draft":
            raise UserError(self.env._("Notify %s before retrieving the goods.", self.partner_id.display_name))
        open_pickings = self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if open_pickings:
            raise UserError(self.env._("%s is still open: validate or cancel it first.",
                                       ", ".join(open_pickings.mapped("name"))))
        plan = self._md_to_retrieve()
        if not plan:
            raise UserError(self.env._("Nothing is left to retrieve from %s.", self.partner_id.display_name))
        by_delivery = defaultdict(dict)
        for (lot, delivery), quantity in plan.items():
            by_delivery[delivery][lot] = quantity
        pickings = self.env["stock.picking"]
        for delivery, lots in by_delivery.items():
            pickings |= self._md_retrieve(delivery, lots)
        pickings.sudo().write({"md_recall_id": self.recall_id.id})
        self._md_workflow_env().picking_ids = [Command.link(p.id) for p in pickings]
        self.recall_id._md_log(self.env._("Retrieval from %(partner)s: %(pickings)s.",
                                          partner=self.partner_id.display_name,
                                          pickings=", ".join(pickings.mapped("name"))))
        return {"type": "ir.actions.act_window", "res_model": "stock.picking", "name": self.env._("Retrieval"),
                "view_mode": "list,form", "domain": [("id", "in", pickings.ids)]}

    def _md_retrieve(self, delivery, lots):
        """The transfer that brings ``lots`` ({lot: quantity}) of ``delivery`` back: Odoo's own return here;
        the bridge with the returns add-on makes it a return graded Recall instead."""
        return self._md_plain_return(delivery, lots)

    def _md_plain_return(self, delivery, lots):
        """Odoo's return of the delivery with exactly these lots, into a segregated zone."""
        warehouse = delivery.picking_type_id.warehouse_id
        zone = warehouse.md_returns_location_id or warehouse.md_nonconforming_location_id
        if not zone:
            warehouse._md_raise_missing_zones()
        per_product = defaultdict(float)
        for lot, quantity in lots.items():
            per_product[lot.product_id] += quantity
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        for wizard_line in wizard.product_return_moves:
            wizard_line.quantity = per_product.pop(wizard_line.product_id, 0.0)
        picking = wizard._create_return()
        picking.write({"location_dest_id": zone.id,
                       "origin": f"{self.recall_id.name} ({delivery.name})"})
        picking.move_ids.write({"location_dest_id": zone.id})
        picking.move_ids._do_unreserve()
        picking.move_line_ids.unlink()
        self.env["stock.move.line"].create([{
            "move_id": picking.move_ids.filtered(lambda m, p=lot.product_id: m.product_id == p)[:1].id,
            "picking_id": picking.id, "product_id": lot.product_id.id, "product_uom_id": lot.product_id.uom_id.id,
            "quantity": quantity, "lot_id": lot.id, "location_id": picking.location_id.id,
            "location_dest_id": zone.id, "picked": True,
        } for lot, quantity in lots.items()])
        return picking
