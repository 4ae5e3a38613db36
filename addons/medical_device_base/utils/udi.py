"""Pure parser of UDI carriers: GS1, HIBC and China MA (no Odoo import).

``parse_udi(value, separator_regex=None, today=None, primary_check=None)``
takes what a scanner sends or a person types or pastes and returns a dict
with the keys of ``RESULT_KEYS``, ``None`` where absent:

``scheme`` ('gs1', 'hibc' or 'ma'), ``di``, ``gtin`` (GTIN-14, GS1 only),
``lot``, ``serial``, ``expiry`` and ``production_date`` (``datetime.date``),
``quantity`` (int), ``raw`` (the value as given), ``symbology`` (AIM
identifier such as ']d2'), ``elements`` ((key, text) pairs in reading order:
the AI for GS1; 'lic', 'pcn', 'uom', 'quantity', 'expiry', 'lot', 'serial',
'14D', '16D' for HIBC; 'country', 'industry', 'registrant', 'product' and the
key letter for MA), ``hibc_check`` (check character of an HIBC primary, for
linking a later secondary) and ``hibc_link`` (link character of a
secondary-only HIBC barcode).

Refusals raise :class:`IdentifierError` with a stable ``code`` and
parameters, so that the Odoo layer can word the message in the user's
language: udi_empty; udi_scheme(value); gs1_unknown_ai(ai, position);
gs1_truncated(ai, value, length); gs1_format(ai, value); gs1_too_long(ai,
value, max); gs1_check_digit(ai, value, expected); gs1_date(ai, value);
gs1_duplicate_ai(ai); gs1_hri(value); hibc_format(value); hibc_check(expected,
found); hibc_link(expected, found); hibc_date(value); hibc_too_long(value,
max); ma_format(value); ma_date(value); ma_unknown_key(key).

GS1 knowledge (which Application Identifiers exist, their length and
character set) comes from biip's table; the tokenizer is our own because
biip's message parser is too slow for bulk imports of scanned labels.
"""
import calendar
import datetime
import re
import unicodedata

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

if __package__:
    from .identifiers import HIBC_ALPHABET, IdentifierError, hibc_check_character
else:
    # Loaded by file path (Odoo-free tests), without a parent package: load
    # the sibling file once and share it, so there is one IdentifierError class.
    import importlib.util
    import os
    import sys

    _SIBLING = "_pure_medical_device_base_identifiers"
    if _SIBLING not in sys.modules:
        _spec = importlib.util.spec_from_file_location(
            _SIBLING, os.path.join(os.path.dirname(os.path.abspath(__file__)), "identifiers.py"))
        _module = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_module)
        sys.modules[_SIBLING] = _module
    HIBC_ALPHABET = sys.modules[_SIBLING].HIBC_ALPHABET
    IdentifierError = sys.modules[_SIBLING].IdentifierError
    hibc_check_character = sys.modules[_SIBLING].hibc_check_character

__all__ = ["IdentifierError", "parse_udi"]

GS = "\x1d"
RESULT_KEYS = (
    "scheme", "di", "gtin", "lot", "serial", "expiry", "production_date", "quantity",
    "raw", "symbology", "elements", "hibc_check", "hibc_link",
)

# Python counts the ASCII separators 28-31 as whitespace; they are FNC1 here,
# so blanks are matched explicitly.
_BLANKS = re.compile(r"[^\S\x1c-\x1f]+")
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9]")
# Symbologies whose data is a GS1 element string: GS1-128, GS1 DataMatrix,
# GS1 QR, GS1 DataBar, GS1 DotCode. Digits alone after them are an AI + data.
_GS1_SYMBOLOGIES = frozenset({"]C1", "]d2", "]Q3", "]e0", "]J1"})
_GTIN_LENGTHS = (8, 12, 13, 14)


def _blank_result(scheme, raw, symbology):
    result = dict.fromkeys(RESULT_KEYS)
    result.update(scheme=scheme, raw=raw, symbology=symbology, elements=[])
    return result


def _check_digit(digits):
    """GS1 standard (mod 10, weights 3-1 from the right) check digit of ASCII digits."""
    total = 3 * sum(map(int, digits[-1::-2])) + sum(map(int, digits[-2::-2]))
    return str(-total % 10)


# ---------------------------------------------------------------------------
# GS1 Application Identifier table (from biip), with everything the hot loop
# needs precomputed.

_KIND_CHECK_DIGIT = 1
_KIND_DATE = 2
_KIND_DATE_TIME = 3
_CHECK_DIGIT_AIS = frozenset({"00", "01", "02", "03"})
_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})
_FORMAT_PART = re.compile(r"[NXYZ](\d*)(?:\.\.[NXYZ]?(\d+))?|\[-\]")


class _AiSpec:
    __slots__ = ("ai", "variable", "regex", "length", "max_length", "kind")

    def __init__(self, application_identifier):
        self.ai = ai = application_identifier.ai
        self.variable = application_identifier.separator_required
        # The pattern reads '^<ai>(...)$'; compiling the data part alone lets
        # the tokenizer match in place with pos/endpos. ASCII: GS1 data is
        # ASCII, and '\d' would otherwise accept other scripts' digits.
        pattern = application_identifier.pattern.removesuffix("$")[1 + len(ai):]
        self.regex = re.compile(pattern, re.ASCII)
        fixed, maximum = _format_lengths(application_identifier.format)
        self.length = fixed
        self.max_length = maximum
        self.kind = (
            _KIND_CHECK_DIGIT if ai in _CHECK_DIGIT_AIS
            else _KIND_DATE if ai in _DATE_AIS
            else _KIND_DATE_TIME if ai == "7003"
            else None)


def _format_lengths(ai_format):
    """(sum of fixed lengths, maximum length) of the data part of a format like 'N4+N6+N..4'."""
    fixed = maximum = 0
    for match in _FORMAT_PART.finditer(ai_format.split("+", 1)[1]):
        if match[0] == "[-]":
            maximum += 1
            continue
        size, upper = match[1], match[2]
        if upper:
            maximum += int(upper)
        else:
            fixed += int(size)
            maximum += int(size)
    return fixed, maximum


# Looked up by the next four characters of the input (bounded, so junk input
# cannot grow it without limit) and by the leading digits of those four
# characters, which decide the AI on their own since every AI is digits.
_BY_KEY = {}
_BY_DIGITS = {}
_BY_KEY_LIMIT = 50000


def _resolve(key):
    """Specification of the AI that starts ``key``, or None; fills the caches."""
    digits = ""
    # No AI is longer than four digits; more would only grow the cache.
    for char in key[:4]:
        if not "0" <= char <= "9":
            break
        digits += char
    try:
        spec = _BY_DIGITS[digits]
    except KeyError:
        try:
            spec = _AiSpec(GS1ApplicationIdentifier.extract(digits)) if len(digits) >= 2 else None
        except ParseError:
            spec = None
        if spec is not None:
            # One spec object per AI, whichever digits found it first.
            spec = _BY_DIGITS.get(spec.ai) or spec
            _BY_DIGITS[spec.ai] = spec
        _BY_DIGITS[digits] = spec
    if spec is not None and len(_BY_KEY) < _BY_KEY_LIMIT:
        _BY_KEY[key] = spec
    return spec


def _full_year(two_digits, today):
    # GS1 General Specifications 7.12: from 49 years back to 50 years ahead.
    current = today.year
    century = current - current % 100
    difference = two_digits - current % 100
    if 51 <= difference <= 99:
        return century - 100 + two_digits
    if -99 <= difference <= -50:
        return century + 100 + two_digits
    return century + two_digits


def _gs1_date(ai, value, today):
    year = _full_year(int(value[0:2]), today)
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise IdentifierError("gs1_date", ai=ai, value=value)
    if day == 0:
        # GS1: day 00 stands for the last day of the month.
        day = calendar.monthrange(year, month)[1]
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise IdentifierError("gs1_date", ai=ai, value=value) from None


def _refuse_value(spec, value):
    # biip's date patterns refuse month 13 outright; users need to hear "impossible date".
    if spec.kind in (_KIND_DATE, _KIND_DATE_TIME) and value.isdigit():
        raise IdentifierError("gs1_date", ai=spec.ai, value=value)
    raise IdentifierError("gs1_format", ai=spec.ai, value=value)


class _Gs1Message:
    """Element strings collected from one or more barcodes of a label."""

    __slots__ = ("today", "values", "elements", "dates")

    def __init__(self, today):
        self.today = today
        self.values = {}
        self.elements = []
        self.dates = {}

    def add(self, spec, value):
        ai = spec.ai
        kind = spec.kind
        if kind is _KIND_CHECK_DIGIT:
            expected = _check_digit(value[:-1])
            if value[-1] != expected:
                raise IdentifierError("gs1_check_digit", ai=ai, value=value, expected=expected)
        elif kind is _KIND_DATE:
            self.dates[ai] = _gs1_date(ai, value, self.today)
        elif kind is _KIND_DATE_TIME:
            moment = _gs1_date(ai, value[:6], self.today)
            if int(value[6:8]) > 23 or int(value[8:10]) > 59:
                raise IdentifierError("gs1_date", ai=ai, value=value)
            self.dates[ai] = moment
        previous = self.values.get(ai)
        if previous is not None:
            if previous != value:
                raise IdentifierError("gs1_duplicate_ai", ai=ai)
            return
        self.values[ai] = value
        self.elements.append((ai, value))

    def add_raw(self, text):
        """Tokenize an element string; whitespace-separated barcodes arrive joined by GS."""
        by_key = _BY_KEY
        pos, end = 0, len(text)
        while pos < end:
            if text[pos] == GS:
                # Also accepted after predefined-length data (GS1 General Specifications 7.8.6).
                pos += 1
                continue
            key = text[pos:pos + 4]
            spec = by_key.get(key) or _resolve(key)
            if spec is None:
                raise IdentifierError("gs1_unknown_ai", ai=key.split(GS, 1)[0], position=pos)
            start = pos + len(spec.ai)
            if spec.variable:
                stop = text.find(GS, start)
                if stop < 0:
                    stop = end
                if stop == start:
                    raise IdentifierError("gs1_truncated", ai=spec.ai, value="",
                                          length=spec.length or 1)
                if stop - start > spec.max_length:
                    raise IdentifierError("gs1_too_long", ai=spec.ai, value=text[start:stop],
                                          max=spec.max_length)
            else:
                stop = start + spec.length
                if stop > end or text.find(GS, start, stop) >= 0:
                    raise IdentifierError("gs1_truncated", ai=spec.ai, length=spec.length,
                                          value=text[start:stop].split(GS, 1)[0])
            if spec.regex.fullmatch(text, start, stop) is None:
                _refuse_value(spec, text[start:stop])
            self.add(spec, text[start:stop])
            pos = stop

    def add_hri(self, text):
        """Parse '(AI)data(AI)data…' with blanks and separators already removed."""
        pos, end = 0, len(text)
        while pos < end:
            match = _HRI_ELEMENT.match(text, pos)
            if match is None or not match[1]:
                raise IdentifierError("gs1_hri", value=text)
            ai, value = match[1], match[2]
            spec = _BY_KEY.get(ai) or _resolve(ai)
            if spec is None or spec.ai != ai:
                raise IdentifierError("gs1_unknown_ai", ai=ai, position=pos + 1)
            if not value:
                raise IdentifierError("gs1_truncated", ai=ai, value="", length=spec.length or 1)
            if spec.variable:
                if len(value) > spec.max_length:
                    raise IdentifierError("gs1_too_long", ai=ai, value=value, max=spec.max_length)
            elif len(value) < spec.length:
                raise IdentifierError("gs1_truncated", ai=ai, value=value, length=spec.length)
            elif len(value) > spec.length:
                raise IdentifierError("gs1_too_long", ai=ai, value=value, max=spec.length)
            if spec.regex.fullmatch(value) is None:
                _refuse_value(spec, value)
            self.add(spec, value)
            pos = match.end()

    def result(self, raw, symbology):
        values = self.values
        result = _blank_result("gs1", raw, symbology)
        gtin = values.get("01")
        quantity = values.get("30") or values.get("37")
        dates = self.dates
        result.update(
            di=gtin, gtin=gtin, lot=values.get("10"), serial=values.get("21"),
            expiry=dates.get("17") or dates.get("7003"), production_date=dates.get("11"),
            quantity=int(quantity) if quantity else None, elements=self.elements,
        )
        return result


_HRI_ELEMENT = re.compile(r"\(([0-9]*)\)([^()]*)", re.ASCII)


def _parse_digital_link(uri, raw, symbology, today):
    try:
        element_strings = GS1DigitalLinkURI.parse(uri).element_strings
    except (ParseError, ValueError):  # ValueError: urllib refusing the URI itself
        raise IdentifierError("gs1_format", ai="", value=uri) from None
    message = _Gs1Message(today)
    for element in element_strings:
        spec = _resolve(element.ai.ai)
        if spec is None or spec.ai != element.ai.ai:
            raise IdentifierError("gs1_unknown_ai", ai=element.ai.ai, position=0)
        message.add(spec, element.value)
    return message.result(raw, symbology)


def _parse_bare_gtin(digits, raw, symbology):
    expected = _check_digit(digits[:-1])
    if digits[-1] != expected:
        raise IdentifierError("gs1_check_digit", ai="01", value=digits, expected=expected)
    gtin = digits.zfill(14)
    result = _blank_result("gs1", raw, symbology)
    result.update(di=gtin, gtin=gtin, elements=[("01", gtin)])
    return result


# ---------------------------------------------------------------------------
# HIBC LIC (HIBC Supplier Labeling Standard 2.6)

_HIBC_PRIMARY = re.compile(r"\+([A-Z][A-Z0-9]{3})([A-Z0-9]{1,18})([0-9])", re.ASCII)
# The standard says alphanumeric; '-' and '.' are in the HIBC alphabet, have no
# structural meaning and do occur in printed lot numbers.
_HIBC_LOT = re.compile(r"[A-Z0-9.\-]*", re.ASCII)
_HIBC_LOT_MAX = 18
# Date format flag after '$$' -> layout of the digits that follow it.
_HIBC_DATE_FORMATS = {"2": "MMDDYY", "3": "YYMMDD", "4": "YYMMDDHH", "5": "YYJJJ", "6": "YYJJJHH"}


def _hibc_date(digits, layout):
    if len(digits) != len(layout) or not (digits.isascii() and digits.isdigit()):
        raise IdentifierError("hibc_date", value=digits)

    def part(name):
        index = layout.find(name)
        return int(digits[index:index + len(name)]) if index >= 0 else None

    # HIBC two-digit years are 20YY.
    year = part("YYYY") if "YYYY" in layout else 2000 + part("YY")
    try:
        if (part("HH") or 0) > 23:
            raise ValueError(digits)
        day_of_year = part("JJJ")
        if day_of_year is not None:
            if not 1 <= day_of_year <= (366 if calendar.isleap(year) else 365):
                raise ValueError(digits)
            return datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year - 1)
        month = part("MM")
        # MMYY carries no day: the product expires at the end of the month.
        day = part("DD") if "DD" in layout else calendar.monthrange(year, month)[1]
        return datetime.date(year, month, day)
    except ValueError:
        raise IdentifierError("hibc_date", value=digits) from None


class _HibcData:
    """Fields of one HIBC reading, filled segment by segment."""

    def __init__(self, symbol):
        self.symbol = symbol
        self.values = {}
        self.elements = []

    def add(self, key, text, field=None, value=None):
        self.elements.append((key, text))
        if field:
            previous = self.values.get(field)
            if previous is not None and previous != value:
                raise IdentifierError("hibc_format", value=self.symbol)
            self.values[field] = value

    def lot_or_serial(self, field, text):
        if len(text) > _HIBC_LOT_MAX:
            raise IdentifierError("hibc_too_long", value=text, max=_HIBC_LOT_MAX)
        if not _HIBC_LOT.fullmatch(text):
            raise IdentifierError("hibc_format", value=self.symbol)
        if text:
            self.add(field, text, field, text)

    def secondary(self, segment):
        """'$lot', '$+serial', '$$[+][8QQ|9QQQQQ]<date>lot|serial' or the old 'YYJJJlot'."""
        if segment[:1] != "$":
            if len(segment) < 5 or not segment[:5].isdigit():
                raise IdentifierError("hibc_format", value=self.symbol)
            self.add("expiry", segment[:5], "expiry", _hibc_date(segment[:5], "YYJJJ"))
            self.lot_or_serial("lot", segment[5:])
            return
        if segment[:2] != "$$":
            serial = segment[1:2] == "+"
            text = segment[2:] if serial else segment[1:]
            if not text:
                raise IdentifierError("hibc_format", value=self.symbol)
            self.lot_or_serial("serial" if serial else "lot", text)
            return
        serial = segment[2:3] == "+"
        pos = 3 if serial else 2
        flag = segment[pos:pos + 1]
        has_quantity = flag in ("8", "9")
        if has_quantity:
            width = 2 if flag == "8" else 5
            quantity = segment[pos + 1:pos + 1 + width]
            if len(quantity) != width or not quantity.isdigit():
                raise IdentifierError("hibc_format", value=self.symbol)
            self.add("quantity", quantity, "quantity", int(quantity))
            pos += 1 + width
            flag = segment[pos:pos + 1]
        if flag in ("0", "1"):
            # No flag: the month's first digit starts an MMYY date.
            digits = segment[pos:pos + 4]
            self.add("expiry", digits, "expiry", _hibc_date(digits, "MMYY"))
            pos += 4
        elif flag in _HIBC_DATE_FORMATS:
            layout = _HIBC_DATE_FORMATS[flag]
            digits = segment[pos + 1:pos + 1 + len(layout)]
            self.add("expiry", digits, "expiry", _hibc_date(digits, layout))
            pos += 1 + len(layout)
        elif flag == "7":
            pos += 1
        elif not has_quantity or flag.isdigit():
            raise IdentifierError("hibc_format", value=self.symbol)
        rest = segment[pos:]
        if not rest and not has_quantity and "expiry" not in self.values:
            raise IdentifierError("hibc_format", value=self.symbol)
        self.lot_or_serial("serial" if serial else "lot", rest)

    def supplemental(self, segment):
        """'/14D' expiry, '/16D' production date (YYYYMMDD), '/S' serial."""
        if segment[:3] == "14D":
            self.add("14D", segment[3:], "expiry", _hibc_date(segment[3:], "YYYYMMDD"))
        elif segment[:3] == "16D":
            self.add("16D", segment[3:], "production_date", _hibc_date(segment[3:], "YYYYMMDD"))
        elif segment[:1] == "S" and len(segment) > 1:
            self.lot_or_serial("serial", segment[1:])
        else:
            raise IdentifierError("hibc_format", value=self.symbol)


def _hibc_symbol(symbol, blank_after):
    """Check one HIBC symbol and return (data without check character, check character)."""
    if len(symbol) < 3 or any(char not in HIBC_ALPHABET for char in symbol):
        raise IdentifierError("hibc_format", value=symbol)
    data, found = symbol[:-1], symbol[-1]
    expected = hibc_check_character(data)
    if found != expected:
        # A space check character is lost when blanks are stripped; a blank
        # right after the symbol is the only trace of it.
        if blank_after and hibc_check_character(symbol) == " ":
            return symbol, " "
        raise IdentifierError("hibc_check", expected=expected, found=found)
    return data, found


def _parse_hibc_symbol(symbol, blank_after):
    """One HIBC symbol -> (kind, _HibcData, check character, link character)."""
    data, check = _hibc_symbol(symbol, blank_after)
    if data[:1] != "+" or len(data) < 2:
        raise IdentifierError("hibc_format", value=symbol)
    parsed = _HibcData(symbol)
    if data[1] == "$" or data[1].isdigit():
        body, link = data[1:-1], data[-1]
        if not body:
            raise IdentifierError("hibc_format", value=symbol)
        segments = body.split("/")
        parsed.secondary(segments[0])
        for segment in segments[1:]:
            parsed.supplemental(segment)
        return "secondary", parsed, check, link
    segments = data.split("/")
    match = _HIBC_PRIMARY.fullmatch(segments[0])
    if not match:
        raise IdentifierError("hibc_format", value=symbol)
    parsed.values["di"] = match[0]
    parsed.elements += [("lic", match[1]), ("pcn", match[2]), ("uom", match[3])]
    if len(segments) == 1:
        return "primary", parsed, check, None
    # Concatenated primary/secondary: one check character over the whole; the
    # primary's own would-be check character still links later secondaries.
    first = segments[1]
    if first[:1] == "$" or first[:5].isdigit():
        parsed.secondary(first)
        segments = segments[2:]
    else:
        segments = segments[1:]
    for segment in segments:
        parsed.supplemental(segment)
    return "concatenated", parsed, hibc_check_character(data.split("/", 1)[0]), None


def _parse_hibc(symbols, raw, symbology, primary_check):
    """``symbols``: (text, blank after it) of one symbol or of a primary and its secondary."""
    readings = [_parse_hibc_symbol(text, blank_after) for text, blank_after in symbols]
    kinds = sorted(reading[0] for reading in readings)
    link = None
    if kinds == ["secondary"]:
        _kind, parsed, _check, link = readings[0]
        if primary_check and link != primary_check.upper():
            raise IdentifierError("hibc_link", expected=primary_check.upper(), found=link)
        primary_check_found = None
        elements = parsed.elements
    elif kinds in (["primary"], ["concatenated"]):
        _kind, parsed, primary_check_found, _link = readings[0]
        elements = parsed.elements
    elif kinds == ["primary", "secondary"]:
        primary, secondary = sorted(readings, key=lambda reading: reading[0])
        primary_check_found = primary[2]
        if secondary[3] != primary_check_found:
            raise IdentifierError("hibc_link", expected=primary_check_found, found=secondary[3])
        parsed = secondary[1]
        parsed.values["di"] = primary[1].values["di"]
        elements = primary[1].elements + secondary[1].elements
    else:
        raise IdentifierError("hibc_format", value=" ".join(text for text, _blank in symbols))
    values = parsed.values
    result = _blank_result("hibc", raw, symbology)
    result.update(
        di=values.get("di"), lot=values.get("lot"), serial=values.get("serial"),
        expiry=values.get("expiry"), production_date=values.get("production_date"),
        quantity=values.get("quantity"), elements=elements,
        hibc_check=primary_check_found, hibc_link=link,
    )
    return result


# ---------------------------------------------------------------------------
# China IDcode "MA": MA.<country>.<industry>.<registrant>.<product>[.<key><value>…]

_MA_DI = (
    re.compile(r"MA"), re.compile(r"[0-9]{3}"), re.compile(r"[A-Z0-9]{1,4}"),
    re.compile(r"[A-Z0-9]+"), re.compile(r"[A-Z0-9]+"),
)
_MA_DI_NAMES = ("country", "industry", "registrant", "product")
_MA_VALUE = re.compile(r"[A-Za-z0-9\-]+", re.ASCII)
_MA_FIELDS = {"L": "lot", "S": "serial", "M": "production_date", "D": None,
              "V": "expiry", "E": "expiry"}


def _ma_date(value):
    if not (value.isascii() and value.isdigit()) or len(value) not in (6, 8):
        raise IdentifierError("ma_date", value=value)
    year = int(value[:-4]) + (2000 if len(value) == 6 else 0)
    try:
        return datetime.date(year, int(value[-4:-2]), int(value[-2:]))
    except ValueError:
        raise IdentifierError("ma_date", value=value) from None


def _parse_ma(code, raw, symbology):
    segments = code.split(".")
    head = [segment.upper() for segment in segments[:5]]
    if len(head) < 5 or not all(regex.fullmatch(part) for regex, part in zip(_MA_DI, head)):
        raise IdentifierError("ma_format", value=code)
    values = {}
    elements = list(zip(_MA_DI_NAMES, head[1:]))
    for segment in segments[5:]:
        if not segment:
            raise IdentifierError("ma_format", value=code)
        key, value = segment[0].upper(), segment[1:]
        if key not in _MA_FIELDS:
            raise IdentifierError("ma_unknown_key", key=key)
        if not value:
            raise IdentifierError("ma_format", value=code)
        if key in "MVE":
            parsed = _ma_date(value)
        elif _MA_VALUE.fullmatch(value):
            parsed = value
        else:
            raise IdentifierError("ma_format", value=code)
        field = _MA_FIELDS[key]
        elements.append((key, value))
        # A repeated key, or V and E, must agree: two readings of one label.
        if field and values.setdefault(field, parsed) != parsed:
            raise IdentifierError("ma_format", value=code)
    result = _blank_result("ma", raw, symbology)
    result.update(di=".".join(head), elements=elements, **values)
    return result


# ---------------------------------------------------------------------------

def _compile_separator(separator_regex):
    if isinstance(separator_regex, re.Pattern):
        return separator_regex
    return re.compile(separator_regex)


def _tokens(text):
    """Blank-separated barcodes as (token, blank after it), and the first symbology identifier."""
    parts = _BLANKS.split(text)
    symbology = None
    tokens = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if part[:1] == "]" and _SYMBOLOGY.match(part):
            symbology = symbology or part[:3]
            part = part[3:]
        if part:
            tokens.append((part, index < last))
    return tokens, symbology


def _strip_separators(tokens, separators=None):
    """Turn the caller's FNC1 spellings into GS, then drop GS at both ends of each barcode.

    A leading GS is FNC1 in first position and a trailing one ends nothing.
    """
    if separators is not None:
        tokens = [(separators.sub(GS, token), blank) for token, blank in tokens]
    tokens = [(token.strip(GS), blank) for token, blank in tokens]
    tokens = [(token, blank) for token, blank in tokens if token]
    if not tokens:
        raise IdentifierError("udi_empty")
    return tokens


def _hibc_symbols(tokens, text):
    symbols = []
    for token, blank in tokens:
        # Code 39 human-readable text is framed by '*'; a lone '*' is the
        # frame's end after a space check character.
        token = token.upper().strip("*")
        if len(token) == 1 and symbols:
            # No symbol is one character long: this is the check character
            # after a space link character, cut off by the blank.
            symbols[-1] = (symbols[-1][0] + " " + token, blank)
        elif token:
            symbols.append((token, blank))
    if not symbols or symbols[0][0][:1] != "+":
        raise IdentifierError("udi_scheme", value=text)
    if len(symbols) > 2:
        raise IdentifierError("hibc_format", value=" ".join(token for token, _blank in symbols))
    return symbols


def parse_udi(value, separator_regex=None, today=None, primary_check=None):
    """Parse a scanned, typed or pasted UDI carrier: GS1, HIBC or China MA.

    :param value: text from a barcode scanner or a person; the barcodes of one
        label may follow each other separated by blanks or line breaks.
    :param separator_regex: regular expression (string or compiled pattern)
        whose every match stands for FNC1 in GS1 data, besides ASCII 29 which
        always does; Odoo's GS1 nomenclature default is ``(Alt029|#|\x1D)``.
        HIBC, MA and Digital Link URIs are not touched by it.
    :param today: ``datetime.date`` anchoring the GS1 century window of
        two-digit years (default: the current date).
    :param primary_check: check character of an HIBC primary barcode scanned
        before; a secondary-only HIBC barcode must carry it as link character.
    :returns: dict with exactly the keys of ``RESULT_KEYS`` (see the module
        documentation), ``None`` where absent.
    :raises IdentifierError: see the module documentation; no partial result
        is ever returned.
    """
    if not value:
        raise IdentifierError("udi_empty")
    # Chinese input methods type full-width brackets, digits and letters.
    text = unicodedata.normalize("NFKC", str(value))
    tokens, symbology = _tokens(text)
    if not tokens:
        raise IdentifierError("udi_empty")
    first = tokens[0][0]
    if first[:8].lower().startswith(("http://", "https://")):
        if len(tokens) > 1:
            raise IdentifierError("gs1_format", ai="", value=text.strip())
        return _parse_digital_link(first, value, symbology, today or datetime.date.today())

    tokens = _strip_separators(tokens)
    first = tokens[0][0]
    if first[:1] in ("+", "*"):
        symbols = _hibc_symbols(tokens, text.strip())
        return _parse_hibc(symbols, value, symbology, primary_check)
    if first[:3].upper() == "MA.":
        if len(tokens) > 1:
            raise IdentifierError("ma_format", value=" ".join(token for token, _blank in tokens))
        return _parse_ma(first, value, symbology)

    if separator_regex is not None:
        tokens = _strip_separators(tokens, _compile_separator(separator_regex))
        first = tokens[0][0]
    message = _Gs1Message(today or datetime.date.today())
    if first[:1] == "(":
        message.add_hri("".join(token for token, _blank in tokens).replace(GS, ""))
    elif "0" <= first[:1] <= "9":
        if (len(tokens) == 1 and len(first) in _GTIN_LENGTHS and first.isascii() and first.isdigit()
                and symbology not in _GS1_SYMBOLOGIES):
            return _parse_bare_gtin(first, value, symbology)
        message.add_raw(GS.join(token for token, _blank in tokens))
    else:
        raise IdentifierError("udi_scheme", value=text.strip())
    return message.result(value, symbology)
