import { registry } from "@web/core/registry";
import {
    clickAction,
    expectAccepted,
    expectRefused,
    openRecord,
    openTask,
    scan,
    setMode,
} from "@medical_device_scanner/../tests/tours/helpers";

registry.category("web_tour.tours").add("md_scanner_maintenance", {
    steps: () => [
        ...openTask("maintenance"),
        ...openRecord("TOUR-CHECK"),
        scan("(01)06909999000012(10)MT-A", "A lot in hand, all points fine"),
        expectAccepted("MT-A @ GTW/Stock: checked"),
        scan("(01)06909999000012(10)MT-Q", "A lot that is not on the check"),
        expectRefused("MT-Q is not on maintenance check"),
        { trigger: ".o_md_scanner.o_md_flash_error, .o_md_scan_refused" },
        ...setMode("packaging"),
        {
            content: "What was found",
            trigger: "textarea.o_md_scanner_note",
            run: "edit Outer carton wet",
        },
        scan("(01)06909999000012(10)MT-B", "The wet carton"),
        expectAccepted("MT-B @ GTW/Stock: checked"),
        { trigger: ".o_md_scanner_line.o_md_line_error:contains(MT-B)" },
        clickAction("done"),
        {
            content: "Done: the check leaves the list",
            trigger: ".o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-CHECK)))",
        },
    ],
});
