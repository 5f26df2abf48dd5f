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
}

# Exit codes (README, man page): 0 clean, 1 warnings only, 2 bogus or errors.
def exit_code(verdict, codes, severities):
    if verdict == "bogus" or any(severities[c] == "error" for c in codes):
        return 2
    if verdict == "indeterminate":
        return 3
    if any(severities[c] == "warning" for c in codes):
        return 1
    return 0
