"""The processor on a real database: commands in, one reply and the state out."""
from __future__ import annotations

from decimal import Decimal

import pytest

from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    Cancel,
    ChoosePayment,
    Confirm,
    DropModule,
    GiveCode,
    Keep,
    NoCode,
    OnlyModules,
    PickModule,
    PricedOption,
    RefuseTerms,
    Restore,
    SetQuantity,
    SmallTalk,
    StartRenewal,
    Step,
    SuggestedModule,
    Topic,
    UnknownModule,
    options_from_list,
    options_to_list,
)
from renewal.dialogue.processor import Conversation
from renewal.dialogue.state import Asked, DialogueState, next_step
from renewal.dialogue.steps import CART_ITEMS
from tests.conftest import ports_for


class Chat:
    def __init__(self, service, username: str = "1000001@aruba.it") -> None:
        self.conversation = Conversation(ports_for(service), username, "test-conversation")
        self.state = DialogueState()
        self.replies: list = []

    def send(self, *commands) -> str:
        turn = self.conversation.handle(self.state, list(commands))
        self.state, self.replies = turn.state, turn.replies
        return "\n".join(r.text for r in turn.replies)


def test_an_opening_message_with_answers_applies_them_then_asks_the_first_open_step(service):
    chat = Chat(service)
    said = chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)), ChoosePayment("card"))
    cart = service.account("1000001@aruba.it").value.open_cart.cart
    assert cart.years == 3 and cart.payment_method.value == "card"
    assert "nuova scadenza 14/12/2029" in said and "scadenza attuale 14/12/2026" in said
    assert "rinnovo automatico (il prossimo il 07/12/2029)" in said
    assert chat.replies[-1].text.startswith("Spazio aggiuntivo") and chat.state.asked == "storage"
    assert chat.state.answered == {Step.YEARS, Step.PAYMENT}


def test_summary_and_question_are_separate_messages(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    assert [r.text.split("\n")[0] for r in chat.replies] == [
        "Il tuo carrello di rinnovo:", chat.replies[1].text.split("\n")[0]]
    assert chat.replies[1].text.endswith("Rinnovi 3 GB?")


def test_answered_steps_are_not_asked_again(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    chat.send(Keep(CART_ITEMS), NoCode(), SetQuantity(Step.YEARS, value=Decimal(1)))
    assert chat.state.asked == "payment"
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(3)))  # a correction at the payment step
    assert "Come vuoi pagare" in said and "Puoi pagare con" not in said
    assert "Durata: 3 anni, nuova scadenza 14/12/2029" in said


def test_keeping_what_is_there_is_not_a_refusal(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(Keep((Step.STORAGE, Step.USERS)))
    assert "Spazio aggiuntivo: restano 3 GB (ne usi 1 GB). Utenti aggiuntivi: restano 3 (2 configurati)." in said
    assert "Non puoi" not in said.split("\n")[0] and chat.state.asked == "modules"


def test_the_same_value_is_acknowledged_with_its_figures(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(1)))
    assert "Durata: 1 anno, nuova scadenza 14/12/2027, totale 95,16 €." in said


def test_a_refusal_says_why_and_changes_nothing(service):
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(SetQuantity(Step.STORAGE, delta=Decimal(-1)))
    assert "usi 2,5 GB dei 3 GB acquistati" in said and chat.state.asked == "storage"
    assert service.account("1000002@aruba.it").value.open_cart.cart.storage_gb == 3
    said = chat.send(SetQuantity(Step.USERS, value=Decimal(0)))
    assert "Non puoi scendere a 0 utenti aggiuntivi: 1 è già configurato" in said


def test_conditions_only_by_explicit_acceptance_and_refusal_withdraws_them(service):
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("paypal"))
    assert chat.state.asked == "terms"
    said = chat.send(Confirm())
    assert "Prima di confermare l'ordine devi accettare le condizioni" in said and not service.orders()
    chat.send(AcceptTerms())
    assert service.account("1000001@aruba.it").value.open_cart.cart.terms_accepted
    said = chat.send(RefuseTerms())
    assert not service.account("1000001@aruba.it").value.open_cart.cart.terms_accepted
    assert "non posso completare l'ordine" in said and chat.state.asked == "terms"


def test_order_then_anything_else(service):
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("bank_transfer"))
    said = chat.send(AcceptTerms(), Confirm())
    [order] = service.orders()
    assert f"Ordine n. {order.number} confermato" in said and chat.replies[-1].text == "Posso aiutarti in altro?"
    assert chat.state.asked == Asked.ANYTHING_ELSE and chat.state.order_number == order.number
    assert "già confermato" in chat.send(Confirm()) and len(service.orders()) == 1
    assert order.number in chat.send(Ask(Topic.ORDER))
    assert "A presto" in chat.send(SmallTalk("goodbye"))


def test_automatic_renewal_keeps_what_the_opening_message_asked(service):
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)))
    assert "16/01/2027" in said and chat.state.asked == Asked.RENEW_ANYWAY
    assert service.account("1000003@aruba.it").value.open_cart is None
    chat.send(StartRenewal(anyway=True))
    assert service.account("1000003@aruba.it").value.open_cart.cart.years == 2


def test_modules_by_pick_drop_or_add(service):
    chat = Chat(service)
    chat.send(StartRenewal(), Keep((Step.STORAGE, Step.USERS)))
    assert chat.state.listed_modules == ("conservazione", "solleciti", "api", "archivio")
    said = chat.send(PickModule("archivio"), DropModule("solleciti"))
    assert "Ho aggiunto Archivio documenti. Ho tolto Solleciti di pagamento." in said
    assert chat.state.asked == "code"  # a change answers the step; more may follow at any step
    said = chat.send(AllModules(added=False))
    assert "Ho tolto Archivio documenti. Ho tolto Conservazione a norma." in said
    said = chat.send(OnlyModules(("solleciti", "api")))
    assert "Ho aggiunto Integrazione API. Ho aggiunto Solleciti di pagamento." in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == {"solleciti", "api"}
    said = chat.send(AddModule("api"))
    assert "già nel carrello" in said and chat.state.asked == "code"


def test_have_a_code_asks_for_it_and_cancel_says_what_happened(service):
    chat = Chat(service)
    said = chat.send(StartRenewal(), GiveCode())
    assert "te lo chiedo tra poco" in said and chat.state.asked == "storage"  # the help page's order holds
    chat.send(Keep(CART_ITEMS))
    assert chat.state.asked == "code"
    chat.send(GiveCode())
    assert chat.state.asked == "code" and "Scrivimi il codice convenzione" in chat.replies[-1].text
    said = chat.send(GiveCode("ing2025"))
    assert "scaduto il 25/10/2026" in said
    said = chat.send(Cancel())
    assert "Ho annullato il rinnovo" in said and service.account("1000001@aruba.it").value.open_cart is None
    assert "nessun rinnovo in corso" in chat.send(Cancel())


def test_a_deleted_service_opens_nothing(service):
    chat = Chat(service, "1000005@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)))
    assert "cancellato il 15/11/2026" in said and chat.state.cart_id is None
    assert "puoi attivare un nuovo servizio" in said and chat.state.asked == Asked.HANDOFF_OFFER  # a way out
    said = chat.send(SmallTalk("greet"))
    assert "cancellato il 15/11/2026" in said and "Rinnova il servizio" not in [b.title for b in chat.replies[-1].buttons]


@pytest.mark.parametrize("asked, step", [(set(), Step.STORAGE), ({Step.STORAGE, Step.USERS}, Step.MODULES)])
def test_next_step_is_the_first_open_one(service, asked, step):
    view = service.open_renewal("1000001@aruba.it").value
    assert next_step(view, frozenset(asked)) is step


def test_an_order_refused_at_confirmation_says_how_to_go_on_and_does_not_just_ask_again(service, demo_db, clock):
    """Issue 12 item 13: an expired code or a deleted service at «Confermi?»."""
    from datetime import timedelta

    from renewal.adapters.tables import AgreementCodeRow
    chat = Chat(service)
    chat.send(StartRenewal())
    chat.send(Keep(CART_ITEMS), GiveCode("ING2026"), SetQuantity(Step.YEARS, value=Decimal(1)),
              ChoosePayment("bank_transfer"), AcceptTerms())
    with demo_db.transaction() as session:
        session.get(AgreementCodeRow, "ING2026").valid_until = clock.today() - timedelta(days=1)
    said = chat.send(Confirm())
    assert "scaduto" in said and "togli il codice" in said and "annulla" in said
    assert "Confermi" not in said
    said = chat.send(NoCode())
    assert "Confermi" in said
    assert "confermato" in chat.send(Confirm())

    gone = Chat(service, "1000004@aruba.it")  # in its grace period: deleted 61 days from now
    gone.send(StartRenewal())
    gone.send(Keep(CART_ITEMS), NoCode(), SetQuantity(Step.YEARS, value=Decimal(1)), ChoosePayment("card"),
              AcceptTerms())
    clock.advance(61)
    said = gone.send(Confirm())
    assert "cancellato" in said and "Confermi" not in said
    assert gone.state.cart_id is None and service.account("1000004@aruba.it").value.open_cart is None


def test_the_customer_cancels_or_changes_the_payment_of_the_unpaid_order_in_the_chat(service):
    """Issue 12 item 8."""
    chat = Chat(service)
    chat.send(StartRenewal())
    chat.send(Keep(CART_ITEMS), NoCode(), SetQuantity(Step.YEARS, value=Decimal(1)), ChoosePayment("bank_transfer"),
              AcceptTerms())
    chat.send(Confirm())
    [order] = service.orders()
    later = Chat(service)  # another day, another conversation
    said = later.send(StartRenewal())
    assert order.number in said and "annulla" in said and "pagare in un altro modo" in said
    said = later.send(ChoosePayment("postal_slip"))
    assert f"L'ordine n. {order.number} ora si paga con bollettino postale" in said and "email" in said
    said = later.send(Cancel())
    assert f"Ho annullato l'ordine n. {order.number}" in said and "14/12/2026" in said
    assert service.orders()[0].status.value == "cancelled"
    assert "Il tuo carrello di rinnovo" in later.send(StartRenewal())


def test_once_the_conditions_are_accepted_and_the_payment_chosen_only_the_confirmation_is_left(service):
    """Batch g: a customer who accepts with steps never answered is asked to confirm, with the whole order."""
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), ChoosePayment("bank_transfer"))
    assert chat.state.asked == "storage"
    said = chat.send(AcceptTerms())
    assert chat.state.asked == "confirm" and "Riepilogo dell'ordine" in said and "Confermi" in said
    assert "190,32 €" in said
    chat.send(Confirm())
    assert len(service.orders()) == 1


def test_a_value_kept_says_the_total(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    assert "Spazio aggiuntivo: restano 3 GB (ne usi 1 GB). Il totale resta 95,16 €." in chat.send(
        SetQuantity(Step.STORAGE, value=Decimal(3)))


def test_a_question_about_a_step_s_choices_asks_that_step_next(service):
    """Batch g (g-020): «quanti anni posso fare?» then «4»: the 4 is the years."""
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(Ask(Topic.YEARS))
    assert "da 1 a 10 anni" in said and chat.state.asked == "years"


def test_after_the_automatic_renewal_is_explained_renewing_means_now(service):
    """Batch f (f-015): the customer asked when it renews by itself, then «preferisco rinnovare adesso»."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(Ask(Topic.AUTOMATIC_RENEWAL))
    assert "16/01/2027" in said and chat.state.asked == Asked.RENEW_ANYWAY
    said = chat.send(StartRenewal(), ChoosePayment("bank_transfer"))
    assert "23/01/2028" in said and "51,24 €" in said
    assert service.account("1000003@aruba.it").value.open_cart.cart.payment_method.value == "bank_transfer"


def test_a_code_given_again_is_acknowledged_with_its_discount_and_the_total_said_once(service):
    """Batch h (h-017, h-002): the code already in the cart; two values kept in one message."""
    chat = Chat(service)
    chat.send(StartRenewal(), GiveCode("ING2026"))
    said = chat.send(GiveCode("ing2026"))
    assert "Il codice ING2026 è già nel carrello (Ordine degli Ingegneri, sconto 15%): totale 80,89 €." in said
    said = chat.send(Keep((Step.STORAGE,)), Keep((Step.USERS,)))
    assert said.count("Il totale resta 80,89 €.") == 1


def test_twice_the_storage_and_answers_about_the_order_waiting_for_payment(service):
    """Batch h (h-005, h-007, h-012): a factor; automatic renewal and the e-mail of the unpaid order."""
    chat = Chat(service)
    assert "6 GB" in chat.send(StartRenewal(), SetQuantity(Step.STORAGE, factor=Decimal(2)))
    chat.send(Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("card"), AcceptTerms(), Confirm())
    assert "07/12/2027" in chat.send(Ask(Topic.AUTOMATIC_RENEWAL))
    chat.send(ChoosePayment("bank_transfer"))
    assert "amministrazione@studiorossi.example" in chat.send(Ask(Topic.PAYMENT))


def test_why_on_a_deleted_service_is_why_it_cannot_be_renewed(service):
    """Batch h (h-023): «perché non è più possibile?» is about the renewal, not the storage."""
    said = Chat(service, "1000005@aruba.it").send(Ask(Topic.WHY_STORAGE))
    assert "cancellato" in said and "16/08/2026" in said


def test_back_as_the_renewal_opened(service):
    """Batch i (i-002): «rimetti com'era» after lowering the storage; the modules as they were."""
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(2)), DropModule("solleciti"))
    said = chat.send(Restore(Step.STORAGE), Restore(Step.MODULES))
    cart = service.account("1000001@aruba.it").value.open_cart.cart
    assert cart.storage_gb == 3 and cart.modules == {"conservazione", "solleciti"} and "95,16 €" in said


def test_a_why_question_about_a_quantity_makes_it_the_one_spoken_of_last(service):
    """Batch i (i-011): users lowered, then «e lo spazio a 2?» answered with the limit: «com'era» is the storage."""
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.USERS, value=Decimal(1)))
    chat.send(Ask(Topic.WHY_STORAGE))
    assert chat.state.last_quantity is Step.STORAGE
    chat.send(Restore(Step.STORAGE))
    cart = service.account("1000002@aruba.it").value.open_cart.cart
    assert cart.users == 1 and cart.storage_gb == 3


def test_a_change_inside_the_confirmation_is_applied_and_asked_again(service):
    """Issue 26, class 3: «confermo, però 4 anni» never places an order with the value just changed."""
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("bank_transfer"),
              AcceptTerms())
    assert chat.state.asked == "confirm"
    said = chat.send(Confirm(), SetQuantity(Step.YEARS, value=Decimal(4)))
    assert service.orders("1000001@aruba.it") == [] and "14/12/2030" in said and chat.state.asked == "confirm"
    said = chat.send(AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(3)))  # "le accetto, però 3 anni"
    assert service.orders("1000001@aruba.it") == [] and "14/12/2029" in said
    assert "FE-" in chat.send(Confirm()) and service.orders("1000001@aruba.it")[0].years == 3


def test_questions_about_paying_after_the_order_are_about_that_order(service):
    """Issue 26, class 5: the details, the e-mail, the pay link, what changes once paid."""
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("bank_transfer"),
              AcceptTerms())
    number = chat.send(Confirm()).split("n. ")[1].split()[0].rstrip(".,:")
    details = chat.send(Ask(Topic.PAYMENT_DETAILS))
    assert number in details and "amministrazione@studiorossi.example" in details and "95,16 €" in details
    assert number in chat.send(Ask(Topic.EMAILS))
    assert "dal 14/12/2026 al 14/12/2027" in chat.send(Ask(Topic.AFTER_PAYMENT))
    assert service.orders("1000001@aruba.it")[0].payment_method.value == "bank_transfer"


def test_a_deleted_service_has_no_exception_and_a_person_is_offered(service):
    said = Chat(service, "1000005@aruba.it").send(Ask(Topic.SERVICE_BACK))
    assert "cancellato" in said and "operatore" in said


def test_how_to_free_space_states_the_figures(service):
    said = Chat(service, "1000002@aruba.it").send(Ask(Topic.FREE_SPACE))
    assert "2,5 GB" in said and "3 GB" in said


def test_extremes_through_the_rules_and_a_half_that_is_no_whole_number(service):
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.STORAGE, extreme="min"), SetQuantity(Step.YEARS, extreme="max"))
    cart = service.account("1000001@aruba.it").value.open_cart.cart
    assert cart.storage_gb == 1 and cart.years == 10
    said = chat.send(SetQuantity(Step.USERS, factor=Decimal("0.5")))
    assert "1,5" in said and service.account("1000001@aruba.it").value.open_cart.cart.users == 3
    assert "Non sono sicuro" in chat.send(SetQuantity(Step.STORAGE, extreme="max"))


def test_the_suggested_modules_are_the_ones_not_bought(service):
    chat = Chat(service)
    chat.send(StartRenewal(), SuggestedModule(2))
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == {"conservazione", "solleciti", "archivio"}


def test_automatic_renewal_paid_another_way_says_what_changes_then_renews(service):
    """Issue 26, class 7."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), ChoosePayment("bank_transfer"))
    assert "16/01/2027" in said and "non avviene in automatico" in said and chat.state.asked == "renew_anyway"
    chat.send(StartRenewal(anyway=True))
    assert service.account("1000003@aruba.it").value.open_cart.cart.payment_method.value == "bank_transfer"


def test_a_cancelled_renewal_comes_back_as_it_was(service):
    """Issue 26, class 6 (batch m, m-023): «ho cambiato idea, procediamo» after «annulla»."""
    from renewal.dialogue.commands import Cancel
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), ChoosePayment("bank_transfer"))
    chat.send(Cancel())
    assert service.account("1000001@aruba.it").value.open_cart is None
    said = chat.send(StartRenewal(again=True), AcceptTerms())
    cart = service.account("1000001@aruba.it").value.open_cart.cart
    assert cart.years == 2 and cart.payment_method.value == "bank_transfer" and "190,32 €" in said


def test_automatic_renewal_another_way_is_explained_once(service):
    chat = Chat(service, "1000003@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(ChoosePayment("postal_slip"))  # "voglio pagare col bollettino, si può?"
    assert "non avviene in automatico" in said and service.account("1000003@aruba.it").value.open_cart is None
    chat.send(StartRenewal(anyway=True))  # "sì"
    assert service.account("1000003@aruba.it").value.open_cart.cart.payment_method.value == "postal_slip"


def test_back_as_before_after_a_module_is_the_module(service):
    """Batch n (n-030): years set, a module added, «rimetti come prima» takes the module out, not the years."""
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), AddModule("api"))
    assert chat.state.last_quantity is None and chat.state.last_module == "api"


def test_clarify_changes_nothing_and_says_what_to_write(service):
    from renewal.dialogue.commands import Clarify
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(Clarify())
    assert "Non sono sicuro" in said and "5 GB" in said and chat.state.asked == "storage"
    assert service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 3


def test_accept_and_confirm_with_a_change_in_the_same_message_places_no_order(service):
    """Batch o (o-012, o-022): «accetto e confermo però aggiungi anche i solleciti» at the conditions."""
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)), ChoosePayment("bank_transfer"))
    said = chat.send(AcceptTerms(), Confirm(), AddModule("api"))
    assert service.orders("1000001@aruba.it") == [] and "api" in service.account(
        "1000001@aruba.it").value.open_cart.cart.modules and chat.state.asked == "confirm" and "Confermi" in said
    chat.send(Confirm())
    assert service.orders("1000001@aruba.it")[0].lines


def test_filling_in_the_payment_with_the_confirmation_places_the_order(service):
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), Keep((Step.YEARS,)))
    assert "FE-" in chat.send(ChoosePayment("bank_transfer"), AcceptTerms(), Confirm())


def test_what_a_code_is_for_says_what_it_is_worth(service):
    """Batch o (o-008): «è uno sconto fisso? di quanto?»."""
    said = Chat(service).send(Ask(Topic.CODE_INFO))
    assert "10%" in said and "associazione" in said


def test_the_refused_quantity_is_the_one_spoken_of_last(service):
    """Batch q (q-002): users refused, storage set in the same message; «togline solo uno» is about the users."""
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.USERS, value=Decimal(1)), SetQuantity(Step.STORAGE, extreme="min"))
    assert chat.state.last_quantity is Step.USERS


def test_a_factor_of_an_extreme_and_of_the_value_at_the_start(service):
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, factor=Decimal("0.5"), extreme="max"),
              SetQuantity(Step.STORAGE, factor=Decimal(2)))
    chat.send(SetQuantity(Step.STORAGE, factor=Decimal(3), of_original=True))
    cart = service.account("1000001@aruba.it").value.open_cart.cart
    assert cart.years == 5 and cart.storage_gb == 9


def test_prices_for_several_durations_change_nothing(service):
    chat = Chat(service)
    said = chat.send(StartRenewal(), Ask(Topic.PRICE, years=(Decimal(2), Decimal(5))))
    assert "190,32 €" in said and "475,80 €" in said and "14/12/2031" in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.years == 1 and chat.state.priced_durations == (2, 5)


def test_the_price_of_a_module_changes_nothing_and_it_is_then_the_one_spoken_of(service):
    chat = Chat(service)
    chat.send(StartRenewal(), SuggestedModule(2))  # the archive, second among the ones not bought
    said = chat.send(Ask(Topic.PRICE, module=SuggestedModule(0, besides="archivio")))
    assert "Integrazione API costa 30,00 € l'anno più IVA" in said and "da 107,36 € a 143,96 €" in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == {
        "archivio", "conservazione", "solleciti"}
    assert chat.state.last_module == "api"


def test_the_price_with_no_cart_is_everything_as_bought_for_one_year(service):
    said = Chat(service, "1000003@aruba.it").send(Ask(Topic.PRICE))
    assert "Con il rinnovo automatico del 16/01/2027 ti verranno addebitati 51,24 € IVA inclusa" in said
    assert "23/01/2028" in said and service.account("1000003@aruba.it").value.open_cart is None
    said = Chat(service, "1000005@aruba.it").send(Ask(Topic.PRICE))
    assert "16/08/2026" in said and "15/11/2026" in said and "€" not in said  # deleted: no price for a renewal it
    # cannot have, but why (batch bw, bw-024: «E' scaduto? Quanto costa riattivarlo?»)


def test_a_module_repeated_after_it_was_added_is_not_dropped(service):
    """Batch u (u-016): «aggiungere la conservazione» waited for the renew-anyway question, then «sì, due anni
    bonifico e conservazione» named it again: it stays."""
    chat = Chat(service, "1000003@aruba.it")
    chat.send(StartRenewal(), ChoosePayment("bank_transfer"), AddModule("conservazione"))
    said = chat.send(StartRenewal(anyway=True), SetQuantity(Step.YEARS, value=Decimal(2)), PickModule("conservazione"))
    assert "Ho tolto" not in said
    assert "conservazione" in service.account("1000003@aruba.it").value.open_cart.cart.modules


def test_a_sentence_is_said_once_a_turn_and_the_recap_says_the_storage_in_gb(service):
    chat = Chat(service, "1000004@aruba.it")
    said = chat.send(StartRenewal(), Ask(Topic.EXPIRY_CONSEQUENCES))
    assert said.count("Il servizio è scaduto il 25/10/2026") == 1
    said = chat.send(ChoosePayment("bank_transfer"), AcceptTerms())
    assert "Riepilogo dell'ordine:" in said and "- Spazio aggiuntivo: 2 GB x 2,00 € x 1 anno = 4,00 €" in said


def test_one_duration_priced_says_what_stays_in_the_cart(service):
    chat = Chat(service)
    said = chat.send(StartRenewal(), Ask(Topic.PRICE, years=(Decimal(3),)))
    assert "Con 3 anni il totale sarebbe 285,48 € IVA inclusa (nuova scadenza 14/12/2029)" in said
    assert "per ora nel carrello resta 1 anno" in said and chat.state.last_quantity is Step.YEARS


def test_a_change_beside_a_person_asked_for_is_shown(service):
    from renewal.dialogue.commands import HandOff
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(2)), HandOff())
    assert "Durata: 2 anni, nuova scadenza 14/12/2028" in said and "190,32 €" in said
    assert chat.replies[-1].text.endswith("Intanto posso continuare io ad aiutarti.")


def test_automatic_renewal_asked_once_with_the_price_or_renewed_now_when_said_outright(service):
    said = Chat(service, "1000003@aruba.it").send(StartRenewal(), ChoosePayment("postal_slip"))
    assert "Se rinnovi adesso con bollettino postale" in said and "51,24 € IVA inclusa (nuova scadenza 23/01/2028)" in said
    assert service.account("1000003@aruba.it").value.open_cart is None
    said = Chat(service, "1000003@aruba.it").send(StartRenewal(anyway=True), ChoosePayment("bank_transfer"))
    assert "Rinnovi adesso, senza aspettare il rinnovo automatico del 16/01/2027." in said
    assert "Rinnovi adesso con bonifico bancario, quindi questo rinnovo non avviene in automatico" in said


def test_a_quantity_supposed_is_priced_then_made_on_yes_and_forgotten_otherwise(service):
    """Batch x, x-022: «e se raddoppio gli utenti?» prices it, nothing changed; «sì» makes it; anything else
    forgets it."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)))
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.USERS, factor=Decimal(2))))
    assert "Con 2 utenti aggiuntivi il totale per 2 anni sarebbe 143,96 € IVA inclusa, invece di 131,76 €" in said
    assert [b.title for b in chat.replies[-1].buttons] == ["Sì, cambialo", "No, lascia così"]
    assert service.account("1000004@aruba.it").value.open_cart.cart.users == 1 and chat.state.asked == Asked.PROPOSAL
    said = chat.send(*chat.state.pending)  # "sì, fallo"
    assert "143,96 €" in said and service.account("1000004@aruba.it").value.open_cart.cart.users == 2
    chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.USERS, value=Decimal(5))))
    chat.send(SetQuantity(Step.YEARS, value=Decimal(1)))  # something else: the proposal is gone
    assert chat.state.pending == () and service.account("1000004@aruba.it").value.open_cart.cart.users == 2
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.STORAGE, value=Decimal(0))))  # a rule refuses it
    assert "0,8 GB" in said and chat.state.asked != Asked.PROPOSAL


def test_a_module_supposed_dropped_is_priced_then_dropped_on_yes(service):
    """«quanto costa senza i solleciti?»: the total without it, nothing changed; «sì» drops it; a module not in
    the cart is said so."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(Ask(Topic.PRICE, what_if=DropModule("solleciti")))
    assert "Senza Solleciti di pagamento il totale per 1 anno sarebbe 80,52 € IVA inclusa, invece di 95,16 €" in said
    assert "solleciti" in service.account("1000001@aruba.it").value.open_cart.cart.modules
    said = chat.send(*chat.state.pending)  # "sì, toglilo"
    assert "80,52 €" in said and "solleciti" not in service.account("1000001@aruba.it").value.open_cart.cart.modules
    said = chat.send(Ask(Topic.PRICE, what_if=DropModule("api")))
    assert "Integrazione API" in said and chat.state.asked != Asked.PROPOSAL


def test_the_total_asked_while_asked_to_renew_now_is_the_one_with_the_changes(service):
    """Batch bb, bb-014: with automatic renewal on, 2 GB, the Conservazione and 5 years asked for, «quanto siamo
    complessivamente?» is their total (390,40 €), not the automatic renewal's, and «scade quando?» their new expiry;
    the question stays."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(2)), AddModule("conservazione"),
                     SetQuantity(Step.YEARS, value=Decimal(5)))
    assert "390,40 €" in said and chat.state.asked == Asked.RENEW_ANYWAY
    said = chat.send(Ask(Topic.PRICE))
    assert "390,40 €" in said and "51,24 €" not in said and chat.state.asked == Asked.RENEW_ANYWAY
    said = chat.send(Ask(Topic.STATUS))  # "ma poi scade quando?" (batch bc, bc-025): the new expiry with them
    assert "23/01/2032" in said and len(chat.state.pending) == 3


def test_the_last_change_taken_back_puts_its_quantity_back(service):
    """Batch bb, bb-002: users 3 → 2, a question, then «lasci stare l'ultimo cambio»: 3 again."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.USERS, value=Decimal(2)))
    chat.send(Ask(Topic.PRICE))
    said = chat.send(Restore(Step.USERS, before_last=True))
    assert "95,16 €" in said and service.account("1000001@aruba.it").value.open_cart.cart.users == 3


def test_prices_asked_before_renewing_anyway_are_said_then_one_is_chosen(service):
    """Batch y, y-018: «quanto per un anno e quanto per tre?» with automatic renewal on: the question to renew now
    says both, and «prendo quella più lunga» renews now for 3 years."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), Ask(Topic.PRICE, years=(Decimal(1), Decimal(3))))
    assert "per 1 anno il totale è 51,24 €" in said and "per 3 anni il totale è 153,72 €" in said
    assert chat.state.asked == Asked.RENEW_ANYWAY and len(chat.state.pending) == 1
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(3)))  # "eja, allora prendo quella più lunga"
    assert service.account("1000003@aruba.it").value.open_cart.cart.years == 3 and "153,72 €" in said


def test_cancelling_the_whole_order_prepared_is_asked_first_and_no_shows_it_again(service):
    """Issue 27 (2): «Annulla» next to «Conferma e completa l'ordine» asks before throwing the cart away."""
    chat = Chat(service)
    chat.send(StartRenewal(), Keep(CART_ITEMS), NoCode(), SetQuantity(Step.YEARS, value=Decimal(2)),
              ChoosePayment("bank_transfer"), AcceptTerms())
    assert chat.state.asked == Asked.CONFIRM
    said = chat.send(Cancel())
    assert said.startswith("Vuoi annullare il rinnovo? Perderai il carrello che hai preparato (2 anni, totale 190,32 €)")
    assert [b.title for b in chat.replies[-1].buttons] == ["Sì, annulla", "No, torna al riepilogo"]
    assert service.account("1000001@aruba.it").value.open_cart is not None and chat.state.asked == Asked.CANCEL_CART
    said = chat.send(SmallTalk("ok"))  # "no aspetta, volevo confermare": the recap and the question again
    assert "Riepilogo dell'ordine" in said and "190,32 €" in said and chat.state.asked == Asked.CONFIRM
    chat.send(Cancel())
    said = chat.send(Cancel(confirmed=True))  # "sì, annulla"
    assert "Ho annullato il rinnovo" in said and service.account("1000001@aruba.it").value.open_cart is None
    said = chat.send(StartRenewal(again=True))  # "ho cambiato idea": the cart back as it was
    assert "190,32 €" in said and service.account("1000001@aruba.it").value.open_cart.cart.payment_method is not None


def test_each_sentence_once_a_turn_and_storage_sold_in_whole_gb(service):
    """Issue 27 (5, 6, 9): a refusal and the question after it do not say the same twice; 2,5 GB used means at
    least 3 GB because storage is sold in whole GB; «hai 3 GB», not «ne hai 3 GB»."""
    chat = Chat(service, "1000002@aruba.it")
    said = chat.send(StartRenewal())
    assert "Spazio aggiuntivo: hai 3 GB e ne usi 2,5 GB." in said
    assert "lo spazio si acquista a GB interi: con 2,5 GB usati il minimo è 3 GB" in said
    said = chat.send(SetQuantity(Step.STORAGE, value=Decimal(2)))
    assert said.count("2,5 GB") >= 1 and "Non puoi diminuirlo" not in said and "effettivamente" not in said
    promo = Chat(service, "1000006@aruba.it")
    promo.send(StartRenewal())
    said = promo.send(SetQuantity(Step.YEARS, value=Decimal(5)))
    assert said.count("puoi rinnovarlo per 1 o 2 anni") == 1, said


def test_accepting_and_confirming_the_renew_now_question_places_the_order_it_priced(service):
    """Batch ab (ab-013): asked whether to renew now by bank transfer, with the total, «accetto le condizioni e
    confermo» renews and places that order in the same message."""
    chat = Chat(service, "1000003@aruba.it")
    asked = chat.send(ChoosePayment("bank_transfer"))
    assert "51,24 €" in asked and chat.state.asked == "renew_anyway"
    said = chat.send(AcceptTerms(), StartRenewal(anyway=True), Confirm())
    [order] = service.orders("1000003@aruba.it")
    assert f"Ordine n. {order.number} confermato: totale 51,24 €" in said
    assert order.payment_method.value == "bank_transfer"


def test_the_renew_now_question_prices_the_modules_asked_for(service):
    """Batch ab (ab-016): «vorrei rinnovare ora con bonifico e aggiungere la Conservazione a norma» with automatic
    renewal on: asked whether to renew now, priced with the module (nothing opened yet); «sì» renews with it."""
    chat = Chat(service, "1000003@aruba.it")
    asked = chat.send(ChoosePayment("bank_transfer"), AddModule("conservazione"))
    assert ("Rinnovando con Conservazione a norma in più, per 1 anno il totale è 75,64 € IVA inclusa "
            "(nuova scadenza 23/01/2028)") in asked and "51,24 €" not in asked
    assert service.account("1000003@aruba.it").value.open_cart is None
    chat.send(StartRenewal(anyway=True))
    cart = service.account("1000003@aruba.it").value.open_cart
    assert "conservazione" in cart.cart.modules and cart.quote.total == Decimal("75.64")


def test_no_order_in_a_message_whose_change_was_refused(service):
    """Batch ac (ac-010): «accetto le condizioni... però levatemi quello dell'API. Poi confermo» with the API not
    in the cart: the change is refused with its reason and the order waits for a confirmation of what is shown."""
    chat = Chat(service)
    chat.send(StartRenewal(), ChoosePayment("card"))
    said = chat.send(AcceptTerms(), DropModule("api"), Confirm())
    assert service.orders("1000001@aruba.it") == [] and "Confermi e completi l'ordine?" in said
    said = chat.send(Confirm())
    assert "confermato" in said and len(service.orders("1000001@aruba.it")) == 1


def test_one_less_after_a_refusal_comes_down_from_the_value_refused_when_the_cart_could_not(service):
    """Batch ac (ac-029): «3 anni» refused for a promotional product (1 or 2), «allora uno in meno» is 2 years
    (from the cart it would be 0); but after «1 utente» refused (2 configured), «riducili di uno» is from the cart."""
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)))
    said = chat.send(SetQuantity(Step.YEARS, delta=Decimal(-1)))
    assert "09/12/2028" in said and "29,28 €" in said
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.USERS, value=Decimal(1)))
    chat.send(SetQuantity(Step.USERS, delta=Decimal(-1)))
    assert service.account("1000001@aruba.it").value.open_cart.cart.users == 2


def test_the_modules_are_listed_with_their_prices_before_any_renewal_is_open(service):
    """Batch ac (ac-003, ac-027): «quali moduli mi proponete e quanto costano?» lists them priced, nothing opened;
    «il meno caro dei due» then refers to that list."""
    chat = Chat(service)
    said = chat.send(Ask(Topic.MODULES))
    assert "3. Integrazione API (30,00 € l'anno) - puoi aggiungerlo" in said
    assert "1. Conservazione a norma (20,00 € l'anno) - ce l'hai" in said
    assert service.account("1000001@aruba.it").value.open_cart is None
    assert chat.state.listed_modules == ("conservazione", "solleciti", "api", "archivio")


def test_renewing_now_by_card_says_when_the_automatic_renewal_comes_next(service):
    """Batch ac (ac-016): «vorrei farlo adesso per 2 anni, sempre con la carta»: the question says the next
    automatic renewal, 7 days before the new expiry."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(2)), ChoosePayment("card"))
    assert ("per 2 anni il totale è 102,48 € IVA inclusa (nuova scadenza 23/01/2029, poi il rinnovo automatico il "
            "16/01/2029)") in said


def test_a_duration_priced_while_asked_whether_to_renew_now(service):
    """Batch ac (ac-017): asked whether to renew now by bank transfer, «e quanto viene per tre anni?» is priced as
    bought, nothing opened; «mettete i tre anni» then renews that way for three years."""
    chat = Chat(service, "1000003@aruba.it")
    chat.send(ChoosePayment("bank_transfer"))
    said = chat.send(Ask(Topic.PRICE, years=(Decimal(3),)))
    assert "per 3 anni il totale è 153,72 € IVA inclusa (nuova scadenza 23/01/2030)" in said
    assert service.account("1000003@aruba.it").value.open_cart is None
    chat.send(SetQuantity(Step.YEARS, value=Decimal(3)))
    cart = service.account("1000003@aruba.it").value.open_cart.cart
    assert cart.years == 3 and cart.payment_method.value == "bank_transfer"


def test_no_order_when_the_message_that_renews_now_also_changes_the_cart(service):
    """Batch ad (ad-018): asked whether to renew now by postal slip, «accetto le condizioni e confermo, però
    aggiungi 1 GB di spazio in più»: renewed that way with the change, the recap shown, no order yet."""
    chat = Chat(service, "1000003@aruba.it")
    chat.send(ChoosePayment("postal_slip"))
    said = chat.send(AcceptTerms(), StartRenewal(anyway=True), Confirm(), SetQuantity(Step.STORAGE, delta=Decimal(1)))
    assert service.orders("1000003@aruba.it") == [] and "Confermi e completi l'ordine?" in said
    cart = service.account("1000003@aruba.it").value.open_cart.cart
    assert cart.storage_gb == 2 and cart.payment_method.value == "postal_slip"


def test_a_change_the_rules_refuse_is_said_in_the_question_to_renew_now(service):
    """Batch ad (ad-016): «voglio rinnovare adesso, e senza spazio aggiuntivo: toglilo tutto» with automatic
    renewal on: the question to renew now says at once why the storage cannot go (0,4 GB used)."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(0)))
    assert "0,4 GB" in said and "Vuoi rinnovare adesso?" in said


def test_one_change_shows_its_line_and_the_new_total_not_the_whole_cart(service):
    """Issue 27 (7): after one change, its line, the new expiry and the total; the whole cart when the renewal
    opens, when several things changed, and before the order."""
    chat = Chat(service)
    opened = chat.send(StartRenewal())
    assert "Il tuo carrello di rinnovo:" in opened
    said = chat.send(SetQuantity(Step.USERS, value=Decimal(2)))
    assert "Carrello aggiornato:\n- Utenti aggiuntivi: 2 utenti (di cui 2 configurati)" in said
    assert "nuova scadenza 14/12/2027" in said and "= 89,06 €" in said and "Il tuo carrello" not in said
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(2)), ChoosePayment("card"))
    assert "Il tuo carrello di rinnovo:" in said  # two things changed: the whole cart
    said = chat.send(SetQuantity(Step.YEARS, value=Decimal(3)))
    assert "nuova scadenza 14/12/2029" in said and "il prossimo il 07/12/2029" in said  # the automatic renewal moves


def test_a_step_refused_in_the_question_to_renew_now_is_the_one_spoken_of_next(service):
    """Batch ag (ag-016): «desidero rinnovare togliendo l'utente aggiuntivo» with automatic renewal on and the user
    configured: the question to renew now says why not (1 configured); «allora ne aggiunga uno» renews now with 2."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.USERS, delta=Decimal(-1)))
    assert "1 è già configurato" in said and "Vuoi rinnovare adesso?" in said
    assert chat.state.last_quantity is Step.USERS
    chat.send(SetQuantity(Step.USERS, delta=Decimal(1)))
    assert service.account("1000003@aruba.it").value.open_cart.cart.users == 2


def test_the_one_module_recommended_is_the_one_spoken_of(service):
    """Batch ag (ag-020): «cosa mi consigliate?» with one add-on left to suggest, then «ok mettilo»: that one."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(Ask(Topic.MODULES))
    assert "Solleciti di pagamento (12,00 € l'anno)" in said and chat.state.last_module == "solleciti"
    chat.send(AddModule(chat.state.last_module))
    assert "solleciti" in service.account("1000004@aruba.it").value.open_cart.cart.modules


def test_no_order_to_pay_says_where_the_bank_details_will_arrive(service):
    """Batch ag (ag-015): «nun trovu a pagina pe pagari» before any order: the address the e-mail goes to."""
    chat = Chat(service, "1000003@aruba.it")
    assert "amministrazione@verdiimpianti.example" in chat.send(Ask(Topic.PAY_LINK))


def test_renewing_now_another_way_and_a_person_opens_the_renewal_for_the_agent(service):
    """Batch v (v-017): automatic renewal on, «quest'anno pago con bonifico, e poi vorrei parlare con una persona»:
    no question left waiting; the renewal opens by bank transfer, what changes is said, and the person is asked."""
    from renewal.dialogue.commands import HandOff
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(ChoosePayment("bank_transfer"), HandOff())
    assert "non avviene in automatico" in said and "= 51,24 €" in said and chat.state.asked != "renew_anyway"
    assert service.account("1000003@aruba.it").value.open_cart.cart.payment_method.value == "bank_transfer"


def test_back_as_before_the_last_change_or_as_the_renewal_opened(service):
    """Batch ah (ah-016): 3 years, then 5, then «torna come prima»: 3; «rimetti com'era» (batch i): as it opened."""
    from renewal.dialogue.commands import Restore
    chat = Chat(service)
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)))
    chat.send(SetQuantity(Step.YEARS, value=Decimal(5)))
    chat.send(Restore(Step.YEARS, before_last=True))
    assert service.account("1000001@aruba.it").value.open_cart.cart.years == 3
    chat.send(SetQuantity(Step.STORAGE, value=Decimal(5)))
    chat.send(SetQuantity(Step.STORAGE, value=Decimal(2)))
    chat.send(Restore(Step.STORAGE))
    assert service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 3


def test_doubling_nothing_doubles_the_quantity_spoken_of(service):
    """Batch ah (ah-029): «quanto costa un anno?», then, asked about storage (none bought), «ok fai il doppio»:
    the years, not 0 GB twice."""
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), Ask(Topic.PRICE, years=(Decimal(1),)))
    assert chat.state.last_quantity is Step.YEARS
    said = chat.send(SetQuantity(Step.STORAGE, factor=Decimal(2)))
    assert service.account("1000006@aruba.it").value.open_cart.cart.years == 2 and "09/12/2028" in said


def test_paying_by_bank_transfer_says_where_the_details_go(service):
    """Batch ah: the payment line names the address the bank details are sent to."""
    chat = Chat(service)
    said = chat.send(StartRenewal(), ChoosePayment("bank_transfer"))
    assert "all'indirizzo amministrazione@studiorossi.example" in said


def test_the_renew_now_question_prices_storage_and_the_module_recommended(service):
    """Batch aj (aj-014, aj-015): with automatic renewal on, «vorrei triplicare lo spazio» and «aggiungendo il
    modulo che mi proponete» are priced in the question to renew now (nothing opened), each once."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(SetQuantity(Step.STORAGE, factor=Decimal(3)))
    assert "Rinnovando con 3 GB di spazio aggiuntivo, per 1 anno il totale è 56,12 € IVA inclusa" in said
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SuggestedModule(0), ChoosePayment("paypal"))
    assert "Rinnovando con Conservazione a norma in più, per 1 anno il totale è 75,64 € IVA inclusa" in said
    assert service.account("1000003@aruba.it").value.open_cart is None


def test_a_factor_while_asked_whether_to_renew_now_is_of_the_duration_asked_before(service):
    """Batch aj (aj-013): «rinnovare subito per il massimo degli anni» priced 10 years; «fa' la metà» renews now
    for half of them, 5 years (a change said to that question renews with it)."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.YEARS, extreme="max"))
    assert "per 10 anni il totale è 512,40 €" in said and chat.state.last_quantity is Step.YEARS
    said = chat.send(SetQuantity(Step.YEARS, factor=Decimal("0.5")))
    cart = service.account("1000003@aruba.it").value.open_cart
    assert cart.cart.years == 5 and cart.quote.total == Decimal("256.20") and "23/01/2032" in said


def test_the_modules_listed_before_the_renewal_opened_keep_their_numbers(service):
    """Batch aj (aj-003): the add-ons listed with no renewal open, one added (which opens it), then «metti anche
    l'ultimo che mi hai elencato» is the last of that list."""
    chat = Chat(service)
    chat.send(Ask(Topic.MODULES))
    chat.send(AddModule("api"))
    assert chat.state.listed_modules == ("conservazione", "solleciti", "api", "archivio")


def test_a_customer_who_cannot_use_a_deleted_service_is_told_why(service):
    """Batch aj (aj-023): «non riesco più a usare la fatturazione elettronica», read as how to sign in, from a
    customer already known whose service was deleted: the status with its dates, not how to sign in."""
    said = Chat(service, "1000005@aruba.it").send(Ask(Topic.SIGN_IN))
    assert "cancellato il 15/11/2026" in said and "areaclienti.pec.it con il tuo account" not in said
    assert "areaclienti.pec.it" in Chat(service).send(Ask(Topic.SIGN_IN))


def test_a_module_priced_with_no_renewal_open_then_added(service):
    """Batch am (am-003): «quello per collegare il gestionale quanto costa all'anno?» with no renewal open: its
    yearly price and the renewal as bought with it, nothing opened; «ok, aggiungilo» opens the renewal with it."""
    chat = Chat(service)
    said = chat.send(Ask(Topic.PRICE, module=PickModule("api")))
    assert "Integrazione API costa 30,00 € l'anno più IVA" in said and "da 95,16 € a 131,76 €" in said
    assert service.account("1000001@aruba.it").value.open_cart is None
    chat.send(AddModule(chat.state.last_module))
    cart = service.account("1000001@aruba.it").value.open_cart
    assert "api" in cart.cart.modules and cart.quote.total == Decimal("131.76")


def test_what_happens_if_the_automatic_charge_fails(service):
    """Batch am (am-017): «cosa accade qualora l'addebito automatico sulla carta non andasse a buon fine?»: no
    renewal then; the expiry, the days with limitations and the last day to renew by hand; «sì» renews now."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(Ask(Topic.AUTOMATIC_FAILED))
    assert "Se l'addebito automatico del 16/01/2027 non va a buon fine, il rinnovo non avviene" in said
    assert "scade il 23/01/2027 e nei 90 giorni successivi" in said and "fino al 23/04/2027" in said
    assert chat.state.asked == "renew_anyway"
    said = Chat(service, "1000004@aruba.it").send(Ask(Topic.AUTOMATIC_FAILED))  # expired already: what holds now
    assert "è scaduto il 25/10/2026" in said and "non va a buon fine" not in said


def test_asked_about_automatic_renewal_says_what_paying_another_way_changes(service):
    """Batch ap, ap-016: «e se pago col bonifico invece che con la carta cosa cambia?» with automatic renewal on:
    when it runs, and that renewing now by transfer or slip is not automatic, the details to the address on file."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(Ask(Topic.EMAILS), Ask(Topic.AUTOMATIC_RENEWAL))
    assert "amministrazione@verdiimpianti.example" in said and "avverrà il 16/01/2027" in said
    assert "Se rinnovi adesso con bonifico o bollettino, questo rinnovo non avviene in automatico" in said
    assert service.account("1000003@aruba.it").value.open_cart is None and chat.state.asked == Asked.RENEW_ANYWAY


def test_a_module_asked_about_is_the_one_spoken_of(service):
    """Batch ap, ap-014: «la conservazione a norma che cos'è?», then «mettila»."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal())
    chat.send(Ask(Topic.MODULES, about="solleciti"))
    assert chat.state.last_module == "solleciti"
    said = chat.send(AddModule(chat.state.last_module))
    assert "Solleciti di pagamento" in said and "solleciti" in service.account("1000004@aruba.it").value.open_cart.cart.modules


def test_a_duration_proposed_says_its_expiry_and_a_bare_number_then_is_a_duration(service):
    """Batch aq, aq-027: «rinnovo 2 anni», then «no 1» to the storage question is proposed, with the new expiry;
    nothing changes until «sì»."""
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)))
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, value=Decimal(1))))
    assert "Per 1 anno (nuova scadenza 09/12/2027) il totale sarebbe 14,64 € IVA inclusa, invece di 29,28 €" in said
    assert service.account("1000006@aruba.it").value.open_cart.cart.years == 2 and chat.state.asked == Asked.PROPOSAL
    chat.send(*chat.state.pending)  # "sì"
    assert service.account("1000006@aruba.it").value.open_cart.cart.years == 1


def test_a_code_asked_about_is_checked_and_the_cart_keeps_its_own(service):
    """Batches au and av: «il codice ING2025 che usavo l'anno scorso è ancora valido?» says when it expired, nothing
    opened; «sto codice convenzione cos'è? vale anche l'anno prossimo?» with COMM2026 in the cart keeps it and says
    until when it is valid."""
    chat = Chat(service, "1000002@aruba.it")
    said = chat.send(Ask(Topic.CODE_INFO, about="ING2025"))
    assert "ING2025 (Ordine degli Ingegneri) è scaduto il 25/10/2026" in said
    assert service.account("1000002@aruba.it").value.open_cart is None
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), GiveCode("COMM2026"))
    said = chat.send(Ask(Topic.CODE_INFO))
    assert "COMM2026 (Ordine dei Dottori Commercialisti) è valido fino al 29/12/2027" in said and "10%" in said
    assert service.account("1000006@aruba.it").value.open_cart.cart.agreement_code == "COMM2026"


def test_the_module_bought_before_and_what_a_module_does(service):
    """Batches am and av: «a che serve?» about the module spoken of says what it does and its price; «leva quello
    che tenevo già» drops the one bought before, not the one just added; with two bought, which is asked."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(Ask(Topic.MODULES, about="solleciti"))
    assert "Solleciti di pagamento (12,00 € l'anno + IVA): promemoria automatici ai clienti che non hanno pagato." in said
    chat.send(AddModule("solleciti"))
    chat.send(SuggestedModule(0, added=False, bought=True))
    assert service.account("1000004@aruba.it").value.open_cart.cart.modules == frozenset({"solleciti"})
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(SuggestedModule(0, added=False, bought=True))
    assert "Avevi già 2 moduli (Conservazione a norma, Solleciti di pagamento): dimmi quale intendi." in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == frozenset({"conservazione", "solleciti"})


def test_the_price_without_the_code_or_with_everything_as_bought(service):
    """Batch ar: the cart's total beside the same renewal without its code, or with everything as bought."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal(), GiveCode("ING2026"))
    said = chat.send(Ask(Topic.PRICE, without="code"))
    assert ("Con il codice ING2026 il totale è 80,89 € IVA inclusa (sconto 15% di 11,70 € + IVA); senza codice sarebbe "
            "95,16 € (risparmi 14,27 € IVA inclusa).") in said
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), AddModule("solleciti"), SetQuantity(Step.USERS, value=Decimal(2)))
    said = chat.send(Ask(Topic.PRICE, without="changes"))
    assert "Rinnovando tutto come l'hai acquistato, per 1 anno il totale sarebbe 14,64 € IVA inclusa; con il carrello " \
           "di ora è 41,48 €." in said
    assert service.account("1000006@aruba.it").value.open_cart.cart.users == 2


def test_what_paying_changes_with_the_years_asked_while_asked_whether_to_renew_now(service):
    """Batch ar, ar-016: «please add conservazione module and make it 2 years» with automatic renewal on, then
    «what happens dopo che pago?»: the expiry moves by the 2 years asked for; nothing opened."""
    chat = Chat(service, "1000003@aruba.it")
    chat.send(AddModule("conservazione"), SetQuantity(Step.YEARS, value=Decimal(2)))
    assert chat.state.asked == Asked.RENEW_ANYWAY
    said = chat.send(Ask(Topic.AFTER_PAYMENT))
    assert "con un rinnovo di 2 anni la scadenza passa dal 23/01/2027 al 23/01/2029" in said
    assert service.account("1000003@aruba.it").value.open_cart is None


def test_a_question_about_the_step_asked_asks_it_again_and_a_step_up_replaces_the_last(service):
    """Batches aw and ax: «e come li cancello dal pannello?» to the users question is answered and the users are
    asked again (not the first step still open); «mettene due in più invece de uno» after one more GB is two more
    than before it."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.USERS, delta=Decimal(-2)))
    assert chat.state.asked == Asked.USERS
    said = chat.send(Ask(Topic.WHY_USERS))
    assert "cancellali prima dal pannello" in said and chat.state.asked == Asked.USERS
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.STORAGE, delta=Decimal(1)))
    chat.send(SetQuantity(Step.STORAGE, delta=Decimal(2), instead_of_last=True))
    assert service.account("1000002@aruba.it").value.open_cart.cart.storage_gb == 5


def test_a_way_to_pay_told_again_says_where_the_details_go(service):
    """Batch ay: «sì col bonifico come dicevo» with the transfer already chosen says it, with the reference
    address the details go to; nothing else changes."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal(), ChoosePayment("bank_transfer"))
    said = chat.send(ChoosePayment("bank_transfer"))
    assert "Pagamento: bonifico bancario" in said and "amministrazione@studiorossi.example" in said


def test_only_the_modules_named_among_those_just_added_keeps_the_ones_bought(service):
    """Batch bg, bg-009: «aggiungi solleciti e api», then «l'api toglila, solo solleciti» keeps the Conservazione
    bought; «solo la conservazione» from the cart as bought still drops the rest."""
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal(), AddModule("solleciti"), AddModule("api"))
    chat.send(OnlyModules(("solleciti",)))
    assert service.account("1000002@aruba.it").value.open_cart.cart.modules == {"conservazione", "solleciti"}
    rossi = Chat(service, "1000001@aruba.it")
    rossi.send(StartRenewal())
    rossi.send(OnlyModules(("conservazione",)))
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == {"conservazione"}


def test_one_more_user_priced_says_what_one_costs_and_changes_nothing(service):
    """Batch bg, bg-028: «quanto costa un utente in più all'anno?» says 5,00 € a year plus VAT and both totals;
    «va bene così» keeps the cart; the automatic renewal's answer says until when it renews."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.USERS, delta=Decimal(1))))
    assert "Un utente aggiuntivo costa 5,00 € l'anno più IVA" in said and "101,26 €" in said and "95,16 €" in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.users == 3
    said = Chat(service, "1000003@aruba.it").send(Ask(Topic.AUTOMATIC_RENEWAL))
    assert "16/01/2027" in said and "fino al 23/01/2028" in said


def test_a_duration_chosen_by_its_price_among_those_priced(service):
    """Batch bj, bj-019: after 1 and 2 years were priced, «quello da 161,04» is 2 years; a price none of them has
    is said so and changes nothing."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal(), AddModule("solleciti"))
    said = chat.send(Ask(Topic.PRICE, years=(Decimal(1), Decimal(2))))
    assert "80,52 €" in said and "161,04 €" in said and chat.state.priced_durations == (1, 2)
    priced = chat.state.price_options
    said = chat.send(PricedOption(Decimal("99.99"), priced))
    assert "Nessuna delle durate che ti ho indicato costa 99,99 €" in said
    assert service.account("1000004@aruba.it").value.open_cart.cart.years == 1
    said = chat.send(PricedOption(Decimal("161.04"), priced))
    assert "25/10/2028" in said and service.account("1000004@aruba.it").value.open_cart.cart.years == 2


def test_alternatives_priced_side_by_side_then_one_chosen(service):
    """Batch bj, bj-007 and bj-009: each alternative's total, nothing changed; «quella da 92,72» makes that one;
    the alternatives survive the slots."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal())
    storage = ((SetQuantity(Step.STORAGE, value=Decimal(1)),), (SetQuantity(Step.STORAGE, value=Decimal(2)),))
    said = chat.send(Ask(Topic.PRICE, options=storage))
    assert "1. con 1 GB di spazio aggiuntivo: 90,28 €" in said and "2. con 2 GB di spazio aggiuntivo: 92,72 €" in said
    assert "95,16 €" in said and service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 3
    assert options_from_list(options_to_list(chat.state.price_options)) == chat.state.price_options == storage
    said = chat.send(PricedOption(Decimal("92.72"), chat.state.price_options))
    assert "92,72 €" in said and service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 2
    said = chat.send(Ask(Topic.PRICE, options=((AddModule("api"),), (AddModule("archivio"), DropModule("solleciti")))))
    assert "1. con Integrazione API: 129,32 €" in said
    assert "2. con Archivio documenti, senza Solleciti di pagamento: 90,28 €" in said
    said = chat.send(PricedOption(Decimal("99.99"), chat.state.price_options))
    assert "Nessuna delle opzioni che ti ho indicato costa 99,99 €" in said
    assert service.account("1000001@aruba.it").value.open_cart.cart.modules == {"conservazione", "solleciti"}


def test_a_refused_code_is_remembered_for_the_next_message(service):
    """Batch bl, bl-011: the code just refused is what an objection next is about; one message only."""
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal())
    said = chat.send(GiveCode("ARCH2027"))
    assert "ARCH2027" in said and chat.state.refused_code == "ARCH2027"
    said = chat.send(Ask(Topic.CODE_INFO, about=chat.state.refused_code))
    assert "non risulta valido" in said and "operatore" in said and chat.state.refused_code is None


def test_answers_that_say_the_dates_the_customer_asked_about(service):
    """Batches bm and bn: the status says where a renewal now would take the expiry, or until when the automatic
    renewal renews; paying asked about by a deleted service says it is deleted; the automatic renewal asked
    about with a renewal open says both when it runs today and after renewing now."""
    said = Chat(service, "1000004@aruba.it").send(Ask(Topic.STATUS))
    assert "25/10/2026" in said and "la nuova scadenza sarà il 25/10/2027" in said
    said = Chat(service, "1000003@aruba.it").send(Ask(Topic.STATUS))
    assert "16/01/2027" in said and "fino al 23/01/2028" in said
    said = Chat(service, "1000005@aruba.it").send(Ask(Topic.PAYMENT))
    assert "16/08/2026" in said and "15/11/2026" in said and "nessun ordine" in said
    chat = Chat(service, "1000003@aruba.it")
    chat.send(StartRenewal(anyway=True))
    said = chat.send(Ask(Topic.AUTOMATIC_RENEWAL))
    assert "avverrà il 16/01/2027" in said and "il prossimo avverrà il 16/01/2028" in said


def test_supposed_extremes_and_ratios_are_priced_without_opening_or_changing(service):
    """Batch bo: «quanto pagherei per il massimo degli anni?» before renewing prices the longest renewal as bought
    (2 years for a promotional product), opening nothing; «il doppio degli anni quanto costerebbe?» with a renewal
    open prices it and changes nothing until «sì»."""
    chat = Chat(service)
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, extreme="max")))
    assert "10 anni" in said and "951,60 €" in said and "14/12/2036" in said and chat.state.cart_id is None
    said = Chat(service, "1000006@aruba.it").send(Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, extreme="max")))
    assert "2 anni" in said and "29,28 €" in said and "09/12/2028" in said
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)))
    said = chat.send(Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, factor=Decimal(2))))
    assert "6 anni" in said and service.account("1000004@aruba.it").value.open_cart.cart.years == 3


def test_an_unknown_module_asked_with_renewing_now_is_said_at_once(service):
    """Batch bp, bp-015: automatic renewal on, «rinnovo adesso e aggiungo il modulo magazzino»: the question to
    renew now says the module is unknown; nothing waits for the answer in its place."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), UnknownModule("magazzino"))
    assert "Non conosco il modulo «magazzino»" in said and "51,24 €" in said and chat.state.asked == Asked.RENEW_ANYWAY
    assert not any(isinstance(c, UnknownModule) for c in chat.state.pending)


def test_accepting_with_the_confirmation_places_one_order_and_says_it_once(service):
    """Batch bo, bo-027: «sì confermo e accetto» to «Confermi?» with the terms accepted already: one order, and no
    «già confermato» beside it."""
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal(), ChoosePayment("bank_transfer"), Keep(CART_ITEMS), NoCode(), AcceptTerms())
    assert chat.state.asked == Asked.CONFIRM
    said = chat.send(Confirm(), AcceptTerms())
    assert said.count("FE-2026-") == 1 and "già confermato" not in said


def test_a_change_from_what_the_renewal_opened_with(service):
    """Batch bq, bq-029: 1 user, «metti due utenti in più» (3), «anzi no, uno solo in più di quello che avevo»: 2,
    from the value the renewal opened with, not 4."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.USERS, delta=Decimal(2)))
    said = chat.send(SetQuantity(Step.USERS, delta=Decimal(1), of_original=True))
    assert service.account("1000004@aruba.it").value.open_cart.cart.users == 2 and "71,98 €" in said


def test_the_one_suggested_priced_before_renewing(service):
    """Batch br, br-016: automatic renewal on, «e se rinnovassi adesso aggiungendo quello che mi consigliate, quanto
    pagherei?»: the renewal as bought with the one module suggested, nothing opened."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(Ask(Topic.PRICE, module=SuggestedModule(0)))
    assert "75,64 €" in said and chat.state.cart_id is None


def test_the_last_change_once_more_goes_the_same_way(service):
    """Batch bq, bq-004: 3 GB, 1 used; «togli un GB» (2), «un altro ancora» (1), «and one more»: 0 is below what is
    used, refused with the figures, the cart stays at 1 GB."""
    chat = Chat(service, "1000001@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.STORAGE, delta=Decimal(-1)))
    said = chat.send(SetQuantity(Step.STORAGE, delta=Decimal(1), again=True))
    assert service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 1 and "1 GB" in said
    said = chat.send(SetQuantity(Step.STORAGE, delta=Decimal(1), again=True))
    assert service.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 1 and "1 GB" in said


def test_what_the_subscription_holds_before_renewing(service):
    """Batch bt, bt-008: «col nostro abbonamento cosa c'è?» before renewing: the figures bought, nothing opened."""
    chat = Chat(service, "1000002@aruba.it")
    said = chat.send(Ask(Topic.CART))
    assert "3 GB di spazio aggiuntivo (ne usi 2,5 GB), 2 utenti aggiuntivi (1 configurato)" in said
    assert "1 modulo: Conservazione a norma" in said and chat.state.cart_id is None


def test_the_code_given_with_renewing_now_is_priced_with_the_question(service):
    """Batch bu, bu-029: automatic renewal on, «rinnova subito 1 anno, sono ingegnere codice ING2026, e porta lo
    spazio a 2 giga»: the question to renew now prices the 2 GB and the code's 15 %; asked what the code is worth,
    the code waiting is named; «ok lascia 1 anno» says the years once, with the total as it is."""
    chat = Chat(service, "1000003@aruba.it")
    said = chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(1)), GiveCode("ING2026"),
                     SetQuantity(Step.STORAGE, value=Decimal(2)))
    assert "con il codice ING2026" in said and "45,63 €" in said and chat.state.cart_id is None
    assert "ING2026" in chat.send(Ask(Topic.CODE_INFO)) and chat.state.cart_id is None
    said = chat.send(StartRenewal(anyway=True), Keep((Step.YEARS,)))
    assert said.count("Durata: 1 anno, nuova scadenza 23/01/2028, totale") == 1 and "totale 45,63 €" in said


def test_all_of_the_users_spoken_of_is_refused_with_the_figures(service):
    """Batch bu, bu-007: 2 users, 1 configured; «togliete un utente» (1), «anzi toglieteli tutti e due»: 0 is below
    the one configured, refused with the figures, the cart keeps 1."""
    chat = Chat(service, "1000002@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.USERS, delta=Decimal(-1)))
    said = chat.send(SetQuantity(Step.USERS, value=Decimal(0)))
    assert "pannello" in said and service.account("1000002@aruba.it").value.open_cart.cart.users == 1


def test_a_module_asked_about_is_the_one_spoken_of_not_the_one_offered(service):
    """Batch bv, bv-027: the conservazione in the cart, the solleciti the one add-on left; «la conservazione cosa
    fa?» then «allora la tolga»: the conservazione goes, not the solleciti offered beside it."""
    chat = Chat(service, "1000006@aruba.it")
    chat.send(StartRenewal(), AddModule("conservazione"))
    chat.send(Ask(Topic.MODULES, about="conservazione"))
    assert chat.state.last_module == "conservazione"
    chat.send(Ask(Topic.MODULES))
    assert chat.state.last_module == "solleciti"  # "cosa mi consigliate?": the one offered


def test_the_limit_a_refusal_said_is_set_when_asked_for(service):
    """Batch bx, bx-010 and bx-020: 2 GB, 0,8 used; «togli tutto lo spazio» is refused (the minimum is 1), then «metta
    quello che mi ha detto Lei» sets 1 GB; 1000 GB refused (at most 500), the same words set 500."""
    chat = Chat(service, "1000004@aruba.it")
    chat.send(StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(0)))
    assert chat.state.refused_value == 0
    said = chat.send(SetQuantity(Step.STORAGE, extreme="allowed"))
    assert "Spazio aggiuntivo: 1 GB" in said and chat.state.refused_value is None
    chat.send(SetQuantity(Step.STORAGE, value=Decimal(1000)))
    assert "Spazio aggiuntivo: 500 GB" in chat.send(SetQuantity(Step.STORAGE, extreme="allowed"))
    said = chat.send(SetQuantity(Step.STORAGE, extreme="allowed"))  # no refusal just before: asked, nothing changed
    assert "Carrello aggiornato" not in said and "Quanti GB vuoi rinnovare?" in said



def test_a_code_in_a_price_question_is_priced_not_applied(service):
    """Dev bi-022: «e per 2 anni col codice ING2026 quanto verrebbe?» prices the 2 years with the code's 15 %,
    nothing changed; before renewing, everything as bought with the code; an expired code is said with its reason."""
    with_code = (SetQuantity(Step.YEARS, value=Decimal(2)), GiveCode("ING2026"))
    chat = Chat(service)
    said = chat.send(Ask(Topic.PRICE, options=(with_code,)))
    assert "161,77 €" in said and "ING2026" in said and chat.state.cart_id is None
    said = chat.send(Ask(Topic.PRICE, options=((GiveCode("ING2025"),),)))
    assert "ING2025" in said and "€" not in said and chat.state.cart_id is None
    chat.send(StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)))
    said = chat.send(Ask(Topic.PRICE, options=(with_code,)))
    assert "1. con il codice ING2026: 161,77 € IVA inclusa" in said
    assert service.cart(chat.state.cart_id).value.cart.agreement_code is None
    chat.send(PricedOption(Decimal("161.77"), chat.state.price_options))
    assert service.cart(chat.state.cart_id).value.cart.agreement_code == "ING2026"


def test_a_module_priced_for_a_deleted_service_says_why_it_cannot_be_renewed(service):
    chat = Chat(service, "1000005@aruba.it")  # "e se lo rinnovo aggiungendo anche la conservazione?": never silent
    said = chat.send(Ask(Topic.PRICE, module=AddModule("conservazione")))
    assert "scaduto il 16/08/2026" in said and "cancellato il 15/11/2026" in said
    assert service.account("1000005@aruba.it").value.open_cart is None


def test_a_customer_who_waits_gets_the_question_again(service):
    chat = Chat(service)
    chat.send(StartRenewal())
    said = chat.send(SmallTalk("waiting"))  # "allora?"
    assert said.startswith("Eccomi.") and said.endswith("Rinnovi 3 GB?") and "non ho capito" not in said.lower()
    assert Chat(service, "1000002@aruba.it").send(SmallTalk("waiting")).startswith("Eccomi. Dimmi pure")


def test_storage_refused_says_the_gb_bought_with_number_agreement(service):
    chat = Chat(service, "1000003@aruba.it")  # 1 GB bought, 0,4 GB used
    chat.send(StartRenewal(anyway=True))
    said = chat.send(SetQuantity(Step.STORAGE, value=Decimal(0)))
    assert "usi 0,4 GB dell'1 GB acquistato" in said and "o aumentarlo" in said
