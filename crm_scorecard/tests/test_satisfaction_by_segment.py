from datetime import date

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_satisfaction_survey.tests.common import nps_survey


@tagged("post_install", "-at_install")
class TestSatisfactionBySegment(TransactionCase):
    """NPS per RFM segment and pyramid level: the customer's current ones."""

    def make_runs(self, company, day):
        """An RFM run and a value run of ``company`` as of ``day``, with no row yet."""
        rfm_run = self.env["crm.rfm.run"].sudo().create({
            "company_id": company.id, "as_of_date": day, "date_from": day.replace(year=day.year - 2),
            "purchase_source": "invoice", "scoring_method": "quantile", "bins": 5,
        })
        value_run = self.env["crm.value.run"].sudo().create({
            "company_id": company.id, "date_from": day.replace(year=day.year - 1), "date_to": day,
            "rank_by": "profit", "fixed_cost_allocation": "none",
        })
        return rfm_run, value_run

    def add_rows(self, runs, partner, segment, level):
        rfm_run, value_run = runs
        self.env["crm.rfm.snapshot"].sudo().create({
            "run_id": rfm_run.id, "company_id": rfm_run.company_id.id, "as_of_date": rfm_run.as_of_date,
            "partner_id": partner.id, "segment_id": segment.id, "monetary": 100.0,
        })
        self.env["crm.value.line"].sudo().create({
            "run_id": value_run.id, "company_id": value_run.company_id.id, "date_from": value_run.date_from,
            "date_to": value_run.date_to, "partner_id": partner.id, "level": level,
        })

    def test_nps_grouped_by_segment_and_level(self):
        survey, question = nps_survey(self.env, "Segment NPS")
        champions = self.env.ref("crm_rfm.segment_champions")
        at_risk = self.env.ref("crm_rfm.segment_at_risk")
        campaign = self.env["crm.satisfaction.campaign"].create({"name": "Segments", "survey_id": survey.id})
        company = campaign.company_id
        older_runs = self.make_runs(company, date(2026, 5, 31))
        current_runs = self.make_runs(company, date(2026, 6, 30))
        scores = [(champions, "top", 10), (champions, "top", 9), (at_risk, "small", 4), (at_risk, "small", 8)]
        for index, (segment, level, score) in enumerate(scores):
            partner = self.env["res.partner"].create({"name": f"Segment customer {index}"})
            # The current runs of the campaign's company count, not the older ones.
            self.add_rows(current_runs, partner, segment, level)
            self.add_rows(older_runs, partner, at_risk if segment == champions else champions,
                          "small" if level == "top" else "top")
            user_input = survey._create_answer(partner=partner, check_attempts=False)
            user_input._save_lines(question, str(score))
            user_input.write({"state": "done", "satisfaction_campaign_id": campaign.id})
        company.sudo().write({"rfm_current_run_id": current_runs[0].id, "value_current_run_id": current_runs[1].id})
        Report = self.env["crm.satisfaction.report"]
        by_segment = dict(Report._read_group([("survey_id", "=", survey.id)], ["rfm_segment_id"], ["nps:avg"]))
        self.assertEqual(by_segment, {champions: 100.0, at_risk: -50.0})
        by_level = Report._read_group([("survey_id", "=", survey.id)], ["value_pyramid_level"], ["__count"])
        # Top down, as the pyramid (alphabetically "small" came first).
        self.assertEqual(by_level, [("top", 2), ("small", 2)])
