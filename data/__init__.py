"""Committed data shipped with CoopAtlas (installed as the package ``geo.data``).

``boundaries/``: first-level units, unit table and population; ``organizations/``:
the synthetic demo registry. Each folder's README gives provenance, licence and
schema. Read them through :func:`geo.settings.bundled_data_dir`, never by path
from the source tree.
"""
