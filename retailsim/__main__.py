"""``python -m retailsim`` runs the ``retailsim`` command line (see ``retailsim.cli``)."""

from retailsim.cli import main

raise SystemExit(main())
