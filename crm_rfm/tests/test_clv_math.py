"""The CLV model against the published CDNOW estimates (1/10 sample,
39-week calibration ending 1997-09-30, time in weeks)."""

import os
import unittest
from datetime import date

import numpy as np

from odoo.addons.crm_rfm.lib import clv

DATA = os.path.join(os.path.dirname(__file__), "data", "CDNOW_sample.txt")


def cdnow_transactions():
    with open(DATA) as lines:
        for line in lines:
            customer, _sample, day, _quantity, amount = line.split()
            yield int(customer), date(int(day[:4]), int(day[4:6]), int(day[6:])), float(amount)


class TestClvOnCdnow(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keys, cls.summary = clv.summarize_transactions(list(cdnow_transactions()), date(1997, 9, 30))

    def assert_within_one_percent(self, fitted, published):
        for name, value, expected in zip(("1st", "2nd", "3rd", "4th"), fitted, published):
            self.assertLess(abs(value - expected) / expected, 0.01, f"{name} parameter {value} vs {expected}")

    def test_summary_merges_same_day_purchases(self):
        self.assertEqual(len(self.keys), 2357)
        first = self.keys.index(4)  # bought 1997-01-01, -01-18, -08-02 in the calibration period
        self.assertEqual(self.summary.x[first], 2)
        self.assertAlmostEqual(self.summary.t_x[first], 30.43, places=2)
        self.assertAlmostEqual(self.summary.T[first], 38.86, places=2)
        self.assertAlmostEqual(self.summary.zbar[first], (29.73 + 14.96) / 2, places=2)

    def test_bgnbd_reproduces_the_published_estimates(self):
        params, log_likelihood = clv.fit_bgnbd(self.summary)
        self.assert_within_one_percent(params, (0.243, 4.414, 0.793, 2.426))
        self.assertAlmostEqual(log_likelihood, -9582.4, delta=0.5)

    def test_gamma_gamma_reproduces_the_published_estimates(self):
        params, _log_likelihood = clv.fit_gamma_gamma(self.summary)
        self.assert_within_one_percent(params, (6.25, 3.74, 15.44))

    def test_probability_alive_and_expectations(self):
        params = (0.243, 4.414, 0.793, 2.426)
        x, t_x, T = np.array([0.0, 2.0, 2.0]), np.array([0.0, 30.43, 5.0]), np.array([38.86, 38.86, 38.86])
        alive = clv.probability_alive(params, x, t_x, T)
        self.assertEqual(alive[0], 1.0, "no repeat purchase: never seen to drop out")
        self.assertGreater(alive[1], alive[2], "same purchases, the more recent one is more likely alive")
        expected = clv.expected_purchases(params, 39.0, x, t_x, T)
        self.assertTrue(np.all(np.diff(clv.expected_purchases(params, np.array([13.0, 26.0, 39.0]),
                                                             x[[1, 1, 1]], t_x[[1, 1, 1]], T[[1, 1, 1]])) > 0))
        self.assertGreater(expected[1], expected[2])

    def test_the_fit_table_of_the_published_model(self):
        params = r, alpha, a, b = (0.243, 4.414, 0.793, 2.426)
        table = clv.fit_table(params, self.summary)
        # The customers of the sample by repeat purchases in the calibration period (1,411 without any, as
        # published), the last row 7 or more.
        self.assertEqual([(x, actual) for x, actual, _expected in table],
                         [(0, 1411), (1, 439), (2, 214), (3, 100), (4, 62), (5, 38), (6, 29), (7, 64)])
        # Eq. 8 written out for 0 and 1 repeat purchases, each customer over its own age T.
        T = self.summary.T
        none = (alpha / (alpha + T)) ** r
        one = b / (a + b) * r * none * T / (alpha + T) + a / (a + b) * (1 - none)
        self.assertAlmostEqual(table[0][2], none.sum(), places=6)
        self.assertAlmostEqual(table[1][2], one.sum(), places=6)
        self.assertAlmostEqual(table[0][2], 1406.5, places=1)
        self.assertAlmostEqual(sum(expected for _x, _actual, expected in table), 2357, places=6)

    def test_the_repeat_purchase_distribution_has_the_mean_of_eq_9(self):
        params = (0.243, 4.414, 0.793, 2.426)
        t = np.array([0.0, 5.0, 38.86, 100.0])
        probabilities = [clv.repeat_purchase_probability(params, x, t) for x in range(400)]
        np.testing.assert_allclose(sum(probabilities), 1.0, rtol=1e-9)
        np.testing.assert_allclose(sum(x * p for x, p in enumerate(probabilities)),
                                   clv.expected_repeat_purchases(params, t), rtol=1e-6, atol=1e-12)

    def test_value_without_history_is_the_population_mean(self):
        params = (6.25, 3.74, 15.44)
        values = clv.expected_average_value(params, np.array([0.0, 10.0]), np.array([0.0, 100.0]))
        self.assertAlmostEqual(values[0], 6.25 * 15.44 / 2.74, places=6)
        self.assertTrue(values[0] < values[1] < 100.0, "shrunk towards the population mean")

    def test_discounting_lowers_the_value(self):
        bgnbd = (0.243, 4.414, 0.793, 2.426)
        gg = (6.25, 3.74, 15.44)
        undiscounted = clv.customer_lifetime_value(bgnbd, gg, self.summary, 12, 0.0)
        discounted = clv.customer_lifetime_value(bgnbd, gg, self.summary, 12, 0.15)
        self.assertTrue(np.all(discounted <= undiscounted))
        self.assertTrue(np.all(undiscounted >= 0))
        half_margin = clv.customer_lifetime_value(bgnbd, gg, self.summary, 12, 0.0, margin=0.5)
        np.testing.assert_allclose(half_margin, undiscounted / 2)



class TestClvWithFewDropouts(unittest.TestCase):
    """Generated customers who hardly ever drop out (data/few_dropouts_summary.csv).

    BG/NBD's likelihood there is flat along a / (a + b): an unboxed search
    overflowed (a = 1.3e13, b = 6.2e15), reported "diverged" and left the
    company without CLV. The boxed search finds the maximum, silently."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rows = np.loadtxt(os.path.join(os.path.dirname(__file__), "data", "few_dropouts_summary.csv"),
                          delimiter=",", comments="#")
        cls.summary = clv.CustomerSummary(*rows.T)

    def test_fit_converges_without_numerical_warnings(self):
        with np.errstate(all="raise"):  # a warning inside the fit is an error here
            (r, alpha, a, b), log_likelihood = clv.fit_bgnbd(self.summary)
        self.assertTrue(np.isfinite(log_likelihood))
        self.assertTrue(all(clv.PARAMETER_BOUNDS[0] < value < clv.PARAMETER_BOUNDS[1] for value in (r, alpha, a, b)))
        self.assertLess(a / (a + b), 0.05, "few customers drop out: so must the model's dropout probability")
        alive = clv.probability_alive((r, alpha, a, b), self.summary.x, self.summary.t_x, self.summary.T)
        recent = (self.summary.T - self.summary.t_x) < 13  # bought in the last quarter
        self.assertGreater(float(np.median(alive[recent])), 0.9)
        self.assertGreater(float(np.median(alive[recent])), float(np.median(alive[~recent])))
