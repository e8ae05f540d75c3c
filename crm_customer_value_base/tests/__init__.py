"""Test helpers shared by the customer-value addons (no tests of their own here)."""
