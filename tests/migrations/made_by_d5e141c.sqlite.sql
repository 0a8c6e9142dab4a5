PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE accounts (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	holder_name VARCHAR(200) NOT NULL, 
	reference_email VARCHAR(254) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (username)
);
INSERT INTO accounts VALUES(1,'1000001@aruba.it','Studio Tecnico Rossi','amministrazione@studiorossi.example');
INSERT INTO accounts VALUES(2,'1000002@aruba.it','Bianchi Architetti Associati','info@bianchiarchitetti.example');
INSERT INTO accounts VALUES(3,'1000003@aruba.it','Verdi Impianti S.r.l.','amministrazione@verdiimpianti.example');
INSERT INTO accounts VALUES(4,'1000004@aruba.it','Farmacia Neri','farmacia.neri@example.com');
INSERT INTO accounts VALUES(5,'1000005@aruba.it','Ing. Paolo Gallo','paolo.gallo@example.com');
INSERT INTO accounts VALUES(6,'1000006@aruba.it','Ferri Consulenze','ferri.consulenze@example.com');
CREATE TABLE modules (
	code VARCHAR(40) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	description TEXT NOT NULL, 
	yearly_price BIGINT NOT NULL, 
	PRIMARY KEY (code)
);
INSERT INTO modules VALUES('conservazione','Conservazione a norma','Conserva fatture e ricevute per 10 anni, a norma di legge.',2000);
INSERT INTO modules VALUES('solleciti','Solleciti di pagamento','Promemoria automatici ai clienti che non hanno pagato.',1200);
INSERT INTO modules VALUES('api','Integrazione API','Invia e ricevi fatture dal tuo gestionale.',3000);
INSERT INTO modules VALUES('archivio','Archivio documenti','Archivia ordini, DDT e contratti accanto alle fatture.',1000);
INSERT INTO modules VALUES('multiazienda','Gestione multiazienda','Gestisci più partite IVA con un solo accesso.',2500);
CREATE TABLE price_lists (
	id INTEGER NOT NULL, 
	valid_from DATE NOT NULL, 
	service_yearly BIGINT NOT NULL, 
	promotional_service_yearly BIGINT NOT NULL, 
	storage_gb_yearly BIGINT NOT NULL, 
	extra_user_yearly BIGINT NOT NULL, 
	vat_percent BIGINT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (valid_from)
);
INSERT INTO price_lists VALUES(1,'2025-11-24',2500,1200,200,500,2200);
CREATE TABLE agreement_codes (
	code VARCHAR(40) NOT NULL, 
	association VARCHAR(200) NOT NULL, 
	discount_percent BIGINT NOT NULL, 
	valid_from DATE NOT NULL, 
	valid_until DATE NOT NULL, 
	PRIMARY KEY (code)
);
INSERT INTO agreement_codes VALUES('ING2026','Ordine degli Ingegneri',1500,'2026-01-28','2027-12-29');
INSERT INTO agreement_codes VALUES('ARCH2026','Ordine degli Architetti',1000,'2026-01-28','2027-12-29');
INSERT INTO agreement_codes VALUES('COMM2026','Ordine dei Dottori Commercialisti',1000,'2026-01-28','2027-12-29');
INSERT INTO agreement_codes VALUES('ING2025','Ordine degli Ingegneri',1500,'2024-12-24','2026-10-25');
CREATE TABLE payment_notifications (
	id INTEGER NOT NULL, 
	provider VARCHAR(32) NOT NULL, 
	event_id VARCHAR(100) NOT NULL, 
	signature_hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	order_number VARCHAR(32) NOT NULL, 
	received_at DATETIME NOT NULL, 
	outcome VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT one_row_per_delivery UNIQUE (provider, signature_hash)
);
INSERT INTO payment_notifications VALUES(1,'demo','evt_old','0000000000000000000000000000000000000000000000000000000000000000','checkout.failed','FE-2026-000002','2026-11-24 12:00:00.000000','failed');
CREATE TABLE customer_notices (
	id INTEGER NOT NULL, 
	conversation_id VARCHAR(200) NOT NULL, 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	delivered_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO customer_notices VALUES(1,'conv-old','Il pagamento non è andato a buon fine.','2026-11-24 12:00:00.000000',NULL);
CREATE TABLE handoffs (
	id INTEGER NOT NULL, 
	conversation_id VARCHAR(200) NOT NULL, 
	username VARCHAR(64), 
	channel VARCHAR(32) NOT NULL, 
	transcript TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	taken_by VARCHAR(64), 
	taken_at DATETIME, 
	ended_at DATETIME, 
	ended_by VARCHAR(64), 
	PRIMARY KEY (id)
);
INSERT INTO handoffs VALUES(1,'conv-old','1000002@aruba.it','socketio','Cliente: operatore','taken','2026-11-24 12:00:00.000000','mario.rossi','2026-11-24 12:00:00.000000',NULL,NULL);
CREATE TABLE desk_agents (
	name VARCHAR(64) NOT NULL, 
	password_hash VARCHAR(200) NOT NULL, 
	can_register_payments BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	disabled_at DATETIME, 
	PRIMARY KEY (name)
);
INSERT INTO desk_agents VALUES('mario.rossi','$argon2id$v=19$m=65536,t=3,p=4$CqtOasG+SLOpdoViSQ1NtQ$bkbn2qSW4ONWugmb/CE09DXmcNsSvf0k77yYPS0U3UQ',1,'2026-11-24 12:00:00.000000',NULL);
CREATE TABLE desk_sign_in_failures (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO desk_sign_in_failures VALUES(1,'mario.rossi','2026-11-24 12:00:00.000000');
CREATE TABLE token_sessions (
	session_id VARCHAR(64) NOT NULL, 
	conversation_id VARCHAR(200) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	first_used_at DATETIME NOT NULL, 
	PRIMARY KEY (session_id)
);
INSERT INTO token_sessions VALUES('tok-old','conv-old','1000002@aruba.it','2026-11-24 12:00:00.000000');
CREATE TABLE agent_sessions (
	session_id VARCHAR(64) NOT NULL, 
	agent VARCHAR(64) NOT NULL, 
	issued_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (session_id)
);
INSERT INTO agent_sessions VALUES('ags-old','mario.rossi','2026-11-24 12:00:00.000000','2026-11-24 20:00:00.000000',NULL);
INSERT INTO agent_sessions VALUES('X3DFZERrfxefz0xz','mario.rossi','2026-11-24 12:00:00.000000','2026-11-24 20:00:00.000000',NULL);
CREATE TABLE agent_actions (
	id INTEGER NOT NULL, 
	agent VARCHAR(64) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	conversation_id VARCHAR(200), 
	action VARCHAR(500) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO agent_actions VALUES(1,'mario.rossi','1000002@aruba.it','conv-old','took request for a person n. 1','2026-11-24 12:00:00.000000');
INSERT INTO agent_actions VALUES(2,'mario.rossi','1000002@aruba.it','conv-old','wrote to the customer in request n. 1','2026-11-24 12:00:00.000000');
INSERT INTO agent_actions VALUES(3,'mario.rossi','1000002@aruba.it','conv-old','noted in request n. 1','2026-11-24 12:00:00.000000');
INSERT INTO agent_actions VALUES(4,'mario.rossi','1000002@aruba.it','conv-old','guided: opened','2026-11-24 12:00:00.000000');
CREATE TABLE conversation_owners (
	conversation_id VARCHAR(200) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	agent VARCHAR(64), 
	opened_at DATETIME NOT NULL, 
	PRIMARY KEY (conversation_id)
);
INSERT INTO conversation_owners VALUES('conv-old','1000002@aruba.it',NULL,'2026-11-24 12:00:00.000000');
CREATE TABLE subscriptions (
	id INTEGER NOT NULL, 
	account_id INTEGER NOT NULL, 
	expiry_date DATE NOT NULL, 
	renewal_mode VARCHAR(16) NOT NULL, 
	automatic_payment_method VARCHAR(16), 
	promotional BOOLEAN NOT NULL, 
	storage_gb_bought INTEGER NOT NULL, 
	storage_gb_used BIGINT NOT NULL, 
	users_bought INTEGER NOT NULL, 
	users_configured INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (account_id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id)
);
INSERT INTO subscriptions VALUES(1,1,'2028-12-14','manual',NULL,0,3,1000,3,2);
INSERT INTO subscriptions VALUES(2,2,'2027-01-08','manual',NULL,0,3,2500,2,1);
INSERT INTO subscriptions VALUES(3,3,'2027-01-23','automatic','card',0,1,400,1,1);
INSERT INTO subscriptions VALUES(4,4,'2026-10-25','manual',NULL,0,2,800,1,0);
INSERT INTO subscriptions VALUES(5,5,'2026-08-16','manual',NULL,0,1,100,0,0);
INSERT INTO subscriptions VALUES(6,6,'2026-12-09','manual',NULL,1,0,0,0,0);
CREATE TABLE agreement_code_attempts (
	id INTEGER NOT NULL, 
	account_id INTEGER NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	succeeded BOOLEAN NOT NULL, 
	attempted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(account_id) REFERENCES accounts (id)
);
INSERT INTO agreement_code_attempts VALUES(1,1,'ING2026',1,'2026-11-24 12:00:00.000000');
CREATE TABLE handoff_messages (
	id INTEGER NOT NULL, 
	handoff_id INTEGER NOT NULL, 
	conversation_id VARCHAR(200) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	agent VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	delivered_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id)
);
INSERT INTO handoff_messages VALUES(1,1,'conv-old','notice','mario.rossi','mario.rossi del supporto ha preso la tua richiesta: da ora ti risponde qui.','2026-11-24 12:00:00.000000',NULL);
INSERT INTO handoff_messages VALUES(2,1,'conv-old','agent','mario.rossi','Buongiorno','2026-11-24 12:00:00.000000',NULL);
INSERT INTO handoff_messages VALUES(3,1,'conv-old','note','mario.rossi','nota','2026-11-24 12:00:00.000000',NULL);
CREATE TABLE desk_sessions (
	key_hash VARCHAR(64) NOT NULL, 
	agent VARCHAR(64) NOT NULL, 
	agent_session_id VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	PRIMARY KEY (key_hash), 
	FOREIGN KEY(agent) REFERENCES desk_agents (name)
);
INSERT INTO desk_sessions VALUES('4ea59d4792ff005a4c01790a454436d6b431df883114d3e0b951ccc109966e6b','mario.rossi','X3DFZERrfxefz0xz','2026-11-24 12:00:00.000000','2026-11-24 20:00:00.000000','2026-11-24 12:00:00.000000',NULL);
CREATE TABLE link_codes (
	id INTEGER NOT NULL, 
	code_hash VARCHAR(64) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	used_by VARCHAR(64), 
	PRIMARY KEY (id), 
	UNIQUE (code_hash), 
	FOREIGN KEY(username) REFERENCES accounts (username)
);
INSERT INTO link_codes VALUES(1,'1111111111111111111111111111111111111111111111111111111111111111','1000003@aruba.it','telegram','2026-11-24 12:00:00.000000','2026-11-24 12:15:00.000000',NULL,NULL);
CREATE TABLE channel_links (
	id INTEGER NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	external_id VARCHAR(64) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	linked_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT one_account_per_chat UNIQUE (channel, external_id), 
	FOREIGN KEY(username) REFERENCES accounts (username)
);
INSERT INTO channel_links VALUES(1,'telegram','424242','1000003@aruba.it','2026-11-24 12:00:00.000000');
CREATE TABLE subscription_modules (
	subscription_id INTEGER NOT NULL, 
	module_code VARCHAR(40) NOT NULL, 
	bought BOOLEAN NOT NULL, 
	PRIMARY KEY (subscription_id, module_code), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id), 
	FOREIGN KEY(module_code) REFERENCES modules (code)
);
INSERT INTO subscription_modules VALUES(1,'conservazione',1);
INSERT INTO subscription_modules VALUES(1,'solleciti',1);
INSERT INTO subscription_modules VALUES(1,'api',0);
INSERT INTO subscription_modules VALUES(1,'archivio',0);
INSERT INTO subscription_modules VALUES(2,'conservazione',1);
INSERT INTO subscription_modules VALUES(2,'solleciti',0);
INSERT INTO subscription_modules VALUES(2,'api',0);
INSERT INTO subscription_modules VALUES(3,'archivio',1);
INSERT INTO subscription_modules VALUES(3,'conservazione',0);
INSERT INTO subscription_modules VALUES(4,'conservazione',1);
INSERT INTO subscription_modules VALUES(4,'solleciti',0);
INSERT INTO subscription_modules VALUES(6,'conservazione',0);
INSERT INTO subscription_modules VALUES(6,'solleciti',0);
CREATE TABLE carts (
	id INTEGER NOT NULL, 
	subscription_id INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	storage_gb INTEGER NOT NULL, 
	users INTEGER NOT NULL, 
	years INTEGER NOT NULL, 
	agreement_code VARCHAR(40), 
	payment_method VARCHAR(16), 
	terms_accepted BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id), 
	FOREIGN KEY(agreement_code) REFERENCES agreement_codes (code)
);
INSERT INTO carts VALUES(1,1,'ordered',3,3,2,'ING2026','bank_transfer',1,'2026-11-24 12:00:00.000000','2026-11-24 12:00:00.000000');
INSERT INTO carts VALUES(2,2,'ordered',3,2,1,NULL,'card',1,'2026-11-24 12:00:00.000000','2026-11-24 12:00:00.000000');
INSERT INTO carts VALUES(3,6,'abandoned',0,0,1,NULL,NULL,0,'2026-11-24 12:00:00.000000','2026-11-24 12:00:00.000000');
CREATE TABLE cart_modules (
	cart_id INTEGER NOT NULL, 
	module_code VARCHAR(40) NOT NULL, 
	PRIMARY KEY (cart_id, module_code), 
	FOREIGN KEY(cart_id) REFERENCES carts (id), 
	FOREIGN KEY(module_code) REFERENCES modules (code)
);
INSERT INTO cart_modules VALUES(1,'conservazione');
INSERT INTO cart_modules VALUES(1,'solleciti');
INSERT INTO cart_modules VALUES(2,'conservazione');
CREATE TABLE orders (
	id INTEGER NOT NULL, 
	number VARCHAR(32) NOT NULL, 
	cart_id INTEGER NOT NULL, 
	subscription_id INTEGER NOT NULL, 
	status VARCHAR(24) NOT NULL, 
	payment_method VARCHAR(16) NOT NULL, 
	years INTEGER NOT NULL, 
	current_expiry DATE NOT NULL, 
	new_expiry DATE NOT NULL, 
	agreement_code VARCHAR(40), 
	discount_percent BIGINT NOT NULL, 
	net BIGINT NOT NULL, 
	discount BIGINT NOT NULL, 
	vat_percent BIGINT NOT NULL, 
	vat BIGINT NOT NULL, 
	total BIGINT NOT NULL, 
	placed_at DATETIME NOT NULL, 
	placed_by_agent VARCHAR(64), 
	paid_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (number), 
	UNIQUE (cart_id), 
	FOREIGN KEY(cart_id) REFERENCES carts (id), 
	FOREIGN KEY(subscription_id) REFERENCES subscriptions (id)
);
INSERT INTO orders VALUES(1,'FE-2026-000001',1,1,'paid','bank_transfer',2,'2026-12-14','2028-12-14','ING2026',1500,15600,2340,2200,2917,16177,'2026-11-24 12:00:00.000000',NULL,'2026-11-24 12:00:00.000000');
INSERT INTO orders VALUES(2,'FE-2026-000002',2,2,'awaiting_payment','card',1,'2027-01-08','2028-01-08',NULL,0,6100,0,2200,1342,7442,'2026-11-24 12:00:00.000000',NULL,NULL);
CREATE TABLE order_lines (
	id INTEGER NOT NULL, 
	order_id INTEGER NOT NULL, 
	code VARCHAR(60) NOT NULL, 
	description VARCHAR(200) NOT NULL, 
	quantity INTEGER NOT NULL, 
	unit_yearly_price BIGINT NOT NULL, 
	years INTEGER NOT NULL, 
	amount BIGINT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(order_id) REFERENCES orders (id)
);
INSERT INTO order_lines VALUES(1,1,'service','Fatturazione Elettronica',1,2500,2,5000);
INSERT INTO order_lines VALUES(2,1,'storage','Spazio aggiuntivo (GB)',3,200,2,1200);
INSERT INTO order_lines VALUES(3,1,'users','Utenti aggiuntivi',3,500,2,3000);
INSERT INTO order_lines VALUES(4,1,'module:conservazione','Conservazione a norma',1,2000,2,4000);
INSERT INTO order_lines VALUES(5,1,'module:solleciti','Solleciti di pagamento',1,1200,2,2400);
INSERT INTO order_lines VALUES(6,2,'service','Fatturazione Elettronica',1,2500,1,2500);
INSERT INTO order_lines VALUES(7,2,'storage','Spazio aggiuntivo (GB)',3,200,1,600);
INSERT INTO order_lines VALUES(8,2,'users','Utenti aggiuntivi',2,500,1,1000);
INSERT INTO order_lines VALUES(9,2,'module:conservazione','Conservazione a norma',1,2000,1,2000);
CREATE TABLE payments (
	id INTEGER NOT NULL, 
	order_id INTEGER NOT NULL, 
	amount BIGINT NOT NULL, 
	reference VARCHAR(120), 
	registered_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (order_id), 
	FOREIGN KEY(order_id) REFERENCES orders (id)
);
INSERT INTO payments VALUES(1,1,16177,'CRO-1','2026-11-24 12:00:00.000000');
CREATE TABLE checkouts (
	id INTEGER NOT NULL, 
	order_id INTEGER NOT NULL, 
	provider VARCHAR(32) NOT NULL, 
	provider_checkout_id VARCHAR(100) NOT NULL, 
	url VARCHAR(500) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	conversation_id VARCHAR(200), 
	channel VARCHAR(32), 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT one_row_per_checkout UNIQUE (provider, provider_checkout_id), 
	FOREIGN KEY(order_id) REFERENCES orders (id)
);
INSERT INTO checkouts VALUES(1,2,'demo','cs_old','http://127.0.0.1:8083/pay/cs_old','open','conv-old','socketio','2026-11-24 12:00:00.000000','2026-11-25 12:00:00.000000',NULL);
CREATE TABLE outgoing_emails (
	id INTEGER NOT NULL, 
	order_id INTEGER, 
	to_address VARCHAR(254) NOT NULL, 
	subject VARCHAR(200) NOT NULL, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT one_email_per_order_and_subject UNIQUE (order_id, subject), 
	FOREIGN KEY(order_id) REFERENCES orders (id)
);
INSERT INTO outgoing_emails VALUES(1,1,'amministrazione@studiorossi.example','Ordine FE-2026-000001: estremi per il pagamento',replace('Gentile Studio Tecnico Rossi,\n\nabbiamo ricevuto il tuo ordine di rinnovo n. FE-2026-000001 per Fatturazione Elettronica.\n\nPaga con bonifico bancario:\n  Beneficiario: Servizi Fatturazione Demo S.r.l.\n  IBAN: IT60 X054 2811 1010 0000 0123 456\n  Importo: 161,77 €\n  Causale: ordine FE-2026-000001\n\nIl rinnovo è concluso quando registriamo il pagamento: da quel momento la nuova scadenza del servizio è il 14/12/2028.\n','\n',char(10)),'2026-11-24 12:00:00.000000',NULL);
INSERT INTO outgoing_emails VALUES(2,1,'amministrazione@studiorossi.example','Ordine FE-2026-000001: pagamento ricevuto, rinnovo concluso',replace('Gentile Studio Tecnico Rossi,\n\nabbiamo ricevuto il pagamento di 161,77 € per l''ordine n. FE-2026-000001: il rinnovo di Fatturazione Elettronica è concluso.\n\nLa nuova scadenza del servizio è il 14/12/2028.\n\nGrazie per aver rinnovato.\n','\n',char(10)),'2026-11-24 12:00:00.000000',NULL);
CREATE TABLE email_deliveries (
	email_id INTEGER NOT NULL, 
	attempts INTEGER NOT NULL, 
	claimed_at DATETIME, 
	claim VARCHAR(32), 
	next_attempt_at DATETIME, 
	last_error VARCHAR(500), 
	gave_up_at DATETIME, 
	PRIMARY KEY (email_id), 
	FOREIGN KEY(email_id) REFERENCES outgoing_emails (id)
);
CREATE INDEX ix_payment_notifications_event_id ON payment_notifications (event_id);
CREATE INDEX ix_customer_notices_conversation_id ON customer_notices (conversation_id);
CREATE UNIQUE INDEX one_open_handoff_per_conversation ON handoffs (conversation_id) WHERE status IN ('waiting', 'taken');
CREATE INDEX ix_desk_sign_in_failures_name ON desk_sign_in_failures (name);
CREATE INDEX ix_agreement_code_attempts_account_id ON agreement_code_attempts (account_id);
CREATE INDEX ix_handoff_messages_conversation_id ON handoff_messages (conversation_id);
CREATE INDEX ix_handoff_messages_handoff_id ON handoff_messages (handoff_id);
CREATE UNIQUE INDEX one_open_cart_per_subscription ON carts (subscription_id) WHERE status = 'open';
CREATE UNIQUE INDEX one_unpaid_order_per_subscription ON orders (subscription_id) WHERE status = 'awaiting_payment';
CREATE INDEX ix_checkouts_order_id ON checkouts (order_id);
COMMIT;
