"""Knowledge graph of multilateral meeting reports.

The library turns curated meeting records (``data/``) into an RDF dataset, validates it and
answers named questions over it. The ``kg`` command line is a thin layer over these modules;
nothing here prints, exits or touches the network.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
