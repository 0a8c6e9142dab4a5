"""The support agents' desk: a browser page beside the support page (Sanic, which Rasa runs on too).

Agents sign in with the name and password made by ``python -m renewal agents add``; the session
cookie is HttpOnly and SameSite=Strict (and Secure over https), every change carries a CSRF token,
sessions end at sign-out, after 30 idle minutes or after a shift. The page follows the queue live
(server-sent events), takes a request (one agent only: the database decides), shows the whole
conversation with the customer's new messages as they arrive, sends the agent's replies to the customer's
own channel, keeps notes only agents see, shows the customer's account, live cart and orders, gives the
conversation back to the bot, closes it or transfers it to a colleague, and runs guided sessions for a
customer on the phone. Every agent action is in the audit table (``python -m renewal audit``).

    python -m servers.desk --port 8081 --rasa-url http://127.0.0.1:5005 --rasa-api-url http://127.0.0.1:5005
    open http://127.0.0.1:8081/desk/

The routes are grouped by what they serve: ``auth`` (sign-in, the page), ``queue`` (requests for a person
and the live events), ``orders`` (the customer panel's orders), ``guided`` (guided sessions); ``app``
holds what they share and builds the application.
"""
