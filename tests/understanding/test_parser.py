"""Messages as customers type them, to commands, in their order."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from italian.words import punctuated
from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    Cancel,
    ChoosePayment,
    Clarify,
    Confirm,
    Decline,
    DropModule,
    GiveCode,
    HandOff,
    Keep,
    NoCode,
    NotUnderstood,
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
    duration_options,
)
from renewal.dialogue.state import Asked, DialogueState
from renewal.dialogue.steps import CART_ITEMS

LIST_1000001 = ("conservazione", "solleciti", "api", "archivio")


def at(step: Step, cart_id: int = 1, **more) -> DialogueState:
    return DialogueState(cart_id=cart_id, asked=step.value, **more)


def years_priced(*years: int) -> tuple:
    """The alternatives a question about these durations priced (``DialogueState.price_options``)."""
    return duration_options(years)


def test_opening_message_with_answers(read):
    assert read("rinnovo triennale con carta per favore", "renew") == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)), ChoosePayment("card")]
    assert read("mi rinnova il servizio? sono un ingegnere, ho la convenzione", "renew") == [
        StartRenewal(), GiveCode()]


def test_answers_before_their_step(read):
    assert read("ING2026", state=at(Step.STORAGE)) == [GiveCode("ING2026")]
    assert read("senza convenzione", "remove_code", at(Step.STORAGE)) == [NoCode()]
    assert read("resta tutto uguale, niente sconti, un anno solo", "keep_as_is", at(Step.STORAGE)) == [
        Keep(CART_ITEMS), NoCode(), SetQuantity(Step.YEARS, value=Decimal(1))]
    assert read("spazio e utenti restano uguali", "keep_as_is", at(Step.STORAGE)) == [
        Keep((Step.STORAGE, Step.USERS))]


@pytest.mark.parametrize("text", ["si", "sì", "ok", "va bene", "certo", "Sì, va bene"])
def test_yes_means_what_the_step_implies(read, text):
    assert read(text, "affirm", at(Step.STORAGE)) == [Keep((Step.STORAGE,))]
    assert read(text, "affirm", at(Step.TERMS)) == [AcceptTerms()]
    assert read(text, "affirm", at(Step.CONFIRM)) == [Confirm()]
    assert read(text, "affirm", DialogueState(asked=Asked.RENEW_ANYWAY)) == [StartRenewal(anyway=True)]
    assert read(text, "affirm", DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)) == [
        SmallTalk("go_on")]


def test_no_means_what_the_step_implies(read):
    assert read("no", "deny", at(Step.STORAGE)) == [AskValue(Step.STORAGE)]
    assert read("no", "deny", at(Step.CODE)) == [NoCode()]
    assert read("no", "deny", at(Step.TERMS)) == [RefuseTerms()]
    assert read("no", "deny", at(Step.CONFIRM)) == [Decline()]
    assert read("no grazie", "deny", DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)) == [
        SmallTalk("goodbye")]


def test_short_replies_and_relative_changes(read):
    assert read("3", state=at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(3))]
    assert read("allora uno solo in meno", state=at(Step.USERS)) == [SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("scendi di un utente", state=at(Step.STORAGE)) == [SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("ho 3 utenti, ne voglio togliere 1", state=at(Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("non voglio 5 GB", state=at(Step.STORAGE)) == [AskValue(Step.STORAGE)]


def test_a_bare_number_after_a_value_is_a_reason_unless_it_corrects_it(read):
    assert read("utenti portali a 5, ne assumiamo due", state=at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(5))]
    assert read("3 anni... no, facciamo 2", state=at(Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(3)), SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("non voglio 5 giga in più, bastano i 2 che ho", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(2))]  # the value wanted, beside the one not wanted
    assert read("5 utenti, anzi 6", state=at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(6))]  # the later


def test_modules_by_place_in_the_list(read):
    state = at(Step.MODULES, listed_modules=LIST_1000001)
    assert read("l'ultimo", state=state) == [PickModule("archivio")]
    assert read("togli il secondo della lista", "remove_module", state) == [DropModule("solleciti")]
    assert read("aggiungi il terzo", "add_module", state) == [AddModule("api")]
    assert read("togli i solleciti e aggiungi l'archivio", "remove_module", state) == [
        DropModule("solleciti"), AddModule("archivio")]


@pytest.mark.parametrize("text, intent, command", [
    ("conferrmo", "confirm_order", Confirm()),
    ("pago con bonifco", "inform", ChoosePayment("bank_transfer")),
    ("carta di credto", "inform", ChoosePayment("card")),
    ("tre ani", "inform", SetQuantity(Step.YEARS, value=Decimal(3))),
    ("ho la convensione", "inform", GiveCode()),
])
def test_typos(read, text, intent, command):
    assert read(text, intent, at(Step.STORAGE)) == [command]


def test_meaning_is_not_inverted(read):
    assert read("il mio codice convenzione è ING2026", "remove_code", at(Step.CODE)) == [GiveCode("ING2026")]
    assert read("confermo l'ordine", "confirm_order", at(Step.TERMS)) == [Confirm()]
    assert read("non accetto", "deny", at(Step.CONFIRM)) == [RefuseTerms()]
    assert read("anzi, 3 anni", state=at(Step.PAYMENT)) == [SetQuantity(Step.YEARS, value=Decimal(3))]


def test_questions_change_nothing(read):
    assert read("quanto pago in tutto?", "ask_price", at(Step.YEARS)) == [Ask(Topic.PRICE)]
    assert read("posso fare 5 anni?", "ask_years", at(Step.YEARS)) == [SetQuantity(Step.YEARS, value=Decimal(5))]
    assert read("quanti anni posso fare?", "ask_years", at(Step.YEARS)) == [Ask(Topic.YEARS)]
    assert read("sei un bot?", "bot_challenge") == [Ask(Topic.BOT)]


def test_code_step_takes_only_code_shaped_text(read):
    assert read("boh", "out_of_scope", at(Step.CODE)) != [GiveCode("BOH")]
    assert read("abc123", "inform", at(Step.CODE)) == [GiveCode("ABC123")]


def test_a_very_long_message_is_not_read(read):
    assert read("rinnova " * 200, "renew") == [NotUnderstood(too_long=True)]


def test_a_question_keeps_what_was_said_around_it(read):
    assert read("3 anni, quanto viene in totale?", "ask_price", at(Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(3)), Ask(Topic.PRICE)]
    assert read("accettate paypal?", "ask_payment", at(Step.PAYMENT)) == [Ask(Topic.PAYMENT)]
    assert read("quanto costa il modulo archivio?", "ask_price", at(Step.MODULES)) == [
        Ask(Topic.PRICE, module=PickModule("archivio"))]  # its price, nothing changed


def test_none_of_an_item(read):
    """"senza", "niente", "nessun", "né", "nemmeno", "non voglio/desidero", "non mi servono": none of it."""
    none_storage = [SetQuantity(Step.STORAGE, value=Decimal(0))]
    assert read("va bene senza spazio aggiuntivo", "affirm", at(Step.STORAGE)) == none_storage
    assert read("non voglio spazio aggiuntivo", "nlu_fallback", at(Step.STORAGE)) == none_storage
    assert read("Non desidero spazio aggiuntivo.", state=at(Step.STORAGE)) == none_storage
    assert read("togli tutto lo spazio aggiuntivo", "remove_module", at(Step.STORAGE)) == none_storage
    assert read("E lo spazio aggiuntivo? Lo tolga pure.", state=at(Step.USERS)) == none_storage
    assert read("lo spazio? toglilo", "remove_module", at(Step.STORAGE)) == none_storage
    assert read("lo spazio? non toglierlo", "deny", at(Step.STORAGE)) != none_storage
    assert SetQuantity(Step.USERS, value=Decimal(0)) not in read("spazio e utenti come sono, togli i solleciti",
                                                                 "renew", at(Step.STORAGE))
    assert read("niente spazio né utenti in più", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("Nemmeno utenti aggiuntivi.", state=at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("l'utente aggiuntivo toglilo, non l'abbiamo mai configurato", "ask_why_users", at(Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("non mi servono moduli", "nlu_fallback", at(Step.MODULES)) == [AllModules(added=False)]
    assert read("nessun modulo", "remove_module", at(Step.MODULES)) == [AllModules(added=False)]
    assert read("ok, rinnovo 1 anno con carta, senza spazio, senza utenti, senza moduli, senza codice",
                "remove_code") == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(1)), ChoosePayment("card"),
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0)),
        AllModules(added=False), NoCode()]
    # a number keeps its own reading
    assert read("non voglio 5 GB", state=at(Step.STORAGE)) == [AskValue(Step.STORAGE)]


def test_modules_all_only_and_without(read):
    assert read("Aggiunga entrambi i moduli suggeriti, per cortesia.", "ask_modules", at(Step.STORAGE)) == [
        AllModules(added=True)]
    assert read("solo la conservazione va bene", "add_module", at(Step.MODULES)) == [
        OnlyModules(("conservazione",))]
    assert read("devo rinnovare senza la conservazione a norma", "remove_module") == [
        StartRenewal(), DropModule("conservazione")]
    state = at(Step.MODULES, listed_modules=LIST_1000001)
    assert read("no aspetta togli l'ultimo, e togli anche il secondo", "remove_module", state) == [
        DropModule("archivio"), DropModule("solleciti")]


def test_keep_in_other_words(read):
    assert read("rinnovo 3 anni con carta, tutto com'è, senza convenzione", "renew") == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)), ChoosePayment("card"), Keep(CART_ITEMS), NoCode()]
    assert read("1 GB va bene, l'utente pure", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(1)), Keep((Step.USERS,))]
    assert read("rinnova tutto come l'anno scorso", "renew") == [StartRenewal(), Keep(CART_ITEMS)]
    assert read("rinnova x 1 anno, tutto invariato, no convenzione, bollettino postale", "ask_years") == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(1)), Keep(CART_ITEMS), NoCode(),
        ChoosePayment("postal_slip")]


def test_payment_instead_of_another(read):
    assert read("e pago col bollettino invece che con la carta", state=at(Step.USERS)) == [
        ChoosePayment("postal_slip")]


def test_renewal_asked_again_while_open_shows_the_cart(read):
    assert read("ok allora rinnoviamo", "renew", at(Step.STORAGE)) == [Ask(Topic.CART)]
    assert read("sì, lo rinnovo", "renew", at(Step.STORAGE)) == [Keep((Step.STORAGE,))]
    assert read("buongiorno, devo fare il rinnovo. che moduli posso aggiungere?", "ask_modules") == [
        StartRenewal(), Ask(Topic.MODULES)]


def test_no_at_the_modules_step_keeps_them(read):
    assert read("no", "deny", at(Step.MODULES)) == [Keep((Step.MODULES,))]


def test_cancel_everything_is_no_module_change(read):
    assert read("annulla tutto", "cancel", at(Step.MODULES, listed_modules=LIST_1000001)) == [Cancel()]


def test_years_at_the_modules_step_are_years(read):
    assert read("2 anni", state=at(Step.MODULES, listed_modules=LIST_1000001)) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]


def test_what_customers_say_of_items_in_other_words(read):
    assert read("I moduli li rinnovo entrambi", "add_module", at(Step.MODULES)) == [Keep((Step.MODULES,))]
    assert read("spazio uguale, utenti uguali, non voglio aggiungere moduli", "keep_as_is", at(Step.STORAGE)) == [
        Keep((Step.STORAGE, Step.USERS, Step.MODULES))]
    assert read("L'utente aggiuntivo non mi serve", state=at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("spazio e utenti nn mi servono", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("spazio e utenti a zero", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("Desidero due GB di spazio in più", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(2))]
    state = at(Step.MODULES, listed_modules=("conservazione", "solleciti"))
    assert read("aggiungi il secondo, il primo non lo rinnovo", "add_module", state) == [
        AddModule("solleciti"), DropModule("conservazione")]
    assert read("no aspetta, invece che con la carta pago con bollettino", state=at(Step.TERMS)) == [
        ChoosePayment("postal_slip")]


def test_a_bare_number_that_points_back(read):
    assert read("no aspetta, meglio 3", state=at(Step.PAYMENT, last_quantity=Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("Allora ne rinnovo uno", state=at(Step.STORAGE, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(1))]
    assert read("3", state=at(Step.STORAGE, last_quantity=Step.USERS)) == [SetQuantity(Step.STORAGE, value=Decimal(3))]


def test_it_is_the_module_changed_last(read):
    state = at(Step.CODE, listed_modules=("conservazione", "solleciti"), last_module="conservazione")
    assert read("anzi toglilo e metti l'ultimo", "remove_module", state) == [
        DropModule("conservazione"), AddModule("solleciti")]


def test_lists_pronouns_and_asides(read):
    assert read("Non mi occorrono spazio aggiuntivo, utenti né moduli. Il pagamento avverrà tramite bonifico.",
                "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0)),
        AllModules(added=False), ChoosePayment("bank_transfer")]
    assert read("spazio niente, idem x gli utenti", state=at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("idem per gli utenti", state=at(Step.STORAGE)) == [Keep((Step.USERS,))]
    assert read("salve, rinnovo fatturazione, mi serve un solo utente aggiuntivo", "greet") == [
        StartRenewal(), SetQuantity(Step.USERS, value=Decimal(1))]
    assert read("mm ci ho ripensato, rimettilo", "cancel", at(Step.CODE, last_module="conservazione")) == [
        AddModule("conservazione")]
    assert read("mah sai che c'è, annulla, ne parlo prima col commercialista", "ask_price", at(Step.STORAGE)) == [
        Cancel()]
    assert read("moduli ok, cmq codice nn ce l'ho", "keep_as_is", at(Step.MODULES)) == [
        Keep((Step.MODULES,)), NoCode()]
    assert read("Va bene, grazie lo stesso", "keep_as_is", DialogueState()) == [SmallTalk("thank")]


def test_short_answers_beside_a_question(read):
    assert read("ah è scaduto? allora niente", "ask_status", at(Step.CODE)) == [NoCode(), Ask(Topic.STATUS)]
    assert read("ok lo spazio, e metti 2 anni", state=at(Step.STORAGE)) == [
        Keep((Step.STORAGE,)), SetQuantity(Step.YEARS, value=Decimal(2))]



def test_none_of_an_item_said_after_it(read):
    """Batch f (written apart): "utenti aggiuntivi nessuno", "spazio e utenti aggiuntivi no"."""
    assert read("utenti aggiuntivi nessuno", state=at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert sorted(map(repr, read("spazio e utenti aggiuntivi no", state=at(Step.STORAGE)))) == sorted(map(repr, [
        SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]))
    assert read("utenti no, spazio 4 GB", state=at(Step.STORAGE))[0] == SetQuantity(Step.USERS, value=Decimal(0))


@pytest.mark.parametrize("text, intent, method", [
    ("si, posso pagarlo con carta invece del bonifico?", "ask_payment", "card"),
    ("Mi perdoni, è possibile pagare con bonifico anziché con il bollettino?", "ask_payment", "bank_transfer"),
    ("si, posso pagarlo con paypal invece?", "affirm", "paypal"),
    ("preferisco pagare con carta", "inform", "card"),
])
def test_another_payment_method_for_the_order_waiting_for_payment(read, text, intent, method):
    """Batch f: after the order, a payment method named is a change of the unpaid order's, question or not."""
    state = DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)
    assert read(text, intent, state) == [ChoosePayment(method)]
    assert read("come posso pagare?", "ask_payment", state) == [Ask(Topic.PAYMENT)]


def test_both_modules(read):
    """Batch f: "tutti e due i moduli" is both."""
    state = at(Step.MODULES, listed_modules=LIST_1000001)
    assert read("togli tutti e due i moduli", "remove_module", state) == [AllModules(added=False)]


def test_renewing_without_any_change(read):
    """Batch f: "senza alcuna modifica" keeps everything, it is no "none of"."""
    assert read("vorrei rinnovare senza alcuna modifica per un anno, con bollettino postale", "renew",
                DialogueState()) == [StartRenewal(), Keep(CART_ITEMS), SetQuantity(Step.YEARS, value=Decimal(1)),
                                     ChoosePayment("postal_slip")]


def test_the_price_of_renewing_opens_the_cart_that_has_it(read):
    """Batch f (f-003): "quanto mi costa rinnovare?" before any cart; a bare "quanto costa?" opens nothing."""
    assert read("salve, quanto mi costa rinnovare?", "ask_price", DialogueState()) == [
        StartRenewal(), Ask(Topic.PRICE)]
    assert read("quanto costa?", "ask_price", DialogueState()) == [Ask(Topic.PRICE)]


def test_a_question_about_the_conditions_never_accepts_them(read):
    """Batch g (g-008): asked whether one must accept, after refusing; then «il resto va bene così»."""
    assert read("Devo per forza accettarle per rinnovare?", "accept_terms", at(Step.TERMS)) == [Ask(Topic.TERMS)]
    assert read("Devo per forza accettarle per rinnovare?", "inform", at(Step.TERMS)) != [AcceptTerms()]
    assert read("Va bene, allora le accetto.", "accept_terms", at(Step.TERMS)) == [AcceptTerms()]
    assert read("Il resto va bene così.", "keep_as_is", at(Step.STORAGE, answered=frozenset({Step.MODULES}))) == [
        Keep((Step.STORAGE, Step.USERS))]


@pytest.mark.parametrize("text", ["Annulli pure questo rinnovo.", "Allora non cambia nulla. Annulli pure.",
                                  "lascia perdere, annulla il rinnovo, lo faccio un'altra volta"])
def test_a_formal_cancellation(read, text):
    """Batch g (g-011, g-016): «annulli pure», the formal register, after other words."""
    assert Cancel() in read(text, "cancel", at(Step.MODULES))


def test_a_change_asked_without_its_value(read):
    """Batch g (g-030): «vorrei cambiare il numero di utenti» asks for that step; with a value, the value."""
    assert read("vorrei cambiare il numero di utenti", "inform", at(Step.MODULES)) == [AskValue(Step.USERS)]
    assert read("posso cambiare il metodo di pagamento?", "inform", at(Step.TERMS)) == [AskValue(Step.PAYMENT)]
    assert read("cambia gli utenti a 4", "inform", at(Step.MODULES)) == [SetQuantity(Step.USERS, value=Decimal(4))]
    assert read("non cambiare gli utenti", "keep_as_is", at(Step.USERS)) == [Keep((Step.USERS,))]


def test_modules_kept_are_never_toggled_and_no_other_is_not_none(read):
    """Batch h (h-008, h-015): «l'archivio resta com'è», «non ci interessano altri moduli»."""
    assert read("Lo spazio, l'utente e l'archivio restano come sono.", "keep_as_is", at(Step.MODULES))[0] == \
        AddModule("archivio")
    assert read("La conservazione la mantenga, non ci interessano altri moduli.", "keep_as_is",
                at(Step.MODULES)) == [AddModule("conservazione"), Keep((Step.MODULES,))]
    assert read("aggiunga quello dei promemoria ai clienti", "add_module", at(Step.MODULES)) == [
        AddModule("solleciti")]
    assert read("e quello x collegare il gestionale", "add_module", at(Step.MODULES)) == [AddModule("api")]


def test_waiting_to_accept_is_no_acceptance(read):
    """Batch h (h-015): «prima di accettare vorrei rifletterci»."""
    assert read("Prima di accettare le condizioni vorrei rifletterci. Per ora non le accetto.", "deny",
                at(Step.TERMS)) == [RefuseTerms()]


def test_after_the_order_a_question_naming_a_payment_method_changes_nothing(read):
    """Batch h (h-007, h-015): «con la carta resta attivo?» asks; «ok grazie» is goodbye."""
    state = DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)
    assert read("ma il rinnovo automatico con la carta resta attivo?", "ask_automatic_renewal", state) == [
        Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("ok grz", "affirm", state) == [SmallTalk("goodbye")]


def test_a_price_question_prices_what_it_names(read):
    """Batch h (h-020): «quanto costa rinnovare x 3 anni?» is the price for 3 years: the renewal opened as bought,
    the 3 years priced, not set (batch by, by-007); «vorrei rinnovare per 3 anni, quanto costa?» sets them."""
    assert read("quanto costa rinnovare x 3 anni?", "ask_price", DialogueState()) == [
        StartRenewal(), Ask(Topic.PRICE, years=(Decimal(3),))]
    assert read("vorrei rinnovare per 3 anni, quanto costa?", "ask_price", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3)), Ask(Topic.PRICE)]


def test_yes_or_no_after_a_module_and_twice_the_quantity(read):
    """Batch h (h-018, h-005, h-030): «conservazione sì, solleciti no»; «il doppio dello spazio»."""
    assert read("conservazione si, solleciti no, codice no", "inform", at(Step.MODULES)) == [
        AddModule("conservazione"), DropModule("solleciti"), NoCode()]
    assert read("vorrei rinnovare però col doppio dello spazio", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.STORAGE, factor=Decimal(2))]
    assert read("rinnoviamo raddoppiando gli utenti aggiuntivi", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.USERS, factor=Decimal(2))]


def test_a_polite_request_is_a_request_and_waiting_to_accept_is_no_acceptance(read):
    """Batch h (h-009, h-027): «posso mettere 2 giga in più?»; «prima di accettare ci penso»."""
    assert read("posso rinnovare mettendo 2 giga in piu?", "ask_why_storage", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(2))]
    assert read("aspetta, prima di accettare ci penso un attimo", "accept_terms", at(Step.TERMS)) == [RefuseTerms()]
    assert read("aspetta, prima di accettare ci penso un attimo. ti scrivo dopo", "nlu_fallback",
                at(Step.TERMS)) == [RefuseTerms()]
    assert read("devo per forza accettarle prima di confermare?", "nlu_fallback", at(Step.TERMS)) != [RefuseTerms()]


def test_batch_i_modules_codes_and_cancelling_the_order(read):
    """Batch i: «niente solleciti» drops; «al posto della conservazione»; «ARCH 2026»; «devo annullare l'ordine»."""
    assert read("niente solleciti, niente codice", "inform", at(Step.MODULES)) == [DropModule("solleciti"), NoCode()]
    assert read("no, meglio i solleciti al posto della conservazione", "add_module", at(Step.MODULES)) == [
        AddModule("solleciti"), DropModule("conservazione")]
    assert read("ah è vecchio, allora provo ARCH 2026", "inform", at(Step.STORAGE)) == [GiveCode("ARCH2026")]
    after = DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)
    assert read("mi sono sbagliato devo annullare l'ordine preferisco aspettare", "ask_order", after) == [Cancel()]
    assert read("sì sono sicuro annullatelo", "affirm", after) == [Cancel()]
    assert Cancel() not in read("non annullare l'ordine", "deny", after)
    assert DropModule("conservazione") not in read("anzi no la conservazione a norma la tengo", "inform",
                                                   at(Step.MODULES))
    assert read("no, meglio i solleciti al posto della conservazione", "remove_module", at(Step.MODULES)) == [
        AddModule("solleciti"), DropModule("conservazione")]
    assert read("mah, togli i solleciti e rimetti quella di prima", "remove_module",
                at(Step.MODULES, last_module="conservazione")) == [DropModule("solleciti"), AddModule("conservazione")]
    assert read("anzi no toglili, quanto costa invece l'api?", "ask_price",
                at(Step.STORAGE, last_module="solleciti"))[0] == DropModule("solleciti")
    assert AddModule("api") not in read("no lascia stare l'api, va bene così", "affirm", at(Step.STORAGE))


def test_a_question_the_assistant_cannot_read_opens_no_renewal(read):
    """Batch i (i-027): «la PEC è compresa nel rinnovo?» is no request to renew."""
    assert StartRenewal() not in read("la PEC è compresa nel rinnovo della fatturazione elettronica?", "nlu_fallback")
    assert read("ciao, rinnovo", "greet") == [StartRenewal()]


def test_too_many_then_a_bare_number_is_the_quantity_spoken_of_last(read):
    """Batch i (i-010): «5 anni con carta» then «mmm troppo, facciamo 3»."""
    assert read("mmm troppo, facciamo 3", "inform", at(Step.STORAGE, last_quantity=Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("allora solo la fatturazione", "nlu_fallback", DialogueState()) == [StartRenewal()]
    assert read("allora solo la fatturazione", "ask_modules", DialogueState()) == [StartRenewal()]
    assert read("allora solo la fatturazione", "inform", DialogueState()) == [StartRenewal()]
    assert read("allora solo la fatturazione", "ask_modules", at(Step.STORAGE)) == [Ask(Topic.CART)]
    assert read("solo la fatturazione ha i moduli?", "ask_modules", DialogueState()) == [Ask(Topic.MODULES)]


def test_back_as_it_was(read):
    """Batch i (i-002): «rimetti com'era» is the quantity spoken of last, as the renewal opened."""
    assert read("ma sai che c'è, rimetti com'era", "inform", at(Step.USERS, last_quantity=Step.STORAGE)) == [
        Restore(Step.STORAGE)]
    assert read("lascia i moduli come prima", "keep_as_is", at(Step.CODE, last_module="api"))[0] == Restore(
        Step.MODULES, before_last=True)
    assert read("rimetti com'era", "inform", at(Step.USERS)) != [Restore(Step.STORAGE)]
    assert read("ma sai che c'è, rimetti com'era", "ask_how_to_sign_in", at(Step.USERS, last_quantity=Step.STORAGE)) == [
        Restore(Step.STORAGE)]


def test_why_not_after_a_refused_quantity_is_a_question_not_an_answer(read):
    """"perché no?" after "non puoi scendere a 2 GB" asks why; with no quantity refused it stays a plain reply."""
    assert read("ma perché no?", "deny", at(Step.USERS, last_quantity=Step.STORAGE)) == [Ask(Topic.WHY_STORAGE)]
    assert read("e perche no??", "affirm", at(Step.CODE, last_quantity=Step.USERS)) == [Ask(Topic.WHY_USERS)]
    assert read("e perche no?", "nlu_fallback", at(Step.STORAGE, last_quantity=Step.STORAGE)) == [
        Ask(Topic.WHY_STORAGE)]  # unsure between "no" and a question
    assert read("no", "deny", at(Step.USERS, last_quantity=Step.STORAGE)) == [AskValue(Step.USERS)]


def test_putting_the_renewal_off_keeps_the_cart(read):
    """Batch e (e-008): «ok lascio stare x ora» says goodbye with the cart kept; «annulla» still cancels."""
    assert read("ok lascio stare x ora, grz", "cancel", at(Step.TERMS)) == [SmallTalk("goodbye")]
    assert read("per il momento lasciamo stare", "cancel", at(Step.STORAGE)) == [SmallTalk("goodbye")]
    assert read("annulla tutto per ora", "cancel", at(Step.TERMS)) == [Cancel()]
    assert read("lascia stare il rinnovo", "cancel", at(Step.TERMS)) == [Cancel()]


@pytest.mark.parametrize("text, topic", [
    ("dove trovo l'iban per il bonifico?", Topic.PAYMENT_DETAILS),
    ("non trovo la pagina per pagare", Topic.PAY_LINK),
    ("la ricevuta dove arriva?", Topic.EMAILS),
    ("a cosa serve il codice convenzione?", Topic.CODE_INFO),
    ("dopo che pago cosa cambia?", Topic.AFTER_PAYMENT),
    ("posso recuperare il servizio cancellato?", Topic.SERVICE_BACK),
    ("come faccio a liberare spazio?", Topic.FREE_SPACE),
])
def test_questions_by_topic_whatever_the_classifier_says(read, text, topic):
    """Issue 26, class 5: a row of the topic table, not the intent, says what the question is about."""
    assert read(text, "ask_payment") == [Ask(topic)]


def test_a_question_by_topic_keeps_the_choice_said_before_it(read):
    assert read("pago con bonifico, gli estremi dove li trovo?", "ask_payment", at(Step.PAYMENT)) == [
        ChoosePayment("bank_transfer"), Ask(Topic.PAYMENT_DETAILS)]


@pytest.mark.parametrize("text, intent, beside", [
    ("vorrei parlare con un operatore, quanto costa il rinnovo?", "ask_price", [Ask(Topic.PRICE)]),
    ("3 anni e poi fammi parlare con qualcuno", "inform", [SetQuantity(Step.YEARS, value=Decimal(3))]),
    ("resta tutto così ma mi passi una persona", "inform", []),
    ("accetto e confermo, ma prima passami un operatore", "confirm_order", []),
])
def test_a_person_wins_whatever_else_the_message_says(read, text, intent, beside):
    """The request is never dropped; what the message changes or asks is done beside it (batch v, v-006: «mettimi
    2 anni e poi passami un operatore»), never an acceptance or an order."""
    from renewal.dialogue.commands import HandOff
    assert read(text, intent, at(Step.YEARS)) == [*beside, HandOff()]


@pytest.mark.parametrize("text, intent, beside", [
    ("lascia stare, non voglio più aspettare", "deny", []),
    ("annulla la richiesta", "cancel", []),
    ("annulla", "cancel", []),  # /annulla on Telegram
    ("toglimi dalla coda e mettimi 2 anni", "inform", [SetQuantity(Step.YEARS, value=Decimal(2))]),
    ("niente operatore, faccio da solo", "ask_human", []),
    ("non ho tempo di aspettare, quanto costa?", "ask_price", [Ask(Topic.PRICE)]),
])
def test_a_request_for_a_person_is_withdrawn_while_it_waits(read, text, intent, beside):
    """Issue 27: the customer in the queue leaves it; what else the message changes or asks is done, never a
    cancellation of the renewal."""
    from renewal.dialogue.commands import WithdrawHandOff
    assert read(text, intent, at(Step.YEARS, queue=1)) == [WithdrawHandOff(text), *beside]


def test_while_waiting_the_renewal_is_still_cancelled_in_so_many_words(read):
    assert read("annulla il rinnovo", "cancel", at(Step.YEARS, queue=1)) == [Cancel()]
    assert read("2 anni", "inform", at(Step.YEARS, queue=1)) == [SetQuantity(Step.YEARS, value=Decimal(2))]


def test_with_nothing_waiting_only_a_request_named_is_withdrawn(read):
    from renewal.dialogue.commands import WithdrawHandOff
    assert read("annulla la richiesta", "cancel", at(Step.YEARS)) == [WithdrawHandOff("annulla la richiesta")]
    assert read("non voglio più aspettare", "inform", at(Step.YEARS)) != [WithdrawHandOff("non voglio più aspettare")]
    assert WithdrawHandOff("lascia stare l'operatore") not in read(
        "lascia stare l'operatore", "deny", DialogueState(cart_id=1, asked=Asked.HANDOFF_OFFER))


def test_a_person_refused_or_asked_about_is_no_request(read):
    from renewal.dialogue.commands import HandOff
    assert HandOff() not in read("non serve un operatore", "ask_human", at(Step.YEARS))
    assert read("sei un umano?", "bot_challenge") == [Ask(Topic.BOT)]


@pytest.mark.parametrize("text, state, command", [
    ("il minimo di spazio che posso tenere", at(Step.STORAGE), SetQuantity(Step.STORAGE, extreme="min")),
    ("il più lungo possibile", at(Step.MODULES), SetQuantity(Step.YEARS, extreme="max")),
    ("metà degli utenti", at(Step.USERS), SetQuantity(Step.USERS, factor=Decimal("0.5"))),
    ("tre volte tanto", at(Step.MODULES, last_quantity=Step.STORAGE), SetQuantity(Step.STORAGE, factor=Decimal(3))),
    ("va bene, allora togline solo uno", at(Step.USERS), SetQuantity(Step.USERS, delta=Decimal(-1))),
])
def test_extremes_ratios_and_relative_changes(read, text, state, command):
    """Issue 26, classes 1 and 2: resolved through the rules (by the processor), relative to the cart as it is."""
    assert read(text, "inform", state) == [command]


def test_al_massimo_with_a_number_is_a_bound_not_an_extreme(read):
    assert read("al massimo 3 anni", "inform", at(Step.YEARS)) == [SetQuantity(Step.YEARS, value=Decimal(3))]


def test_modules_by_place_among_the_suggested_and_by_purpose(read):
    from renewal.dialogue.commands import SuggestedModule
    state = at(Step.MODULES, listed_modules=LIST_1000001)
    assert read("aggiungi il secondo che mi hai suggerito", "add_module", state) == [SuggestedModule(2)]
    assert read("metti quello per collegare i programmi", "add_module", state) == [AddModule("api")]


def test_cancel_without_a_word_of_cancelling_is_not_acted_on(read):
    """The classifier's "cancel" on "il più lungo possibile" once threw a renewal away."""
    assert read("boh vediamo", "cancel", at(Step.YEARS)) == [NotUnderstood()]
    assert read("lascia perdere", "cancel", at(Step.YEARS)) == [Cancel()]


def test_the_value_replaced_is_not_the_value_wanted(read):
    """Batch n (n-003): «mi metta tre anni invece di uno»."""
    assert read("accetto, però mi metta tre anni invece di uno", "inform", at(Step.TERMS)) == [
        AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(3))]


@pytest.mark.parametrize("text, words", [
    ("va beni allura aggiuncinni unu", ["va", "bene", "allora", "aggiungine", "uno"]),
    ("e el spasio fame el dopio", ["e", "il", "spazio", "fammi", "il", "doppio"]),
    ("voglio rinnovare 2 years, keep everything", ["voglio", "rinnovare", "2", "anni", "tieni", "tutto"]),
    ("tuttu comu prima", ["tutto", "come", "prima"]),
])
def test_regional_and_english_words_as_meant(text, words):
    from italian.words import analyse
    assert [w.norm for w in analyse(text)] == words


def test_a_number_with_ne_joined_to_the_verb_is_about_the_quantity_spoken_of_last(read):
    assert read("allora togline solo uno", "inform", at(Step.STORAGE, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]


def test_changed_mind_after_cancelling_brings_the_renewal_back(read):
    assert read("scusa ho cambiato idea, procediamo", "affirm", DialogueState(cancelled_cart=7)) == [
        StartRenewal(again=True)]


def test_a_payment_stated_to_renew_anyway_is_a_yes_but_asked_is_a_question(read):
    state = DialogueState(asked=Asked.RENEW_ANYWAY)
    assert read("preferisco pagare adesso con bonifico", "inform", state) == [
        StartRenewal(anyway=True), ChoosePayment("bank_transfer")]
    asked = read("voglio pagare col bollettino, si può fare?", "ask_payment", state)
    assert asked[0] == ChoosePayment("postal_slip") and not any(isinstance(c, StartRenewal) for c in asked)


@pytest.mark.parametrize("text", ["mettine un po' di più", "aumentalo", "vorrei ridurre"])
def test_a_change_no_reader_can_say_is_asked_about_never_guessed(read, text):
    """Issue 26: an operation word no reader used; the step's "sì"/"va bene" would have been a guess."""
    from renewal.dialogue.commands import Clarify
    assert read(text, "inform", at(Step.STORAGE)) == [Clarify()]
    assert read("non cambiare niente", "inform", at(Step.STORAGE)) == [Keep((Step.STORAGE,))]


def test_back_as_before_for_the_item_named_and_come_prima_is_no_place_in_the_list(read):
    """Batch o (o-007): «per lo spazio rimetti come prima» at the modules step."""
    state = at(Step.MODULES, last_module="conservazione", listed_modules=LIST_1000001)
    assert read("no dai, per lo spazio rimetti come prima", "inform", state) == [Restore(Step.STORAGE, before_last=True)]


def test_a_payment_named_in_a_reason_is_no_choice(read):
    """Batch o (o-015): «procediamo col bonifico, che la carta aziendale la stanno cambiando»."""
    assert read("procediamo col bonifico, che la carta la stanno cambiando", "inform", at(Step.PAYMENT)) == [
        ChoosePayment("bank_transfer")]


def test_a_correction_keeps_the_later_reading(read):
    """Batch o (o-010): «i utenti la metà... anzi no, i utenti tiriamoli via tuti»."""
    assert read("gli utenti la metà... anzi no, gli utenti tiriamoli via tutti", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(0))]


@pytest.mark.parametrize("text, state, command", [
    ("Raddoppi gli utenti aggiuntivi", at(Step.STORAGE), SetQuantity(Step.USERS, factor=Decimal(2))),
    ("Allora lo triplichi", at(Step.MODULES, last_quantity=Step.STORAGE), SetQuantity(Step.STORAGE, factor=Decimal(3))),
    ("ah ok allora il max", at(Step.YEARS), SetQuantity(Step.YEARS, extreme="max")),
])
def test_factors_in_any_verb_form_and_abbreviated_extremes(read, text, state, command):
    """Batch p (p-009, p-020, p-004)."""
    assert read(text, "inform", state) == [command]


def test_a_module_named_after_modulo_is_that_module_not_all(read):
    """Batch p (p-025): «il modulo solleciti non rinnovarlo»."""
    state = at(Step.CODE, listed_modules=LIST_1000001)
    assert read("ok. il modulo solleciti non rinnovarlo", "inform", state) == [DropModule("solleciti")]


def test_none_of_an_item_said_in_the_next_clause(read):
    """Batch p (p-007): «Gli utenti aggiuntivi non li usiamo, toglili pure»."""
    assert read("Gli utenti aggiuntivi non li usiamo, toglili pure", "inform", at(Step.MODULES)) == [
        SetQuantity(Step.USERS, value=Decimal(0))]


def test_a_price_quoted_is_no_quantity(read):
    """Batch q (q-006, q-020): «111 euro è troppo, rimetti come prima» once set 111 GB."""
    assert not any(isinstance(c, SetQuantity) for c in read("mmh 111 euro è troppo", "inform", at(Step.STORAGE)))
    assert not any(isinstance(c, SetQuantity) for c in read("costa 95,16 €?", "ask_price", at(Step.STORAGE)))


def test_half_of_the_most_years_and_the_least_of_two_items(read):
    """Batch q (q-026, q-023): a factor of an extreme; an extreme of items named together."""
    assert read("facciamo metà degli anni massimi", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.YEARS, factor=Decimal("0.5"), extreme="max")]
    assert read("il minimo indispensabile di spazio aggiuntivo e di utenti aggiuntivi", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, extreme="min"), SetQuantity(Step.USERS, extreme="min")]


def test_a_factor_of_what_the_customer_had(read):
    """Batch q (q-024): «tre volte tanto quello che c'avevo» multiplies the value the renewal opened with."""
    assert read("lo spazio fallo tre volte tanto quello che c'avevo", "inform", at(Step.USERS)) == [
        SetQuantity(Step.STORAGE, factor=Decimal(3), of_original=True)]


def test_dictated_punctuation_and_southern_articles(read):
    """Batch q (q-014, q-024)."""
    assert read("come cancellato virgola ma se l'ho usato fino ad agosto punto interrogativo", "cancel") == [
        Ask(Topic.STATUS)]
    assert SetQuantity(Step.USERS, delta=Decimal(1)) in read("mettice pure 'n utente in più", "inform", at(Step.STORAGE))


def test_not_renewing_for_now_is_a_goodbye(read):
    assert read("ok allora per ora non rinnovo, poi vi ricontatto", "inform") == [SmallTalk("goodbye")]


def test_prices_for_several_durations_then_one_of_them(read):
    """Batch r (r-022) and m (m-026): each duration priced and none chosen; then «la seconda», «quello da 2»."""
    assert read("vorrei sapere quanto spenderei per 2 anni e quanto per 5 anni.", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, years=(Decimal(2), Decimal(5)))]
    state = at(Step.STORAGE, price_options=years_priced(2, 5))
    assert read("Prendo la seconda opzione che mi ha indicato.", "inform", state) == [
        SetQuantity(Step.YEARS, value=Decimal(5))]
    assert read("ok fai quello da 2 che dicevi", "inform", state) == [SetQuantity(Step.YEARS, value=Decimal(2))]


def test_what_the_customer_has_is_no_change(read):
    """Batch r (r-005): «ho 3 GB di spazio in più» is what they bought, not 3 more."""
    assert not any(isinstance(c, SetQuantity) for c in read("ho 3 GB di spazio in più ma vorrei ridurli", "inform",
                                                             at(Step.STORAGE)))


def test_roman_two_and_sicilian_new(read):
    """Batch r (r-007, r-011): «du anni»; «chistu novu» is no nine."""
    assert read("sì daje, e mettece pure du anni", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("allura mettici chistu novu: ING2026", "inform", at(Step.CODE)) == [GiveCode("ING2026")]


def test_batch_s_words_and_references(read):
    """Batch s: the item nearest a multiplying verb; «do ani»; «u chiù longu possibbili»; «quello che mi hai
    suggerito»; «l'utente in più toglilo» is the user, not the module changed last."""
    from renewal.dialogue.commands import SuggestedModule
    assert SetQuantity(Step.USERS, factor=Decimal("0.5")) in read("l'utenti dimezzali e lo spazio levamene un giga")
    assert SetQuantity(Step.YEARS, value=Decimal(2)) in read("acceto le condizioni, ma meti do ani", "inform",
                                                              at(Step.TERMS))
    assert read("e l'anni u chiù longu possibbili", "inform", at(Step.USERS)) == [SetQuantity(Step.YEARS, extreme="max")]
    assert read("aggiungi quello che mi hai suggerito", "add_module", at(Step.MODULES)) == [SuggestedModule(0)]
    assert read("e l'utente in più toglilo", "inform", at(Step.STORAGE, last_module="solleciti")) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]


def test_batch_t_extremes_in_dialect_and_a_confirmation_that_means_renew(read):
    """Batch t: «pe' cchiù tiempo che se pò», «al minimo», «levame l'utente», «sì, confermo che voglio rinnovare»."""
    assert read("e fallo pe' cchiù tiempo che se pò", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.YEARS, extreme="max")]
    assert read("e u spaziu puru al minimo", "inform", at(Step.MODULES)) == [SetQuantity(Step.STORAGE, extreme="min")]
    assert SetQuantity(Step.USERS, delta=Decimal(-1)) in read("levame l'utente che tanto nun lo uso", "inform",
                                                               at(Step.STORAGE))
    assert read("Sì, confermo che voglio rinnovare ora.", "confirm_order", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        StartRenewal(anyway=True)]


def test_a_direction_with_an_item_and_no_value_asks_that_item_again(read):
    """Batch s (s-006): «col rinnovo vorrei scendere di spazio» was read as keeping the storage."""
    assert read("col rinnovo vorrei scendere di spazio, come faccio a liberarlo?", "ask_why_storage",
                at(Step.STORAGE, cart_id=None)) == [AskValue(Step.STORAGE), Ask(Topic.FREE_SPACE)]
    assert read("lo spazio vorrei ridurlo", "inform", at(Step.USERS)) == [AskValue(Step.STORAGE)]
    assert read("non voglio 5 GB, lascia lo spazio com'è", "keep_as_is", at(Step.USERS)) == [Keep((Step.STORAGE,))]


def test_the_other_suggested_module_and_the_price_of_a_module(read):
    """Batch p (p-008): «e l'altro quanto costa?» then «ok mettilo pure» after adding one suggested module."""
    from renewal.dialogue.commands import SuggestedModule
    after_one = at(Step.USERS, last_module="archivio")
    assert read("e l'altro quanto costa?", "ask_price", after_one) == [
        Ask(Topic.PRICE, module=SuggestedModule(0, besides="archivio"))]
    assert read("aggiungi anche l'altro", "add_module", after_one) == [SuggestedModule(0, besides="archivio")]
    assert read("l'altro utente toglilo", "inform", after_one) == [SetQuantity(Step.USERS, delta=Decimal(-1))]


def test_batch_u_readings(read):
    """Batch u (first run 22 of 30): a question after «volevo sapere» changes nothing, «prima di» is no place,
    «conferma» as a verb, «ho cambiato idea» is no change asked, the suggested module dropped or the other one."""
    from renewal.dialogue.commands import SuggestedModule
    no_cart = DialogueState()
    assert read("salve, prima di rinnovare volevo sapere se ci sono altri moduli che potrei aggiungere",
                "ask_modules", no_cart) == [Ask(Topic.MODULES)]
    assert read("buongiorno, ci sono moduli che mi consigliate?", "ask_expiry_consequences", at(Step.STORAGE)) == [
        Ask(Topic.MODULES)]
    assert read("il modulo solleciti posso toglierlo?", "remove_module", at(Step.MODULES)) == [DropModule("solleciti")]
    assert read("accetto le condizioni, conferma tutto", "accept_terms", at(Step.STORAGE)) == [AcceptTerms(), Confirm()]
    assert read("ok ho cambiato idea, procediamo, confermo l'ordine", "confirm_order", at(Step.CONFIRM)) == [Confirm()]
    assert read("mmm no, toglilo e metti l'altro", "remove_module", at(Step.STORAGE, last_module="conservazione")) == [
        DropModule("conservazione"), SuggestedModule(0, besides="conservazione")]
    assert read("anzi no, il modulo che mi avevi suggerito alla fine toglilo", "remove_module", at(Step.CONFIRM)) == [
        SuggestedModule(0, added=False)]
    assert read("il primo che mi hai suggerito toglilo", "remove_module", at(Step.MODULES)) == [
        SuggestedModule(1, added=False)]


def test_a_duration_in_a_price_question_is_priced_not_chosen(read):
    """Batch u (u-020): «e con 3 anni quanto verrebbe?» then «troppo, lascia come prima»."""
    assert read("e con 3 anni quanto verrebbe?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, years=(Decimal(3),))]
    assert read("3 anni, quanto viene in totale?", "ask_price", at(Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(3)), Ask(Topic.PRICE)]
    assert read("troppo, lascia come prima", "keep_as_is", at(Step.STORAGE, last_quantity=Step.YEARS,
                                                            price_options=years_priced(3))) == [Keep((Step.YEARS,))]


def test_batch_v_readings(read):
    """Batch v (first run 19 of 30): a confirmation with a goodbye, a card refused in its clause, a payment told
    then asked about, «come prima?» asked, what changes after paying, Sicilian «vulissi»."""
    assert read("si, confermo. grazie mille e buona giornata", "goodbye", at(Step.CONFIRM)) == [Confirm()]
    assert read("pagamento con bollettino postale, il cliente non vuole piu la carta", "inform",
                at(Step.PAYMENT)) == [ChoosePayment("postal_slip")]
    assert read("la carta no la voglio più usare, pago con bonifico", "inform", at(Step.PAYMENT)) == [
        ChoosePayment("bank_transfer")]
    assert read("i solleciti non li rinnovo e pago con bonifico", "inform", at(Step.PAYMENT))[-1] == \
        ChoosePayment("bank_transfer")
    assert read("Pago con bollettino postale. Mi scusi, il bollettino me lo mandate per posta a casa?", "ask_payment",
                at(Step.STORAGE))[0] == ChoosePayment("postal_slip")
    assert read("cosa succede dopo che ho pagato? torna tutto subito come prima?", "ask_order",
                at(Step.STORAGE, last_quantity=Step.YEARS)) == [Ask(Topic.AFTER_PAYMENT)]
    assert read("no aspetta, rimetti come prima", "inform", at(Step.STORAGE, last_quantity=Step.STORAGE)) == [
        Restore(Step.STORAGE, before_last=True)]


def test_renewing_now_against_the_automatic_renewal_is_no_question(read):
    assert read("vorrei rinnovare adesso invece di aspettare l'addebito automatico", "renew", DialogueState()) == [
        StartRenewal(anyway=True)]
    assert read("vorrei rinnovare adesso", "renew", DialogueState()) == [StartRenewal()]  # asked once, with the figures


def test_batch_w_readings(read):
    """Batch w (first run 25 of 30, 2 silent): a question about the code keeps it, «mettine 3» at the modules step
    is the quantity spoken of, «pago cn la carte», thanks with nothing else."""
    assert read("sorry, ma il codice convenzione a cosa serve di preciso?", "remove_code", at(Step.PAYMENT)) == [
        Ask(Topic.CODE_INFO)]
    assert read("mmm no aspetta... mettine 3 alla fine, uno in più fa comodo", "inform",
                at(Step.MODULES, listed_modules=LIST_1000001, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(3))]
    assert read("pago cn la carte", "inform", at(Step.STORAGE)) == [ChoosePayment("card")]
    assert read("Va bene, la ringrazio lo stesso, glielo dirò", "keep_as_is", DialogueState()) == [SmallTalk("thank")]


@pytest.mark.parametrize("text, intent, expected", [
    ("accetto e confermo... anzi no, aspetta, fammelo per due anni", "accept_terms",
     [AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(2))]),
    ("Accettu i condizioni e confermu... anzi no, aspetta, fammillu ppi dui anni", "accept_terms",
     [AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(2))]),
    ("confermo, anzi no aspetta", "confirm_order", [Clarify()]),
    ("accetto le condizioni, ma anzi fai 3 anni", "accept_terms", [AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(3))]),
])
def test_what_a_message_takes_back_is_not_done(read, text, intent, expected):
    """Batch x, x-011: a confirmation followed by «anzi no, aspetta» is taken back; what follows is done, or asked
    about; never an order."""
    assert read(text, intent, at(Step.CONFIRM)) == expected


def test_a_request_put_as_a_question_for_oneself_is_a_request(read):
    """Batch x, x-005: «mi raddoppi gli utenti aggiuntivi?» asks for the change, it does not ask why."""
    assert read("stiamo assumendo, mi raddoppi gli utenti aggiuntivi?", "ask_why_users", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, factor=Decimal(2))]
    assert read("mi spieghi perché non posso togliere gli utenti?", "ask_why_users", at(Step.USERS)) == [
        Ask(Topic.WHY_USERS)]


def test_a_quantity_supposed_is_priced_and_proposed_and_yes_makes_it(read):
    """Batch x, x-022: «e se raddoppio gli utenti?» changes nothing; «sì, fallo» makes the change proposed."""
    supposed = SetQuantity(Step.USERS, factor=Decimal(2))
    assert read("e se raddoppio gli utenti?", "ask_why_users", at(Step.STORAGE)) == [Ask(Topic.PRICE, what_if=supposed)]
    proposed = DialogueState(cart_id=1, asked=Asked.PROPOSAL, pending=(SetQuantity(Step.USERS, value=Decimal(2)),))
    assert read("si fallo", "affirm", proposed) == [SetQuantity(Step.USERS, value=Decimal(2))]
    assert read("no", "deny", proposed) == [Keep((Step.USERS,))]


def test_a_factor_word_must_be_typed_not_made_by_the_spelling_corrector(read):
    """Batch x, x-009: «metteli al minimo» is no half ("metteli" is no "metà")."""
    assert read("gli utenti aggiuntivi metteli al minimo possibile please", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, extreme="min")]
    assert read("dopio spasio", "inform", at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, factor=Decimal(2))]


def test_the_module_added_last_is_not_the_last_of_the_list(read):
    """Batch x, x-030: «togli l'ultimo che ti ho fatto aggiungere» is the module changed last."""
    state = at(Step.STORAGE, last_module="solleciti", listed_modules=("api", "archivio"))
    assert read("no dai, togli l'ultimo che ti ho fatto aggiungere", "inform", state) == [DropModule("solleciti")]
    assert read("togli l'ultimo", "remove_module", at(Step.MODULES, listed_modules=("api", "archivio"))) == [
        DropModule("archivio")]


def test_as_before_with_its_value_named_is_that_value(read):
    """Batch x, x-019: «rimetti come prima, il massimo» is the most years (spoken of last), not the storage asked,
    and not the years the renewal opened with."""
    state = at(Step.STORAGE, last_quantity=Step.YEARS)
    assert read("accetto le condizioni ma ripensandoci rimetti come prima, il massimo", "accept_terms", state) == [
        AcceptTerms(), SetQuantity(Step.YEARS, extreme="max")]


def test_waiting_said_to_the_queue_question_leaves_the_request_there(read):
    """Batch w, w-006: «va bene aspetto, intanto il carrello lasciatelo così» with nobody at the desk."""
    from renewal.dialogue.commands import HandOff
    queue = DialogueState(cart_id=1, asked=Asked.HANDOFF_QUEUE)
    assert read("va bene aspetto, intanto il carrello lasciatelo così", "keep_as_is", queue) == [HandOff(queue_anyway=True)]
    assert read("no, non aspetto", "deny", queue) != [HandOff(queue_anyway=True)]


@pytest.mark.parametrize("text", ["la fattura 118 di marzo non mi torna", "ho pagato 40 euro", "scade il 15 dicembre"])
def test_a_number_that_names_or_measures_something_else_is_no_quantity(read, text):
    """Found writing the issue-27 queue test: «la fattura 118» at the storage step is no 118 GB."""
    assert not [c for c in read(text, "inform", at(Step.STORAGE)) if isinstance(c, SetQuantity)]


def test_batch_z_first_run_misreadings(read):
    """Batch z (first run 26/30, 3 silent): each extreme to its own item; «invece 'e uno» (Neapolitan) is the value
    replaced; two values for one quantity are asked, not guessed; letting the automatic renewal be is a no; the cart
    asked for with no renewal open opens it."""
    assert read("Vorrei ridurre lo spazio aggiuntivo al minimo consentito e portare la durata al numero massimo di anni "
                "possibile.", "inform", at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, extreme="min"),
                                                                 SetQuantity(Step.YEARS, extreme="max")]
    assert read("accetto 'e condizioni, però mettimmo tre anne invece 'e uno", "inform", at(Step.TERMS)) == [
        AcceptTerms(), SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("mettimi 3 anni e poi 1 anno", "inform", at(Step.STORAGE)) == [AskValue(Step.YEARS)]
    assert read("portami gli utenti da 3 a 2", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(2))]  # from 3 to 2 (batch bs): one value, where it goes
    assert read("ok allora lascio fare al rinnovo automatico, grazie", "cancel",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [Decline()]
    assert read("buongiorno rinnovo fatturazione elettronica, mi fa vedere cosa c'è nel carrello?", "ask_cart") == [
        StartRenewal()]
    assert read("la PEC è compresa nel rinnovo della fatturazione elettronica?", "ask_cart") == [Ask(Topic.CART)]


def test_batch_y_first_run_misreadings(read):
    """Batch y (first run 26/30, 4 silent): a person asked for in Neapolitan («parlà cu na persona overa»), both of
    the modules spoken of («tutti e due quelli che hai detto»: no 2 of anything), «di mezza» split by the phone's
    corrector, «a zeri»."""
    from renewal.dialogue.commands import HandOff
    assert read("però primma vulesse parlà cu na persona overa", "renew") == [HandOff()]
    assert read("Mettimi tutti e due quelli che hai detto, per 2 anni, e pago con bollettino", "inform",
                at(Step.STORAGE)) == [AllModules(added=True), SetQuantity(Step.YEARS, value=Decimal(2)),
                                      ChoosePayment("postal_slip")]
    assert read("Di mezza lo spazio e gli utenti metteteli a zeri che non li usa messuno", "keep_as_is",
                at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, factor=Decimal("0.5")),
                                      SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("tutti e 3", "inform", at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(3))]


def test_the_longest_of_the_durations_asked_about(read):
    """Batch y, y-018: «prendo quella più lunga» after «quanto per un anno e quanto per tre?» is 3 years, not 10."""
    asked = DialogueState(asked=Asked.RENEW_ANYWAY, pending=(Ask(Topic.PRICE, years=(Decimal(1), Decimal(3))),))
    assert read("Eja, allora prendo quella più lunga", "affirm", asked) == [SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("la più corta", "inform", at(Step.YEARS, price_options=years_priced(2, 5))) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]


def test_batch_aa_first_run_misreadings(read):
    """Batch aa (first run 21/30, 7 silent): «il numero più basso possibile» is the least, a list of durations in a
    price question is each priced, «un terzo», «fammi vedere con 1 solo» prices the duration spoken of, «si lascia
    com'era» after a refused change keeps the cart as it is, «dei due» is no quantity, the cheaper of the modules
    suggested, which modules there are and their prices (no price of the cart), Friulian and Tuscan words."""
    assert read("li porti al numero più basso possibile", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, extreme="min")]
    assert read("Salve, vorrei rinnovare. Prima però mi dice quanto viene con 1, con 2 e con 3 anni?", "ask_price",
                at(Step.STORAGE)) == [Ask(Topic.PRICE, years=(Decimal(1), Decimal(2), Decimal(3)))]
    assert read("Dello spazio aggiuntivo tienimene solo un terzo", "inform", at(Step.STORAGE))[-1] == SetQuantity(
        Step.STORAGE, factor=Decimal(1) / 3)
    assert read("no aspe fammi vedere cn 1 solo", "inform", at(Step.STORAGE, last_quantity=Step.YEARS)) == [
        Ask(Topic.PRICE, years=(Decimal(1),))]
    assert read("vabbè, allora si lascia com'era e si paga con la carta di credito", "inform",
                at(Step.STORAGE, last_quantity=Step.YEARS)) == [Keep((Step.YEARS,)), ChoosePayment("card")]
    assert read("metta quello che costa meno dei due", "inform", at(Step.STORAGE, listed_modules=("api", "archivio"))) == [
        SuggestedModule(0, by_price="cheapest")]
    assert read("che altri moduli ci sono oltre a quelli che ho già? e quanto costano?", "ask_price",
                at(Step.STORAGE)) == [Ask(Topic.MODULES)]
    assert read("Metimi il massim dai agns", "inform", at(Step.STORAGE)) == [SetQuantity(Step.YEARS, extreme="max")]
    assert read("e ci metta anche du' anni, via", "inform", at(Step.STORAGE)) == [SetQuantity(Step.YEARS, value=Decimal(2))]


def test_the_question_before_cancelling(read):
    """Issue 27 (2): «sì» discards the cart; «no» goes back to the recap; «no aspetta, volevo confermare» confirms
    the order whose recap was just shown (batch m, m-023), nothing thrown away."""
    asked = DialogueState(cart_id=1, asked=Asked.CANCEL_CART)
    assert read("sì", "affirm", asked) == [Cancel(confirmed=True)]
    assert read("/cancel", "cancel", asked) == [Cancel(confirmed=True)]
    assert read("no aspetta, volevo confermare", "confirm_order", asked) == [Confirm()]  # the recap was just shown
    assert read("scusa ho cambiato idea, procediamo: accetto le condizioni e confermo", "confirm_order", asked) == [
        AcceptTerms(), Confirm()]
    assert read("no", "deny", asked) == [SmallTalk("ok")]


def test_batch_ab_compositions(read):
    """Batch ab, read generally: a factor for every item joined to it («raddoppiare sia gli utenti sia lo spazio»,
    not «dimezzi lo spazio e tolga gli utenti»); what the customer uses is no value asked for; a how-to question
    without its mark asks; «prima però» is no place in a list; «altri due utenti ... arrivano due farmacisti» is
    one change said twice; «'n cchiù» is «in più»; the card taken off the automatic renewal is not chosen; a year
    and «dello stesso ordine» are no storage and no keep; «sì confermo accetto le condizioni» accepts first."""
    both = read("per il rinnovo vorrei raddoppiare sia gli utenti aggiuntivi sia lo spazio aggiuntivo rispetto a "
                "quelli che ho adesso", "inform", at(Step.STORAGE))
    assert {(c.step, c.factor) for c in both} == {(Step.USERS, Decimal(2)), (Step.STORAGE, Decimal(2))}
    apart = read("Dimezzi lo spazio aggiuntivo e tolga tutti gli utenti aggiuntivi", "inform", at(Step.STORAGE))
    assert apart == [SetQuantity(Step.STORAGE, factor=Decimal("0.5")), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("un'altra cosa come faccio a liberare un po' di spazio che vedo che ne sto usando già un giga",
                "ask_why_storage", at(Step.STORAGE)) == [Ask(Topic.FREE_SPACE)]
    assert read("ne uso 2 ma ne voglio 4 GB", "inform", at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, value=Decimal(4))]
    assert read("Salve, devo fare il rinnovo. Prima però: ci sono altri moduli che potrei aggiungere al mio servizio? "
                "Quanto costano?", "ask_modules", DialogueState(asked=Asked.RENEW)) == [StartRenewal(), Ask(Topic.MODULES)]
    assert read("Aggiungi altri due utenti a quello che ho già, arrivano due farmacisti nuovi", "inform",
                at(Step.STORAGE)) == [SetQuantity(Step.USERS, delta=Decimal(2))]
    assert read("E allora mettitemmene uno 'n cchiù, accussì sto cchiù largo", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(1))]
    waiting = DialogueState(asked=Asked.RENEW_ANYWAY, pending=(ChoosePayment("bank_transfer"),))
    assert read("Per il bonifico i dati dove li trovo? Li mandate voi?", "ask_payment", waiting) == [
        Ask(Topic.PAYMENT_DETAILS)]
    assert read("Ok, mettimi anche 2 anni, però prima voglio parlare con un operatore", "ask_human", waiting) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), HandOff()]  # the renewal asked for opens beside it
    assert ChoosePayment("card") not in read(
        "mettimi anche 2 anni, però prima voglio parlare con un operatore per togliere la carta bloccata dal rinnovo "
        "automatico", "inform", at(Step.MODULES))
    assert read("Ah scusa, allora quello nuovo dello stesso ordine, quello del 2026", "inform", at(Step.STORAGE)) == [
        NotUnderstood()]
    assert read("Va ben, acceto le condizioni e confermo", "accept_terms", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        AcceptTerms(), StartRenewal(anyway=True), Confirm()]


def test_batch_ac_compositions(read):
    """Batch ac, read generally: people counted are no GB nor years; regional rows (Neapolitan «dduje anne»,
    Venetian «longo», «dei do», «aceto le condizion», Emilian «tiràl via», Sicilian «quantu veni», «no cu 'a
    carta»); «cosa succede» asks without its mark; both listed modules; which modules there are, with prices."""
    hiring = read("Potrebbe raddoppiare gli utenti aggiuntivi? Stiamo assumendo due nuove persone in ufficio.",
                  "inform", at(Step.STORAGE))
    assert hiring == [SetQuantity(Step.USERS, factor=Decimal(2))]
    assert read("Facimmo dduje anne, accussì stongo cujeto.", "inform", at(Step.USERS)) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("una volta fatto il bonifico cosa succede la scadenza si aggiorna subito", "ask_order",
                at(Step.CODE)) == [Ask(Topic.AFTER_PAYMENT)]
    assert read("Fame quel più longo dei do", "inform", at(Step.STORAGE, price_options=years_priced(1, 3))) == [
        SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("Va ben, aceto le condizion e confermo", "accept_terms", at(Step.TERMS)) == [AcceptTerms(), Confirm()]
    listed = at(Step.MODULES, listed_modules=("conservazione", "api", "solleciti"))
    assert read("Mettetemeli tutti e due, via", "keep_as_is", listed) == [AllModules(added=True)]
    assert ChoosePayment("card") not in read("vurrìa rinnovari mo, però cu bonificu, no cu 'a carta", "renew")
    assert read("E quantu veni pe tri anni?", "ask_price", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        Ask(Topic.PRICE, years=(Decimal(3),))]
    assert read("ciao, che moduli posso aggiungere e quanto costano?", "ask_price") == [Ask(Topic.MODULES)]


def test_batch_ad_compositions(read):
    """Batch ad, read generally: the method after «invece che» is the one not wanted, however many words between;
    Roman «scennilo de un giga» (down by one); a quantity said outside the question is done, and the question
    answered; «e per 4?» right after durations priced prices four years; «quant'è che mi pigliate?» asks the price."""
    assert read("preferirei pagare con bollettino postale invece che con l'addebito automatico sulla carta, si può "
                "fare subito?", "ask_payment")[0] == ChoosePayment("postal_slip")
    assert read("E già che ce stamo lo spazio scennilo de un giga", "inform", at(Step.MODULES)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(-1))]
    assert read("i' rinnovo lo vo' fa' per un anno solo, ma ditemi: perché 'un posso levà nemmeno un giga di spazio?",
                "ask_why_storage") == [SetQuantity(Step.YEARS, value=Decimal(1)), Ask(Topic.WHY_STORAGE)]
    assert read("E per 4?", "inform", at(Step.STORAGE, price_options=years_priced(3), last_quantity=Step.YEARS)) == [
        Ask(Topic.PRICE, years=(Decimal(4),))]
    assert read("E quant'è che mi pigliate, più o meno?", "ask_status", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        Ask(Topic.PRICE)]


def test_batch_ae_compositions(read):
    """Batch ae, read generally: «levane uno» after a refused change (the «ne» the corrector took off);
    «aumentalo di uno» (the pronoun is the quantity spoken of); regional rows (Tuscan «'un» is «non»,
    Neapolitan «'e doje», Piedmontese «quatr ani», Sicilian «deci», «mità», Abruzzese «mitte», Friulian «zontimi
    chel che al coste di mancul», «doi agns»); English «add one more user»."""
    after_users = at(Step.STORAGE, last_quantity=Step.USERS)
    assert read("vabbè allora levane uno solo, daje", "inform", after_users) == [SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("ok allora aumentalo di uno", "inform", at(Step.USERS, last_quantity=Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(1))]
    assert ChoosePayment("card") not in read("vorrei pagà co i' bonifico e rinnovà subito, 'un mi garba lasciare la "
                                             "carta", "renew", DialogueState(asked=Asked.RENEW_ANYWAY))
    assert read("E 'o spazio scennimmelo 'e doje GB", "inform", at(Step.USERS)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(-2))]
    assert SetQuantity(Step.YEARS, value=Decimal(4)) in read("Acetto le condission e confermo, ma fa quatr ani, neh",
                                                            "accept_terms", at(Step.STORAGE))
    assert read("Bonasira, vorria rinnovari pe' deci anni", "renew")[-1] == SetQuantity(Step.YEARS, value=Decimal(10))
    assert read("Mah, mi pari troppu, facimu a mità", "inform", at(Step.USERS, last_quantity=Step.YEARS)) == [
        SetQuantity(Step.YEARS, factor=Decimal("0.5"))]
    assert read("Zontimi chel che al coste di mancul", "inform",
                at(Step.STORAGE, listed_modules=("conservazione", "solleciti"))) == [SuggestedModule(0, by_price="cheapest")]
    assert read("E metimi doi agns", "inform", at(Step.STORAGE)) == [SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("Ok, no problem. Then add one more user", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(1))]
    listed = at(Step.MODULES, listed_modules=("archivio", "conservazione"))
    assert read("E aggiungi anche il modulo suggerito, quello che mi proponete voi nel carrello", "add_module",
                listed) == [SuggestedModule(0)]
    assert read("Mitte pure lu modulo de li solleciti de pagamente", "remove_module", at(Step.STORAGE)) == [
        AddModule("solleciti")]


def test_batch_af_compositions(read):
    """Batch af: Sicilian «m'aggiunciti n'utenti in chiù», «u spaziu aggiuntivu levamulu tuttu»; Bergamasque «mèt
    sich agn»; English «terms accepted, confirm»."""
    assert read("Haiu a rinnuvari u serviziu. M'aggiunciti n'utenti in chiù di chiddi ca haiu?", "renew")[-1] == \
        SetQuantity(Step.USERS, delta=Decimal(1))
    assert read("U spaziu aggiuntivu levamulu tuttu, nun mi servi", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0))]
    assert read("Bèh, alura mèt sich agn", "inform") == [SetQuantity(Step.YEARS, value=Decimal(5))]
    assert read("ok, terms accepted, confirm 👍", "inform", at(Step.STORAGE))[-2:] == [AcceptTerms(), Confirm()]
    assert read("E pi quantu anni si po' fari al massimu? Fammillu pi tutti chiddi", "inform", at(Step.YEARS)) == [
        SetQuantity(Step.YEARS, extreme="max")]  # asked, then told: the most


def test_batch_ag_compositions(read):
    """Batch ag: a confirmation before the acceptance («ok confirm, accetto le condizioni»), «procedi» after it;
    an item set before its pronoun («lo spazio, raddoppialo»); a retraction before the person asked for takes back
    the changes before it; «la carta sta vota no»; «no, anzi bonifico»; «quel'altro»; regional rows."""
    assert read("paypal, confirm, accetto le condizioni", "inform", at(Step.MODULES)) == [
        ChoosePayment("paypal"), Confirm(), AcceptTerms()]
    assert read("bonifico, accetto le condizioni, procedi", "inform", at(Step.STORAGE))[-2:] == [AcceptTerms(), Confirm()]
    assert Confirm() not in read("ho cambiato idea, procediamo: 2 anni. accetto le condizioni", "inform",
                                 at(Step.STORAGE))  # "procediamo" before the acceptance goes on, it confirms nothing
    assert read("ok ho sentito il socio, ho cambiato idea, procediamo", "affirm",
                DialogueState(cart_id=1, asked=Asked.CANCEL_CART)) == [Confirm()]
    assert read("pure lo spazio, raddoppialo", "inform", at(Step.STORAGE, last_quantity=Step.USERS)) == [
        SetQuantity(Step.STORAGE, factor=Decimal(2))]
    assert read("miette pure l'archivio e fai 5 utenti... anzi sai che c'è, passame n'operatore", "ask_human",
                at(Step.MODULES)) == [HandOff()]
    assert read("mettimi 2 anni e passami un operatore", "ask_human", at(Step.MODULES)) == [
        SetQuantity(Step.YEARS, value=Decimal(2)), HandOff()]
    assert read("vulìa rinnovari pe dui anni cu bonifico, ca carta sta vota no", "renew", DialogueState())[-1] == \
        ChoosePayment("bank_transfer")
    assert read("con la carta, no anzi bonifico", "inform", at(Step.PAYMENT)) == [ChoosePayment("bank_transfer")]
    assert read("mintici puru a conservazione a norma", "remove_module", at(Step.STORAGE)) == [
        AddModule("conservazione")]
    assert read("E anca quel'altro", "nlu_fallback", at(Step.STORAGE, last_module="solleciti")) == [
        SuggestedModule(0, besides="solleciti", added=True)]
    assert read("rinnovo pe' lu periodo cchiù lungo ca se pote", "renew", DialogueState())[-1] == \
        SetQuantity(Step.YEARS, extreme="max")
    assert read("ah. e allora cosa mi consigliate voi?", "ask_price", at(Step.STORAGE)) == [Ask(Topic.MODULES)]
    assert read("Ah no, quel'altro costa massa, cavilo", "deny", at(Step.STORAGE, last_module="api")) == [
        DropModule("api")]  # the pronoun is «l'altro» just spoken of
    assert read("Pago col bonifico. Ma la mail coi dati par pagar dove che la riva?", "inform", at(Step.STORAGE)) == [
        ChoosePayment("bank_transfer"), Ask(Topic.PAYMENT_DETAILS)]


def test_a_person_asked_for_beside_a_renewal_asked_for(read):
    """Batches v and af (v-017, af-017): the renewal asked for opens beside the person, a payment chosen with it is
    made; what a retraction took back is not."""
    assert read("ho il rinnovo automatico ma quest'anno vorrei pagare con bonifico, e poi vorrei parlare con una "
                "persona", "inform", DialogueState())[-2:] == [ChoosePayment("bank_transfer"), HandOff()]
    assert read("vorrei rinnovare adesso aggiungendo la conservazione e pagando con bonifico... sa che c'è? Mi passi "
                "un operatore", "renew", DialogueState()) == [StartRenewal(), HandOff()]


def test_batch_aa_left_over(read):
    """Batch aa (aa-014, aa-015): Emilian «levèl via, an'm serv piò», «fa du an», «mètt dentr anc»; English
    «PayPal instead of the card»."""
    renew_now = DialogueState(asked=Asked.RENEW_ANYWAY)
    assert read("e l'utente in più levèl via, an'm serv piò", "inform", renew_now) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("fa du an", "inform", renew_now) == [SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("e mètt dentr anc la conservazione a norma", "inform", renew_now) == [AddModule("conservazione")]
    assert read("vorrei fare il renewal per un anno, ma stavolta con PayPal instead of the card", "renew",
                DialogueState())[-1] == ChoosePayment("paypal")


def test_batch_ah_compositions(read):
    """Batch ah: a question after the clause that says on what condition it asks; «la scadenza nuova»; «come
    prima» typed in dialect is the value before the last change; Venetian and Sicilian rows."""
    assert read("Una volta effettuato il pagamento, cosa cambia esattamente per il nostro servizio?", "ask_payment",
                at(Step.STORAGE)) == [Ask(Topic.AFTER_PAYMENT)]
    assert read("E la scadenza nuova quando viene, scusa?", "ask_expiry_consequences", at(Step.USERS)) == [
        Ask(Topic.AFTER_PAYMENT)]
    assert read("No, sunnu troppi, torna comu prima", "deny", at(Step.STORAGE, last_quantity=Step.YEARS)) == [
        Restore(Step.YEARS, before_last=True)]
    assert read("rimetti com'era", "inform", at(Step.STORAGE, last_quantity=Step.STORAGE)) == [Restore(Step.STORAGE)]
    assert read("vorìa rinovar el servissio, e i utenti mèteli al dopio che semo cressùi", "renew",
                DialogueState())[-1] == SetQuantity(Step.USERS, factor=Decimal(2))
    assert read("Ah nun c'è? E allura chi mi cunsigghiati vuatri?", "inform", at(Step.STORAGE)) == [
        Ask(Topic.MODULES)]
    assert read("Mettimi chiddu cchiù caru di chiddi ca m'aviti dittu", "inform",
                at(Step.MODULES, listed_modules=("conservazione", "solleciti", "api"))) == [
        SuggestedModule(0, added=True, by_price="dearest")]


def test_batch_ai_compositions(read):
    """Batch ai: «la conferma» with its article is the e-mail, «vai con la conferma» confirms; a dictated question
    ending on «a quale indirizzo»; a negation after a method refuses it, not when it is before another method;
    «aggiungi quello» is the add-on spoken of; the renewal waiting for «sì» opens beside a person; rows."""
    assert read("la conferma e la ricevuta mi arrivano per mail a quale indirizzo", "ask_payment",
                at(Step.STORAGE)) == [Ask(Topic.EMAILS)]
    assert read("sì sì, accetto le condizioni, vai co' la conferma", "accept_terms", at(Step.STORAGE))[-2:] == [
        AcceptTerms(), Confirm()]
    assert read("per il massimo degli anni rinnovare voglio, e col bollettino pago che la carta stavolta non la voglio "
                "usare", "inform", DialogueState())[-1] == ChoosePayment("postal_slip")
    assert read("this year voglio pagare con bollettino postale not with card, possible?", "inform",
                DialogueState())[-1] == ChoosePayment("postal_slip")
    assert read("eja, aggiungi quello", "add_module", DialogueState(asked=Asked.RENEW_ANYWAY,
                                                                   last_module="conservazione")) == [
        AddModule("conservazione")]
    waiting = DialogueState(asked=Asked.RENEW_ANYWAY, pending=(ChoosePayment("bank_transfer"),))
    assert read("sentiti, mi passati n'operaturi? vogghiu parrari cu na persona vera", "ask_human", waiting) == [
        StartRenewal(), HandOff()]
    assert read("ah, no savevo. va ben, alora metine un an in più e basta", "inform", at(Step.STORAGE))[-1] == \
        SetQuantity(Step.YEARS, delta=Decimal(1))
    assert read("va ben, alora zontaghene uno invece, che ghe xe un novo in ufficio", "inform",
                DialogueState(asked=Asked.RENEW_ANYWAY, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(1))]


def test_dev_left_over(read):
    """af-022: Bergamasque «i mè fatture i è amò lé o i è perse?» asks what an expired service keeps, as does its
    Italian «le mie fatture sono ancora lì o sono perse?» (it was read as a question about the cart)."""
    for text in ("Ciao, so dré a rinnovà. Ma i mè fatture i è amò lé o i è perse?",
                 "Ciao, sto rinnovando. Ma le mie fatture sono ancora lì o sono perse?"):
        assert read(text, "ask_cart", DialogueState()) == [Ask(Topic.EXPIRY_CONSEQUENCES)]
    assert read("posso recuperare i dati cancellati?", "ask_status", DialogueState()) == [Ask(Topic.SERVICE_BACK)]
    # v-003: a reminder pasted after «cosa devo fare?», and the same said in one's own words: renewing is the answer
    reminder = ("Ho ricevuto questo, cosa devo fare? >>> Gentile Cliente, ti ricordiamo che il servizio Fatturazione "
                "Elettronica associato all'utenza 1000001@aruba.it scade il 14/12/2026. Per non perdere l'accesso "
                "rinnovalo dall'Area Clienti. Cordiali saluti, Aruba S.p.A. <<<")
    assert read(reminder, "ask_how_to_sign_in", DialogueState()) == [StartRenewal()]
    assert read("mi è arrivata una mail che il servizio scade, cosa devo fare?", "nlu_fallback", DialogueState()) == [
        StartRenewal()]
    assert read("cosa devo fare per pagare con bonifico?", "ask_payment", DialogueState()) == [Ask(Topic.PAYMENT)]


def test_batch_aj_compositions(read):
    """Batch aj: «quello che resta» after a removal names what remains, it keeps nothing; «uno più di quanto sta
    adesso» is one more (a comparison with the quantity as it is)."""
    users_spoken_of = DialogueState(asked=Asked.STORAGE, last_quantity=Step.USERS)
    for intent in ("inform", "keep_as_is"):
        assert read("e togli anche quello che resta", intent, users_spoken_of) == [
            SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("e leva pure quelli rimasti", "inform", users_spoken_of) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("lo spazio resta com'è", "inform", users_spoken_of) == [Keep((Step.STORAGE,))]
    years = DialogueState(asked=Asked.YEARS, last_quantity=Step.YEARS)
    assert read("e allora mittine uno cchiù di quanto stai mo'", "inform", years) == [
        SetQuantity(Step.YEARS, delta=Decimal(1))]
    assert read("fammene due meno di quelli di ora", "inform", years) == [SetQuantity(Step.YEARS, delta=Decimal(-2))]


def test_batch_ak_compositions(read):
    """Batch ak: a confirmation put off («lo confermo domani», «per confermare aspetto il mio socio», «prima di
    confermare, tolga...») does not confirm; «l'unico modulo»; «il periodo più lungo»; «e pure i solleciti» adds;
    «un altro utente», «uno di meno»; the item of the clause before a factor; Apulian and Sicilian rows."""
    terms = DialogueState(asked=Asked.TERMS)
    assert read("le condizioni le accetto, per confermare aspetto il mio socio", "affirm", terms) == [AcceptTerms()]
    assert Confirm() not in read("le accetto, l'ordine lo confermo domani col titolare", "affirm", terms)
    assert read("Accetto le condizioni generali; tuttavia, prima di confermare, tolga l'unico modulo che compare nel "
                "riepilogo: non lo utilizziamo più.", "accept_terms", terms) == [AcceptTerms(), AllModules(added=False)]
    assert read("scrivo per confermare l'ordine", "confirm", DialogueState(asked=Asked.CONFIRM)) == [Confirm()]
    assert AcceptTerms() not in read("le condizioni le accetto domani dopo averle lette", "accept_terms", terms)
    assert read("desidero rinnovare per il periodo più lungo che il sistema consente", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, extreme="max")]
    assert read("e pure i solleciti di pagamento", "remove_module", at(Step.STORAGE)) == [AddModule("solleciti")]
    assert read("e puru l'utenti, u duppiu di chiddi ca haiu", "keep_as_is", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, factor=Decimal(2))]
    assert read("pagu ca carta e accettu i cundizioni", "inform", at(Step.STORAGE)) == [
        ChoosePayment("card"), AcceptTerms()]
    for text in ("aggiungi un altro utente", "e mittece n'atu utende"):
        assert read(text, "inform", at(Step.STORAGE)) == [SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("e u spaziu puru, unu di menu", "inform", at(Step.MODULES)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(-1))]
    assert read("ce stè u rinnove automateche, ma je vogghie rennuvà mò pe ddò anne", "renew",
                DialogueState())[-1] == SetQuantity(Step.YEARS, value=Decimal(2))


def test_batch_al_compositions(read):
    """Batch al: the acceptance said in a sentence beside a question; a question word inside a clause of a
    sentence that asks; «confermo» to the question to renew now after accepting in the message it waits on;
    «rimettilo come prima» after a module dropped puts the module back, nothing else; Sicilian rows."""
    assert read("le condizioni le accetto. ma il bollettino quando arriva, c'è già il numero dell'ordine?", "ask_order",
                at(Step.STORAGE)) == [AcceptTerms(), Ask(Topic.EMAILS)]
    renew_now = DialogueState(asked=Asked.RENEW_ANYWAY, pending=(ChoosePayment("paypal"), AcceptTerms()))
    assert read("confermo", "confirm_order", renew_now) == [StartRenewal(anyway=True), Confirm()]
    assert read("confermo", "confirm_order", replace(renew_now, pending=(ChoosePayment("paypal"),))) == [
        StartRenewal(anyway=True)]
    assert read("no dai, rimettilo come prima", "add_module", at(Step.STORAGE, last_module="solleciti",
                last_quantity=Step.YEARS, previous_value=(Step.YEARS, Decimal(1)))) == [AddModule("solleciti")]
    assert read("e l'utenti aggiuntivi livatili tutti, tantu nun n'haiu configuratu nuddu", "ask_why_users",
                at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("l'anni facemuli u doppiu", "inform", at(Step.USERS)) == [SetQuantity(Step.YEARS, factor=Decimal(2))]


def test_batch_am_compositions(read):
    """Batch am: Sicilian «mittimminni unu in chiù» and Ligurian «un anno in ciù de quello che gh'è oua» are one
    more; «gli anni partono da oggi o dalla vecchia scadenza?» asks the status; «leva quello che tenevo» names
    what a removal is about (asked, not kept)."""
    assert read("Allura mittimminni unu in chiù di chiddi c'aju nto carrellu", "ask_cart",
                DialogueState(asked=Asked.RENEW_ANYWAY, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("Alloa mettine un anno in ciù de quello che gh'è oua", "inform", at(Step.YEARS)) == [
        SetQuantity(Step.YEARS, delta=Decimal(1))]
    assert read("Ma gli anni partono da oggi o dalla vecchia scadenza?", "out_of_scope", at(Step.YEARS)) == [
        Ask(Topic.STATUS)]
    assert read("E mo' leva quiddu ca tenevo già da prima", "keep_as_is", at(Step.STORAGE, last_module="solleciti")) \
        == [SuggestedModule(0, added=False, bought=True)]  # the module bought before (since batch av)
    assert read("Gentili signori, desidererei sapere cosa accade qualora l'addebito automatico sulla carta non andasse "
                "a buon fine.", "ask_automatic_renewal", DialogueState()) == [Ask(Topic.AUTOMATIC_FAILED)]
    listed = at(Step.STORAGE, last_module="archivio", listed_modules=("conservazione", "solleciti", "api", "archivio"))
    assert read("Anzi no, togli il primo che ti ho fatto aggiungere, il gestionale lo stiamo cambiando", "remove_module",
                listed) == [DropModule("api")]


def test_batch_an_compositions(read):
    """Batch an: what is in use is the lowest («solo gli utenti configurati», «solo lo spazio che uso»); «per il
    massimo» after a renewal verb is how long, asked for oneself with a question mark too; a factor takes the item
    its «di» names («il doppio dello spazio e metà degli utenti»); a supposed choice in a question is no choice;
    English «both»; a customer's own software beside a module described is not a second module; «rimetti quello
    che ho appena tolto»."""
    assert read("vorrei rinnovare tenendo soltanto gli utenti che abbiamo davvero configurato", "renew",
                DialogueState()) == [StartRenewal(), SetQuantity(Step.USERS, extreme="min")]
    assert read("tieni solo lo spazio che uso", "inform", at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, extreme="min")]
    assert read("gli utenti che ho configurato quanti sono?", "ask_cart", at(Step.USERS)) == [Ask(Topic.CART)]
    assert read("me lo rinnovi per il massimo che si può?", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, extreme="max")]
    assert read("rinnovamelo pe' il massimo", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, extreme="max")]
    assert read("quanti anni posso fare al massimo?", "ask_years", at(Step.PAYMENT)) == [Ask(Topic.YEARS)]
    assert read("ok, il triplo dello spazio e metà degli utenti", "inform", at(Step.USERS)) == [
        SetQuantity(Step.STORAGE, factor=Decimal(3)), SetQuantity(Step.USERS, factor=Decimal("0.5"))]
    assert ChoosePayment("postal_slip") not in read(
        "una domanda: qualora pagassi col bollettino, gli estremi dove li ricevo?", "ask_payment", DialogueState())
    assert read("add both please", "add_module", DialogueState(listed_modules=("conservazione", "solleciti"))) == [
        AllModules(added=True)]
    assert read("togli quello per i clienti morosi, lo faccio già col mio gestionale", "remove_module",
                at(Step.STORAGE)) == [DropModule("solleciti")]
    assert read("anzi rimetti quello che ho appena tolto", "add_module", at(Step.STORAGE, last_module="archivio")) == [
        AddModule("archivio")]


def test_batch_ao_compositions(read):
    """Batch ao: an extreme for items joined by «sia... sia» after it, not taken by an extreme of another clause;
    southern pronouns joined to a verb («levatimmilu»); Venetian «cavime», «gnente»; «tutti e due i moduli» counts
    modules, not GB."""
    assert read("vorrei il minimo indispensabile sia di spazio aggiuntivo sia di utenti aggiuntivi, ma per la durata "
                "più lunga possibile", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, extreme="min"), SetQuantity(Step.USERS, extreme="min"),
        SetQuantity(Step.YEARS, extreme="max")]
    assert read("l'utenti aggiuntivi livatimmilli", "inform", at(Step.STORAGE)) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("cavime el spasio in più, no me serve gnente", "inform", at(Step.USERS)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0))]
    assert read("mettimi pure tutti e due i moduli che mi consigliate", "add_module", at(Step.STORAGE)) == [
        AllModules(added=True)]
    assert read("what?? when did it expire exactly?", "out_of_scope", DialogueState()) == [Ask(Topic.STATUS)]


def test_batch_ap_compositions(read):
    """Batch ap: «intendevo X, non quello dei DDT» adds X and drops the other; a verb after «quello per» says what a
    module is for, it keeps nothing; in dictation a negation is about the noun after it («niente codice pago con
    paypal», «niente codice carta accetto tutto»); a module told again to explain it is not changed again; a
    module named in a sentence that asks is asked about («la conservazione che mi proponete, che è?»), then
    «mettitela»; «4 GB, no 6» (the value not wanted beside the one wanted); two questions, two answers."""
    listed = at(Step.STORAGE, last_module="archivio", listed_modules=LIST_1000001)
    assert read("scusa, intendevo quello per collegare il gestionale, non quello dei DDT", "add_module", listed) == [
        AddModule("api"), DropModule("archivio")]
    assert read("metti quello per tenere i contratti", "add_module", at(Step.MODULES)) == [AddModule("archivio")]
    assert read("tre anni niente codice pago con paypal", "inform", at(Step.STORAGE))[-2:] == [
        NoCode(), ChoosePayment("paypal")]
    assert read("niente codice carta accetto tutto", "inform", at(Step.CODE)) == [
        NoCode(), ChoosePayment("card"), AcceptTerms()]
    assert read("non pago con la carta", "inform", at(Step.PAYMENT)) == [NotUnderstood()]
    assert read("metti i solleciti, così i clienti che non pagano ricevono il promemoria", "add_module",
                at(Step.STORAGE)) == [AddModule("solleciti")]
    asked = read("e questa conservazione a norma che mi proponete, che cos'è?", "ask_modules", at(Step.YEARS))
    assert asked == [Ask(Topic.MODULES, about="conservazione")]
    assert read("bene, allora mettitela", "inform", at(Step.YEARS, last_module="conservazione")) == [
        AddModule("conservazione")]
    assert read("no scusa, intendevo 4 GB, no 6", "deny", at(Step.USERS)) == [SetQuantity(Step.STORAGE, value=Decimal(4))]
    assert read("la ricevuta dove arriva? E se pago col bonifico invece che con la carta cosa cambia?", "ask_payment",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [Ask(Topic.EMAILS), Ask(Topic.AUTOMATIC_RENEWAL)]


def test_batch_aq_compositions(read):
    """Batch aq: «+ solleciti» adds; a polite request put as a question («sarebbe così gentile da aggiungere...?»);
    a way to pay the customer had is no choice; a bare number with a word that takes it back, to another
    quantity's question just after that quantity was said, is proposed, not guessed; then a bare number is about
    the quantity proposed; «tengo solo quello che avevo, uno» restores the quantity spoken of; «ok ci penso»."""
    assert read("+ solleciti", "add_module", at(Step.STORAGE)) == [AddModule("solleciti")]
    assert read("Sarebbe così gentile da aggiungere anche l'archivio?", "ask_modules", at(Step.STORAGE)) == [
        AddModule("archivio")]
    assert read("avevo il rinnovo automatico con la carta, cosa succede adesso?", "ask_automatic_renewal",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    proposed = read("no 1", "deny", at(Step.STORAGE, last_quantity=Step.YEARS))
    assert proposed == [Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, value=Decimal(1)))]
    assert read("3", "inform", at(Step.STORAGE, last_quantity=Step.YEARS)) == [SetQuantity(Step.STORAGE, value=Decimal(3))]
    assert read("mah dai 2", "inform", DialogueState(cart_id=1, asked=Asked.PROPOSAL, last_quantity=Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("ma no, lascia stare, tengo solo quello che avevo, uno", "deny",
                at(Step.STORAGE, last_quantity=Step.USERS)) == [Restore(Step.USERS)]
    assert read("ok ci penso, ciao", "goodbye", at(Step.STORAGE)) == [SmallTalk("goodbye")]
    assert read("qnt costa aggiungere la conservazione a norma?", "add_module", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, module=AddModule("conservazione"))]
    assert read("nn voglio + i solleciti", "remove_module", at(Step.MODULES)) == [DropModule("solleciti")]


def test_batch_ar_compositions(read):
    """Batch ar: prices compared before deciding («quanto spenderei per 2 anni e quanto per 3», «Con 2 anni quanto
    verrebbe? E con 3?», «quant'è per 2 anni?», «e ppi tri anni?»); «e quanto costano?» after the add-ons were
    listed, two modules priced in one question; «anzi no, non l'archivio, intendevo...»; «si può pagare con
    bollettino?» asks; «come faccio a cancellarlo?» after the users were refused; «annulla tuttu»; «mettili»;
    «conviene prenderli tutti e due?» asks; «prendo solo il primo che mi ha detto»."""
    assert read("desidero rinnovare. Prima però vorrei sapere quanto spenderei per 2 anni e quanto per 3 anni.", "renew",
                DialogueState()) == [StartRenewal(), Ask(Topic.PRICE, years=(Decimal(2), Decimal(3)))]
    assert read("Con 2 anni quanto verrebbe? E con 3?", "ask_price", at(Step.USERS)) == [
        Ask(Topic.PRICE, years=(Decimal(2), Decimal(3)))]
    assert read("quant'è per 2 anni?", "ask_years", at(Step.YEARS)) == [Ask(Topic.PRICE, years=(Decimal(2),))]
    assert read("E ppi tri anni?", "nlu_fallback", DialogueState(asked=Asked.RENEW_ANYWAY, price_options=years_priced(2))) == [
        Ask(Topic.PRICE, years=(Decimal(3),))]
    assert read("e quanto costano all'anno?", "ask_price", at(Step.MODULES, listed_modules=LIST_1000001)) == [
        Ask(Topic.MODULES)]
    assert read("quanto costa aggiungere la conservazione a norma? E i solleciti?", "ask_price", DialogueState()) == [
        Ask(Topic.MODULES)]
    assert read("aggiungi l'archivio... anzi no scusa, non l'archivio, intendevo quello per collegare il gestionale",
                "add_module", at(Step.STORAGE, listed_modules=LIST_1000001))[-2:] == [DropModule("archivio"), AddModule("api")]
    assert read("si può pagare con bollettino?", "ask_payment", at(Step.STORAGE)) == [Ask(Topic.PAYMENT)]
    assert read("E come faccio a cancellarlo allora?", "ask_expiry_consequences",
                at(Step.USERS, last_quantity=Step.USERS)) == [Ask(Topic.WHY_USERS)]
    assert read("lassamu perdiri, mi tegnu u rinnovu automaticu. Annulla tuttu.", "cancel", at(Step.STORAGE)) == [Cancel()]
    assert read("Via, mettili", "add_module", at(Step.MODULES, last_module="solleciti")) == [AddModule("solleciti")]
    assert read("Conviene prenderli tutti e due?", "ask_modules", DialogueState(listed_modules=("conservazione", "solleciti"))) \
        == [Ask(Topic.MODULES)]
    assert read("Prendo solo il primo che mi ha detto", "add_module",
                at(Step.STORAGE, listed_modules=("conservazione", "solleciti"))) == [OnlyModules(("conservazione",))]


def test_batch_as_compositions(read):
    """Batch as: a third person's wish («il mio cliente vuole toglierlo»); a module named with its article keeps the
    words after its noun («la conservazione a norma non la rinnovo»); «l'utente aggiuntivo non serve, toglilo»; a
    question naming the card after the order changes nothing; «lascio stare per oggi, prima lo cancello e poi
    rinnovo» puts off; «ci penso e vi faccio sapere»; «pago cor bonifico che paypal nun me va»."""
    assert read("Il mio cliente non usa più l'archivio documenti e vuole toglierlo dal rinnovo.", "remove_module",
                at(Step.STORAGE)) == [DropModule("archivio")]
    assert read("la conservazione a norma non la rinnovo, aggiungete i solleciti", "renew", at(Step.STORAGE)) == [
        DropModule("conservazione"), AddModule("solleciti")]
    assert read("Un attimo: l'utente aggiuntivo non serve, toglilo.", "inform",
                at(Step.STORAGE, last_module="solleciti")) == [SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("e a gennaio non è che mi addebitate anche la carta? non voglio pagare due volte", "ask_payment",
                DialogueState(order_number="FE-2026-000001")) == [Ask(Topic.PAYMENT)]
    assert read("ok lascio stare per oggi, prima lo cancello e poi rinnovo", "cancel", at(Step.USERS)) == [
        SmallTalk("goodbye")]
    assert read("ci penso e vi faccio sapere, eh", "nlu_fallback", at(Step.STORAGE)) == [SmallTalk("goodbye")]
    assert read("ah no aspè ripensandoci pago cor bonifico che paypal nun me va cambiamelo", "inform",
                DialogueState(order_number="FE-2026-000001")) == [ChoosePayment("bank_transfer")]


def test_batch_at_compositions(read):
    """Batch at: a change supposed in a sentence that asks is not made, beside a person too; «il rinnovo automatico
    resta attivo?»; «lascio tutto così» to the question to renew now is a no; «non riesco a inviare le fatture»."""
    assert read("se tolgo i solleciti perdo lo storico dei promemoria? Comunque preferirei parlarne con una persona "
                "in carne e ossa.", "nlu_fallback", at(Step.STORAGE)) == [HandOff()]
    assert read("Ma pagando con PayPal il rinnovo automatico resta attivo anche dopo?", "nlu_fallback",
                at(Step.STORAGE)) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("Perfetto, allora lascio tutto così. Grazie!", "goodbye", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        Decline()]
    assert read("è da giorni che non riesco a inviare le fatture come prima!", "greet", DialogueState()) == [
        Ask(Topic.SIGN_IN)]


def test_batch_au_av_compositions(read):
    """Batches au and av: a cancellation followed by changes takes back what came before it; putting off is no
    cancelling; a named code asked about is checked, not dropped; a question about what a module does, about the
    lowest users, about paying another way; a drop verb with «quanto puoi»; «uno più nuovo» is no number; the
    module bought before; the module spoken of; a no, then a question."""
    assert read("mmm 30 euro l'api... no lascia perdere, toglila e metti l'archivio documenti", "add_module",
                at(Step.MODULES, last_module="api")) == [DropModule("api"), AddModule("archivio")]
    assert read("annulla, ne parlo prima col commercialista", "cancel", at(Step.MODULES)) == [Cancel()]
    for put_off in ("boh ok allora ci penso e vi faccio sapere", "uff, allora niente, ci penso su",
                    "ah vabbè, allora lascia perde, ce penso e ripasso"):
        assert read(put_off, "cancel", at(Step.STORAGE)) == [SmallTalk("goodbye")], put_off
    assert read("non so, forse ne ho uno più nuovo, devo cercarlo. vi riscrivo", "nlu_fallback",
                at(Step.STORAGE)) == [SmallTalk("goodbye")]
    assert read("Ok, no problem. Then add one more user", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("ma di preciso sto codice convenzione cos'è? vale anche l'anno prossimo?", "remove_code",
                at(Step.STORAGE)) == [Ask(Topic.CODE_INFO)]
    assert read("Buonasera, avrei una domanda: il codice convenzione ING2025 che usavo l'anno scorso è ancora valido?",
                "inform", DialogueState()) == [Ask(Topic.CODE_INFO, about="ING2025")]
    assert read("e gli utenti lasciamene solo quanti ne ho gia configurati", "keep_as_is", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, extreme="min")]
    assert read("vabbe allora toglimene quanto puoi", "remove_module",
                at(Step.STORAGE, last_quantity=Step.STORAGE)) == [SetQuantity(Step.STORAGE, extreme="min")]
    assert read("acceto le condizzioni, anzi no aspeta, pago con paypal che la carta mi scade", "inform",
                at(Step.TERMS)) == [AcceptTerms(), ChoosePayment("paypal")]
    assert read("e se quest'anno volessi pagare con bonifico invece che con la carta?", "inform",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("buongiorno, ho il rinnovo automatico ma volevo sapere se c'è qualche modulo che mi consigliate",
                "ask_automatic_renewal", DialogueState()) == [Ask(Topic.MODULES)]
    assert read("salve devo rinnovare il servizio scaduto, mi consigliate qualcosa da aggiungere?",
                "ask_expiry_consequences", DialogueState()) == [StartRenewal(), Ask(Topic.MODULES)]
    assert read("boh... ma a che serve esattamente?", "out_of_scope", at(Step.STORAGE, last_module="solleciti")) == [
        Ask(Topic.MODULES, about="solleciti")]
    assert read("non so... vabbè dai mettimi quello di cui parlavamo", "inform",
                at(Step.STORAGE, last_module="solleciti")) == [AddModule("solleciti")]
    assert read("ok quello mi interessa, si può aggiungere?", "inform",
                at(Step.STORAGE, last_module="conservazione")) == [AddModule("conservazione")]
    assert read("no no, non voglio rinnovare adesso, lascio l'automatico. ma l'utente in più si può togliere o no?",
                "deny", DialogueState(asked=Asked.RENEW_ANYWAY)) == [Decline(), Ask(Topic.WHY_USERS)]
    assert read("lo spazio si può ridurre?", "inform", at(Step.USERS)) == [Ask(Topic.WHY_STORAGE)]


def test_a_price_asked_without_the_code_or_the_changes(read):
    """Batch ar (ar-006, ar-028): «quanto avrei pagato senza?» after the code, «prima di aggiungere tutta 'sta roba
    quanto veniva?»: the totals compared, nothing changed."""
    assert read("Quindi quanto pago adesso col codice, e quanto avrei pagato senza?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, without="code")]
    assert read("Ma prima di aggiungere tutta 'sta roba quanto veniva?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, without="changes")]
    assert read("quanto avrei pagato senza?", "ask_price", at(Step.STORAGE)) == [Ask(Topic.PRICE)]  # without what?
    for text in ("quanto costa senza i solleciti?", "e se togliessi i solleciti quanto verrebbe?",
                 "senza i solleciti quanto viene?"):  # a module supposed dropped: priced, proposed
        assert read(text, "ask_price", at(Step.STORAGE)) == [Ask(Topic.PRICE, what_if=DropModule("solleciti"))], text
    assert read("togli i solleciti, quanto viene?", "ask_price", at(Step.STORAGE)) == [
        DropModule("solleciti"), Ask(Topic.PRICE)]


def test_batch_aw_ax_compositions(read):
    """Batches aw and ax: a factor of the item its sentence spoke of, after what the customer has; a step up in
    place of the last one; what a module does, named in the sentence before the question; «quello lì non lo
    rinnovi»; an item in a clause before its pronoun verb; a question joined only to a clause of its sentence;
    «continuare a emettere fatture»; «il secondo quanto costa?»."""
    assert read("gò do utenti ma ghe ne dopero uno solo, metì la metà", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, value=Decimal(2)), SetQuantity(Step.USERS, factor=Decimal("0.5"))]
    assert read("anzi no, mettene due in più invece de uno", "inform", at(Step.USERS, last_quantity=Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(2), instead_of_last=True)]
    assert read("ciao, devo rinnovare ma nel carrello mi propone l'integrazione API... che roba è? serve a me?",
                "add_module", DialogueState()) == [StartRenewal(), Ask(Topic.MODULES, about="api")]
    assert read("e l'archivio documenti invece cosa fa?", "ask_modules", at(Step.STORAGE, last_module="api")) == [
        Ask(Topic.MODULES, about="archivio")]
    assert read("Allora quello lì non lo rinnovi, grazie.", "inform", at(Step.STORAGE, last_module="solleciti")) == [
        DropModule("solleciti")]
    assert read("e l'utente in più non l'ho mai configurato, toglietelo", "ask_why_users", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("buongiorno, mi è arrivata una mail che il servizio è scaduto. cosa succede adesso, non posso più fare "
                "fatture?", "ask_expiry_consequences", DialogueState()) == [Ask(Topic.SIGN_IN)]
    assert read("La ringrazio. Allora come devo fare per continuare a emettere fatture?", "inform",
                DialogueState()) == [Ask(Topic.SIGN_IN)]
    assert read("il secondo quanto costa?", "ask_price", at(Step.MODULES, listed_modules=LIST_1000001)) == [
        Ask(Topic.PRICE, module=PickModule("solleciti"))]


def test_batch_ay_az_compositions(read):
    """Batches ay and az: «rimettilo come prima» after a quantity changed is that quantity; «come si cancellano?»
    after the users refused; a question dictated ending on «qual è»; English «after I pay, what change?»; «5 sono
    troppi» is no value; Neapolitan «n'ato utente»; Venetian «cavélo»."""
    assert read("anzi no rimettilo come prima, non si sa mai", "add_module",
                at(Step.USERS, last_quantity=Step.STORAGE, last_module="solleciti")) == [
        Restore(Step.STORAGE, before_last=True)]
    assert read("e come si cancellano?", "out_of_scope", at(Step.STORAGE, last_quantity=Step.USERS)) == [
        Ask(Topic.WHY_USERS)]
    assert read("ma il bonifico a chi lo devo fare cioè l'iban qual è", "inform", at(Step.STORAGE)) == [
        ChoosePayment("bank_transfer"), Ask(Topic.PAYMENT_DETAILS)]
    assert read("and after I pay, what change? the date of scadenza?", "ask_expiry_consequences",
                at(Step.STORAGE)) == [Ask(Topic.AFTER_PAYMENT)]
    assert read("sì accetto le condizioni, però lo spazio mettilo a 2 GB, 5 sono troppi", "accept_terms",
                at(Step.TERMS)) == [AcceptTerms(), SetQuantity(Step.STORAGE, value=Decimal(2))]
    assert read("accetto 'e condizioni, ma primma 'e confermà mettete n'ato utente ca è arrivata 'a nipote a lavorà",
                "accept_terms", at(Step.TERMS)) == [AcceptTerms(), SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("sì, rinnovemo. Però el spazio in più no me serve, cavélo", "affirm",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(0))]


def test_batch_ba_bb_compositions(read):
    """Batches ba and bb: a number inside a module's description; the verb after a description; people and things
    counted; the numbers of a list; the last change taken back; a pronoun before a formal verb; the clause after a
    module; a question asked for someone else; regional rows."""
    assert read("ah ok. però quello che conserva le fatture per 10 anni levalo, ce lo fa già il commercialista",
                "inform", at(Step.STORAGE)) == [DropModule("conservazione")]
    assert read("mettimi dentro anche quello per tenere via le fatture dieci anni come vuole la legge", "add_module",
                at(Step.STORAGE)) == [AddModule("conservazione")]
    assert read("aggiungi qllo x i promemoria ai clienti ch nn pagano e anke qllo x conservare le fatture", "add_module",
                at(Step.STORAGE)) == [AddModule("solleciti"), AddModule("conservazione")]
    assert read("ci servono 2 acessi in piu per 2 coleghi nuovi", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(2))]
    assert read("e gli accessi mettine uno solo", "inform", at(Step.STORAGE)) == [SetQuantity(Step.USERS, value=Decimal(1))]
    assert read("e mettece pure quella cosa che manda i promemoria a chi nun te paga, che c'ho 'n paio de clienti",
                "add_module", at(Step.STORAGE)) == [AddModule("solleciti")]
    assert read("Le chiedo tre cose: 1) rinnovo per 2 anni 2) non rinnovare i solleciti di pagamento 3) aggiungere "
                "l'archivio documenti.", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), DropModule("solleciti"), AddModule("archivio")]
    assert read("mettimi 2. poi aggiungi l'archivio", "inform", at(Step.YEARS))[0] == SetQuantity(Step.YEARS, value=Decimal(2))
    before = at(Step.STORAGE, previous_value=(Step.USERS, Decimal(3)), last_quantity=Step.USERS)
    for text in ("lasci stare l'ultimo cambio.", "no lassa stari l'ultimu cambiu", "annulla l'ultima modifica"):
        assert read(text, "inform", before) == [Restore(Step.USERS, before_last=True)], text
    proposed = DialogueState(cart_id=1, asked=Asked.PROPOSAL, pending=(DropModule("solleciti"),), last_module="solleciti")
    assert read("Va bene, li tolga.", "affirm", proposed) == [DropModule("solleciti")]
    assert read("Il cliente ci ha ripensato sull'API, la tolga per favore.", "add_module", at(Step.PAYMENT)) == [
        DropModule("api")]
    assert read("Il cliente chiede se la scadenza cambia subito o dopo il pagamento, e quale sarà.", "nlu_fallback",
                DialogueState(order_number="FE-2026-000001")) == [Ask(Topic.AFTER_PAYMENT)]
    assert read("Icché s'è arrivati a pagare, allora?", "ask_payment", at(Step.PAYMENT)) == [Ask(Topic.PRICE)]
    assert read("Se paghiamo con PayPal invece che con carta cambia qualcosa nel prezzo?", "ask_price",
                at(Step.STORAGE)) == [Ask(Topic.AUTOMATIC_RENEWAL), Ask(Topic.PRICE)]
    assert read("nu mumento, 'o collega mio dice ca 5 giga so' assaje, facimmene 4", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(4))]
    assert read("ce ne mettete un altro paio di giga?", "ask_order", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(2))]
    assert read("Bondì, par la Ferri Consulenze vorìa rinovar par diese ani", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(10))]


def test_batch_bc_bd_compositions(read):
    """Batches bc and bd: what is used is read in its own clause; «levali tutti e due»; «rinnovo + conservazione»;
    «no aspe meglio bonifico»; what was ordered, after the order; a module named with no verb in a price question
    is supposed, not changed; «400 mega» is no value."""
    assert read("metti dentro la conservazione che la uso, e fai 3 anni", "add_module", DialogueState()) == [
        AddModule("conservazione"), SetQuantity(Step.YEARS, value=Decimal(3))]
    assert read("anzi no, levali tutti e due che costa troppo", "inform", at(Step.USERS, last_module="solleciti")) == [
        AllModules(added=False)]
    assert read("rinnovo + conservazione", "remove_module", DialogueState()) == [StartRenewal(), AddModule("conservazione")]
    assert read("non voglio più i solleciti", "remove_module", at(Step.MODULES)) == [DropModule("solleciti")]
    assert read("no aspe meglio bonifico", "inform", at(Step.STORAGE)) == [ChoosePayment("bank_transfer")]
    assert read("scusa cosa ho ordinato alla fine? nn ricordo", "ask_cart", DialogueState(order_number="FE-2026-000001")) \
        == [Ask(Topic.ORDER)]
    for text in ("e senza le api quanto verrebbe", "e senza le api, solo per sapere, quanto sarebbe?"):
        assert read(text, "ask_price", at(Step.STORAGE)) == [Ask(Topic.PRICE, what_if=DropModule("api"))], text
    assert read("how much would it be con anche le API? just asking", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, module=AddModule("api"))]
    assert read("togli le api, quanto viene?", "ask_price", at(Step.STORAGE)) == [DropModule("api"), Ask(Topic.PRICE)]
    assert read("ok no API. payment by paypal", "add_module", at(Step.STORAGE)) == [DropModule("api"),
                                                                                   ChoosePayment("paypal")]
    assert read("togli lo spazio aggiuntivo dal rinnovo, uso solo 400 mega", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0))]


def test_batch_be_bf_compositions(read):
    """Batches be and bf: someone else asked first is no confirmation and no change («devo sentire il mio socio»,
    «per la conferma aspetto il titolare»); «dove eravamo rimasti?» is the cart again; a desk's abbreviations
    («agg.», «gen.»); an acceptance told as done («condizioni accettate», «le ha lette e accettate»); «I need to
    renew»; when the service was deleted."""
    for text, intent in (("aspetta devo sentire il mio socio, torno tra poco", "nlu_fallback"),
                         ("prima di confermare ne parlo con l'amministrazione", "nlu_fallback"),
                         ("PER LA CONFERMA ASPETTO IL TITOLARE, VI RISCRIVO DOPO", "confirm_order")):
        assert read(text, intent, at(Step.CONFIRM)) == [SmallTalk("goodbye")], text
    for text in ("eccomi, dove eravamo rimasti?", "a che punto siamo?", "riprendiamo da dove eravamo"):
        assert read(text, "greet", at(Step.STORAGE)) == [Ask(Topic.CART)], text
    assert read("agg. conservazione + solleciti", "remove_module", at(Step.STORAGE)) == [
        AddModule("conservazione"), AddModule("solleciti")]
    assert punctuated("agg. api. Poi pag. bonifico.") == "agg  api. Poi pag  bonifico."
    assert punctuated("toglilo basta l'utente, non basta") == "toglilo,basta l'utente, non basta"
    assert read("pag. bonifico, le condizioni gen. le ha lette e accettate", "ask_payment", at(Step.PAYMENT)) == [
        ChoosePayment("bank_transfer"), AcceptTerms()]
    assert read("bonifico. condizioni accettate. conferma", "ask_payment", at(Step.STORAGE)) == [
        ChoosePayment("bank_transfer"), AcceptTerms(), Confirm()]
    assert read("Hi, I need to renew my fatturazione elettronica, can you help me?", "out_of_scope",
                DialogueState()) == [StartRenewal()]
    assert read("why?? when exactly was it cancellato?", "out_of_scope", DialogueState()) == [Ask(Topic.STATUS)]
    for text, intent in (("mmm ok I'll talk with my partner and come back later", "out_of_scope"),
                         ("La ringrazio, completo domani", "nlu_fallback"), ("ok grazie, per oggi basta cosi", "thank"),
                         ("GRAZIE, IL PAGAMENTO LO SCELGO DOMANI", "inform")):
        assert read(text, intent, at(Step.USERS)) == [SmallTalk("goodbye")], text
    assert read("and at the renewal can I drop the utente aggiuntivo? we have just one and it's configured",
                "out_of_scope", DialogueState()) == [Ask(Topic.WHY_USERS)]
    assert read("ok thanks, leave it as it is then", "thank", at(Step.USERS)) == [Keep((Step.USERS,))]
    assert read("e le fatture che c'erano dentro?", "out_of_scope", DialogueState()) == [Ask(Topic.EXPIRY_CONSEQUENCES)]


def test_extra_is_the_item_and_its_limits_are_asked(read):
    """«extra» names the extra users or storage (the item), no increase: «one extra user is enough, not two» is 1;
    an increase needs «in più» or a verb of adding. «what is the maximum spazio I can buy?» asks the limits."""
    assert read("good. and users, one extra user is enough, not two", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(1))]
    assert read("add one extra user", "add_module", at(Step.USERS)) == [SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("un utente in più", "inform", at(Step.USERS)) == [SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("hi, I want renew. what is the maximum spazio I can buy?", "ask_price", DialogueState()) == [
        StartRenewal(), Ask(Topic.WHY_STORAGE)]
    assert read("fino a quanti utenti posso arrivare?", "inform", at(Step.USERS)) == [Ask(Topic.WHY_USERS)]
    assert read("quanto costa il massimo dello spazio?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, what_if=SetQuantity(Step.STORAGE, extreme="max"))]  # supposed: asked how much, with the figures


def test_batch_bg_bh_compositions(read):
    """Batches bg and bh: what the customer is doing is no module («stiamo scannerizzando tutto l'archivio
    cartaceo»); «senza X e con Y»; none of what the customer has («senza utenti aggiuntivi, ne abbiamo 2»); the
    price of one more, supposed; «basta» opens a clause when dictated; «allora niente»; the card on file that
    expired; one thing left for later in this chat; «fino a quando posso rinnovare?» asks; «il rinnovo
    automatico» is no wish to renew; «e per un anno solo?»; «va bene così» to a proposal keeps the cart."""
    assert read("Lo spazio lo porterei a 5 giga, stiamo scannerizzando tutto l'archivio cartaceo", "inform",
                at(Step.YEARS)) == [SetQuantity(Step.STORAGE, value=Decimal(5))]
    assert read("Allora rinnovo subito, senza l'archivio e con la conservazione a norma", "remove_module",
                DialogueState(asked=Asked.RENEW_ANYWAY)) == [StartRenewal(anyway=True), DropModule("archivio"),
                                                              AddModule("conservazione")]
    assert read("ciao vorrei rinnovare ma senza utenti aggiuntivi, ne abbiamo 2 ma non ci servono", "renew",
                DialogueState()) == [StartRenewal(), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("quanto costa un utente in più all'anno?", "ask_price", at(Step.MODULES)) == [
        Ask(Topic.PRICE, what_if=SetQuantity(Step.USERS, delta=Decimal(1)))]
    assert read("no lo spazio toglilo basta l'utente", "inform", at(Step.MODULES)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0))]
    assert read("allora niente, pago col bollettino", "inform", at(Step.MODULES)) == [ChoosePayment("postal_slip")]
    assert read("allora niente", "inform", at(Step.CODE)) == [NoCode()]
    assert read("la carta che avete registrato mi è scaduta a ottobre, che succede in quel caso?", "ask_order",
                DialogueState()) == [Ask(Topic.AUTOMATIC_FAILED)]
    assert read("il pagamento lo scelgo dopo", "inform", at(Step.STORAGE)) == [SmallTalk("ok")]
    assert read("fino a quando posso rinnovare la fatturazione elettronica della farmacia?", "renew",
                DialogueState()) == [Ask(Topic.STATUS)]
    assert read("Ah no aspetta, non voglio il rinnovo automatico sulla carta! voglio pagare con il bollettino "
                "postale invece", "inform", DialogueState(order_number="FE-2026-000001", asked=Asked.ANYTHING_ELSE)) \
        == [ChoosePayment("postal_slip")]
    assert read("e per un anno solo?", "ask_years", at(Step.STORAGE, last_quantity=Step.YEARS)) == [
        Ask(Topic.PRICE, years=(Decimal(1),))]
    proposal = DialogueState(cart_id=1, asked=Asked.PROPOSAL, pending=(SetQuantity(Step.USERS, delta=Decimal(1)),))
    assert read("va bene cosi per adesso", "affirm", proposal) == [Keep((Step.USERS,))]
    assert read("sì va bene", "affirm", proposal) == [SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("ok the second one", "affirm", at(Step.USERS, price_options=years_priced(1, 2))) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]


def test_batch_bi_bj_compositions(read):
    """Batches bi and bj: a word split by dictation («con servazione», «solle citi», «bono fico», «pay pal») or two
    run together («dueanni»); «archivio non api»; a code and a year anywhere («arch 2026»); a duration chosen by
    its price among those just priced; «1 anno e 2 anni quanto fanno», dictated; «... e il prezzo?»."""
    assert read("vorrei rinnovare e aggiungere con servazione e solle citi", "renew", DialogueState()) == [
        StartRenewal(), AddModule("conservazione"), AddModule("solleciti")]
    assert read("per dueanni", "inform", at(Step.STORAGE)) == [SetQuantity(Step.YEARS, value=Decimal(2))]
    assert read("pago con bono fico", "inform", at(Step.STORAGE)) == [ChoosePayment("bank_transfer")]
    assert read("pago con pay pal", "inform", at(Step.STORAGE)) == [ChoosePayment("paypal")]
    assert read("aggiungi api.. no aspetta archivio non api", "add_module", at(Step.MODULES)) == [
        AddModule("api"), AddModule("archivio"), DropModule("api")]
    assert read("scusi ho sbagliato è arch 2026", "inform", at(Step.STORAGE)) == [GiveCode("ARCH2026")]
    assert read("quello da 143,96", "inform", at(Step.YEARS, price_options=years_priced(1, 2))) == [
        PricedOption(Decimal("143.96"), years_priced(1, 2))]
    assert read("aggiungili. poi dimmi 1 anno e 2 anni quanto fanno", "add_module",
                at(Step.MODULES, last_module="solleciti")) == [AddModule("solleciti"),
                                                               Ask(Topic.PRICE, years=(Decimal(1), Decimal(2)))]
    assert read("e se rinnovassi 5 anni quale sarebbe la scadenza nuova e il prezzo?", "ask_price",
                at(Step.STORAGE)) == [Ask(Topic.PRICE, years=(Decimal(5),))]
    assert read("quanto sarebbe con 1 anno solo", "inform", at(Step.STORAGE)) == [Ask(Topic.PRICE, years=(Decimal(1),))]
    assert read("va bene allora rinnova adesso. il nostro consulente ci ha dato il codice COMM2026, e mi serve un "
                "utente in più", "renew", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        StartRenewal(anyway=True), GiveCode("COMM2026"), SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("e se volessi aggiungere la conservazione?", "add_module", DialogueState()) == [
        Ask(Topic.PRICE, module=AddModule("conservazione"))]


def test_alternatives_priced_side_by_side(read):
    """Batch bj (bj-003, bj-007, bj-009, bj-026): totals of two or three alternatives asked at once are priced
    side by side, nothing changed; each alternative is what its part of the message supposes («con», «senza», a
    gerund), a module named again counting again; then «la prima opzione» or «solo solleciti» is one of them."""
    assert read("quanto verrebbe il totale aggiungendo api? e con archivio?", "ask_price", at(Step.MODULES)) == [
        Ask(Topic.PRICE, options=((AddModule("api"),), (AddModule("archivio"),)))]
    with_both = ((AddModule("solleciti"),), (AddModule("solleciti"), AddModule("api")))
    assert read("ok mi dica il totale con solleciti e quello con solleciti più api", "remove_module",
                at(Step.STORAGE)) == [Ask(Topic.PRICE, options=with_both)]
    assert read("quanto costa senza solleciti? e senza solleciti e con api?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, options=((DropModule("solleciti"),), (DropModule("solleciti"), AddModule("api"))))]
    assert read("devo rinnovare. lo spazio mi conviene tenerlo a 3 o scendere? quanto pagherei con 1 giga o con 2?",
                "ask_price", DialogueState()) == [StartRenewal(), Ask(Topic.PRICE, options=(
                    (SetQuantity(Step.STORAGE, value=Decimal(1)),), (SetQuantity(Step.STORAGE, value=Decimal(2)),)))]
    assert read("quanto costa la conservazione? E i solleciti?", "ask_price", at(Step.MODULES)) == [
        Ask(Topic.MODULES)]  # each module's price: no alternative supposed
    assert read("metta solo solleciti", "add_module", at(Step.STORAGE, price_options=with_both)) == [
        AddModule("solleciti")]
    assert read("metta la seconda opzione", "inform", at(Step.STORAGE, price_options=with_both)) == [
        AddModule("solleciti"), AddModule("api")]


def test_batch_bk_bl_compositions(read):
    """Batches bk (long messages doing several things, questions mid-way) and bl (Telegram shorthand): what their
    first runs misread, as compositions."""
    assert read("Interessante, lo aggiunga pure.", "inform", at(Step.STORAGE, last_module="api")) == [
        AddModule("api")]  # a pronoun before the verb is the module spoken of
    assert read("Allora lo metta a 1 GB.", "inform", at(Step.STORAGE, last_module="api")) == [
        SetQuantity(Step.STORAGE, value=Decimal(1))]  # not when a value follows
    assert read("ciao, prima di rinnovare una domanda: se pago con bonifico poi fino a quando è valido il servizio? "
                "intanto aggiungimi altri 2 utenti", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.USERS, delta=Decimal(2))]  # a method supposed is not chosen
    assert read("fammi 1 anno solo. e se pagassi con la carta il rinnovo automatico quando sarebbe?", "inform",
                at(Step.MODULES)) == [SetQuantity(Step.YEARS, value=Decimal(1)), Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("pago con bonifico e accetto le condizioni. Non confermi ancora: mi dica prima il totale.",
                "inform", at(Step.STORAGE)) == [ChoosePayment("bank_transfer"), AcceptTerms(), Ask(Topic.PRICE)]
    anyway = DialogueState(asked=Asked.RENEW_ANYWAY)
    assert read("ok grz", "affirm", anyway) == [Decline()]  # an explanation taken in: the automatic renewal does it
    assert read("ok perfetto 👍", "affirm", anyway) == [Decline()]
    assert read("sì grazie", "affirm", anyway) == [StartRenewal(anyway=True)]  # yes
    assert read("voglio rinnovare subito nn aspetto l automatico", "deny", DialogueState()) == [
        StartRenewal(anyway=True)]
    assert read("ah ok quindi nn devo fare nnt?", "ask_payment", anyway) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("la farmacia non mi fa fare più le fatture come prima, che è successo?", "nlu_fallback",
                DialogueState()) == [Ask(Topic.SIGN_IN)]


def test_a_refusal_argued_with_is_explained_again(read):
    """Batches bi (bi-008, bi-011) and bl (bl-011): a message no reader understands, just after a code or a
    quantity was refused, is an objection to it: why, again, and what can be done."""
    assert read("boh me l'hanno dato cosi...", "nlu_fallback", at(Step.STORAGE, refused_code="ARCH2027")) == [
        Ask(Topic.CODE_INFO, about="ARCH2027")]
    assert read("ma io quelli non li uso proprio! li avete contati male", "nlu_fallback",
                at(Step.STORAGE, refused_value=Decimal(1), last_quantity=Step.USERS)) == [Ask(Topic.WHY_USERS)]
    assert read("boh me l'hanno dato cosi...", "nlu_fallback", at(Step.STORAGE)) == [NotUnderstood()]


def test_batch_bm_bn_compositions(read):
    """Batches bm (customers who come back after the order) and bn (a December mix, regions and English): what
    their first runs misread, as compositions."""
    assert read("anche se ho il rinnovo automatico vorrei rinnovare adesso e aggiungere la conservazione", "renew",
                DialogueState()) == [StartRenewal(anyway=True), AddModule("conservazione")]  # conceded, not supposed
    assert read("togli uno dei due utenti", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(-1))]  # «dei due» is all there are
    assert read("levame 2 giga de spazio e pure 2 utenti, che nun me servono", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(-2)), SetQuantity(Step.USERS, delta=Decimal(-2))]  # one verb for both
    assert read("togli 1 giga e 2 anni", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, delta=Decimal(-1)), SetQuantity(Step.YEARS, value=Decimal(2))]  # not a duration
    anyway = DialogueState(asked=Asked.RENEW_ANYWAY)
    assert read("quindi fate tutto voi con la carta?", "nlu_fallback", anyway) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("ok grazie lascio così", "affirm", anyway) == [Decline()]
    assert read("Va bene, allora lascio perdere il rinnovo anticipato, tanto c'è quello automatico. Quando era?",
                "inform", at(Step.STORAGE)) == [Ask(Topic.AUTOMATIC_RENEWAL)]  # the cart stays
    assert read("il programma mi dà degli avvisi e certe funzioni non vanno più, forse è scaduto qualcosa. Mi può "
                "dire come stanno le cose?", "nlu_fallback", DialogueState()) == [Ask(Topic.SIGN_IN)]
    assert read("speta che prima devo sentir el comercialista, te conferno doman", "inform", at(Step.MODULES)) == [
        SmallTalk("goodbye")]  # someone asked first, read on the words as normalised; «aspetta che» asks nothing
    assert read("anzi no, l'utente lascia stare, la segretaria usa il mio", "inform", at(Step.MODULES)) == [
        Restore(Step.USERS)]  # taken back: the item named as the renewal opened


def test_batch_bo_bp_compositions(read):
    """Batches bo (extremes, ratios and changes while accepting) and bp (practical questions mid-way and after the
    order): what their first runs misread, as compositions."""
    ordered = DialogueState(order_number="FE-2026-000001")
    assert read("e se rinnovassi per il massimo degli anni quanto pagherei?", "ask_price", DialogueState()) == [
        Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, extreme="max"))]  # supposed: priced, nothing opened
    assert read("il doppio degli anni quanto costerebbe?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, what_if=SetQuantity(Step.YEARS, factor=Decimal(2)))]  # a ratio priced, not the cart's total
    assert read("quanto costerebbe con il minimo di spazio?", "ask_price", at(Step.USERS)) == [
        Ask(Topic.PRICE, what_if=SetQuantity(Step.STORAGE, extreme="min"))]
    assert read("qual è il minimo di spazio?", "ask_price", at(Step.USERS)) == [Ask(Topic.WHY_STORAGE)]  # asks
    assert read("aggiunga quelli che mi ha proposto", "add_module", at(Step.MODULES)) == [AllModules(added=True)]
    assert read("Mi interessano i moduli suggeriti, quanto costano?", "ask_price", at(Step.MODULES)) == [
        Ask(Topic.PRICE)]  # interest asked about, nothing added
    assert read("accetto le condizioni, ma confermo dopo che ho sentito il socio", "accept_terms", at(Step.TERMS)) == [
        AcceptTerms()]  # the confirmation put off
    assert read("dove possiamo trovare gli estremi per il bonifico?", "ask_payment", ordered) == [
        Ask(Topic.PAYMENT_DETAILS)]  # the method asked about, not chosen
    assert read("non trovo la pagina per pagare il bollettino", "ask_payment", ordered) == [Ask(Topic.PAY_LINK)]
    assert read("non trovo la pagina per pagare con carta, posso pagare con bonifico?", "ask_payment", ordered) == [
        ChoosePayment("bank_transfer")]  # the other way, asked for
    assert read("quando mi riaddebitate la prossima volta?", "ask_order", ordered) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("rinnovo adesso e aggiungo il modulo magazzino", "renew", DialogueState()) == [
        StartRenewal(), UnknownModule("magazzino")]  # no such module: said, nothing kept in its place
    assert read("aggiungi il modulo che mi hai detto", "inform", at(Step.MODULES)) == [Clarify()]  # no name: asked


def test_batch_bq_br_compositions(read):
    """Batches bq (the edges of the rules, regional forms) and br (customers in a hurry, one-word answers,
    corrections): what their first runs misread, as compositions."""
    assert read("rinnovo ora x 3 anni.. no scusa 2... anzi no 3 va", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(3))]  # each value corrected: the last
    assert read("rinnovo x 3 anni... scusa 2", "renew", DialogueState())[-1] == SetQuantity(Step.YEARS, value=Decimal(2))
    assert read("rinnovo e aggiungi i moduli che mi consigliate", "renew", DialogueState()) == [
        StartRenewal(), AllModules(added=True)]
    assert read("alora lassa el minimo e zonta el modulo che me consiliè", "inform", at(Step.STORAGE)) == [
        SuggestedModule(0), SetQuantity(Step.STORAGE, extreme="min")]  # Venetian, as meant
    assert read("no anzi lasciala", "inform", at(Step.CODE, last_module="conservazione")) == [
        AddModule("conservazione")]  # the drop taken back; no «no code»
    assert read("ok lascialo", "inform", at(Step.STORAGE, last_module="conservazione")) == [Keep((Step.STORAGE,))]
    assert read("anzi no, uno solo in piu di quello che avevo", "inform", at(Step.STORAGE, last_quantity=Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(1), of_original=True)]  # from what the renewal opened with
    assert read("rinnovo subito, togli tutto lo spazio e l'utente", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.STORAGE, value=Decimal(0)), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("togli tutto lo spazio e metti un utente", "inform", at(Step.STORAGE))[1] == \
        SetQuantity(Step.USERS, value=Decimal(1))  # another verb between: not dropped
    assert read("ok lascia l'utente", "inform", DialogueState(asked=Asked.RENEW_ANYWAY, pending=(
        SetQuantity(Step.STORAGE, value=Decimal(2)),))) == [StartRenewal(anyway=True), Keep((Step.USERS,))]
    assert read("ok quello", "affirm", at(Step.MODULES, listed_modules=("conservazione", "solleciti"))) == [
        SuggestedModule(0)]
    assert read("ciao la fattura elettronica e scaduta vero?", "out_of_scope", DialogueState()) == [Ask(Topic.STATUS)]
    assert read("ok, ma when exactly was it deleted?", "affirm", DialogueState(asked=Asked.HANDOFF_OFFER)) == [
        Ask(Topic.STATUS)]  # taken in, the question asked
    assert read("e a prossima vota quannu mi scalanu i soddi?", "out_of_scope", at(Step.STORAGE)) == [
        Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("quando mi addebitate il rinnovo? e quanto?", "nlu_fallback", DialogueState()) == [
        Ask(Topic.AUTOMATIC_RENEWAL), Ask(Topic.PRICE)]
    assert read("e se rinnovassi adesso aggiungendo quello che mi consigliate, quanto pagherei in totale?",
                "ask_price", DialogueState()) == [Ask(Topic.PRICE, module=SuggestedModule(0))]
    assert read("Non mi torna, sulla guida c'è scritto 10 anni. Mi passi un operatore per favore, e intanto metti 2 "
                "anni così non rischio di perdere il servizio", "ask_human", at(Step.STORAGE))[0] == \
        SetQuantity(Step.YEARS, value=Decimal(2))  # the value read elsewhere is told of, not asked for


def test_batch_bs_bt_compositions(read):
    """Batches bs (an ordinary week before Christmas) and bt (small businesses who describe their situation in their
    own words): what their first runs misread, as compositions."""
    assert read("voglio rinnovare ma i solleciti nun li uso, levateli", "renew", DialogueState()) == [
        StartRenewal(), DropModule("solleciti")]  # the module's own verb after it, not «voglio» before it
    assert read("i promemoria automatici ce li avete? mettiamoli", "ask_modules", at(Step.MODULES))[0] == \
        AddModule("solleciti")  # asked about, then added
    assert read("il commercialista dice che le fatture vanno conservate a norma per 10 anni, avete qualcosa? "
                "aggiungetelo", "ask_modules", at(Step.USERS, last_quantity=Step.STORAGE))[0] == \
        AddModule("conservazione")  # the purpose said is no 10 years; «-lo» is the module, not the storage
    assert read("rinnoviamo adesso. Le fatture vanno conservate per 10 anni a norma di legge, aggiunga quello che "
                "serve", "renew", DialogueState()) == [StartRenewal(), AddModule("conservazione")]
    assert read("aggiungete quello per i documenti e togliete i solleciti", "inform", at(Step.MODULES)) == [
        AddModule("archivio"), DropModule("solleciti")]  # the description ends where a module is named
    assert read("e gli utenti da 3 portali a 2, uno non lo usa piu nessuno", "inform", at(Step.MODULES)) == [
        SetQuantity(Step.USERS, value=Decimal(2))]  # from 3 to 2; «uno» is who uses it
    assert read("dobbiamo rinnovare, abbiamo assunto due persone e ci servono più utenti", "renew",
                DialogueState()) == [StartRenewal(), AskValue(Step.USERS)]  # how many, asked
    assert read("2 giga so' assaje, nun ne uso manco uno. mettimmene uno sulo", "inform", at(Step.USERS)) == [
        SetQuantity(Step.STORAGE, value=Decimal(1))]  # «ne»: the item named in the sentence before
    assert read("ah quindi uno è ancora libero. comunque rinnoviamo adesso e mettiamone 3 in tutto", "renew",
                DialogueState(last_quantity=Step.USERS)) == [StartRenewal(), SetQuantity(Step.USERS, value=Decimal(3))]
    assert read("si allora rinnoviamo adesso e mettete l'utente in più per lui", "renew",
                DialogueState(asked=Asked.RENEW_ANYWAY))[1:] == [SetQuantity(Step.USERS, delta=Decimal(1))]
    assert read("l'utente in più non lo usa nessuno, rinnovate senza", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.USERS, value=Decimal(0))]
    assert read("L'utente aggiuntivo non l'abbiamo mai configurato, lo potete togliere", "inform",
                at(Step.STORAGE)) == [SetQuantity(Step.USERS, delta=Decimal(-1))]
    assert read("no scusi mi correggo, uno solo in più, l'altra è part time", "inform", at(
        Step.STORAGE, last_quantity=Step.USERS)) == [SetQuantity(Step.USERS, delta=Decimal(1), instead_of_last=True)]
    assert read("oddio. rinnoviamo subito allora, così com'è", "keep_as_is", DialogueState()) == [StartRenewal()]
    assert read("Ok, grazie. Rinnoverò a inizio gennaio", "renew", DialogueState()) == [SmallTalk("goodbye")]
    assert read("carta come sempre", "inform", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        StartRenewal(anyway=True), ChoosePayment("card")]  # «come sempre» compares, it asks nothing
    assert read("prima di rinnovare volevo capire come funziona il pagamento con il bollettino", "renew",
                DialogueState()) == [Ask(Topic.PAYMENT)]  # how paying works: nothing chosen, nothing opened
    assert read("noi abbiamo già l'archivio", "inform", at(Step.MODULES)) == [NotUnderstood()]  # what is had
    assert read("col nostro abbonamento quanti utenti abbiamo?", "greet", DialogueState()) == [Ask(Topic.WHY_USERS)]
    assert read("Scusi ma la scadenza non dovrebbe partire da oggi? abbiamo lavorato a metà", "inform", at(
        Step.STORAGE, last_quantity=Step.YEARS)) == [Ask(Topic.STATUS)]  # «a metà» says how, it halves nothing
    assert read("quindi devo fare un acquisto nuovo?", "nlu_fallback", DialogueState()) == [Ask(Topic.SERVICE_BACK)]
    assert read("ok e mi rinnova per quanto tempo?", "ask_years", DialogueState(asked=Asked.RENEW_ANYWAY)) == [
        Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("ma a gennaio mi addebitate di nuovo? non voglio pagare due volte", "ask_payment",
                DialogueState(order_number="FE-2026-000001")) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("Entro quando devo fare il bonifico?", "ask_payment", DialogueState(order_number="FE-2026-000001")) == [
        Ask(Topic.STATUS)]
    assert read("buongiorno quando mi scade? e rinnovarla quanto costa piu o meno", "ask_status",
                DialogueState())[1:] == [Ask(Topic.PRICE), Ask(Topic.STATUS)]  # dictated: both asked


def test_the_last_change_once_more(read):
    """Batch bq, bq-004: «togli un GB», then «un altro ancora», «and one more»: the last change again, its way."""
    after = at(Step.USERS, last_quantity=Step.STORAGE, previous_value=(Step.STORAGE, Decimal(3)))
    assert read("un altro ancora", "inform", after) == [SetQuantity(Step.STORAGE, delta=Decimal(1), again=True)]
    assert read("and one more", "inform", after) == [SetQuantity(Step.STORAGE, delta=Decimal(1), again=True)]
    assert read("togline un altro", "inform", after) == [SetQuantity(Step.STORAGE, delta=Decimal(-1))]
    assert read("un altro modulo", "inform", after) != [SetQuantity(Step.STORAGE, delta=Decimal(1), again=True)]
    assert read("un altro ancora", "inform", at(Step.USERS)) != [SetQuantity(Step.STORAGE, delta=Decimal(1), again=True)]


def test_batch_bu_compositions(read):
    """Batch bu (a realistic mix, first run 28 of 30): what its first run misread, as compositions."""
    assert read("anzi toglieteli tutti e due che non mi servono", "inform", at(Step.STORAGE, last_quantity=Step.USERS)) \
        == [SetQuantity(Step.USERS, value=Decimal(0))]  # all of the users spoken of, not the storage asked
    assert read("toglilo tutto", "inform", at(Step.USERS, last_quantity=Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(0))]  # «lo»: the storage
    assert read("Uno dei due utenti aggiuntivi non lo usiamo, lo tolga", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(1))]  # «uno dei due» at the start of the message: one of the two (bm-008)


def test_batch_bv_compositions(read):
    """Batch bv (customers who come back to the chat the same day): what its first run misread, as compositions."""
    assert read("ciao, quando scade il mio servizio? e perche posso rinnovare solo 1 o 2 anni?", "ask_status",
                DialogueState()) == [Ask(Topic.STATUS), Ask(Topic.YEARS)]  # why: nothing set, nothing opened
    assert read("il bollettino dove lo trovo? quanto devo pagare esattamente?", "ask_price", DialogueState(
        order_number="FE-2026-000001"))[0] == Ask(Topic.ORDER)  # after the order: that order's total
    assert read("ciao stamattina avevo iniziato il rinnovo, dove ero rimasto?", "ask_cart", DialogueState()) == [
        StartRenewal()]
    assert read("cosa c'è nel mio abbonamento?", "ask_cart", DialogueState()) == [Ask(Topic.CART)]
    assert read("quanto costerebbe rinnovare per 2 anni?", "ask_price", DialogueState()) == [
        StartRenewal(), Ask(Topic.PRICE, years=(Decimal(2),))]  # opened as bought, the 2 years priced
    assert read("e se lo faccio per 10 anni così non ci penso più? mettilo", "ask_price", at(Step.MODULES)) == [
        SetQuantity(Step.YEARS, value=Decimal(10))]  # asked, then asked for
    assert read("lasci perdere il rinnovo adesso, tengo quello automatico di gennaio", "inform", at(Step.USERS)) == [
        Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("allora lascio perdere, annulla il rinnovo, va bene quello automatico", "cancel", at(Step.STORAGE)) \
        == [Cancel()]


def test_batch_bw_bx_compositions(read):
    """Batches bw (formal customers, accountants) and bx (in a hurry on a phone): what their first runs misread, as
    compositions."""
    assert read("Allora porti lo spazio al minimo e tolga anche un utente aggiuntivo, lo studio ne usa solo due.",
                "inform", at(Step.STORAGE)) == [SetQuantity(Step.STORAGE, extreme="min"),
                                                SetQuantity(Step.USERS, delta=Decimal(-1))]  # «anche» in between
    assert read("volevo anche due utenti in piu", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, delta=Decimal(2))]  # «volevo» holds no «levo»
    assert read("Intendevo 2 utenti, mi scusi, ho battuto uno zero di troppo.", "inform", at(Step.USERS)) == [
        SetQuantity(Step.USERS, value=Decimal(2))]  # a digit typed, named with its article: no quantity
    assert read("Allora metta 500 e mi dica il prezzo per un anno.", "inform", at(
        Step.STORAGE, last_quantity=Step.STORAGE, refused_value=Decimal(1000)))[0] == SetQuantity(
        Step.STORAGE, value=Decimal(500))  # the year after has a number of its own
    assert read("quanto viene con 1, con 2 e con 3 anni?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, years=(Decimal(1), Decimal(2), Decimal(3)))]  # sharing the unit
    assert read("vorrei sapere quanto spazio stiamo occupando e quanti utenti risultano configurati, senza rinnovare",
                "ask_why_users", DialogueState()) == [Ask(Topic.CART)]  # both held: what the subscription holds
    assert read("quanto spazio sto usando? e gli utenti quanti ne ho configurati?", "ask_why_users",
                DialogueState()) == [Ask(Topic.WHY_USERS), Ask(Topic.WHY_STORAGE)]
    assert read("Mi passi un operatore per favore, dovrei cambiare la carta su cui addebitate.", "inform",
                DialogueState()) == [HandOff()]  # the card on file, no way to pay chosen
    assert read("Mi aggiunga i solleciti di pagamento, due anni, e poi vorrei parlare con un operatore", "add_module",
                DialogueState()) == [AddModule("solleciti"), SetQuantity(Step.YEARS, value=Decimal(2)), HandOff()]
    assert read("mi fai parlare con un operatore x cancellare l utente dal pannello?", "ask_human",
                at(Step.STORAGE)) == [HandOff()]  # the user configured in the panel, not the renewal
    assert read("togli l ultimo", "remove_module", at(Step.STORAGE, last_module="solleciti")) == [
        DropModule("solleciti")]  # no list shown: the last said; the apostrophe not typed
    assert read("troppo cmq, togli l ultimo che hai aggiunto", "remove_module", at(
        Step.STORAGE, last_module="api")) == [DropModule("api")]  # once
    assert read("mettilo x 2 anni", "inform", at(Step.STORAGE, last_module="solleciti")) == [
        SetQuantity(Step.YEARS, value=Decimal(2))]  # the renewal, not the module
    assert read("rinnovo x 2 anni + modulo solleciti", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(2)), AddModule("solleciti")]
    assert read("ok metta quello che mi ha detto Lei", "inform", at(
        Step.STORAGE, last_quantity=Step.STORAGE, refused_value=Decimal(0))) == [
        SetQuantity(Step.STORAGE, extreme="allowed")]  # the limit the refusal said
    assert read("ok nn pensavo allora 10 vanno bene", "inform", at(
        Step.STORAGE, last_quantity=Step.STORAGE, refused_value=Decimal(1000))) == [
        SetQuantity(Step.STORAGE, value=Decimal(10))]  # the negation is of what comes before «allora»
    assert read("si accetto tutto, vai", "accept_terms", at(Step.TERMS)) == [AcceptTerms(), Confirm()]
    assert read("accetto, vai con il bonifico", "accept_terms", at(Step.TERMS)) == [
        AcceptTerms(), ChoosePayment("bank_transfer")]
    assert read("ok thx", "thank", DialogueState()) == [SmallTalk("thank")]  # nothing asked: thanks, no renewal
    assert read("Con il rinnovo automatico di gennaio verranno rinnovati anche l'archivio documenti e lo spazio "
                "aggiuntivo?", "renew", DialogueState())[0].topic is Topic.AUTOMATIC_RENEWAL
    assert read("ma l addebito lo vedo subito sulla carta? quanto era?", "ask_automatic_renewal", DialogueState(
        order_number="FE-2026-000001")) == [Ask(Topic.AUTOMATIC_RENEWAL), Ask(Topic.ORDER)]


def test_a_code_asked_about_in_a_price_question(read):
    """Dev bi-022: a code inside a price question is priced with it, not applied; a code stated beside a price
    question is given."""
    code = GiveCode("ING2026")
    assert read("e per 2 anni col codice ING2026 quanto verrebbe?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, options=((SetQuantity(Step.YEARS, value=Decimal(2)), code),))]
    assert read("quanto pago col codice ING2026?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, options=((code,),))]
    assert read("ho il codice ING2026, quanto pago?", "ask_price", at(Step.STORAGE)) == [code, Ask(Topic.PRICE)]


def test_batch_by_bz_compositions(read):
    """Batches by (a realistic mix) and bz (questions before deciding, Roman and Neapolitan): what their first runs
    misread, as compositions."""
    assert read("no aspetti, l'api costa troppo, lasci stare", "inform", at(Step.STORAGE, last_module="api")) == [
        DropModule("api")]  # «lasci stare» after the module's clause
    assert read("gli utenti sono 3 ma ne ho configurati solo 2, quindi me ne metta 2", "inform", at(
        Step.USERS, last_quantity=Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(2))]  # «sono 3» is had
    assert read("siamo uno studio di architetti, abbiamo il codice ARCH2026", "inform", at(Step.STORAGE)) == [
        GiveCode("ARCH2026")]  # «uno studio»: the article
    assert read("anzi no, i solleciti non li voglio piu. solo 4 anni", "inform", at(Step.STORAGE)) == [
        DropModule("solleciti"), SetQuantity(Step.YEARS, value=Decimal(4))]  # «più» ends the sentence before
    assert read("ok perfetto, quindi non devo fare niente giusto?", "ask_automatic_renewal", DialogueState(
        asked=Asked.RENEW_ANYWAY.value)) == [Ask(Topic.AUTOMATIC_RENEWAL)]  # «ok» taken in, not a yes
    assert read("e se cambio la carta di credito come faccio ad aggiornarla?", "ask_info", DialogueState()) == [
        Ask(Topic.CARD_ON_FILE)]
    assert read("e la carta che usate e quella che avevo messo l'anno scorso?", "ask_info", DialogueState()) == [
        Ask(Topic.AUTOMATIC_RENEWAL)]
    assert read("vabbè, 'a carta è bona, nun faccio gnente. grazie", "inform", DialogueState(
        asked=Asked.RENEW_ANYWAY.value)) == [SmallTalk("thank")]  # what the card is, no way to pay chosen
    assert read("ok ci rifletto con il socio", "inform", at(Step.STORAGE)) == [SmallTalk("goodbye")]
    assert read("quanto tempo ho per pagare il bollettino?", "ask_payment", DialogueState(
        order_number="FE-2026-000001")) == [Ask(Topic.STATUS)]
    assert read("le fatture che avevo dove sono finite?", "nlu_fallback", DialogueState()) == [
        Ask(Topic.EXPIRY_CONSEQUENCES)]
    assert read("il modulo solleciti me lo spiega? non mi ricordo piu perche l'avevo preso", "nlu_fallback",
                at(Step.STORAGE)) == [Ask(Topic.MODULES, about="solleciti")]  # explained, never toggled
    assert read("e 'a conservazione invece?", "add_module", DialogueState(
        listed_modules=("conservazione", "solleciti"))) == [Ask(Topic.MODULES, about="conservazione")]
    assert read("allora 2 anni, quanto costa?", "ask_price", at(Step.YEARS, last_quantity=Step.YEARS)) == [
        SetQuantity(Step.YEARS, value=Decimal(2)), Ask(Topic.PRICE)]  # decided, then priced
    assert read("mettimele tutte e doje e dimme quanto fa pe' n'anno", "add_module", DialogueState(
        listed_modules=("conservazione", "solleciti"), last_module="conservazione"))[0] == AllModules(added=True)


def test_batch_ca_compositions(read):
    """Batch ca (a realistic mix where the rules are hard): what its first run misread, as compositions."""
    assert read("buongiorno mi e' scaduta la fatturazione elettronica il mese scorso, si puo ancora rinnovare??",
                "ask_status", DialogueState()) == [StartRenewal(), Ask(Topic.STATUS)]  # whether: opened, with dates
    assert read("fino a quando posso rinnovare?", "ask_status", DialogueState()) == [Ask(Topic.STATUS)]  # until when
    assert read("ma se e scaduto solo da 3 mesi..", "nlu_fallback", DialogueState()) == [Ask(Topic.STATUS)]


def test_batch_cb_compositions(read):
    """Batch cb (everything in one long message, then short corrections): what its first run misread, as
    compositions."""
    assert read("no lasciamo l api. accetto le condizioni, confermo", "accept_terms", DialogueState(
        cart_id=1, asked=Asked.PROPOSAL.value, pending=(DropModule("api"),))) == [
        Keep((Step.MODULES,)), AcceptTerms(), Confirm()]  # the no to dropping it, said again: nothing to add
    assert read("e se aggiungo la conservazione quanto costa per 2 anni?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, options=((AddModule("conservazione"), SetQuantity(Step.YEARS, value=Decimal(2))),))]
    assert read("e se la carta e scaduta che succede? mi passi un operatore per favore", "ask_human",
                DialogueState()) == [Ask(Topic.AUTOMATIC_FAILED), HandOff()]  # what the card is, no way to pay
    assert read("ho il rinnovo automatico con la carta, mi dice quando mi verra addebitato?", "ask_automatic_renewal",
                DialogueState()) == [Ask(Topic.AUTOMATIC_RENEWAL)]  # the card it has, no way to pay chosen
    assert read("no anzi ho deciso, niente rinnovo automatico: pago con bonifico", "inform", at(Step.STORAGE)) == [
        ChoosePayment("bank_transfer")]
    assert read("devo rinnovare per 1 anno lo spazio mettetelo a 1 giga la conservazione non la rinnovo pero "
                "aggiungo i solleciti e pago con bollettino", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(1)), SetQuantity(Step.STORAGE, value=Decimal(1)),
        DropModule("conservazione"), AddModule("solleciti"), ChoosePayment("postal_slip")]
    assert read("e se ci metto anche la conservazione a norma quanto diventa per un anno", "add_module", at(
        Step.STORAGE, price_options=years_priced(1, 2))) == [Ask(Topic.PRICE, options=(
            (AddModule("conservazione"), SetQuantity(Step.YEARS, value=Decimal(1))),))]  # a new supposition, not the
    # option of one year just priced
    assert read("??? ma se l ho pagato l anno scorso", "nlu_fallback", DialogueState()) == [Ask(Topic.STATUS)]
    assert read("mh ma in totale iva compresa quanto e? l iva e al 22?", "ask_price", at(Step.STORAGE)) == [
        Ask(Topic.PRICE)]  # a VAT rate, no quantity


def test_batch_cc_cd_ce_compositions(read):
    """Batches cc (modules by what they do), cd (fragments and abbreviations) and ce (what goes wrong in real chats):
    what their first runs misread, as compositions."""
    listed = DialogueState(listed_modules=("conservazione", "solleciti"))
    assert read("si si rinnovo subito allora, con la conservazione dentro", "remove_module", DialogueState(
        asked=Asked.RENEW_ANYWAY.value)) == [StartRenewal(anyway=True), AddModule("conservazione")]  # «con» wants it,
    # whatever the classifier says
    assert read("rinnovo 1 anno + il modulo x la conservazione a norma", "renew", DialogueState()) == [
        StartRenewal(), SetQuantity(Step.YEARS, value=Decimal(1)), AddModule("conservazione")]
    assert read("zonta tuti do", "add_module", listed) == [AllModules(added=True)]  # the two listed, no 2 GB
    assert read("cavè tuti do, no i me serve", "deny", listed) == [AllModules(added=False)]
    assert read("salve, rinnovo. mi aggiunga tutti e due i servizi che mi suggerite", "add_module",
                DialogueState()) == [StartRenewal(), AllModules(added=True)]
    assert read("tutti e 3", "inform", at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(3))]  # kept
    assert read("ok allora 2 utenti. e aggiungete uno dei moduli che mi suggerite, quello che costa meno", "inform",
                at(Step.USERS)) == [SetQuantity(Step.USERS, value=Decimal(2)),
                                    SuggestedModule(0, added=True, by_price="cheapest")]  # «uno dei moduli»: no user
    assert read("poi aggiungete quel modulo che mi suggerivate per collegare il nostro software di contabilita",
                "add_module", at(Step.STORAGE)) == [AddModule("api")]
    assert read("ok non lo prendo, va bene cosi", "deny", at(Step.STORAGE, last_module="conservazione"))[0] == \
        DropModule("conservazione")  # the module just priced, not wanted (never added)
    assert read("anzi no, la conservassion tegnila, el comercialista dise che xe obligatoria", "out_of_scope",
                at(Step.STORAGE)) == [AddModule("conservazione")]
    assert read("mi servunu dui utenti in cchiu", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, delta=Decimal(2))]
    assert read("vulissi parrari cu n'operaturi. e intantu livati u modulu d'a cunsirvazioni d'i fatturi",
                "ask_human", at(Step.STORAGE)) == [DropModule("conservazione"), HandOff()]
    # modules named with no verb, then a question about them: asked about, nothing picked
    assert read("Buonasera, nel rinnovo mi proponete l'archivio documenti e l'integrazione API. Che differenza c'e "
                "e quanto costano all'anno?", "ask_modules", DialogueState()) == [StartRenewal(), Ask(Topic.MODULES)]
    assert read("la conservazione la rimetta. E il modulo API quanto incide sul totale?", "ask_price",
                at(Step.MODULES))[0] == PickModule("conservazione")  # the question names its own module
    assert read("cossa xe quei servizi che me consigliè? e quanto i costa?", "ask_price", DialogueState()) == [
        Ask(Topic.MODULES)]
    assert read("kjdfhg lkdfj ppp", "nlu_fallback", at(Step.STORAGE, refused_code="FARM2026")) == [NotUnderstood()]
    assert read("allora?", "nlu_fallback", at(Step.USERS)) == [SmallTalk("waiting")]
    assert read("si si procedi ora, nn mi fido dell automatico", "deny", DialogueState(
        asked=Asked.RENEW_ANYWAY.value)) == [StartRenewal(anyway=True)]
    assert read("allora 2", "inform", DialogueState(asked=Asked.RENEW_ANYWAY.value, refused_value=Decimal(0),
                                                    last_quantity=Step.STORAGE)) == [
        SetQuantity(Step.STORAGE, value=Decimal(2))]  # the quantity just refused
    assert read("va bene. a che email mi scrivete di solito?", "out_of_scope", DialogueState()) == [Ask(Topic.EMAILS)]
    assert read("ma quindi il 16/01/2027 mi addebitate anche l'automatico?", "nlu_fallback", DialogueState(
        order_number="FE-2026-000001")) == [Ask(Topic.AUTOMATIC_RENEWAL)]
    assert Ask(Topic.AFTER_PAYMENT) in read("quindi fino a qnd sono coperto? e la mail x il bonifico dove arriva",
                                            "ask_payment", DialogueState(order_number="FE-2026-000001"))
    assert read("e porti gli utenti aggiuntivi a 2, uno non lo usiamo piu", "inform", at(Step.STORAGE)) == [
        SetQuantity(Step.USERS, value=Decimal(2))]  # the other value says why (what is used), no second value


def test_batch_cf_cg_ch_compositions(read):
    """Batches cf (a desk agent typing for a customer), cg (corrections and references back) and ch (ordinary
    customers): what their first runs misread, as compositions."""
    ordered = DialogueState(order_number="FE-2026-000001")
    assert read("chiede a che indirizzo gli arrivano gli estremi per il bonifico", "ask_payment", ordered) == [
        Ask(Topic.PAYMENT_DETAILS)]  # a question relayed: the transfer is what it asks about, not a choice
    assert read("chiede quanto risparmia col codice", "remove_code", at(Step.STORAGE)) == [
        Ask(Topic.PRICE, without="code")]  # never the code dropped by a question
    assert read("ok allora 1 GB. e agg. quello che gli suggerite voi", "inform", at(Step.STORAGE)) == [
        SuggestedModule(0, added=True), SetQuantity(Step.STORAGE, value=Decimal(1))]
    assert read("pardon. cond. gen. ok, conf.", "confirm_order", at(Step.CONFIRM)) == [AcceptTerms(), Confirm()]
    assert read("anzi dice di togliere anche l'ultimo utente, non gli serve", "remove_module", at(
        Step.STORAGE, last_module="solleciti")) == [SetQuantity(Step.USERS, delta=Decimal(-1))]  # the user, not
    # the module added last
    assert read("no scusa ho sbagliato, intendevo uno in meno non uno in piu", "inform", at(
        Step.STORAGE, last_quantity=Step.USERS)) == [SetQuantity(Step.USERS, delta=Decimal(-1), instead_of_last=True)]
    assert read("ah ok.. allora uno in piu di quello che avevo detto", "inform", at(
        Step.USERS, last_quantity=Step.USERS, refused_value=Decimal(1))) == [
        SetQuantity(Step.USERS, value=Decimal(2))]  # from the value said (refused), not from the cart
    assert read("anzi no, mettine il doppio di quello che ho detto", "add_module", at(
        Step.USERS, last_quantity=Step.STORAGE)) == [SetQuantity(Step.STORAGE, factor=Decimal(2))]  # of the cart
    # as the customer set it, not of the value the renewal opened with
    assert read("la conservazione toglietela, ci basta l'api", "remove_module", at(Step.STORAGE)) == [
        DropModule("conservazione"), AddModule("api")]
    assert read("e se tolgo i solleciti?", "remove_module", at(Step.MODULES)) == [
        Ask(Topic.PRICE, what_if=DropModule("solleciti"))]
    assert read("e aggiungete quello che mi avete suggerito", "add_module", at(
        Step.USERS, refused_value=Decimal(0), last_quantity=Step.USERS)) == [SuggestedModule(0, added=True)]
    assert read("ok grazie, per il rinnovo ci sentiamo piu avanti", "renew", DialogueState()) == [
        SmallTalk("goodbye")]
    assert read("vorrei parlare con un operatore per una questione amministrativa, non per il rinnovo", "ask_human",
                DialogueState()) == [HandOff()]
    assert read("cosa vuol dire che il mio e un prodotto in promozione?", "nlu_fallback", DialogueState()) == [
        Ask(Topic.YEARS)]
    assert read("appena faccio il bonifico torna tutto normale? fino a quando?", "ask_payment", ordered) == [
        Ask(Topic.AFTER_PAYMENT)]
    assert read("la carta mi viene addebitata subito? di quanto?", "ask_automatic_renewal", ordered) == [
        Ask(Topic.AUTOMATIC_RENEWAL), Ask(Topic.ORDER)]
    assert read("il cliente ha cambiato idea sull'api, mettici l'archivio al posto suo e fai 4 anni", "add_module",
                at(Step.STORAGE)) == [AddModule("archivio"), DropModule("api"), SetQuantity(Step.YEARS, value=Decimal(4))]
    assert read("no scusa non quello, intendevo quello per archiviare i documenti", "add_module", at(
        Step.STORAGE, last_module="api")) == [DropModule("api"), AddModule("archivio")]  # in place of the one added
