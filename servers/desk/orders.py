"""The customer panel (account, dates, live cart, orders and money received) and what an agent does to an
order: cancel it, send its payment email again, register its payment."""
from __future__ import annotations

from typing import Any, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import OrderStatus
from renewal.domain.views import OrderView
from renewal.services.desk_agents import DeskSession
from renewal.text import desk as text
from renewal.text import messages, operator
from renewal.text import receipts as receipts_text
from renewal.text import summaries as summaries_text
from renewal.text.formats import format_date, format_euro
from servers.desk.app import Desk, desk_of, done, guarded, refused, run

routes = Blueprint("desk_orders")


def order_line(order: OrderView) -> dict[str, Any]:
    return {"number": order.number, "total": format_euro(order.total), "state": messages.ORDER_STATUS_NAMES[order.status],
            "refunds": [receipts_text.received_text(refund) for refund in order.refunds],
            "payable": order.status is OrderStatus.AWAITING_PAYMENT,
            "emailed": not order.payment_method.switches_on_automatic_renewal,
            "method": messages.PAYMENT_METHOD_NAMES[order.payment_method],
            "placed": format_date(order.placed_at.date()), "agent": order.placed_by_agent or "",
            "expiry": f"{format_date(order.current_expiry)} → {format_date(order.new_expiry)}"}


def customer_panel(desk: Desk, username: Optional[str]) -> Optional[dict[str, Any]]:
    """The account, the service's dates, the live cart and the orders, as the core says them."""
    if not username:
        return None
    account = desk.services.renewals.account(username)
    if not account.ok:
        return {"username": username, "error": messages.explain(account)}
    view = account.value
    status = view.status
    dates = [(text.DATES["expiry"], format_date(status.expiry_date)),
             (text.DATES["deletion"], format_date(status.deletion_date))]
    if status.grace_days_left is not None:
        dates.append((text.DATES["grace"], str(status.grace_days_left)))
    unpaid = view.unpaid_order
    if unpaid is not None and rules.replaces_automatic_renewal(status, unpaid.payment_method):
        dates.append((text.DATES["automatic"], text.automatic_replaced(
            unpaid.number, messages.PAYMENT_METHOD_NAMES[unpaid.payment_method])))
    elif status.automatic_renewal_date is not None:
        dates.append((text.DATES["automatic"], format_date(status.automatic_renewal_date)))
    return {"username": view.username, "holder": view.holder_name, "email": view.reference_email,
            "status": messages.status_text(status), "dates": dates,
            "cart": summaries_text.cart_summary(view.open_cart) if view.open_cart is not None else "",
            "orders": [order_line(order) for order in desk.services.renewals.orders(username)]}


@routes.post("/desk/api/orders/<number>/cancel")
@guarded
async def cancel_order(request: Request, session: DeskSession, body: dict[str, Any], number: str) -> HTTPResponse:
    unpaid = desk_of(request).services.unpaid
    cancelled = await run(lambda: unpaid.cancel(number, agent=session.agent.name))
    return done(receipts_text.order_cancelled(cancelled.value)) if cancelled.ok else refused(cancelled)


@routes.post("/desk/api/orders/<number>/resend-email")
@guarded
async def resend_email(request: Request, session: DeskSession, body: dict[str, Any], number: str) -> HTTPResponse:
    renewals = desk_of(request).services.renewals
    resent = await run(lambda: renewals.resend_payment_email(number, agent=session.agent.name))
    return done(text.email_queued(resent.figures["to_address"])) if resent.ok else refused(resent)


@routes.post("/desk/api/orders/<number>/payment")
@guarded
async def register_payment(request: Request, session: DeskSession, body: dict[str, Any], number: str) -> HTTPResponse:
    if not session.agent.can_register_payments:
        return refused(Decision.refuse(Reason.NOT_PERMITTED), 403)
    renewals = desk_of(request).services.renewals
    reference = str(body.get("reference", ""))[:120].strip() or None

    def register() -> Decision[Any]:
        paid = renewals.register_payment(number, None, reference)
        if paid.ok and paid.reason is not Reason.PAYMENT_ALREADY_REGISTERED:
            renewals.record_agent_actions(session.agent.name, paid.value.username, "",
                                          [f"registered the payment of order {paid.value.number}"])
        return paid

    paid = await run(register)
    if not paid.ok:
        return refused(paid)
    return done(messages.explain(paid) or operator.payment_registered(paid.value.new_expiry))
