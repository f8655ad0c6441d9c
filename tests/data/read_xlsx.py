#!/usr/bin/env python3
"""Reads an .xlsx file with openpyxl, a reader independent of the writer,
and prints every sheet as JSON: its frozen cell, its column widths and its
rows, each cell as a number, a string, {"date": "2021-03-16"} or null.

Usage: read_xlsx.py FILE.xlsx
"""
import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for value in row:
            if isinstance(value, (datetime.datetime, datetime.date)):
                cells.append({"date": value.strftime("%Y-%m-%d")})
            else:
                cells.append(value)
        rows.append(cells)
    widths = {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width}
    sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "widths": widths, "rows": rows})
json.dump(sheets, sys.stdout, ensure_ascii=False)
