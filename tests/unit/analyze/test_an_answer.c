/*
 * test_an_answer.c - the analyzer's answers and denial proofs (an_answer.c)
 * on synthetic captures in the root zone: wildcard answers with a right,
 * a missing, a wrong and a forged proof (RFC 4035 §5.3.4), NSEC and NSEC3
 * NODATA bitmaps (RFC 4035 §5.4, RFC 5155 §8.5), NXDOMAIN with and without
 * NSEC3 opt-out (RFC 5155 §9.2), the NSEC3 iteration limit (RFC 9276
 * §3.2), a wildcard's own name asked literally, and CNAME loops. Every expectation is written here:
 * verdict, answer kind and the finding codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"

static const uint16_t TXT_ONLY[] = {CS_TYPE_TXT, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};

/* Into m's authority section: an NSEC3 record of the root zone (flags,
 * iterations, no salt) from H(name) + from to H(name) + to, listing types,
 * signed by k. */
static void nsec3_around(fx_msg *m, const fx_key *k, const char *name, unsigned flags,
			 unsigned iterations, int from, int to, const uint16_t *types)
{
	fx_hash h = fx_nsec3_hash(name, iterations);
	char owner[300];
	fx_hash_owner(fx_hash_add(h, from), ".", owner, sizeof(owner));
	fx_msg_signed1(m, CS_SEC_AUTHORITY, k, owner, CS_TYPE_NSEC3,
		       fx_nsec3(flags, iterations, fx_hash_add(h, to), types));
}

/* ---- wildcards: *.w. TXT "wild", query a.w. TXT ---- */

typedef enum { PROOF_RIGHT, PROOF_MISSING, PROOF_WRONG, PROOF_FORGED, PROOF_AT_NAME } proof_kind;

static cs_analysis *wildcard(proof_kind proof)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "a.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	bytes txt = fx_txt("wild");
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.signed_owner = "*.w."; /* expanded: labels 1, signed over the wildcard */
	fx_msg_signed(&m, CS_SEC_ANSWER, &k, "a.w.", CS_TYPE_TXT, &txt, 1, o);
	/* "*.w." < "a.w." < "b.w." < "z.w." in canonical order. */
	bytes cover = fx_nsec("z.w.", TXT_ONLY);
	switch (proof) {
	case PROOF_RIGHT:
		fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "*.w.", CS_TYPE_NSEC, cover);
		break;
	case PROOF_MISSING:
		break;
	case PROOF_WRONG: /* b.w. -> z.w. does not cover a.w. */
		fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "b.w.", CS_TYPE_NSEC, cover);
		break;
	case PROOF_AT_NAME: /* a.w. -> z.w.: a.w. exists, no expansion */
		fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "a.w.", CS_TYPE_NSEC, cover);
		break;
	case PROOF_FORGED: { /* the right record, its signature altered */
		fx_sig_opts bad = FX_SIG_DEFAULT;
		bad.corrupt = true;
		fx_msg_signed(&m, CS_SEC_AUTHORITY, &k, "*.w.", CS_TYPE_NSEC, &cover, 1, bad);
		break;
	}
	}
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static void wildcard_right_proof(void **state)
{
	(void)state;
	cs_analysis *a = wildcard(PROOF_RIGHT);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_DATA);
	assert_non_null(a->links[0].proof);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
}

static void wildcard_missing_proof(void **state)
{
	(void)state;
	cs_analysis *a = wildcard(PROOF_MISSING);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_MISSING);
	assert_null(a->links[0].proof);
	fx_release(&a);
}

static void wildcard_wrong_proof(void **state)
{
	(void)state;
	cs_analysis *a = wildcard(PROOF_WRONG);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_NOT_COVERING);
	fx_release(&a);
}

static void wildcard_proof_at_name(void **state)
{
	(void)state;
	cs_analysis *a = wildcard(PROOF_AT_NAME);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_NOT_COVERING);
	fx_release(&a);
}

static void wildcard_forged_proof(void **state)
{
	(void)state;
	cs_analysis *a = wildcard(PROOF_FORGED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	FX_EXPECT_CODE(a, CS_F_DENIAL_MISSING); /* the only record did not validate */
	fx_release(&a);
}

/* ---- NODATA: n.w. exists with A only, query TXT ---- */

static cs_analysis *nodata_nsec(const uint16_t *types)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "n.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, ".", CS_TYPE_SOA, fx_soa("."));
	fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "n.w.", CS_TYPE_NSEC, fx_nsec("z.w.", types));
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static void nodata_nsec_bitmap(void **state)
{
	(void)state;
	static const uint16_t a_only[] = {CS_TYPE_A, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t has_txt[] = {CS_TYPE_A, CS_TYPE_TXT, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t has_cname[] = {CS_TYPE_CNAME, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	cs_analysis *a = nodata_nsec(a_only);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_NODATA);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
	a = nodata_nsec(has_txt);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_BITMAP_CONTRADICTS);
	fx_release(&a);
	a = nodata_nsec(has_cname);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_BITMAP_CONTRADICTS);
	fx_release(&a);
}

/* NSEC3 NODATA: the record matching H(n.w.) lists the types. */
static cs_analysis *nodata_nsec3(const uint16_t *types, unsigned iterations,
				 unsigned max_iterations)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "n.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, ".", CS_TYPE_SOA, fx_soa("."));
	nsec3_around(&m, &k, "n.w.", 0, iterations, 0, 5, types);
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze_opts(&f, max_iterations);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static void nodata_nsec3_bitmap(void **state)
{
	(void)state;
	static const uint16_t a_only[] = {CS_TYPE_A, CS_TYPE_RRSIG, 0};
	static const uint16_t has_txt[] = {CS_TYPE_A, CS_TYPE_TXT, CS_TYPE_RRSIG, 0};
	static const uint16_t has_cname[] = {CS_TYPE_CNAME, CS_TYPE_RRSIG, 0};
	cs_analysis *a = nodata_nsec3(a_only, 0, 0);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_NODATA);
	assert_non_null(a->links[0].proof);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
	a = nodata_nsec3(has_txt, 0, 0);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_BITMAP_CONTRADICTS);
	fx_release(&a);
	a = nodata_nsec3(has_cname, 0, 0);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_BITMAP_CONTRADICTS);
	fx_release(&a);
}

/* RFC 9276: iterations above the limit are not hashed; the answer is
 * insecure (not bogus), with NSEC3_ITERATIONS_EXCESSIVE. Under the limit,
 * iterations above 0 are only a warning (NSEC3_ITERATIONS). */
static void nsec3_iteration_limit(void **state)
{
	(void)state;
	static const uint16_t a_only[] = {CS_TYPE_A, CS_TYPE_RRSIG, 0};
	cs_analysis *a = nodata_nsec3(a_only, 20, 10);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	FX_EXPECT_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	fx_release(&a);
	a = nodata_nsec3(a_only, 10, 10); /* at the limit: hashed */
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_CODE(a, CS_F_NSEC3_ITERATIONS);
	FX_EXPECT_NO_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	fx_release(&a);
}

/* The wildcard answer (a.w. from *.w.) with an NSEC3 record (iterations
 * given) covering the next closer name a.w. (RFC 5155 §8.8), analysed with
 * max_iterations as the limit. */
static cs_analysis *wildcard_nsec3(unsigned iterations, unsigned max_iterations)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "a.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	bytes txt = fx_txt("wild");
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.signed_owner = "*.w.";
	fx_msg_signed(&m, CS_SEC_ANSWER, &k, "a.w.", CS_TYPE_TXT, &txt, 1, o);
	static const uint16_t a_only[] = {CS_TYPE_A, CS_TYPE_RRSIG, 0};
	nsec3_around(&m, &k, "a.w.", 0, iterations, -1, 1, a_only);
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze_opts(&f, max_iterations);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

/* A wildcard expansion proven with NSEC3 iterations above the limit is
 * insecure, as validators treat it (RFC 9276 §3.2); at the limit the
 * proof is checked and the answer secure. */
static void wildcard_nsec3_iterations(void **state)
{
	(void)state;
	cs_analysis *a = wildcard_nsec3(20, 10);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	FX_EXPECT_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	assert_int_equal(a->answer, CS_ANSWER_DATA);
	fx_release(&a);
	a = wildcard_nsec3(10, 10);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_NO_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	fx_release(&a);
}

/* ---- NXDOMAIN with NSEC3: q.w. does not exist; closest encloser w. ---- */

static cs_analysis *nxdomain_nsec3(unsigned optout, bool wildcard_proof, bool next_is_name)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "q.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	static const uint16_t ent[] = {0};
	static const uint16_t data[] = {CS_TYPE_A, CS_TYPE_RRSIG, 0};
	fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, ".", CS_TYPE_SOA, fx_soa("."));
	/* Matches the closest encloser w. */
	nsec3_around(&m, &k, "w.", 0, 0, 0, 1, ent);
	/* Covers the next closer name q.w. */
	nsec3_around(&m, &k, "q.w.", optout, 0, -1, next_is_name ? 0 : 1, data);
	/* Covers the wildcard *.w. */
	if (wildcard_proof)
		nsec3_around(&m, &k, "*.w.", 0, 0, -1, 1, data);
	fx_root_target(&f, CS_RCODE_NXDOMAIN, &m);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static void nxdomain_nsec3_proofs(void **state)
{
	(void)state;
	cs_analysis *a = nxdomain_nsec3(0, true, false);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_NXDOMAIN);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
	/* Without the wildcard's denial a wildcard might have answered. */
	a = nxdomain_nsec3(0, false, false);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	assert_int_equal(a->answer, CS_ANSWER_NXDOMAIN);
	FX_EXPECT_CODE(a, CS_F_DENIAL_WILDCARD_GAP);
	fx_release(&a);
	/* A record whose next hash is H(q.w.) itself ends before it: it
	 * covers nothing of q.w. (RFC 5155 §3.1.7: strictly between). */
	a = nxdomain_nsec3(0, true, true);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	fx_release(&a);
}

static void nxdomain_nsec3_optout(void **state)
{
	(void)state;
	cs_analysis *a = nxdomain_nsec3(1, true, false);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	assert_int_equal(a->answer, CS_ANSWER_NXDOMAIN);
	FX_EXPECT_CODE(a, CS_F_NSEC3_OPTOUT);
	fx_release(&a);
}

/* NXDOMAIN with NSEC: no proof at all (0), a proof that covers (1), an
 * NSEC owned by the name itself, which proves it exists (2), and one whose
 * next name is the name (3): it ends before q.w. and covers nothing of it. */
static void nxdomain_nsec(void **state)
{
	(void)state;
	for (int with_proof = 0; with_proof < 4; with_proof++) {
		fx_capture f;
		fx_key k;
		fx_root_setup(&f, &k, "q.w.", CS_TYPE_TXT);
		fx_msg m = {0};
		fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, ".", CS_TYPE_SOA, fx_soa("."));
		if (with_proof == 1 || with_proof == 2) {
			/* w. -> z.w. covers q.w. and *.w. */
			fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, with_proof == 1 ? "w." : "q.w.",
				       CS_TYPE_NSEC, fx_nsec("z.w.", TXT_ONLY));
		}
		if (with_proof == 3)
			fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "w.", CS_TYPE_NSEC,
				       fx_nsec("q.w.", TXT_ONLY));
		if (with_proof == 2) /* and the wildcard denied on its own */
			fx_msg_signed1(&m, CS_SEC_AUTHORITY, &k, "w.", CS_TYPE_NSEC,
				       fx_nsec("a.w.", TXT_ONLY));
		fx_root_target(&f, CS_RCODE_NXDOMAIN, &m);
		cs_analysis *a = fx_analyze(&f);
		FX_EXPECT_VERDICT(a, with_proof == 1 ? CS_STATE_SECURE : CS_STATE_BOGUS);
		assert_int_equal(a->answer, CS_ANSWER_NXDOMAIN);
		if (!with_proof)
			FX_EXPECT_CODE(a, CS_F_DENIAL_MISSING);
		fx_release(&a);
		fx_capture_end(&f);
		fx_key_free(&k);
	}
}

/* A query for the wildcard's own name (*.w. TXT) is answered by the
 * wildcard RRset itself: its RRSIG's Labels (1) leaves out the "*" label
 * (RFC 4034 §3.1.3), so the answer is no expansion and needs no proof
 * that the name does not exist (RFC 4035 §5.3.4 does not apply). */
static void wildcard_literal_query(void **state)
{
	(void)state;
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "*.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, &k, "*.w.", CS_TYPE_TXT, fx_txt("wild"));
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze(&f);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_DATA);
	assert_int_equal(a->nfindings, 0);
	assert_null(a->links[0].proof);
	fx_release(&a);
	fx_key_free(&k);
}

/* A name under the wildcard asked literally (a.*.w.) is no wildcard owner:
 * its RRSIG's Labels (2) short of its 3 labels is an expansion, whose
 * missing proof makes it bogus. */
static void wildcard_star_inside(void **state)
{
	(void)state;
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "a.*.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.signed_owner = "*.*.w."; /* expanded from *.*.w.: labels 2 */
	bytes txt = fx_txt("wild");
	fx_msg_signed(&m, CS_SEC_ANSWER, &k, "a.*.w.", CS_TYPE_TXT, &txt, 1, o);
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze(&f);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DENIAL_MISSING);
	fx_release(&a);
	fx_key_free(&k);
}

/* a.w. TXT: a CNAME to b.w., whose CNAME leads back to a.w. (loop) or on
 * to c.w., which has the TXT (no loop). Every RRset is signed. */
static cs_analysis *cname_chain(bool loop)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "a.w.", CS_TYPE_TXT);
	bytes to_b = {0}, back = {0};
	fx_name_rd(&to_b, "b.w.");
	fx_name_rd(&back, loop ? "a.w." : "c.w.");
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, &k, "a.w.", CS_TYPE_CNAME, to_b);
	fx_root_target(&f, 0, &m);
	fx_msg b = {0};
	fx_msg_signed1(&b, CS_SEC_ANSWER, &k, "b.w.", CS_TYPE_CNAME, back);
	fx_capture_resp(&f, FX_ROOT, ".", "b.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET, 0, &b);
	if (!loop) {
		fx_msg c = {0};
		fx_msg_signed1(&c, CS_SEC_ANSWER, &k, "c.w.", CS_TYPE_TXT, fx_txt("end"));
		fx_capture_resp(&f, FX_ROOT, ".", "c.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET, 0, &c);
	}
	cs_analysis *a = fx_analyze(&f);
	fx_key_free(&k);
	return a;
}

/* A CNAME loop is an error (RFC 1034 §3.6.2: resolvers signal it; they
 * answer SERVFAIL): CNAME_LOOP, the chain followed once round, and the
 * link that closes the loop reaches no answer (indeterminate), however
 * well it is signed. */
static void cname_loop(void **state)
{
	(void)state;
	cs_analysis *a = cname_chain(true);
	FX_EXPECT_CODE(a, CS_F_CNAME_LOOP);
	/* The evidence is the loop, once round: a.w. -> b.w. -> a.w. */
	const cs_finding *loop = NULL;
	for (size_t i = 0; i < a->nfindings; i++)
		if (a->findings[i].code == CS_F_CNAME_LOOP)
			loop = &a->findings[i];
	assert_int_equal(loop->nevidence, 2);
	assert_string_equal(loop->evidence[0], "a.w. 300 IN CNAME b.w.");
	assert_string_equal(loop->evidence[1], "b.w. 300 IN CNAME a.w.");
	assert_int_equal(a->nlinks, 2);
	assert_int_equal(a->links[0].state, CS_STATE_SECURE);
	assert_int_equal(a->links[1].state, CS_STATE_INDETERMINATE);
	FX_EXPECT_VERDICT(a, CS_STATE_INDETERMINATE);
	fx_release(&a);
	a = cname_chain(false);
	FX_EXPECT_NO_CODE(a, CS_F_CNAME_LOOP);
	assert_int_equal(a->nlinks, 3);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_DATA);
	fx_release(&a);
}

/* No server answered the question (the query timed out): one link, from no
 * zone, indeterminate, and no answer; the same for the target of a CNAME
 * whose query timed out, after the CNAME's own secure link. */
static void unanswered_target(void **state)
{
	(void)state;
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "a.w.", CS_TYPE_TXT);
	fx_capture_query(&f, FX_ROOT, ".", "a.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET,
			 CS_QRESULT_TIMEOUT);
	cs_analysis *a = fx_analyze(&f);
	FX_EXPECT_VERDICT(a, CS_STATE_INDETERMINATE);
	assert_int_equal(a->answer, CS_ANSWER_NONE);
	assert_int_equal(a->nlinks, 1);
	assert_int_equal(a->links[0].zone, -1);
	assert_int_equal(a->links[0].state, CS_STATE_INDETERMINATE);
	fx_release(&a);
	fx_key_free(&k);

	fx_root_setup(&f, &k, "a.w.", CS_TYPE_TXT);
	bytes to_b = {0};
	fx_name_rd(&to_b, "b.w.");
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, &k, "a.w.", CS_TYPE_CNAME, to_b);
	fx_root_target(&f, 0, &m);
	fx_capture_query(&f, FX_ROOT, ".", "b.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET,
			 CS_QRESULT_TIMEOUT);
	a = fx_analyze(&f);
	FX_EXPECT_VERDICT(a, CS_STATE_INDETERMINATE);
	assert_int_equal(a->nlinks, 2);
	assert_int_equal(a->links[0].zone, 0);
	assert_int_equal(a->links[0].state, CS_STATE_SECURE);
	assert_int_equal(a->links[1].zone, -1);
	assert_int_equal(a->links[1].state, CS_STATE_INDETERMINATE);
	assert_int_equal(a->answer, CS_ANSWER_NONE);
	fx_release(&a);
	fx_key_free(&k);
}

/* A capture whose root answers d.w. TXT, signed: secure, with no finding,
 * for the probe notes below to add to. */
static void signed_txt_at_root(fx_capture *f, fx_key *k)
{
	fx_root_setup(f, k, "d.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, k, "d.w.", CS_TYPE_TXT, fx_txt("x"));
	fx_root_target(f, 0, &m);
}

/* The probe's notes about its limits become PROBE_LIMIT_REACHED; other
 * notes do not. */
static void probe_notes(void **state)
{
	(void)state;
	static const char *const notes[] = {
	    "query limit of 5 reached: further queries were not sent",
	    "CNAME chain longer than 8 links: not followed further",
	    "more than 20 referrals: stopped",
	    "a remark about nothing in particular",
	};
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		fx_capture f;
		fx_key k;
		signed_txt_at_root(&f, &k);
		assert_int_equal(cs_capture_add_string(f.c, &f.c->notes, &f.c->nnotes, notes[i]),
				 CS_OK);
		cs_analysis *a = fx_analyze(&f);
		FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
		if (i < 3)
			FX_EXPECT_CODE(a, CS_F_PROBE_LIMIT_REACHED);
		else
			assert_int_equal(a->nfindings, 0);
		fx_release(&a);
		fx_capture_end(&f);
		fx_key_free(&k);
	}
}

/* -4 and -6: the probe's "not asked" notes become one PROBE_ADDRESS_SKIPPED
 * per zone and family, on the zone named in the note, listing each address. */
static void skipped_addresses(void **state)
{
	(void)state;
	static const char *const notes[] = {
	    "zone w.: IPv6 address 2001:db8::1 of ns1.w. not asked (-4)",
	    "zone w.: IPv6 address 2001:db8::2 of ns2.w. not asked (-4)",
	    "zone w.: IPv4 address 192.0.2.1 of ns1.w. not asked (-6)",
	};
	fx_capture f;
	fx_key k;
	signed_txt_at_root(&f, &k);
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		assert_int_equal(cs_capture_add_string(f.c, &f.c->notes, &f.c->nnotes, notes[i]),
				 CS_OK);
	cs_analysis *a = fx_analyze(&f);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->nfindings, 2);
	const cs_finding *v6 = &a->findings[0], *v4 = &a->findings[1];
	char nb[CS_NAME_TEXT_MAX];
	assert_int_equal(v6->code, CS_F_PROBE_ADDRESS_SKIPPED);
	assert_string_equal(cs_name_str(&v6->zone, nb), "w.");
	assert_string_equal(v6->message, "IPv6 addresses not asked (-4)");
	assert_int_equal(v6->nservers, 2);
	assert_string_equal(v6->servers[0], "2001:db8::1");
	assert_string_equal(v6->servers[1], "2001:db8::2");
	assert_int_equal(v4->code, CS_F_PROBE_ADDRESS_SKIPPED);
	assert_string_equal(v4->message, "IPv4 addresses not asked (-6)");
	assert_int_equal(v4->nservers, 1);
	assert_string_equal(v4->servers[0], "192.0.2.1");
	fx_release(&a);
	fx_capture_end(&f);
	fx_key_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wildcard_right_proof),
	    cmocka_unit_test(wildcard_missing_proof),
	    cmocka_unit_test(wildcard_wrong_proof),
	    cmocka_unit_test(wildcard_forged_proof),
	    cmocka_unit_test(wildcard_proof_at_name),
	    cmocka_unit_test(nodata_nsec_bitmap),
	    cmocka_unit_test(nodata_nsec3_bitmap),
	    cmocka_unit_test(nsec3_iteration_limit),
	    cmocka_unit_test(wildcard_nsec3_iterations),
	    cmocka_unit_test(nxdomain_nsec3_proofs),
	    cmocka_unit_test(nxdomain_nsec3_optout),
	    cmocka_unit_test(nxdomain_nsec),
	    cmocka_unit_test(probe_notes),
	    cmocka_unit_test(wildcard_literal_query),
	    cmocka_unit_test(wildcard_star_inside),
	    cmocka_unit_test(cname_loop),
	    cmocka_unit_test(unanswered_target),
	    cmocka_unit_test(skipped_addresses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
