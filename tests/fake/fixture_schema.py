#!/usr/bin/env python3
"""Checks docs/fixture.schema.json against the fixtures of the repository and the fake server.

    fixture_schema.py --fake build/test/fake-server/coverkit-fake-server \
                      [--schema docs/fixture.schema.json] [--jobs 4] [--timeout 10]

1. The schema must itself be a valid draft 2020-12 schema, and every property it declares
   must carry a description.
2. Every fixture shipped in the repository (tests/, examples/ and benchmarks/: each *.json
   object with an "apps" member, outside tests/data/fixtures/) must satisfy the schema and be
   accepted by the fake.
3. The corpus tests/data/fixtures/: each valid/*.json must satisfy the schema and be accepted
   by the fake; each invalid/*.json must be refused by the schema and by the fake, which must
   exit with status 2 after one line on standard error naming the reason listed for the file
   in tests/data/fixtures/invalid-reasons.json.

The fake is started as `coverkit-fake-server --listen 127.0.0.1:0 --fixture FILE`. A fixture
it accepts makes it print "listening on http://127.0.0.1:PORT"; it is then stopped with
SIGTERM. Every wait is bounded by --timeout.

Prints "PASS name" or "FAIL name: why" per check and "N passed, M failed" at the end; exits 1
when a check failed, 2 on a usage error. Needs only the standard library and jsonschema
(Debian's python3-jsonschema 4.10 or later).
"""

import argparse
import concurrent.futures
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

try:
    import jsonschema
except ImportError:  # pragma: no cover - depends on the machine
    print("fixture_schema.py: needs the jsonschema module (Debian: python3-jsonschema)",
          file=sys.stderr)
    sys.exit(2)

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "fixtures"
REASONS = CORPUS / "invalid-reasons.json"
# Fixtures the repository must keep shipping (others are found by searching).
KNOWN_FIXTURES = [REPO / "tests" / "data" / "contract.json", REPO / "examples" / "demo-fixture.json"]
SEARCHED = ["tests", "examples", "benchmarks"]
LISTENING = "listening on http://127.0.0.1:"


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, why):
        """Records a check: `why` is None when it passed, else the reason it failed."""
        if why is None:
            self.passed += 1
            print(f"PASS {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}: {why}", flush=True)


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def schema_errors(validator, instance):
    """The schema's complaints about `instance`, as short strings (empty: valid)."""
    out = []
    for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        message = e.message if len(e.message) <= 160 else e.message[:157] + "..."
        out.append(f"{where}: {message}")
    return out


def undescribed_properties(schema):
    """JSON pointers of declared properties without a description (directly or behind $ref).

    Properties inside if/then/else/not only refine ones declared elsewhere and are skipped."""
    defs = schema.get("$defs", {})

    def described(s):
        if not isinstance(s, dict):
            return False
        if "description" in s:
            return True
        ref = s.get("$ref", "")
        return ref.startswith("#/$defs/") and "description" in defs.get(ref[len("#/$defs/"):], {})

    missing = []

    def walk(node, pointer):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("if", "then", "else", "not"):
                    continue
                if key == "properties" and isinstance(value, dict):
                    for name, sub in value.items():
                        if not described(sub):
                            missing.append(f"{pointer}/properties/{name}")
                walk(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{pointer}/{i}")

    walk(schema, "#")
    return missing


def run_fake(fake, fixture, timeout):
    """Starts the fake on `fixture`. Returns (accepted, exit status, stdout, stderr, problem):
    `problem` is None when the fake behaved as the protocol says, whatever its verdict."""
    proc = subprocess.Popen(
        [str(fake), "--listen", "127.0.0.1:0", "--fixture", str(fixture)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    out = b""
    problem = None
    accepted = False
    try:
        fd = proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in out:
                left = deadline - time.monotonic()
                if left <= 0:
                    problem = f"no line on stdout within {timeout:g} s"
                    break
                if not sel.select(left):
                    continue
                chunk = os.read(fd, 4096)
                if not chunk:
                    break  # end of output: the fake is exiting
                out += chunk
        accepted = out.decode("utf-8", "replace").startswith(LISTENING)
        if problem:
            proc.kill()
        elif accepted:
            proc.send_signal(signal.SIGTERM)
        # Accepted: it stops on SIGTERM; refused: it is exiting already.
        rest, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        out += rest
    except subprocess.TimeoutExpired:
        proc.kill()
        rest, err = proc.communicate()
        out += rest
        problem = problem or f"did not exit within {timeout:g} s"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return accepted, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), problem


def expect_accepted(fake, fixture, timeout):
    """None when the fake accepts `fixture` and stops cleanly on SIGTERM, else why not."""
    accepted, status, out, err, problem = run_fake(fake, fixture, timeout)
    if problem:
        return f"fake: {problem}"
    if not accepted:
        return f"fake refused it (exit {status}): {err.strip() or out.strip() or '(no output)'}"
    if status != 0:
        return f"fake exited {status} after SIGTERM: {err.strip()}"
    return None


def expect_refused(fake, fixture, reason, timeout):
    """None when the fake refuses `fixture` as the protocol says, naming `reason`."""
    accepted, status, out, err, problem = run_fake(fake, fixture, timeout)
    if problem:
        return f"fake: {problem}"
    if accepted:
        return "fake accepted it"
    lines = err.splitlines()
    if status != 2:
        return f"fake exited {status}, not 2: {err.strip()}"
    if out:
        return f"fake wrote to stdout: {out.strip()!r}"
    if len(lines) != 1:
        return f"fake wrote {len(lines)} lines to stderr, not 1: {err.strip()!r}"
    if not lines[0].startswith("coverkit-fake-server: bad fixture: "):
        return f"unexpected stderr line: {lines[0]}"
    if reason and reason not in lines[0]:
        return f"fake refused it for another reason: {lines[0]} (expected {reason!r})"
    return None


def repository_fixtures():
    """Every fixture the repository ships, outside the corpus."""
    found = set()
    for top in SEARCHED:
        base = REPO / top
        if not base.is_dir():
            continue
        for path in base.rglob("*.json"):
            if CORPUS in path.parents:
                continue
            try:
                data = load_json(path)
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if isinstance(data, dict) and "apps" in data:
                found.add(path)
    return sorted(found | set(KNOWN_FIXTURES))


def main():
    parser = argparse.ArgumentParser(
        description="Checks docs/fixture.schema.json against the repository's fixtures and "
                    "against coverkit-fake-server.")
    parser.add_argument("--fake", required=True, help="path to coverkit-fake-server")
    parser.add_argument("--schema", default=str(REPO / "docs" / "fixture.schema.json"),
                        help="path to the schema (default: docs/fixture.schema.json)")
    parser.add_argument("--jobs", type=int, default=4,
                        help="fakes run at once (default 4)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds each fake may take to answer or to exit (default 10)")
    args = parser.parse_args()
    fake = Path(args.fake)
    if not (fake.is_file() and os.access(fake, os.X_OK)):
        parser.error(f"--fake {fake}: not an executable file")

    started = time.monotonic()
    results = Results()

    # 1. The schema itself.
    try:
        schema = load_json(args.schema)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        results.check("schema is a valid draft 2020-12 schema", str(e).splitlines()[0])
        print(f"{results.passed} passed, {results.failed} failed")
        return 1
    results.check("schema is a valid draft 2020-12 schema", None)
    missing = undescribed_properties(schema)
    results.check("schema describes every property",
                  f"no description: {', '.join(missing)}" if missing else None)
    validator = jsonschema.Draft202012Validator(schema)

    # The cases: (name, fixture file, schema must accept, reason the fake names, or None).
    cases = []
    for path in repository_fixtures():
        cases.append((f"repository {rel(path)}", path, True, None))
    valid = sorted((CORPUS / "valid").glob("*.json"))
    invalid = sorted((CORPUS / "invalid").glob("*.json"))
    try:
        reasons = load_json(REASONS)
    except (OSError, ValueError) as e:
        results.check(f"read {rel(REASONS)}", str(e))
        reasons = {}
    results.check("corpus is not empty",
                  None if valid and invalid else f"{len(valid)} valid, {len(invalid)} invalid")
    for path in valid:
        cases.append((f"valid {path.name}", path, True, None))
    for path in invalid:
        reason = reasons.get(path.name)
        if not reason:
            results.check(f"invalid {path.name}", f"no reason listed in {rel(REASONS)}")
            continue
        cases.append((f"invalid {path.name}", path, False, reason))
    for name in sorted(set(reasons) - {p.name for p in invalid}):
        results.check(f"reason for {name}", f"{rel(REASONS)} lists a file that does not exist")

    def check_case(case):
        name, path, valid_case, reason = case
        try:
            errors = schema_errors(validator, load_json(path))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            return name, f"cannot read {rel(path)}: {e}"
        if valid_case and errors:
            return name, f"schema refused it: {'; '.join(errors[:3])}"
        if not valid_case and not errors:
            return name, "schema accepted it"
        if valid_case:
            return name, expect_accepted(fake, path, args.timeout)
        return name, expect_refused(fake, path, reason, args.timeout)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, why in pool.map(check_case, cases):
            results.check(name, why)

    elapsed = time.monotonic() - started
    print(f"took {elapsed:.1f} s")
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
