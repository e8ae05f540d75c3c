{
    'name': 'CRM Customer Value Base',
    'version': '18.0.1.2.0',
    'category': 'Sales/CRM',
    'summary': 'What a purchase is, and the runs the customer-value addons store their results in',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm',
        'sale',
        'account',
    ],
    'data': [
        'security/crm_customer_value_security.xml',
        'security/ir.model.access.csv',
        'data/ir_cron_data.xml',
        'wizard/crm_run_baseline_views.xml',
        'wizard/crm_run_backfill_wizard_views.xml',
        'views/crm_run_backfill_views.xml',
        'views/res_config_settings_views.xml',
    ],
}
