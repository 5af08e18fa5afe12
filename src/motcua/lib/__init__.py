"""Framework-free helpers (no Django imports): env parsing, the time seam, text folding.

Like healthchecks' ``hc/lib``: small modules with their own fast tests, usable from settings and
from plain scripts alike.
"""
