"""The Italian text: every reason explained, with its figures, dates as dd/mm/yyyy."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import PaymentMethod, RenewalMode
from renewal.text import messages
from tests.unit.test_rules import TODAY, subscription


def test_every_refusal_reason_has_an_explanation():
    assert set(Reason) - set(messages.EXPLANATIONS) == {Reason.OK}


def test_storage_refusal_states_used_bought_and_lowest():
    text = messages.explain(rules.check_storage(subscription(storage_gb_used=Decimal("2.5")), 2))
    assert "usi 2,5 GB dei 3 GB acquistati" in text
    text = messages.explain(rules.check_storage(subscription(storage_gb_bought=5, storage_gb_used=Decimal("1.2")), 1))
    assert "fino a 2 GB" in text and "usi 1,2 GB dei 5 GB" in text


def test_users_refusal_says_to_delete_them_in_the_panel_first():
    text = messages.explain(rules.check_users(subscription(), 0))
    assert "2 sono già configurati" in text and "pannello" in text and "minimo è 2" in text


def test_grace_message_has_dates_and_days_left():
    decision = rules.may_open_renewal(subscription(expiry_date=TODAY - timedelta(days=30)), TODAY)
    text = messages.explain(decision)
    assert "scaduto il 25/10/2026" in text and "entro il 23/01/2027, mancano 60 giorni" in text
    assert "Dal 24/01/2027 verrà cancellato" in text
    last_day = rules.may_open_renewal(subscription(expiry_date=TODAY - timedelta(days=90)), TODAY)
    assert "oggi è l'ultimo giorno" in messages.explain(last_day)


def test_automatic_renewal_message_explains_the_missing_button_and_the_date():
    sub = subscription(renewal_mode=RenewalMode.AUTOMATIC, automatic_payment_method=PaymentMethod.PAYPAL,
                       expiry_date=date(2027, 1, 23))
    text = messages.explain(rules.may_open_renewal(sub, TODAY))
    assert "Rinnova" in text and "16/01/2027" in text and "PayPal" in text


def test_years_message_for_promotional_and_standard():
    assert "1 o 2 anni" in messages.explain(rules.check_years(subscription(promotional=True), 3))
    assert "da 1 a 10 anni" in messages.explain(rules.check_years(subscription(), 11))


def test_plain_yes_has_no_explanation():
    assert messages.explain(Decision.allow()) == ""


def test_a_missed_automatic_renewal_is_told_with_its_date_never_as_manual_or_to_come():
    """Issue 12 item 10."""
    automatic = {"renewal_mode": RenewalMode.AUTOMATIC, "automatic_payment_method": PaymentMethod.CARD}
    expiring = subscription(expiry_date=TODAY + timedelta(days=3), **automatic)
    for text in (messages.explain(rules.may_open_renewal(expiring, TODAY)),
                 messages.status_text(rules.service_status(expiring, TODAY))):
        assert "rinnovo automatico" in text and "20/11/2026" in text and "27/11/2026" in text
        assert "avverrà" not in text and "manuale" not in text
    in_grace = subscription(expiry_date=TODAY - timedelta(days=10), **automatic)
    for text in (messages.explain(rules.may_open_renewal(in_grace, TODAY)),
                 messages.status_text(rules.service_status(in_grace, TODAY))):
        assert "rinnovo automatico" in text and "07/11/2026" in text and "14/11/2026" in text
        assert "manuale" not in text
