import { Component } from "@odoo/owl";

/** The generic task screen: the document's lines against what is expected, the modes and the buttons. */
export class MdScannerTaskScreen extends Component {
    static template = "medical_device_scanner.TaskScreen";
    static props = {
        screen: Object,
        onAction: Function,
        onMode: Function,
        onParams: { type: Function, optional: true },
        busy: { type: Boolean, optional: true },
    };

    formatQty(qty) {
        return Number.isInteger(qty) ? String(qty) : qty.toFixed(2);
    }
}
