"""Pure math of the value pyramid: no ORM, no database.

- ``check_level_shares``: the configured shares of the pyramid levels must be
  non-negative and add up to 100 %.
- ``level_boundaries``: cut N ranked customers into the levels by cumulative
  share of customers.
- ``largest_remainder``: split an amount in cents over weights so that the
  parts add up exactly to the amount (the SQL allocation does the same at
  scale; this is its reference and what small Python callers use).
- ``period_months``: how many months a period counts for, to turn monthly
  cost pools into the pool of the period.
"""

import calendar
import math
from datetime import timedelta
from fractions import Fraction

LEVELS = ("top", "big", "medium", "small")


class LevelShareError(ValueError):
    """Shares that cannot cut a pyramid; ``args[0]`` says why, for a person."""


def _fraction(value):
    # Through str() so that 0.1 is one tenth, not the nearest binary float.
    return Fraction(str(value))


def check_level_shares(shares):
    """``shares``: mapping level -> percentage of the active customers.

    Raises LevelShareError unless every level of LEVELS has a share, none is
    negative and they add up to exactly 100.
    """
    missing = [level for level in LEVELS if level not in shares]
    if missing:
        raise LevelShareError(f"missing share for {', '.join(missing)}")
    negative = [level for level in LEVELS if _fraction(shares[level]) < 0]
    if negative:
        raise LevelShareError(f"negative share for {', '.join(negative)}")
    total = sum(_fraction(shares[level]) for level in LEVELS)
    if total != 100:
        raise LevelShareError(f"shares add up to {float(total):g}, not 100")
    return True


def level_boundaries(customer_count, shares):
    """Last rank (1-based, inclusive) of each level among ``customer_count``
    customers ranked best first.

    Customer i belongs to the first level whose cumulative share covers where
    it starts: (i - 1) / N < cumulative share, i.e. i <= ceil(N * cumulative).
    A level with a positive share therefore gets its first customer as soon as
    there is one to give (the single best customer is Top), and the last
    boundary is always N.
    """
    check_level_shares(shares)
    boundaries = {}
    cumulative = Fraction(0)
    for level in LEVELS:
        cumulative += _fraction(shares[level])
        boundaries[level] = math.ceil(customer_count * cumulative / 100)
    return boundaries


def level_of_rank(rank, boundaries):
    for level in LEVELS:
        if rank <= boundaries[level]:
            return level
    raise ValueError(f"rank {rank} is beyond the last boundary {boundaries}")


def largest_remainder(amount_cents, weights):
    """Split ``amount_cents`` (int) in proportion to ``weights`` (>= 0).

    Each part is the floor of its exact share; the cents left over go one by
    one to the largest fractional remainders (ties: the earlier weight). The
    parts add up to ``amount_cents`` exactly; all zero weights get nothing
    and the whole amount stays unallocated (returned parts add up to 0).
    """
    weights = [_fraction(weight) for weight in weights]
    if any(weight < 0 for weight in weights):
        raise ValueError("weights cannot be negative")
    total = sum(weights)
    if not total:
        return [0] * len(weights)
    exact = [amount_cents * weight / total for weight in weights]
    parts = [math.floor(share) for share in exact]
    left = amount_cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return parts


def period_months(date_from, date_to):
    """Months a period counts for: whole calendar months count exactly (the
    first of a month to the last day of a month), any other period counts
    its days at 12/365 of a month each."""
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    last_day = calendar.monthrange(date_to.year, date_to.month)[1]
    if date_from.day == 1 and date_to.day == last_day:
        return Fraction((date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1)
    days = (date_to - date_from + timedelta(days=1)).days
    return Fraction(days * 12, 365)


def period_pool_cents(monthly_amount, date_from, date_to):
    """A monthly cost, in cents, over the period (half-up to the cent)."""
    exact = _fraction(monthly_amount) * 100 * period_months(date_from, date_to)
    return math.floor(exact + Fraction(1, 2))

