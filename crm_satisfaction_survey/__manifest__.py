{
    'name': 'CRM Satisfaction Surveys',
    'version': '18.0.1.0.0',
    'category': 'Sales/CRM',
    'summary': 'NPS, CSAT and CES campaigns for active, inactive and potential customers',
    'author': 'Customer Value Analytics',
    'website': 'https://github.com/customer-value-analytics/odoo-customer-value',
    'license': 'LGPL-3',
    'depends': [
        'crm',
        'mail',
        'survey',
    ],
    'data': [
        'data/survey_templates.xml',
        'views/survey_question_views.xml',
        'views/survey_survey_views.xml',
        'views/res_partner_views.xml',
    ],
}
