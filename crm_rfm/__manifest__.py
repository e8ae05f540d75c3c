{
    'name': 'CRM RFM Analysis',
    'version': '18.0.1.6.0',
    'category': 'Sales/CRM',
    'summary': 'RFM scores, customer segments and predictive customer lifetime value',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_customer_value_base',
    ],
    'data': [
        'security/crm_rfm_security.xml',
        'security/ir.model.access.csv',
        'data/crm_rfm_segment_data.xml',
        'data/ir_cron_data.xml',
        'views/crm_rfm_segment_views.xml',
        'views/crm_rfm_snapshot_views.xml',
        'views/crm_rfm_run_views.xml',
        'views/crm_clv_model_views.xml',
        'views/res_partner_views.xml',
        'views/crm_lead_views.xml',
        'views/sale_order_views.xml',
        'views/res_config_settings_views.xml',
        'wizard/crm_rfm_compare_views.xml',
        'views/crm_rfm_menus.xml',
    ],
    'assets': {
        'web.assets_tests': [
            'crm_rfm/static/tests/tours/*.js',
        ],
    },
    'external_dependencies': {'python': ['numpy', 'scipy']},
}
