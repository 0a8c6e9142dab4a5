"""The only reader of the environment: every setting of every process, read once into ``Settings``.

Entry points (the servers, the action server, the CLI, the outbox sender) call ``Settings.from_env()``
and hand the result to ``renewal.bootstrap``; nothing else reads ``os.environ``. The names below are the
variables the README's "Configuration" lists; the launcher (``servers.stack``) and the tests set them.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

PROJECT = Path(__file__).resolve().parent.parent
VAR = PROJECT / "var"  # what a local run keeps: the SQLite databases, secrets made once, logs

# --- the variables -----------------------------------------------------------------------------------
DATABASE_URL_ENV = "RENEWAL_DATABASE_URL"
TODAY_ENV = "RENEWAL_TODAY"
TOKEN_SECRET_ENV = "RENEWAL_TOKEN_SECRET"
API_SECRET_ENV = "RASA_JWT_SECRET"
ACTION_TOKEN_ENV = "ACTION_SERVER_TOKEN"
ACTION_HOST_ENV = "ACTION_SERVER_HOST"
ACTION_TOKEN_HEADER = "X-Action-Token"  # Rasa sends the action token in it (the endpoints file servers.stack writes)
SUPPORT_HOURS_ENV = "RENEWAL_SUPPORT_HOURS"
PAYMENT_PROVIDER_ENV = "RENEWAL_PAYMENT_PROVIDER"
WEBHOOK_SECRET_ENV = "RENEWAL_PAYMENT_WEBHOOK_SECRET"
DEMO_PROVIDER_URL_ENV = "RENEWAL_DEMO_PROVIDER_URL"
DEMO_PROVIDER_API_KEY_ENV = "RENEWAL_DEMO_PROVIDER_API_KEY"
DEMO_PROVIDER_DATABASE_ENV = "DEMO_PROVIDER_DATABASE_URL"
WEBHOOK_URL_ENV = "RENEWAL_PAYMENT_WEBHOOK_URL"
MAIL_FROM_ENV = "RENEWAL_MAIL_FROM"
SMTP_HOST_ENV = "RENEWAL_SMTP_HOST"
SMTP_PORT_ENV = "RENEWAL_SMTP_PORT"
SMTP_USERNAME_ENV = "RENEWAL_SMTP_USERNAME"
SMTP_PASSWORD_ENV = "RENEWAL_SMTP_PASSWORD"
SMTP_STARTTLS_ENV = "RENEWAL_SMTP_STARTTLS"
SMTP_CA_FILE_ENV = "RENEWAL_SMTP_CA_FILE"
OUTBOX_INTERVAL_ENV = "RENEWAL_OUTBOX_INTERVAL"
SOCKETIO_REDIS_ENV = "RENEWAL_SOCKETIO_REDIS_URL"
SOCKETIO_ORIGINS_ENV = "RENEWAL_SUPPORT_PAGE_ORIGINS"
DESK_PUBLIC_URL_ENV = "RENEWAL_DESK_PUBLIC_URL"
TRACKER_STORE_ENV = "RASA_TRACKER_STORE_URL"
LOCK_STORE_ENV = "RASA_LOCK_STORE_URL"
TELEGRAM_BOT_USERNAME_ENV = "TELEGRAM_BOT_USERNAME"
PORT_ENVS = {"rasa": "RASA_PORT", "actions": "ACTIONS_PORT", "web": "WEB_PORT", "desk": "DESK_PORT",
             "payments": "PAYMENTS_PORT", "provider": "PROVIDER_PORT"}
DEFAULT_PORTS = {"rasa": 5005, "actions": 5055, "web": 8080, "desk": 8081, "payments": 8082, "provider": 8083}
DEFAULT_SUPPORT_HOURS = "1-5 09:00-18:00"
DEFAULT_MAIL_FROM = "Fatturazione Elettronica <noreply@fatturazione.example>"
MIN_SECRET_LENGTH = 16


LOCAL_SECRETS = (TOKEN_SECRET_ENV, ACTION_TOKEN_ENV, API_SECRET_ENV, WEBHOOK_SECRET_ENV, DEMO_PROVIDER_API_KEY_ENV)
"""The secrets a local run (``make run``) makes once in ``var/``, for the variables left unset."""


def local_secrets(folder: Path = VAR, create: bool = True) -> dict[str, str]:
    """Each local secret from its file in ``folder`` (mode 600, never committed), made now if missing and
    ``create``; without ``create``, only those a local run has made."""
    found = {}
    for name in LOCAL_SECRETS:
        path = folder / name.lower()
        if not path.exists() and create:
            folder.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(32))
        if path.exists():
            found[name] = path.read_text().strip()
    return found


def with_local_provider(environ: Optional[Mapping[str, str]] = None, folder: Path = VAR) -> dict[str, str]:
    """The environment, and where it names no payment provider, the demo provider the local run
    (``make run``) serves on this machine with the secrets it made: the operator CLI withdraws the pay
    pages of that stack."""
    env = {name: value for name, value in (os.environ if environ is None else environ).items() if value}
    made = local_secrets(folder, create=False)
    if PAYMENT_PROVIDER_ENV in env or DEMO_PROVIDER_API_KEY_ENV not in made or WEBHOOK_SECRET_ENV not in made:
        return env
    port = env.get(PORT_ENVS["provider"]) or DEFAULT_PORTS["provider"]
    return {PAYMENT_PROVIDER_ENV: "demo", DEMO_PROVIDER_URL_ENV: f"http://127.0.0.1:{port}",
            DEMO_PROVIDER_API_KEY_ENV: made[DEMO_PROVIDER_API_KEY_ENV], WEBHOOK_SECRET_ENV: made[WEBHOOK_SECRET_ENV],
            **env}


class SettingMissing(RuntimeError):
    """A setting this process needs is not set (the message names the variable)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: Optional[str] = None
    password: Optional[str] = None
    starttls: bool = False
    ca_file: Optional[str] = None  # a private CA to trust for STARTTLS (default: the system's)

    def __repr__(self) -> str:  # never the password
        return f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r}, starttls={self.starttls})"


@dataclass(frozen=True)
class TelegramSettings:
    access_token: Optional[str] = None
    webhook_url: Optional[str] = None
    webhook_secret: Optional[str] = None
    api_base_url: Optional[str] = None
    bot_username: Optional[str] = None

    def __repr__(self) -> str:  # never the token nor the secret
        return f"TelegramSettings(webhook_url={self.webhook_url!r}, on={bool(self.access_token)})"


@dataclass(frozen=True)
class Settings:
    """Everything the processes are told by their environment. Secrets are never printed (``repr``)."""

    database_url: str = f"sqlite:///{VAR / 'renewal.sqlite3'}"
    today: Optional[date] = None  # a pinned business day (demos, tests); None: the real date
    token_secret: Optional[str] = field(default=None, repr=False)
    api_secret: Optional[str] = field(default=None, repr=False)  # Rasa's HTTP API (JWT)
    action_token: Optional[str] = field(default=None, repr=False)
    action_host: str = "127.0.0.1"
    support_hours: str = DEFAULT_SUPPORT_HOURS
    payment_provider: Optional[str] = None  # "demo", or None: no pay links (an operator registers payments)
    webhook_secret: Optional[str] = field(default=None, repr=False)
    demo_provider_url: Optional[str] = None
    demo_provider_api_key: Optional[str] = field(default=None, repr=False)
    demo_provider_database_url: str = f"sqlite:///{VAR / 'demo-provider.sqlite3'}"
    webhook_url: str = "http://127.0.0.1:8082/payments/webhook"
    mail_from: str = DEFAULT_MAIL_FROM
    smtp: Optional[SmtpSettings] = None  # None: emails stay queued
    outbox_interval: float = 10.0
    socketio_redis_url: Optional[str] = None
    support_page_origins: frozenset[str] = frozenset()
    desk_public_url: str = ""
    tracker_store_url: Optional[str] = None
    lock_store_url: Optional[str] = None
    telegram: TelegramSettings = TelegramSettings()
    ports: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> Optional[str]:
            return env.get(name) or None

        smtp_host, username = get(SMTP_HOST_ENV), get(SMTP_USERNAME_ENV)
        smtp = SmtpSettings(
            smtp_host, int(env.get(SMTP_PORT_ENV) or 25), username, get(SMTP_PASSWORD_ENV),
            (env.get(SMTP_STARTTLS_ENV) or ("1" if username else "0")).lower() in ("1", "true", "yes"),
            get(SMTP_CA_FILE_ENV)) if smtp_host else None
        return cls(
            database_url=get(DATABASE_URL_ENV) or cls.database_url,
            today=date.fromisoformat(env[TODAY_ENV]) if get(TODAY_ENV) else None,
            token_secret=get(TOKEN_SECRET_ENV), api_secret=get(API_SECRET_ENV),
            action_token=get(ACTION_TOKEN_ENV), action_host=get(ACTION_HOST_ENV) or "127.0.0.1",
            support_hours=get(SUPPORT_HOURS_ENV) or DEFAULT_SUPPORT_HOURS,
            payment_provider=(get(PAYMENT_PROVIDER_ENV) or "").strip().lower() or None,
            webhook_secret=get(WEBHOOK_SECRET_ENV), demo_provider_url=get(DEMO_PROVIDER_URL_ENV),
            demo_provider_api_key=get(DEMO_PROVIDER_API_KEY_ENV),
            demo_provider_database_url=get(DEMO_PROVIDER_DATABASE_ENV) or cls.demo_provider_database_url,
            webhook_url=get(WEBHOOK_URL_ENV) or cls.webhook_url,
            mail_from=get(MAIL_FROM_ENV) or DEFAULT_MAIL_FROM, smtp=smtp,
            outbox_interval=float(env.get(OUTBOX_INTERVAL_ENV) or 10),
            socketio_redis_url=get(SOCKETIO_REDIS_ENV),
            support_page_origins=frozenset(o.strip() for o in (env.get(SOCKETIO_ORIGINS_ENV) or "").split(",")
                                           if o.strip()),
            desk_public_url=get(DESK_PUBLIC_URL_ENV) or "",
            tracker_store_url=get(TRACKER_STORE_ENV), lock_store_url=get(LOCK_STORE_ENV),
            telegram=TelegramSettings(get("TELEGRAM_ACCESS_TOKEN"), get("TELEGRAM_WEBHOOK_URL"),
                                      get("TELEGRAM_WEBHOOK_SECRET"), get("TELEGRAM_API_BASE_URL"),
                                      get(TELEGRAM_BOT_USERNAME_ENV)),
            ports={name: int(env.get(variable) or DEFAULT_PORTS[name]) for name, variable in PORT_ENVS.items()},
        )

    # --- what a process needs, or a clear refusal -------------------------------------------------

    def secret(self, name: str) -> bytes:
        """A secret by its variable's name, refused if unset or shorter than 16 characters."""
        value = {TOKEN_SECRET_ENV: self.token_secret, API_SECRET_ENV: self.api_secret,
                 ACTION_TOKEN_ENV: self.action_token, WEBHOOK_SECRET_ENV: self.webhook_secret,
                 DEMO_PROVIDER_API_KEY_ENV: self.demo_provider_api_key}[name]
        if not value or len(value) < MIN_SECRET_LENGTH:
            raise SettingMissing(f"set {name} to a random string of at least {MIN_SECRET_LENGTH} characters")
        return value.encode()
