"""The graph on the web: ``kg serve``'s application (Starlette, served by uvicorn).

:mod:`kg.web.app` builds the application over an open ``Store``; :mod:`kg.web.results`
writes SPARQL results in the formats of the SPARQL 1.1 Protocol.
"""
