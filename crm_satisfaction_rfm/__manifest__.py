{
    'name': 'CRM Satisfaction Surveys by RFM Segment',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'Satisfaction campaigns to the customers of an RFM segment',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_satisfaction_survey',
        'crm_rfm',
    ],
    'data': [
        'views/crm_satisfaction_campaign_views.xml',
    ],
    'auto_install': True,
    'post_init_hook': '_move_campaign_segments',
}
