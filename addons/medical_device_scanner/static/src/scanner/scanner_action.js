import { Component, onWillStart, useState } from "@odoo/owl";
import { BarcodeScanner } from "@barcodes/components/barcode_scanner";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { MdScannerTaskScreen } from "./task_screen";

// Task screens: a task that needs its own layout registers a component under its key;
// every other task uses the generic screen, drawn from what the server sends.
export const screenRegistry = registry.category("md_scanner_screens");

const ERROR_SOUND = "/barcodes/static/src/audio/error.ogg";

/**
 * GSP Scanner: pick a task, pick (or scan) its document, then scan. Every check runs on the
 * server (md.scanner); the screen only shows what came back, with a flash and a sound.
 */
export class MdScannerAction extends Component {
    static template = "medical_device_scanner.ScannerAction";
    static components = { BarcodeScanner };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.ui = useService("ui");
        this.state = useState({
            view: "home",
            tasks: [],
            task: null,
            records: [],
            search: "",
            resId: null,
            screen: null,
            params: {},
            feedback: null,
            flash: null,
            busy: false,
            manual: "",
        });
        useBus(useService("barcode").bus, "barcode_scanned", (ev) => this.onBarcode(ev.detail.barcode));
        onWillStart(() => this.loadTasks());
    }

    get taskInfo() {
        return this.state.tasks.find((t) => t.key === this.state.task) || {};
    }

    get screenComponent() {
        return screenRegistry.get(this.state.task, MdScannerTaskScreen);
    }

    async loadTasks() {
        this.state.tasks = await this.orm.call("md.scanner", "md_tasks", []);
    }

    async openTask(key) {
        this.state.task = key;
        this.state.feedback = null;
        this.state.search = "";
        await this.loadRecords();
        this.state.view = "records";
    }

    async loadRecords() {
        this.state.records = await this.orm.call("md.scanner", "md_records", [this.state.task], {
            search: this.state.search || false,
        });
    }

    async onSearch(ev) {
        this.state.search = ev.target.value;
        await this.loadRecords();
    }

    async openRecord(resId) {
        this.state.resId = resId;
        this.state.params = {};
        this.state.feedback = null;
        this.state.screen = await this.orm.call("md.scanner", "md_screen", [this.state.task, resId, {}]);
        this.state.params = this.state.screen.params;
        this.state.view = "task";
    }

    async back() {
        this.state.feedback = null;
        if (this.state.view === "task") {
            await this.loadRecords();
            this.state.view = "records";
        } else {
            await this.loadTasks();
            this.state.view = "home";
        }
    }

    async onBarcode(barcode) {
        if (this.state.busy || !barcode) {
            return;
        }
        if (this.state.view === "records") {
            // A document's own barcode (its reference) opens it.
            const resId = await this.orm.call("md.scanner", "md_find", [this.state.task, barcode]);
            if (resId) {
                return this.openRecord(resId);
            }
            return this.showFeedback({
                ok: false,
                message: _t("No open document has the reference %s.", barcode),
                problems: [],
            });
        }
        if (this.state.view !== "task") {
            return;
        }
        this.state.busy = true;
        this.state.feedback = null;
        try {
            const result = await this.orm.call("md.scanner", "md_scan", [
                this.state.task,
                this.state.resId,
                barcode,
                this.state.params,
            ]);
            this.state.screen = result.screen;
            this.state.params = result.params;
            this.showFeedback(result);
        } finally {
            this.state.busy = false;
        }
    }

    onManualInput(ev) {
        this.state.manual = ev.target.value;
    }

    async onManualSubmit(ev) {
        ev.preventDefault();
        const code = this.state.manual.trim();
        this.state.manual = "";
        if (code) {
            await this.onBarcode(code);
        }
    }

    showFeedback(result) {
        this.state.feedback = { ok: result.ok, message: result.message, problems: result.problems || [] };
        this.state.flash = result.ok ? "ok" : "error";
        if (result.ok) {
            if ("vibrate" in navigator) {
                navigator.vibrate(60);
            }
        } else {
            try {
                const audio = new Audio(ERROR_SOUND);
                audio.play().catch(() => {});
            } catch {
                // No sound on this device: the red flash and the message say it.
            }
        }
        clearTimeout(this.flashTimer);
        this.flashTimer = setTimeout(() => (this.state.flash = null), 700);
    }

    async setMode(mode) {
        this.state.params = { ...this.state.params, mode };
        this.state.screen = await this.orm.call("md.scanner", "md_screen", [
            this.state.task,
            this.state.resId,
            this.state.params,
        ]);
    }

    /** A screen's own inputs (a reason, a finding) go with the next scan or button as parameters. */
    setParams(values) {
        this.state.params = { ...this.state.params, ...values };
    }

    async runAction(key) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        let result;
        try {
            result = await this.orm.call("md.scanner", "md_action", [
                this.state.task,
                this.state.resId,
                key,
                this.state.params,
            ]);
        } finally {
            this.state.busy = false;
        }
        if (result.action) {
            await this.action.doAction(result.action, { onClose: () => this.reload() });
        } else {
            await this.applyScreen(result.screen);
        }
    }

    async reload() {
        let screen = false;
        try {
            screen = await this.orm.call("md.scanner", "md_screen", [
                this.state.task,
                this.state.resId,
                this.state.params,
            ]);
        } catch {
            // The document left the task (signed, validated): back to the list.
        }
        await this.applyScreen(screen);
    }

    async applyScreen(screen) {
        if (screen) {
            this.state.screen = screen;
            return;
        }
        this.state.feedback = { ok: true, message: _t("Done."), problems: [] };
        await this.loadRecords();
        this.state.view = "records";
    }
}

registry.category("actions").add("md_scanner", MdScannerAction);
