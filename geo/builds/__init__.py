"""Building the processed store: whole, in chunks, into a published folder."""
