/*
 * denial_rules.h - internal to core/dnssec's denial proofs: the table of
 * parsed NSEC/NSEC3 records one proof works on, the rules NSEC and NSEC3
 * share (denial.c), and the two families' checks (nsec.c: RFC 4035 §5.4,
 * RFC 6840 §4; nsec3.c: RFC 5155 §8, RFC 9276). Not part of the public
 * API: include denial.h for that.
 */
#ifndef CS_DENIAL_RULES_H
#define CS_DENIAL_RULES_H

#include "base/buf.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dnssec/denial.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_LEN   20  /* SHA-1, the only NSEC3 hash algorithm (RFC 5155 §11) */
#define MAX_LABELS 128 /* a 255-octet name has at most 127 labels */

typedef struct {
	int index; /* in the caller's records[] */
	const cs_name *owner;
	cs_nsec_view v;
} nsec_rec;

typedef struct {
	int index;
	const cs_name *owner;
	cs_nsec3_view v;
	uint8_t hash[HASH_LEN]; /* the owner's first label, base32hex-decoded */
} nsec3_rec;

typedef struct {
	const cs_name *qname;
	const cs_name *zone;
	unsigned qlabels, zlabels;
	uint16_t qtype;
	uint8_t rrsig_labels;
	unsigned max_iterations;

	nsec_rec nsec[CS_DENIAL_MAX_RECORDS];
	size_t n_nsec;
	nsec3_rec nsec3[CS_DENIAL_MAX_RECORDS];
	size_t n_nsec3;
	size_t n_given;	    /* NSEC/NSEC3 records seen, usable or not */
	size_t n_malformed; /* RDATA or owner malformed */
	size_t n_unknown;   /* NSEC3 with an unknown hash algorithm or flags */
	size_t n_foreign;   /* owner outside the zone */
	bool oom;
	cs_buf buf; /* scratch for base32hex */

	/* NSEC3 parameters shared by all records (checked before hashing). */
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;

	/* NSEC3 hashes of qname's ancestor with k labels, and of "*." + it. */
	uint8_t anc[MAX_LABELS][HASH_LEN];
	uint8_t wc[MAX_LABELS][HASH_LEN];
	bool have_anc[MAX_LABELS];
	bool have_wc[MAX_LABELS];
} dn_ctx;

/* The wildcard label "*". */
extern const uint8_t dn_star_label[1];

/* A proof with no verdict yet. */
void dn_proof_init(cs_proof *p);

/* Set status and detail; returns status so rules can "return dn_verdict(...)". */
cs_proof_status dn_verdict(cs_proof *p, cs_proof_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Presentation form of a name into buf; returns buf. */
const char *dn_name(const cs_name *n, char buf[CS_NAME_TEXT_MAX]);

/* Does a (well-formed) type bitmap list type? */
bool dn_has(const uint8_t *bitmap, size_t len, uint16_t type);

/* Is name below parent, and not parent itself? */
bool dn_strictly_below(const cs_name *name, const cs_name *parent);

/* Number of trailing labels a and b share (case-insensitively). */
unsigned dn_common_labels(const cs_name *a, const cs_name *b);

/* RFC 6840 §4.1: a record owned by a delegation point (NS without SOA) or a
 * DNAME cannot speak for names below its owner. */
bool dn_is_cut(const uint8_t *bitmap, size_t len);

/* closest_encloser, next_closer and wildcard from the encloser's label count. */
void dn_set_names(const dn_ctx *c, cs_proof *p, unsigned ce_labels);

/* NODATA rules on the bitmap of the record matching qname (or the
 * wildcard): shared by NSEC and NSEC3. */
cs_proof_status dn_nodata_bitmap(const dn_ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
				 const cs_name *name, const char *kind, bool at_qname);

/* RFC 6840 §4.4: the record at a delegation without DS lists NS, and
 * neither DS nor SOA. Shared by NSEC and NSEC3. */
cs_proof_status dn_unsigned_delegation(const dn_ctx *c, cs_proof *p, const uint8_t *bm, size_t len,
				       const char *kind);

/* The claim checked with the NSEC records of c (nsec.c). */
cs_proof_status dn_nsec_check(const dn_ctx *c, cs_claim claim, cs_proof *p);

/* The claim checked with the NSEC3 records of c, hashing as needed
 * (nsec3.c). */
cs_proof_status dn_nsec3_check(dn_ctx *c, cs_claim claim, cs_proof *p);

#endif
