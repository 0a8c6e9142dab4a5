"""The edges: the database and its migrations, SMTP, tokens, the payment provider's HTTP API."""
