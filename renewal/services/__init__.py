"""Operations on the database, one transaction each, that the servers, the CLI and the dialogue call."""
