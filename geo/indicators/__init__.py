"""Indicators per unit of a view: filters, arrays, formulas, priority index, classes."""
