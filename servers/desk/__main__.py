"""``python -m servers.desk``: the desk on its own port, its objects built once."""
from __future__ import annotations

import argparse
import logging
import sys

from renewal.bootstrap import build
from renewal.config import API_SECRET_ENV, DESK_PUBLIC_URL_ENV, TOKEN_SECRET_ENV, SettingMissing, Settings
from servers.desk import __doc__ as DOC
from servers.desk.app import Desk, build_app
from servers.rasa_api import RasaApi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers.desk", description=DOC,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="where to listen (0.0.0.0 in a container)")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="Rasa's channels (guided sessions)")
    parser.add_argument("--rasa-api-url", default=None, help="Rasa's HTTP API (default: --rasa-url)")
    parser.add_argument("--public-url", default="",
                        help=f"where agents' browsers reach the desk (${DESK_PUBLIC_URL_ENV}); https makes cookies Secure")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    try:
        secret, api_secret = settings.secret(TOKEN_SECRET_ENV), settings.secret(API_SECRET_ENV)
    except SettingMissing as error:
        print(f"The desk cannot start: {error}.", file=sys.stderr)
        return 2
    desk = Desk(build(settings, migrate=True), RasaApi(args.rasa_api_url or args.rasa_url, api_secret), args.rasa_url,
                secret, args.public_url or settings.desk_public_url)
    print(f"Desk on http://{args.host}:{args.port}/desk/", flush=True)
    build_app(desk).run(host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
