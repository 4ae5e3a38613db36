"""Pure parsers for regulatory identifiers (no Odoo import).

They raise :class:`IdentifierError` with a stable ``code`` and parameters so
that the Odoo layer can word the message in the user's language; keeping
them free of Odoo lets the Odoo-free test layer cover them.
"""
import datetime
import re
import unicodedata

from stdnum import ean
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

# One-character short names of the provincial-level authorities.
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
NATIONAL = "国"
REGISTRATION_FORMS = {"准": "domestic", "进": "imported", "许": "hmt"}
HIBC_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"


class IdentifierError(ValueError):
    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def normalize(value):
    """Full-width digits and letters to ASCII, surrounding and inner blanks removed."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"\s+", "", value)


def gtin14(value):
    """Validate a GTIN-8/12/13/14 and return it left-padded to 14 digits."""
    code = normalize(value)
    if not code:
        raise IdentifierError("gtin_empty")
    try:
        ean.validate(code)
    except InvalidChecksum:
        expected = ean.calc_check_digit(code[:-1])
        raise IdentifierError("gtin_check_digit", value=code, expected=expected) from None
    except InvalidLength:
        raise IdentifierError("gtin_length", value=code, length=len(code)) from None
    except InvalidFormat:
        raise IdentifierError("gtin_format", value=code) from None
    if len(code) not in (8, 12, 13, 14):
        raise IdentifierError("gtin_length", value=code, length=len(code))
    return code.zfill(14)


def hibc_check_character(data):
    """Modulo-43 check character of HIBC data (the characters before the check)."""
    try:
        total = sum(HIBC_ALPHABET.index(char) for char in data)
    except ValueError:
        raise IdentifierError("hibc_character", value=data) from None
    return HIBC_ALPHABET[total % 43]


def hibc_di(value):
    """Validate an HIBC device identifier: LIC (4, first a letter) + product number + unit of measure."""
    code = normalize(value).upper().lstrip("+")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{3}[A-Z0-9]{1,13}[0-9]", code):
        raise IdentifierError("hibc_di_format", value=value)
    return "+" + code


def ma_di(value):
    """Validate a China MA code device identifier (MA.<country>.<industry>.<org>.<product>)."""
    code = normalize(value).upper()
    if not re.fullmatch(r"MA\.\d{3}\.[A-Z0-9]{1,4}\.[A-Z0-9]+(\.[A-Z0-9]+)+", code):
        raise IdentifierError("ma_di_format", value=value)
    return code


def udi_di(value, agency):
    """Validate and normalise a UDI-DI for its issuing agency."""
    if agency == "gs1":
        return gtin14(value)
    if agency == "hibcc":
        return hibc_di(value)
    if agency == "ma":
        return ma_di(value)
    code = normalize(value)
    if not re.fullmatch(r"[A-Za-z0-9.\-]{6,50}", code):
        raise IdentifierError("di_format", value=value)
    return code


def _check_year(year, today):
    if not 1990 <= year <= today.year:
        raise IdentifierError("certificate_year", year=year)


def parse_certificate_number(value, today=None):
    """Parse an NMPA registration (注册证) or filing (备案凭证) number.

    Returns a dict with ``number`` (normalised), ``kind`` ('registration' or
    'filing'), ``authority``, ``origin``, ``year``, ``device_class`` ('1'-'3')
    and ``category`` (two digits, registrations only).
    """
    today = today or datetime.date.today()
    number = normalize(value)
    if not number:
        raise IdentifierError("certificate_empty")
    if "械注" in number:
        return _parse_registration(number, today)
    if "械备" in number:
        return _parse_filing(number, today)
    raise IdentifierError("certificate_pattern", number=number)


def _parse_registration(number, today):
    match = re.fullmatch(r"(?P<auth>.*?)械注(?P<form>.?)(?P<rest>.*)", number)
    authority, form, rest = match["auth"], match["form"], match["rest"]
    if len(authority) != 1 or authority not in NATIONAL + PROVINCES:
        raise IdentifierError("registration_authority", number=number, authority=authority)
    if form not in REGISTRATION_FORMS:
        raise IdentifierError("registration_form", number=number, form=form)
    if not re.fullmatch(r"\d{11}", rest):
        raise IdentifierError("registration_digits", number=number, digits=rest)
    year, device_class, category = int(rest[:4]), rest[4], rest[5:7]
    _check_year(year, today)
    if device_class not in "23":
        raise IdentifierError("registration_class", number=number, device_class=device_class)
    if category == "00":
        raise IdentifierError("registration_category", number=number, category=category)
    origin = REGISTRATION_FORMS[form]
    if authority != NATIONAL:
        # Provinces register domestic Class II only; Class III and imports go to NMPA.
        if origin != "domestic" or device_class != "2":
            raise IdentifierError("registration_provincial", number=number, authority=authority)
    elif origin == "domestic" and device_class != "3":
        raise IdentifierError("registration_national_class2", number=number)
    return {
        "number": number, "kind": "registration", "authority": authority, "origin": origin,
        "year": year, "device_class": device_class, "category": category,
    }


def _parse_filing(number, today):
    match = re.fullmatch(r"(?P<auth>.*?)械备(?P<digits>\d*)(?P<tail>.*)", number)
    authority, digits, tail = match["auth"], match["digits"], match["tail"]
    valid_authority = authority == NATIONAL or (
        1 <= len(authority) <= 2 and authority[0] in PROVINCES
        and all("\u4e00" <= char <= "\u9fff" for char in authority)
    )
    if not valid_authority:
        raise IdentifierError("filing_authority", number=number, authority=authority)
    if not re.fullmatch(r"\d{8,9}", digits):
        raise IdentifierError("filing_digits", number=number, digits=digits)
    if tail != "号":
        raise IdentifierError("filing_suffix", number=number)
    _check_year(int(digits[:4]), datetime.date(today.year, 12, 31))
    return {
        "number": number, "kind": "filing", "authority": authority,
        "origin": "imported" if authority == NATIONAL else "domestic",
        "year": int(digits[:4]), "device_class": "1", "category": False,
    }


def classification_category(code):
    """Category ('14', or '6840' for IVD reagents) of a classification code such as '14-01'."""
    code = normalize(code)
    if re.fullmatch(r"6840(-\d{2})?", code):
        return "6840"
    if not re.fullmatch(r"\d{2}(-\d{2}){1,2}|\d{2}", code):
        raise IdentifierError("classification_format", value=code)
    return code[:2]
