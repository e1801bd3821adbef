"""The graph on the web: ``kg serve``'s application (Starlette, served by uvicorn).

:mod:`kg.web.app` builds the application over an open ``Store`` (the SPARQL endpoint and the
named queries); :mod:`kg.web.results` writes SPARQL results in the formats of the SPARQL 1.1
Protocol; :mod:`kg.web.pages` holds the explorer, brief, source and query pages and their JSON
routes, answered by :mod:`kg.web.explorer` (selections, search, evidence), which lays nodes out
with :mod:`kg.web.layout` and reads imported votes through :mod:`kg.web.tables`. The pages'
scripts, styles and the vendored vis-network and CodeMirror are in ``static/``.
"""
