"""python -m genviz ..."""

import sys

from genviz.cli import main

sys.exit(main())
