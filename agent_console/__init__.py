"""The support agent's console: a guided session that drives the assistant for a
customer on the phone, beside the customer's live account and cart, and the
queue of customers who asked for a person."""
