"""Additions drf-spectacular makes to the OpenAPI document after generating it: the rules
every query parameter follows (economie071.core.request_input), stated on each one."""

from economie071.core.request_input import MAX_PARAMETER_LENGTH

# No control character: C0 (NUL, tab, line breaks …), DEL and C1.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f-\x9f]*$"


def query_parameter_rules(result, generator, request, public):
    """Every optional query parameter takes an empty value (`?phase=`), which the API treats
    as if it was left out, as a form that sends all its fields does; free text parameters
    (no enum or pattern of their own) are at most MAX_PARAMETER_LENGTH characters long and
    hold no control character."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                if not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not {"enum", "pattern", "format"} & set(
                    schema
                ):
                    schema.setdefault("maxLength", MAX_PARAMETER_LENGTH)
                    schema["pattern"] = NO_CONTROL_CHARACTERS
    return result
