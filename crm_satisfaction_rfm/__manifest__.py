{
    'name': 'CRM Satisfaction Surveys by RFM Segment',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'Satisfaction campaigns to the customers of an RFM segment',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    # crm_customer_value_base comes with crm_satisfaction_survey; named here
    # so that upgrading a database made before it (when it is installed)
    # installs this bridge too: Odoo auto-installs a module along with a
    # dependency being installed, not with one being upgraded.
    'depends': [
        'crm_customer_value_base',
        'crm_satisfaction_survey',
        'crm_rfm',
    ],
    'data': [
        'views/crm_satisfaction_campaign_views.xml',
    ],
    'auto_install': True,
    'post_init_hook': '_move_campaign_segments',
}
