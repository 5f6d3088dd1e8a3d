"""Languages of people-facing output: translations (a gettext catalogue, read with Babel) and
number and date formatting (Babel's CLDR data), so the report reads as French typography asks
(decimal comma, narrow no-break space as thousands separator and before ``%``, « 7 mai 2024 »).

The catalogue ``locale/<lang>.po`` is compiled in memory by Babel when first used: the ``.po``
file stays the one source, with no compiled ``.mo`` to keep in step with it."""

from __future__ import annotations

import datetime as _dt
import gettext
import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, List, Optional

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _format_decimal
from babel.numbers import format_percent as _format_percent

from .._errors import InvalidInput

#: Languages of the report.
LANGUAGES = ("fr", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
NNBSP = "\u202f"  # narrow no-break space


@lru_cache(maxsize=None)
def _translations(lang: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / f"{lang}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with open(path, "rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Language:
    """Translations and formats of one language (``"fr"`` or ``"en"``)."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise InvalidInput(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, not {lang!r}")
        self.code = lang
        self.locale = Locale.parse("fr_FR" if lang == "fr" else "en_GB")
        self._t = _translations(lang)
        self.csv_separator = ";" if lang == "fr" else ","
        self.decimal_mark = "," if lang == "fr" else "."

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    # numbers ------------------------------------------------------------------------------------
    def integer(self, value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return _format_decimal(int(value), format="#,##0", locale=self.locale)

    def number(self, value: Any, digits: int = 1) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return _format_decimal(float(value), format=pattern, locale=self.locale)

    def signed(self, value: Any, digits: int = 1) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        text = self.number(abs(float(value)), digits)
        return ("−" if float(value) < 0 else "+") + text

    def percent(self, value: Any, digits: int = 1) -> str:
        """A share in [0, 1] as a percentage: « 73,2 % » (narrow no-break space) or "73.2%"."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        decimals = "." + "0" * digits if digits > 0 else ""
        pattern = f"#,##0{decimals}{NNBSP}%" if self.code == "fr" else f"#,##0{decimals}%"
        return _format_percent(float(value), format=pattern, locale=self.locale)

    def pvalue(self, value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return self.number(value, 3)

    # dates --------------------------------------------------------------------------------------
    def date(self, value: Any) -> str:
        if value is None:
            return "–"
        try:
            import pandas as pd

            if pd.isna(value):
                return "–"
            day = pd.Timestamp(value).date()
        except (TypeError, ValueError):
            return str(value)
        return _format_date(day, format="long", locale=self.locale)

    def month_names(self) -> List[str]:
        names = get_month_names("abbreviated", locale=self.locale)
        return [str(names[i]) for i in range(1, 13)]

    def month(self, year: int, month: int) -> str:
        return _format_date(_dt.date(year, month, 1), format="MMM y", locale=self.locale)

    def today(self) -> str:
        return self.date(_dt.date.today())

    def join(self, items: List[str], limit: Optional[int] = None) -> str:
        """Items joined by commas; past ``limit``, the rest counted (« et 4 autres »)."""
        items = [str(i) for i in items]
        if limit is not None and len(items) > limit:
            rest = len(items) - limit
            return ", ".join(items[:limit]) + " " + self.ngettext("and {n} other", "and {n} others", rest).format(n=rest)
        return ", ".join(items)
