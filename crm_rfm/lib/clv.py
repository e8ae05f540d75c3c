"""Customer lifetime value: BG/NBD and Gamma-Gamma, fitted by maximum likelihood.

Pure math on NumPy arrays, no ORM: the models feed it per-customer summaries
and store what it returns.

References:
- Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An
  Alternative to the Pareto/NBD Model", Marketing Science 24(2): the BG/NBD
  likelihood (eq. 6), the distribution and mean of the repeat purchases
  (eq. 8 and 9: the model's fit), P(alive) and the conditional expectation
  (eq. 10).
- Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for
  Customer Base Analysis", JMR 42(4), and Fader & Hardie's note "The
  Gamma-Gamma Model of Monetary Value" (2013): spend per transaction.

Per customer: ``x`` repeat purchases (purchases after the first, same-day
purchases counting as one), ``t_x`` the time of the last purchase and ``T``
the age of the customer, both since the first purchase, and ``zbar`` the
mean value of the repeat purchases.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1, xlogy

# Below this many customers with repeat purchases the spend model has nothing
# to learn from: the fit refuses rather than returning arbitrary numbers.
MIN_REPEAT_CUSTOMERS = 10
PARAMETER_BOUNDS = (1e-6, 1e6)


class FitError(Exception):
    """The likelihood maximisation did not converge, or had too little data."""


@dataclass(frozen=True)
class CustomerSummary:
    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    zbar: np.ndarray


def summarize_transactions(transactions, calibration_end, days_per_unit=7.0):
    """Summaries from ``(customer, date, amount)`` rows up to ``calibration_end``.

    Purchases of the same customer on the same day count as one, for the sum
    of their amounts. Returns the customer keys and a :class:`CustomerSummary`.
    """
    by_customer = {}
    for customer, day, amount in transactions:
        if day <= calibration_end:
            days = by_customer.setdefault(customer, {})
            days[day] = days.get(day, 0.0) + amount
    keys = sorted(by_customer)
    x, t_x, age, zbar = [], [], [], []
    for key in keys:
        days = sorted(by_customer[key].items())
        first = days[0][0]
        repeat = days[1:]
        x.append(len(repeat))
        t_x.append((days[-1][0] - first).days / days_per_unit)
        age.append((calibration_end - first).days / days_per_unit)
        zbar.append(sum(amount for _day, amount in repeat) / len(repeat) if repeat else 0.0)
    return keys, CustomerSummary(np.array(x, float), np.array(t_x, float), np.array(age, float), np.array(zbar, float))


# --- BG/NBD -----------------------------------------------------------------

def bgnbd_log_likelihood(params, x, t_x, T):
    """Per-customer log-likelihood of the BG/NBD model (Fader et al. 2005, eq. 6)."""
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    has_repeat = x > 0
    a4 = np.full_like(x, -np.inf)
    a4[has_repeat] = (
        np.log(a) - np.log(b + x[has_repeat] - 1) - (r + x[has_repeat]) * np.log(alpha + t_x[has_repeat])
    )
    return a1 + a2 + np.logaddexp(a3, a4)


def _fit(negative_log_likelihood, n_params, start=None, unbounded_above=()):
    """Maximise over log-parameters (keeps them positive); returns (params, ll).

    The search is boxed in PARAMETER_BOUNDS. An estimate on the box's edge
    means the data do not identify that parameter, and the fit is refused,
    except for the indices in ``unbounded_above`` whose limit at infinity is
    a model of its own (see fit_bgnbd): those may stop at the upper edge.
    """
    box = [tuple(np.log(PARAMETER_BOUNDS))] * n_params
    start = np.zeros(n_params) if start is None else np.log(start)

    def objective(log_params):
        # Probing steps reach parameters where a term is 0 * inf or log(0):
        # such a point is simply not the maximum, not a numerical warning.
        with np.errstate(all="ignore"):
            value = negative_log_likelihood(log_params)
        return value if np.isfinite(value) else np.inf

    result = minimize(objective, start, method="L-BFGS-B", bounds=box)
    if not result.success:
        # Quasi-Newton stalled: the slower simplex search, then polish again.
        result = minimize(objective, result.x, method="Nelder-Mead", bounds=box,
                          options={"maxiter": 20000, "maxfev": 20000, "xatol": 1e-8, "fatol": 1e-8})
        result = minimize(objective, result.x, method="L-BFGS-B", bounds=box)
    if not np.isfinite(result.fun) or not np.all(np.isfinite(result.x)):
        raise FitError(str(result.message))
    params = np.exp(result.x)
    # Relative margin: an optimum that stops a rounding error inside the box is on its edge.
    at_edge = (params <= PARAMETER_BOUNDS[0] * 1.001) | (params >= PARAMETER_BOUNDS[1] / 1.001)
    at_edge[list(unbounded_above)] &= params[list(unbounded_above)] <= PARAMETER_BOUNDS[0] * 1.001
    # Parameters running off to 0 or infinity mean the data do not identify
    # the model (too few or too uniform customers): no usable estimate.
    if np.any(at_edge):
        raise FitError(f"the estimates diverged ({', '.join(f'{value:.3g}' for value in params)})")
    return params, -result.fun


def _require_repeat_customers(summary):
    repeaters = int(((summary.x > 0) & (summary.zbar > 0)).sum())
    if repeaters < MIN_REPEAT_CUSTOMERS:
        raise FitError(f"only {repeaters} customers bought more than once; at least {MIN_REPEAT_CUSTOMERS} needed")


def fitting_sample(summary, size, seed):
    """At most ``size`` customers drawn without replacement, the same ones for
    the same seed: the maximum-likelihood estimates of a few hundred thousand
    customers are as precise as the whole base's, at a fraction of the cost."""
    count = len(summary.x)
    if count <= size:
        return summary
    chosen = np.sort(np.random.default_rng(seed).choice(count, size=size, replace=False))
    return CustomerSummary(summary.x[chosen], summary.t_x[chosen], summary.T[chosen], summary.zbar[chosen])


def fit_bgnbd(summary, start=None):
    """Maximum-likelihood (r, alpha, a, b) and the total log-likelihood."""
    _require_repeat_customers(summary)
    x, t_x, T = summary.x, summary.t_x, summary.T

    def negative(log_params):
        return -bgnbd_log_likelihood(np.exp(log_params), x, t_x, T).sum()

    # a and b may grow without bound together: the dropout probability after
    # each purchase, Beta(a, b), then narrows to the same a / (a + b) for
    # everyone. That is what a customer base with few and uniform dropouts
    # looks like (the likelihood keeps rising towards that limit); at the
    # box's edge the Beta is that point mass in all but rounding, and its
    # predictions are those of the limit.
    return _fit(negative, 4, start, unbounded_above=(2, 3))


def repeat_purchase_probability(params, x, t):
    """P(X(t) = x): the probability of ``x`` repeat purchases in ``t`` time
    units since the first purchase (eq. 8), for each ``t`` of an array."""
    r, alpha, a, b = params
    t = np.asarray(t, dtype=float)
    log_share = np.log(alpha / (alpha + t))

    # Gamma(r + j) / (Gamma(r) j!) (alpha / (alpha + t))^r (t / (alpha + t))^j, in logs
    # (xlogy is 0 for j = 0, also at t = 0).
    def nbd_term(j):
        return np.exp(gammaln(r + j) - gammaln(r) - gammaln(j + 1) + xlogy(j, t / (alpha + t)) + r * log_share)

    probability = np.exp(betaln(a, b + x) - betaln(a, b)) * nbd_term(x)
    if x > 0:
        below = sum(nbd_term(j) for j in range(x))
        probability = probability + np.exp(betaln(a + 1, b + x - 1) - betaln(a, b)) * (1 - below)
    return probability


def expected_repeat_purchases(params, t):
    """E[X(t)]: the mean number of repeat purchases in ``t`` time units since the first purchase (eq. 9)."""
    r, alpha, a, b = params
    t = np.asarray(t, dtype=float)
    share = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, share))


def fit_table(params, summary, last=7):
    """How well the model fits the history it was fitted on: for 0, 1, ...
    ``last - 1`` repeat purchases and then ``last`` or more, the customers
    who made that many and the number the model expects, each customer
    observed over its own age ``T``. Rows (repeat purchases, actual, expected)."""
    rows = []
    expected_below = np.zeros_like(summary.T)
    for x in range(last):
        expected = repeat_purchase_probability(params, x, summary.T)
        expected_below += expected
        rows.append((x, int((summary.x == x).sum()), float(expected.sum())))
    rows.append((last, int((summary.x >= last).sum()), float((1 - expected_below).sum())))
    return rows


def probability_alive(params, x, t_x, T):
    r, alpha, a, b = params
    odds = np.zeros_like(x)
    has_repeat = x > 0
    odds[has_repeat] = (a / (b + x[has_repeat] - 1)) * (
        (alpha + T[has_repeat]) / (alpha + t_x[has_repeat])
    ) ** (r + x[has_repeat])
    return 1.0 / (1.0 + odds)


def expected_purchases(params, t, x, t_x, T):
    """Expected purchases in the next ``t`` time units (Fader et al. 2005, eq. 10)."""
    r, alpha, a, b = params
    ratio = (alpha + T) / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ratio ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    return head * tail * probability_alive(params, x, t_x, T)


# --- Gamma-Gamma ------------------------------------------------------------

def gamma_gamma_log_likelihood(params, x, zbar):
    """Per-customer log-likelihood of the mean spend ``zbar`` over ``x`` purchases."""
    p, q, gamma = params
    return (
        gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(gamma)
        + (p * x - 1) * np.log(zbar) + p * x * np.log(x) - (p * x + q) * np.log(gamma + x * zbar)
    )


def fit_gamma_gamma(summary, start=None):
    """Maximum-likelihood (p, q, gamma) over the customers with repeat purchases."""
    _require_repeat_customers(summary)
    repeaters = (summary.x > 0) & (summary.zbar > 0)
    x, zbar = summary.x[repeaters], summary.zbar[repeaters]

    def negative(log_params):
        return -gamma_gamma_log_likelihood(np.exp(log_params), x, zbar).sum()

    return _fit(negative, 3, start)


def expected_average_value(params, x, zbar, population_mean=None):
    """Expected value of a future purchase; the population mean without history."""
    p, q, gamma = params
    population = p * gamma / (q - 1) if population_mean is None else population_mean
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = p * (gamma + x * zbar) / (p * x + q - 1)
    return np.where(x > 0, conditional, population)


# --- Value ------------------------------------------------------------------

def customer_lifetime_value(bgnbd_params, gg_params, summary, horizon_months, annual_discount_rate,
                            margin=1.0, units_per_month=52.0 / 12.0):
    """Discounted expected margin over the horizon, month by month."""
    monthly_discount = (1.0 + annual_discount_rate) ** (1.0 / 12.0) - 1.0
    value = expected_average_value(gg_params, summary.x, summary.zbar)
    total = np.zeros_like(summary.x)
    previous = np.zeros_like(summary.x)
    for month in range(1, horizon_months + 1):
        cumulative = expected_purchases(bgnbd_params, month * units_per_month, summary.x, summary.t_x, summary.T)
        total += (cumulative - previous) * value * margin / (1.0 + monthly_discount) ** month
        previous = cumulative
    return total
