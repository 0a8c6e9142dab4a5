"""Rasa NLU component: the entities this assistant needs, read on the corrected text.

- ``storage_gb``, ``users``, ``years`` (a number with its unit) and ``number``
  (bare), from the Italian quantity normaliser, valued as decimal strings, with
  role ``increase`` or ``decrease`` for relative changes ("un utente in più");
- the lookup tables and regexes of the training data (modules, payment methods,
  agreement codes), matched like Rasa's ``RegexEntityExtractor`` but on the
  words as meant ("bonifco" finds "bonifico"); ``EntitySynonymMapper`` after it
  turns them into canonical values.

Spans are always in the text as typed.
"""
from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from italian import MAX_MESSAGE_CHARACTERS
from italian.numbers import NUMBER, change_of, find_quantities, is_money, list_markers, pronoun_ones
from italian.words import analyse, normalised, original_span


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ItalianEntityExtractor(RegexEntityExtractor):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = (message.get(TEXT) or "")[:MAX_MESSAGE_CHARACTERS]
            if not text:
                continue
            entities = self.extract(text)
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
        return messages

    def extract(self, text: str) -> list[dict[str, Any]]:
        norm_text, places = normalised(analyse(text))
        entities = []
        markers = list_markers(text) + pronoun_ones(text)
        for quantity in find_quantities(norm_text):
            if quantity.kind == NUMBER and not _whole_words(places, quantity.start, quantity.end):
                continue  # digits inside a longer token ("alert(1)") are no quantity
            start, end = original_span(places, quantity.start, quantity.end)
            if any(m_start <= start < m_end for m_start, m_end in markers):
                continue  # "1) rinnovo per 2 anni 2) ...": the numbers of a list; "the second one"
            if quantity.kind == NUMBER and is_money(text, start, end):
                continue  # "68,32 €" (the sign is no word, so only the typed text shows it)
            entity = {"entity": quantity.kind, "value": str(quantity.value), "start": start, "end": end,
                      "confidence_entity": 1.0}
            if quantity.change and _change_in_its_sentence(text, norm_text, places, quantity.start, quantity.end):
                entity["role"] = quantity.change
            entities.append(entity)
        flags = 0 if self.case_sensitive else re.IGNORECASE
        for pattern in self.patterns:
            for match in re.finditer(pattern["pattern"], norm_text, flags=flags):
                start, end = original_span(places, match.start(), match.end())
                entities.append({"entity": pattern["name"], "value": match.group(), "start": start, "end": end,
                                 "confidence_entity": 1.0})
        return sorted(entities, key=lambda e: e["start"])


def _change_in_its_sentence(text: str, norm_text: str, places: list, start: int, end: int) -> bool:
    """Whether the change read for the quantity at ``start:end`` of the corrected text is said in its own
    sentence: the corrected text has no punctuation, so "non li voglio piu. solo 4 anni" reads «più» before
    «4 anni». The words after the last sentence end typed before it are read again, as corrected."""
    typed_start = original_span(places, start, end)[0]
    ends = [m.end() for m in re.finditer(r"[.!?;]", text[:typed_start])]
    if not ends:
        return True
    since = next((s for s, _, word in places if word.start >= ends[-1]), start)  # the sentence's first word
    return change_of(norm_text[max(since, start - 30):start], norm_text[end:end + 20]) is not None


def _whole_words(places: list, start: int, end: int) -> bool:
    """Whether ``start:end`` of the normalised text begins and ends at word edges."""
    return any(s == start for s, _, _ in places) and any(e == end for _, e, _ in places)
