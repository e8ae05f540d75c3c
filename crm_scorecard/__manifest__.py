{
    'name': 'CRM Customer Scorecard',
    'version': '18.0.1.3.0',
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
    'data': [
        'security/crm_scorecard_security.xml',
        'security/ir.model.access.csv',
        'data/crm_scorecard_kpi_data.xml',
        'data/ir_cron_data.xml',
        'views/crm_scorecard_kpi_views.xml',
        'views/crm_scorecard_target_views.xml',
        'views/crm_scorecard_value_views.xml',
        'views/res_config_settings_views.xml',
        'views/crm_satisfaction_report_views.xml',
        'views/crm_scorecard_menus.xml',
    ],
    'assets': {
        'web.assets_backend': [
            'crm_scorecard/static/src/dashboard/*',
        ],
        'web.assets_tests': [
            'crm_scorecard/static/tests/tours/*.js',
        ],
    },
    'external_dependencies': {'python': ['xlsxwriter']},
}
