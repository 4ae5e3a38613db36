"""Label symbols (scanner add-on, Odoo-free): what is drawn decodes to what was given."""
import io

import pytest
import zxingcpp
from PIL import Image

from conftest import load_pure


@pytest.fixture(scope="module", name="labels")
def labels_module():
    return load_pure("medical_device_scanner", "utils/labels.py")


def read(png):
    image = Image.open(io.BytesIO(png))
    return [(code.format.name, code.symbology_identifier, code.text)
            for code in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)]


def test_code128(labels):
    assert read(labels.code128_png("GTW-STOCK-01")) == [("Code128", "]C0", "GTW-STOCK-01")]


def test_gs1_datamatrix_has_fnc1_first_and_gs_after_variable_fields(labels):
    png = labels.gs1_datamatrix_png("(01)06909999000012(10)LOT-1(17)280111(21)S9")
    assert read(png) == [("DataMatrix", "]d2", "0106909999000012" + "10LOT-1\x1d" + "17280111" + "21S9")]
    # Square, as scanners in the field expect, not a rectangular extension.
    image = Image.open(io.BytesIO(png))
    assert image.width == image.height


def test_qr(labels):
    code = "MA.156.M0.100366.1012345.M20261107.LMA-L1"
    assert read(labels.qr_png(code)) == [("QRCode", "]Q1", code)]


@pytest.mark.parametrize("call, value", [
    ("code128_png", "Lot\u00e9"), ("code128_png", ""), ("gs1_datamatrix_png", "(01)06909999000012(10)L\u00d6T"),
    ("gs1_datamatrix_png", "06909999000012"), ("qr_png", ""),
])
def test_what_cannot_be_encoded_is_refused(labels, call, value):
    with pytest.raises(labels.LabelError):
        getattr(labels, call)(value)
