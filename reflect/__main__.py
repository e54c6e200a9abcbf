"""`python -m reflect` is the same as the `reflect` command."""

import sys

from reflect.cli import main

sys.exit(main())
