{
    'name': 'CRM Satisfaction Surveys',
    'version': '18.0.1.4.0',
    'category': 'Sales/CRM',
    'summary': 'NPS, CSAT and CES campaigns for active, inactive and potential customers',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm_customer_value_base',
        'mail',
        'portal',
        'survey',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/crm_satisfaction_security.xml',
        'data/survey_templates.xml',
        'data/crm_satisfaction_data.xml',
        'views/satisfaction_templates.xml',
        'views/portal_templates.xml',
        'report/crm_satisfaction_report_views.xml',
        'views/crm_satisfaction_campaign_views.xml',
        'views/survey_question_views.xml',
        'views/survey_survey_views.xml',
        'views/res_partner_views.xml',
    ],
    'assets': {
        'web.assets_tests': [
            'crm_satisfaction_survey/static/tests/tours/*.js',
        ],
    },
}
