--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts (
    id integer NOT NULL,
    username character varying(64) NOT NULL,
    holder_name character varying(200) NOT NULL,
    reference_email character varying(254) NOT NULL
);


--
-- Name: accounts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: accounts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;


--
-- Name: agent_actions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agent_actions (
    id integer NOT NULL,
    agent character varying(64) NOT NULL,
    username character varying(64) NOT NULL,
    conversation_id character varying(200),
    action character varying(500) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: agent_actions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.agent_actions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: agent_actions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.agent_actions_id_seq OWNED BY public.agent_actions.id;


--
-- Name: agent_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agent_sessions (
    session_id character varying(64) NOT NULL,
    agent character varying(64) NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: agreement_code_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_code_attempts (
    id integer NOT NULL,
    account_id integer NOT NULL,
    code character varying(40) NOT NULL,
    succeeded boolean NOT NULL,
    attempted_at timestamp with time zone NOT NULL
);


--
-- Name: agreement_code_attempts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.agreement_code_attempts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: agreement_code_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.agreement_code_attempts_id_seq OWNED BY public.agreement_code_attempts.id;


--
-- Name: agreement_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_codes (
    code character varying(40) NOT NULL,
    association character varying(200) NOT NULL,
    discount_percent bigint NOT NULL,
    valid_from date NOT NULL,
    valid_until date NOT NULL
);


--
-- Name: cart_modules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cart_modules (
    cart_id integer NOT NULL,
    module_code character varying(40) NOT NULL
);


--
-- Name: carts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.carts (
    id integer NOT NULL,
    subscription_id integer NOT NULL,
    status character varying(16) NOT NULL,
    storage_gb integer NOT NULL,
    users integer NOT NULL,
    years integer NOT NULL,
    agreement_code character varying(40),
    payment_method character varying(16),
    terms_accepted boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: carts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.carts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: carts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.carts_id_seq OWNED BY public.carts.id;


--
-- Name: channel_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.channel_links (
    id integer NOT NULL,
    channel character varying(32) NOT NULL,
    external_id character varying(64) NOT NULL,
    username character varying(64) NOT NULL,
    linked_at timestamp with time zone NOT NULL
);


--
-- Name: channel_links_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.channel_links_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: channel_links_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.channel_links_id_seq OWNED BY public.channel_links.id;


--
-- Name: checkouts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkouts (
    id integer NOT NULL,
    order_id integer NOT NULL,
    provider character varying(32) NOT NULL,
    provider_checkout_id character varying(100) NOT NULL,
    url character varying(500) NOT NULL,
    status character varying(16) NOT NULL,
    conversation_id character varying(200),
    channel character varying(32),
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone
);


--
-- Name: checkouts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.checkouts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: checkouts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.checkouts_id_seq OWNED BY public.checkouts.id;


--
-- Name: conversation_owners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.conversation_owners (
    conversation_id character varying(200) NOT NULL,
    username character varying(64) NOT NULL,
    agent character varying(64),
    opened_at timestamp with time zone NOT NULL
);


--
-- Name: customer_notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customer_notices (
    id integer NOT NULL,
    conversation_id character varying(200) NOT NULL,
    text text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone
);


--
-- Name: customer_notices_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.customer_notices_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: customer_notices_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.customer_notices_id_seq OWNED BY public.customer_notices.id;


--
-- Name: desk_agents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.desk_agents (
    name character varying(64) NOT NULL,
    password_hash character varying(200) NOT NULL,
    can_register_payments boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    disabled_at timestamp with time zone
);


--
-- Name: desk_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.desk_sessions (
    key_hash character varying(64) NOT NULL,
    agent character varying(64) NOT NULL,
    agent_session_id character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone
);


--
-- Name: desk_sign_in_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.desk_sign_in_failures (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: desk_sign_in_failures_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.desk_sign_in_failures_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: desk_sign_in_failures_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.desk_sign_in_failures_id_seq OWNED BY public.desk_sign_in_failures.id;


--
-- Name: email_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.email_deliveries (
    email_id integer NOT NULL,
    attempts integer NOT NULL,
    claimed_at timestamp with time zone,
    claim character varying(32),
    next_attempt_at timestamp with time zone,
    last_error character varying(500),
    gave_up_at timestamp with time zone
);


--
-- Name: handoff_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.handoff_messages (
    id integer NOT NULL,
    handoff_id integer NOT NULL,
    conversation_id character varying(200) NOT NULL,
    kind character varying(16) NOT NULL,
    agent character varying(64) NOT NULL,
    text text NOT NULL,
    at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone
);


--
-- Name: handoff_messages_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.handoff_messages_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: handoff_messages_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.handoff_messages_id_seq OWNED BY public.handoff_messages.id;


--
-- Name: handoffs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.handoffs (
    id integer NOT NULL,
    conversation_id character varying(200) NOT NULL,
    username character varying(64),
    channel character varying(32) NOT NULL,
    transcript text NOT NULL,
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    taken_by character varying(64),
    taken_at timestamp with time zone,
    ended_at timestamp with time zone,
    ended_by character varying(64)
);


--
-- Name: handoffs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.handoffs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: handoffs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.handoffs_id_seq OWNED BY public.handoffs.id;


--
-- Name: link_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.link_codes (
    id integer NOT NULL,
    code_hash character varying(64) NOT NULL,
    username character varying(64) NOT NULL,
    channel character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    used_by character varying(64)
);


--
-- Name: link_codes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.link_codes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: link_codes_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.link_codes_id_seq OWNED BY public.link_codes.id;


--
-- Name: modules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.modules (
    code character varying(40) NOT NULL,
    name character varying(120) NOT NULL,
    description text NOT NULL,
    yearly_price bigint NOT NULL
);


--
-- Name: order_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_lines (
    id integer NOT NULL,
    order_id integer NOT NULL,
    code character varying(60) NOT NULL,
    description character varying(200) NOT NULL,
    quantity integer NOT NULL,
    unit_yearly_price bigint NOT NULL,
    years integer NOT NULL,
    amount bigint NOT NULL
);


--
-- Name: order_lines_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.order_lines_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: order_lines_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.order_lines_id_seq OWNED BY public.order_lines.id;


--
-- Name: orders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orders (
    id integer NOT NULL,
    number character varying(32) NOT NULL,
    cart_id integer NOT NULL,
    subscription_id integer NOT NULL,
    status character varying(24) NOT NULL,
    payment_method character varying(16) NOT NULL,
    years integer NOT NULL,
    current_expiry date NOT NULL,
    new_expiry date NOT NULL,
    agreement_code character varying(40),
    discount_percent bigint NOT NULL,
    net bigint NOT NULL,
    discount bigint NOT NULL,
    vat_percent bigint NOT NULL,
    vat bigint NOT NULL,
    total bigint NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    placed_by_agent character varying(64),
    paid_at timestamp with time zone
);


--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.orders_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;


--
-- Name: outgoing_emails; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outgoing_emails (
    id integer NOT NULL,
    order_id integer,
    to_address character varying(254) NOT NULL,
    subject character varying(200) NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone
);


--
-- Name: outgoing_emails_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.outgoing_emails_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: outgoing_emails_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.outgoing_emails_id_seq OWNED BY public.outgoing_emails.id;


--
-- Name: payment_notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_notifications (
    id integer NOT NULL,
    provider character varying(32) NOT NULL,
    event_id character varying(100) NOT NULL,
    signature_hash character varying(64) NOT NULL,
    kind character varying(32) NOT NULL,
    order_number character varying(32) NOT NULL,
    received_at timestamp with time zone NOT NULL,
    outcome character varying(200) NOT NULL
);


--
-- Name: payment_notifications_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.payment_notifications_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: payment_notifications_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.payment_notifications_id_seq OWNED BY public.payment_notifications.id;


--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    id integer NOT NULL,
    order_id integer NOT NULL,
    amount bigint NOT NULL,
    reference character varying(120),
    registered_at timestamp with time zone NOT NULL
);


--
-- Name: payments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.payments_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: payments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.payments_id_seq OWNED BY public.payments.id;


--
-- Name: price_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.price_lists (
    id integer NOT NULL,
    valid_from date NOT NULL,
    service_yearly bigint NOT NULL,
    promotional_service_yearly bigint NOT NULL,
    storage_gb_yearly bigint NOT NULL,
    extra_user_yearly bigint NOT NULL,
    vat_percent bigint NOT NULL
);


--
-- Name: price_lists_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.price_lists_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: price_lists_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.price_lists_id_seq OWNED BY public.price_lists.id;


--
-- Name: subscription_modules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscription_modules (
    subscription_id integer NOT NULL,
    module_code character varying(40) NOT NULL,
    bought boolean NOT NULL
);


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
    id integer NOT NULL,
    account_id integer NOT NULL,
    expiry_date date NOT NULL,
    renewal_mode character varying(16) NOT NULL,
    automatic_payment_method character varying(16),
    promotional boolean NOT NULL,
    storage_gb_bought integer NOT NULL,
    storage_gb_used bigint NOT NULL,
    users_bought integer NOT NULL,
    users_configured integer NOT NULL
);


--
-- Name: subscriptions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.subscriptions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: subscriptions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.subscriptions_id_seq OWNED BY public.subscriptions.id;


--
-- Name: token_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.token_sessions (
    session_id character varying(64) NOT NULL,
    conversation_id character varying(200) NOT NULL,
    username character varying(64) NOT NULL,
    first_used_at timestamp with time zone NOT NULL
);


--
-- Name: accounts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);


--
-- Name: agent_actions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agent_actions ALTER COLUMN id SET DEFAULT nextval('public.agent_actions_id_seq'::regclass);


--
-- Name: agreement_code_attempts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_code_attempts ALTER COLUMN id SET DEFAULT nextval('public.agreement_code_attempts_id_seq'::regclass);


--
-- Name: carts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts ALTER COLUMN id SET DEFAULT nextval('public.carts_id_seq'::regclass);


--
-- Name: channel_links id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.channel_links ALTER COLUMN id SET DEFAULT nextval('public.channel_links_id_seq'::regclass);


--
-- Name: checkouts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkouts ALTER COLUMN id SET DEFAULT nextval('public.checkouts_id_seq'::regclass);


--
-- Name: customer_notices id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_notices ALTER COLUMN id SET DEFAULT nextval('public.customer_notices_id_seq'::regclass);


--
-- Name: desk_sign_in_failures id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_sign_in_failures ALTER COLUMN id SET DEFAULT nextval('public.desk_sign_in_failures_id_seq'::regclass);


--
-- Name: handoff_messages id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.handoff_messages ALTER COLUMN id SET DEFAULT nextval('public.handoff_messages_id_seq'::regclass);


--
-- Name: handoffs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.handoffs ALTER COLUMN id SET DEFAULT nextval('public.handoffs_id_seq'::regclass);


--
-- Name: link_codes id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_codes ALTER COLUMN id SET DEFAULT nextval('public.link_codes_id_seq'::regclass);


--
-- Name: order_lines id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_lines ALTER COLUMN id SET DEFAULT nextval('public.order_lines_id_seq'::regclass);


--
-- Name: orders id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);


--
-- Name: outgoing_emails id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outgoing_emails ALTER COLUMN id SET DEFAULT nextval('public.outgoing_emails_id_seq'::regclass);


--
-- Name: payment_notifications id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_notifications ALTER COLUMN id SET DEFAULT nextval('public.payment_notifications_id_seq'::regclass);


--
-- Name: payments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments ALTER COLUMN id SET DEFAULT nextval('public.payments_id_seq'::regclass);


--
-- Name: price_lists id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.price_lists ALTER COLUMN id SET DEFAULT nextval('public.price_lists_id_seq'::regclass);


--
-- Name: subscriptions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions ALTER COLUMN id SET DEFAULT nextval('public.subscriptions_id_seq'::regclass);


--
-- Data for Name: accounts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.accounts VALUES (1, '1000001@aruba.it', 'Studio Tecnico Rossi', 'amministrazione@studiorossi.example');
INSERT INTO public.accounts VALUES (2, '1000002@aruba.it', 'Bianchi Architetti Associati', 'info@bianchiarchitetti.example');
INSERT INTO public.accounts VALUES (3, '1000003@aruba.it', 'Verdi Impianti S.r.l.', 'amministrazione@verdiimpianti.example');
INSERT INTO public.accounts VALUES (4, '1000004@aruba.it', 'Farmacia Neri', 'farmacia.neri@example.com');
INSERT INTO public.accounts VALUES (5, '1000005@aruba.it', 'Ing. Paolo Gallo', 'paolo.gallo@example.com');
INSERT INTO public.accounts VALUES (6, '1000006@aruba.it', 'Ferri Consulenze', 'ferri.consulenze@example.com');


--
-- Data for Name: agent_actions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agent_actions VALUES (1, 'mario.rossi', '1000002@aruba.it', 'conv-old', 'took request for a person n. 1', '2026-11-24 12:00:00+00');
INSERT INTO public.agent_actions VALUES (2, 'mario.rossi', '1000002@aruba.it', 'conv-old', 'wrote to the customer in request n. 1', '2026-11-24 12:00:00+00');
INSERT INTO public.agent_actions VALUES (3, 'mario.rossi', '1000002@aruba.it', 'conv-old', 'noted in request n. 1', '2026-11-24 12:00:00+00');
INSERT INTO public.agent_actions VALUES (4, 'mario.rossi', '1000002@aruba.it', 'conv-old', 'guided: opened', '2026-11-24 12:00:00+00');


--
-- Data for Name: agent_sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agent_sessions VALUES ('ags-old', 'mario.rossi', '2026-11-24 12:00:00+00', '2026-11-24 20:00:00+00', NULL);
INSERT INTO public.agent_sessions VALUES ('jf5_NMb5DNvs6qme', 'mario.rossi', '2026-11-24 12:00:00+00', '2026-11-24 20:00:00+00', NULL);


--
-- Data for Name: agreement_code_attempts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agreement_code_attempts VALUES (1, 1, 'ING2026', true, '2026-11-24 12:00:00+00');


--
-- Data for Name: agreement_codes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.agreement_codes VALUES ('ING2026', 'Ordine degli Ingegneri', 1500, '2026-01-28', '2027-12-29');
INSERT INTO public.agreement_codes VALUES ('ARCH2026', 'Ordine degli Architetti', 1000, '2026-01-28', '2027-12-29');
INSERT INTO public.agreement_codes VALUES ('COMM2026', 'Ordine dei Dottori Commercialisti', 1000, '2026-01-28', '2027-12-29');
INSERT INTO public.agreement_codes VALUES ('ING2025', 'Ordine degli Ingegneri', 1500, '2024-12-24', '2026-10-25');


--
-- Data for Name: cart_modules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.cart_modules VALUES (1, 'conservazione');
INSERT INTO public.cart_modules VALUES (1, 'solleciti');
INSERT INTO public.cart_modules VALUES (2, 'conservazione');


--
-- Data for Name: carts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.carts VALUES (1, 1, 'ordered', 3, 3, 2, 'ING2026', 'bank_transfer', true, '2026-11-24 12:00:00+00', '2026-11-24 12:00:00+00');
INSERT INTO public.carts VALUES (2, 2, 'ordered', 3, 2, 1, NULL, 'card', true, '2026-11-24 12:00:00+00', '2026-11-24 12:00:00+00');
INSERT INTO public.carts VALUES (3, 6, 'abandoned', 0, 0, 1, NULL, NULL, false, '2026-11-24 12:00:00+00', '2026-11-24 12:00:00+00');


--
-- Data for Name: channel_links; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.channel_links VALUES (1, 'telegram', '424242', '1000003@aruba.it', '2026-11-24 12:00:00+00');


--
-- Data for Name: checkouts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.checkouts VALUES (1, 2, 'demo', 'cs_old', 'http://127.0.0.1:8083/pay/cs_old', 'open', 'conv-old', 'socketio', '2026-11-24 12:00:00+00', '2026-11-25 12:00:00+00', NULL);


--
-- Data for Name: conversation_owners; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.conversation_owners VALUES ('conv-old', '1000002@aruba.it', NULL, '2026-11-24 12:00:00+00');


--
-- Data for Name: customer_notices; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.customer_notices VALUES (1, 'conv-old', 'Il pagamento non è andato a buon fine.', '2026-11-24 12:00:00+00', NULL);


--
-- Data for Name: desk_agents; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.desk_agents VALUES ('mario.rossi', '$argon2id$v=19$m=65536,t=3,p=4$+PwTxmE757F/nZmik+pubg$JXm4XdvL7CIHJ/KImin2sDRB15JtqQIq/g+b7uo/KAI', true, '2026-11-24 12:00:00+00', NULL);


--
-- Data for Name: desk_sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.desk_sessions VALUES ('37f0a642dde5d9f14ca0aaa0a3d1a136ddd78fd46bd242ffb462879761985a17', 'mario.rossi', 'jf5_NMb5DNvs6qme', '2026-11-24 12:00:00+00', '2026-11-24 20:00:00+00', '2026-11-24 12:00:00+00', NULL);


--
-- Data for Name: desk_sign_in_failures; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.desk_sign_in_failures VALUES (1, 'mario.rossi', '2026-11-24 12:00:00+00');


--
-- Data for Name: email_deliveries; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: handoff_messages; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.handoff_messages VALUES (1, 1, 'conv-old', 'notice', 'mario.rossi', 'mario.rossi del supporto ha preso la tua richiesta: da ora ti risponde qui.', '2026-11-24 12:00:00+00', NULL);
INSERT INTO public.handoff_messages VALUES (2, 1, 'conv-old', 'agent', 'mario.rossi', 'Buongiorno', '2026-11-24 12:00:00+00', NULL);
INSERT INTO public.handoff_messages VALUES (3, 1, 'conv-old', 'note', 'mario.rossi', 'nota', '2026-11-24 12:00:00+00', NULL);


--
-- Data for Name: handoffs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.handoffs VALUES (1, 'conv-old', '1000002@aruba.it', 'socketio', 'Cliente: operatore', 'taken', '2026-11-24 12:00:00+00', 'mario.rossi', '2026-11-24 12:00:00+00', NULL, NULL);


--
-- Data for Name: link_codes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.link_codes VALUES (1, '1111111111111111111111111111111111111111111111111111111111111111', '1000003@aruba.it', 'telegram', '2026-11-24 12:00:00+00', '2026-11-24 12:15:00+00', NULL, NULL);


--
-- Data for Name: modules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.modules VALUES ('conservazione', 'Conservazione a norma', 'Conserva fatture e ricevute per 10 anni, a norma di legge.', 2000);
INSERT INTO public.modules VALUES ('solleciti', 'Solleciti di pagamento', 'Promemoria automatici ai clienti che non hanno pagato.', 1200);
INSERT INTO public.modules VALUES ('api', 'Integrazione API', 'Invia e ricevi fatture dal tuo gestionale.', 3000);
INSERT INTO public.modules VALUES ('archivio', 'Archivio documenti', 'Archivia ordini, DDT e contratti accanto alle fatture.', 1000);
INSERT INTO public.modules VALUES ('multiazienda', 'Gestione multiazienda', 'Gestisci più partite IVA con un solo accesso.', 2500);


--
-- Data for Name: order_lines; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.order_lines VALUES (1, 1, 'service', 'Fatturazione Elettronica', 1, 2500, 2, 5000);
INSERT INTO public.order_lines VALUES (2, 1, 'storage', 'Spazio aggiuntivo (GB)', 3, 200, 2, 1200);
INSERT INTO public.order_lines VALUES (3, 1, 'users', 'Utenti aggiuntivi', 3, 500, 2, 3000);
INSERT INTO public.order_lines VALUES (4, 1, 'module:conservazione', 'Conservazione a norma', 1, 2000, 2, 4000);
INSERT INTO public.order_lines VALUES (5, 1, 'module:solleciti', 'Solleciti di pagamento', 1, 1200, 2, 2400);
INSERT INTO public.order_lines VALUES (6, 2, 'service', 'Fatturazione Elettronica', 1, 2500, 1, 2500);
INSERT INTO public.order_lines VALUES (7, 2, 'storage', 'Spazio aggiuntivo (GB)', 3, 200, 1, 600);
INSERT INTO public.order_lines VALUES (8, 2, 'users', 'Utenti aggiuntivi', 2, 500, 1, 1000);
INSERT INTO public.order_lines VALUES (9, 2, 'module:conservazione', 'Conservazione a norma', 1, 2000, 1, 2000);


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orders VALUES (1, 'FE-2026-000001', 1, 1, 'paid', 'bank_transfer', 2, '2026-12-14', '2028-12-14', 'ING2026', 1500, 15600, 2340, 2200, 2917, 16177, '2026-11-24 12:00:00+00', NULL, '2026-11-24 12:00:00+00');
INSERT INTO public.orders VALUES (2, 'FE-2026-000002', 2, 2, 'awaiting_payment', 'card', 1, '2027-01-08', '2028-01-08', NULL, 0, 6100, 0, 2200, 1342, 7442, '2026-11-24 12:00:00+00', NULL, NULL);


--
-- Data for Name: outgoing_emails; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.outgoing_emails VALUES (1, 1, 'amministrazione@studiorossi.example', 'Ordine FE-2026-000001: estremi per il pagamento', 'Gentile Studio Tecnico Rossi,

abbiamo ricevuto il tuo ordine di rinnovo n. FE-2026-000001 per Fatturazione Elettronica.

Paga con bonifico bancario:
  Beneficiario: Servizi Fatturazione Demo S.r.l.
  IBAN: IT60 X054 2811 1010 0000 0123 456
  Importo: 161,77 €
  Causale: ordine FE-2026-000001

Il rinnovo è concluso quando registriamo il pagamento: da quel momento la nuova scadenza del servizio è il 14/12/2028.
', '2026-11-24 12:00:00+00', NULL);
INSERT INTO public.outgoing_emails VALUES (2, 1, 'amministrazione@studiorossi.example', 'Ordine FE-2026-000001: pagamento ricevuto, rinnovo concluso', 'Gentile Studio Tecnico Rossi,

abbiamo ricevuto il pagamento di 161,77 € per l''ordine n. FE-2026-000001: il rinnovo di Fatturazione Elettronica è concluso.

La nuova scadenza del servizio è il 14/12/2028.

Grazie per aver rinnovato.
', '2026-11-24 12:00:00+00', NULL);


--
-- Data for Name: payment_notifications; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.payment_notifications VALUES (1, 'demo', 'evt_old', '0000000000000000000000000000000000000000000000000000000000000000', 'checkout.failed', 'FE-2026-000002', '2026-11-24 12:00:00+00', 'failed');


--
-- Data for Name: payments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.payments VALUES (1, 1, 16177, 'CRO-1', '2026-11-24 12:00:00+00');


--
-- Data for Name: price_lists; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.price_lists VALUES (1, '2025-11-24', 2500, 1200, 200, 500, 2200);


--
-- Data for Name: subscription_modules; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.subscription_modules VALUES (1, 'conservazione', true);
INSERT INTO public.subscription_modules VALUES (1, 'solleciti', true);
INSERT INTO public.subscription_modules VALUES (1, 'api', false);
INSERT INTO public.subscription_modules VALUES (1, 'archivio', false);
INSERT INTO public.subscription_modules VALUES (2, 'conservazione', true);
INSERT INTO public.subscription_modules VALUES (2, 'solleciti', false);
INSERT INTO public.subscription_modules VALUES (2, 'api', false);
INSERT INTO public.subscription_modules VALUES (3, 'archivio', true);
INSERT INTO public.subscription_modules VALUES (3, 'conservazione', false);
INSERT INTO public.subscription_modules VALUES (4, 'conservazione', true);
INSERT INTO public.subscription_modules VALUES (4, 'solleciti', false);
INSERT INTO public.subscription_modules VALUES (6, 'conservazione', false);
INSERT INTO public.subscription_modules VALUES (6, 'solleciti', false);


--
-- Data for Name: subscriptions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.subscriptions VALUES (2, 2, '2027-01-08', 'manual', NULL, false, 3, 2500, 2, 1);
INSERT INTO public.subscriptions VALUES (3, 3, '2027-01-23', 'automatic', 'card', false, 1, 400, 1, 1);
INSERT INTO public.subscriptions VALUES (4, 4, '2026-10-25', 'manual', NULL, false, 2, 800, 1, 0);
INSERT INTO public.subscriptions VALUES (5, 5, '2026-08-16', 'manual', NULL, false, 1, 100, 0, 0);
INSERT INTO public.subscriptions VALUES (6, 6, '2026-12-09', 'manual', NULL, true, 0, 0, 0, 0);
INSERT INTO public.subscriptions VALUES (1, 1, '2028-12-14', 'manual', NULL, false, 3, 1000, 3, 2);


--
-- Data for Name: token_sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.token_sessions VALUES ('tok-old', 'conv-old', '1000002@aruba.it', '2026-11-24 12:00:00+00');


--
-- Name: accounts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.accounts_id_seq', 6, true);


--
-- Name: agent_actions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.agent_actions_id_seq', 4, true);


--
-- Name: agreement_code_attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.agreement_code_attempts_id_seq', 1, true);


--
-- Name: carts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.carts_id_seq', 3, true);


--
-- Name: channel_links_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.channel_links_id_seq', 1, true);


--
-- Name: checkouts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.checkouts_id_seq', 1, true);


--
-- Name: customer_notices_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.customer_notices_id_seq', 1, true);


--
-- Name: desk_sign_in_failures_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.desk_sign_in_failures_id_seq', 1, true);


--
-- Name: handoff_messages_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.handoff_messages_id_seq', 3, true);


--
-- Name: handoffs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.handoffs_id_seq', 1, true);


--
-- Name: link_codes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.link_codes_id_seq', 1, true);


--
-- Name: order_lines_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.order_lines_id_seq', 9, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.orders_id_seq', 2, true);


--
-- Name: outgoing_emails_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outgoing_emails_id_seq', 2, true);


--
-- Name: payment_notifications_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.payment_notifications_id_seq', 1, true);


--
-- Name: payments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.payments_id_seq', 1, true);


--
-- Name: price_lists_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.price_lists_id_seq', 1, true);


--
-- Name: subscriptions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.subscriptions_id_seq', 6, true);


--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: accounts accounts_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_username_key UNIQUE (username);


--
-- Name: agent_actions agent_actions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agent_actions
    ADD CONSTRAINT agent_actions_pkey PRIMARY KEY (id);


--
-- Name: agent_sessions agent_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agent_sessions
    ADD CONSTRAINT agent_sessions_pkey PRIMARY KEY (session_id);


--
-- Name: agreement_code_attempts agreement_code_attempts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_code_attempts
    ADD CONSTRAINT agreement_code_attempts_pkey PRIMARY KEY (id);


--
-- Name: agreement_codes agreement_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_codes
    ADD CONSTRAINT agreement_codes_pkey PRIMARY KEY (code);


--
-- Name: cart_modules cart_modules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_modules
    ADD CONSTRAINT cart_modules_pkey PRIMARY KEY (cart_id, module_code);


--
-- Name: carts carts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_pkey PRIMARY KEY (id);


--
-- Name: channel_links channel_links_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.channel_links
    ADD CONSTRAINT channel_links_pkey PRIMARY KEY (id);


--
-- Name: checkouts checkouts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkouts
    ADD CONSTRAINT checkouts_pkey PRIMARY KEY (id);


--
-- Name: conversation_owners conversation_owners_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.conversation_owners
    ADD CONSTRAINT conversation_owners_pkey PRIMARY KEY (conversation_id);


--
-- Name: customer_notices customer_notices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customer_notices
    ADD CONSTRAINT customer_notices_pkey PRIMARY KEY (id);


--
-- Name: desk_agents desk_agents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_agents
    ADD CONSTRAINT desk_agents_pkey PRIMARY KEY (name);


--
-- Name: desk_sessions desk_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_sessions
    ADD CONSTRAINT desk_sessions_pkey PRIMARY KEY (key_hash);


--
-- Name: desk_sign_in_failures desk_sign_in_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_sign_in_failures
    ADD CONSTRAINT desk_sign_in_failures_pkey PRIMARY KEY (id);


--
-- Name: email_deliveries email_deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_deliveries
    ADD CONSTRAINT email_deliveries_pkey PRIMARY KEY (email_id);


--
-- Name: handoff_messages handoff_messages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.handoff_messages
    ADD CONSTRAINT handoff_messages_pkey PRIMARY KEY (id);


--
-- Name: handoffs handoffs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.handoffs
    ADD CONSTRAINT handoffs_pkey PRIMARY KEY (id);


--
-- Name: link_codes link_codes_code_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_codes
    ADD CONSTRAINT link_codes_code_hash_key UNIQUE (code_hash);


--
-- Name: link_codes link_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_codes
    ADD CONSTRAINT link_codes_pkey PRIMARY KEY (id);


--
-- Name: modules modules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.modules
    ADD CONSTRAINT modules_pkey PRIMARY KEY (code);


--
-- Name: channel_links one_account_per_chat; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.channel_links
    ADD CONSTRAINT one_account_per_chat UNIQUE (channel, external_id);


--
-- Name: outgoing_emails one_email_per_order_and_subject; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outgoing_emails
    ADD CONSTRAINT one_email_per_order_and_subject UNIQUE (order_id, subject);


--
-- Name: checkouts one_row_per_checkout; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkouts
    ADD CONSTRAINT one_row_per_checkout UNIQUE (provider, provider_checkout_id);


--
-- Name: payment_notifications one_row_per_delivery; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_notifications
    ADD CONSTRAINT one_row_per_delivery UNIQUE (provider, signature_hash);


--
-- Name: order_lines order_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (id);


--
-- Name: orders orders_cart_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_cart_id_key UNIQUE (cart_id);


--
-- Name: orders orders_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_number_key UNIQUE (number);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: outgoing_emails outgoing_emails_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outgoing_emails
    ADD CONSTRAINT outgoing_emails_pkey PRIMARY KEY (id);


--
-- Name: payment_notifications payment_notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_notifications
    ADD CONSTRAINT payment_notifications_pkey PRIMARY KEY (id);


--
-- Name: payments payments_order_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_order_id_key UNIQUE (order_id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);


--
-- Name: price_lists price_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.price_lists
    ADD CONSTRAINT price_lists_pkey PRIMARY KEY (id);


--
-- Name: price_lists price_lists_valid_from_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.price_lists
    ADD CONSTRAINT price_lists_valid_from_key UNIQUE (valid_from);


--
-- Name: subscription_modules subscription_modules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_modules
    ADD CONSTRAINT subscription_modules_pkey PRIMARY KEY (subscription_id, module_code);


--
-- Name: subscriptions subscriptions_account_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_account_id_key UNIQUE (account_id);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);


--
-- Name: token_sessions token_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token_sessions
    ADD CONSTRAINT token_sessions_pkey PRIMARY KEY (session_id);


--
-- Name: ix_agreement_code_attempts_account_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_agreement_code_attempts_account_id ON public.agreement_code_attempts USING btree (account_id);


--
-- Name: ix_checkouts_order_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_checkouts_order_id ON public.checkouts USING btree (order_id);


--
-- Name: ix_customer_notices_conversation_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_customer_notices_conversation_id ON public.customer_notices USING btree (conversation_id);


--
-- Name: ix_desk_sign_in_failures_name; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_desk_sign_in_failures_name ON public.desk_sign_in_failures USING btree (name);


--
-- Name: ix_handoff_messages_conversation_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_handoff_messages_conversation_id ON public.handoff_messages USING btree (conversation_id);


--
-- Name: ix_handoff_messages_handoff_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_handoff_messages_handoff_id ON public.handoff_messages USING btree (handoff_id);


--
-- Name: ix_payment_notifications_event_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_payment_notifications_event_id ON public.payment_notifications USING btree (event_id);


--
-- Name: one_open_cart_per_subscription; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX one_open_cart_per_subscription ON public.carts USING btree (subscription_id) WHERE ((status)::text = 'open'::text);


--
-- Name: one_open_handoff_per_conversation; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX one_open_handoff_per_conversation ON public.handoffs USING btree (conversation_id) WHERE ((status)::text = ANY ((ARRAY['waiting'::character varying, 'taken'::character varying])::text[]));


--
-- Name: one_unpaid_order_per_subscription; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX one_unpaid_order_per_subscription ON public.orders USING btree (subscription_id) WHERE ((status)::text = 'awaiting_payment'::text);


--
-- Name: agreement_code_attempts agreement_code_attempts_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_code_attempts
    ADD CONSTRAINT agreement_code_attempts_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id);


--
-- Name: cart_modules cart_modules_cart_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_modules
    ADD CONSTRAINT cart_modules_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES public.carts(id);


--
-- Name: cart_modules cart_modules_module_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cart_modules
    ADD CONSTRAINT cart_modules_module_code_fkey FOREIGN KEY (module_code) REFERENCES public.modules(code);


--
-- Name: carts carts_agreement_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_agreement_code_fkey FOREIGN KEY (agreement_code) REFERENCES public.agreement_codes(code);


--
-- Name: carts carts_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);


--
-- Name: channel_links channel_links_username_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.channel_links
    ADD CONSTRAINT channel_links_username_fkey FOREIGN KEY (username) REFERENCES public.accounts(username);


--
-- Name: checkouts checkouts_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkouts
    ADD CONSTRAINT checkouts_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);


--
-- Name: desk_sessions desk_sessions_agent_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.desk_sessions
    ADD CONSTRAINT desk_sessions_agent_fkey FOREIGN KEY (agent) REFERENCES public.desk_agents(name);


--
-- Name: email_deliveries email_deliveries_email_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.email_deliveries
    ADD CONSTRAINT email_deliveries_email_id_fkey FOREIGN KEY (email_id) REFERENCES public.outgoing_emails(id);


--
-- Name: handoff_messages handoff_messages_handoff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.handoff_messages
    ADD CONSTRAINT handoff_messages_handoff_id_fkey FOREIGN KEY (handoff_id) REFERENCES public.handoffs(id);


--
-- Name: link_codes link_codes_username_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_codes
    ADD CONSTRAINT link_codes_username_fkey FOREIGN KEY (username) REFERENCES public.accounts(username);


--
-- Name: order_lines order_lines_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_lines
    ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);


--
-- Name: orders orders_cart_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES public.carts(id);


--
-- Name: orders orders_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);


--
-- Name: outgoing_emails outgoing_emails_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outgoing_emails
    ADD CONSTRAINT outgoing_emails_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);


--
-- Name: payments payments_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id);


--
-- Name: subscription_modules subscription_modules_module_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_modules
    ADD CONSTRAINT subscription_modules_module_code_fkey FOREIGN KEY (module_code) REFERENCES public.modules(code);


--
-- Name: subscription_modules subscription_modules_subscription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_modules
    ADD CONSTRAINT subscription_modules_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id);


--
-- Name: subscriptions subscriptions_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id);


--
-- PostgreSQL database dump complete
--


