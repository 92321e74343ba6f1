"""The core: values that know nothing of any scheme — exact money, credit codes, dates,
the official working-day calendar, the SME size standard, enumerations and errors.

Everything under :mod:`ipcomp.core` can be read without knowing the Weihai measures;
the facts, the engine and the schemes build on it, never the other way round.
"""
