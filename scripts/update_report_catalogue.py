#!/usr/bin/env python3
"""Extracts the report's messages (python/maillage/_report/*.py) with Babel and merges them into
the French catalogue python/maillage/_report/locale/fr.po: new messages are added untranslated
(to translate), vanished ones dropped, translations kept. Run after changing a message;
tests/python/test_report_i18n.py fails while a message has no translation.

    python3 scripts/update_report_catalogue.py [--check]
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "python" / "maillage" / "_report"
PO = PACKAGE / "locale" / "fr.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="maillage", domain="maillage")
    for path in sorted(PACKAGE.glob("*.py")):
        for lineno, message, comments, context in extract_from_file("python", str(path), keywords=KEYWORDS):
            template.add(message, locations=[(str(path.relative_to(ROOT)), lineno)], auto_comments=comments)
    return template


def merged() -> bytes:
    template = extract()
    with open(PO, "rb") as f:
        catalog = read_po(f, locale="fr")
    created = catalog.creation_date  # kept: the file changes only when a message does
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created
    catalog.obsolete.clear()
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, include_previous=False,
             no_location=True)  # locations change with every edit of the code: left out
    return out.getvalue()


def main() -> int:
    data = merged()
    if "--check" in sys.argv[1:]:
        if PO.read_bytes() != data:
            print(f"{PO.relative_to(ROOT)} is out of date: run scripts/update_report_catalogue.py", file=sys.stderr)
            return 1
        return 0
    PO.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
