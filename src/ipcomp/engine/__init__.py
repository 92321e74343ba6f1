"""The engine: the rules that judge a claim under a scheme's parameters.

* :mod:`~ipcomp.engine.requirements` — the yes/no requirements (D4: unknown fails);
* :mod:`~ipcomp.engine.enterprise` — Art. 3 (D1–D4);
* :mod:`~ipcomp.engine.bank` — Art. 6, 8(2) (D8);
* :mod:`~ipcomp.engine.loan` — Art. 4, 7(2), 7(3), 14 (D13);
* :mod:`~ipcomp.engine.claim` — Art. 6(3), 8, 9, 10, 14 (D10, D11, D13, D15, D16);
* :mod:`~ipcomp.engine.deadlines` — Art. 8(3), 11, 14 (D7, D10, D12, D13);
* :mod:`~ipcomp.engine.compensation` — Art. 8(2) (D5–D9, D14);
* :mod:`~ipcomp.engine.recovery` — Art. 7(4), 9, 10 (D14, D15);
* :mod:`~ipcomp.engine.assess` — all of them on one claim.
"""
