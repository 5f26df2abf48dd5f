/*
 * denial.h - proofs of nonexistence: do the NSEC (RFC 4034 §4, RFC 4035
 * §5.4, RFC 6840 §4.1/§4.3/§4.4) or NSEC3 (RFC 5155 §8, RFC 9276) records
 * of a response prove what the response claims?
 *
 * Signatures are not checked here: the caller passes the NSEC/NSEC3 records
 * it has decided to trust (normally those whose RRSIGs validated) and this
 * module says whether they prove the claim, which names they establish and
 * which record proves what. The work is bounded: at most
 * CS_DENIAL_MAX_RECORDS records are examined, each name is hashed at most
 * once (qname's ancestors and at most one wildcard), and nothing at all is
 * hashed when the NSEC3 iteration count exceeds the caller's limit.
 */
#ifndef CS_DENIAL_H
#define CS_DENIAL_H

#include "dns/msg.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NSEC/NSEC3 records beyond this many in one call are ignored; a real
 * response carries a handful. */
#define CS_DENIAL_MAX_RECORDS 64

/* What the response claims, and so what the records must prove. */
typedef enum {
	/* qname does not exist, and no wildcard could have produced it
	 * (RFC 4035 §5.4, RFC 5155 §8.4). */
	CS_CLAIM_NXDOMAIN,
	/* qname exists (possibly as an empty non-terminal) or a wildcard
	 * matches it, and it has no qtype RRset (RFC 4035 §5.4, RFC 5155
	 * §8.5-§8.7). */
	CS_CLAIM_NODATA,
	/* qname is a delegation point without DS, so the child is unsigned:
	 * a matching record with NS and neither DS nor SOA, or (NSEC3) an
	 * Opt-Out span covering the next closer name (RFC 6840 §4.4, RFC 5155
	 * §8.6). qname is the owner of the delegation's NS RRset; qtype is
	 * ignored. */
	CS_CLAIM_NO_DS,
	/* A positive answer was synthesised from a wildcard (its RRSIG's
	 * Labels field is below the owner's label count): qname itself must
	 * not exist below the wildcard's closest encloser (RFC 4035 §5.3.4,
	 * RFC 5155 §8.8). qtype is ignored; rrsig_labels is required. */
	CS_CLAIM_WILDCARD,
} cs_claim;

/* Verdicts: X-macro of code, stable token, one-line meaning. */
#define CS_PROOF_STATUSES(X)                                                                       \
	X(CS_PROOF_OK, "ok", "the records prove the claim")                                        \
	X(CS_PROOF_MISSING, "missing", "no NSEC or NSEC3 records were given")                      \
	X(CS_PROOF_NOT_COVERING, "not-covering",                                                   \
	  "the records do not match or cover the names they must")                                 \
	X(CS_PROOF_BITMAP_CONTRADICTS, "bitmap-contradicts",                                       \
	  "the matching record lists the queried type or CNAME")                                   \
	X(CS_PROOF_WILDCARD_GAP, "wildcard-gap",                                                   \
	  "the wildcard at the closest encloser is not proven absent, or not matched")             \
	X(CS_PROOF_NO_CLOSEST_ENCLOSER, "no-closest-encloser",                                     \
	  "no NSEC3 record establishes a closest encloser")                                        \
	X(CS_PROOF_DELEGATION_BITMAP, "delegation-bitmap",                                         \
	  "the matching record does not show an unsigned delegation")                              \
	X(CS_PROOF_ANCESTOR_DELEGATION, "ancestor-delegation",                                     \
	  "a record from a delegation point or DNAME is used to deny data below or at it")         \
	X(CS_PROOF_UNSUPPORTED, "unsupported",                                                     \
	  "unknown NSEC3 hash algorithm or flags, or mixed NSEC3 parameters")                      \
	X(CS_PROOF_ITERATIONS, "iterations",                                                       \
	  "NSEC3 iterations above the limit: a validator treats the answer as insecure")           \
	X(CS_PROOF_MALFORMED, "malformed", "the records are malformed")                            \
	X(CS_PROOF_BAD_QUERY, "bad-query",                                                         \
	  "the question does not fit the claim (name outside the zone, impossible label count)")

typedef enum {
#define CS_PROOF_ENUM(code, token, text) code,
	CS_PROOF_STATUSES(CS_PROOF_ENUM)
#undef CS_PROOF_ENUM
	    CS_PROOF_STATUS_COUNT
} cs_proof_status;

/* The outcome of one check. Names are unset (len 0) and indices -1 unless
 * the check got far enough to establish them; they are filled on failures
 * too, so a report can show how far the proof went. */
typedef struct {
	cs_proof_status status;
	bool nsec3;		  /* the NSEC3 rules were applied (else NSEC) */
	bool optout;		  /* NSEC3: the record covering the next closer name has the
				     Opt-Out flag (RFC 5155 §6), so an unsigned delegation may
				     exist in its span; an OK proof then shows the answer is
				     insecure, not that the name is absent */
	cs_name closest_encloser; /* longest existing ancestor of qname; for
				     CS_CLAIM_WILDCARD the one the Labels field
				     implies */
	cs_name next_closer;	  /* the ancestor of qname one label below the
				     closest encloser */
	cs_name wildcard;	  /* "*." + closest encloser */
	int match;		  /* index in records[] of the record owned by qname
				     (NODATA, NO_DS), or, with NSEC3, of the one
				     matching the closest encloser; -1 if none */
	int cover_name;		  /* index of the record covering qname (NSEC) or the
				     next closer name (NSEC3); -1 if none */
	int cover_wildcard;	  /* index of the record covering the wildcard
				     (NXDOMAIN) or matching it (wildcard NODATA); -1 */
	uint16_t iterations;	  /* NSEC3 parameters of the records used */
	uint8_t salt_len;
	char detail[256]; /* one sentence for an operator: what is proven or
			     what is missing, names in presentation format */
} cs_proof;

/* Check that records (the NSEC or NSEC3 RRs of the response; NULL entries
 * and other types are ignored) prove claim for qname/qtype in zone.
 *
 * rrsig_labels is the Labels field of the answer's RRSIG for
 * CS_CLAIM_WILDCARD (it fixes the wildcard's closest encloser, RFC 4035
 * §5.3.2) and is ignored for the other claims. max_iterations is the NSEC3
 * iteration limit (e.g. 150; RFC 9276 §3.2): records above it are not hashed
 * at all and give CS_PROOF_ITERATIONS.
 *
 * When NSEC and NSEC3 records are both given, the NSEC rules are tried
 * first and the NSEC3 result is returned if they fail. Malformed records,
 * records of other zones, NSEC3 records with a hash algorithm other than 1
 * or flags other than 0/1 (RFC 5155 §8.1/§8.2) are skipped.
 *
 * Returns the proof: CS_PROOF_OK when the claim is proven (check optout);
 * CS_PROOF_BAD_QUERY when qname or zone is NULL or empty, qname is not at
 * or below zone, the claim is unknown, records is NULL with n > 0, or (for
 * CS_CLAIM_WILDCARD) rrsig_labels is not below qname's label count or is
 * below zone's; CS_PROOF_MISSING when no NSEC/NSEC3 record was given,
 * CS_PROOF_MALFORMED when all given were malformed, CS_PROOF_UNSUPPORTED
 * when none has a usable algorithm or the NSEC3 parameters differ,
 * CS_PROOF_NOT_COVERING when all belong to another zone; otherwise the
 * first rule the records fail. Never fails in any other way. The only
 * allocation is a small buffer for base32hex decoding of NSEC3 owner
 * names; should it fail, those records count as malformed and the detail
 * says "out of memory". */
cs_proof cs_denial_check(cs_claim claim, const cs_name *qname, uint16_t qtype, uint8_t rrsig_labels,
			 const cs_name *zone, const cs_rr *const *records, size_t n,
			 unsigned max_iterations);

/* Stable lowercase token of a status ("ok", "not-covering", ...);
 * "unknown" for a value outside the enum. Never NULL. */
const char *cs_proof_status_str(cs_proof_status s);

/* One-line meaning of a status; "unknown status" outside the enum. */
const char *cs_proof_status_text(cs_proof_status s);

/* Stable token of a claim: "nxdomain", "nodata", "no-ds", "wildcard";
 * "unknown" outside the enum. Never NULL. */
const char *cs_claim_str(cs_claim c);

#endif
