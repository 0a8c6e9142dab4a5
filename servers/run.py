"""``make run``: the whole assistant on this machine, until Ctrl-C.

Secrets come from the environment, or else from files made once in ``var/``;
logs go to ``var/logs/``. Ports: ``RASA_PORT`` (5005), ``ACTIONS_PORT`` (5055),
``WEB_PORT`` (8080).
"""
from __future__ import annotations

import os
import signal
import sys
import time
from datetime import timedelta

from renewal.access import AccessService
from renewal.clock import clock_from_env
from renewal.db import Database
from servers.stack import PROJECT, Stack, local_secrets

VAR = PROJECT / "var"


def main() -> int:
    secrets = local_secrets(VAR)
    os.environ.update(secrets)  # the tokens printed below are signed with the same secret
    stack = Stack(VAR / "logs", PROJECT / "models" / "renewal.tar.gz",
                  rasa_port=int(os.environ.get("RASA_PORT", 5005)),
                  actions_port=int(os.environ.get("ACTIONS_PORT", 5055)),
                  web_port=int(os.environ.get("WEB_PORT", 8080)), env=secrets)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print("Starting the action server, the Rasa server (about 30 s to load the model) and the support page…",
              flush=True)
        stack.start().wait_ready()
        access = AccessService(Database(), clock_from_env())
        token = access.mint_customer_token("1000001@aruba.it", timedelta(hours=2)).value
        agent = access.mint_agent_token("demo.agent", timedelta(hours=8)).value
        print(f"""
The assistant is ready.
  Support page with the chat widget:  {stack.web_url}/   (demo sign-in: ?account=1000002@aruba.it)
  REST channel, as demo customer 1000001@aruba.it:
    curl -s -X POST {stack.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
      -d '{{"sender": "demo", "message": "voglio rinnovare", "metadata": {{"token": "{token}"}}}}'
  Agent console (another terminal):
    .venv/bin/python -m agent_console --agent-token {agent} --rasa-url {stack.rasa_url}
  Telegram: see README ("Telegram"); logs: {stack.work}/*.log. Ctrl-C stops everything.
""", flush=True)
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(2)
        failed = [name for name, process in stack.processes.items() if process.poll() is not None]
        print(f"Stopped: {', '.join(failed)} exited (see {stack.work}/).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
