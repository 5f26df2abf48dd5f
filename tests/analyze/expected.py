"""What chainscope must say about each lab scenario: the verdict, the
answer, and exactly these finding codes. Shared by the lab test and the
golden-capture test."""

EXPECTED = {
    # id: (verdict, answer, codes)
    "valid": ("secure", "data", set()),
    "valid-deep": ("secure", "data", set()),
    "valid-nsec3": ("secure", "data", set()),
    "nxdomain-nsec": ("secure", "nxdomain", set()),
    "nxdomain-nsec3": ("secure", "nxdomain", set()),
    "nodata-nsec": ("secure", "nodata", set()),
    "nodata-nsec3": ("secure", "nodata", set()),
    "wildcard": ("secure", "data", set()),
    "wildcard-literal": ("secure", "data", set()),
    "cname-secure": ("secure", "data", set()),
    "rsa": ("secure", "data", set()),
    "ed25519": ("secure", "data", set()),
    "island": ("insecure", "data", {"DS_MISSING"}),
    "unsigned": ("insecure", "data", set()),
    "unsigned-optout": ("insecure", "data", set()),
    "expired": ("bogus", "data", {"RRSIG_EXPIRED"}),
    "future": ("bogus", "data", {"RRSIG_NOT_YET_VALID"}),
    "ds-badalg": ("bogus", "data", {"DS_ALGORITHM_MISMATCH"}),
    "ds-baddigest": ("bogus", "data", {"DS_DIGEST_MISMATCH"}),
    "badsig": ("bogus", "data", {"RRSIG_CRYPTO_FAILED"}),
    "badsig-other": ("secure", "data", set()),
    "ksk-nosig": ("bogus", "data", {"DNSKEY_NO_SEP_SIGNATURE"}),
    "stale": ("secure", "data", {"RRSIG_EXPIRED", "SERVERS_RRSIG_DIFFER", "SERVERS_SOA_SERIAL_DIFFER"}),
    "blackhole": ("secure", "data", {"SERVER_TIMEOUT"}),
    "cname-bogus": ("bogus", "data", {"RRSIG_EXPIRED"}),
    "ds-unsigned": ("bogus", "data", {"DS_UNSIGNED_CHILD"}),
    "ttl-above-orig": ("secure", "data", {"RRSIG_ORIGINAL_TTL_LOW"}),
    "ttl-beyond-exp": ("secure", "data", {"RRSIG_TTL_BEYOND_EXPIRATION"}),
    "dname-secure": ("secure", "data", set()),
    "dname-insecure": ("insecure", "data", set()),
    "dname-bogus": ("bogus", "data", {"RRSIG_EXPIRED"}),
    "cut-shared": ("secure", "data", set()),
    "cut-island": ("insecure", "data", {"DS_MISSING"}),
    "cut-wrongds": ("bogus", "data", {"DS_DIGEST_MISMATCH"}),
    "cut-deep": ("secure", "data", set()),
    "cut-unsigned": ("insecure", "data", set()),
    "cut-overlap": ("secure", "data", set()),
    "cut-unsigned-nsec3": ("insecure", "data", set()),
    "cut-unsigned-deep": ("insecure", "data", set()),
    "cut-ghost": ("bogus", "data", {"DS_ABSENCE_UNPROVEN"}),
    "cut-unsigned-optout": ("insecure", "data", set()),
    "cut-arpa": ("secure", "data", set()),
}

# The severity of each code above (docs/findings.md), written here so that
# no test reads it back from the output under test.
SEVERITY = {
    "DS_MISSING": "warning",
    "DS_ABSENCE_UNPROVEN": "error",
    "RRSIG_EXPIRED": "error",
    "RRSIG_NOT_YET_VALID": "error",
    "DS_ALGORITHM_MISMATCH": "error",
    "DS_DIGEST_MISMATCH": "error",
    "RRSIG_CRYPTO_FAILED": "error",
    "DNSKEY_NO_SEP_SIGNATURE": "error",
    "SERVERS_RRSIG_DIFFER": "warning",
    "SERVERS_SOA_SERIAL_DIFFER": "warning",
    "SERVER_TIMEOUT": "warning",
    "DS_UNSIGNED_CHILD": "error",
    "RRSIG_ORIGINAL_TTL_LOW": "warning",
    "RRSIG_TTL_BEYOND_EXPIRATION": "warning",
}

# The IPv6 scenarios: only in a lab started with `lab start --netns` (saved
# captures and the lab6 suite), so not in EXPECTED, which the host lab's
# suites run in full.
EXPECTED_NETNS = {
    "mixed": ("secure", "data", set()),
    "v6only": ("secure", "data", set()),
    "v6dead": ("secure", "data", {"SERVER_TIMEOUT"}),
    "many-servers": ("secure", "data", {"RRSIG_EXPIRED", "SERVERS_RRSIG_DIFFER",
                                        "SERVERS_SOA_SERIAL_DIFFER"}),
}

# Scenarios probed in recursive mode (--resolver: one validating resolver,
# the lab's unbound, asked with RD and CD for everything; saved captures in
# tests/captures/recursive/). The verdicts are the lab's; a resolver is no
# set of authoritative servers to compare, so no SERVER_/SERVERS_ finding:
# stale is secure with none (unbound retried the server with the good copy).
# The exit codes are EXIT_RECURSIVE (below).
EXPECTED_RECURSIVE = {
    "valid": ("secure", "data", set()),
    "valid-deep": ("secure", "data", set()),
    "nxdomain-nsec3": ("secure", "nxdomain", set()),
    "nodata-nsec": ("secure", "nodata", set()),
    "wildcard": ("secure", "data", set()),
    "cname-secure": ("secure", "data", set()),
    "dname-secure": ("secure", "data", set()),
    "cut-shared": ("secure", "data", set()),
    "unsigned": ("insecure", "data", set()),
    "island": ("insecure", "data", {"DS_MISSING"}),
    "ds-baddigest": ("bogus", "data", {"DS_DIGEST_MISMATCH"}),
    "expired": ("bogus", "data", {"RRSIG_EXPIRED"}),
    "stale": ("secure", "data", set()),
}

# The exit code of `chainscope check` for each scenario (README, man page:
# 0 clean, 1 warnings only, 2 bogus or errors, 3 indeterminate).
EXIT = {
    "valid": 0, "valid-deep": 0, "valid-nsec3": 0, "nxdomain-nsec": 0, "nxdomain-nsec3": 0,
    "nodata-nsec": 0, "nodata-nsec3": 0, "wildcard": 0, "wildcard-literal": 0, "cname-secure": 0,
    "rsa": 0, "ed25519": 0, "island": 1, "unsigned": 0, "unsigned-optout": 0, "expired": 2,
    "future": 2, "ds-badalg": 2, "ds-baddigest": 2, "badsig": 2, "badsig-other": 0,
    "ksk-nosig": 2, "stale": 2, "blackhole": 1, "cname-bogus": 2, "ds-unsigned": 2,
    "ttl-above-orig": 1, "ttl-beyond-exp": 1, "dname-secure": 0, "dname-insecure": 0,
    "dname-bogus": 2, "cut-shared": 0, "cut-island": 1, "cut-wrongds": 2, "cut-deep": 0,
    "cut-unsigned": 0, "cut-overlap": 0, "cut-unsigned-nsec3": 0, "cut-unsigned-optout": 0,
    "cut-unsigned-deep": 0, "cut-ghost": 2, "cut-arpa": 0,
    "mixed": 0, "v6only": 0, "v6dead": 1, "many-servers": 2,
}

# Recursive mode exits as the scenario does, but stale: no finding, 0.
EXIT_RECURSIVE = {**{sid: EXIT[sid] for sid in EXPECTED_RECURSIVE}, "stale": 0}
