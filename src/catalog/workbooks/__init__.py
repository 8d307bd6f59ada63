"""Workbooks people get back: a copy of theirs with the problems marked (``annotate``), a copy
with the safe fixes applied (``fix``), and the fill-in template with dropdowns (``template``).

Internal: the command line and the web page call these; other systems use :mod:`catalog`.
"""
