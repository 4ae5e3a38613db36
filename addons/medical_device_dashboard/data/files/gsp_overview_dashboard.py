"""Source of gsp_overview_dashboard.json, the spreadsheet of the GSP Overview dashboard.

Community Odoo has no dashboard editor: change the dashboard here, then run
``python3 gsp_overview_dashboard.py`` in this folder to rewrite the JSON beside it (a test checks that
both agree). Texts shown to users are ``_t("...")`` formulas or chart titles, so that Odoo exports them as
terms of the add-on and the browser shows them translated.

Data sources (the formula ids are what the cells call):

====  =========================  ==================================================================
id    model                      what
====  =========================  ==================================================================
1     md.near.expiry.report      device stock in internal locations by month of expiry
2     md.near.expiry.report      stock within the company's near-expiry horizon (not yet expired)
3     md.near.expiry.report      expired stock still held
4     md.near.expiry.report      stock whose lot is not released, by quality status
5     md.excursion               excursions not yet evaluated, by status
6     md.recall                  draft and ongoing recalls by level, with their stored figures
7-10  md.capa                    open CAPAs by age since creation: 0-30, 31-90, 91-180, over 180 days
11    md.capa                    open CAPAs past their target date
12    md.capa                    open CAPAs by stage
13    md.supplier.scorecard      scorecards by period end (latest first) and grade
L1    md.excursion               list of open excursions
L2    md.recall                  list of draft and ongoing recalls, earliest notification deadline first
L3    md.supplier.scorecard      list of scorecards, latest period and best score first
====  =========================  ==================================================================

The CAPA ages are domains on today's date, evaluated when the dashboard opens: nothing is stored, so
no nightly job has to keep an age field up to date.
"""
import json
import os
import string
import uuid

JSON_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gsp_overview_dashboard.json")
COLS = string.ascii_uppercase
WIDTHS = [130, 160, 85, 75, 115, 115, 90, 90, 75, 95, 85, 85]
ROW_HEIGHT = 23
STYLES = {
    1: {"bold": True, "fontSize": 16, "textColor": "#01666B"},  # section title
    2: {"bold": True, "fillColor": "#E6F2F3", "textColor": "#434343", "wrapping": "wrap",
        "verticalAlign": "middle"},  # column headers
    3: {"bold": True},  # totals
    4: {"textColor": "#666666", "italic": True},  # notes
    5: {"align": "left"},  # dates in the first column
}
FORMATS = {1: "#,##0", 2: "0.0", 3: "yyyy-mm-dd hh:mm", 4: "yyyy-mm-dd", 5: '0.0"%"'}
BORDERS = {1: {"bottom": {"style": "thin", "color": "#CCCCCC"}}}

OPEN_CAPA = "('stage', 'not in', ['closed', 'cancel'])"
DAYS_AGO = "(context_today() - relativedelta(days=%d)).strftime('%%Y-%%m-%%d')"
AGE_BUCKETS = [  # (formula id, label, domain on the creation date)
    ("7", "0-30 days", f"[{OPEN_CAPA}, ('create_date', '>=', {DAYS_AGO % 30})]"),
    ("8", "31-90 days", f"[{OPEN_CAPA}, ('create_date', '<', {DAYS_AGO % 30}), ('create_date', '>=', {DAYS_AGO % 90})]"),
    ("9", "91-180 days",
     f"[{OPEN_CAPA}, ('create_date', '<', {DAYS_AGO % 90}), ('create_date', '>=', {DAYS_AGO % 180})]"),
    ("10", "Over 180 days", f"[{OPEN_CAPA}, ('create_date', '<', {DAYS_AGO % 180})]"),
]
STOCK_MEASURES = [
    {"id": "lot_id:count_distinct", "fieldName": "lot_id", "aggregator": "count_distinct"},
    {"id": "quantity:sum", "fieldName": "quantity", "aggregator": "sum"},
]
COUNT = [{"id": "__count", "fieldName": "__count"}]
RECALL_FIGURES = ["consignee_count", "notified_count", "acknowledged_count", "overdue_count", "qty_to_recall",
                  "qty_retrieved"]
EXCURSION_COLS = ["name", "kind", "sensor_id", "location_id", "start", "state"]
RECALL_COLS = ["name", "title", "level", "state", "notify_deadline", "report_deadline", "deadline_status",
               "consignee_count", "notified_count", "acknowledged_count", "qty_to_recall", "qty_retrieved"]
SCORECARD_COLS = ["date_to", "partner_id", "score", "grade", "rank", "date_from"]
GRADES = ["A", "B", "C", "D"]
KPIS = [  # (label on Data, key value, detail value, figure title, detail text, background)
    ("Near-expiry stock", '=PIVOT.VALUE(2,"quantity:sum")+0', '=PIVOT.VALUE(2,"lot_id:count_distinct")+0',
     "Near-expiry units", "lots", "#FFF7ED"),
    ("Expired stock", '=PIVOT.VALUE(3,"quantity:sum")+0', '=PIVOT.VALUE(3,"lot_id:count_distinct")+0',
     "Expired units", "lots", "#FEF2F2"),
    ("Stock not released", '=PIVOT.VALUE(4,"quantity:sum")+0', '=PIVOT.VALUE(4,"lot_id:count_distinct")+0',
     "Units not released", "lots", "#FEF2F2"),
    ("Open excursions", '=PIVOT.VALUE(5,"__count")+0', '=PIVOT.VALUE(5,"__count","state","to_evaluate")+0',
     "Open excursions", "to evaluate", "#EFF6FF"),
    ("Open recalls", '=PIVOT.VALUE(6,"__count")+0', '=PIVOT.VALUE(6,"overdue_count:sum")+0',
     "Open recalls", "overdue notices", "#EFF6FF"),
    ("Open CAPAs past target date", '=PIVOT.VALUE(11,"__count")+0', '=PIVOT.VALUE(12,"__count")+0',
     "Overdue CAPAs", "open CAPAs", "#ECFDF5"),
]


def _t(text):
    return f'=_t("{text}")'


def _uid(name):
    return str(uuid.uuid5(uuid.UUID("6c1f3c1e-5a0e-4f43-9f0a-6d2b1c9e0a11"), name))


def _pivot(fid, name, model, domain, measures, rows=(), columns=()):
    return fid, {"type": "ODOO", "formulaId": fid, "name": name, "model": model, "domain": domain,
                 "context": {}, "measures": measures, "rows": list(rows), "columns": list(columns),
                 "fieldMatching": {}}


def _sources():
    pivots = dict([
        _pivot("1", "Stock by month of expiry", "md.near.expiry.report", [], STOCK_MEASURES,
               rows=[{"fieldName": "expiration_date", "granularity": "month", "order": "asc"}]),
        _pivot("2", "Near-expiry stock", "md.near.expiry.report", [["near_expiry", "=", True]], STOCK_MEASURES),
        _pivot("3", "Expired stock", "md.near.expiry.report", [["days_to_expiry", "<=", 0]], STOCK_MEASURES),
        _pivot("4", "Stock not released by quality status", "md.near.expiry.report",
               [["quality_state", "!=", "released"]], STOCK_MEASURES, rows=[{"fieldName": "quality_state"}]),
        _pivot("5", "Open excursions by status", "md.excursion", [["state", "!=", "done"]], COUNT,
               rows=[{"fieldName": "state"}]),
        _pivot("6", "Open recalls by level", "md.recall", [["state", "in", ["draft", "ongoing"]]],
               COUNT + [{"id": f"{f}:sum", "fieldName": f, "aggregator": "sum"} for f in RECALL_FIGURES],
               rows=[{"fieldName": "level", "order": "asc"}]),
        *[_pivot(fid, f"Open CAPAs {label}", "md.capa", domain, COUNT) for fid, label, domain in AGE_BUCKETS],
        _pivot("11", "Open CAPAs past target date", "md.capa",
               f"[{OPEN_CAPA}, ('date_deadline', '<', context_today().strftime('%Y-%m-%d'))]", COUNT),
        _pivot("12", "Open CAPAs by stage", "md.capa", [["stage", "not in", ["closed", "cancel"]]], COUNT,
               rows=[{"fieldName": "stage"}]),
        _pivot("13", "Supplier grades by period", "md.supplier.scorecard", [],
               COUNT + [{"id": "score:avg", "fieldName": "score", "aggregator": "avg"}],
               rows=[{"fieldName": "date_to", "granularity": "month", "order": "desc"}],
               columns=[{"fieldName": "grade", "order": "asc"}]),
    ])
    lists = {
        "1": {"id": "1", "name": "Open excursions", "model": "md.excursion", "domain": [["state", "!=", "done"]],
              "context": {}, "columns": EXCURSION_COLS, "orderBy": [{"name": "start", "asc": True}],
              "fieldMatching": {}},
        "2": {"id": "2", "name": "Recalls in progress", "model": "md.recall",
              "domain": [["state", "in", ["draft", "ongoing"]]], "context": {}, "columns": RECALL_COLS,
              "orderBy": [{"name": "notify_deadline", "asc": True}, {"name": "id", "asc": True}],
              "fieldMatching": {}},
        "3": {"id": "3", "name": "Latest supplier scorecards", "model": "md.supplier.scorecard", "domain": [],
              "context": {}, "columns": SCORECARD_COLS,
              "orderBy": [{"name": "date_to", "asc": False}, {"name": "score", "asc": False}],
              "fieldMatching": {}},
    }
    return pivots, lists


def _dashboard_sheet():
    cells, styles, formats, borders, rows = {}, {}, {}, {}, {}

    def put(ref, content, style=None, fmt=None):
        cells[ref] = {"content": content}
        if style:
            styles[ref] = style
        if fmt:
            formats[ref] = fmt

    def title(row, text):
        put(f"A{row}", _t(text), 1)
        rows[str(row - 1)] = {"size": 40}

    def header(row, labels, first="A"):
        start = COLS.index(first)
        for i, label in enumerate(labels):
            put(f"{COLS[start + i]}{row}", label, 2)
        rows[str(row - 1)] = {"size": 40}
        borders[f"{first}{row}:{COLS[start + len(labels) - 1]}{row}"] = 1

    # Stock by month of expiry, rows 7-21 (chart on the right).
    title(7, "Stock by month of expiry")
    header(8, [_t("Month of expiry"), _t("Number of lots"), _t("Quantity")])
    for i in range(1, 13):
        r = 8 + i
        # Past the last month a date header is an error, not an empty string: shown empty.
        put(f"A{r}", f'=IFERROR(PIVOT.HEADER(1,"#expiration_date:month",{i}),"")', 5)
        put(f"B{r}", f'=PIVOT.VALUE(1,"lot_id:count_distinct","#expiration_date:month",{i})')
        put(f"C{r}", f'=PIVOT.VALUE(1,"quantity:sum","#expiration_date:month",{i})', fmt=1)
    put("A21", _t("Device stock in internal locations, earliest expiry first; expired months come first."), 4)

    # Devices not released, rows 23-30 (chart on the right).
    title(23, "Devices not released, in our stock")
    header(24, [_t("Quality Status"), _t("Number of lots"), _t("Quantity")])
    for i in range(1, 6):
        r = 24 + i
        put(f"A{r}", f'=PIVOT.HEADER(4,"#quality_state",{i})')
        put(f"B{r}", f'=PIVOT.VALUE(4,"lot_id:count_distinct","#quality_state",{i})')
        put(f"C{r}", f'=PIVOT.VALUE(4,"quantity:sum","#quality_state",{i})', fmt=1)
    # A pivot header without group is the pivot's own, translated, "Total".
    put("A30", "=PIVOT.HEADER(4)", 3)
    put("B30", '=PIVOT.VALUE(4,"lot_id:count_distinct")+0', 3)
    put("C30", '=PIVOT.VALUE(4,"quantity:sum")+0', 3, 1)

    # Open excursions, rows 32-41, with the count by status on the right.
    title(32, "Open excursions")
    header(33, [f'=ODOO.LIST.HEADER(1,"{f}")' for f in EXCURSION_COLS])
    for i in range(1, 9):
        for c, f in enumerate(EXCURSION_COLS):
            put(f"{COLS[c]}{33 + i}", f'=ODOO.LIST(1,{i},"{f}")', fmt=3 if f == "start" else None)
    header(33, [_t("Status"), _t("Excursions")], first="H")
    for i in range(1, 3):
        put(f"H{33 + i}", f'=PIVOT.HEADER(5,"#state",{i})')
        put(f"I{33 + i}", f'=PIVOT.VALUE(5,"__count","#state",{i})')
    put("H36", "=PIVOT.HEADER(5)", 3)
    put("I36", '=PIVOT.VALUE(5,"__count")+0', 3)

    # Open recalls, rows 43-52, and their totals by level, rows 54-59.
    title(43, "Open recalls: deadlines and progress")
    header(44, [_t("Status") if f == "state" else f'=ODOO.LIST.HEADER(2,"{f}")' for f in RECALL_COLS])
    for i in range(1, 9):
        for c, f in enumerate(RECALL_COLS):
            fmt = 3 if f.endswith("_deadline") else (1 if f.startswith("qty_") else None)
            put(f"{COLS[c]}{44 + i}", f'=ODOO.LIST(2,{i},"{f}")', fmt=fmt)
    title(54, "Open recalls by level")
    measures = ["__count"] + [f"{f}:sum" for f in RECALL_FIGURES]
    header(55, [_t("Level"), _t("Recalls")] + [f'=PIVOT.HEADER(6,"measure","{m}")' for m in measures[1:]])
    for i in range(1, 4):
        put(f"A{55 + i}", f'=PIVOT.HEADER(6,"#level",{i})')
        for c, m in enumerate(measures, start=1):
            put(f"{COLS[c]}{55 + i}", f'=PIVOT.VALUE(6,"{m}","#level",{i})', fmt=1 if m.startswith("qty_") else None)
    put("A59", "=PIVOT.HEADER(6)", 3)
    for c, m in enumerate(measures, start=1):
        put(f"{COLS[c]}59", f'=PIVOT.VALUE(6,"{m}")+0', 3, 1 if m.startswith("qty_") else None)

    # Open CAPAs by age, rows 61-68, and by stage on the right.
    title(61, "Open CAPAs by age")
    header(62, [_t("Age (since opened)"), _t("Open CAPAs")])
    for i, (fid, label, _domain) in enumerate(AGE_BUCKETS):
        put(f"A{63 + i}", _t(label))
        put(f"B{63 + i}", f'=PIVOT.VALUE({fid},"__count")+0')
    put("A67", "=PIVOT.HEADER(12)", 3)
    put("B67", "=SUM(B63:B66)", 3)
    put("A68", _t("Past target date"))
    put("B68", '=PIVOT.VALUE(11,"__count")+0')
    header(62, [_t("Stage"), _t("Open CAPAs")], first="E")
    for i in range(1, 5):
        put(f"E{62 + i}", f'=PIVOT.HEADER(12,"#stage",{i})')
        put(f"F{62 + i}", f'=PIVOT.VALUE(12,"__count","#stage",{i})')
    put("E67", "=PIVOT.HEADER(12)", 3)
    put("F67", '=PIVOT.VALUE(12,"__count")+0', 3)

    # Supplier grades of the three latest periods, rows 70-75, and the latest scorecards, rows 77-86.
    title(70, "Supplier grades")
    header(71, [_t("Period ending")] + [_t(f"Grade {g}") for g in GRADES] + [_t("Average score")])
    for i in range(1, 4):
        r = 71 + i
        put(f"A{r}", f'=IFERROR(PIVOT.HEADER(13,"#date_to:month",{i}),"")', 5)
        for c, g in enumerate(GRADES, start=1):
            put(f"{COLS[c]}{r}", f'=IF(A{r}="","",PIVOT.VALUE(13,"__count","#date_to:month",{i},"grade","{g}")+0)')
        put(f"F{r}", f'=PIVOT.VALUE(13,"score:avg","#date_to:month",{i})', fmt=2)
    put("A75", _t("Suppliers scored in each period, by grade; the latest period comes first."), 4)
    title(77, "Latest supplier scorecards")
    header(78, [_t("Period ending")] + [f'=ODOO.LIST.HEADER(3,"{f}")' for f in SCORECARD_COLS[1:-1]]
           + [_t("Period starting")])
    for i in range(1, 9):
        for c, f in enumerate(SCORECARD_COLS):
            put(f"{COLS[c]}{78 + i}", f'=ODOO.LIST(3,{i},"{f}")', 5 if c == 0 else None,
                fmt=2 if f == "score" else None)

    figures = []
    for i, (_label, _key, _detail, fig_title, detail_text, background) in enumerate(KPIS):
        figures.append({
            "id": _uid(fig_title), "x": 190 * i, "y": 9, "width": 182, "height": 105, "tag": "chart",
            "data": {"type": "scorecard", "title": {"text": fig_title, "bold": True, "color": "#434343"},
                     "background": background, "keyValue": f"Data!B{i + 2}", "baseline": f"Data!C{i + 2}",
                     "baselineMode": "text", "baselineDescr": detail_text, "baselineColorUp": "#00A04A",
                     "baselineColorDown": "#DC6965", "humanize": False},
        })
    top, left = 6 * ROW_HEIGHT, sum(WIDTHS[:4]) + 10
    bar_height = 80 + 13 * ROW_HEIGHT
    figures.append({
        "id": _uid("expiry chart"), "x": left, "y": top, "width": sum(WIDTHS) - left - 10,
        "height": bar_height, "tag": "chart",
        "data": {"type": "odoo_bar", "title": {"text": "Quantity by month of expiry", "bold": True,
                                               "color": "#434343"},
                 "background": "#FFFFFF", "legendPosition": "none", "verticalAxisPosition": "left",
                 "stacked": False,
                 "metaData": {"groupBy": ["expiration_date:month"], "measure": "quantity", "order": None,
                              "resModel": "md.near.expiry.report", "mode": "bar"},
                 "searchParams": {"comparison": None, "context": {}, "domain": [],
                                  "groupBy": ["expiration_date:month"], "orderBy": []},
                 "fieldMatching": {}},
    })
    figures.append({
        "id": _uid("not released chart"), "x": left, "y": top + bar_height + 20, "width": 420, "height": 230,
        "tag": "chart",
        "data": {"type": "odoo_pie", "title": {"text": "Quantity not released, by quality status", "bold": True,
                                               "color": "#434343"},
                 "background": "#FFFFFF", "legendPosition": "right",
                 "metaData": {"groupBy": ["quality_state"], "measure": "quantity", "order": None,
                              "resModel": "md.near.expiry.report", "mode": "pie"},
                 "searchParams": {"comparison": None, "context": {},
                                  "domain": [["quality_state", "!=", "released"]],
                                  "groupBy": ["quality_state"], "orderBy": []},
                 "fieldMatching": {}},
    })
    return {
        "id": "gsp_overview", "name": "Dashboard", "colNumber": len(WIDTHS), "rowNumber": 90, "rows": rows,
        "cols": {str(i): {"size": w} for i, w in enumerate(WIDTHS)}, "merges": [],
        "cells": dict(sorted(cells.items(), key=lambda kv: (int(kv[0][1:]), kv[0][0]))),
        "styles": styles, "formats": formats, "borders": borders, "conditionalFormats": [], "figures": figures,
        "tables": [], "areGridLinesVisible": False, "isVisible": True, "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [], "comments": {},
    }


def _data_sheet():
    """The figures' values, one row per figure."""
    cells = {"A1": {"content": _t("KPI")}, "B1": {"content": _t("Value")}, "C1": {"content": _t("Detail")}}
    for row, (label, key, detail, *_figure) in enumerate(KPIS, start=2):
        cells[f"A{row}"] = {"content": _t(label)}
        cells[f"B{row}"] = {"content": key}
        cells[f"C{row}"] = {"content": detail}
    return {
        "id": "gsp_overview_data", "name": "Data", "colNumber": 3, "rowNumber": 10, "rows": {},
        "cols": {"0": {"size": 220}}, "merges": [], "cells": cells, "styles": {}, "formats": {"B2:C7": 1},
        "borders": {}, "conditionalFormats": [], "figures": [], "tables": [], "areGridLinesVisible": True,
        "isVisible": True, "headerGroups": {"ROW": [], "COL": []}, "dataValidationRules": [], "comments": {},
    }


def build():
    pivots, lists = _sources()
    return {
        "version": 21,
        "sheets": [_dashboard_sheet(), _data_sheet()],
        "styles": {str(k): v for k, v in STYLES.items()},
        "formats": {str(k): v for k, v in FORMATS.items()},
        "borders": {str(k): v for k, v in BORDERS.items()},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {"locale": {"name": "English (US)", "code": "en_US", "thousandsSeparator": ",",
                                "decimalSeparator": ".", "dateFormat": "mm/dd/yyyy", "timeFormat": "hh:mm:ss",
                                "formulaArgSeparator": ",", "weekStart": 7}},
        "pivots": pivots,
        "pivotNextId": 14,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [],
        "lists": lists,
        "listNextId": 4,
        "chartOdooMenusReferences": {},
    }


if __name__ == "__main__":
    with open(JSON_FILE, "w", encoding="utf-8") as out:
        json.dump(build(), out, indent=2, ensure_ascii=False)
        out.write("\n")
