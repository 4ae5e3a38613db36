import { registry } from "@web/core/registry";
import {
    clickAction,
    expectAccepted,
    expectLine,
    expectRefused,
    openRecord,
    openTask,
    scan,
} from "@medical_device_scanner/../tests/tours/helpers";

const LOT = "(01)06909999000012(11)260105(17)300131(10)TOUR-LOT-1";
const BOX_OF_NINE = "(01)06909999000012(11)260105(17)300131(10)TOUR-LOT-1(30)9";
const SERIAL = "(01)06909999000029(11)260105(17)300131(21)TOUR-SN-1";
const EXPIRED = "(01)06909999000012(11)200105(17)210131(10)TOUR-OLD";

/**
 * The camera path without a camera: a canvas stream stands in for the video, and a detector of the
 * kind Odoo's scanner component accepts reads one code from it.
 */
function mockCamera(code) {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext("2d");
    const paint = () => {
        context.fillStyle = `hsl(${Date.now() % 360}, 50%, 50%)`;
        context.fillRect(0, 0, 320, 240);
    };
    paint();
    setInterval(paint, 50);
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(20);
    window.BarcodeDetector = class ZXingBarcodeDetector {
        static async getSupportedFormats() {
            return ["data_matrix", "qr_code"];
        }
        setCropArea() {}
        async detect() {
            return [{ rawValue: code }];
        }
    };
}

registry.category("web_tour.tours").add("md_scanner_receive", {
    steps: () => [
        ...openTask("receive"),
        ...openRecord("TOUR-RECEIPT"),
        scan(LOT),
        expectAccepted("TOUR-LOT-1"),
        expectLine("Test Syringe", "1 / 10"),
        scan(BOX_OF_NINE, "A box of nine of the same lot"),
        expectAccepted("TOUR-LOT-1"),
        expectLine("Test Syringe", "10 / 10"),
        scan(EXPIRED, "An expired lot is refused at the scan"),
        expectRefused("expired on"),
        { trigger: ".o_md_scanner.o_md_flash_error, .o_md_scan_refused" },
        scan("(01)06909999000036(10)X", "A device not in the master data"),
        expectRefused("No product has the device identifier 06909999000036"),
        {
            content: "No wedge scanner: the camera reads the stent's label",
            trigger: ".o_md_scanner_camera .o_mobile_barcode",
            run: (helpers) => {
                mockCamera(SERIAL);
                return helpers.click();
            },
        },
        expectAccepted("TOUR-SN-1"),
        expectLine("Test Stent", "1 / 1"),
        clickAction("validate"),
        {
            content: "The receipt is done and leaves the list",
            trigger: ".o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-RECEIPT)))",
        },
    ],
});
