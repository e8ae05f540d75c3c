"""Test helpers for run rows (crm.run.rows.mixin): their tables keep no
foreign key, yet export as any Odoo list does."""

import csv
import io
import json

from odoo import http
from odoo.tests import HttpCase


class RunRowsCase(HttpCase):
    def assert_no_foreign_key(self, *models):
        """The tables of ``models`` have no foreign key, and are ordinary tables for the rest of Odoo."""
        for model in models:
            table = self.env[model]._table
            self.env.cr.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table]
            )
            self.assertEqual(self.env.cr.fetchall(), [], table)
            self.assertTrue(self.env[model]._is_an_ordinary_table(), model)

    def export_csv(self, records, field_names, password):
        """The list view's Export, import-compatible, as the current user: what the browser posts."""
        self.authenticate(self.env.user.login, password)
        response = self.url_open("/web/export/csv", data={
            "data": json.dumps({
                "model": records._name, "ids": records.ids, "domain": [], "groupby": [], "import_compat": True,
                "fields": [{"name": name, "label": name} for name in field_names],
                "context": {"allowed_company_ids": records.company_id.ids},
            }),
            "csrf_token": http.Request.csrf_token(self),
        })
        self.assertEqual(response.status_code, 200, response.text[:500])
        return list(csv.reader(io.StringIO(response.content.decode())))
