"""The pure math of the pyramid, without a database."""

import unittest
from datetime import date
from fractions import Fraction

from odoo.addons.crm_value_pyramid.lib import pyramid

DEFAULT = {"top": 1, "big": 4, "medium": 15, "small": 80}


class TestLevelShares(unittest.TestCase):
    def test_default_shares_are_valid(self):
        self.assertTrue(pyramid.check_level_shares(DEFAULT))

    def test_decimal_shares_add_up_exactly(self):
        self.assertTrue(pyramid.check_level_shares({"top": 0.1, "big": 0.2, "medium": 19.7, "small": 80}))

    def test_shares_not_adding_up_to_100(self):
        with self.assertRaisesRegex(pyramid.LevelShareError, "add up to 90, not 100"):
            pyramid.check_level_shares({**DEFAULT, "small": 70})

    def test_negative_share(self):
        with self.assertRaisesRegex(pyramid.LevelShareError, "negative share for big"):
            pyramid.check_level_shares({"top": 10, "big": -5, "medium": 15, "small": 80})

    def test_missing_level(self):
        with self.assertRaisesRegex(pyramid.LevelShareError, "missing share for small"):
            pyramid.check_level_shares({"top": 1, "big": 4, "medium": 95})


class TestLevelBoundaries(unittest.TestCase):
    def test_hundred_customers_cut_1_4_15_80(self):
        bounds = pyramid.level_boundaries(100, DEFAULT)
        self.assertEqual(bounds, {"top": 1, "big": 5, "medium": 20, "small": 100})
        levels = [pyramid.level_of_rank(rank, bounds) for rank in range(1, 101)]
        self.assertEqual([levels.count(level) for level in pyramid.LEVELS], [1, 4, 15, 80])

    def test_a_thousand_customers(self):
        self.assertEqual(pyramid.level_boundaries(1000, DEFAULT), {"top": 10, "big": 50, "medium": 200, "small": 1000})

    def test_few_customers_the_best_one_is_top(self):
        # 10 customers: Top covers 0.1 of a customer, so the best one; Big
        # ends at 0.5, inside the first customer already: nobody; Medium at 2.
        self.assertEqual(pyramid.level_boundaries(10, DEFAULT), {"top": 1, "big": 1, "medium": 2, "small": 10})
        self.assertEqual(pyramid.level_boundaries(1, DEFAULT), {"top": 1, "big": 1, "medium": 1, "small": 1})

    def test_no_customer(self):
        self.assertEqual(pyramid.level_boundaries(0, DEFAULT), {"top": 0, "big": 0, "medium": 0, "small": 0})

    def test_a_zero_share_level_stays_empty(self):
        bounds = pyramid.level_boundaries(50, {"top": 0, "big": 10, "medium": 0, "small": 90})
        self.assertEqual(bounds, {"top": 0, "big": 5, "medium": 5, "small": 50})
        self.assertEqual(pyramid.level_of_rank(1, bounds), "big")
        self.assertEqual(pyramid.level_of_rank(6, bounds), "small")


class TestLargestRemainder(unittest.TestCase):
    def test_thirds_of_a_thousand(self):
        self.assertEqual(pyramid.largest_remainder(100000, [1, 1, 1]), [33334, 33333, 33333])

    def test_parts_add_up_and_stay_within_a_cent(self):
        weights = [2, 3, 5, 7, 11, 13, 17]
        parts = pyramid.largest_remainder(1234567, weights)
        self.assertEqual(sum(parts), 1234567)
        for part, weight in zip(parts, weights):
            self.assertLess(abs(part - Fraction(1234567 * weight, sum(weights))), 1)

    def test_kaplan_anderson_rates(self):
        # 392,000 over 49,000 orders is 8 per order: no remainder at all.
        self.assertEqual(pyramid.largest_remainder(39200000, [30000, 15000, 4000]), [24000000, 12000000, 3200000])

    def test_zero_weights_allocate_nothing(self):
        self.assertEqual(pyramid.largest_remainder(500, [0, 0]), [0, 0])

    def test_negative_weight_refused(self):
        with self.assertRaises(ValueError):
            pyramid.largest_remainder(500, [1, -1])


class TestPeriodPool(unittest.TestCase):
    def test_whole_months_count_exactly(self):
        self.assertEqual(pyramid.period_months(date(2026, 5, 1), date(2026, 5, 31)), 1)
        self.assertEqual(pyramid.period_months(date(2026, 1, 1), date(2026, 3, 31)), 3)
        self.assertEqual(pyramid.period_months(date(2025, 7, 1), date(2026, 6, 30)), 12)
        self.assertEqual(pyramid.period_pool_cents(130666.67, date(2026, 4, 1), date(2026, 6, 30)), 39200001)

    def test_other_periods_count_days(self):
        self.assertEqual(pyramid.period_months(date(2026, 5, 2), date(2026, 5, 31)), Fraction(30 * 12, 365))
        self.assertEqual(pyramid.period_pool_cents(365, date(2026, 5, 2), date(2026, 5, 31)), 36000)

    def test_period_ending_before_it_starts(self):
        with self.assertRaises(ValueError):
            pyramid.period_months(date(2026, 5, 2), date(2026, 5, 1))
