{
    'name': 'CRM Customer Value Pyramid',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'Cost to serve, customer profitability, whale curve and value pyramid',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_rfm',
        'sale',
        'account',
    ],
}
