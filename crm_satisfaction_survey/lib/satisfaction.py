"""The satisfaction rules: NPS, CSAT and CES cut-offs, what counts as a
scored answer, and which company an answer belongs to.

This module is their one owner. Each rule is written here in Python (the
survey form, the campaigns, the follow-up of each answer) and, right beside
it, as an SQL fragment (the satisfaction analysis, the scorecard); no other
file spells a cut-off or the scored-answer filter again.

Each figure is ``None`` when there is no answer: an empty set has no score
(shown as empty), which is not the same as a score of 0.
"""

from odoo.tools import SQL

NPS_RANGE = (0, 10)
CSAT_RANGE = (1, 5)
CES_RANGE = (1, 7)
METRIC_RANGES = {"nps": NPS_RANGE, "csat": CSAT_RANGE, "ces": CES_RANGE}

# metric: (unhappy up to this score, happy from this score). NPS detractors
# 0-6 and promoters 9-10; CSAT 1-2 and 4-5 ("satisfied"); CES 1-3 and 5-7
# ("easy").
CUTOFFS = {"nps": (6, 9), "csat": (2, 4), "ces": (3, 5)}


def _checked(scores, bounds):
    low, high = bounds
    scores = list(scores)
    for score in scores:
        if not low <= score <= high:
            raise ValueError(f"score {score} outside {low}..{high}")
    return scores


# ---------------------------------------------------------------------------
# Cut-offs
# ---------------------------------------------------------------------------

def is_unhappy(metric, score):
    """Scores that call for a follow-up: NPS detractor, CSAT 1-2, CES 1-3."""
    return score <= CUTOFFS[metric][0]


def is_happy(metric, score):
    """Scores of a customer worth calling back when asked: NPS promoter, CSAT 4-5, CES 5-7."""
    return score >= CUTOFFS[metric][1]


def sentiment(metric, score):
    """positive, neutral or negative, by the cut-offs of ``metric``."""
    if is_happy(metric, score):
        return "positive"
    if is_unhappy(metric, score):
        return "negative"
    return "neutral"


def _cutoff_sql(metric, score, side):
    """``score`` is on the happy (side 1) or unhappy (side 0) side of the
    cut-off of the metric named by the SQL expression ``metric``."""
    compare = "%s >= %s" if side else "%s <= %s"
    return SQL("(%s)", SQL(" OR ").join(
        SQL("(%s = %s AND %s)", metric, name, SQL(compare, score, cutoffs[side]))
        for name, cutoffs in CUTOFFS.items()
    ))


def is_happy_sql(metric, score):
    """SQL of :func:`is_happy`; ``metric`` and ``score`` are SQL expressions."""
    return _cutoff_sql(metric, score, 1)


def is_unhappy_sql(metric, score):
    """SQL of :func:`is_unhappy`."""
    return _cutoff_sql(metric, score, 0)


def sentiment_sql(metric, score):
    """SQL of :func:`sentiment`."""
    return SQL(
        "CASE WHEN %s THEN 'positive' WHEN %s THEN 'negative' ELSE 'neutral' END",
        is_happy_sql(metric, score), is_unhappy_sql(metric, score),
    )


# ---------------------------------------------------------------------------
# Figures. Each has a per-answer SQL value whose average over the answers is
# the figure, so that a pivot of the analysis gives it for any grouping.
# ---------------------------------------------------------------------------

def nps_category(score):
    """promoter (9-10), passive (7-8) or detractor (0-6)."""
    _checked([score], NPS_RANGE)
    return {"positive": "promoter", "neutral": "passive", "negative": "detractor"}[sentiment("nps", score)]


def nps(scores):
    """% promoters - % detractors, passives in the denominator, -100..100."""
    scores = _checked(scores, NPS_RANGE)
    if not scores:
        return None
    promoters = sum(1 for score in scores if is_happy("nps", score))
    detractors = sum(1 for score in scores if is_unhappy("nps", score))
    return 100.0 * (promoters - detractors) / len(scores)


def nps_points_sql(metric, score):
    """+100 a promoter, 0 a passive, -100 a detractor, NULL another metric: avg() is the NPS."""
    return SQL(
        "CASE WHEN %(metric)s = 'nps' THEN CASE WHEN %(happy)s THEN 100 WHEN %(unhappy)s THEN -100 ELSE 0 END END",
        metric=metric, happy=is_happy_sql(metric, score), unhappy=is_unhappy_sql(metric, score),
    )


def csat(scores):
    """% of answers 4-5 on a 1-5 scale."""
    scores = _checked(scores, CSAT_RANGE)
    if not scores:
        return None
    return 100.0 * sum(1 for score in scores if is_happy("csat", score)) / len(scores)


def csat_points_sql(metric, score):
    """100 a satisfied answer, 0 another CSAT answer, NULL another metric: avg() is the CSAT."""
    return SQL(
        "CASE WHEN %(metric)s = 'csat' THEN CASE WHEN %(happy)s THEN 100 ELSE 0 END END",
        metric=metric, happy=is_happy_sql(metric, score),
    )


def ces(scores):
    """(mean on 1-7, % of answers 5-7)."""
    scores = _checked(scores, CES_RANGE)
    if not scores:
        return None, None
    easy = sum(1 for score in scores if is_happy("ces", score))
    return sum(scores) / len(scores), 100.0 * easy / len(scores)


def ces_sql(metric, score):
    """(score of a CES answer, 100 an easy one else 0); NULL for another metric: avg() gives :func:`ces`."""
    return (
        SQL("CASE WHEN %s = 'ces' THEN %s END", metric, score),
        SQL("CASE WHEN %(metric)s = 'ces' THEN CASE WHEN %(happy)s THEN 100 ELSE 0 END END",
            metric=metric, happy=is_happy_sql(metric, score)),
    )


def response_rate(invited, completed):
    """% of invitations completed; None when nobody was invited."""
    if not invited:
        return None
    return 100.0 * completed / invited


# ---------------------------------------------------------------------------
# What counts: a scored answer is a scale line of a satisfaction question,
# not skipped, of a completed answer that is not a test entry (the survey's
# "Test" button). Invitations (the response rate's denominator) are every
# answer that is not a test entry.
# ---------------------------------------------------------------------------

def is_counted_answer(state, test_entry):
    """A survey.user_input whose scores count: completed, not a test entry."""
    return state == "done" and not test_entry


def is_scored_line(metric, answer_type, skipped):
    """A survey.user_input.line that is a score: a satisfaction question's scale, not skipped."""
    return bool(metric) and answer_type == "scale" and not skipped


INVITATION_DOMAIN = [("test_entry", "=", False)]
COUNTED_ANSWER_DOMAIN = [("state", "=", "done"), *INVITATION_DOMAIN]


def scored_line_domain(metric=None):
    """Domain on survey.user_input.line of the scored answers (of ``metric`` if given)."""
    return [
        *((f"user_input_id.{field}", operator, value) for field, operator, value in COUNTED_ANSWER_DOMAIN),
        ("question_id.satisfaction_metric", "=", metric) if metric
        else ("question_id.satisfaction_metric", "!=", False),
        ("answer_type", "=", "scale"),
        ("skipped", "=", False),
    ]


def unhappy_line_domain(metric):
    """Domain on survey.user_input.line of the scored answers of ``metric`` that are :func:`is_unhappy`."""
    return [*scored_line_domain(metric), ("value_scale", "<=", CUTOFFS[metric][0])]


def invitation_sql(user_input):
    """SQL of :data:`INVITATION_DOMAIN` on the survey_user_input alias ``user_input``."""
    return SQL("NOT COALESCE(%s, FALSE)", SQL.identifier(user_input, "test_entry"))


def counted_answer_sql(user_input):
    """SQL of :func:`is_counted_answer` on the survey_user_input alias ``user_input``."""
    return SQL("(%s = 'done' AND %s)", SQL.identifier(user_input, "state"), invitation_sql(user_input))


def scored_line_sql(user_input, line, question):
    """SQL of a scored answer: :func:`is_counted_answer` and :func:`is_scored_line` on the aliases of
    survey_user_input, survey_user_input_line and survey_question."""
    return SQL(
        "(%(counted)s AND %(metric)s IS NOT NULL AND %(answer_type)s = 'scale' AND NOT COALESCE(%(skipped)s, FALSE))",
        counted=counted_answer_sql(user_input),
        metric=SQL.identifier(question, "satisfaction_metric"),
        answer_type=SQL.identifier(line, "answer_type"),
        skipped=SQL.identifier(line, "skipped"),
    )


# ---------------------------------------------------------------------------
# Company: an answer belongs to the company of its campaign; without a
# campaign, to the company of the customer (the commercial partner). A shared
# customer's answer outside any campaign has no company: each company that
# counts the customer among its own counts it.
# ---------------------------------------------------------------------------

def answer_company_sql(user_input, customer):
    """The company id of an answer (NULL: none), on the aliases of survey_user_input and of the
    customer's res_partner row."""
    return SQL(
        "COALESCE((SELECT campaign.company_id FROM crm_satisfaction_campaign campaign"
        " WHERE campaign.id = %s), %s)",
        SQL.identifier(user_input, "satisfaction_campaign_id"), SQL.identifier(customer, "company_id"),
    )


def answer_in_company_sql(user_input, customer, company_id):
    """The answer counts for ``company_id``: its company, or no company at all."""
    return SQL("COALESCE(%s, %s) = %s", answer_company_sql(user_input, customer), company_id, company_id)


def answer_in_company_domain(company_id, customer_path="partner_id.commercial_partner_id"):
    """Domain on survey.user_input of :func:`answer_in_company_sql`."""
    return [
        "|", ("satisfaction_campaign_id.company_id", "=", company_id),
        "&", "|", ("satisfaction_campaign_id", "=", False), ("satisfaction_campaign_id.company_id", "=", False),
        (f"{customer_path}.company_id", "in", [company_id, False]),
    ]
