"""The assessment scorecard (issue 19): what 第三方评估 and city 考核 schemes score, computed
from the catalogues: per issuer, and for a whole county folder (one row per township).

Modules: :mod:`~catalog.scorecard.config` (the scheme: weights, thresholds, 每例扣 N 分),
:mod:`~catalog.scorecard.indicators` (what is measured), :mod:`~catalog.scorecard.build`
(reading, grouping, rating, scoring), :mod:`~catalog.scorecard.render` (text, JSON, HTML,
xlsx) and :mod:`~catalog.cli.scorecard` (the command). The package itself imports nothing, so
the command line can register the sub-command cheaply.

Internal: no stability promise; the interface is ``catalog scorecard``.
"""
