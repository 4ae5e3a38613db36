/** @odoo-module **/
import { registry } from "@web/core/registry";

/** The spreadsheet model of the dashboard shown by the Dashboards action. */
function dashboardModel() {
    const find = (node) => {
        if (node.component?.loader && node.component.state?.activeDashboard) {
            return node.component;
        }
        for (const child of Object.values(node.children || {})) {
            const found = find(child);
            if (found) {
                return found;
            }
        }
    };
    const action = find(odoo.__WOWL_DEBUG__.root.__owl__);
    if (!action) {
        throw new Error("The Dashboards action is not on screen");
    }
    return action.state.activeDashboard.model;
}

/**
 * Wait until every pivot and list is loaded, then fail on any cell in error
 * (an unknown field, measure or group, a missing access right, a bad domain).
 */
async function checkEveryCell(expectedTitle) {
    const model = dashboardModel();
    // The spreadsheet bundle is loaded lazily with the dashboard: reach its helpers at run time.
    const { waitForDataLoaded } = odoo.loader.modules.get("@spreadsheet/helpers/model");
    await waitForDataLoaded(model);
    const errors = [];
    let filled = 0;
    for (const sheetId of model.getters.getSheetIds()) {
        const name = model.getters.getSheetName(sheetId);
        for (let row = 0; row < model.getters.getNumberRows(sheetId); row++) {
            for (let col = 0; col < model.getters.getNumberCols(sheetId); col++) {
                const cell = model.getters.getEvaluatedCell({ sheetId, col, row });
                if (cell.type === "error") {
                    errors.push(`${name}!${String.fromCharCode(65 + col)}${row + 1}: ${cell.message}`);
                } else if (cell.type !== "empty" && cell.value !== "") {
                    filled++;
                }
            }
        }
    }
    if (errors.length) {
        throw new Error(`Dashboard cells in error: ${errors.join("; ")}`);
    }
    const [dashboardSheet] = model.getters.getSheetIds();
    const title = model.getters.getEvaluatedCell({ sheetId: dashboardSheet, col: 0, row: 6 }).value;
    if (title !== expectedTitle) {
        throw new Error(`First section title is "${title}", expected "${expectedTitle}"`);
    }
    if (filled < 100) {
        throw new Error(`Only ${filled} cells have a value`);
    }
    if (model.getters.getFigures(dashboardSheet).length !== 8) {
        throw new Error("The six figures and two charts are not all there");
    }
}

function steps(dashboardName, groupName, firstTitle) {
    return [
        {
            content: `The ${groupName} group lists the dashboard`,
            trigger: `.o_spreadsheet_dashboard_search_panel section:has(header:contains(${groupName})) .o_search_panel_category_value[data-name="${dashboardName}"]`,
            run: "click",
        },
        {
            trigger: `.o_search_panel_category_value.active[data-name="${dashboardName}"]`,
        },
        {
            content: "The spreadsheet is drawn, not the error or loading message",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o-grid canvas",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
        {
            content: "Every cell evaluates",
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
            async run() {
                await checkEveryCell(firstTitle);
            },
        },
    ];
}

registry.category("web_tour.tours").add("md_dashboard_gsp_overview", {
    steps: () => steps("GSP Overview", "Medical Devices", "Stock by month of expiry"),
});

registry.category("web_tour.tours").add("md_dashboard_gsp_overview_zh", {
    steps: () => steps("GSP 概览", "医疗器械", "按有效期月份的库存"),
});
