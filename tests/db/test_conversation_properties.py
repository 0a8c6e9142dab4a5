"""Property-based: whatever commands a message carries, in whatever order and at
whatever step, the processor neither fails nor leaves the cart outside the rules,
says something, and orders only what a confirmation with accepted conditions asked."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    Cancel,
    ChoosePayment,
    Confirm,
    Decline,
    DropModule,
    GiveCode,
    Keep,
    NoCode,
    NotUnderstood,
    OnlyModules,
    PickModule,
    RefuseTerms,
    SetQuantity,
    SmallTalk,
    StartRenewal,
    Step,
    Topic,
    UnknownModule,
)
from renewal.dialogue.processor import Conversation
from renewal.dialogue.state import DialogueState
from renewal.domain import rules
from tests.conftest import ports_for

amounts = st.one_of(st.integers(-1000, 1000).map(Decimal), st.sampled_from([Decimal("2.5"), Decimal("1e30")]))
modules = st.sampled_from(["conservazione", "solleciti", "api", "archivio", "multiazienda", "boh", ""])
commands = st.one_of(
    st.builds(StartRenewal, anyway=st.booleans()),
    st.builds(SetQuantity, step=st.sampled_from([Step.STORAGE, Step.USERS, Step.YEARS]),
              value=st.none() | amounts, delta=st.none() | amounts),
    st.builds(Keep, steps=st.lists(st.sampled_from(list(Step)), max_size=3).map(tuple)),
    st.builds(AskValue, step=st.sampled_from(list(Step))),
    st.builds(AddModule, module=modules), st.builds(DropModule, module=modules),
    st.builds(PickModule, module=modules), st.just(UnknownModule()),
    st.builds(AllModules, added=st.booleans()), st.builds(OnlyModules, modules=st.lists(modules, max_size=3).map(tuple)),
    st.builds(GiveCode, code=st.none() | st.sampled_from(["ING2026", "ING2025", "boh", "X" * 60, ""])),
    st.just(NoCode()), st.builds(ChoosePayment, method=st.sampled_from(["card", "paypal", "bank_transfer", "x"])),
    st.just(AcceptTerms()), st.just(RefuseTerms()), st.just(Confirm()), st.just(Decline()), st.just(Cancel()),
    st.builds(Ask, topic=st.sampled_from(list(Topic))),
    st.builds(SmallTalk, kind=st.sampled_from(["greet", "thank", "goodbye", "go_on", "ok"])),
    st.builds(NotUnderstood, too_long=st.booleans(), out_of_scope=st.booleans()),
)
accounts = st.sampled_from([f"100000{n}@aruba.it" for n in range(1, 7)])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(account=accounts, turns=st.lists(st.lists(commands, min_size=1, max_size=4), min_size=1, max_size=6))
def test_any_commands_leave_a_valid_cart_and_a_reply(service, account, turns):
    service.database.drop_schema()
    from renewal.services.demo import load_demo
    load_demo(service.database, service.clock.today())
    conversation, state = Conversation(ports_for(service), account, "prop"), DialogueState()
    confirmed_with_terms = False
    for message in turns:
        before = service.account(account).value.open_cart
        turn = conversation.handle(state, message)
        state = turn.state
        assert turn.replies and all(r.text.strip() and "None" not in r.text for r in turn.replies)
        view = service.account(account).value.open_cart
        if view is not None:
            sub, cart = view.subscription, view.cart
            assert rules.lowest_storage_gb(sub) <= cart.storage_gb <= rules.highest_storage_gb(sub)
            assert rules.lowest_users(sub) <= cart.users <= rules.highest_users(sub)
            assert cart.years in rules.years_allowed(sub)
            assert cart.modules <= sub.renewable_modules
        if Confirm() in message and before is not None:
            confirmed_with_terms = True
    assert len(service.orders(account)) <= 1
    assert not service.orders(account) or confirmed_with_terms or any(
        AcceptTerms() in m or Confirm() in m for m in turns)
