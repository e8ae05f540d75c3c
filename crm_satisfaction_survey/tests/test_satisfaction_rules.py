"""The satisfaction rules have one owner (lib/satisfaction.py): every screen
that shows a figure reads the same answers with the same cut-offs."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..lib import satisfaction
from .common import nps_survey


@tagged("post_install", "-at_install")
class TestSatisfactionRulesSqlMatchPython(TransactionCase):
    def evaluate(self, expression, metric, score):
        self.env.cr.execute(SQL(
            "SELECT %s FROM (SELECT %s::varchar AS metric, %s::int AS score) answer",
            expression(SQL("answer.metric"), SQL("answer.score")), metric, score,
        ))
        return self.env.cr.fetchone()[0]

    def test_every_score_of_every_metric(self):
        """The SQL of each cut-off gives what its Python reference gives, score by score."""
        for metric, (low, high) in satisfaction.METRIC_RANGES.items():
            for score in range(low, high + 1):
                with self.subTest(metric=metric, score=score):
                    self.assertEqual(self.evaluate(satisfaction.sentiment_sql, metric, score),
                                     satisfaction.sentiment(metric, score))
                    self.assertEqual(self.evaluate(satisfaction.is_happy_sql, metric, score),
                                     satisfaction.is_happy(metric, score))
                    self.assertEqual(self.evaluate(satisfaction.is_unhappy_sql, metric, score),
                                     satisfaction.is_unhappy(metric, score))
                    # The per-answer value averaged by the analysis is the
                    # figure of that single answer, NULL for other metrics.
                    nps_points = self.evaluate(satisfaction.nps_points_sql, metric, score)
                    csat_points = self.evaluate(satisfaction.csat_points_sql, metric, score)
                    ces_mean = self.evaluate(lambda m, s: satisfaction.ces_sql(m, s)[0], metric, score)
                    ces_easy = self.evaluate(lambda m, s: satisfaction.ces_sql(m, s)[1], metric, score)
                    self.assertEqual(nps_points, satisfaction.nps([score]) if metric == "nps" else None)
                    self.assertEqual(csat_points, satisfaction.csat([score]) if metric == "csat" else None)
                    self.assertEqual((ces_mean, ces_easy),
                                     satisfaction.ces([score]) if metric == "ces" else (None, None))

    def test_cut_offs(self):
        self.assertEqual([satisfaction.nps_category(score) for score in (0, 6, 7, 8, 9, 10)],
                         ["detractor", "detractor", "passive", "passive", "promoter", "promoter"])
        self.assertEqual([satisfaction.sentiment("csat", score) for score in range(1, 6)],
                         ["negative", "negative", "neutral", "positive", "positive"])
        self.assertEqual([satisfaction.sentiment("ces", score) for score in range(1, 8)],
                         ["negative"] * 3 + ["neutral"] + ["positive"] * 3)


@tagged("post_install", "-at_install")
class TestTestEntriesNeverCount(TransactionCase):
    """One real promoter and one test-entry detractor: NPS 100 everywhere.

    Before one owner, the survey form counted the test entry (NPS 0) and the
    analysis did not (100); the test entry also planned a follow-up.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey, cls.question = nps_survey(cls.env, "Rules NPS")
        cls.campaign = cls.env["crm.satisfaction.campaign"].create({
            "name": "Rules", "survey_id": cls.survey.id, "audience": "domain", "partner_domain": "[]",
        })
        cls.customer = cls.env["res.partner"].create({"name": "Real customer"})
        cls.tester = cls.env["res.partner"].create({"name": "Survey manager testing"})
        cls.real = cls.answer(cls.customer, 10)
        cls.test_entry = cls.answer(cls.tester, 0, test_entry=True)

    @classmethod
    def answer(cls, partner, score, test_entry=False):
        user_input = cls.survey._create_answer(partner=partner, test_entry=test_entry)
        user_input.satisfaction_campaign_id = cls.campaign
        user_input._save_lines(cls.question, str(score))
        user_input._mark_done()
        return user_input

    def test_survey_form(self):
        self.survey.invalidate_recordset()
        self.assertEqual(self.survey.nps_score, 100.0)
        self.assertEqual(self.survey.satisfaction_answer_count, 1)
        self.assertEqual(self.survey.response_rate, 100.0)

    def test_campaign(self):
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.nps_score, 100.0)
        self.assertEqual((self.campaign.invitation_count, self.campaign.answered_count), (1, 1))

    def test_satisfaction_analysis(self):
        Report = self.env["crm.satisfaction.report"]
        rows = Report.search([("survey_id", "=", self.survey.id)])
        self.assertEqual(rows.user_input_id, self.real)
        [group] = Report._read_group([("survey_id", "=", self.survey.id)], [], ["nps:avg", "__count"])
        self.assertEqual(group, (100.0, 1))

    def test_test_entry_scores_nobody_and_calls_nobody_back(self):
        self.assertFalse(self.tester.satisfaction_nps_last)
        self.assertFalse(self.tester.satisfaction_nps_category)
        self.assertFalse(self.tester.activity_ids)
        self.assertEqual(self.customer.satisfaction_nps_category, "promoter")
