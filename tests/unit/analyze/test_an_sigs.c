/*
 * test_an_sigs.c - the analyzer's signature evaluation (an_common.c) on
 * synthetic captures: one answer RRset "d.w. TXT" in the root zone, signed
 * in each way a signature can be wrong (RFC 4035 §5.3.1: signer, labels,
 * times, key tag and algorithm; the crypto) and at the edges of its
 * validity period; the verdict and the finding code each must give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"

/* The root with the answer d.w. TXT "x" and n signatures over it, the
 * i-th made with o[i]; analyzed at at. */
static cs_analysis *answer_sigs_at(const fx_sig_opts *o, size_t n, int64_t at)
{
	fx_capture f;
	fx_key k;
	fx_root_setup(&f, &k, "d.w.", CS_TYPE_TXT);
	fx_msg m = {0};
	bytes txt = fx_txt("x");
	fx_msg_rr(&m, CS_SEC_ANSWER, "d.w.", CS_TYPE_TXT, &txt);
	for (size_t i = 0; i < n; i++) {
		bytes s = fx_rrsig(&k, "d.w.", CS_TYPE_TXT, &txt, 1, o[i]);
		fx_msg_rr(&m, CS_SEC_ANSWER, "d.w.", CS_TYPE_RRSIG, &s);
	}
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze_at(&f, at, 0);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static cs_analysis *answer_sigs(const fx_sig_opts *o, size_t n)
{
	return answer_sigs_at(o, n, FX_NOW);
}

static cs_analysis *answer_signed(fx_sig_opts o, int64_t at)
{
	return answer_sigs_at(&o, 1, at);
}

/* The one answer link's RRset's first signature status. */
static cs_sig_status answer_sig(const cs_analysis *a)
{
	assert_true(a->nlinks >= 1);
	assert_true(a->links[0].nrrsets >= 1);
	assert_true(a->links[0].rrsets[0].nsigs >= 1);
	return a->links[0].rrsets[0].sigs[0].status;
}

static void valid_signature_is_secure(void **state)
{
	(void)state;
	cs_analysis *a = answer_signed(FX_SIG_DEFAULT, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->answer, CS_ANSWER_DATA);
	assert_int_equal(answer_sig(a), CS_SIG_VALID);
	assert_int_equal(a->nfindings, 0); /* a clean chain: nothing to say */
	/* The next break is the answer's expiration, the earliest. */
	assert_true(a->has_next_break);
	fx_release(&a);
}

static void labels_above_owner(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.labels = 3; /* d.w. has 2 */
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_LABELS_INVALID);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	fx_release(&a);
}

static void signer_not_the_zone(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.signer = "w.";
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_SIGNER_MISMATCH);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	fx_release(&a);
}

static void altered_signature(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.corrupt = true;
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	fx_release(&a);
}

static void unknown_key_tag(void **state)
{
	(void)state;
	fx_key k;
	fx_key_make(&k, ".", 1);
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.tag = (k.tag + 1) & 0xFFFF;
	fx_key_free(&k);
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_UNKNOWN_KEY);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	/* The message names the missing key, not a crypto failure. */
	for (size_t i = 0; i < a->nfindings; i++)
		if (a->findings[i].code == CS_F_RRSIG_UNKNOWN_KEY)
			assert_non_null(
			    strstr(a->findings[i].message, "which is not in the DNSKEY"));
	fx_release(&a);
}

static void algorithm_not_the_keys(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.alg = 13; /* the key is 15: no key has this tag and algorithm */
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_UNKNOWN_KEY);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	fx_release(&a);
}

static void expired(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.inception = FX_NOW - 10 * FX_DAY;
	o.expiration = FX_NOW - FX_DAY;
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_EXPIRED);
	fx_release(&a);
}

static void not_yet_valid(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.inception = FX_NOW + FX_DAY;
	o.expiration = FX_NOW + 10 * FX_DAY;
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_NOT_YET_VALID);
	fx_release(&a);
}

/* RFC 4035 §5.3.1: valid from inception to expiration, both included. */
static void validity_edges(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.inception = FX_NOW - FX_DAY;
	o.expiration = FX_NOW + FX_DAY;
	struct {
		int64_t at;
		cs_sig_status status;
	} cases[] = {
	    {FX_NOW - FX_DAY, CS_SIG_VALID},
	    {FX_NOW - FX_DAY - 1, CS_SIG_NOT_YET_VALID},
	    {FX_NOW + FX_DAY, CS_SIG_VALID},
	    {FX_NOW + FX_DAY + 1, CS_SIG_EXPIRED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_analysis *a = answer_signed(o, cases[i].at);
		assert_true(a->nlinks >= 1);
		/* A failing set is not kept on the link: look at the finding. */
		if (cases[i].status == CS_SIG_VALID) {
			FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
			assert_int_equal(answer_sig(a), CS_SIG_VALID);
		} else {
			FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
			FX_EXPECT_CODE(a, cases[i].status == CS_SIG_EXPIRED
					      ? CS_F_RRSIG_EXPIRED
					      : CS_F_RRSIG_NOT_YET_VALID);
		}
		fx_release(&a);
	}
}

/* A signature that expires within the warning window is reported. */
static void expiring_soon(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.expiration = FX_NOW + FX_DAY; /* window: 3 days */
	cs_analysis *a = answer_signed(o, FX_NOW);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_CODE(a, CS_F_RRSIG_EXPIRING);
	assert_int_equal(a->next_break, FX_NOW + FX_DAY);
	fx_release(&a);
	a = answer_signed(FX_SIG_DEFAULT, FX_NOW);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_EXPIRING);
	fx_release(&a);
}

/* One good signature among bad ones is enough (RFC 4035 §5.3.3). */
static void one_valid_among_bad(void **state)
{
	(void)state;
	fx_sig_opts o[2] = {FX_SIG_DEFAULT, FX_SIG_DEFAULT};
	o[0].corrupt = true;
	cs_analysis *a = answer_sigs(o, 2);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	fx_release(&a);
}

/* Nine signatures by the one key that all fail: past the per-RRset bound
 * of 8 verifications a validator gives up (KeyTrap): bogus, and the limit
 * is named. */
static void verification_limit(void **state)
{
	(void)state;
	fx_sig_opts o[9];
	for (int i = 0; i < 9; i++) {
		o[i] = FX_SIG_DEFAULT;
		o[i].corrupt = true;
		o[i].expiration = FX_NOW + (30 + i) * FX_DAY;
	}
	cs_analysis *a = answer_sigs(o, 9);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_VALIDATION_LIMIT);
	/* Eight checked, the ninth not: the evidence counts it. */
	bool counted = false;
	for (size_t i = 0; i < a->nfindings; i++)
		for (size_t e = 0; e < a->findings[i].nevidence; e++)
			counted |= strstr(a->findings[i].evidence[e],
					  "d.w. TXT: 1 of 9 signatures not checked") != NULL;
	assert_true(counted);
	fx_release(&a);
}

/* An answer with no signature at all in a signed zone. */
static void unsigned_answer(void **state)
{
	(void)state;
	cs_analysis *a = answer_sigs(NULL, 0);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_MISSING);
	fx_release(&a);
}

/* The names of states, answer kinds and signature outcomes (the JSON
 * document's vocabulary), to the last of each. */
static void names(void **state)
{
	(void)state;
	assert_string_equal(cs_state_str(CS_STATE_SECURE), "secure");
	assert_string_equal(cs_state_str(CS_STATE_BOGUS), "bogus");
	assert_string_equal(cs_state_str((cs_state)4), "unknown");
	assert_string_equal(cs_answer_kind_str(CS_ANSWER_DATA), "data");
	assert_string_equal(cs_answer_kind_str(CS_ANSWER_NONE), "none");
	assert_string_equal(cs_answer_kind_str((cs_answer_kind)4), "unknown");
	assert_string_equal(cs_sig_status_str(CS_SIG_VALID), "valid");
	assert_string_equal(cs_sig_status_str(CS_SIG_NOT_CHECKED), "not-checked");
	assert_string_equal(cs_sig_status_str((cs_sig_status)12), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_signature_is_secure),
	    cmocka_unit_test(labels_above_owner),
	    cmocka_unit_test(signer_not_the_zone),
	    cmocka_unit_test(altered_signature),
	    cmocka_unit_test(unknown_key_tag),
	    cmocka_unit_test(algorithm_not_the_keys),
	    cmocka_unit_test(expired),
	    cmocka_unit_test(not_yet_valid),
	    cmocka_unit_test(validity_edges),
	    cmocka_unit_test(expiring_soon),
	    cmocka_unit_test(one_valid_among_bad),
	    cmocka_unit_test(verification_limit),
	    cmocka_unit_test(unsigned_answer),
	    cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
