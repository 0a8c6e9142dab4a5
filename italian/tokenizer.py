"""Rasa NLU component: whitespace tokens whose lemma is the corrected word's lemma.

Rasa's featurizers read ``token.lemma``, so the classifier sees "rinnovare"
for "rinnovre", "rinnoviamo" and "rinnovarlo" alike. The words (span, corrected
spelling, lemma) also go out with the parse as ``words``, for the action
server's understanding step.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from italian import MAX_MESSAGE_CHARACTERS
from italian.words import analyse

WORDS = "words"
"""The parse's key for the analysed words: ``[start, end, corrected, lemma]`` each."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ItalianTokenizer(WhitespaceTokenizer):
    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> ItalianTokenizer:
        analyse("vorei rinnovre")  # loads both dictionaries now, not on a customer's first message
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        if attribute != TEXT:
            return super().tokenize(message, attribute)
        text = message.get(attribute)[:MAX_MESSAGE_CHARACTERS]
        tokens = [Token(word.text, word.start, word.end, data={"norm": word.norm}, lemma=word.lemma)
                  for word in analyse(text)]
        return tokens or [Token(text, 0, len(text), lemma=text)]

    def process(self, messages: list[Message]) -> list[Message]:
        messages = super().process(messages)
        for message in messages:
            tokens = message.get("text_tokens") or []
            message.set(WORDS, [[t.start, t.end, t.get("norm", t.text), t.lemma] for t in tokens],
                        add_to_output=True)
        return messages
