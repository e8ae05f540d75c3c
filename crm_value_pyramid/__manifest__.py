{
    'name': 'CRM Customer Value Pyramid',
    'version': '18.0.1.6.0',
    'category': 'Sales/CRM',
    'summary': 'Cost to serve, customer profitability, whale curve and value pyramid',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_customer_value_base',
        'sale_margin',
    ],
    'data': [
        'security/crm_value_pyramid_security.xml',
        'security/ir.model.access.csv',
        'data/ir_cron_data.xml',
        'views/crm_cost_driver_views.xml',
        'views/crm_customer_cost_views.xml',
        'views/crm_value_line_views.xml',
        'views/crm_value_run_views.xml',
        'views/res_partner_views.xml',
        'views/crm_lead_views.xml',
        'views/sale_order_views.xml',
        'views/res_config_settings_views.xml',
        'wizard/crm_value_compare_views.xml',
        'views/crm_value_pyramid_menus.xml',
    ],
    'assets': {
        # With Odoo's graph view, loaded when a graph is first opened.
        'web.assets_backend_lazy': [
            'crm_value_pyramid/static/src/views/*',
        ],
        'web.assets_tests': [
            'crm_value_pyramid/static/tests/tours/*.js',
        ],
    },
}
