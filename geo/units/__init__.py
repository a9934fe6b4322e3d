"""Administrative units: the levels, boundaries, gazetteers and the point-in-polygon join."""
