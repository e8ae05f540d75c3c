"""Benchmarks: generate N customers, then time every recompute step.

Each addon registers its steps in :mod:`bench.steps`. For every step the
benchmark prints the wall time and peak memory of the Odoo process that ran
it, and the ratio to a bare-SQL lower bound measured in the same run.
"""
