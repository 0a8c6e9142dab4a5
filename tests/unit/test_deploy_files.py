"""The container topology's files (deploy/) say what the local topology does:
they cannot be run here (no container registry), so their shape is checked."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_compose_runs_two_replicas_of_each_behind_nginx_on_postgres_and_redis():
    services = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]
    assert set(services) == {"postgres", "redis", "rasa", "actions", "nginx", "desk", "mailer", "payments", "provider"}
    assert services["rasa"]["deploy"]["replicas"] == 2 and services["actions"]["deploy"]["replicas"] == 2
    assert services["actions"]["environment"]["ACTION_SERVER_HOST"] == "0.0.0.0"
    for name in ("RENEWAL_TOKEN_SECRET", "ACTION_SERVER_TOKEN", "RASA_JWT_SECRET", "RENEWAL_PAYMENT_WEBHOOK_SECRET",
                 "RENEWAL_DEMO_PROVIDER_API_KEY"):
        assert ":?" in services["rasa"]["environment"][name], f"{name} must be required, never defaulted"
    assert services["nginx"]["ports"] == ["5005:5005"]
    assert services["rasa"]["environment"]["RENEWAL_SOCKETIO_REDIS_URL"].startswith("redis://redis:")
    desk = services["desk"]
    assert desk["command"][:3] == ["python", "-m", "servers.desk"] and "http://rasa:5005" in desk["command"]
    assert ":?" in desk["environment"]["RASA_JWT_SECRET"]  # the desk reaches Rasa's HTTP API from inside
    assert services["mailer"]["command"] == ["python", "-m", "renewal.adapters.outbox"]
    payments, provider = services["payments"], services["provider"]  # issue 14: the webhook and the demo provider
    assert payments["command"][:3] == ["python", "-m", "servers.payments"] and "http://rasa:5005" in payments["command"]
    assert "http://payments:8082/payments/webhook" in provider["command"]
    assert services["actions"]["environment"]["RENEWAL_DEMO_PROVIDER_URL"] == "http://provider:8083"


def test_rasa_endpoints_use_the_shared_stores_and_the_balanced_action_servers():
    endpoints = yaml.safe_load((DEPLOY / "endpoints.yml").read_text())
    assert endpoints["tracker_store"]["type"] == "SQL" and endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    assert endpoints["action_endpoint"]["url"] == "http://nginx:5055/webhook"
    assert endpoints["action_endpoint"]["headers"]["X-Action-Token"] == "${ACTION_SERVER_TOKEN}"


def test_nginx_balances_both_services():
    config = (DEPLOY / "nginx.conf").read_text()
    assert re.search(r"upstream rasa \{ server rasa:5005", config)
    assert re.search(r"upstream actions \{ server actions:5055", config)
    assert "listen 5005;" in config and "listen 5055;" in config



def test_no_secret_on_a_command_line_and_only_the_channels_published():
    """Issue 12 item 5: the JWT secret from the environment; Rasa's HTTP API not behind the public port;
    CORS for the page's origin only."""
    rasa = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]["rasa"]
    command = " ".join(rasa["command"])
    assert "servers.rasa_server" in command and "jwt-secret" not in command and "SECRET" not in command
    assert "--cors ${RENEWAL_WEB_ORIGIN:?" in command and "*" not in command
    config = (DEPLOY / "nginx.conf").read_text()
    public = config[config.index("listen 5005;"):config.index("listen 5055;")]
    assert "location /webhooks/ { proxy_pass http://rasa; }" in public and "location /socket.io/" in public
    assert "location / { return 404; }" in public
