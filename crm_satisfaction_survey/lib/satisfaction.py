"""NPS, CSAT and CES from lists of scores.

Each function returns ``None`` when there is no answer: an empty set has no
score (shown as empty), which is not the same as a score of 0.
"""

NPS_RANGE = (0, 10)
CSAT_RANGE = (1, 5)
CES_RANGE = (1, 7)
METRIC_RANGES = {"nps": NPS_RANGE, "csat": CSAT_RANGE, "ces": CES_RANGE}


def _checked(scores, bounds):
    low, high = bounds
    scores = list(scores)
    for score in scores:
        if not low <= score <= high:
            raise ValueError(f"score {score} outside {low}..{high}")
    return scores


def nps_category(score):
    """promoter (9-10), passive (7-8) or detractor (0-6)."""
    _checked([score], NPS_RANGE)
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def nps(scores):
    """% promoters - % detractors, passives in the denominator, -100..100."""
    scores = _checked(scores, NPS_RANGE)
    if not scores:
        return None
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def csat(scores):
    """% of answers 4-5 on a 1-5 scale."""
    scores = _checked(scores, CSAT_RANGE)
    if not scores:
        return None
    return 100.0 * sum(1 for score in scores if score >= 4) / len(scores)


def ces(scores):
    """(mean on 1-7, % of answers 5-7)."""
    scores = _checked(scores, CES_RANGE)
    if not scores:
        return None, None
    return sum(scores) / len(scores), 100.0 * sum(1 for score in scores if score >= 5) / len(scores)


def is_unhappy(metric, score):
    """Scores that call for a follow-up: NPS detractor, CSAT 1-2, CES 1-3."""
    return {"nps": score <= 6, "csat": score <= 2, "ces": score <= 3}[metric]


def is_happy(metric, score):
    """Scores of a customer worth calling back when asked: NPS promoter, CSAT 4-5, CES 5-7."""
    return {"nps": score >= 9, "csat": score >= 4, "ces": score >= 5}[metric]


def response_rate(invited, completed):
    """% of invitations completed; None when nobody was invited."""
    if not invited:
        return None
    return 100.0 * completed / invited
