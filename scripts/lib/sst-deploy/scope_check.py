# scope_check.py RECORDING POLICY ACCESS_KEY_ID REGION ACCOUNT -> prints the deployer's CloudFormation and SSM
# requests in moto's RECORDING that POLICY, as written (scoped), does not allow; exits 1 if there are any.
# Says on stderr how many requests of any service were signed with the key (`N requests`).
# moto's IAM enforcement checks these two services against the resource `*` only, so the enforcement run widens
# their statements and this check judges the scoping: each request's resource (the stack or parameter it
# names, as an ARN) must match a Resource of an Allow statement that has its action (IAM's `*` and `?`).
import base64, json, re, sys
from urllib.parse import parse_qs

recording, policy_path, key, region, account = sys.argv[1:6]
statements = [s for s in json.load(open(policy_path))["Statement"] if s.get("Effect", "Allow") == "Allow"]


def listed(value):
    return value if isinstance(value, list) else [value]


def glob(pattern, text):
    return re.fullmatch(".*".join(".".join(map(re.escape, p.split("?"))) for p in pattern.split("*")), text) is not None


def allowed(action, resource):
    return any(any(glob(a.lower(), action.lower()) for a in listed(s["Action"]))
               and any(glob(r, resource) for r in listed(s["Resource"])) for s in statements)


def request(row):
    """(action, resource) of a recorded CloudFormation or SSM request by `key`, or None."""
    headers = {k.lower(): v for k, v in row.get("headers", {}).items()}
    m = re.search(r"Credential=([^/]+)/\d+/[^/]+/([^/]+)/", headers.get("authorization", ""))
    if not m or m.group(1) != key or m.group(2) not in ("cloudformation", "ssm"):
        return None
    body = row.get("body") or ""
    if row.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    if m.group(2) == "cloudformation":
        q = {k: v[0] for k, v in parse_qs(body).items()}
        stack = q.get("StackName")
        if stack and not stack.startswith("arn:"):
            stack = f"arn:aws:cloudformation:{region}:{account}:stack/{stack}/*"
        return "cloudformation:" + q.get("Action", "?"), stack or "*"
    target = headers.get("x-amz-target", "").rsplit(".", 1)[-1]
    name = json.loads(body or "{}").get("Name", "")
    return "ssm:" + target, f"arn:aws:ssm:{region}:{account}:parameter/{name.lstrip('/')}" if name else "*"


def records(path):
    """Every request of moto's recording. The recorder writes a record and its line break apart, from the
    server's threads at once, so that two records can share a line (and an empty line follows): each line is
    read as the records it holds. A line that is not records is no recording: exit 2, which is not a denial."""
    decoder = json.JSONDecoder()
    for number, line in enumerate(open(path), 1):
        line, at = line.strip(), 0
        while at < len(line):
            try:
                record, at = decoder.raw_decode(line, at)
            except ValueError as e:
                print(f"{path}:{number}: not a record of moto's recorder: {e}", file=sys.stderr)
                sys.exit(2)
            while at < len(line) and line[at].isspace():
                at += 1
            yield record


def by_key(row):
    """Whether a recorded request was signed with `key` (any service)."""
    headers = {k.lower(): v for k, v in row.get("headers", {}).items()}
    return f"Credential={key}/" in headers.get("authorization", "")


denied = signed = 0
for record in records(recording):
    signed += by_key(record)
    r = request(record)
    if r and not allowed(*r):
        print(f"denied by the scoped policy: {r[0]} on {r[1]}")
        denied += 1
# The requests signed with the key, on stderr: a line of the recording can hold two (see `records`).
print(f"{signed} requests", file=sys.stderr)
sys.exit(1 if denied else 0)
