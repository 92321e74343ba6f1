"""Schemes: the measures ipcomp implements, as data (one package per scheme)."""
