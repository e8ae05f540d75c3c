{
    'name': 'CRM RFM Analysis',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'RFM scores, customer segments and predictive customer lifetime value',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm',
        'sale',
    ],
    'assets': {
        'web.assets_tests': [
            'crm_rfm/static/tests/tours/*.js',
        ],
    },
    'external_dependencies': {'python': ['numpy', 'scipy']},
}
