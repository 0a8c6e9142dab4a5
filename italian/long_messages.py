"""Rasa NLU component: a message too long to be an answer is not understood.

Placed last in the pipeline, it turns the intent of any message over
``max_characters`` (default ``MAX_MESSAGE_CHARACTERS``) into ``nlu_fallback`` and drops its entities, so that nothing
in it can change the cart or trigger an action by chance.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from italian import MAX_MESSAGE_CHARACTERS


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LongMessageGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_characters": MAX_MESSAGE_CHARACTERS}

    def __init__(self, config: dict[str, Any]) -> None:
        self.max_characters = int(config["max_characters"])

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongMessageGuard:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if len(message.get(TEXT) or "") > self.max_characters:
                message.set(INTENT, {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0},
                            add_to_output=True)
                message.set(ENTITIES, [], add_to_output=True)
        return messages
