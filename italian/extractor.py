"""Rasa NLU component: quantities as entities, from the Italian normaliser.

Entities ``storage_gb``, ``users``, ``years`` (number with a unit) and
``number`` (bare), valued as decimal strings, with role ``increase`` or
``decrease`` for relative changes ("un utente in più", "togli un giga").
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from italian.numbers import find_quantities


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ItalianQuantityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ItalianQuantityExtractor":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            entities = []
            for quantity in find_quantities(text):
                entity = {
                    "entity": quantity.kind, "value": str(quantity.value),
                    "start": quantity.start, "end": quantity.end, "confidence_entity": 1.0,
                }
                if quantity.change:
                    entity["role"] = quantity.change
                entities.append(entity)
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
        return messages
