{
    'name': 'CRM Customer Value Pyramid: Inventory',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'Deliveries done as a cost driver of the cost to serve',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_value_pyramid',
        'stock',
    ],
    'auto_install': True,
}
