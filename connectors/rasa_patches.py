"""One measured fix to Rasa 3.6, applied when the Rasa server loads this package
(``credentials.yml`` names ``connectors.telegram``).

Rasa checks every action server response with ``jsonschema.validate(result,
spec)``, which first re-checks the constant ``spec`` against the JSON Schema
2020-12 meta-schema. Profiling a renewal turn (py-spy, see README "Benchmarks")
put about 70 % of the Rasa server's busy time there. Here the spec is checked
once, responses are validated against it with a prepared validator, and an
invalid response is handed to Rasa's own method, so it is refused with Rasa's
own error exactly as before.
"""
from __future__ import annotations

from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction

_rasa_validate = RemoteAction._validate_action_result


def _prepared_validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    kind = validators.validator_for(spec)
    kind.check_schema(spec)
    return kind(spec)


_VALIDATOR = _prepared_validator()


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if exceptions.best_match(_VALIDATOR.iter_errors(result)) is None:
        return True
    return _rasa_validate(self, result)  # raises Rasa's ValidationError with its message


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
