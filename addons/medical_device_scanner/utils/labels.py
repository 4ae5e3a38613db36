"""Label symbols as PNG images (no Odoo import).

Libraries, chosen for encoding each symbol correctly rather than merely drawing it:

- Code 128 (location labels): ``python-barcode`` (MIT), pure Python, picks code sets A/B/C itself.
- GS1 DataMatrix (lot and serial labels of GS1 devices): ``zxing-cpp`` (Apache-2.0). Its writer (libzint
  inside the wheel, no system library) takes the GS1 human-readable form, checks every AI's format and
  check digit, and encodes FNC1 in first position with GS only after variable-length data: scanners then
  report ``]d2``. ``pylibdmtx`` cannot set FNC1 through its Python API and needs the system libdmtx;
  ``ppf-datamatrix`` has no FNC1 at all, so its symbols would read as plain text, not as GS1.
- QR (China MA codes, which are plain text by design): ``qrcode`` (BSD), which Odoo itself uses.

The same ``zxing-cpp`` wheel decodes all three symbologies in the tests, without libzbar or libdmtx.
"""
import io

import barcode
import qrcode
import zxingcpp
from barcode.writer import ImageWriter
from PIL import Image

__all__ = ["LabelError", "code128_png", "gs1_datamatrix_png", "qr_png"]


class LabelError(ValueError):
    """The data cannot be encoded in the symbol; ``args[0]`` is the library's explanation."""


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def code128_png(data, dpi=300):
    """Code 128 of ``data`` (printable ASCII), without text: the label prints the HRI as text."""
    if not data or not data.isascii() or not data.isprintable():
        raise LabelError(f"Code 128 takes printable ASCII, not {data!r}")
    symbol = barcode.get("code128", data, writer=ImageWriter(format="PNG"))
    return _png(symbol.render({"write_text": False, "module_width": 0.25, "module_height": 8.0,
                               "quiet_zone": 2.5, "dpi": dpi}))


def gs1_datamatrix_png(hri, scale=6):
    """GS1 DataMatrix of the element string written in human-readable form, ``(01)…(17)…(10)…``."""
    try:
        # Square: the rectangular extensions (DMRE) are newer than many scanners in warehouses and wards.
        symbol = zxingcpp.create_barcode(hri, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True)
    except (RuntimeError, ValueError) as error:
        raise LabelError(str(error)) from None
    image = zxingcpp.write_barcode_to_image(symbol, scale=scale, add_quiet_zones=True)
    # A grayscale buffer, one byte a pixel.
    view = memoryview(image)
    return _png(Image.frombytes("L", (view.shape[1], view.shape[0]), view.tobytes()))


def qr_png(data, box_size=6):
    """QR code (error correction M) of ``data``."""
    if not data:
        raise LabelError("nothing to encode")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    # qrcode's Pillow image (its default factory where Pillow is installed) writes PNG.
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
