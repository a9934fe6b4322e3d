"""CoopAtlas's command-line entry point: the one place that sees both the pipeline and the app.

``geo`` (the data pipeline) never imports ``dashboard`` (the app); the ``coopatlas``
command needs both, so it lives here, above them.
"""
