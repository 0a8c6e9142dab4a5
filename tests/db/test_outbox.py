"""Issue 14, e-mails that leave: queued emails go out through a real (local) SMTP server (aiosmtpd),
once each, with a text and an HTML part; STARTTLS and login when configured; a server that is down
gets retries with backoff, then a clear status with the reason."""
from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from aiosmtpd.smtp import AuthResult

from renewal.adapters.outbox import RETRY_DELAYS, Outbox, SmtpNotConfigured, message_id, smtp_settings
from renewal.config import Settings, SmtpSettings
from renewal.domain.clock import FixedClock
from tests.conftest import TODAY
from tests.db.test_service import ready_cart
from tests.services import free_port


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)



@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.settings = SmtpSettings("127.0.0.1", controller.port)
    yield inbox
    controller.stop()


def parts(message) -> dict[str, str]:
    return {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
            if not part.is_multipart()}


def test_a_bank_transfer_email_is_sent_once_with_its_text_and_html(service, demo_db, clock, smtp):
    order = service.place_order(ready_cart(service)).value
    outbox = Outbox(demo_db, clock, smtp.settings)
    assert outbox.send_due().sent == 1
    assert outbox.send_due().sent == 0 and outbox.send_due(now_anyway=True).sent == 0  # never twice
    [message] = smtp.messages
    assert message["To"] == "amministrazione@studiorossi.example"
    assert message["Subject"] == f"Ordine {order.number}: estremi per il pagamento"
    [email] = service.emails()
    assert message["Message-ID"] == message_id(email.id) and email.sent_at is not None and email.attempts == 1
    text, html = parts(message)["text/plain"], parts(message)["text/html"]
    for fact in ("Gentile Studio Tecnico Rossi", f"ordine di rinnovo n. {order.number}", "IBAN: IT60 X054",
                 "Importo: 95,16 €", f"Causale: ordine {order.number}", "14/12/2027"):
        assert fact in text and fact.replace("'", "&#x27;") in html, fact
    assert "<p>" in html and "<script" not in html


def test_an_email_deleted_while_being_sent_stops_nothing(service, demo_db, clock, smtp):
    """The demo data made anew while the sender talks to the server: the next email still goes."""
    from renewal.services.demo import reset_demo

    service.place_order(ready_cart(service))

    def reset_while_sending(email, settings, message_id):
        reset_demo(demo_db, clock.today())  # the email's row is gone, and a new id 1 may come
        service.place_order(ready_cart(service))

    assert Outbox(demo_db, clock, smtp.settings, reset_while_sending).send_due().sent == 1
    [email] = service.emails()
    assert email.sent_at is None  # the new email was not claimed, so not marked sent
    assert Outbox(demo_db, clock, smtp.settings).send_due().sent == 1 and len(smtp.messages) == 1


def test_a_postal_slip_email_has_the_slips_details(service, demo_db, clock, smtp):
    order = service.place_order(ready_cart(service, method="postal_slip")).value
    Outbox(demo_db, clock, smtp.settings).send_due()
    text = parts(smtp.messages[0])["text/plain"]
    assert "bollettino postale" in text and "c/c postale" in text and f"Causale: ordine {order.number}" in text
    assert "IBAN" not in text


def test_a_server_that_is_down_gets_retries_with_backoff_then_a_clear_status(service, demo_db):
    clock = FixedClock(TODAY)
    service.place_order(ready_cart(service))
    down = Outbox(demo_db, clock, SmtpSettings("127.0.0.1", free_port()))  # nobody listens there
    first = down.send_due()
    assert (first.sent, first.failed, first.gave_up) == (0, 1, 0)
    [email] = service.emails()
    assert email.attempts == 1 and "ConnectionRefusedError" in email.last_error
    next_at = email.next_attempt_at  # SQLite gives back naive UTC times
    assert (next_at if next_at.tzinfo else next_at.replace(tzinfo=dt.timezone.utc)) - clock.now() == RETRY_DELAYS[0]
    assert down.send_due().failed == 0  # not due yet: the backoff is kept
    for _ in RETRY_DELAYS[:-1]:
        clock.advance(1)
        assert down.send_due().failed == 1
    clock.advance(1)
    assert down.send_due().gave_up == 1
    [email] = service.emails()
    assert email.gave_up_at is not None and email.sent_at is None and email.attempts == len(RETRY_DELAYS) + 1
    clock.advance(1)
    assert down.send_due(now_anyway=True) == down.send_due()  # given up: left alone, with its reason


def test_without_smtp_configuration_emails_stay_queued_and_say_why(service):
    service.place_order(ready_cart(service))
    with pytest.raises(SmtpNotConfigured, match="stay queued"):
        smtp_settings(Settings.from_env({}))
    assert len(service.emails(unsent_only=True)) == 1


def self_signed(tmp_path):
    """A certificate for 127.0.0.1, and the context the test SMTP server serves it with."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


def test_starttls_and_login_when_configured(service, demo_db, clock, tmp_path):
    cert_file, context = self_signed(tmp_path)
    seen_logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen_logins.append((auth_data.login, session.ssl is not None))
        right = auth_data.login == b"mailer" and auth_data.password == b"segreto-smtp"
        return AuthResult(success=right, handled=False)  # handled=False: aiosmtpd answers 535 itself

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, auth_required=True, auth_require_tls=True,
                            authenticator=authenticator)
    controller.start()
    try:
        service.place_order(ready_cart(service))
        wrong = SmtpSettings("127.0.0.1", controller.port, "mailer", "sbagliata", starttls=True, ca_file=str(cert_file))
        assert Outbox(demo_db, clock, wrong).send_due().failed == 1
        assert "SMTPAuthenticationError" in service.emails()[0].last_error
        right = SmtpSettings("127.0.0.1", controller.port, "mailer", "segreto-smtp", starttls=True,
                             ca_file=str(cert_file))
        assert "segreto-smtp" not in repr(right)
        assert Outbox(demo_db, clock, right).send_due(now_anyway=True).sent == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1 and seen_logins[-1] == (b"mailer", True)  # logged in over TLS only
