"""`python -m canteen.cli`."""

import sys

from canteen.cli import main

sys.exit(main())
