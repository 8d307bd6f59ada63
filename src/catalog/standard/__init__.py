"""What the standard says, without any file format or I/O policy: the pydantic model of a
catalogue (:mod:`~catalog.standard.model`), the item fields, the controlled vocabulary, the
parsers of 公开时限 and 公开依据, the 26 pilot domains with their national items, matching a
catalogue against them, and the published JSON Schema.

The model's classes are public through :mod:`catalog`; the rest is internal.
"""
