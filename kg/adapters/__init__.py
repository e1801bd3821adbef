"""Adapters: other sources written as RDF in the project's ontology, one named graph per file.

An adapter reads a source as received, checks it row by row (errors name the file and the
line) and streams N-Quads to files under the build folder; it never builds an in-memory
graph, so millions of rows stay cheap. Stores load the files it writes.
"""
