import sys

from renewal.cli import main

sys.exit(main())
