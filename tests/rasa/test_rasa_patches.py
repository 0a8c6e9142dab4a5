"""The action-response check of Rasa, prepared once: same verdicts, same errors."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import connectors  # noqa: F401 (installs the patch, as the Rasa server does when it loads the channels)
from connectors import rasa_patches


ACTION = RemoteAction("action_start_renewal", None)


def test_the_patch_is_installed():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("response", [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "cart_id", "value": 3}], "responses": [{"text": "ciao"}]},
])
def test_valid_responses_pass(response):
    assert ACTION._validate_action_result(response) is True


@pytest.mark.parametrize("response", [
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"events": "not a list"},
    {"events": [{"name": "cart_id"}]},  # no event type
])
def test_invalid_responses_get_rasas_own_error(response):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(response)
