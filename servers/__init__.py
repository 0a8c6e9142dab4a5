"""The processes that make up the assistant, and how they are started together."""
