from . import survey_question
from . import survey_question_answer
from . import survey_survey
from . import survey_user_input
from . import res_partner
from . import crm_satisfaction_campaign
from . import crm_lead
