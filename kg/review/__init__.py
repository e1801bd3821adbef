"""The review of a draft meeting record (``kg review``): its items in report order, the analyst's
decisions on them, and the record saved back through a round-trip YAML library.

:mod:`kg.review.yamlfile` reads and writes YAML files keeping comments, key order, quoting and
indentation; :mod:`kg.review.draft` holds the decisions (accept, edit, reject, add, register or
map a proposed issue) and the save (atomic, checked like ``kg validate``). The web desk
(:mod:`kg.web.review`) is a thin layer over them.
"""
