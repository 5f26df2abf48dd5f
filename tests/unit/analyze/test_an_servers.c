/*
 * test_an_servers.c - the analyzer's server checks (an_chain.c's server
 * health and an_servers.c) on synthetic captures: the root zone served at
 * two addresses, A (FX_ROOT) always right and B changed one way per test:
 * silent, not authoritative, refusing, on another SOA serial, serving a
 * broken signature. The verdict, the finding codes, and which server each
 * finding and state names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"

#define B_ADDR "127.0.0.3"

typedef enum {
	B_SAME,
	B_SILENT,	/* every query times out */
	B_NOT_AA,	/* answers without the AA bit */
	B_REFUSES_KEYS, /* REFUSED to DNSKEY, the rest answered */
	B_OLD_SERIAL,	/* serves serial 0 (A serves 1) */
	B_BAD_ANSWER,	/* the answer's signature is altered */
	B_NO_EDNS,	/* answers a plain SOA query, none with EDNS */
	B_CONN_REFUSED, /* every query: connection refused */
	B_NET_ERROR,	/* every query: a socket error */
	B_SKIPPED,	/* every query skipped (the server found dead earlier) */
	B_MALFORMED,	/* every response is garbage */
} b_kind;

/* Every query to srv fails with result (an answer: octets that do not
 * parse as DNS). */
static void fail_all(fx_capture *f, const char *srv, cs_qresult result)
{
	static const struct {
		const char *qname;
		uint16_t type;
		cs_qpurpose purpose;
	} qs[] = {{".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY},
		  {".", CS_TYPE_SOA, CS_QPURPOSE_SOA},
		  {"d.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET}};
	static const uint8_t garbage[] = {0x00, 0x01, 'g', 'a', 'r', 'b', 'a', 'g', 'e'};
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		cs_capture_query *q =
		    fx_capture_query(f, srv, ".", qs[i].qname, qs[i].type, qs[i].purpose, result);
		if (result == CS_QRESULT_ANSWER)
			assert_int_equal(cs_capture_set_response(f->c, q, garbage, sizeof(garbage)),
					 CS_OK);
	}
}

/* Everything B answers for the zone apex and the query d.w. TXT. */
static void serve(fx_capture *f, const fx_key *k, const char *srv, b_kind kind)
{
	static const cs_qresult fails[] = {
	    [B_CONN_REFUSED] = CS_QRESULT_REFUSED,
	    [B_NET_ERROR] = CS_QRESULT_NETERROR,
	    [B_SKIPPED] = CS_QRESULT_SKIPPED,
	    [B_MALFORMED] = CS_QRESULT_ANSWER,
	};
	if (kind >= B_CONN_REFUSED) {
		fail_all(f, srv, fails[kind]);
		return;
	}
	if (kind != B_SILENT) {
		/* The probe's query without EDNS: every server that answers at
		 * all answers it. */
		fx_msg soa = {0};
		bytes r = fx_soa(".");
		fx_msg_rr(&soa, CS_SEC_ANSWER, ".", CS_TYPE_SOA, &r);
		cs_capture_query *q = fx_capture_resp_aa(f, srv, ".", ".", CS_TYPE_SOA,
							 CS_QPURPOSE_PLAIN, 0, true, &soa);
		q->edns_size = 0;
		q->do_bit = false;
	}
	if (kind == B_SILENT || kind == B_NO_EDNS) {
		fx_capture_query(f, srv, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY,
				 CS_QRESULT_TIMEOUT);
		fx_capture_query(f, srv, ".", ".", CS_TYPE_SOA, CS_QPURPOSE_SOA,
				 CS_QRESULT_TIMEOUT);
		fx_capture_query(f, srv, ".", "d.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET,
				 CS_QRESULT_TIMEOUT);
		return;
	}
	bool aa = kind != B_NOT_AA;
	fx_msg keys = {0}, soa = {0}, ans = {0};
	fx_msg_signed1(&keys, CS_SEC_ANSWER, k, ".", CS_TYPE_DNSKEY, k->dnskey);
	fx_msg_signed1(&soa, CS_SEC_ANSWER, k, ".", CS_TYPE_SOA,
		       fx_soa_serial(".", kind == B_OLD_SERIAL ? 0 : 1));
	bytes txt = fx_txt("x");
	fx_sig_opts o = FX_SIG_DEFAULT;
	o.corrupt = kind == B_BAD_ANSWER;
	fx_msg_signed(&ans, CS_SEC_ANSWER, k, "d.w.", CS_TYPE_TXT, &txt, 1, o);
	if (kind == B_REFUSES_KEYS) {
		fx_msg none = {0};
		fx_capture_resp_aa(f, srv, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY,
				   CS_RCODE_REFUSED, false, &none);
	} else {
		fx_capture_resp_aa(f, srv, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0, aa,
				   &keys);
	}
	fx_capture_resp_aa(f, srv, ".", ".", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, aa, &soa);
	fx_capture_resp_aa(f, srv, ".", "d.w.", CS_TYPE_TXT, CS_QPURPOSE_TARGET, 0, aa, &ans);
}

static cs_analysis *two_servers(b_kind kind)
{
	fx_capture f;
	fx_key k;
	fx_key_make(&k, ".", 1);
	fx_capture_begin(&f, "d.w.", CS_TYPE_TXT, &k);
	const char *addrs[2] = {FX_ROOT, B_ADDR};
	fx_capture_zone_n(&f, ".", ".", addrs, 2);
	serve(&f, &k, FX_ROOT, B_SAME);
	serve(&f, &k, B_ADDR, kind);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&k);
	return a;
}

/* The finding with code; fails the test when there is none. */
static const cs_finding *finding(const cs_analysis *a, cs_finding_code code)
{
	for (size_t i = 0; i < a->nfindings; i++)
		if (a->findings[i].code == code)
			return &a->findings[i];
	fx_dump(a);
	fail_msg("no finding %d", code);
	return NULL;
}

static void names_only_b(const cs_finding *f)
{
	assert_int_equal(f->nservers, 1);
	assert_string_equal(f->servers[0], B_ADDR);
}

static const cs_server_view *server_b(const cs_analysis *a)
{
	assert_int_equal(a->nzones, 1);
	assert_int_equal(a->zones[0].nservers, 2);
	assert_string_equal(a->zones[0].servers[1].address, B_ADDR);
	return &a->zones[0].servers[1];
}

static void both_right(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_SAME);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->nfindings, 0);
	assert_int_equal(a->zones[0].servers[0].state, CS_STATE_SECURE);
	assert_int_equal(server_b(a)->state, CS_STATE_SECURE);
	assert_int_equal(a->zones[0].ndnskey, 1); /* one variant, from both */
	assert_int_equal(a->zones[0].dnskey[0].nservers, 2);
	fx_release(&a);
}

static void silent_server(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_SILENT);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE); /* A answers */
	names_only_b(finding(a, CS_F_SERVER_TIMEOUT));
	assert_false(server_b(a)->answered);
	assert_int_equal(server_b(a)->state, CS_STATE_INDETERMINATE);
	assert_int_equal(a->counts[CS_SEV_ERROR], 0);
	fx_release(&a);
}

/* A server that never answers is named by why: timeouts (or skipped as
 * dead) are SERVER_TIMEOUT, refused connections and socket errors
 * SERVER_UNREACHABLE, garbage SERVER_MALFORMED; one code each. The other
 * server answers, so the verdict stands. */
static void failing_server(void **state)
{
	(void)state;
	static const struct {
		b_kind kind;
		cs_finding_code code;
	} cases[] = {
	    {B_SILENT, CS_F_SERVER_TIMEOUT},	       {B_SKIPPED, CS_F_SERVER_TIMEOUT},
	    {B_CONN_REFUSED, CS_F_SERVER_UNREACHABLE}, {B_NET_ERROR, CS_F_SERVER_UNREACHABLE},
	    {B_MALFORMED, CS_F_SERVER_MALFORMED},
	};
	static const cs_finding_code all[] = {CS_F_SERVER_TIMEOUT, CS_F_SERVER_UNREACHABLE,
					      CS_F_SERVER_MALFORMED};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_analysis *a = two_servers(cases[i].kind);
		FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
		names_only_b(finding(a, cases[i].code));
		for (size_t c = 0; c < sizeof(all) / sizeof(all[0]); c++)
			if (all[c] != cases[i].code)
				FX_EXPECT_NO_CODE(a, all[c]);
		assert_false(server_b(a)->answered);
		assert_int_equal(server_b(a)->state, CS_STATE_INDETERMINATE);
		assert_true(a->zones[0].servers[0].answered);
		fx_release(&a);
	}
}

static void not_authoritative(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_NOT_AA);
	names_only_b(finding(a, CS_F_SERVER_LAME));
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_TIMEOUT);
	fx_release(&a);
}

static void refuses_some(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_REFUSES_KEYS);
	names_only_b(finding(a, CS_F_SERVER_REFUSED));
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_LAME); /* its SOA answers are fine */
	fx_release(&a);
}

static void serials_differ(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_OLD_SERIAL);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	/* B lags behind serial 1: only B is named. */
	names_only_b(finding(a, CS_F_SERVERS_SOA_SERIAL_DIFFER));
	fx_release(&a);
}

/* One server's answer fails: that server is bogus and named; a resolver
 * that asks the other gets a secure answer, so the verdict stays secure,
 * but the error finding remains. */
static void one_server_bogus(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_BAD_ANSWER);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	names_only_b(finding(a, CS_F_RRSIG_CRYPTO_FAILED));
	assert_int_equal(server_b(a)->state, CS_STATE_BOGUS);
	assert_int_equal(a->zones[0].servers[0].state, CS_STATE_SECURE);
	assert_int_equal(a->counts[CS_SEV_ERROR], 1);
	fx_release(&a);
}

/* RFC 6891 §7: a server that answers only without EDNS cannot serve
 * DNSSEC; it is named and bogus. */
static void edns_downgrade(void **state)
{
	(void)state;
	cs_analysis *a = two_servers(B_NO_EDNS);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	names_only_b(finding(a, CS_F_SERVER_EDNS_DOWNGRADE));
	assert_int_equal(server_b(a)->state, CS_STATE_BOGUS);
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_TIMEOUT);
	/* Its EDNS queries are unanswered: the downgrade says it all. */
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_QUERY_TIMEOUT);
	fx_release(&a);
	/* A silent server is no downgrade. */
	a = two_servers(B_SILENT);
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_EDNS_DOWNGRADE);
	fx_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(both_right),	 cmocka_unit_test(silent_server),
	    cmocka_unit_test(not_authoritative), cmocka_unit_test(refuses_some),
	    cmocka_unit_test(serials_differ),	 cmocka_unit_test(one_server_bogus),
	    cmocka_unit_test(edns_downgrade),	 cmocka_unit_test(failing_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
