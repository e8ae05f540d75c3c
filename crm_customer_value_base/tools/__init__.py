"""Building blocks of the runs shared by the customer-value addons: the
partner fields read from a company's current run, the retry of a run that
met a user's concurrent save, periods as an SQL table, the comparison with a
baseline, and schema helpers for upgrade scripts."""
