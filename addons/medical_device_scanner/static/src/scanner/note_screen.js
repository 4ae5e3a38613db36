import { registry } from "@web/core/registry";
import { MdScannerTaskScreen } from "./task_screen";

/**
 * The generic screen with a text the next scan or button sends along (params.note): the reason of a
 * rejection or of a failed check at acceptance, the finding of a failed point at a maintenance check.
 * The server says whether to show it (screen.note) and checks it.
 */
export class MdScannerNoteScreen extends MdScannerTaskScreen {
    static template = "medical_device_scanner.NoteScreen";

    onNote(ev) {
        this.props.onParams?.({ note: ev.target.value });
    }
}

const screens = registry.category("md_scanner_screens");
screens.add("accept", MdScannerNoteScreen);
screens.add("maintenance", MdScannerNoteScreen);
