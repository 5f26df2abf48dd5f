/*
 * test_an_records.c - the analyzer's record checks (an_records.c) on
 * synthetic captures: the SOA of the root zone (the checks look at the
 * apex SOA, DNSKEY and the DS), its signature
 * valid for more or less than the 2 to 90 days a signer should use, served
 * with a TTL above its signature's Original TTL (RFC 4034 §3.1.4), and
 * cached past its expiration (RFC 4035 §5.3.3); at the edges of each rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"

/* The root's SOA signed with o and served with TTL ttl (0: FX_TTL); the
 * query is the SOA itself. */
static cs_analysis *answer(fx_sig_opts o, uint32_t ttl)
{
	fx_capture f;
	fx_key k;
	fx_key_make(&k, ".", 1);
	fx_capture_begin(&f, ".", CS_TYPE_SOA, &k);
	fx_capture_zone(&f, ".", ".", FX_ROOT);
	fx_msg keys = {0};
	fx_msg_signed1(&keys, CS_SEC_ANSWER, &k, ".", CS_TYPE_DNSKEY, k.dnskey);
	fx_capture_resp(&f, FX_ROOT, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0, &keys);
	fx_msg m = {0};
	m.ttl = ttl;
	bytes soa = fx_soa(".");
	fx_msg_signed(&m, CS_SEC_ANSWER, &k, ".", CS_TYPE_SOA, &soa, 1, o);
	fx_capture_resp(&f, FX_ROOT, ".", ".", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &m);
	fx_root_target(&f, 0, &m);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

static cs_analysis *window(int64_t inception, int64_t expiration)
{
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.inception = inception;
	o.expiration = expiration;
	return answer(o, 0);
}

/* Over 90 days is long, under 2 days short; both edges are fine. */
static void validity_window(void **state)
{
	(void)state;
	int64_t start = FX_NOW - FX_DAY;
	struct {
		int64_t length;
		cs_finding_code code; /* CS_F_COUNT: none */
	} cases[] = {
	    {90 * FX_DAY, CS_F_COUNT},
	    {90 * FX_DAY + 1, CS_F_RRSIG_VALIDITY_LONG},
	    {2 * FX_DAY, CS_F_COUNT},
	    {2 * FX_DAY - 1, CS_F_RRSIG_VALIDITY_SHORT},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_analysis *a = window(start, start + cases[i].length);
		FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
		if (cases[i].code == CS_F_COUNT) {
			FX_EXPECT_NO_CODE(a, CS_F_RRSIG_VALIDITY_LONG);
			FX_EXPECT_NO_CODE(a, CS_F_RRSIG_VALIDITY_SHORT);
		} else {
			FX_EXPECT_CODE(a, cases[i].code);
		}
		fx_release(&a);
	}
}

/* The validity in the message: days (and hours) from 2 days on, hours and
 * minutes from one hour on, minutes and seconds below; at each edge. */
static void validity_spans(void **state)
{
	(void)state;
	struct {
		int64_t length;
		const char *text;
	} cases[] = {
	    {3599, "is valid for 59m 59s ("},
	    {3600, "is valid for 1h 0m ("},
	    {2 * FX_DAY - 60, "is valid for 47h 59m ("},
	    {91 * FX_DAY, "is valid for 91 days ("},
	    {91 * FX_DAY + 3600, "is valid for 91d 1h ("},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_analysis *a = window(FX_NOW - 60, FX_NOW - 60 + cases[i].length);
		const char *m = NULL;
		for (size_t k = 0; k < a->nfindings; k++)
			if (a->findings[k].code == CS_F_RRSIG_VALIDITY_LONG ||
			    a->findings[k].code == CS_F_RRSIG_VALIDITY_SHORT)
				m = a->findings[k].message;
		if (m == NULL || strstr(m, cases[i].text) == NULL) {
			fx_dump(a);
			fail_msg("case %zu: '%s' not in the validity finding", i, cases[i].text);
		}
		fx_release(&a);
	}
}

/* Served TTL above the Original TTL: reported; equal: fine. */
static void original_ttl(void **state)
{
	(void)state;
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.orig_ttl = 299;
	cs_analysis *a = answer(o, 300);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_CODE(a, CS_F_RRSIG_ORIGINAL_TTL_LOW);
	fx_release(&a);
	o.orig_ttl = 300;
	a = answer(o, 300);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_ORIGINAL_TTL_LOW);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
}

/* A copy cached for the TTL (300 s) would outlive a signature that
 * expires sooner; expiring exactly when the cache does is fine. */
static void ttl_beyond_expiration(void **state)
{
	(void)state;
	cs_analysis *a = window(FX_NOW - FX_DAY, FX_NOW + 299);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_CODE(a, CS_F_RRSIG_TTL_BEYOND_EXPIRATION);
	fx_release(&a);
	a = window(FX_NOW - FX_DAY, FX_NOW + 300);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_TTL_BEYOND_EXPIRATION);
	fx_release(&a);
	/* A lower served TTL is what a validator keeps. */
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.expiration = FX_NOW + 200;
	a = answer(o, 100);
	FX_EXPECT_NO_CODE(a, CS_F_RRSIG_TTL_BEYOND_EXPIRATION);
	FX_EXPECT_CODE(a, CS_F_RRSIG_EXPIRING);
	fx_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(validity_window),
	    cmocka_unit_test(validity_spans),
	    cmocka_unit_test(original_ttl),
	    cmocka_unit_test(ttl_beyond_expiration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
