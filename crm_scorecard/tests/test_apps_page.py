"""What Apps shows of each addon: its icon on the card and a page made of its
readme fragments (tools/gen_addon_descriptions.py), not an empty page."""

from pathlib import Path

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged

REPO_ROOT = Path(__file__).resolve().parents[2]
OUR_ADDONS = sorted(path.parent.name for path in REPO_ROOT.glob("*/__manifest__.py"))


@tagged("post_install", "-at_install")
class TestAppsPage(TransactionCase):
    def test_every_addon_has_an_icon_and_a_page_of_its_readme(self):
        # What "Update Apps List" (and a new database) reads from the manifests.
        self.env["ir.module.module"].update_list()
        modules = self.env["ir.module.module"].search([("name", "in", OUR_ADDONS)])
        self.assertEqual(sorted(modules.mapped("name")), OUR_ADDONS, "every addon is known to Apps")
        for module in modules:
            with self.subTest(module.name):
                self.assertEqual(module.icon, f"/{module.name}/static/description/icon.png")
                self.assertTrue(module.icon_image, "the icon file is there")
                page = module.description_html
                self.assertIn(get_manifest(module.name)["summary"].split(",")[0], page)
                readme = REPO_ROOT / module.name / "readme"
                first_words = " ".join((readme / "DESCRIPTION.md").read_text().split()[:4])
                self.assertIn(first_words, " ".join(page.split()))
                for fragment, title in (("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")):
                    self.assertEqual(f"<h2>{title}</h2>" in page, (readme / fragment).exists())
