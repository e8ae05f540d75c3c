import io
from collections import defaultdict

import xlsxwriter

from odoo import api, fields, models

from .crm_scorecard_kpi import PERSPECTIVES

NUMBER_FORMATS = {"count": "#,##0", "percent": "0.0", "money": "#,##0.00", "hours": "0.0", "score": "0.0"}
STATUS_COLOURS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}


class CrmScorecardValue(models.Model):
    _inherit = "crm.scorecard.value"

    @api.model
    def _export_xlsx(self, company, period_type, date_from, date_to, team=None):
        """The scorecard over a range as an xlsx workbook (bytes).

        One sheet per perspective: a row per KPI, a column per period, the
        cells coloured by traffic light, and a native line chart per KPI.
        """
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        values = self.search([
            ("company_id", "=", company.id), ("team_id", "=", team.id if team else False),
            ("period_type", "=", period_type),
            ("period_end", ">=", date_from), ("period_start", "<=", date_to),
        ], order="period_start")
        starts = sorted(set(values.mapped("period_start")))
        cells = defaultdict(dict)
        for value in values:
            cells[value.kpi_id][value.period_start] = value
        Kpi = self.env["crm.scorecard.kpi"]
        kpis = Kpi._visible_to_user(Kpi.search([]))  # pylint: disable=no-search-all  # a catalogue of a few dozen rows

        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "align": "center"})
        label = workbook.add_format({"bold": True, "border": 1})
        plain = workbook.add_format({"border": 1})
        number = {unit: workbook.add_format({"num_format": fmt, "border": 1}) for unit, fmt in NUMBER_FORMATS.items()}
        status_formats = {
            status: workbook.add_format({"bg_color": colour}) for status, colour in STATUS_COLOURS.items()
        }

        for perspective, perspective_label in PERSPECTIVES:
            perspective_kpis = kpis.filtered(lambda kpi, p=perspective: kpi.perspective == p)
            sheet = workbook.add_worksheet(perspective_label[:31])
            sheet.write(0, 0, f"{company.name} – {perspective_label}", title)
            headers = [self.env._("KPI"), self.env._("Unit"), self.env._("Direction")]
            for col, text in enumerate(headers):
                sheet.write(2, col, text, header)
            first_col = len(headers)
            for offset, start in enumerate(starts):
                sheet.write(2, first_col + offset, fields.Date.to_string(start), header)
            sheet.set_column(0, 0, 42)
            sheet.set_column(1, 2, 12)
            sheet.set_column(first_col, first_col + max(len(starts), 1), 12)
            statuses = []
            for row_offset, kpi in enumerate(perspective_kpis):
                row = 3 + row_offset
                sheet.write(row, 0, kpi.name, label)
                sheet.write(row, 1, dict(kpi._fields["unit"].selection)[kpi.unit], plain)
                sheet.write(row, 2, dict(kpi._fields["direction"].selection)[kpi.direction], plain)
                for offset, start in enumerate(starts):
                    value = cells[kpi].get(start)
                    if value and value.has_actual:
                        sheet.write_number(row, first_col + offset, value.actual, number[kpi.unit])
                        statuses.append((row, first_col + offset, value.status))
                    else:
                        sheet.write_blank(row, first_col + offset, None, plain)
            # Conditional colours carry the traffic light computed against the
            # targets, so the colours survive when the sheet is re-sorted.
            for row, col, status in statuses:
                if status in status_formats:
                    sheet.conditional_format(row, col, row, col, {
                        "type": "formula", "criteria": "TRUE", "format": status_formats[status],
                    })
            if not starts:
                continue
            chart_row = 4 + len(perspective_kpis)
            for index, kpi in enumerate(perspective_kpis):
                row = 3 + index
                chart = workbook.add_chart({"type": "line"})
                chart.add_series({
                    "name": [sheet.name, row, 0],
                    "categories": [sheet.name, 2, first_col, 2, first_col + len(starts) - 1],
                    "values": [sheet.name, row, first_col, row, first_col + len(starts) - 1],
                    "marker": {"type": "circle"},
                })
                chart.set_title({"name": kpi.name})
                chart.set_legend({"none": True})
                chart.set_size({"width": 480, "height": 240})
                sheet.insert_chart(chart_row + (index // 2) * 13, (index % 2) * 7, chart)
        workbook.close()
        return output.getvalue()
