"""Every workbook the portal hands out: readable XLSX, its column names in bold on every sheet."""

import io

from openpyxl import Workbook, load_workbook

from pdp_portal.downloads import workbook_bytes


def test_each_sheets_first_row_is_bold_and_the_rest_is_not():
    workbook = Workbook()
    workbook.active.append(["name", "role"])
    workbook.active.append(["Công ty A", "processor"])
    workbook.create_sheet("Codes").append(["code", "label"])

    again = load_workbook(io.BytesIO(workbook_bytes(workbook)))

    first, codes = again.worksheets
    assert [c.font.bold for c in first[1]] == [True, True]
    assert [c.font.bold for c in first[2]] == [False, False]
    assert [c.value for c in first[2]] == ["Công ty A", "processor"]
    assert [c.font.bold for c in codes[1]] == [True, True]
