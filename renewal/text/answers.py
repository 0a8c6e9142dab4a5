"""Answers to questions, from the customer's own data: price, status, cart, modules, years, payment, order,
automatic renewal, what happens without renewal, why a quantity cannot go lower.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import AgreementCode, LifecycleState, Module, Quote
from renewal.domain.pricing import MODULE_LINE
from renewal.domain.rules import AUTOMATIC_RENEWAL_LEAD_DAYS, GRACE_DAYS
from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as gb
from renewal.text.formats import format_percent as percent

if TYPE_CHECKING:
    from renewal.dialogue.commands import Topic
    from renewal.domain.views import AccountView, CartView, OrderView
from renewal.text.messages import (
    HOW_EACH_METHOD_PAYS,
    PAYMENT_CHOICES,
    PAYMENT_METHOD_NAMES,
    SIGN_IN,
    _automatic,
    _missed,
    _years,
    explain,
    plural,
    renewing_another_way,
    status_text,
    storage_floor_text,
    years_allowed_text,
)
from renewal.text.summaries import _automatic_from, cart_summary, price_text


def _expiry_consequences(account: AccountView | None) -> str:
    text = (f"Se non concludi il rinnovo (ordine e pagamento registrato) entro la scadenza, nei {GRACE_DAYS} "
            f"giorni successivi Fatturazione Elettronica funziona con limitazioni ma puoi ancora rinnovarlo; "
            f"superati i {GRACE_DAYS} giorni il servizio è cancellato.")
    if account is not None:
        status = account.status
        if status.state in (LifecycleState.ACTIVE, LifecycleState.EXPIRING):
            text += (f" Il tuo servizio scade il {d(status.expiry_date)}: puoi rinnovarlo al più tardi entro il "
                     f"{d(status.last_renewable_date)}.")
        else:
            text += " " + status_text(status)
    return text


def _automatic_renewal(account: AccountView | None, view: CartView | None = None) -> str:
    """Automatic renewal, and why the Rinnova button may be missing; with card or PayPal in the
    cart, when the renewal being ordered would renew itself."""
    if view is not None and view.quote.automatic_renewal_date is not None and view.cart.payment_method is not None:
        return _automatic_from(view.cart.payment_method, view.quote.automatic_renewal_date, view.quote.new_expiry)
    if view is not None:  # "se pago con la carta cosa succede?": what card or PayPal would do to this renewal
        run = rules.automatic_renewal_date(view.quote.new_expiry)
        now = account.status.automatic_renewal_date if account is not None else None
        current = (f"Il rinnovo automatico di oggi avverrà il {d(now)}, {AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima "
                   f"della scadenza del {d(account.status.expiry_date)}, se non rinnovi prima. ") \
            if now is not None and account is not None else ""  # "lascio perdere, tanto c'è quello automatico"
        return (f"{current}Se rinnovi adesso e paghi con carta di credito o PayPal si attiva il rinnovo automatico: il "
                f"prossimo avverrà il {d(run)}, {AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della nuova scadenza del "
                f"{d(view.quote.new_expiry)}. Con bonifico o bollettino il rinnovo resta manuale.")
    order = account.unpaid_order if account is not None else None
    if order is not None and order.automatic_renewal_date is not None:
        return (f"Il tuo ordine n. {order.number} è in attesa di pagamento. "
                + _automatic_from(order.payment_method, order.automatic_renewal_date, order.new_expiry))
    if account is not None and account.status.automatic_renewal_date is not None:  # "e se pago col bonifico
        return (_automatic({"payment_method": account.subscription.automatic_payment_method,  # cosa cambia?"
                            "automatic_renewal_date": account.status.automatic_renewal_date,
                            "expiry_date": account.status.expiry_date})
                + renewing_another_way(None, account.reference_email))
    text = (f"Se paghi il rinnovo con carta di credito o PayPal si attiva il rinnovo automatico: avviene da solo "
            f"{AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della scadenza successiva, e per questo il pulsante "
            f"Rinnova non compare.")
    if account is not None and account.status.automatic_renewal_missed is not None:
        return _missed({"payment_method": account.subscription.automatic_payment_method,
                        "automatic_renewal_missed": account.status.automatic_renewal_missed,
                        "expiry_date": account.status.expiry_date})
    if account is not None:
        text += " Per il tuo servizio ora il rinnovo è manuale: puoi rinnovare qui con me, scrivi «rinnova»."
    return text


def _when_concluded(account: AccountView | None) -> str:
    text = ("L'ordine è confermato subito, ma il rinnovo è concluso solo quando abbiamo registrato il pagamento: "
            "fino ad allora la scadenza non cambia.")
    if account is not None and account.unpaid_order is not None:
        order = account.unpaid_order
        text += (f" Il tuo ordine n. {order.number} è in attesa di pagamento: quando lo registriamo la scadenza "
                 f"passa al {d(order.new_expiry)}.")
    return text


def _why_storage(account: AccountView | None) -> str:
    if account is not None and not account.status.renewable:
        return status_text(account.status)  # "perché non è più possibile?": the renewal itself
    text = "Puoi diminuire lo spazio aggiuntivo solo per la parte che non usi."
    if account is not None:
        sub = account.subscription
        text += (f" Hai {sub.storage_gb_bought} GB e ne usi {gb(sub.storage_gb_used)} GB, quindi puoi rinnovarne da "
                 f"{rules.lowest_storage_gb(sub)} GB fino a un massimo di {rules.highest_storage_gb(sub)} GB.")
    return text


def _why_users(account: AccountView | None) -> str:
    if account is not None and not account.status.renewable:
        return status_text(account.status)
    text = ("Non puoi togliere dal rinnovo gli utenti aggiuntivi già configurati: cancellali prima dal pannello, "
            "poi potrai toglierli dal carrello.")
    if account is not None:
        sub = account.subscription
        text += (f" Hai {plural(sub.users_bought, 'utente aggiuntivo', 'utenti aggiuntivi')}, di cui "
                 f"{plural(sub.users_configured, 'configurato', 'configurati')}: il minimo per il rinnovo è "
                 f"{rules.lowest_users(sub)}, il massimo {rules.highest_users(sub)}.")
    return text


def _price(account: AccountView | None, view: CartView | None) -> str:
    if view is not None:
        lines = [f"{line.description} {eur(line.amount)}" for line in view.quote.lines]
        return (f"Per {_years(view.quote.years)} (nuova scadenza {d(view.quote.new_expiry)}) il totale è "
                f"{eur(view.quote.total)} IVA inclusa: {', '.join(lines)}; {price_text(view.quote)}.")
    if account is not None and not account.status.renewable:
        return status_text(account.status)  # "quanto costa riattivarlo?" for a deleted service: why it cannot be
    as_is = account.renewal_as_is if account is not None else None
    if account is None or as_is is None:
        return ("Il prezzo dipende da cosa rinnovi e per quanti anni: scrivi «rinnova» e ti mostro il carrello con "
                "il totale.")
    charged = account.status.automatic_renewal_date  # no cart: everything as bought, for one year
    opening = (f"Con il rinnovo automatico del {d(charged)} ti verranno addebitati" if charged is not None
               else "Rinnovare tutto come oggi costa")
    return (f"{opening} {eur(as_is.total)} IVA inclusa, per 1 anno (nuova scadenza {d(as_is.new_expiry)}): "
            f"{price_text(as_is)}. Se vuoi cambiare qualcosa, scrivi «rinnova» e ti mostro il carrello.")


def _status(account: AccountView | None, view: CartView | None) -> str:
    if account is None:
        return SIGN_IN
    text = status_text(account.status)
    if view is not None:
        text += (f" Con il rinnovo nel carrello ({_years(view.quote.years)}) la nuova scadenza sarà il "
                 f"{d(view.quote.new_expiry)}.")
    elif account.unpaid_order is not None:
        text += (f" Con l'ordine n. {account.unpaid_order.number} ({eur(account.unpaid_order.total)}), quando "
                 f"registriamo il pagamento, la scadenza "
                 f"passa al {d(account.unpaid_order.new_expiry)}.")
    elif account.status.renewable and account.status.automatic_renewal_date is None:  # "la nuova scadenza parte
        text += (f" Se rinnovi adesso per un anno, la nuova scadenza sarà il "  # da oggi o da quando è scaduto?"
                 f"{d(rules.new_expiry_date(account.status.expiry_date, 1))}: gli anni si aggiungono alla scadenza, "
                 f"non a oggi.")
    return text


def _cart(account: AccountView | None, view: CartView | None) -> str:
    if view is not None:
        return cart_summary(view)
    if account is None or account.renewal_as_is is None:
        return "Non hai un rinnovo aperto: scrivi «rinnova» e preparo il carrello."
    sub = account.subscription  # "col nostro abbonamento quanti utenti abbiamo?": what is bought, nothing opened
    modules = [line.description for line in account.renewal_as_is.lines if line.code.startswith(MODULE_LINE)]
    return (f"Nel tuo abbonamento hai {sub.storage_gb_bought} GB di spazio aggiuntivo (ne usi "
            f"{gb(sub.storage_gb_used)} GB), {plural(sub.users_bought, 'utente aggiuntivo', 'utenti aggiuntivi')} "
            f"({plural(sub.users_configured, 'configurato', 'configurati')}) e "
            + (f"{plural(len(modules), 'modulo', 'moduli')}: {', '.join(modules)}." if modules else "nessun modulo.")
            + " Scrivi «rinnova» e preparo il carrello.")


def _modules(account: AccountView | None, view: CartView | None) -> str:
    from renewal.text.questions import modules_text  # the same numbered list the modules step shows
    if view is None:
        return "Scrivi «rinnova»: nel carrello ti mostro i moduli che hai e quelli che puoi aggiungere."
    return modules_text(view)


def _allowed_years(account: AccountView | None, view: CartView | None) -> str:
    if account is None:
        return f"Puoi rinnovare da 1 a {rules.MAX_YEARS} anni; i prodotti in promozione per 1 o 2 anni."
    if not account.status.renewable:  # "e per 1 anno solo? non si può proprio?" of a deleted service: no years
        return status_text(account.status)
    text = years_allowed_text(account.subscription)
    if account.status.state is LifecycleState.GRACE:  # "per quanto posso ancora rinnovarlo?"
        text += (f" Il servizio è scaduto il {d(account.status.expiry_date)}: puoi rinnovarlo fino al "
                 f"{d(account.status.last_renewable_date)}.")
    return text


def _payment(account: AccountView | None, view: CartView | None) -> str:
    if account is not None and account.unpaid_order is None and account.status.state is LifecycleState.DELETED:
        return status_text(account.status) + " Non c'è nessun ordine di rinnovo da pagare."  # "ho fatto il rinnovo,
        # come pago?" from a deleted service
    text = f"Puoi pagare con {PAYMENT_CHOICES}. {HOW_EACH_METHOD_PAYS}"
    if account is not None and account.unpaid_order is not None:
        order = account.unpaid_order
        text += (f" Il tuo ordine n. {order.number} ({eur(order.total)}) è in attesa di pagamento con "
                 f"{PAYMENT_METHOD_NAMES[order.payment_method]}")
        text += ("." if order.automatic_renewal_date is not None else
                 f": gli estremi per pagare sono nell'email che ti abbiamo mandato a {order.reference_email}.")
    return text


def _order(account: AccountView | None, view: CartView | None, order: OrderView | None = None) -> str:
    order = order or (account.unpaid_order if account is not None else None)
    if order is None:
        if account is not None and not account.status.renewable:
            return status_text(account.status)
        if view is not None:  # "e la scadenza nuova quando sarebbe?"
            return (f"{_when_concluded(account)} Con il carrello di ora ({_years(view.quote.years)}) la scadenza "
                    f"passerà dal {d(view.quote.current_expiry)} al {d(view.quote.new_expiry)}.")
        return _when_concluded(account)
    state = ("pagato: il rinnovo è concluso" if order.paid_at is not None
             else "in attesa di pagamento: il rinnovo si conclude quando registriamo il pagamento")
    automatic = (f" Con {PAYMENT_METHOD_NAMES[order.payment_method]} il prossimo rinnovo automatico sarà il "
                 f"{d(order.automatic_renewal_date)}.") if order.automatic_renewal_date is not None else ""
    return (f"Il tuo ordine è il n. {order.number}, totale {eur(order.total)}, {state}; la scadenza passa dal "
            f"{d(order.current_expiry)} al {d(order.new_expiry)}.{automatic}")


def _by_email(account: AccountView | None) -> str:
    return f"all'indirizzo di riferimento dei dati dell'intestatario ({account.reference_email})" \
        if account is not None else "all'indirizzo di riferimento dei dati dell'intestatario"


def _payment_details(account: AccountView | None, view: CartView | None) -> str:
    """Where the bank or postal details are: in the e-mail of the order waiting for payment, or after the order."""
    order = account.unpaid_order if account is not None else None
    if order is not None and order.automatic_renewal_date is None:
        return (f"Gli estremi per pagare l'ordine n. {order.number} ({eur(order.total)}, con "
                f"{PAYMENT_METHOD_NAMES[order.payment_method]}) sono nell'email che ti abbiamo mandato "
                f"{_by_email(account)}: nella causale scrivi il numero dell'ordine.")
    if order is not None:
        return (f"L'ordine n. {order.number} ({eur(order.total)}) si paga con "
                f"{PAYMENT_METHOD_NAMES[order.payment_method]} sulla pagina di pagamento: non servono estremi "
                f"bancari.")
    return (f"Se paghi con bonifico o bollettino, dopo la conferma dell'ordine ti mandiamo un'email "
            f"{_by_email(account)} con il numero dell'ordine e gli estremi per il pagamento.")


def _pay_link(account: AccountView | None, view: CartView | None) -> str:
    order = account.unpaid_order if account is not None else None
    if order is not None and order.automatic_renewal_date is not None:
        return f"Ecco di nuovo il link per pagare l'ordine n. {order.number} ({eur(order.total)})."
    if order is not None:
        return _payment_details(account, view)
    return ("Non hai ordini da pagare: il link per pagare con carta o PayPal te lo do appena confermi l'ordine; "
            f"con bonifico o bollettino ricevi un'email {_by_email(account)} con gli estremi.")


def _emails(account: AccountView | None, view: CartView | None) -> str:
    order = account.unpaid_order if account is not None else None
    text = f"Le email sul rinnovo arrivano {_by_email(account)}"
    if order is not None:
        return (f"{text}: lì trovi l'ordine n. {order.number} ({eur(order.total)})"
                + (" con gli estremi per pagarlo." if order.automatic_renewal_date is None else "."))
    return text + ": dopo la conferma dell'ordine ti arriva il riepilogo con il numero dell'ordine."


def price_without(now: CartView, other: Quote, without: str) -> str:
    """The cart's total beside the same renewal without its code, or with everything as bought."""
    total = eur(now.quote.total)
    if without == "code" and now.cart.agreement_code is None:
        return f"Nel carrello non c'è nessun codice convenzione: il totale è {total} IVA inclusa."
    if without == "code":
        return (f"Con il codice {now.cart.agreement_code} il totale è {total} IVA inclusa (sconto "
                f"{now.quote.discount_percent.normalize():f}% di {eur(now.quote.discount)} + IVA); senza codice sarebbe "
                f"{eur(other.total)} (risparmi {eur(other.total - now.quote.total)} IVA inclusa).")
    return (f"Rinnovando tutto come l'hai acquistato, per {_years(other.years)} il totale sarebbe {eur(other.total)} "
            f"IVA inclusa; con il carrello di ora è {total}.")


def price_options(now: CartView, views: list[CartView]) -> str:
    """The cart's price for each duration asked, in the order asked (what «la seconda opzione» refers to)."""
    if not views:
        return ""
    if len(views) == 1:  # "e con 3 anni quanto verrebbe?"
        v = views[0]
        return (f"Con {_years(v.quote.years)} il totale sarebbe {eur(v.quote.total)} IVA inclusa (nuova scadenza "
                f"{d(v.quote.new_expiry)}); per ora nel carrello {'resta' if now.quote.years == 1 else 'restano'} "
                f"{_years(now.quote.years)}: dimmi se vuoi {'cambiarlo' if now.quote.years == 1 else 'cambiarli'}.")
    options = [f"{n}. per {_years(v.quote.years)} {eur(v.quote.total)} IVA inclusa (nuova scadenza "
               f"{d(v.quote.new_expiry)})" for n, v in enumerate(views, 1)]
    return "Con il carrello di ora:\n\n" + "\n".join(options) + "\n\nDimmi quale preferisci."


def priced_alternatives(now: CartView, views: list[CartView]) -> str:
    """Alternatives priced side by side, in the order asked (what «la seconda» or «quella da 92,72» refers to),
    each named by how it differs from the cart; nothing changed."""
    if not views:
        return ""
    options = [f"{n}. {_difference(now, v)}: {eur(v.quote.total)} IVA inclusa" for n, v in enumerate(views, 1)]
    return (f"Ora il carrello costa {eur(now.quote.total)} IVA inclusa per {_years(now.quote.years)}. A confronto:\n\n"
            + "\n".join(options) + "\n\nPer ora non ho cambiato nulla: dimmi quale preferisci.")


def _difference(now: CartView, other: CartView) -> str:
    """How a cart priced differs from the cart as it is: «con Archivio documenti», «con 2 GB di spazio
    aggiuntivo», «per 3 anni (nuova scadenza 14/12/2029)»; «come ora» if it does not."""
    names = other.module_names
    added = [names.get(c, c) for c in sorted(other.cart.modules - now.cart.modules)]
    dropped = [names.get(c, c) for c in sorted(now.cart.modules - other.cart.modules)]
    parts = ([f"con {' e '.join(added)}"] if added else []) + ([f"senza {' e '.join(dropped)}"] if dropped else [])
    if other.cart.storage_gb != now.cart.storage_gb:
        parts.append(f"con {other.cart.storage_gb} GB di spazio aggiuntivo")
    if other.cart.users != now.cart.users:
        parts.append(f"con {plural(other.cart.users, 'utente aggiuntivo', 'utenti aggiuntivi')}")
    if other.cart.years != now.cart.years:
        parts.append(f"per {_years(other.quote.years)} (nuova scadenza {d(other.quote.new_expiry)})")
    if other.cart.agreement_code != now.cart.agreement_code and other.cart.agreement_code:
        parts.append(f"con il codice {other.cart.agreement_code}")
    return ", ".join(parts) if parts else "come ora"


def what_if(now: CartView, quoted: CartView, step: str) -> str:
    """"e se raddoppio gli utenti?", "quanto costa senza i solleciti?": the total with that quantity or without
    that module, nothing changed; "sì" changes it."""
    cart = quoted.cart
    dropped = sorted(now.cart.modules - cart.modules)
    head = {"storage": f"Con {cart.storage_gb} GB di spazio aggiuntivo",
            "users": f"Con {plural(cart.users, 'utente aggiuntivo', 'utenti aggiuntivi')}",
            "modules": f"Senza {now.module_names.get(dropped[0], dropped[0]) if dropped else ''}"}.get(step)
    head = f"{head} il totale per {_years(quoted.quote.years)}" if head else \
        f"Per {_years(cart.years)} (nuova scadenza {d(quoted.quote.new_expiry)}) il totale"  # "no 1", of the years
    each = {"storage": "Un GB di spazio aggiuntivo", "users": "Un utente aggiuntivo"}.get(step)
    unit = next((line.unit_yearly_price for line in (*quoted.quote.lines, *now.quote.lines) if line.code == step), None)
    price = f"{each} costa {eur(unit)} l'anno più IVA. " if each and unit is not None else ""  # "quanto costa un
    # utente in più all'anno?"
    return (f"{price}{head} sarebbe {eur(quoted.quote.total)} IVA inclusa, invece di {eur(now.quote.total)}. Per ora "
            f"non ho cambiato nulla: vuoi che lo {'tolga' if dropped else 'cambi'}?")


def module_price(now: CartView, with_it: CartView, code: str) -> str:
    """"e l'archivio quanto costa?": the module's yearly price, and the total with it; nothing changed."""
    name, yearly = now.module_names.get(code, code), now.module_prices[code]
    if code in now.cart.modules:
        return f"{name} costa {eur(yearly)} l'anno più IVA ed è già nel carrello: il totale è {eur(now.quote.total)}."
    return (f"{name} costa {eur(yearly)} l'anno più IVA: se lo aggiungi, il totale per {_years(now.quote.years)} "
            f"passa da {eur(now.quote.total)} a {eur(with_it.quote.total)}. Per aggiungerlo scrivi «aggiungilo».")


def module_price_as_bought(as_is: Quote, with_it: Quote, code: str, bought: bool) -> str:
    """"quello per collegare il gestionale quanto costa?" with no renewal open: the module's yearly price, and
    the renewal as bought for one year with it."""
    line = next((line for line in with_it.lines if line.code == MODULE_LINE + code), None)
    if line is None:
        return ""
    if bought:
        return (f"{line.description} costa {eur(line.unit_yearly_price)} l'anno più IVA ed è già nel tuo "
                f"abbonamento: rinnovando tutto come oggi per 1 anno il totale è {eur(as_is.total)}.")
    return (f"{line.description} costa {eur(line.unit_yearly_price)} l'anno più IVA: rinnovando per 1 anno con "
            f"{line.description} il totale passa da {eur(as_is.total)} a {eur(with_it.total)}. Per aggiungerlo "
            f"scrivi «aggiungilo».")


def code_info(discounts: tuple[Decimal, ...]) -> str:
    """What an agreement code is for, with the discounts the codes valid today give."""
    if not discounts:
        worth = "uno sconto sul rinnovo"
    elif len(discounts) == 1:
        worth = f"uno sconto del {percent(discounts[0])} sul rinnovo"
    else:
        worth = f"uno sconto sul rinnovo, dal {percent(discounts[0])} al {percent(discounts[-1])} secondo la convenzione"
    return (f"Il codice convenzione te lo dà la tua associazione o il tuo ordine professionale (ad esempio ingegneri "
            f"o architetti) e ti dà {worth}. Se ce l'hai scrivilo qui; se no scrivi «nessun codice».")


def module_described(module: Module) -> str:
    """What a module does, with its price ("la conservazione cos'è?")."""
    what = module.description[:1].lower() + module.description[1:]
    return f"{module.name} ({eur(module.yearly_price)} l'anno + IVA): {what}"


def code_status(checked: Decision[AgreementCode]) -> str:
    """A code named in a question ("l'ING2025 vale ancora?"): valid until when and for what discount, or why not."""
    f = checked.figures
    if checked.ok:
        return (f"Il codice convenzione {f['code']} ({f['association']}) è valido fino al {d(f['valid_until'])} e ti "
                f"dà uno sconto del {percent(f['discount_percent'])} sul rinnovo.")
    if checked.reason is Reason.CODE_EXPIRED:
        return (f"Il codice convenzione {f['code']} ({f['association']}) è scaduto il {d(f['valid_until'])}: non dà più "
                f"lo sconto. Per un codice nuovo chiedi alla tua associazione o al tuo ordine professionale.")
    if checked.reason is Reason.CODE_UNKNOWN:
        return (f"Il codice convenzione {f['code']} non risulta valido: controlla di averlo scritto bene, o chiedi "
                f"all'associazione che te l'ha dato. Intanto puoi proseguire senza codice, o scrivere «operatore».")
    return explain(checked)


def after_payment(account: AccountView | None, view: CartView | None, years: int = 1) -> str:
    """What registering the payment changes: the expiry moves (from the order, the cart, or ``years``: 1 by
    default, or the duration asked for while asked whether to renew now) and, in the grace period, the limitations
    end."""
    text, by = "Quando registriamo il pagamento il rinnovo è concluso", ""
    order = account.unpaid_order if account is not None else None
    if order is not None:  # "appena pago torna tutto normale?" after the order: that order's payment
        current, new = order.current_expiry, order.new_expiry
        text = f"Quando registriamo il pagamento dell'ordine n. {order.number} ({eur(order.total)}) il rinnovo è concluso"
    elif view is not None:
        current, new = view.quote.current_expiry, view.quote.new_expiry
    elif account is not None and account.status.renewable:
        current, new, by = account.status.expiry_date, rules.new_expiry_date(account.status.expiry_date, years), \
            f"con un rinnovo di {_years(years)} "
    else:
        return text + ": la scadenza si sposta in avanti degli anni che hai rinnovato."
    text += f": {by}la scadenza passa dal {d(current)} al {d(new)}"
    if account is not None and account.status.state is LifecycleState.GRACE:
        text += " e finiscono le limitazioni del servizio"
    return text + "."


def _service_back(account: AccountView | None, view: CartView | None) -> str:
    if account is None or account.status.state is not LifecycleState.DELETED:
        return status_text(account.status) if account is not None else SIGN_IN
    return (f"{status_text(account.status)} Non sono possibili eccezioni: puoi attivare un nuovo servizio, oppure "
            f"scrivi «operatore» per parlarne con una persona.")


CARD_ON_FILE = ("Qui non posso cambiare la carta su cui addebitiamo il rinnovo automatico: se vuoi, ti passo un "
                "operatore (scrivi «operatore»). Se invece rinnovi adesso, puoi pagare con la carta che preferisci.")


def _automatic_failed(account: AccountView | None, view: CartView | None) -> str:
    """"E se l'addebito automatico non va a buon fine?": no renewal then; the service expires on its date and
    can still be renewed by hand in the days after it, with the dates."""
    if account is None:
        return SIGN_IN
    status = account.status
    if status.state in (LifecycleState.GRACE, LifecycleState.DELETED):
        return status_text(status)  # expired already: what holds now, with its dates
    when = f" del {d(status.automatic_renewal_date)}" if status.automatic_renewal_date is not None else ""
    return (f"Se l'addebito automatico{when} non va a buon fine, il rinnovo non avviene: il servizio scade il "
            f"{d(status.expiry_date)} e nei {GRACE_DAYS} giorni successivi funziona con limitazioni, ma puoi "
            f"rinnovarlo qui con me, anche con bonifico o bollettino, fino al {d(status.last_renewable_date)}. "
            f"Se vuoi evitarlo, puoi rinnovare adesso.")


def _sign_in(account: AccountView | None, view: CartView | None) -> str:
    """"Non riesco più a usare la fatturazione": a customer already known whose service expired or was deleted
    cannot use it for that reason, said with its dates; else how to sign in."""
    if account is None or account.status.state in (LifecycleState.ACTIVE, LifecycleState.EXPIRING):
        return SIGN_IN
    return status_text(account.status)


def _free_space(account: AccountView | None, view: CartView | None) -> str:
    text = ("Per diminuire lo spazio devi prima liberarlo: elimina dal servizio i documenti che non ti servono più, "
            "poi potrai scendere fino allo spazio che usi.")
    if account is not None:
        sub = account.subscription
        text += f" Oggi usi {gb(sub.storage_gb_used)} GB dei tuoi {sub.storage_gb_bought} GB. {storage_floor_text(sub)}"
    return text


TERMS = ("Sì: per completare il rinnovo devi accettare le condizioni generali di contratto, poi confermare "
         "l'ordine. Quando sei pronto scrivi «accetto»; senza, il carrello resta com'è.")


BOT = ("Sono un assistente virtuale, un programma automatico: posso guidarti nel rinnovo e rispondere alle domande "
       "sul servizio. Se preferisci una persona, scrivi «operatore».")


_ANSWERS: dict[str, Callable[..., str]] = {
    "price": _price,
    "status": _status,
    "cart": _cart,
    "modules": _modules,
    "years": _allowed_years,
    "payment": _payment,
    "order": _order,
    "expiry_consequences": lambda account, view: _expiry_consequences(account),
    "automatic_renewal": _automatic_renewal,
    "sign_in": _sign_in,
    "automatic_failed": _automatic_failed,
    "why_storage": lambda account, view: _why_storage(account),
    "why_users": lambda account, view: _why_users(account),
    "bot": lambda account, view: BOT,
    "terms": lambda account, view: TERMS,
    "payment_details": _payment_details,
    "pay_link": _pay_link,
    "emails": _emails,
    "after_payment": after_payment,
    "service_back": _service_back,
    "free_space": _free_space,
    "card_on_file": lambda account, view: CARD_ON_FILE,
}


def answer(topic: Topic, account: AccountView | None, view: CartView | None = None,
           order: OrderView | None = None) -> str:
    """The answer to a customer's question, from their own account, cart and order."""
    if topic.value == "order":
        return _order(account, view, order)
    return _ANSWERS[topic.value](account, view)
