"""The demo's story on top of the generated history: what a consultant would
have configured and what months of use would have left behind.

- cost drivers and fixed costs sized on each company's own revenue, so the
  pyramid shows profit after a plausible cost to serve;
- satisfaction campaigns (two NPS waves, a CSAT and a CES survey) answered
  across the whole score range, with comments, and most unhappy answers
  followed up within two days;
- the month-end RFM and value runs of the past (Backfill history, the same
  requests a manager asks for), then today's runs and the CLV model;
- the scorecard over the same months, with targets set at last year's
  median of each KPI, so that the lights are mixed.

Everything is drawn from ``random.Random(seed)`` over records read in id
order: the same database and seed give the same story. Called by
``python3 -m datagen --demo`` after :func:`datagen.generate`, and by the test
that checks the story.
"""

import logging
import random
import statistics
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

_logger = logging.getLogger(__name__)

HISTORY_MONTHS = 24
BASELINE_NAME = "Start of the project"
# Targets of the KPIs whose history starts with the demo's campaigns: what a
# manager would aim for, not a median of months without surveys.
SATISFACTION_TARGETS = {
    "nps": 30.0, "csat": 75.0, "ces": 5.0, "survey_response_rate": 35.0,
    "detractors_followed_up": 90.0, "salespeople_with_campaign": 50.0,
}

# (name, source, entered rate per unit) in the company currency; the rates
# of a small distributor's order desk, accounting and sales force.
# Small orders barely pay for their handling: the whale curve rises above
# 100% of the profit and falls back with the customers who cost more than
# they bring.
COST_DRIVERS = [
    ("Order handling", "sale_order", 45.0),
    ("Picking per order line", "order_line", 12.0),
    ("Invoicing", "invoice", 8.0),
    ("Credit note handling", "credit_note", 80.0),
    ("Sales call or meeting", "activity_done", 90.0),
    ("Payment chasing per day late", "late_payment_days", 2.0),
]
# About one company customer in seven is a demanding account: on-site
# support and volume rebates cost it, every month, this share of its average
# monthly revenue (direct costs): the customers who cost more than they bring.
DEMANDING_SHARE = 0.15
DEMANDING_COST_SHARE = 1.0
# The pre-sales desk is a cost pool shared by the leads of the month, and
# the fixed costs are a share of the company's monthly revenue.
LEAD_POOL_SHARE = 0.005
FIXED_COST_SHARE = 0.06

# The buyers surveyed: customers with an invoice (a company's are made out
# to the contact who ordered).
PERSONS = [("is_company", "=", False), ("parent_id", "=", False), ("invoice_ids", "!=", False)]
COMPANIES = [("is_company", "=", True), ("child_ids.invoice_ids", "!=", False)]
# (campaign name, survey xml id, score question, comment question, months before date_to,
# partner domain, score weights from the lowest score up).
CAMPAIGNS = [
    ("Relationship NPS, spring wave", "survey_relationship_nps", "survey_relationship_nps_q_score",
     "survey_relationship_nps_q_reason", 7, COMPANIES,
     [3, 2, 3, 3, 4, 7, 8, 14, 18, 18, 20]),
    ("Relationship NPS, autumn wave", "survey_relationship_nps", "survey_relationship_nps_q_score",
     "survey_relationship_nps_q_reason", 1, COMPANIES,
     [2, 2, 2, 2, 3, 5, 6, 12, 17, 22, 27]),
    ("After-purchase CSAT", "survey_purchase_csat", "survey_purchase_csat_q_score",
     "survey_purchase_csat_q_comment", 1, [*PERSONS, ("user_id.sale_team_id.name", "=", "Direct Sales")],
     [6, 8, 16, 38, 32]),
    ("Service effort (CES)", "survey_service_ces", "survey_service_ces_q_score",
     None, 1, [*PERSONS, ("user_id.sale_team_id.name", "=", "Key Accounts")],
     [3, 4, 6, 12, 20, 30, 25]),
]
RESPONSE_RATE = 0.4
FOLLOW_UP_SHARE = 0.75
COMMENTS = {
    "negative": [
        "The last delivery arrived a week late.",
        "Nobody called back about my complaint.",
        "Prices went up without notice.",
        "The invoice was wrong twice.",
    ],
    "neutral": [
        "Fine, nothing special.",
        "Good products, slow answers by e-mail.",
    ],
    "positive": [
        "Always quick and friendly.",
        "Our account manager knows what we need.",
        "Great service, we recommend you to our partners.",
    ],
}


def configure_demo(env, date_to, seed=42, months=HISTORY_MONTHS):
    """Write the story for every company that has generated customers.

    ``date_to`` is the last day of the generated history (today for the
    demo). Returns {company name: {step: count}}.
    """
    rng = random.Random(seed)
    admin_env = env(user=env.ref("base.user_admin"))
    summary = {}
    companies = env["res.company"].search([], order="id")
    for company in companies:
        revenue = _monthly_revenue(env, company, date_to)
        if not revenue:
            continue
        counts = summary.setdefault(company.name, {})
        counts["cost drivers"] = _cost_setup(env, company, revenue)
        counts["direct costs"] = _demanding_accounts(env, company, date_to, months, rng)
        counts["month-end runs"] = _history(admin_env, company, date_to, months)
        counts["baselines"] = _baseline(admin_env, company, date_to)
        counts["answers"] = _satisfaction(env, company, date_to, rng)
        counts["scorecard values"] = _scorecard(env, company, date_to, months)
        counts["targets"] = _targets(env, company, date_to)
    return summary


def _monthly_revenue(env, company, date_to):
    """Average monthly invoiced revenue of the last 12 months, in the company currency."""
    env.cr.execute(
        """
        SELECT COALESCE(sum(-l.balance), 0) / 12
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         WHERE m.company_id = %s AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
           AND l.display_type = 'product' AND m.invoice_date > %s AND m.invoice_date <= %s
        """,
        [company.id, date_to - relativedelta(months=12), date_to],
    )
    return float(env.cr.fetchone()[0])


def _round_amount(amount):
    """Two significant figures: what a person types in a setting."""
    if amount <= 0:
        return 0.0
    return float(f"{amount:.2g}")


def _cost_setup(env, company, revenue):
    drivers = env["crm.cost.driver"].sudo().with_company(company)
    if drivers.search_count([("company_id", "=", company.id)]):
        return 0
    drivers.create([
        {"name": name, "source": source, "rate_method": "entered", "rate": rate, "company_id": company.id}
        for name, source, rate in COST_DRIVERS
    ] + [{
        "name": "Pre-sales desk (leads)", "source": "lead", "rate_method": "pool",
        "pool_amount": _round_amount(revenue * LEAD_POOL_SHARE), "company_id": company.id,
    }, {
        "name": "Satisfaction follow-up", "source": "activity_type", "rate_method": "entered", "rate": 45.0,
        "activity_type_id": env.ref("crm_satisfaction_survey.mail_activity_type_satisfaction_follow_up").id,
        "company_id": company.id,
    }])
    company.sudo().write({
        "value_fixed_cost_monthly": _round_amount(revenue * FIXED_COST_SHARE),
        # The CLV is a margin: the company's gross margin, not its default 100 %.
        "clv_margin": round(_gross_margin_pct(env, company)),
    })
    return len(COST_DRIVERS) + 2


def _gross_margin_pct(env, company):
    """Invoiced revenue less the products' cost in this company, in % of the revenue."""
    env.cr.execute(
        """
        SELECT l.product_id, sum(-l.balance), sum(CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * l.quantity)
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         WHERE m.company_id = %s AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
           AND l.display_type = 'product' AND l.product_id IS NOT NULL
         GROUP BY l.product_id
        """,
        [company.id],
    )
    rows = env.cr.fetchall()
    products = env["product.product"].with_company(company).browse([row[0] for row in rows])
    cost = {product.id: product.standard_price for product in products}
    revenue = sum(float(amount) for _product, amount, _quantity in rows)
    margin = revenue - sum(cost[product_id] * float(quantity) for product_id, _amount, quantity in rows)
    return 100.0 * margin / revenue if revenue > 0 else 100.0


def _demanding_accounts(env, company, date_to, months, rng):
    costs = env["crm.customer.cost"].sudo()
    if costs.search_count([("company_id", "=", company.id)]):
        return 0
    start = date_to.replace(day=1) - relativedelta(months=months)
    env.cr.execute(
        """
        SELECT m.commercial_partner_id, sum(m.amount_untaxed_signed) / %s
          FROM account_move m
          JOIN res_partner p ON p.id = m.commercial_partner_id
         WHERE m.company_id = %s AND m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
           AND p.is_company AND m.invoice_date >= %s AND m.invoice_date <= %s
         GROUP BY m.commercial_partner_id
        HAVING sum(m.amount_untaxed_signed) > 0
         ORDER BY m.commercial_partner_id
        """,
        [months, company.id, start, date_to],
    )
    demanding = [(partner_id, monthly) for partner_id, monthly in env.cr.fetchall() if rng.random() < DEMANDING_SHARE]
    vals_list = [
        {
            "partner_id": partner_id, "company_id": company.id, "category": "service",
            "amount": round(float(monthly) * DEMANDING_COST_SHARE, 2),
            "date": start + relativedelta(months=month, day=31),
            "note": "On-site support and volume rebate",
        }
        for partner_id, monthly in demanding for month in range(months)
    ]
    costs.create(vals_list)
    return len(vals_list)


def _history(admin_env, company, date_to, months):
    """The month-end runs of the past through Backfill history, then today's runs."""
    backfill = admin_env["crm.run.backfill"]
    wizard = admin_env["crm.run.backfill.wizard"].new({"company_id": company.id, "months": months})
    days = wizard._month_ends(date_to + timedelta(days=1))
    for model in backfill._backfill_models():
        backfill._request(model._name, company, days)
    requests = backfill.sudo().search([("company_id", "=", company.id), ("state", "=", "pending")])
    for request in requests:
        request._process()
        if request.state != "done":
            raise RuntimeError(f"{request.res_model} of {company.name} as of {request.as_of_date}: {request.error}")
    # Today's runs, as the nightly scheduler computes them (the CLV model included).
    for model in ("crm.rfm.run", "crm.value.run"):
        admin_env[model].sudo()._run_cron_company(company, date_to)
    return len(requests)


def _baseline(admin_env, company, date_to):
    """The month-end a year before the last one, kept as "Start of the project"
    (what Measure again compares with)."""
    day = date_to.replace(day=1) - relativedelta(months=12) - timedelta(days=1)
    kept = 0
    for model, date_field in (("crm.rfm.run", "as_of_date"), ("crm.value.run", "date_to")):
        run = admin_env[model].search([("company_id", "=", company.id), (date_field, "=", day)], limit=1)
        if run and not run.baseline_name:
            run._run_keep_as_baseline(BASELINE_NAME)
            kept += 1
    return kept


def _satisfaction(env, company, date_to, rng):
    """Send the campaigns, answer a share of the invitations, follow most unhappy answers up.

    The campaigns are sent now and then dated back to their month by SQL:
    the invitations, answers and follow-ups keep their order and spacing.
    """
    from odoo.addons.crm_satisfaction_survey.lib import satisfaction

    campaigns = env["crm.satisfaction.campaign"].sudo().with_company(company)
    answered = 0
    for name, survey, score_question, comment_question, months_back, domain, weights in CAMPAIGNS:
        if campaigns.search_count([("name", "=", name), ("company_id", "=", company.id)]):
            continue
        survey = env.ref(f"crm_satisfaction_survey.{survey}")
        question = env.ref(f"crm_satisfaction_survey.{score_question}")
        comment = comment_question and env.ref(f"crm_satisfaction_survey.{comment_question}")
        month = (date_to.replace(day=1) - relativedelta(months=months_back))
        sent = datetime.combine(month + timedelta(days=2), time(9))
        campaign = campaigns.create({
            "name": name, "survey_id": survey.id, "company_id": company.id, "audience": "domain",
            "partner_domain": repr(domain), "exclude_days": 0, "reminder_days": 0,
            "user_id": env.ref("base.user_admin").id,
        })
        campaign.action_send()
        env.flush_all()
        env.cr.execute("UPDATE survey_user_input SET create_date = %s WHERE satisfaction_campaign_id = %s",
                       [sent, campaign.id])
        env.invalidate_all()
        respondents = [invitation for invitation in campaign.user_input_ids.sorted("id")
                       if rng.random() < RESPONSE_RATE]
        scale = range(int(question.scale_min), int(question.scale_max) + 1)
        for invitation, score in zip(respondents, _spread_scores(scale, weights, len(respondents), rng)):
            invitation._save_lines(question, str(score))
            feeling = satisfaction.sentiment(question.satisfaction_metric, score)
            if comment and rng.random() < 0.6:
                invitation._save_lines(comment, rng.choice(COMMENTS[feeling]))
            env.cr.execute("SELECT COALESCE(max(id), 0) FROM mail_activity")
            last_activity_id = env.cr.fetchone()[0]
            invitation._mark_done()
            answered += 1
            ended = sent + timedelta(hours=rng.uniform(1, 24 * 20))
            follow_up = rng.random() < FOLLOW_UP_SHARE
            _date_answer(env, invitation, sent, ended, follow_up, last_activity_id)
        campaign.write({"state": "sent", "send_date": sent})
        if months_back == 1 and company == env.ref("base.main_company"):
            _invite_portal_user(env, campaign, sent)
    return answered


def _invite_portal_user(env, campaign, sent):
    """Odoo's demo portal user (when Odoo's demo data is there) has the
    latest surveys waiting on his portal, as a customer would."""
    portal_user = env.ref("base.demo_user0", raise_if_not_found=False)
    if not portal_user:
        return
    invitation = campaign.survey_id._create_answer(
        partner=portal_user.partner_id, check_attempts=False, satisfaction_campaign_id=campaign.id,
    )
    env.flush_all()
    env.cr.execute("UPDATE survey_user_input SET create_date = %s, deadline = %s WHERE id = %s",
                   [sent, sent + timedelta(days=60), invitation.id])


def _spread_scores(scale, weights, count, rng):
    """``count`` scores distributed as ``weights`` says, in random order.

    Drawn by quantiles rather than one by one: a score weighing 2% is
    given once in every 50 answers, not by luck, so a small campaign still
    has answers across the whole scale.
    """
    total, cumulative, bounds = sum(weights), 0, []
    for weight in weights:
        cumulative += weight
        bounds.append(cumulative / total)
    scores = [next(score for score, bound in zip(scale, bounds) if bound >= (i + 0.5) / count)
              for i in range(count)]
    rng.shuffle(scores)
    return scores


def _date_answer(env, invitation, sent, ended, follow_up, last_activity_id):
    """Move an answer (and the follow-up activity its _mark_done planned,
    after ``last_activity_id``) back to when it was given."""
    env.flush_all()
    env.cr.execute(
        "UPDATE survey_user_input SET create_date = %s, start_datetime = %s, end_datetime = %s WHERE id = %s",
        [sent, ended - timedelta(minutes=4), ended, invitation.id],
    )
    activity = env["mail.activity"].sudo().search([
        ("id", ">", last_activity_id),
        ("activity_type_id", "=", env.ref("crm_satisfaction_survey.mail_activity_type_satisfaction_follow_up").id),
    ], limit=1)
    if not activity:
        return
    env.cr.execute(
        "UPDATE mail_activity SET create_date = %s, date_deadline = %s WHERE id = %s",
        [ended, ended.date() + timedelta(days=2), activity.id],
    )
    env.invalidate_all()
    if follow_up:
        messages, _next = activity._action_done(feedback="Called the customer back.")
        env.flush_all()
        env.cr.execute(
            "UPDATE mail_message SET date = %s WHERE id = ANY(%s)",
            [ended + timedelta(hours=20), messages.ids],
        )
        env.cr.execute(
            "UPDATE mail_activity SET date_done = %s WHERE id = %s AND NOT active",
            [(ended + timedelta(hours=20)).date(), activity.id],
        )
    env.invalidate_all()


def _scorecard(env, company, date_to, months):
    first = (date_to.replace(day=1) - relativedelta(months=months - 1))
    for period in ("month", "quarter", "year"):
        company.sudo()._scorecard_compute(first, date_to, period)
    return env["crm.scorecard.value"].sudo().search_count([("company_id", "=", company.id)])


def _targets(env, company, date_to):
    """A company-wide target per KPI, a little better than a typical month
    of the year before the last closed month (its upper quartile when higher
    is better, its lower quartile else), two significant figures, from the
    history's start to the end of next year."""
    values = env["crm.scorecard.value"].sudo()
    last_closed = date_to.replace(day=1) - timedelta(days=1)
    start = last_closed.replace(day=1) - relativedelta(months=12)
    targets = env["crm.scorecard.target"].sudo()
    if targets.search_count([("company_id", "=", company.id)]):
        return 0
    vals_list = []
    for kpi in env["crm.scorecard.kpi"].sudo().search([], order="id"):
        actuals = values.search([
            ("company_id", "=", company.id), ("kpi_id", "=", kpi.id), ("team_id", "=", False),
            ("period_type", "=", "month"), ("has_actual", "=", True),
            ("period_start", ">=", start), ("period_end", "<", last_closed.replace(day=1)),
        ]).mapped("actual")
        if kpi.code in SATISFACTION_TARGETS:
            target = SATISFACTION_TARGETS[kpi.code]
        elif actuals:
            quartiles = statistics.quantiles(actuals, n=4) if len(actuals) > 1 else actuals * 3
            target = float(f"{quartiles[2] if kpi.direction == 'higher' else quartiles[0]:.2g}")
        else:
            continue
        vals_list.append({
            "kpi_id": kpi.id, "company_id": company.id, "target": target,
            "date_from": start - relativedelta(years=2), "date_to": date_to + relativedelta(years=1),
        })
    targets.create(vals_list)
    return len(vals_list)
