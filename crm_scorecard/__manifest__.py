{
    'name': 'CRM Customer Scorecard',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'Balanced scorecard of customer KPIs with targets, dashboard and xlsx export',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_rfm',
        'crm_value_pyramid',
        'crm_satisfaction_survey',
    ],
}
