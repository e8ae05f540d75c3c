"""Who may read what the addons say about a customer, named here for every addon.

What a customer *is* to the company (RFM segment and scores, pyramid level)
carries ``groups=INTERNAL_USER``: every employee, never the customer
himself on the portal (a portal user may read his own partner, quotations
and orders, and would read "At Risk" there).

Fields that say what a customer spends or earns (RFM monetary value, CLV,
probability alive, revenue, costs, profit, their shares) carry
``groups=VALUE_MANAGER``. Odoo then refuses them to everyone else when read,
searched, grouped, sorted or exported, and removes them from the views;
partner fields read from a current run check it themselves
(tools/current_run.py), and the fields of one compute method must share
their groups.
"""

INTERNAL_USER = "base.group_user"
VALUE_MANAGER = "crm_customer_value_base.group_value_manager"

# The xml ids of the group and its category, which crm_value_pyramid
# declared before version 18.0.1.5.0 (see move_value_manager_group).
VALUE_MANAGER_XMLIDS = ("group_value_manager", "module_category_customer_value")
