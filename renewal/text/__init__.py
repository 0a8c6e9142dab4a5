"""Every Italian sentence the assistant and its tools say, once."""
