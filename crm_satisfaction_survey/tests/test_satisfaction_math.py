import unittest

from odoo.addons.crm_satisfaction_survey.lib import satisfaction


class TestSatisfactionMath(unittest.TestCase):
    def test_nps(self):
        # 3 promoters, 2 passives, 5 detractors out of 10: 30% - 50% = -20
        self.assertAlmostEqual(satisfaction.nps([10, 9, 9, 8, 7, 6, 5, 3, 0, 1]), -20.0)
        self.assertAlmostEqual(satisfaction.nps([10, 10]), 100.0)
        self.assertAlmostEqual(satisfaction.nps([0, 6]), -100.0)
        # passives count in the denominator: 1 promoter of 4 answers
        self.assertAlmostEqual(satisfaction.nps([9, 7, 8, 8]), 25.0)

    def test_nps_only_passives_is_zero(self):
        self.assertEqual(satisfaction.nps([7, 8, 7]), 0.0)

    def test_no_answers_is_undefined(self):
        self.assertIsNone(satisfaction.nps([]))
        self.assertIsNone(satisfaction.csat([]))
        self.assertEqual(satisfaction.ces([]), (None, None))
        self.assertIsNone(satisfaction.response_rate(0, 0))

    def test_csat_and_ces(self):
        self.assertAlmostEqual(satisfaction.csat([5, 4, 3, 2, 1, 5, 4, 4]), 62.5)
        mean, easy = satisfaction.ces([7, 5, 4, 1])
        self.assertAlmostEqual(mean, 4.25)
        self.assertAlmostEqual(easy, 50.0)
        self.assertAlmostEqual(satisfaction.response_rate(8, 2), 25.0)

    def test_out_of_range_rejected(self):
        with self.assertRaises(ValueError):
            satisfaction.nps([11])
        with self.assertRaises(ValueError):
            satisfaction.csat([0])
        with self.assertRaises(ValueError):
            satisfaction.ces([8])

    def test_categories_and_follow_up(self):
        self.assertEqual(
            [satisfaction.nps_category(score) for score in (0, 6, 7, 8, 9, 10)],
            ["detractor", "detractor", "passive", "passive", "promoter", "promoter"],
        )
        self.assertTrue(satisfaction.is_unhappy("nps", 6))
        self.assertFalse(satisfaction.is_unhappy("nps", 7))
        self.assertTrue(satisfaction.is_unhappy("csat", 2))
        self.assertFalse(satisfaction.is_unhappy("csat", 3))
        self.assertTrue(satisfaction.is_unhappy("ces", 3))
        self.assertFalse(satisfaction.is_unhappy("ces", 4))

    def test_happy_thresholds(self):
        self.assertEqual([score for score in range(11) if satisfaction.is_happy("nps", score)], [9, 10])
        self.assertEqual([score for score in range(1, 6) if satisfaction.is_happy("csat", score)], [4, 5])
        self.assertEqual([score for score in range(1, 8) if satisfaction.is_happy("ces", score)], [5, 6, 7])
