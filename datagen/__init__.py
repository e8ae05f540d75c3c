"""Deterministic generator of realistic customer-value data for Odoo 18.

Used by the demo database, by tests that need volume and by the benchmarks::

    from datagen import generate
    stats = generate(env, customers=10_000, seed=42, date_to=date(2026, 6, 30))

or from the shell: ``python3 -m datagen -d DATABASE --customers 10000``.
"""

from .generator import generate

__all__ = ["generate"]
