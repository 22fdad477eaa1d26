#!/usr/bin/python3
"""Checks the vcpkg port in ports/coverkit/ without vcpkg (which needs downloads this build
does not make):

- vcpkg.json validates against vcpkg's own manifest schema (tests/package/vcpkg-schema/, from
  vcpkg-tool, MIT), with Debian's python3-jsonschema;
- its version is the project's (include/coverkit/version.hpp) and its license BSL-1.0;
- the fake-server feature exists and the portfile turns it into COVERKIT_BUILD_FAKE_SERVER;
- every CMake line of `usage` is one that the find_package consumer tests really build with.

usage: check_vcpkg_port.py SOURCE_DIR
Prints one PASS/FAIL line per check and "N passed, M failed"; exits 1 on any failure.
"""
import json
import pathlib
import re
import sys
import warnings

import jsonschema

# RefResolver is what Debian 12's jsonschema (4.10) offers; newer ones deprecate it.
warnings.filterwarnings("ignore", category=DeprecationWarning)

src = pathlib.Path(sys.argv[1])
port = src / "ports" / "coverkit"
schemas = src / "tests" / "package" / "vcpkg-schema"
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail))


manifest = json.loads((port / "vcpkg.json").read_text())
schema = json.loads((schemas / "vcpkg.schema.json").read_text())
definitions = json.loads((schemas / "vcpkg-schema-definitions.schema.json").read_text())
# The manifest schema refers to its definitions by a relative URL; resolve it from the files.
store = {definitions["$id"]: definitions, schema["$id"]: schema}
resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
validator = jsonschema.Draft7Validator(schema, resolver=resolver)
errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.path))
check("vcpkg.json validates against vcpkg's manifest schema", not errors,
      "; ".join(f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors))

# The same validator must refuse a broken manifest, or the check above proves nothing.
broken = dict(manifest, name="Not A Port Name", features={"fake-server": {}})
check("the schema check refuses a broken manifest", any(validator.iter_errors(broken)))

header = (src / "include" / "coverkit" / "version.hpp").read_text()
version = ".".join(re.search(rf"^#define COVERKIT_VERSION_{p} (\d+)$", header, re.M).group(1)
                   for p in ("MAJOR", "MINOR", "PATCH"))
check(f"version is the project's ({version})", manifest.get("version") == version,
      f"vcpkg.json says {manifest.get('version')}")
check("license is BSL-1.0", manifest.get("license") == "BSL-1.0", str(manifest.get("license")))
check("the port is named coverkit", manifest.get("name") == "coverkit")

features = manifest.get("features", {})
check("a fake-server feature", "fake-server" in features, str(list(features)))
portfile = (port / "portfile.cmake").read_text()
check("the portfile maps fake-server to COVERKIT_BUILD_FAKE_SERVER",
      re.search(r"fake-server\s+COVERKIT_BUILD_FAKE_SERVER", portfile) is not None)

usage = (port / "usage").read_text()
consumers = src / "tests" / "package" / "consumers"
tested = {line.strip() for f in consumers.glob("*/CMakeLists.txt")
          for line in f.read_text().splitlines()}
cmake_lines = [line.strip() for line in usage.splitlines()
               if re.match(r"\s*(find_package|target_link_libraries)\(", line)]
check("usage shows find_package and target_link_libraries", len(cmake_lines) >= 4,
      str(cmake_lines))
for line in cmake_lines:
    # The consumers name their executables client and fake; usage says main and main_tests.
    as_tested = line.replace("(main_tests ", "(fake ").replace("(main ", "(client ")
    check(f"usage line is what a consumer test builds with: {line}", as_tested in tested)

passed, failed = results.count(True), results.count(False)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
