from odoo import api, models

# Lots whose goods became other lots (relabelled, repacked under a new lot) are
# found through the chained moves: a done line of a traced lot whose move feeds
# a move done with another lot brings that lot into the trace. Goods that went
# to a customer or a supplier are not relabelled by us (a return chained to a
# delivery with another lot is that other lot's own goods), so those lines,
# most of a lot's lines, are not followed: the chains are looked up only for
# the few lines that stay with us.
_EXPAND_SQL = """
    WITH RECURSIVE partners AS (
        SELECT ARRAY(SELECT id FROM stock_location WHERE usage IN ('customer', 'supplier')) AS ids
    ), traced(lot_id) AS (
        SELECT unnest(%(lots)s::int[])
      UNION
        SELECT later.lot_id
          FROM traced
          CROSS JOIN partners
          JOIN stock_move_line earlier ON earlier.lot_id = traced.lot_id AND earlier.state = 'done'
                                       AND earlier.company_id = %(company)s
          JOIN stock_move_move_rel rel ON rel.move_orig_id = earlier.move_id
          JOIN stock_move_line later ON later.move_id = rel.move_dest_id AND later.state = 'done'
                                     AND later.company_id = %(company)s
         WHERE later.lot_id IS NOT NULL AND later.lot_id <> earlier.lot_id
           AND earlier.location_dest_id <> ALL(partners.ids)
    )
    SELECT lot_id FROM traced
"""

# Net quantity per lot, consignee and transfer between us and customers:
# deliveries count positive, returns from the customer negative, so returned
# and re-delivered goods end up with whoever has them now. Everything comes
# from the move lines' trace index (consignee included), so no other table is
# visited per line.
_CUSTOMER_SQL = """
    WITH customers AS (SELECT ARRAY(SELECT id FROM stock_location WHERE usage = 'customer') AS ids)
    SELECT ml.lot_id, ml.md_consignee_id, ml.picking_id, MAX(ml.date) AS date,
           SUM(CASE WHEN ml.location_dest_id = ANY(customers.ids) THEN ml.quantity_product_uom
                    ELSE -ml.quantity_product_uom END) AS quantity
      FROM stock_move_line ml, customers
     WHERE ml.lot_id = ANY(%(lots)s) AND ml.state = 'done' AND ml.company_id = %(company)s
       AND (ml.location_id = ANY(customers.ids)) <> (ml.location_dest_id = ANY(customers.ids))
     GROUP BY ml.lot_id, ml.md_consignee_id, ml.picking_id
"""

# What we still hold: quants are Odoo's own running total per lot and place.
_STOCK_SQL = """
    SELECT quant.lot_id, quant.location_id, location.usage, SUM(quant.quantity)
      FROM stock_quant quant
      JOIN stock_location location ON location.id = quant.location_id
     WHERE quant.lot_id = ANY(%(lots)s) AND location.usage IN ('internal', 'transit')
       AND quant.company_id = %(company)s
     GROUP BY quant.lot_id, quant.location_id, location.usage
    HAVING SUM(quant.quantity) <> 0
"""


class MdRecallTrace(models.AbstractModel):
    """Forward trace of lots: where their goods are now, in a few set-based queries.

    The cost follows the traced lots' own move lines (index on lot), not the
    size of the move-line table, unlike Odoo's line-by-line traceability report.
    """

    _name = "md.recall.trace"
    _description = "Recall Trace"

    @api.model
    def _md_trace(self, lot_ids, company):
        """{'lot_ids': [...], 'stock': [(lot, location, qty)], 'transit': [...],
        'customers': [(lot, consignee, picking, date, qty)]} for ``lot_ids`` and the lots made from them.

        Only ``company``'s moves and stock count: a lot without a company (of a shared product) is moved by
        other companies too, whose customers and stock are none of this recall's business (nor may it
        show them to this company's users).
        """
        for model in ("stock.move.line", "stock.quant", "stock.move", "stock.picking", "stock.location",
                      "res.partner"):
            self.env[model].flush_model()
        cr = self.env.cr
        cr.execute(_EXPAND_SQL, {"lots": list(lot_ids), "company": company.id})
        lots = sorted(row[0] for row in cr.fetchall())
        cr.execute(_CUSTOMER_SQL, {"lots": lots, "company": company.id})
        customers = [row for row in cr.fetchall() if row[4]]
        cr.execute(_STOCK_SQL, {"lots": lots, "company": company.id})
        stock, transit = [], []
        for lot, location, usage, quantity in cr.fetchall():
            (transit if usage == "transit" else stock).append((lot, location, quantity))
        return {"lot_ids": lots, "stock": stock, "transit": transit, "customers": customers}
