"""The eligibility rules, one module per subject, each citing its articles.

* :mod:`ipcomp.rules.enterprise` — Art. 3 (D1–D4)
* :mod:`ipcomp.rules.bank` — Art. 6, 8(2) (D8)
* :mod:`ipcomp.rules.loan` — Art. 4, 7(2), 7(3), 14 (D13)
* :mod:`ipcomp.rules.claim` — Art. 6(3), 8, 9, 10, 14 (D10, D11, D13, D15, D16)
"""
