"""The parser's input as the NLU makes it: the project's own tokenizer words and
entity extractor (trained on data/nlu's lookup tables and regexes, synonyms
applied). Only the intent is given by the test, as the classifier would."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import pytest
from rasa.nlu.utils import pattern_utils
from rasa.shared.nlu.training_data.loading import load_data

from italian.extractor import ItalianEntityExtractor
from italian.words import analyse
from renewal.dialogue.state import DialogueState
from tests.conftest import PROJECT
from understanding.parser import parse
from understanding.utterance import Utterance, Word


@lru_cache(maxsize=1)
def _extractor() -> tuple[ItalianEntityExtractor, dict[str, str]]:
    data = load_data(str(PROJECT / "data" / "nlu"))
    extractor = ItalianEntityExtractor({"case_sensitive": False}, None, None)  # type: ignore[arg-type]
    extractor.patterns = pattern_utils.extract_patterns(data, use_only_entities=True, use_word_boundaries=True)
    return extractor, {k.lower(): v for k, v in data.entity_synonyms.items()}


def understood(text: str, intent: Optional[str] = "inform") -> Utterance:
    extractor, synonyms = _extractor()
    entities = extractor.extract(text)
    for entity in entities:
        entity["value"] = synonyms.get(str(entity["value"]).lower(), entity["value"])
    words = tuple(Word(w.start, w.end, w.norm, w.lemma) for w in analyse(text))
    return Utterance(text, intent, tuple(entities), words)


@pytest.fixture
def read():
    def commands(text: str, intent: Optional[str] = "inform", state: Optional[DialogueState] = None) -> list:
        return parse(understood(text, intent), state or DialogueState())
    return commands
