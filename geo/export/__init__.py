"""Exports: static maps, slides, offline HTML, data tables."""
