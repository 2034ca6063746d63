"""Checks JSON values against the schemas of docs/openapi.json.

A small validator for the JSON Schema keywords that document uses (type, required, properties,
additionalProperties, items, enum, minimum, maximum, minItems, maxItems, minLength, maxLength,
oneOf, $ref), so the server suite can hold every response to the published contract with the
Python standard library alone.
"""

import json

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

_KNOWN = {"type", "required", "properties", "additionalProperties", "items", "enum", "minimum",
          "maximum", "minItems", "maxItems", "minLength", "maxLength", "oneOf", "$ref",
          "description", "default", "pattern", "examples"}


class OpenApi:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part]
        return node

    def schema(self, name):
        return self.doc["components"]["schemas"][name]

    def response_schema(self, path, method, status):
        """The JSON schema of a documented response, or None when the status is not documented."""
        op = self.doc["paths"][path][method.lower()]
        resp = op["responses"].get(str(status))
        if resp is None:
            return None
        resp = self.resolve(resp)
        content = resp.get("content", {})
        return content.get("application/json", {}).get("schema")

    def errors(self, value, schema, where="$"):
        """A list of mismatches between value and schema (empty when it conforms)."""
        schema = self.resolve(schema)
        out = []
        unknown = set(schema) - _KNOWN
        if unknown:
            out.append(f"{where}: validator does not know keywords {sorted(unknown)}")
        types = schema.get("type")
        if types is not None:
            types = [types] if isinstance(types, str) else types
            if not any(_TYPES[t](value) for t in types):
                return [f"{where}: {value!r:.60} is not {types}"]
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{where}: {value!r:.60} not in {schema['enum']}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                out.append(f"{where}: {value} < {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                out.append(f"{where}: {value} > {schema['maximum']}")
        if isinstance(value, str):
            if "minLength" in schema and len(value) < schema["minLength"]:
                out.append(f"{where}: shorter than {schema['minLength']}")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                out.append(f"{where}: longer than {schema['maxLength']}")
        if isinstance(value, dict):
            for key in schema.get("required", []):
                if key not in value:
                    out.append(f"{where}: missing required {key!r}")
            props = schema.get("properties", {})
            for key, sub in value.items():
                if key in props:
                    out += self.errors(sub, props[key], f"{where}.{key}")
                elif schema.get("additionalProperties") is False:
                    out.append(f"{where}: unexpected property {key!r}")
        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                out.append(f"{where}: fewer than {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                out.append(f"{where}: more than {schema['maxItems']} items")
            if "items" in schema:
                for i, item in enumerate(value):
                    out += self.errors(item, schema["items"], f"{where}[{i}]")
        if "oneOf" in schema:
            matches = sum(1 for s in schema["oneOf"] if not self.errors(value, s, where))
            if matches != 1:
                out.append(f"{where}: matches {matches} of the oneOf schemas, not exactly one")
        return out
