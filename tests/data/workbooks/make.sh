#!/usr/bin/env bash
# Re-make the workbooks in this folder with LibreOffice (Debian: apt-get install --no-install-recommends
# libreoffice-calc-nogui), from the .xlsx files the tests themselves build. Run from the repository root.
# The tests never run this: they read the files checked in, which a real office suite wrote.
set -euo pipefail
out="tests/data/workbooks"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PYTHONPATH="$PWD" python -c "
from pathlib import Path
from tests.importers.workbooks import lepelle_workbook, small_sdbip
small_sdbip(Path('$work/small-sdbip.xlsx'))
lepelle_workbook(Path('$work/lepelle-nkumpi-sdbip.xlsx'))
"
office=(soffice --headless --norestore "-env:UserInstallation=file://$work/profile" --outdir "$out")
"${office[@]}" --convert-to xls "$work/small-sdbip.xlsx" "$work/lepelle-nkumpi-sdbip.xlsx"
"${office[@]}" --convert-to ods "$work/small-sdbip.xlsx" "$work/lepelle-nkumpi-sdbip.xlsx"
# 59 = ';', 34 = '"', 1252 = Windows-1252: a CSV as an office with a comma decimal mark saves it
"${office[@]}" --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1252' "$work/lepelle-nkumpi-sdbip.xlsx"
