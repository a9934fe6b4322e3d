"""CoopAtlas data pipeline: boundaries, gazetteer, organization registries and indicators."""

__version__ = "0.1.0"
