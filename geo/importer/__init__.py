"""Importing registries: every row accepted or rejected with a reason."""
