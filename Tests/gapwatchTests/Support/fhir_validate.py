"""Validates a FHIR R4 Bundle with a third-party validator: the fhir.resources models (PyPI),
R4B, whose DetectedIssue, Patient, Organization and Bundle equal R4's.

  python3 fhir_validate.py BUNDLE.json

Prints JSON: the number of entries by resource type, and every problem the models found
(an empty list when the Bundle and each resource in it are valid). The models check structure,
types and formats but not the codes of required bindings, so DetectedIssue's `status` and
`severity` are checked against R4's value sets here. Exits 0 either way; 2 when the models
are not installed.
"""
import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B import get_fhir_model_class
except ImportError:
    sys.exit(2)


# R4's required bindings of DetectedIssue (ObservationStatus, DetectedIssueSeverity).
REQUIRED_CODES = {
    "status": {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"},
    "severity": {"high", "moderate", "low"},
}


def main(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    problems, types = [], {}
    try:
        Bundle.model_validate(data) if hasattr(Bundle, "model_validate") else Bundle.parse_obj(data)
    except Exception as error:  # the models' ValidationError, whatever its class in this version
        problems.append(f"Bundle: {error}")
    for index, entry in enumerate(data.get("entry", [])):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "?")
        types[kind] = types.get(kind, 0) + 1
        try:
            model = get_fhir_model_class(kind)
            model.model_validate(resource) if hasattr(model, "model_validate") else model.parse_obj(resource)
        except Exception as error:
            problems.append(f"entry {index} ({kind}): {error}")
        if kind == "DetectedIssue":
            for field, codes in REQUIRED_CODES.items():
                if field in resource and resource[field] not in codes:
                    problems.append(f"entry {index} (DetectedIssue): {field} {resource[field]!r} is not in R4's value set")
    print(json.dumps({"types": types, "problems": problems}))


if __name__ == "__main__":
    main(sys.argv[1])
