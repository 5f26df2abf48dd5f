/*
 * findings.h - the catalogue of findings: the DNSSEC and delegation problems
 * chainscope finds in the zones under test.
 *
 * Findings are not errors of chainscope's own (those are cs_err, error.h):
 * they describe the zones. Each one has a stable code, a severity, the RFC
 * sections it rests on, a one-line title, what it means for an operator, and
 * the typical fix. CS_FINDINGS below is the only place they are written: the
 * enum, the lookup table (findings.c) and docs/findings.md
 * (scripts/gen-findings-doc) all come from it, and tests/unit/test_findings.c
 * fails when the document and the table disagree.
 *
 * Codes are UPPER_SNAKE_CASE and grouped by prefix (DS_, TRUST_ANCHOR_,
 * DNSKEY_, ALGORITHM_, RRSIG_, CNAME_, DNAME_, DENIAL_, NSEC3_, CDS_, SERVER_,
 * SERVERS_, DELEGATION_, PROBE_). The
 * code string is the stable identifier: it is what JSON output ("code"),
 * captures and users' scripts see, so a code is never renamed, reused or given
 * another meaning. The enum values follow the table order and are not stable:
 * never store or print them.
 *
 * Severity says what happens to users of validating resolvers in the worst
 * case the finding describes:
 *   CS_SEV_ERROR    resolvers fail (bogus data, SERVFAIL, no resolution) for
 *                   some or all clients;
 *   CS_SEV_WARNING  a risk or a best-practice violation: works today, or only
 *                   loses protection (insecure) or redundancy;
 *   CS_SEV_NOTICE   information worth knowing; nothing to fix now.
 *
 * Adding a finding: add one X line to its group, run scripts/gen-findings-doc
 * and commit both files. Each X line is
 *   X(enum id, "CODE", severity, "RFC references", "title",
 *     "what it means", "typical fix")
 * with every text non-empty (checked at compile time in findings.c). The
 * reference is "none" only for PROBE_ findings, which are about chainscope's
 * own collection.
 */
#ifndef CS_FINDINGS_H
#define CS_FINDINGS_H

#include <stddef.h>

typedef enum { CS_SEV_NOTICE = 0, CS_SEV_WARNING = 1, CS_SEV_ERROR = 2 } cs_severity;

/* clang-format off */
#define CS_FINDINGS(X)                                                                             \
	/* DS: the delegation signer records at the parent */                                      \
	X(CS_F_DS_MISSING, "DS_MISSING", CS_SEV_WARNING,                                           \
	  "RFC 4033 §2; RFC 4035 §4.3, §5.2",                                                      \
	  "Signed zone, but the parent publishes no DS (island of security)",                      \
	  "The zone is signed, but its parent proves with a valid NSEC or NSEC3 record that no "   \
	  "DS exists for it. Validators therefore treat the zone as insecure: answers resolve "    \
	  "normally but carry no DNSSEC protection, and forged data goes unnoticed. Usually the "  \
	  "DS was never submitted, or was dropped when the domain moved between registrars or "    \
	  "DNS operators.",                                                                        \
	  "If the zone is meant to be signed, publish a DS for the child's current KSK at the "    \
	  "parent through the registrar (chainscope prints the record computed from the "          \
	  "DNSKEY), or publish CDS/CDNSKEY if the parent automates DS maintenance (RFC 7344, "     \
	  "RFC 8078). If it is meant to be unsigned, stop signing at the zone signer.")            \
	X(CS_F_DS_NO_MATCHING_KEY, "DS_NO_MATCHING_KEY", CS_SEV_ERROR,                             \
	  "RFC 4034 §5.2; RFC 4035 §5.2",                                                          \
	  "No DNSKEY matches the DS record's key tag and algorithm",                               \
	  "The parent publishes a DS whose key tag and algorithm match none of the keys in the "   \
	  "child's DNSKEY RRset, and no other DS leads to a working key. Validators cannot "       \
	  "authenticate the child's keys, so every answer from the zone is bogus and validating "  \
	  "resolvers return SERVFAIL. Typical cause: the KSK was rolled, or the zone was "         \
	  "re-signed with new keys after a move to another DNS operator, without updating the "    \
	  "DS.",                                                                                   \
	  "Replace the DS at the parent (through the registrar) with one computed from the "       \
	  "child's current KSK: chainscope prints the exact record. If the old KSK still "         \
	  "exists, publishing it again in the child's DNSKEY RRset and signing the DNSKEY RRset "  \
	  "with it at the zone signer restores resolution sooner than waiting for the parent.")    \
	X(CS_F_DS_ALGORITHM_MISMATCH, "DS_ALGORITHM_MISMATCH", CS_SEV_ERROR,                       \
	  "RFC 4035 §2.2; RFC 6840 §5.11",                                                         \
	  "The child has no DNSKEY of the DS record's algorithm",                                  \
	  "The parent publishes a DS for an algorithm that does not appear at all in the "         \
	  "child's DNSKEY RRset, and no other DS leads to a working key. A signed zone must "      \
	  "hold a DNSKEY for every algorithm in its DS RRset, so validators return SERVFAIL. "     \
	  "This usually follows an algorithm rollover (for example RSASHA256 to "                  \
	  "ECDSAP256SHA256) in which the child switched keys before the parent's DS was "          \
	  "updated.",                                                                              \
	  "Either replace the DS at the parent (through the registrar) with the DS of the new "    \
	  "key, which chainscope prints, or publish and sign with a key of the old algorithm "     \
	  "again at the zone signer until the new DS has been at the parent for at least its "     \
	  "TTL.")                                                                                  \
	X(CS_F_DS_DIGEST_MISMATCH, "DS_DIGEST_MISMATCH", CS_SEV_ERROR,                             \
	  "RFC 4034 §5.1.4; RFC 4035 §5.2",                                                        \
	  "The DS digest does not match the DNSKEY it names",                                      \
	  "A DNSKEY with the DS record's key tag and algorithm exists, but its hash differs "      \
	  "from the digest in the DS, and no other DS leads to a working key. The DS was "         \
	  "computed from another key that shares the key tag, for another owner name, or was "     \
	  "mistyped or truncated when entered at the registrar. Validators cannot authenticate "   \
	  "the zone's keys and return SERVFAIL.",                                                  \
	  "Replace the DS at the parent (through the registrar) with one computed from the "       \
	  "child's current KSK: chainscope prints the exact record in the finding. Paste it "      \
	  "whole; registrar forms that split the fields are a common source of typos.")            \
	X(CS_F_DS_REVOKED_KEY, "DS_REVOKED_KEY", CS_SEV_ERROR,                                     \
	  "RFC 5011 §2.1, §7; RFC 4035 §5.2",                                                      \
	  "The DS points to a key with the REVOKE flag set",                                       \
	  "The DNSKEY that the DS matches has the REVOKE flag (bit 8) set, and no other DS "       \
	  "leads to a working key. A revoked key must not be used to validate anything, so the "   \
	  "DNSKEY RRset cannot be authenticated and every answer from the zone is bogus. Since "   \
	  "the flag is part of the key tag, such a DS was computed after the key was revoked, "    \
	  "or the wrong key was revoked.",                                                         \
	  "Publish at the parent (through the registrar) a DS for an active, non-revoked KSK "     \
	  "that signs the DNSKEY RRset, then remove this DS. The REVOKE flag is meant for trust "  \
	  "anchors (RFC 5011), not for keys that a parent DS refers to.")                          \
	X(CS_F_DS_NON_ZONE_KEY, "DS_NON_ZONE_KEY", CS_SEV_ERROR,                                   \
	  "RFC 4034 §2.1.1; RFC 4035 §5.2",                                                        \
	  "The DS points to a DNSKEY without the Zone Key flag",                                   \
	  "The DNSKEY that the DS matches has the Zone Key flag (bit 7) clear, so it is not a "    \
	  "DNSSEC zone key and validators must not use it to verify signatures. With no other "    \
	  "DS leading to a working key, the chain of trust is broken and every answer from the "   \
	  "zone is bogus. It comes from a key generated with the wrong flags (0 or 1 instead of "  \
	  "256 or 257).",                                                                          \
	  "At the zone signer, use a KSK with flags 257 (Zone Key and SEP) that signs the "        \
	  "DNSKEY RRset, publish its DS at the parent through the registrar, then remove the DS "  \
	  "of the non-zone key.")                                                                  \
	X(CS_F_DS_STALE, "DS_STALE", CS_SEV_WARNING,                                               \
	  "RFC 4035 §2.4; RFC 6840 §5.11",                                                         \
	  "A DS record leads to no usable key, but another DS does",                               \
	  "One DS at the parent leads to no usable DNSKEY in the child (no key with its tag, "     \
	  "wrong digest, missing algorithm, revoked or non-zone key), while another DS does "      \
	  "lead to a key that signs the DNSKEY RRset. Validators accept any single valid path, "   \
	  "so resolution works today. The risk is latent: it is often a leftover of an old "       \
	  "rollover, or a new DS entered with a mistake, and a rollover that relies on it will "   \
	  "break the zone.",                                                                       \
	  "Remove the unused DS at the parent through the registrar; if it was meant for an "      \
	  "upcoming KSK rollover, replace it with the DS chainscope prints for the intended key "  \
	  "before the rollover starts.")                                                           \
	X(CS_F_DS_SHA1_ONLY, "DS_SHA1_ONLY", CS_SEV_WARNING,                                       \
	  "RFC 8624 §3.3",                                                                         \
	  "The parent has only SHA-1 DS records",                                                  \
	  "Every DS for the zone uses digest type 1 (SHA-1), which RFC 8624 §3.3 says must no "    \
	  "longer be used for delegations. Validators still accept it, but SHA-1 is being "        \
	  "removed from DNSSEC, and a validator that stops accepting it will treat the zone as "   \
	  "insecure.",                                                                             \
	  "Publish a DS with digest type 2 (SHA-256) for the same KSK at the parent through the "  \
	  "registrar (chainscope prints it), wait for the parent's DS TTL, then remove the "       \
	  "SHA-1 DS.")                                                                             \
	X(CS_F_DS_DIGEST_UNSUPPORTED, "DS_DIGEST_UNSUPPORTED", CS_SEV_WARNING,                     \
	  "RFC 8624 §3.3; RFC 9906 §2; RFC 4035 §5.2",                                             \
	  "DS uses a digest type that validators do not support",                                  \
	  "A DS uses digest type 3 (GOST R 34.11-94, retired by RFC 9906) or an unassigned "       \
	  "digest type. Validators ignore DS records they cannot process; when no other DS is "    \
	  "usable they treat the zone as unsigned (RFC 4035 §5.2), so it silently loses DNSSEC "   \
	  "protection. chainscope cannot check such a DS either.",                                 \
	  "Publish a DS with digest type 2 (SHA-256) for the child's KSK at the parent through "   \
	  "the registrar (chainscope prints it), then remove the unsupported DS.")                 \
	X(CS_F_DS_UNSIGNED_CHILD, "DS_UNSIGNED_CHILD", CS_SEV_ERROR,                               \
	  "RFC 4035 §4.3, §5.2",                                                                   \
	  "The parent has a DS, but the child zone is not signed",                                 \
	  "The parent publishes a DS, so validators expect the child to be signed, but the "       \
	  "child's servers return no DNSKEY RRset and no signatures. Every answer from the zone "  \
	  "is bogus and validating resolvers return SERVFAIL. Typical causes: signing was "        \
	  "switched off, or the zone moved to a DNS operator that does not sign, before the DS "   \
	  "was removed.",                                                                          \
	  "If the key the DS refers to still exists, sign the zone with it again at the zone "     \
	  "signer: that restores resolution at once. Otherwise remove the DS at the parent "       \
	  "through the registrar. To go unsigned on purpose, remove the DS first and stop "        \
	  "signing only after the DS TTL has expired.")                                            \
	X(CS_F_DS_ABSENCE_UNPROVEN, "DS_ABSENCE_UNPROVEN", CS_SEV_ERROR,                           \
	  "RFC 4035 §5.2; RFC 6840 §4.4; RFC 5155 §8.6",                                           \
	  "The signed parent does not prove that no DS exists",                                    \
	  "The parent is signed and returns no DS for the delegation, but without a valid NSEC "   \
	  "or NSEC3 proof of its absence (the proof is missing, unsigned, does not match the "     \
	  "name, or has the DS bit set). Validators cannot tell an unsigned delegation from a "    \
	  "stripped DS, so they treat the delegation as bogus and return SERVFAIL for the whole "  \
	  "child zone.",                                                                           \
	  "The fault is with the parent zone's operator (registry or parent DNS operator): "       \
	  "report it with the response chainscope saved. If the child is signed, publishing its "  \
	  "DS at the parent through the registrar avoids the need for the proof.")                 \
	/* TRUST_ANCHOR: the configured trust anchors of a zone */                                 \
	X(CS_F_TRUST_ANCHOR_NO_MATCH, "TRUST_ANCHOR_NO_MATCH", CS_SEV_ERROR,                       \
	  "RFC 4035 §4.4, §5; RFC 5011 §2; RFC 7958",                                              \
	  "No trust anchor leads to a key that signs the DNSKEY RRset",                            \
	  "None of the trust anchors configured for the zone (the anchor files given with "        \
	  "--anchor, or the built-in root anchors) leads to a key that signs the zone's DNSKEY "   \
	  "RRset: either they match no key the zone serves, or they match a key that is only "     \
	  "published (a pre-published or retired KSK cannot carry the chain by itself). A "        \
	  "validator with these anchors finds every answer bogus. Usually the anchor file is "     \
	  "out of date (a key rollover happened since it was written), or it belongs to "          \
	  "another zone or test setup.",                                                           \
	  "Update the anchor file, not the zone: for the root, use a current one "                 \
	  "(--anchor /usr/share/dns/root.key from Debian's dns-root-data, or fetch one with "      \
	  "unbound-anchor); for another zone, take the DS or DNSKEY of the KSK that signs its "    \
	  "DNSKEY RRset (chainscope lists the zone's keys) from a trustworthy source.")            \
	X(CS_F_TRUST_ANCHOR_UNUSED, "TRUST_ANCHOR_UNUSED", CS_SEV_NOTICE,                          \
	  "RFC 5011 §2; RFC 7583 §3.3",                                                            \
	  "A trust anchor leads to no signing key, while another anchor works",                    \
	  "One of the zone's trust anchors matches no key the zone serves, or matches a key "      \
	  "that does not sign the DNSKEY RRset, while another anchor carries the chain. That "     \
	  "is normal during a key rollover: an anchor for a key that is not yet published or "     \
	  "not yet signing (the root's KSK-2024 before it took over), or for a retired key.",      \
	  "Nothing to do while a rollover is under way. Once the old key is retired for good, "    \
	  "remove its anchor from the anchor file (built-in anchors follow chainscope "            \
	  "releases).")                                                                            \
	/* DNSKEY: the child's keys */                                                             \
	X(CS_F_DNSKEY_MISSING, "DNSKEY_MISSING", CS_SEV_ERROR,                                     \
	  "RFC 4035 §2.1, §5.2",                                                                   \
	  "No DNSKEY RRset at the apex although a DS exists",                                      \
	  "The parent publishes a DS and the child's servers return signed data, but a query "     \
	  "for the apex DNSKEY RRset returns no keys. Without it validators cannot check any "     \
	  "signature, so every answer from the zone is bogus. Common causes are a signer or "      \
	  "secondary that drops DNSKEY records, or a signed zone file edited by hand without "     \
	  "its keys.",                                                                             \
	  "At the zone signer, publish the apex DNSKEY RRset (including the KSK the DS refers "    \
	  "to) and sign it, then reload the zone and check that every secondary serves the new "   \
	  "version.")                                                                              \
	X(CS_F_DNSKEY_NO_SEP_SIGNATURE, "DNSKEY_NO_SEP_SIGNATURE", CS_SEV_ERROR,                   \
	  "RFC 4035 §2.1, §5.2",                                                                   \
	  "The DNSKEY RRset is not signed by any key the DS refers to",                            \
	  "At least one DS at the parent matches a key in the child's DNSKEY RRset, but none of "  \
	  "the keys the DS records refer to has a valid signature over the DNSKEY RRset. "         \
	  "Validators need exactly that signature to trust the zone's keys, so every answer "      \
	  "from the zone is bogus. Typical causes: the DS of a new KSK was published before "      \
	  "that KSK started signing, or the signer signs the DNSKEY RRset only with its ZSK.",     \
	  "At the zone signer, sign the DNSKEY RRset with the KSK whose DS is at the parent "      \
	  "(activate it, or mark it as a key-signing key), or replace the DS at the parent "       \
	  "through the registrar with the DS of the key that does sign the DNSKEY RRset; "         \
	  "chainscope prints that record.")                                                        \
	X(CS_F_DNSKEY_ALGORITHM_INCOMPLETE, "DNSKEY_ALGORITHM_INCOMPLETE", CS_SEV_ERROR,           \
	  "RFC 4035 §2.2; RFC 6840 §5.11",                                                         \
	  "An algorithm in the DS or DNSKEY RRset does not sign every RRset",                      \
	  "The DS or DNSKEY RRset announces an algorithm, but some RRset in the zone has no "      \
	  "signature made with it, although every RRset must be signed with every algorithm the "  \
	  "zone announces. Validators that support only that algorithm, and strict validators "    \
	  "that reject algorithm downgrades, find the RRset bogus. It is typical of an "           \
	  "algorithm rollover done in the wrong order or a signer that stopped half-way.",         \
	  "At the zone signer, sign every RRset with every algorithm present in the DNSKEY "       \
	  "RRset, or remove the keys of the incomplete algorithm; follow the order of RFC 6781 "   \
	  "§4.1.4 (signatures first, then keys, then the DS; the reverse when removing an "        \
	  "algorithm).")                                                                           \
	X(CS_F_DNSKEY_SEP_FLAG_MISSING, "DNSKEY_SEP_FLAG_MISSING", CS_SEV_NOTICE,                  \
	  "RFC 4034 §2.1.1",                                                                       \
	  "A key that the DS refers to lacks the SEP flag",                                        \
	  "A DS at the parent refers to a DNSKEY whose Secure Entry Point flag (bit 15) is "       \
	  "clear, that is flags 256 instead of 257. Validators ignore the SEP flag, so "           \
	  "resolution is not affected. Key management tools use it to tell key-signing from "      \
	  "zone-signing keys, and may roll or remove this key as if it were a ZSK.",               \
	  "Nothing is urgent. At the next KSK rollover, generate the new KSK with flags 257 at "   \
	  "the zone signer and publish its DS at the parent; tools that derive CDS/CDNSKEY "       \
	  "usually consider only keys with the SEP flag.")                                         \
	X(CS_F_DNSKEY_KEYTAG_COLLISION, "DNSKEY_KEYTAG_COLLISION", CS_SEV_WARNING,                 \
	  "RFC 4034 Appendix B; RFC 4035 §5.3.1",                                                  \
	  "Several keys share one key tag and algorithm",                                          \
	  "Two or more DNSKEYs of the zone have the same key tag and algorithm, so a "             \
	  "signature names none of them uniquely and validators must try each in turn (RFC "       \
	  "4035 §5.3.1). A pair can happen by chance; many colliding keys are the KeyTrap "        \
	  "pattern (CVE-2023-50387), and validators cap the keys they try per signature, so "      \
	  "the zone's answers may fail at some resolvers.",                                        \
	  "At the zone signer, replace one of the colliding keys with a newly generated one "      \
	  "(most signers avoid collisions when generating keys); remove keys that are not in "     \
	  "use from the DNSKEY RRset.")                                                            \
	X(CS_F_DNSKEY_RSA_WEAK, "DNSKEY_RSA_WEAK", CS_SEV_WARNING,                                 \
	  "RFC 6781 §3.4.2",                                                                       \
	  "RSA key shorter than 2048 bits",                                                        \
	  "A DNSKEY uses an RSA modulus shorter than 2048 bits. 1024-bit RSA is considered "       \
	  "within reach of well-funded attackers, and validators built with strict "               \
	  "cryptographic policies may refuse short RSA keys, so their users can lose validation "  \
	  "for the zone.",                                                                         \
	  "At the zone signer, roll to a 2048-bit RSA key, or better to ECDSAP256SHA256 (13) or "  \
	  "ED25519 (15), which also give smaller answers; for a KSK this includes publishing "     \
	  "the new DS at the parent through the registrar.")                                       \
	X(CS_F_DNSKEY_INCONSISTENT, "DNSKEY_INCONSISTENT", CS_SEV_WARNING,                         \
	  "RFC 1034 §4.3.5; RFC 6781 §4.1",                                                        \
	  "Servers serve different DNSKEY RRsets",                                                 \
	  "The zone's authoritative servers do not all return the same DNSKEY RRset. During a "    \
	  "key rollover this can be a short transfer delay, but a server stuck with an old set "   \
	  "makes resolvers that reach it fail once signatures or the DS move on. Check the "       \
	  "other findings for that server: if its set already breaks validation, resolvers that "  \
	  "pick it fail now.",                                                                     \
	  "Find the lagging server (compare SOA serials) and fix its zone transfer from the "      \
	  "primary (NOTIFY, transfer ACLs, TSIG keys); in multi-signer setups, make every "        \
	  "provider publish the other providers' keys (RFC 8901).")                                \
	/* ALGORITHM: choice of signing algorithm */                                               \
	X(CS_F_ALGORITHM_DEPRECATED, "ALGORITHM_DEPRECATED", CS_SEV_WARNING,                       \
	  "RFC 8624 §3.1",                                                                         \
	  "Algorithm not recommended for signing",                                                 \
	  "A key or signature uses an algorithm that RFC 8624 §3.1 lists as NOT RECOMMENDED for "  \
	  "signing, currently RSASHA512 (10). Validators support it and resolution is not "        \
	  "affected, but it is on its way out and gives larger answers than the recommended "      \
	  "algorithms.",                                                                           \
	  "Plan an algorithm rollover at the zone signer to ECDSAP256SHA256 (13) or ED25519 "      \
	  "(15), following RFC 6781 §4.1.4, and replace the DS at the parent through the "         \
	  "registrar as part of it.")                                                              \
	X(CS_F_ALGORITHM_PROHIBITED, "ALGORITHM_PROHIBITED", CS_SEV_WARNING,                       \
	  "RFC 8624 §3.1; RFC 9905 §2; RFC 9906 §2",                                               \
	  "Algorithm that must not be used for signing",                                           \
	  "A key or signature uses an algorithm that must not be used for signing: RSAMD5 (1), "   \
	  "DSA (3), DSA-NSEC3-SHA1 (6), ECC-GOST (12), and since RFC 9905 also RSASHA1 (5) and "   \
	  "RSASHA1-NSEC3-SHA1 (7). Validators do not validate these algorithms, or are told to "   \
	  "treat them as unsupported, so a zone signed only with them is insecure: it resolves, "  \
	  "but without DNSSEC protection.",                                                        \
	  "Roll the zone to ECDSAP256SHA256 (13) or ED25519 (15) at the zone signer and replace "  \
	  "the DS at the parent through the registrar. If the signer cannot do an algorithm "      \
	  "rollover, go insecure on purpose: remove the DS, wait for its TTL, re-sign with the "   \
	  "new algorithm, publish the new DS.")                                                    \
	X(CS_F_ALGORITHM_UNSUPPORTED, "ALGORITHM_UNSUPPORTED", CS_SEV_WARNING,                     \
	  "RFC 4035 §5.2",                                                                         \
	  "Algorithm unknown to chainscope and to common validators",                              \
	  "A DS, DNSKEY or RRSIG uses an algorithm number that is unassigned, private (253, "      \
	  "254) or not implemented by chainscope. Validators treat a delegation whose DS "         \
	  "records all use algorithms they do not implement as insecure (RFC 4035 §5.2), so the "  \
	  "zone resolves without DNSSEC protection for them; chainscope cannot verify these "      \
	  "signatures either.",                                                                    \
	  "If the algorithm was chosen on purpose (a private or experimental one), also sign "     \
	  "with ECDSAP256SHA256 (13) and publish its DS at the parent; otherwise roll the zone "   \
	  "to a standard algorithm at the zone signer.")                                           \
	/* RRSIG: signatures */                                                                    \
	X(CS_F_RRSIG_MISSING, "RRSIG_MISSING", CS_SEV_ERROR,                                       \
	  "RFC 4035 §2.2, §5.3",                                                                   \
	  "RRset without a signature in a signed zone",                                            \
	  "An authoritative RRset in a signed zone came back without any RRSIG. Validators "       \
	  "treat it as bogus and return SERVFAIL for it. Common causes: records added after "      \
	  "signing without re-signing, a secondary serving an unsigned copy of the zone, or a "    \
	  "server that leaves RRSIGs out of its answers.",                                         \
	  "Re-sign the zone at the zone signer and check that every server serves the signed "     \
	  "copy; if only one server leaves signatures out, fix that server's zone source or "      \
	  "transfer.")                                                                             \
	X(CS_F_RRSIG_EXPIRED, "RRSIG_EXPIRED", CS_SEV_ERROR,                                       \
	  "RFC 4034 §3.1.5; RFC 4035 §5.3.1",                                                      \
	  "Signature has expired",                                                                 \
	  "The signature's expiration time is before the evaluation time. Validators reject "      \
	  "expired signatures, so the RRset is bogus unless another signature over it is valid, "  \
	  "and resolvers return SERVFAIL as their cached copies run out. This almost always "      \
	  "means re-signing stopped (a dead signer or cron job, an inline-signed zone that no "    \
	  "longer loads) or a secondary stopped receiving transfers.",                             \
	  "Get the zone signer re-signing again and push the fresh zone to every secondary "       \
	  "(compare SOA serials across servers); a secondary that still serves old signatures "    \
	  "afterwards has a broken zone transfer.")                                                \
	X(CS_F_RRSIG_NOT_YET_VALID, "RRSIG_NOT_YET_VALID", CS_SEV_ERROR,                           \
	  "RFC 4034 §3.1.5; RFC 4035 §5.3.1",                                                      \
	  "Signature is not valid yet (inception in the future)",                                  \
	  "The signature's inception time is after the evaluation time. Validators reject it "     \
	  "until then, so the RRset is bogus unless another signature over it is valid. Usual "    \
	  "causes are a signer whose clock runs ahead, or a signer that sets inception to the "    \
	  "signing time with no margin for validators whose clocks lag.",                          \
	  "Fix the signer's clock (NTP) and have the zone signer backdate inception by an hour "   \
	  "or more (most signers do by default), then re-sign the zone.")                          \
	X(CS_F_RRSIG_EXPIRING, "RRSIG_EXPIRING", CS_SEV_WARNING,                                   \
	  "RFC 6781 §4.4.2",                                                                       \
	  "Signature expires soon",                                                                \
	  "The signature is still valid but expires within chainscope's warning threshold. "       \
	  "Signers normally refresh signatures well before that, so this suggests re-signing "     \
	  "has stalled; if it has, the RRset fails validation at the expiration time shown.",      \
	  "Check that the zone signer is running and re-signing (fresh signatures have recent "    \
	  "inception times), and that every secondary has the latest SOA serial.")                 \
	X(CS_F_RRSIG_VALIDITY_LONG, "RRSIG_VALIDITY_LONG", CS_SEV_NOTICE,                          \
	  "RFC 6781 §4.4.2",                                                                       \
	  "Signature validity period is very long",                                                \
	  "The time from the signature's inception to its expiration is unusually long. A long "   \
	  "window lets anyone who captured the signed data replay it (for example an old "         \
	  "address after a server move) until the signature expires. It is not an error, and "     \
	  "offline signing sometimes needs it.",                                                   \
	  "At the zone signer, consider a validity of a few weeks with regular re-signing, "       \
	  "unless offline signing requires more.")                                                 \
	X(CS_F_RRSIG_VALIDITY_SHORT, "RRSIG_VALIDITY_SHORT", CS_SEV_NOTICE,                        \
	  "RFC 6781 §4.4.2",                                                                       \
	  "Signature validity period is very short",                                               \
	  "The time from the signature's inception to its expiration is unusually short. Any "     \
	  "outage of the signer or of zone transfers longer than that window makes the zone "      \
	  "fail validation, which leaves little time to react. Short windows are normal for "      \
	  "servers that sign on the fly.",                                                         \
	  "If the zone is signed ahead of time rather than on the fly, lengthen the signature "    \
	  "validity at the zone signer (days to weeks) so a signer outage can be fixed before "    \
	  "signatures expire.")                                                                    \
	X(CS_F_RRSIG_CRYPTO_FAILED, "RRSIG_CRYPTO_FAILED", CS_SEV_ERROR,                           \
	  "RFC 4035 §5.3.3; RFC 4034 §3.1.8.1",                                                    \
	  "Signature does not verify",                                                             \
	  "The signature matches a DNSKEY by key tag and algorithm, but the cryptographic check "  \
	  "fails. Validators reject it, so the RRset is bogus unless another signature over it "   \
	  "verifies. Causes include data changed after signing (by a server or a device "          \
	  "rewriting answers), a signer bug, a DNSKEY that differs from the key that signed, or "  \
	  "corruption in transit.",                                                                \
	  "Re-sign the zone at the zone signer and compare the answers of each server; if only "   \
	  "one server's answers fail, that server or a device in front of it (DNS load "           \
	  "balancer, firewall) is altering the data.")                                             \
	X(CS_F_RRSIG_SIGNER_MISMATCH, "RRSIG_SIGNER_MISMATCH", CS_SEV_ERROR,                       \
	  "RFC 4035 §5.3.1",                                                                       \
	  "Signer name is not the zone apex",                                                      \
	  "The RRSIG's Signer's Name is not the name of the zone that holds the RRset, for "       \
	  "example the parent's name on a child's record, or a signature copied from another "     \
	  "zone. Validators must reject such a signature, so the RRset is bogus unless another "   \
	  "signature over it is valid.",                                                           \
	  "Re-sign the zone with its own keys at the zone signer; check that no records were "     \
	  "pasted in together with RRSIGs from another zone, and that the zone's origin is "       \
	  "configured correctly.")                                                                 \
	X(CS_F_RRSIG_LABELS_INVALID, "RRSIG_LABELS_INVALID", CS_SEV_ERROR,                         \
	  "RFC 4034 §3.1.3; RFC 4035 §5.3.1",                                                      \
	  "Signature Labels field is larger than the owner name allows",                           \
	  "The RRSIG's Labels field is greater than the number of labels in the RRset's owner "    \
	  "name. Validators must reject such a signature, so the RRset is bogus unless another "   \
	  "signature over it is valid. It points to a signer bug, or to a server that builds "     \
	  "wildcard answers incorrectly.",                                                         \
	  "Re-sign the zone with a current version of the signer; if only answers synthesised "    \
	  "from wildcards carry the wrong value, report it to the authoritative server's "         \
	  "vendor.")                                                                               \
	X(CS_F_RRSIG_ORIGINAL_TTL_LOW, "RRSIG_ORIGINAL_TTL_LOW", CS_SEV_WARNING,                   \
	  "RFC 4034 §3.1.4; RFC 4035 §5.3.3",                                                      \
	  "RRset TTL is higher than the signature's Original TTL",                                 \
	  "The RRset is served with a TTL above the Original TTL recorded in its RRSIG. "          \
	  "Validators cap the TTL at the Original TTL, so resolution works, but caches keep the "  \
	  "data for less time than intended. It usually means a TTL was raised without "           \
	  "re-signing, or a server is configured to override TTLs.",                               \
	  "Re-sign the zone at the zone signer after changing TTLs, and remove any TTL override "  \
	  "on the servers or on devices in front of them.")                                        \
	X(CS_F_RRSIG_TTL_BEYOND_EXPIRATION, "RRSIG_TTL_BEYOND_EXPIRATION", CS_SEV_WARNING,         \
	  "RFC 4035 §5.3.3",                                                                       \
	  "TTL reaches past the signature's expiration",                                           \
	  "The RRset's TTL is longer than the time left until its signature expires. Validators "  \
	  "shorten the cache time to the remaining validity, which is harmless in itself, but "    \
	  "it shows that re-signing runs close to expiry: a short signer outage leaves "           \
	  "resolvers with no valid signature to fetch.",                                           \
	  "At the zone signer, refresh signatures earlier (for example when a quarter of their "   \
	  "validity is left) or lower the TTL, so that signatures always outlive the TTL by a "    \
	  "comfortable margin.")                                                                   \
	X(CS_F_RRSIG_LENGTH_INVALID, "RRSIG_LENGTH_INVALID", CS_SEV_ERROR,                         \
	  "RFC 5702 §3; RFC 6605 §4; RFC 8080 §4",                                                 \
	  "Signature length is wrong for its algorithm",                                           \
	  "The signature field does not have the length its algorithm requires: the modulus "      \
	  "length for RSA, 64 or 96 octets for ECDSA P-256 or P-384, 64 octets for Ed25519, 114 "  \
	  "for Ed448. Validators reject it, so the RRset is bogus unless another signature over "  \
	  "it is valid. Truncation in transit, a signer bug, or a key that differs from the one "  \
	  "in the DNSKEY RRset are typical causes.",                                               \
	  "Re-sign the zone at the zone signer; if only one server returns the bad signature, "    \
	  "check that server and any device that could truncate or rewrite its responses.")        \
	X(CS_F_RRSIG_UNKNOWN_KEY, "RRSIG_UNKNOWN_KEY", CS_SEV_ERROR,                               \
	  "RFC 4035 §5.3.1",                                                                       \
	  "Signature made by a key that is not in the DNSKEY RRset",                               \
	  "The signature's key tag and algorithm match no key in the zone's DNSKEY RRset, so "     \
	  "nobody can verify it, and the RRset is bogus unless another signature over it is "      \
	  "valid. Typical causes: a ZSK removed from the DNSKEY RRset while its signatures are "   \
	  "still served, a server with an older copy of the zone, or a multi-signer setup where "  \
	  "one provider's key is missing from the other's DNSKEY RRset.",                          \
	  "At the zone signer, publish the key again until its signatures have expired from "      \
	  "caches, or re-sign with keys that are in the DNSKEY RRset; in multi-signer setups, "    \
	  "add every provider's ZSK to every provider's DNSKEY RRset (RFC 8901).")                 \
	X(CS_F_RRSIG_VALIDATION_LIMIT, "RRSIG_VALIDATION_LIMIT", CS_SEV_ERROR,                     \
	  "RFC 4035 §5.3.1, §5.3.3",                                                               \
	  "Validating the RRset takes more signature checks than validators allow",                \
	  "Checking the signatures over an RRset needed more signature verifications (RRSIGs "     \
	  "times keys with a matching key tag) than validators perform for one RRset; "            \
	  "chainscope stopped there, as they do. Since the KeyTrap attack (CVE-2023-50387) "       \
	  "resolvers cap this work (Unbound tries 8 signatures per RRset, BIND stops after 16 "    \
	  "validations or the first failure per fetch) and answer SERVFAIL when no signature "     \
	  "verified within the cap. Legitimate zones need one or two checks per RRset.",           \
	  "Serve one or two signatures per RRset, each by a key whose tag and algorithm no "       \
	  "other key shares: remove stale signatures and unused keys at the zone signer. If "      \
	  "the server is not yours, treat the answers as an attack on validators.")                \
	/* CNAME and DNAME: aliases and redirection (RFC 1034, RFC 6672) */                        \
	X(CS_F_CNAME_LOOP, "CNAME_LOOP", CS_SEV_ERROR, "RFC 1034 §3.6.2",                          \
	  "The CNAME chain loops back to a name it has already passed",                            \
	  "Following the CNAMEs (or the CNAMEs synthesised from DNAMEs) from the name asked "      \
	  "leads back to a name earlier in the same chain, so the chain never ends in an "         \
	  "answer. Resolvers detect the loop and answer SERVFAIL, however well each record is "    \
	  "signed: the name does not resolve for anyone.",                                         \
	  "Point one of the CNAMEs in the loop at the name that holds the data (the canonical "    \
	  "name), or replace it by the records themselves.")                                       \
	X(CS_F_DNAME_CNAME_MISMATCH, "DNAME_CNAME_MISMATCH", CS_SEV_WARNING,                       \
	  "RFC 6672 §2.2, §3.1, §5.3.1",                                                           \
	  "The CNAME served with a DNAME does not follow the DNAME",                               \
	  "A server answered a name below a DNAME with a CNAME whose target is not the one the "   \
	  "DNAME synthesises (the name's labels above the DNAME owner followed by the DNAME "      \
	  "target). The synthesised CNAME is unsigned and validators trust it only through the "   \
	  "DNAME's signature and the synthesis rule, so they discard the served CNAME and "        \
	  "follow their own synthesis; resolvers that do not validate may follow the served "      \
	  "one, and clients then see different answers.",                                          \
	  "Fix or replace the authoritative server software so that it synthesises CNAMEs "        \
	  "exactly as RFC 6672 section 3.1 says, and remove any record below the DNAME owner "     \
	  "from the zone (DNAME occludes it).")                                                    \
	/* DENIAL: proofs of non-existence (NSEC and NSEC3) */                                     \
	X(CS_F_DENIAL_MISSING, "DENIAL_MISSING", CS_SEV_ERROR,                                     \
	  "RFC 4035 §3.1.3, §5.4; RFC 5155 §7.2",                                                  \
	  "Negative answer without NSEC or NSEC3 proof",                                           \
	  "A signed zone answered NXDOMAIN or NODATA without the signed NSEC or NSEC3 records "    \
	  "that prove the name or type does not exist. Validators cannot tell this from a "        \
	  "forged denial, so they treat it as bogus and return SERVFAIL instead of 'no such "      \
	  "name', which breaks anything that relies on negative answers (mail servers looking "    \
	  "up optional records, for example).",                                                    \
	  "Make sure the zone is signed with NSEC or NSEC3 at the zone signer and that every "     \
	  "server serves the complete signed zone; a server that drops these records, or a "       \
	  "proxy in front of it that is not DNSSEC-aware, has to be fixed or replaced.")           \
	X(CS_F_DENIAL_NOT_COVERING, "DENIAL_NOT_COVERING", CS_SEV_ERROR,                           \
	  "RFC 4035 §5.4; RFC 5155 §8.3, §8.4",                                                    \
	  "NSEC or NSEC3 records do not cover the denied name",                                    \
	  "The answer includes NSEC or NSEC3 records, but none of them matches or covers the "     \
	  "name being denied, or the closest encloser and wildcard the proof needs. The proof "    \
	  "is incomplete, so validators treat the answer as bogus. Usual causes are an NSEC or "   \
	  "NSEC3 chain that no longer fits the zone's contents, or NSEC3 records made with "       \
	  "other parameters than the rest of the chain.",                                          \
	  "Re-sign the zone at the zone signer so the NSEC or NSEC3 chain is rebuilt from the "    \
	  "current contents, and check that every secondary has the new serial; with NSEC3, "      \
	  "check that NSEC3PARAM matches the chain.")                                              \
	X(CS_F_DENIAL_BITMAP_CONTRADICTS, "DENIAL_BITMAP_CONTRADICTS", CS_SEV_ERROR,               \
	  "RFC 4035 §5.4; RFC 5155 §8.5, §8.6",                                                    \
	  "NSEC or NSEC3 type bitmap contradicts the answer",                                      \
	  "The NSEC or NSEC3 record for the name lists in its type bitmap a type that the "        \
	  "answer claims does not exist (or lists CNAME), or leaves out a type the zone does "     \
	  "serve. Validators reject a denial that its own proof contradicts, so the negative "     \
	  "answer is bogus; and a bitmap that leaves out existing types can be replayed to deny "  \
	  "records the zone has.",                                                                 \
	  "Re-sign the zone at the zone signer so bitmaps are regenerated; if records were "       \
	  "added or removed by editing the signed zone directly, make the change in the "          \
	  "unsigned source instead.")                                                              \
	X(CS_F_DENIAL_WILDCARD_GAP, "DENIAL_WILDCARD_GAP", CS_SEV_ERROR,                           \
	  "RFC 4035 §3.1.3, §5.3.4; RFC 5155 §7.2.1, §8.4, §8.8",                                  \
	  "Denial or wildcard answer without the wildcard proof",                                  \
	  "An NXDOMAIN lacks the proof that no wildcard could have matched the name, or an "       \
	  "answer synthesised from a wildcard lacks the proof that the exact name does not "       \
	  "exist. Either way validators treat the answer as bogus. This is typical of servers "    \
	  "that build wildcard responses incorrectly, or of NSEC3 answers missing part of the "    \
	  "closest-encloser proof.",                                                               \
	  "Check the zone's wildcard records and re-sign at the zone signer; if the zone is "      \
	  "right but responses are incomplete, the authoritative server software is at fault: "    \
	  "upgrade it, or report it to its vendor with the response chainscope saved.")            \
	X(CS_F_DENIAL_ANCESTOR_DELEGATION, "DENIAL_ANCESTOR_DELEGATION", CS_SEV_ERROR,             \
	  "RFC 6840 §4.1; RFC 5155 §8.3",                                                          \
	  "Denial uses a record from above a zone cut",                                            \
	  "The answer denies a name or type at or below a delegation with the parent side's "      \
	  "NSEC or NSEC3 record for that delegation (NS bit set, SOA bit clear). Such a record "   \
	  "speaks only for the DS at the cut and must not deny anything in the child zone, so "    \
	  "validators treat the answer as bogus. It usually means a server that hosts both "       \
	  "zones answered from the parent because its copy of the child is missing or expired.",   \
	  "On every server that hosts both the parent and the child, check that the child zone "   \
	  "is loaded and current; fix the child zone's configuration or transfer on that "         \
	  "server.")                                                                               \
	/* NSEC3: hashed denial parameters */                                                      \
	X(CS_F_NSEC3_ITERATIONS, "NSEC3_ITERATIONS", CS_SEV_WARNING,                               \
	  "RFC 9276 §3.1",                                                                         \
	  "NSEC3 uses additional hash iterations",                                                 \
	  "The NSEC3 chain uses an iteration count above 0. RFC 9276 §3.1 requires 0: extra "      \
	  "iterations add no real protection against zone walking but cost every validator CPU "   \
	  "on each negative answer. Validators accept moderate counts today, but RFC 9276 §3.2 "   \
	  "allows them to treat any count above 0 as insecure, or to fail.",                       \
	  "At the zone signer, set the NSEC3 parameters to 1 0 0 - (SHA-1, no flags, 0 "           \
	  "iterations, empty salt); the signer rebuilds the chain, and nothing changes at the "    \
	  "parent.")                                                                               \
	X(CS_F_NSEC3_ITERATIONS_EXCESSIVE, "NSEC3_ITERATIONS_EXCESSIVE", CS_SEV_WARNING,           \
	  "RFC 9276 §3.2, Appendix A; RFC 5155 §10.3",                                             \
	  "NSEC3 iteration count above what validators accept",                                    \
	  "The NSEC3 iteration count is above the limits deployed validators enforce (limits "     \
	  "between 50 and 150 are common in current resolver releases; chainscope uses "           \
	  "--max-nsec3-iterations). Validators such as Unbound and BIND then do not hash at all "  \
	  "and treat the zone's negative answers and its proofs of unsigned delegations as "       \
	  "insecure (RFC 9276 §3.2), and so does chainscope: names still resolve, but the zone "   \
	  "loses DNSSEC protection for them, so a forged NXDOMAIN, NODATA or \"no DS\" is "         \
	  "accepted. RFC 9276 also allows a validator to answer SERVFAIL instead.",                \
	  "At the zone signer, set the NSEC3 parameters to 1 0 0 - (SHA-1, no flags, 0 "           \
	  "iterations, empty salt); the signer rebuilds the chain, and nothing changes at the "    \
	  "parent.")                                                                               \
	X(CS_F_NSEC3_SALT, "NSEC3_SALT", CS_SEV_NOTICE,                                            \
	  "RFC 9276 §2.4, §3.1",                                                                   \
	  "NSEC3 uses a salt",                                                                     \
	  "The NSEC3 chain uses a non-empty salt. RFC 9276 §3.1 advises against one: it gives "    \
	  "no meaningful protection against zone walking, and changing it means rebuilding the "   \
	  "whole chain. Validators are not affected.",                                             \
	  "At the next change of the zone signer's configuration, set the salt to empty "          \
	  "(NSEC3PARAM 1 0 0 -).")                                                                 \
	X(CS_F_NSEC3_OPTOUT, "NSEC3_OPTOUT", CS_SEV_NOTICE,                                        \
	  "RFC 5155 §6; RFC 9276 §3.1",                                                            \
	  "NSEC3 opt-out is in use",                                                               \
	  "The NSEC3 chain has the opt-out flag set, so unsigned delegations are left out of "     \
	  "it. In an opt-out span a denial only proves that no signed delegation exists, so an "   \
	  "attacker can make validators accept a forged unsigned delegation there. This matters "  \
	  "for zones with few delegations, where RFC 9276 §3.1 advises against opt-out; it is "    \
	  "normal for large delegation-centric zones such as TLDs.",                               \
	  "Unless the zone holds many unsigned delegations, turn opt-out off at the zone signer "  \
	  "(NSEC3 flags 0) or switch the zone to NSEC.")                                           \
	X(CS_F_NSEC3_UNSUPPORTED_HASH, "NSEC3_UNSUPPORTED_HASH", CS_SEV_ERROR,                     \
	  "RFC 5155 §8.1",                                                                         \
	  "NSEC3 uses an unknown hash algorithm",                                                  \
	  "The NSEC3 records use a hash algorithm other than SHA-1 (1), the only one defined. "    \
	  "Validators must ignore NSEC3 records with an unknown hash algorithm, so answers "       \
	  "whose proof rests on them are bogus: the zone's negative answers and "                  \
	  "insecure-delegation proofs fail.",                                                      \
	  "Re-sign the zone at the zone signer with NSEC3 hash algorithm 1 (NSEC3PARAM 1 0 0 "     \
	  "-), or with NSEC.")                                                                     \
	/* CDS: child-to-parent DS automation (CDS, CDNSKEY) */                                    \
	X(CS_F_CDS_MISMATCH_DNSKEY, "CDS_MISMATCH_DNSKEY", CS_SEV_WARNING,                         \
	  "RFC 7344 §4.1",                                                                         \
	  "CDS or CDNSKEY refers to no key in the DNSKEY RRset",                                   \
	  "A CDS or CDNSKEY record at the child apex corresponds to no key in the child's "        \
	  "DNSKEY RRset. A parent that polls CDS/CDNSKEY must refuse an update that would break "  \
	  "the delegation, so automated DS updates stop; a parent that applied it would publish "  \
	  "a DS that leads nowhere. Often a leftover of a removed key, or a record added by "      \
	  "hand for a key not yet published.",                                                     \
	  "At the zone signer, publish CDS/CDNSKEY only for keys that are in the DNSKEY RRset; "   \
	  "most signers generate them automatically, so remove records that were added by hand.")  \
	X(CS_F_CDS_CDNSKEY_INCONSISTENT, "CDS_CDNSKEY_INCONSISTENT", CS_SEV_WARNING,               \
	  "RFC 7344 §4; RFC 9975 §3.1",                                                            \
	  "CDS and CDNSKEY RRsets do not match",                                                   \
	  "The child publishes both CDS and CDNSKEY, but they do not describe the same set of "    \
	  "keys. RFC 7344 §4 requires them to match when both are published; a parent that "       \
	  "checks consistency ignores both, so the DS at the parent is not updated.",              \
	  "At the zone signer, generate CDS and CDNSKEY from the same set of keys, and remove "    \
	  "records that were added by hand.")                                                      \
	X(CS_F_CDS_SERVERS_DISAGREE, "CDS_SERVERS_DISAGREE", CS_SEV_WARNING,                       \
	  "RFC 9975 §3.1",                                                                         \
	  "Servers publish different CDS/CDNSKEY RRsets",                                          \
	  "The child's authoritative servers do not all return the same CDS/CDNSKEY records. A "   \
	  "parent must see the same request from every server before acting (RFC 9975), so the "   \
	  "DS update is held back; in multi-provider setups it can mean that one provider has "    \
	  "not updated its records.",                                                              \
	  "Make every server serve the same CDS/CDNSKEY RRsets: fix zone transfers to lagging "    \
	  "secondaries, or coordinate the records between the providers of a multi-signer "        \
	  "setup.")                                                                                \
	X(CS_F_CDS_NOT_SIGNED_BY_SEP, "CDS_NOT_SIGNED_BY_SEP", CS_SEV_WARNING,                     \
	  "RFC 7344 §4.1",                                                                         \
	  "CDS/CDNSKEY not signed by a key that the parent's DS refers to",                        \
	  "The CDS or CDNSKEY RRset has no valid signature from a key that is both in the "        \
	  "DNSKEY RRset and referred to by the current DS. RFC 7344 §4.1 requires exactly that "   \
	  "signature, so a parent that polls CDS/CDNSKEY ignores the request and the DS is not "   \
	  "updated.",                                                                              \
	  "At the zone signer, sign CDS and CDNSKEY with the KSK (the key the current DS refers "  \
	  "to), not only with the ZSK; most signers do so once the key is marked as a KSK.")       \
	X(CS_F_CDS_DELETE_MALFORMED, "CDS_DELETE_MALFORMED", CS_SEV_WARNING,                       \
	  "RFC 8078 §4",                                                                           \
	  "Malformed CDS/CDNSKEY delete request",                                                  \
	  "The child publishes what looks like a request to remove the DS (algorithm 0), but "     \
	  "not in the exact form RFC 8078 §4 defines: 'CDS 0 0 0 00' and/or 'CDNSKEY 0 3 0 "       \
	  "AA==', each alone in its RRset. A parent will not act on a malformed or mixed "         \
	  "request, so the DS stays in place.",                                                    \
	  "At the zone signer, publish exactly 'CDS 0 0 0 00' and/or 'CDNSKEY 0 3 0 AA==' with "   \
	  "no other CDS/CDNSKEY records, signed by the current KSK, and keep the zone signed "     \
	  "until the parent has removed the DS and its TTL has passed.")                           \
	X(CS_F_CDS_CHANGE_PENDING, "CDS_CHANGE_PENDING", CS_SEV_NOTICE,                            \
	  "RFC 7344 §4",                                                                           \
	  "CDS/CDNSKEY ask the parent for a DS change",                                            \
	  "The child's CDS/CDNSKEY records differ from the DS RRset at the parent, so they "       \
	  "request a change. A parent that automates DS maintenance will publish the DS records "  \
	  "chainscope prints; otherwise nothing happens until the DS is updated through the "      \
	  "registrar. This is normal during a KSK rollover.",                                      \
	  "If the parent does not poll CDS/CDNSKEY, submit the printed DS records through the "    \
	  "registrar; if it does, check that the change is the one you intend before the parent "  \
	  "applies it.")                                                                           \
	/* SERVER, SERVERS, DELEGATION: name servers and the delegation */                         \
	X(CS_F_SERVER_TIMEOUT, "SERVER_TIMEOUT", CS_SEV_WARNING,                                   \
	  "RFC 1034 §4.1; RFC 1035 §4.2",                                                          \
	  "Server did not answer in time",                                                         \
	  "A name server listed for the zone did not answer chainscope's queries before the "      \
	  "timeout. Resolvers retry other servers, so resolution usually still works but is "      \
	  "slower, and the zone has lost redundancy; if every server times out, the zone does "    \
	  "not resolve.",                                                                          \
	  "Check that the server is running and reachable on port 53 over UDP and TCP from "       \
	  "outside your network (firewalls, anycast routing, rate limits); if it is gone for "     \
	  "good, remove it from the NS records at the parent (through the registrar) and in the "  \
	  "zone.")                                                                                 \
	X(CS_F_SERVER_UNREACHABLE, "SERVER_UNREACHABLE", CS_SEV_WARNING,                           \
	  "RFC 1034 §4.1; RFC 1035 §4.2",                                                          \
	  "Server unreachable (connection refused or network error)",                              \
	  "Queries to the server failed at once: connection refused, host or network "             \
	  "unreachable. Resolvers move on to other servers, so the zone still resolves if "        \
	  "another server works, but it runs without redundancy. It is common after a server "     \
	  "was decommissioned while still listed in the NS records or glue.",                      \
	  "Bring the server back, or remove its NS record and glue at the parent (through the "    \
	  "registrar) and from the zone's apex NS RRset; check that the glue addresses at the "    \
	  "parent are current.")                                                                   \
	X(CS_F_SERVER_LAME, "SERVER_LAME", CS_SEV_WARNING,                                         \
	  "RFC 1912 §2.8; RFC 9499 §7",                                                            \
	  "Server is not authoritative for the zone (lame delegation)",                            \
	  "The server is listed for the zone but does not answer authoritatively for it: no AA "   \
	  "flag, a referral elsewhere, or an answer from a cache. Resolvers that reach it waste "  \
	  "time and move on; if it is the only server that responds, the zone does not resolve. "  \
	  "It typically follows a move to a new DNS provider with the old servers still listed.",  \
	  "Either set the zone up on that server (as primary or secondary), or remove the "        \
	  "server from the NS records at the parent (through the registrar) and in the zone's "    \
	  "apex NS RRset.")                                                                        \
	X(CS_F_SERVER_REFUSED, "SERVER_REFUSED", CS_SEV_WARNING,                                   \
	  "RFC 1035 §4.1.1",                                                                       \
	  "Server refused the query (REFUSED)",                                                    \
	  "The server answered with RCODE REFUSED. Most often it does not host the zone (a lame "  \
	  "delegation), but an access list or response rate limiting can also cause it. "          \
	  "Resolvers move on to other servers; the zone loses redundancy, and does not resolve "   \
	  "if every server refuses.",                                                              \
	  "If the server should host the zone, add the zone to it or fix its query ACL; "          \
	  "otherwise remove it from the NS records at the parent (through the registrar) and in "  \
	  "the zone.")                                                                             \
	X(CS_F_SERVER_SERVFAIL, "SERVER_SERVFAIL", CS_SEV_WARNING,                                 \
	  "RFC 1035 §4.1.1",                                                                       \
	  "Server returned SERVFAIL for its own zone",                                             \
	  "The server answered SERVFAIL for data in a zone it is listed for. An authoritative "    \
	  "server does this when the zone failed to load, or when a secondary's copy expired "     \
	  "after it lost contact with the primary. Resolvers try other servers; if all of them "   \
	  "fail, the zone is down.",                                                               \
	  "Read that server's logs for the zone: fix the load error on the primary, or the "       \
	  "transfer from the primary (NOTIFY, ACLs, TSIG) on a secondary, then reload.")           \
	X(CS_F_SERVER_MALFORMED, "SERVER_MALFORMED", CS_SEV_WARNING,                               \
	  "RFC 1035 §4.1",                                                                         \
	  "Server sent an unparsable response",                                                    \
	  "A response from the server could not be parsed as a DNS message, or does not match "    \
	  "the query (ID or question section). Resolvers discard such responses and try "          \
	  "elsewhere. Causes include broken server software, middleboxes that rewrite DNS, or "    \
	  "an attack; chainscope keeps the raw bytes in the capture.",                             \
	  "Query the server from another network to rule out a middlebox on your side; if the "    \
	  "server itself is at fault, upgrade it or report it to its vendor with the saved "       \
	  "capture.")                                                                              \
	X(CS_F_SERVER_TCP_FAILED, "SERVER_TCP_FAILED", CS_SEV_WARNING,                             \
	  "RFC 7766 §5; RFC 1035 §4.2.2",                                                          \
	  "Truncated over UDP, and the TCP retry failed",                                          \
	  "The server set the TC flag on a UDP answer, meaning the answer is too large for UDP, "  \
	  "but the retry over TCP failed. Resolvers then cannot get that answer from this "        \
	  "server at all; large answers such as DNSKEY RRsets during a key rollover are the "      \
	  "first to suffer. RFC 7766 §5 requires authoritative servers to support TCP.",           \
	  "Allow TCP port 53 to the server in every firewall and load balancer in front of it, "   \
	  "and check that the server itself accepts TCP.")                                         \
	X(CS_F_SERVER_QUERY_TIMEOUT, "SERVER_QUERY_TIMEOUT", CS_SEV_WARNING,                       \
	  "RFC 6891 §6.2.5, §7; RFC 7766 §5; RFC 8085 §3.2",                                        \
	  "Server answers some queries for the zone but not others",                               \
	  "The server answered some of chainscope's queries for the zone (its SOA, say) and "     \
	  "never answered others over UDP. When the unanswered one is the DNSKEY query, the "     \
	  "usual cause is the size of the answer: a DNSKEY RRset with its signatures is often "   \
	  "larger than a network path carries in one packet, and the IP fragments, or any DNS "   \
	  "packet above 512 octets, are dropped by a firewall on the way. Resolvers that ask "    \
	  "this server for those records time out and try another; when every server drops "      \
	  "them, validators cannot get the keys and every answer of the zone fails. chainscope "  \
	  "then leaves the zone indeterminate: it cannot see what the server would answer.",      \
	  "Limit the server's EDNS UDP answers to 1232 octets (DNS Flag Day 2020; BIND "          \
	  "max-udp-size, NSD ipv4-edns-size, Knot udp-max-payload) so that large answers come "   \
	  "truncated and are retried over TCP, keep TCP port 53 open, and remove the firewall "   \
	  "rule that drops IP fragments or DNS packets above 512 octets; check with dig "          \
	  "+dnssec +bufsize=4096 @SERVER ZONE DNSKEY from outside your network.")                  \
	X(CS_F_SERVER_EDNS_DOWNGRADE, "SERVER_EDNS_DOWNGRADE", CS_SEV_ERROR,                       \
	  "RFC 4035 §3, §3.1; RFC 6891 §7",                                                        \
	  "Server answers only without EDNS or without the DO bit",                                \
	  "The server fails, times out or returns FORMERR on queries with EDNS or with the DO "    \
	  "bit set, and answers only plain DNS queries, which carry no signatures. Current "       \
	  "resolvers no longer fall back to plain DNS, so they cannot get signed answers from "    \
	  "this server: for a signed zone that means failed or bogus lookups for clients whose "   \
	  "resolver picks it.",                                                                    \
	  "Upgrade the server software, or fix the firewall or load balancer in front of it "      \
	  "that drops EDNS queries (typically one that filters the OPT record or UDP answers "     \
	  "above 512 bytes).")                                                                     \
	X(CS_F_SERVERS_SOA_SERIAL_DIFFER, "SERVERS_SOA_SERIAL_DIFFER", CS_SEV_WARNING,             \
	  "RFC 1034 §4.3.5",                                                                       \
	  "Servers serve different SOA serials",                                                   \
	  "The zone's servers return different SOA serial numbers, so they serve different "       \
	  "versions of the zone. A short difference is normal right after a change; a lasting "    \
	  "one means a secondary has stopped transferring and will end up serving outdated "       \
	  "records and expired signatures.",                                                       \
	  "On the lagging secondary, check the zone transfer from the primary (NOTIFY, transfer "  \
	  "ACLs, TSIG keys, refresh timers) and force a transfer; on the primary, check that "     \
	  "the serial increases with every change.")                                               \
	X(CS_F_SERVERS_RRSIG_DIFFER, "SERVERS_RRSIG_DIFFER", CS_SEV_WARNING,                       \
	  "RFC 1034 §4.3.5",                                                                       \
	  "Servers serve different signatures for the same data",                                  \
	  "The zone's servers return different RRSIGs for the same RRset, so they hold "           \
	  "differently signed copies. A secondary with an old copy keeps serving its signatures "  \
	  "until they expire, and then resolvers that reach it fail; in multi-signer setups it "   \
	  "can also mean the providers' signers are not coordinated.",                             \
	  "Find the server with the older signatures (compare SOA serials and signature "          \
	  "inception times) and fix its zone transfer; in multi-signer setups, check each "        \
	  "provider's signer.")                                                                    \
	X(CS_F_DELEGATION_NS_MISMATCH, "DELEGATION_NS_MISMATCH", CS_SEV_WARNING,                   \
	  "RFC 1034 §4.2.2; RFC 2181 §5.4.1",                                                      \
	  "Parent and child NS sets differ",                                                       \
	  "The NS records at the parent (the delegation) differ from the NS RRset at the "         \
	  "child's apex. Resolvers use one set or the other depending on software and cache "      \
	  "state, so a server listed on one side only is used inconsistently, and a "              \
	  "decommissioned server left on one side causes failures that are hard to reproduce.",    \
	  "Decide on the correct set of servers, then make the NS records at the parent "          \
	  "(through the registrar) and the apex NS RRset in the zone list the same names.")        \
	X(CS_F_DELEGATION_GLUE_MISMATCH, "DELEGATION_GLUE_MISMATCH", CS_SEV_WARNING,               \
	  "RFC 1034 §4.2.2; RFC 9471 §2",                                                          \
	  "Glue at the parent differs from the server's own address records",                      \
	  "For a name server inside the delegated zone, the A or AAAA glue at the parent "         \
	  "differs from the A or AAAA records that the child zone publishes for that name. "       \
	  "Resolvers reach the server through the glue first, so they may query an old address "   \
	  "that no longer serves the zone.",                                                       \
	  "Update the glue (the host object) at the registrar to the server's current "            \
	  "addresses, or correct the A/AAAA records in the zone if those are the stale ones.")     \
	X(CS_F_DELEGATION_GLUE_MISSING, "DELEGATION_GLUE_MISSING", CS_SEV_ERROR,                   \
	  "RFC 1034 §4.2.1; RFC 9471 §3.1",                                                        \
	  "In-domain name server without glue",                                                    \
	  "A name server's name lies inside the zone it serves (ns1.example.com for "              \
	  "example.com), but the parent gives no A or AAAA glue for it. Resolvers cannot find "    \
	  "the server's address without already resolving the zone, so that server is unusable; "  \
	  "if every name server is affected, the zone does not resolve at all.",                   \
	  "Register the server's addresses as glue (a host object) at the registrar, or use "      \
	  "name servers whose names lie outside the zone.")                                        \
	/* PROBE: limits of chainscope's own collection */                                         \
	X(CS_F_PROBE_LIMIT_REACHED, "PROBE_LIMIT_REACHED", CS_SEV_WARNING,                         \
	  "none",                                                                                  \
	  "A probe limit cut the collection short",                                                \
	  "chainscope stopped collecting or checking before it had everything it wanted, "         \
	  "because a limit on queries, referrals, CNAME links, servers, time, response size or "   \
	  "signature verifications per analysis was reached. The verdict rests on partial data: "  \
	  "problems may be missing from the report, although the findings that are listed are "    \
	  "real.",                                                                                 \
	  "Re-run with higher probe limits (see the command's options), or probe one zone at a "   \
	  "time if the chain really has that many servers or names to check.")                     \
	X(CS_F_PROBE_ADDRESS_SKIPPED, "PROBE_ADDRESS_SKIPPED", CS_SEV_NOTICE,                       \
	  "none",                                                                                  \
	  "A server address was not asked (-4 or -6)",                                             \
	  "The command line limited the probe to one address family (-4: IPv4 only, -6: IPv6 "     \
	  "only), so the zone's addresses of the other family were not asked. What they serve "   \
	  "is not in the report; if a zone had no address of the family asked, its part of the "   \
	  "chain is indeterminate.",                                                               \
	  "Re-run without -4 or -6 from a network that reaches both address families to check "    \
	  "every server.")                                                                         \
	X(CS_F_PROBE_INCOMPLETE, "PROBE_INCOMPLETE", CS_SEV_ERROR,                                 \
	  "RFC 1034 §4.1",                                                                         \
	  "No server of a zone gave a usable answer",                                              \
	  "For one zone in the chain, none of its servers returned a usable answer (timeouts, "    \
	  "refusals, lame or malformed responses), so chainscope cannot evaluate that link and "   \
	  "the verdict is incomplete. If resolvers fare the same, the zone does not resolve at "   \
	  "all. The per-server findings explain each failure.",                                    \
	  "Fix at least one of the zone's servers, following the per-server findings; if "         \
	  "chainscope's own network is the problem (no IPv6, port 53 filtered), re-run from "      \
	  "another network.")
/* clang-format on */

typedef enum {
#define CS_FINDING_ENUM(id, code, sev, rfc, title, meaning, fix) id,
	CS_FINDINGS(CS_FINDING_ENUM)
#undef CS_FINDING_ENUM
	    CS_F_COUNT
} cs_finding_code;

/* One catalogue entry; every string is static and non-empty. */
typedef struct {
	cs_finding_code id;
	const char *code; /* stable identifier, e.g. "DS_DIGEST_MISMATCH" */
	cs_severity severity;
	const char *rfc;     /* e.g. "RFC 4034 §5.1.4; RFC 4035 §5.2", or "none" */
	const char *title;   /* one line */
	const char *meaning; /* two to four sentences for the operator */
	const char *fix;     /* what to change, and at which party */
} cs_finding_info;

/* The entry for id; NULL if id is not a valid cs_finding_code. */
const cs_finding_info *cs_finding_info_get(cs_finding_code id);

/* The entry whose code is exactly code (case-sensitive); NULL if code is NULL
 * or no finding has that code. */
const cs_finding_info *cs_finding_info_by_code(const char *code);

/* "error", "warning" or "notice"; "unknown" for a value outside cs_severity
 * (never NULL). */
const char *cs_severity_str(cs_severity s);

/* Number of findings in the catalogue (CS_F_COUNT). */
size_t cs_finding_count(void);

/* Where a finding belongs in a picture of the chain. */
typedef enum {
	CS_PLACE_ZONE = 0, /* the zone as a whole: servers, denial parameters, probe */
	CS_PLACE_DS,	   /* the DS link into the zone (or its absence) */
	CS_PLACE_KEYS,	   /* the zone's keys (the one its subject names, else the KSKs) */
	CS_PLACE_RECORD,   /* the RRset its subject names ("owner TYPE") */
} cs_finding_place;

/* The place of a finding code, by its group: DS_ the DS link; DNSKEY_ and
 * ALGORITHM_ the keys; RRSIG_, DENIAL_ and CDS_ the RRset; the others
 * (NSEC3_ parameters, SERVER_, SERVERS_, DELEGATION_, PROBE_) the zone. */
cs_finding_place cs_finding_place_of(cs_finding_code id);

#endif
