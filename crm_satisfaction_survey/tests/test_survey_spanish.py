from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSurveyInSpanish(TransactionCase):
    """A Spanish-speaking marketer and customer read crm_satisfaction_survey
    in Spanish (i18n/es.po loaded as on install)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["crm_satisfaction_survey"], ["es_ES"], overwrite=True)
        cls.spanish = cls.env(context={"lang": "es_ES"})

    def test_invitation_subject(self):
        template = self.spanish.ref("crm_satisfaction_survey.mail_template_satisfaction_invitation")
        self.assertEqual(template.subject, "¿Cómo lo estamos haciendo? {{ object.survey_id.display_name }}")

    def test_survey_templates(self):
        question = self.spanish.ref("crm_satisfaction_survey.survey_relationship_nps").question_ids[0]
        self.assertEqual(question.title, "¿Con qué probabilidad nos recomendaría a un amigo o compañero de trabajo?")

    def test_audience_and_reporting_labels(self):
        audiences = dict(self.spanish["crm.satisfaction.campaign"]._selection_audience())
        self.assertEqual(audiences["prospect"], "Clientes potenciales")
        self.assertEqual(self.spanish.ref("crm_satisfaction_survey.crm_satisfaction_report_action_detractors").name,
                         "Comentarios de detractores")

    def test_scale_validation_message(self):
        question = self.spanish.ref("crm_satisfaction_survey.survey_relationship_nps").question_ids[0]
        self.assertEqual(question.validate_question("12"), {question.id: "Elija una puntuación de 0 a 10."})

    def test_call_back_question_and_lead(self):
        question = self.spanish.ref("crm_satisfaction_survey.survey_relationship_nps_q_contact")
        self.assertEqual(question.title, "¿Podemos contactarle acerca de su respuesta?")
        self.assertEqual(question.suggested_answer_ids.mapped("value"), ["Sí, por favor, contáctenme", "No, gracias"])
        partner = self.env["res.partner"].create({"name": "Cliente feliz"})
        survey = self.env.ref("crm_satisfaction_survey.survey_relationship_nps")
        answer = survey._create_answer(partner=partner)
        answer._save_lines(survey.question_ids[0], "10")
        answer._save_lines(question, str(question.suggested_answer_ids[0].id))
        answer.with_env(self.spanish)._mark_done()
        lead = self.env["crm.lead"].search([("satisfaction_user_input_id", "=", answer.id)])
        self.assertEqual(lead.name, "Cliente feliz ha pedido que le contacten (NPS 10)")
