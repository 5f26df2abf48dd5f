/*
 * test_denial - core/denial against the published examples: the NSEC
 * responses of RFC 4035 Appendix B over the zone of its Appendix A, and the
 * NSEC3 responses of RFC 5155 Appendix B over the zone of its Appendix A
 * (SHA-1, 12 iterations, salt aabbccdd, every record with Opt-Out set).
 * Each case passes exactly the NSEC/NSEC3 records of the RFC's authority
 * section. Then the same responses with records removed or altered, one
 * rule at a time, and hostile input (garbage RDATA, huge iteration counts).
 */
#include "dnssec/denial.h"

#include "dns/rdata.h"
#include "text/zonefile.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* RFC 4035 Appendix A: the NSEC records of the signed zone "example."
 * (RRSIGs and all other data left out). */
static const char rfc4035_nsec[] = "example. 3600 NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY\n"
				   "a.example. 3600 IN NSEC ai.example. NS DS RRSIG NSEC\n"
				   "ai.example. 3600 IN NSEC b.example. A HINFO AAAA RRSIG NSEC\n"
				   "b.example. 3600 IN NSEC ns1.example. NS RRSIG NSEC\n"
				   "ns1.example. 3600 IN NSEC ns2.example. A RRSIG NSEC\n"
				   "ns2.example. 3600 IN NSEC *.w.example. A RRSIG NSEC\n"
				   "*.w.example. 3600 IN NSEC x.w.example. MX RRSIG NSEC\n"
				   "x.w.example. 3600 IN NSEC x.y.w.example. MX RRSIG NSEC\n"
				   "x.y.w.example. 3600 IN NSEC xx.example. MX RRSIG NSEC\n"
				   "xx.example. 3600 IN NSEC example. A HINFO AAAA RRSIG NSEC\n";

/* RFC 5155 Appendix A: the NSEC3 records of the signed zone "example."
 * (RRSIGs and all other data left out). Hashes, from the same appendix:
 *   H(example)       = 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom
 *   H(a.example)     = 35mthgpgcu1qg68fab165klnsnk3dpvl
 *   H(ai.example)    = gjeqe526plbf1g8mklp59enfd789njgi
 *   H(ns1.example)   = 2t7b4g4vsa5smi47k61mv5bv1a22bojr
 *   H(ns2.example)   = q04jkcevqvmu85r014c7dkba38o0ji5r
 *   H(w.example)     = k8udemvp1j2f7eg6jebps17vp3n8i58h
 *   H(*.w.example)   = r53bq7cc2uvmubfu5ocmm6pers9tk9en
 *   H(x.w.example)   = b4um86eghhds6nea196smvmlo4ors995
 *   H(y.w.example)   = ji6neoaepv8b5o6k4ev33abha8ht9fgc
 *   H(x.y.w.example) = 2vptu5timamqttgl4luu9kg21e0aor3s
 *   H(xx.example)    = t644ebqk9bibcna874givr6joj62mlhv
 * and from Appendix B: H(c.x.w.example) = 0va5bpr2ou0vk0lbqeeljri88laipsfh,
 * H(*.x.w.example) = 92pqneegtaue7pjatc3l3qnk738c6v5m, H(c.example) =
 * 4g6p9u5gvfshp30pqecj98b3maqbn1ck, H(z.w.example) =
 * qlu7gtfaeh0ek0c05ksfhdpbcgglbe03. */
static const char rfc5155_nsec3[] =
    "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd (\n"
    "	2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS\n"
    "	SOA NSEC3PARAM RRSIG )\n"
    "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. NSEC3 1 1 12 aabbccdd (\n"
    "	2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG )\n"
    "2vptu5timamqttgl4luu9kg21e0aor3s.example. NSEC3 1 1 12 aabbccdd (\n"
    "	35mthgpgcu1qg68fab165klnsnk3dpvl MX RRSIG )\n"
    "35mthgpgcu1qg68fab165klnsnk3dpvl.example. NSEC3 1 1 12 aabbccdd (\n"
    "	b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )\n"
    "b4um86eghhds6nea196smvmlo4ors995.example. NSEC3 1 1 12 aabbccdd (\n"
    "	gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG )\n"
    "gjeqe526plbf1g8mklp59enfd789njgi.example. NSEC3 1 1 12 aabbccdd (\n"
    "	ji6neoaepv8b5o6k4ev33abha8ht9fgc A HINFO AAAA\n"
    "	RRSIG )\n"
    "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. NSEC3 1 1 12 aabbccdd (\n"
    "	k8udemvp1j2f7eg6jebps17vp3n8i58h )\n"
    "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. NSEC3 1 1 12 aabbccdd (\n"
    "	kohar7mbb8dc2ce8a9qvl8hon4k53uhi )\n"
    "kohar7mbb8dc2ce8a9qvl8hon4k53uhi.example. NSEC3 1 1 12 aabbccdd (\n"
    "	q04jkcevqvmu85r014c7dkba38o0ji5r A RRSIG )\n"
    "q04jkcevqvmu85r014c7dkba38o0ji5r.example. NSEC3 1 1 12 aabbccdd (\n"
    "	r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG )\n"
    "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. NSEC3 1 1 12 aabbccdd (\n"
    "	t644ebqk9bibcna874givr6joj62mlhv MX RRSIG )\n"
    "t644ebqk9bibcna874givr6joj62mlhv.example. NSEC3 1 1 12 aabbccdd (\n"
    "	0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A HINFO AAAA\n"
    "	RRSIG )\n";

/* Owners of the RFC 5155 records, by the name they stand for. */
#define N3_EXAMPLE "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example."
#define N3_NS1	   "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."
#define N3_XYW	   "2vptu5timamqttgl4luu9kg21e0aor3s.example."
#define N3_A	   "35mthgpgcu1qg68fab165klnsnk3dpvl.example."
#define N3_XW	   "b4um86eghhds6nea196smvmlo4ors995.example."
#define N3_AI	   "gjeqe526plbf1g8mklp59enfd789njgi.example."
#define N3_YW	   "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example."
#define N3_W	   "k8udemvp1j2f7eg6jebps17vp3n8i58h.example."
#define N3_NS2	   "q04jkcevqvmu85r014c7dkba38o0ji5r.example."
#define N3_STARW   "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example."
#define N3_XX	   "t644ebqk9bibcna874givr6joj62mlhv.example."

#define LIMIT 150 /* RFC 9276 §3.2 suggests validators go insecure above 150 */

/* --- Fixture and helpers ---------------------------------------------------------- */

typedef struct {
	cs_arena a;
	cs_rrlist nsec;	 /* RFC 4035 Appendix A */
	cs_rrlist nsec3; /* RFC 5155 Appendix A */
	cs_name zone;
} fixture;

static cs_name name(const char *text)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(text, strlen(text), NULL, &n), CS_OK);
	return n;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	cs_arena_init(&f->a);
	cs_zone_error e;
	cs_name origin = name("example.");
	if (cs_zone_parse(rfc4035_nsec, strlen(rfc4035_nsec), &origin, 3600, &f->a, &f->nsec, &e) !=
		CS_OK ||
	    cs_zone_parse(rfc5155_nsec3, strlen(rfc5155_nsec3), &origin, 3600, &f->a, &f->nsec3,
			  &e) != CS_OK)
		return -1;
	f->zone = origin;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	cs_rrlist_free(&f->nsec);
	cs_rrlist_free(&f->nsec3);
	cs_arena_clear(&f->a);
	free(f);
	return 0;
}

/* The record owned by owner in list l. */
static const cs_rr *rr_at(const cs_rrlist *l, const char *owner)
{
	cs_name n = name(owner);
	for (size_t i = 0; i < l->n; i++)
		if (cs_name_equal(&l->v[i].owner, &n))
			return &l->v[i];
	fail_msg("no record at %s", owner);
	return NULL;
}

/* Parse one extra record; it lives in the fixture's arena until teardown. */
static const cs_rr *extra(fixture *f, const char *line)
{
	cs_zone_error e;
	cs_rr rr;
	assert_int_equal(cs_rr_from_text(line, &f->zone, &f->a, &rr, &e), CS_OK);
	const cs_rr *copy = cs_arena_memdup(&f->a, &rr, sizeof(rr));
	assert_non_null(copy);
	return copy;
}

#define OWNERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define MAXREC	    80

/* Check claim with the records of l owned by owners (in that order, so
 * proof indices are positions in owners). */
static cs_proof prove_in(const fixture *f, const cs_rrlist *l, cs_claim claim, const char *qname,
			 uint16_t qtype, uint8_t labels, const char *const *owners)
{
	const cs_rr *recs[MAXREC];
	size_t n = 0;
	for (; owners[n] != NULL; n++)
		recs[n] = rr_at(l, owners[n]);
	cs_name q = name(qname);
	return cs_denial_check(claim, &q, qtype, labels, &f->zone, recs, n, LIMIT);
}

static cs_proof prove(const fixture *f, cs_claim claim, const char *qname, uint16_t qtype,
		      uint8_t labels, const char *const *owners)
{
	return prove_in(f, &f->nsec, claim, qname, qtype, labels, owners);
}

static cs_proof prove3(const fixture *f, cs_claim claim, const char *qname, uint16_t qtype,
		       uint8_t labels, const char *const *owners)
{
	return prove_in(f, &f->nsec3, claim, qname, qtype, labels, owners);
}

/* Check claim with explicit records. */
static cs_proof prove_rrs(const fixture *f, cs_claim claim, const char *qname, uint16_t qtype,
			  uint8_t labels, const cs_rr *const *recs, size_t n, unsigned limit)
{
	cs_name q = name(qname);
	return cs_denial_check(claim, &q, qtype, labels, &f->zone, recs, n, limit);
}

#define assert_status(p, s)                                                                        \
	do {                                                                                       \
		if ((p).status != (s))                                                             \
			fail_msg("status %s, expected %s: %s", cs_proof_status_str((p).status),    \
				 cs_proof_status_str(s), (p).detail);                              \
	} while (0)

static void assert_name(const cs_name *got, const char *expect)
{
	char buf[CS_NAME_TEXT_MAX];
	if (expect == NULL) {
		assert_int_equal(got->len, 0);
		return;
	}
	assert_string_equal(cs_name_str(got, buf), expect);
}

/* --- RFC 4035 Appendix B (NSEC) ------------------------------------------------- */

/* B.2 Name Error: ml.example. A; authority b.example. NSEC (covers ml) and
 * example. NSEC (covers *.example). */
static void test_rfc4035_b2_name_error(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0,
			   OWNERS("b.example.", "example."));
	assert_status(p, CS_PROOF_OK);
	assert_false(p.nsec3);
	assert_false(p.optout);
	assert_int_equal(p.cover_name, 0);
	assert_int_equal(p.cover_wildcard, 1);
	assert_int_equal(p.match, -1);
	assert_name(&p.closest_encloser, "example.");
	assert_name(&p.next_closer, "ml.example.");
	assert_name(&p.wildcard, "*.example.");
	assert_non_null(strstr(p.detail, "ml.example."));
	assert_non_null(strstr(p.detail, "*.example."));

	/* Either record alone proves half. */
	p = prove(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_WILDCARD_GAP);
	assert_int_equal(p.cover_name, 0);
	assert_name(&p.wildcard, "*.example.");
	p = prove(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, OWNERS("example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	/* A record that covers neither. */
	p = prove(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_int_equal(p.cover_name, -1);
	/* The same records cannot deny a name that exists. */
	p = prove(f, CS_CLAIM_NXDOMAIN, "b.example.", CS_TYPE_A, 0,
		  OWNERS("b.example.", "example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_int_equal(p.match, 0);
}

/* B.3 No Data Error: ns1.example. MX; authority ns1.example. NSEC. */
static void test_rfc4035_b3_no_data(void **state)
{
	fixture *f = *state;
	cs_proof p =
	    prove(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 0);
	assert_int_equal(p.cover_name, -1);
	/* A, RRSIG and NSEC are in its bitmap. */
	p = prove(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_A, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
	assert_non_null(strstr(p.detail, "A"));
	p = prove(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_NSEC, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
	/* DS at a name that is no delegation is a plain NODATA. */
	p = prove(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_DS, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_OK);
	/* ... but not an unsigned delegation (RFC 6840 §4.4: NS must be set). */
	p = prove(f, CS_CLAIM_NO_DS, "ns1.example.", CS_TYPE_DS, 0, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
}

/* B.4 Referral to Signed Zone (mc.a.example. MX): the referral carries the
 * DS RRset of a.example., no NSEC. a.example.'s NSEC lists DS, so it can
 * never support a "no DS" claim. */
static void test_rfc4035_b4_referral_signed(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NO_DS, "a.example.", CS_TYPE_DS, 0, OWNERS("a.example."));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
	assert_int_equal(p.match, 0);
	assert_non_null(strstr(p.detail, "DS"));
	p = prove(f, CS_CLAIM_NODATA, "a.example.", CS_TYPE_DS, 0, OWNERS("a.example."));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
}

/* B.5 Referral to Unsigned Zone: mc.b.example. MX; authority b.example. NS
 * and b.example. NSEC (NS RRSIG NSEC: no DS). */
static void test_rfc4035_b5_referral_unsigned(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NO_DS, "b.example.", CS_TYPE_DS, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 0);
	assert_false(p.optout);
	p = prove(f, CS_CLAIM_NODATA, "b.example.", CS_TYPE_DS, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_OK);
	/* RFC 6840 §4.1: the parent-side NSEC says nothing about the child's
	 * data at b.example. or below it. */
	p = prove(f, CS_CLAIM_NODATA, "b.example.", CS_TYPE_A, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
	p = prove(f, CS_CLAIM_NXDOMAIN, "mc.b.example.", CS_TYPE_MX, 0,
		  OWNERS("b.example.", "example."));
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
	assert_int_equal(p.cover_name, 0);
	p = prove(f, CS_CLAIM_NODATA, "mc.b.example.", CS_TYPE_MX, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
	p = prove(f, CS_CLAIM_WILDCARD, "mc.b.example.", 0, 1, OWNERS("b.example."));
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
	/* No record for the delegation at all. */
	p = prove(f, CS_CLAIM_NO_DS, "c.example.", CS_TYPE_DS, 0, OWNERS("b.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* B.6 Wildcard Expansion: a.z.w.example. MX answered from *.w.example.
 * (RRSIG labels 2); authority x.y.w.example. NSEC covers a.z.w.example. */
static void test_rfc4035_b6_wildcard_expansion(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 2, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 0);
	assert_name(&p.closest_encloser, "w.example.");
	assert_name(&p.next_closer, "z.w.example.");
	assert_name(&p.wildcard, "*.w.example.");
	/* An RRSIG claiming *.example.: w.example. exists and is closer. */
	p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 1, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	/* Claiming *.z.w.example.: the NSEC covers z.w.example. too. */
	p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 3, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	/* Labels that are no expansion at all. */
	p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 4, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_BAD_QUERY);
	p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 0, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_BAD_QUERY);
	/* An expansion over a name that exists, or one not covered. */
	p = prove(f, CS_CLAIM_WILDCARD, "x.y.w.example.", 0, 2, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	p = prove(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 2, OWNERS("ns1.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* B.7 Wildcard No Data Error: a.z.w.example. AAAA; authority x.y.w.example.
 * NSEC (covers the name) and *.w.example. NSEC (MX RRSIG NSEC: no AAAA). */
static void test_rfc4035_b7_wildcard_no_data(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_AAAA, 0,
			   OWNERS("x.y.w.example.", "*.w.example."));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, -1);
	assert_int_equal(p.cover_name, 0);
	assert_int_equal(p.cover_wildcard, 1);
	assert_name(&p.closest_encloser, "w.example.");
	assert_name(&p.wildcard, "*.w.example.");
	/* The wildcard has MX. */
	p = prove(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_MX, 0,
		  OWNERS("x.y.w.example.", "*.w.example."));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
	/* Without the wildcard's NSEC the name is only shown absent. */
	p = prove(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_AAAA, 0, OWNERS("x.y.w.example."));
	assert_status(p, CS_PROOF_WILDCARD_GAP);
	/* And NXDOMAIN is false: the wildcard exists. */
	p = prove(f, CS_CLAIM_NXDOMAIN, "a.z.w.example.", CS_TYPE_AAAA, 0,
		  OWNERS("x.y.w.example.", "*.w.example."));
	assert_status(p, CS_PROOF_WILDCARD_GAP);
	assert_int_equal(p.cover_wildcard, 1);
}

/* B.8 DS Child Zone No Data Error: example. DS answered by the child with its
 * apex NSEC (SOA set). A validator must get the DS denial from the parent. */
static void test_rfc4035_b8_ds_child_zone(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NODATA, "example.", CS_TYPE_DS, 0, OWNERS("example."));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
	p = prove(f, CS_CLAIM_NO_DS, "example.", CS_TYPE_DS, 0, OWNERS("example."));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
	/* The apex NSEC does deny other types at the apex. */
	p = prove(f, CS_CLAIM_NODATA, "example.", CS_TYPE_A, 0, OWNERS("example."));
	assert_status(p, CS_PROOF_OK);
}

/* y.w.example. exists only because x.y.w.example. does (RFC 4035 §5.4:
 * an NSEC whose next name is below qname shows an empty non-terminal). */
static void test_nsec_empty_non_terminal(void **state)
{
	fixture *f = *state;
	cs_proof p =
	    prove(f, CS_CLAIM_NODATA, "y.w.example.", CS_TYPE_A, 0, OWNERS("x.w.example."));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 0);
	p = prove(f, CS_CLAIM_NXDOMAIN, "y.w.example.", CS_TYPE_A, 0,
		  OWNERS("x.w.example.", "example."));
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_non_null(strstr(p.detail, "empty non-terminal"));
}

/* xx.example. is last: its NSEC points back to the apex and covers every
 * name after it (RFC 4034 §4.1.1). */
static void test_nsec_wrap_around(void **state)
{
	fixture *f = *state;
	cs_proof p = prove(f, CS_CLAIM_NXDOMAIN, "z.example.", CS_TYPE_A, 0,
			   OWNERS("xx.example.", "example."));
	assert_status(p, CS_PROOF_OK);
	assert_name(&p.closest_encloser, "example.");
	p = prove(f, CS_CLAIM_NXDOMAIN, "deep.z.example.", CS_TYPE_A, 0,
		  OWNERS("xx.example.", "example."));
	assert_status(p, CS_PROOF_OK);
	assert_name(&p.next_closer, "z.example.");
	/* The apex itself is not covered by the wrapping record. */
	p = prove(f, CS_CLAIM_NXDOMAIN, "example.", CS_TYPE_A, 0, OWNERS("xx.example."));
	assert_status(p, CS_PROOF_NOT_COVERING);

	/* A zone of one name: its NSEC points to itself. */
	const cs_rr *only = extra(f, "example. NSEC example. NS SOA RRSIG NSEC DNSKEY");
	const cs_rr *recs[] = {only};
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "www.example.", CS_TYPE_A, 0, recs, 1, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 0);
	assert_int_equal(p.cover_wildcard, 0);
}

/* RFC 6840 §4.3: the CNAME bit counts against NODATA. */
static void test_nsec_cname_bit(void **state)
{
	fixture *f = *state;
	const cs_rr *r = extra(f, "c.example. NSEC d.example. CNAME RRSIG NSEC");
	const cs_rr *recs[] = {r};
	cs_proof p = prove_rrs(f, CS_CLAIM_NODATA, "c.example.", CS_TYPE_A, 0, recs, 1, LIMIT);
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
	assert_non_null(strstr(p.detail, "CNAME"));
}

/* RFC 6840 §4.1: nothing exists below a DNAME in its own zone. */
static void test_nsec_dname(void **state)
{
	fixture *f = *state;
	const cs_rr *d = extra(f, "d.example. NSEC e.example. DNAME RRSIG NSEC");
	const cs_rr *apex = extra(f, "example. NSEC d.example. NS SOA RRSIG NSEC DNSKEY");
	const cs_rr *recs[] = {d, apex};
	cs_proof p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "x.d.example.", CS_TYPE_A, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
	/* The DNAME owner's own types are still denied by it. */
	p = prove_rrs(f, CS_CLAIM_NODATA, "d.example.", CS_TYPE_A, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_OK);
}

/* --- RFC 5155 Appendix B (NSEC3) ------------------------------------------------ */

/* B.1 Name Error: a.c.x.w.example. A. x.w.example. is the closest encloser
 * (b4um... matches), the next closer c.x.w.example. (0va5...) is covered by
 * 0p9m... and the wildcard *.x.w.example. (92pq...) by 35mt... */
static void test_rfc5155_b1_name_error(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0,
			    OWNERS(N3_EXAMPLE, N3_XW, N3_A));
	assert_status(p, CS_PROOF_OK);
	assert_true(p.nsec3);
	assert_int_equal(p.iterations, 12);
	assert_int_equal(p.salt_len, 4);
	assert_name(&p.closest_encloser, "x.w.example.");
	assert_name(&p.next_closer, "c.x.w.example.");
	assert_name(&p.wildcard, "*.x.w.example.");
	assert_int_equal(p.match, 1);
	assert_int_equal(p.cover_name, 0);
	assert_int_equal(p.cover_wildcard, 2);
	/* Every NSEC3 of the example zone has the Opt-Out flag. */
	assert_true(p.optout);
	/* Exactly at the limit is still hashed. */
	const cs_rr *recs[] = {rr_at(&f->nsec3, N3_EXAMPLE), rr_at(&f->nsec3, N3_XW),
			       rr_at(&f->nsec3, N3_A)};
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, recs, 3, 12);
	assert_status(p, CS_PROOF_OK);
}

/* B.1 with one record at a time left out. */
static void test_rfc5155_b1_incomplete(void **state)
{
	fixture *f = *state;
	/* No wildcard proof. */
	cs_proof p = prove3(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0,
			    OWNERS(N3_EXAMPLE, N3_XW));
	assert_status(p, CS_PROOF_WILDCARD_GAP);
	assert_name(&p.wildcard, "*.x.w.example.");
	assert_non_null(strstr(p.detail, "92pqneegtaue7pjatc3l3qnk738c6v5m"));
	/* No next closer proof. */
	p = prove3(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, OWNERS(N3_XW, N3_A));
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_name(&p.next_closer, "c.x.w.example.");
	assert_non_null(strstr(p.detail, "0va5bpr2ou0vk0lbqeeljri88laipsfh"));
	/* Without x.w.example.'s record the apex becomes the closest provable
	 * encloser, and nothing covers w.example. (which exists). */
	p = prove3(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0,
		   OWNERS(N3_EXAMPLE, N3_A));
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_name(&p.closest_encloser, "example.");
	/* No ancestor matches at all. */
	p = prove3(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, OWNERS(N3_A));
	assert_status(p, CS_PROOF_NO_CLOSEST_ENCLOSER);
	/* A name that exists cannot be NXDOMAIN. */
	p = prove3(f, CS_CLAIM_NXDOMAIN, "x.w.example.", CS_TYPE_A, 0, OWNERS(N3_XW));
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* B.2 No Data Error: ns1.example. MX; 2t7b... matches, bitmap A RRSIG. */
static void test_rfc5155_b2_no_data(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, OWNERS(N3_NS1));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 0);
	p = prove3(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_A, 0, OWNERS(N3_NS1));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
}

/* B.2.1 No Data Error, Empty Non-Terminal: y.w.example. A; ji6n... matches
 * with an empty bitmap. */
static void test_rfc5155_b21_empty_non_terminal(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_NODATA, "y.w.example.", CS_TYPE_A, 0, OWNERS(N3_YW));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 0);
	p = prove3(f, CS_CLAIM_NXDOMAIN, "y.w.example.", CS_TYPE_A, 0, OWNERS(N3_YW));
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* B.3 Referral to an Opt-Out Unsigned Zone: mc.c.example. MX. example. is
 * the closest encloser (0p9m... matches); the next closer c.example.
 * (4g6p...) is covered by 35mt..., which has Opt-Out: the DS proof of RFC
 * 5155 §8.6 for the delegation c.example. */
static void test_rfc5155_b3_optout_referral(void **state)
{
	fixture *f = *state;
	cs_proof p =
	    prove3(f, CS_CLAIM_NO_DS, "c.example.", CS_TYPE_DS, 0, OWNERS(N3_A, N3_EXAMPLE));
	assert_status(p, CS_PROOF_OK);
	assert_true(p.optout);
	assert_name(&p.closest_encloser, "example.");
	assert_name(&p.next_closer, "c.example.");
	assert_int_equal(p.match, 1);
	assert_int_equal(p.cover_name, 0);
	/* The same from the original query name. */
	p = prove3(f, CS_CLAIM_NO_DS, "mc.c.example.", CS_TYPE_DS, 0, OWNERS(N3_A, N3_EXAMPLE));
	assert_status(p, CS_PROOF_OK);
	assert_name(&p.next_closer, "c.example.");
	/* NODATA for DS follows §8.6 too. */
	p = prove3(f, CS_CLAIM_NODATA, "c.example.", CS_TYPE_DS, 0, OWNERS(N3_A, N3_EXAMPLE));
	assert_status(p, CS_PROOF_OK);
	assert_true(p.optout);
	/* a.example. is a signed delegation: its NSEC3 lists DS. */
	p = prove3(f, CS_CLAIM_NO_DS, "a.example.", CS_TYPE_DS, 0, OWNERS(N3_A));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
	/* ... and cannot deny names below it (RFC 6840 §4.1). */
	p = prove3(f, CS_CLAIM_NXDOMAIN, "mc.a.example.", CS_TYPE_A, 0, OWNERS(N3_A));
	assert_status(p, CS_PROOF_ANCESTOR_DELEGATION);
}

/* B.3 with the Opt-Out flag cleared: the span then proves c.example. does
 * not exist at all, which is no delegation. */
static void test_rfc5155_b3_without_optout(void **state)
{
	fixture *f = *state;
	const cs_rr *a = extra(f, N3_A " NSEC3 1 0 12 aabbccdd "
				       "b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG");
	const cs_rr *recs[] = {a, rr_at(&f->nsec3, N3_EXAMPLE)};
	cs_proof p = prove_rrs(f, CS_CLAIM_NO_DS, "c.example.", CS_TYPE_DS, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_NOT_COVERING);
	assert_false(p.optout);
}

/* B.4 Wildcard Expansion: a.z.w.example. MX from *.w.example. (RRSIG
 * labels 2); q04j... covers the next closer z.w.example. (qlu7...). */
static void test_rfc5155_b4_wildcard_expansion(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 2, OWNERS(N3_NS2));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 0);
	assert_name(&p.closest_encloser, "w.example.");
	assert_name(&p.next_closer, "z.w.example.");
	assert_name(&p.wildcard, "*.w.example.");
	/* Labels 3 would make a.z.w.example. (mhgs..., not covered) the next
	 * closer. */
	p = prove3(f, CS_CLAIM_WILDCARD, "a.z.w.example.", 0, 3, OWNERS(N3_NS2));
	assert_status(p, CS_PROOF_NOT_COVERING);
	/* x.y.w.example. exists: a wildcard answer for it is false. */
	p = prove3(f, CS_CLAIM_WILDCARD, "x.y.w.example.", 0, 3, OWNERS(N3_XYW));
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* B.5 Wildcard No Data Error: a.z.w.example. AAAA. Closest encloser
 * w.example. (k8ud...), next closer z.w.example. covered by q04j..., and
 * r53b... matches *.w.example. with MX RRSIG only. */
static void test_rfc5155_b5_wildcard_no_data(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_AAAA, 0,
			    OWNERS(N3_W, N3_NS2, N3_STARW));
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 0);
	assert_int_equal(p.cover_name, 1);
	assert_int_equal(p.cover_wildcard, 2);
	assert_name(&p.closest_encloser, "w.example.");
	assert_name(&p.next_closer, "z.w.example.");
	assert_name(&p.wildcard, "*.w.example.");
	p = prove3(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_MX, 0,
		   OWNERS(N3_W, N3_NS2, N3_STARW));
	assert_status(p, CS_PROOF_BITMAP_CONTRADICTS);
	assert_int_equal(p.cover_wildcard, 2);
	/* Without the wildcard's record, only the Opt-Out span remains: an
	 * insecure answer (RFC 5155 §8.5 as corrected by erratum 3441). */
	p = prove3(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_AAAA, 0, OWNERS(N3_W, N3_NS2));
	assert_status(p, CS_PROOF_OK);
	assert_true(p.optout);
	assert_int_equal(p.cover_wildcard, -1);
}

/* B.5 with the Opt-Out flag cleared on the next closer's cover: dropping
 * the wildcard's record now leaves a gap. */
static void test_rfc5155_b5_wildcard_gap(void **state)
{
	fixture *f = *state;
	const cs_rr *ns2 = extra(f, N3_NS2 " NSEC3 1 0 12 aabbccdd "
					   "r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG");
	const cs_rr *recs[] = {rr_at(&f->nsec3, N3_W), ns2};
	cs_proof p =
	    prove_rrs(f, CS_CLAIM_NODATA, "a.z.w.example.", CS_TYPE_AAAA, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_WILDCARD_GAP);
	assert_false(p.optout);
	assert_name(&p.wildcard, "*.w.example.");
}

/* B.6 DS Child Zone No Data Error: example. DS answered with the apex
 * NSEC3 (SOA set) of the child itself. */
static void test_rfc5155_b6_ds_child_zone(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_NODATA, "example.", CS_TYPE_DS, 0, OWNERS(N3_EXAMPLE));
	assert_status(p, CS_PROOF_DELEGATION_BITMAP);
}

/* The last NSEC3 of the chain (t644... -> 0p9m...) wraps around: it covers
 * hashes above t644... and below 0p9m..., such as H(a.c.x.w.example.) =
 * 06pj... (computed, not printed in the RFC). */
static void test_nsec3_wrap_around(void **state)
{
	fixture *f = *state;
	cs_proof p = prove3(f, CS_CLAIM_WILDCARD, "a.c.x.w.example.", 0, 4, OWNERS(N3_XX));
	assert_status(p, CS_PROOF_OK);
	assert_name(&p.next_closer, "a.c.x.w.example.");
	p = prove3(f, CS_CLAIM_WILDCARD, "a.c.x.w.example.", 0, 4, OWNERS(N3_EXAMPLE));
	assert_status(p, CS_PROOF_NOT_COVERING);

	/* A chain of one record: it covers every hash but its own. */
	const cs_rr *only =
	    extra(f, N3_EXAMPLE " NSEC3 1 0 12 aabbccdd "
				"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NS SOA RRSIG DNSKEY "
				"NSEC3PARAM");
	const cs_rr *recs[] = {only};
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "www.example.", CS_TYPE_A, 0, recs, 1, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_false(p.optout);
	assert_int_equal(p.match, 0);
	assert_int_equal(p.cover_name, 0);
	assert_int_equal(p.cover_wildcard, 0);
}

/* All records of one proof share their parameters (RFC 5155 §8.2). */
static void test_nsec3_mixed_parameters(void **state)
{
	fixture *f = *state;
	const cs_rr *a13 = extra(f, N3_A " NSEC3 1 1 13 aabbccdd "
					 "b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG");
	const cs_rr *salt = extra(f, N3_A " NSEC3 1 1 12 aabbccde "
					  "b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG");
	const cs_rr *recs[] = {rr_at(&f->nsec3, N3_EXAMPLE), rr_at(&f->nsec3, N3_XW), a13};
	cs_proof p =
	    prove_rrs(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, recs, 3, LIMIT);
	assert_status(p, CS_PROOF_UNSUPPORTED);
	assert_true(p.nsec3);
	recs[2] = salt;
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, recs, 3, LIMIT);
	assert_status(p, CS_PROOF_UNSUPPORTED);
}

/* RFC 5155 §8.1/§8.2: records with an unknown hash algorithm or flags are
 * ignored; if nothing else is left, the proof is unsupported. */
static void test_nsec3_unknown_algorithm(void **state)
{
	fixture *f = *state;
	const cs_rr *alg2 =
	    extra(f, N3_NS1 " NSEC3 2 1 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG");
	const cs_rr *flags =
	    extra(f, N3_NS1 " NSEC3 1 2 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG");
	const cs_rr *recs[] = {alg2, flags};
	cs_proof p = prove_rrs(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_UNSUPPORTED);
	/* Next to a usable record they are just skipped. */
	const cs_rr *recs2[] = {alg2, rr_at(&f->nsec3, N3_NS1)};
	p = prove_rrs(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, recs2, 2, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.match, 1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* RFC 9276 §3.2: above the caller's limit nothing is hashed. Hashing the
 * 121 ancestors of the name below at 65535 iterations takes about a second
 * of SHA-1; the call must return at once. */
static void test_nsec3_iterations_limit(void **state)
{
	fixture *f = *state;
	const cs_rr *recs[] = {rr_at(&f->nsec3, N3_EXAMPLE), rr_at(&f->nsec3, N3_XW),
			       rr_at(&f->nsec3, N3_A)};
	cs_proof p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, recs, 3, 11);
	assert_status(p, CS_PROOF_ITERATIONS);
	assert_int_equal(p.iterations, 12);
	assert_true(p.nsec3);
	/* The analyzer calls such an answer insecure (an_answer.c): the detail
	 * must say so, not that the proof failed. */
	assert_non_null(strstr(p.detail, "treats the answer as insecure"));
	/* At the limit itself the records are hashed and the proof holds. */
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "a.c.x.w.example.", CS_TYPE_A, 0, recs, 3, 12);
	assert_status(p, CS_PROOF_OK);
	/* The proof of an unsigned delegation stops the same way (an_chain.c). */
	const cs_rr *nods[] = {rr_at(&f->nsec3, N3_A), rr_at(&f->nsec3, N3_EXAMPLE)};
	p = prove_rrs(f, CS_CLAIM_NO_DS, "c.example.", CS_TYPE_DS, 0, nods, 2, 11);
	assert_status(p, CS_PROOF_ITERATIONS);
	assert_int_equal(p.iterations, 12);
	p = prove_rrs(f, CS_CLAIM_NO_DS, "c.example.", CS_TYPE_DS, 0, nods, 2, 12);
	assert_status(p, CS_PROOF_OK);

	const cs_rr *huge = extra(f, N3_EXAMPLE " NSEC3 1 0 65535 aabbccdd "
						"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NS SOA RRSIG");
	char deep[512] = "";
	for (int i = 0; i < 120; i++)
		strcat(deep, "a.");
	strcat(deep, "example.");
	cs_name q = name(deep);
	const cs_rr *one[] = {huge};
	double t0 = now();
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &q, CS_TYPE_A, 0, &f->zone, one, 1, LIMIT);
	double elapsed = now() - t0;
	assert_status(p, CS_PROOF_ITERATIONS);
	assert_int_equal(p.iterations, 65535);
	assert_true(elapsed < 0.1);
}

/* --- Input handling -------------------------------------------------------------- */

static void test_missing(void **state)
{
	fixture *f = *state;
	cs_name q = name("ml.example.");
	cs_proof p = cs_denial_check(CS_CLAIM_NXDOMAIN, &q, CS_TYPE_A, 0, &f->zone, NULL, 0, LIMIT);
	assert_status(p, CS_PROOF_MISSING);
	assert_int_equal(p.match, -1);
	assert_int_equal(p.cover_name, -1);
	assert_int_equal(p.cover_wildcard, -1);
	/* Other types and NULL entries are not NSEC records. */
	const cs_rr *soa = extra(f, "example. SOA ns1.example. bugs.x.w.example. 1 3600 300 "
				    "3600000 3600");
	const cs_rr *recs[] = {soa, NULL};
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &q, CS_TYPE_A, 0, &f->zone, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_MISSING);
}

static void test_malformed(void **state)
{
	fixture *f = *state;
	static const uint8_t junk[] = {0xff, 0x01, 0x02};
	cs_rr bad_nsec = {.owner = name("b.example."),
			  .type = CS_TYPE_NSEC,
			  .rclass = 1,
			  .rdlen = sizeof(junk),
			  .rdata = junk};
	cs_rr bad_nsec3 = {.owner = name(N3_NS1),
			   .type = CS_TYPE_NSEC3,
			   .rclass = 1,
			   .rdlen = sizeof(junk),
			   .rdata = junk};
	cs_rr flagged = *rr_at(&f->nsec, "b.example.");
	flagged.rdata_err = CS_ERDATA;
	cs_rr no_rdata = {.owner = name("b.example."), .type = CS_TYPE_NSEC, .rclass = 1};
	const cs_rr *recs[] = {&bad_nsec, &bad_nsec3, &flagged, &no_rdata};
	cs_proof p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, recs, 4, LIMIT);
	assert_status(p, CS_PROOF_MALFORMED);

	/* An NSEC3 owner label that is not base32hex, or of the wrong length. */
	cs_rr bad_owner = *rr_at(&f->nsec3, N3_NS1);
	bad_owner.owner = name("zzzz4g4vsa5smi47k61mv5bv1a22bojr.example.");
	cs_rr short_owner = *rr_at(&f->nsec3, N3_NS1);
	short_owner.owner = name("2t7b4g4v.example.");
	const cs_rr *recs3[] = {&bad_owner, &short_owner};
	p = prove_rrs(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, recs3, 2, LIMIT);
	assert_status(p, CS_PROOF_MALFORMED);

	/* Malformed records are skipped when good ones remain. */
	const cs_rr *mixed[] = {&bad_nsec, rr_at(&f->nsec, "b.example."), &bad_nsec3,
				rr_at(&f->nsec, "example.")};
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, mixed, 4, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 1);
	assert_int_equal(p.cover_wildcard, 3);
}

static void test_bad_query(void **state)
{
	fixture *f = *state;
	const cs_rr *recs[] = {rr_at(&f->nsec, "b.example.")};
	cs_name q = name("ml.example.");
	cs_name other = name("example.org.");
	cs_proof p = cs_denial_check(CS_CLAIM_NXDOMAIN, NULL, CS_TYPE_A, 0, &f->zone, recs, 1, 1);
	assert_status(p, CS_PROOF_BAD_QUERY);
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &q, CS_TYPE_A, 0, NULL, recs, 1, 1);
	assert_status(p, CS_PROOF_BAD_QUERY);
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &q, CS_TYPE_A, 0, &f->zone, NULL, 1, 1);
	assert_status(p, CS_PROOF_BAD_QUERY);
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &other, CS_TYPE_A, 0, &f->zone, recs, 1, 1);
	assert_status(p, CS_PROOF_BAD_QUERY);
	p = cs_denial_check((cs_claim)42, &q, CS_TYPE_A, 0, &f->zone, recs, 1, 1);
	assert_status(p, CS_PROOF_BAD_QUERY);
	/* Records of another zone are not used. */
	cs_name org = name("org.");
	p = cs_denial_check(CS_CLAIM_NXDOMAIN, &other, CS_TYPE_A, 0, &org, recs, 1, 1);
	assert_status(p, CS_PROOF_NOT_COVERING);
}

/* Records beyond CS_DENIAL_MAX_RECORDS are not looked at. */
static void test_record_cap(void **state)
{
	fixture *f = *state;
	const cs_rr *recs[CS_DENIAL_MAX_RECORDS + 2];
	for (size_t i = 0; i < CS_DENIAL_MAX_RECORDS; i++)
		recs[i] = rr_at(&f->nsec, "ns1.example.");
	recs[CS_DENIAL_MAX_RECORDS] = rr_at(&f->nsec, "b.example.");
	recs[CS_DENIAL_MAX_RECORDS + 1] = rr_at(&f->nsec, "example.");
	cs_proof p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0, recs,
			       CS_DENIAL_MAX_RECORDS + 2, LIMIT);
	assert_status(p, CS_PROOF_NOT_COVERING);
	p = prove_rrs(f, CS_CLAIM_NXDOMAIN, "ml.example.", CS_TYPE_A, 0,
		      recs + CS_DENIAL_MAX_RECORDS - 1, 3, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_int_equal(p.cover_name, 1);
}

/* NSEC is tried first; NSEC3 next to failing NSEC records still counts. */
static void test_mixed_nsec_and_nsec3(void **state)
{
	fixture *f = *state;
	const cs_rr *recs[] = {rr_at(&f->nsec, "ns1.example."), rr_at(&f->nsec3, N3_NS1)};
	cs_proof p = prove_rrs(f, CS_CLAIM_NODATA, "ns1.example.", CS_TYPE_MX, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_OK);
	assert_false(p.nsec3);
	/* ns2.example.: the NSEC fails, and the lone NSEC3 proves no encloser. */
	p = prove_rrs(f, CS_CLAIM_NODATA, "ns2.example.", CS_TYPE_MX, 0, recs, 2, LIMIT);
	assert_status(p, CS_PROOF_NO_CLOSEST_ENCLOSER);
	assert_true(p.nsec3);
}

static void test_strings(void **state)
{
	(void)state;
	assert_string_equal(cs_proof_status_str(CS_PROOF_OK), "ok");
	assert_string_equal(cs_proof_status_str(CS_PROOF_NOT_COVERING), "not-covering");
	assert_string_equal(cs_proof_status_str(CS_PROOF_ANCESTOR_DELEGATION),
			    "ancestor-delegation");
	assert_string_equal(cs_proof_status_str((cs_proof_status)99), "unknown");
	assert_string_equal(cs_proof_status_text((cs_proof_status)-1), "unknown status");
	for (int i = 0; i < CS_PROOF_STATUS_COUNT; i++) {
		const char *a = cs_proof_status_str((cs_proof_status)i);
		assert_non_null(a);
		assert_true(strlen(cs_proof_status_text((cs_proof_status)i)) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(a, cs_proof_status_str((cs_proof_status)j));
	}
	assert_string_equal(cs_claim_str(CS_CLAIM_NO_DS), "no-ds");
	assert_string_equal(cs_claim_str((cs_claim)9), "unknown");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_rfc4035_b2_name_error),
	    T(test_rfc4035_b3_no_data),
	    T(test_rfc4035_b4_referral_signed),
	    T(test_rfc4035_b5_referral_unsigned),
	    T(test_rfc4035_b6_wildcard_expansion),
	    T(test_rfc4035_b7_wildcard_no_data),
	    T(test_rfc4035_b8_ds_child_zone),
	    T(test_nsec_empty_non_terminal),
	    T(test_nsec_wrap_around),
	    T(test_nsec_cname_bit),
	    T(test_nsec_dname),
	    T(test_rfc5155_b1_name_error),
	    T(test_rfc5155_b1_incomplete),
	    T(test_rfc5155_b2_no_data),
	    T(test_rfc5155_b21_empty_non_terminal),
	    T(test_rfc5155_b3_optout_referral),
	    T(test_rfc5155_b3_without_optout),
	    T(test_rfc5155_b4_wildcard_expansion),
	    T(test_rfc5155_b5_wildcard_no_data),
	    T(test_rfc5155_b5_wildcard_gap),
	    T(test_rfc5155_b6_ds_child_zone),
	    T(test_nsec3_wrap_around),
	    T(test_nsec3_mixed_parameters),
	    T(test_nsec3_unknown_algorithm),
	    T(test_nsec3_iterations_limit),
	    T(test_missing),
	    T(test_malformed),
	    T(test_bad_query),
	    T(test_record_cap),
	    T(test_mixed_nsec_and_nsec3),
	    T(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
