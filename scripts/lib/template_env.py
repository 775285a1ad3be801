"""The environment `sst build` gives one function, as `cargo lambda watch --env-file` lines, from the templates
of .sst/dist: plain literals as they are, CloudFormation references (`Ref`, `Fn::GetAtt`) given test values
`ref-{logical id}` (there is no deployment to resolve them), `__FETCH_FROM_SSM__` left for `load()`.

    template_env.py DIST_DIR HANDLER     (HANDLER as in the stacks: functions/app/src/bin/api.rs)
"""
import glob
import json
import os
import sys

dist, handler = sys.argv[1:]


def join(value):
    if isinstance(value, str):
        return value, []
    separator, parts = value["Fn::Join"]
    text, tokens = [], []
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            text.append(f"__TOKEN_{len(tokens)}__")
            tokens.append(part)
    return separator.join(text), tokens


def test_value(reference):
    if "Ref" in reference:
        return "ref-" + reference["Ref"]
    if "Fn::GetAtt" in reference:
        return "ref-" + "-".join(reference["Fn::GetAtt"])
    raise SystemExit(f"template_env.py: no test value for {json.dumps(reference)}")


for path in sorted(glob.glob(os.path.join(dist, "*.template.json"))):
    template = json.load(open(path))
    metadata = template.get("Outputs", {}).get("SSTMetadata")
    if not metadata:
        continue
    text, tokens = join(metadata["Value"])
    for item in json.loads(text)["metadata"]:
        if item["type"] != "Function" or item["data"].get("handler") != handler:
            continue
        arn = item["data"]["arn"]
        logical_id = tokens[int(arn[len("__TOKEN_"):-2])]["Fn::GetAtt"][0]
        variables = template["Resources"][logical_id]["Properties"]["Environment"]["Variables"]
        for name, value in sorted(variables.items()):
            print(f"{name}={value if isinstance(value, str) else test_value(value)}")
        sys.exit(0)
sys.exit(f"template_env.py: no function with the handler {handler} in {dist}")
