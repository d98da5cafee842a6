"""``python -m dashboard``: headless reports (see dashboard/cli.py)."""

from dashboard.cli import main

raise SystemExit(main())
