"""The Apps page of each addon, generated from its readme fragments (as OCA does).

Usage: python3 tools/gen_addon_descriptions.py [--check]

Odoo's Apps shows ``static/description/icon.png`` on the addon's card and
``static/description/index.html`` on its page; it does not render the
Markdown fragments of ``readme/``. This script writes, for every addon of the
repository:

- ``index.html``: the manifest's name and summary, then the fragments
  DESCRIPTION, CONFIGURE and USAGE (Markdown, tables included) as HTML;
- ``icon.png`` when it is missing: the addon's initials on its colour.

With ``--check`` it writes nothing and exits 1 when an addon's page is not
what its fragments give (the test command runs it: edit the fragments, then
run the script).
"""

import ast
import html
import sys
from pathlib import Path

import markdown

REPO_ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]
ICON_SIZE = 140
# Initials and colour of each addon's icon; an addon not listed gets grey and its first letters.
ICONS = {
    "crm_customer_value_base": ("CV", (87, 76, 140)),
    "crm_rfm": ("RFM", (0, 135, 132)),
    "crm_value_pyramid": ("VP", (203, 116, 28)),
    "crm_value_pyramid_stock": ("VP", (143, 86, 28)),
    "crm_satisfaction_survey": ("NPS", (41, 128, 185)),
    "crm_satisfaction_rfm": ("S+R", (31, 98, 141)),
    "crm_satisfaction_value_pyramid": ("S+V", (31, 98, 141)),
    "crm_scorecard": ("BSC", (113, 75, 103)),
}


def addons():
    return sorted(path.parent for path in REPO_ROOT.glob("*/__manifest__.py"))


def page(addon):
    """The HTML of the addon's Apps page."""
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [
        "<section class=\"oe_container\">",
        f"<h2 class=\"oe_slogan\">{html.escape(manifest['name'])}</h2>",
        f"<h3 class=\"oe_slogan\">{html.escape(manifest.get('summary', ''))}</h3>",
    ]
    for fragment, title in FRAGMENTS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if title:
            parts.append(f"<h2>{title}</h2>")
        parts.append(markdown.markdown(path.read_text(), extensions=["tables", "fenced_code"]))
    parts.append("</section>")
    return (
        "<!-- Generated from readme/ by tools/gen_addon_descriptions.py: edit the fragments, not this file. -->\n"
        + "\n".join(parts) + "\n"
    )


def draw_icon(addon, path):
    from PIL import Image, ImageDraw, ImageFont

    initials, colour = ICONS.get(addon.name, (addon.name.split("_")[-1][:3].upper(), (110, 110, 110)))
    image = Image.new("RGBA", (ICON_SIZE, ICON_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, ICON_SIZE - 1, ICON_SIZE - 1), radius=24, fill=colour)
    font = ImageFont.load_default(size=52 if len(initials) < 3 else 42)
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=font)
    draw.text(((ICON_SIZE - (right - left)) / 2 - left, (ICON_SIZE - (bottom - top)) / 2 - top),
              initials, font=font, fill=(255, 255, 255))
    image.save(path)


def main(check):
    stale = []
    for addon in addons():
        description = addon / "static" / "description"
        index, icon = description / "index.html", description / "icon.png"
        expected = page(addon)
        if check:
            if not index.exists() or index.read_text() != expected:
                stale.append(f"{addon.name}: static/description/index.html is not what readme/ gives")
            if not icon.exists():
                stale.append(f"{addon.name}: no static/description/icon.png")
            continue
        description.mkdir(parents=True, exist_ok=True)
        index.write_text(expected)
        if not icon.exists():
            draw_icon(addon, icon)
    for line in stale:
        print(line)
    if stale:
        print("Run: python3 tools/gen_addon_descriptions.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
