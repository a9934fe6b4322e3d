"""``python -m coopatlas``: the same as the ``coopatlas`` command."""

from coopatlas.cli import main

raise SystemExit(main())
