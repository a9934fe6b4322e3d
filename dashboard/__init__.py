"""CoopAtlas dashboard: a Dash + dash-leaflet app over the processed registry data."""
