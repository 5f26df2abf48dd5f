/*
 * test_dname - core/dns/dname: the CNAME target a DNAME synthesises
 * (RFC 6672 §2.2), its limits, and finding the DNAME of a response.
 */
#include "dns/dname.h"
#include "dns/rrtype.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static cs_name N(const char *s)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(s, strlen(s), NULL, &n), CS_OK);
	return n;
}

static void test_substitute(void **state)
{
	(void)state;
	cs_name q = N("www.sec.dname.example."), o = N("sec.dname.example."),
		t = N("valid.example."), out;
	assert_int_equal(cs_dname_substitute(&q, &o, &t, &out), CS_OK);
	char b[CS_NAME_TEXT_MAX];
	assert_int_equal(cs_name_to_text(&out, b, sizeof(b)) > 0, 1);
	assert_string_equal(b, "www.valid.example.");
	/* Several labels above the owner, the owner in another case, the root
	 * as target. */
	q = N("a.b.SEC.dname.example.");
	t = N(".");
	assert_int_equal(cs_dname_substitute(&q, &o, &t, &out), CS_OK);
	cs_name_to_text(&out, b, sizeof(b));
	assert_string_equal(b, "a.b.");
	/* Not strictly below: the owner itself, a sibling, a parent. */
	cs_name keep = out;
	assert_int_equal(cs_dname_substitute(&o, &o, &t, &out), CS_EINVAL);
	q = N("www.other.example.");
	assert_int_equal(cs_dname_substitute(&q, &o, &t, &out), CS_EINVAL);
	assert_true(cs_name_equal(&out, &keep));
	/* Longer than 255 octets: YXDOMAIN. */
	char longt[300] = "";
	for (int i = 0; i < 4; i++)
		strcat(longt, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	t = N(longt);
	q = N("xxxxxxxxxxxxxxxxxxxx.sec.dname.example.");
	assert_int_equal(cs_dname_substitute(&q, &o, &t, &out), CS_ENAMELEN);
}

static void test_dname_of_response(void **state)
{
	(void)state;
	cs_name owner = N("sec.dname.example."), target = N("valid.example.");
	cs_rr rrs[2];
	memset(rrs, 0, sizeof(rrs));
	rrs[0].owner = owner;
	rrs[0].type = CS_TYPE_DNAME;
	rrs[0].rdata = target.data;
	rrs[0].rdlen = target.len;
	rrs[1].owner = N("www.sec.dname.example.");
	rrs[1].type = CS_TYPE_CNAME;
	cs_msg m;
	memset(&m, 0, sizeof(m));
	m.sections[CS_SEC_ANSWER] = rrs;
	m.counts[CS_SEC_ANSWER] = 2;
	cs_name q = N("www.sec.dname.example."), out;
	assert_ptr_equal(cs_dname_for(&m, &q), &rrs[0]);
	assert_int_equal(cs_dname_target(&m, &q, &out), CS_OK);
	char b[CS_NAME_TEXT_MAX];
	cs_name_to_text(&out, b, sizeof(b));
	assert_string_equal(b, "www.valid.example.");
	/* The DNAME's own name, and names elsewhere, have none. */
	assert_null(cs_dname_for(&m, &owner));
	q = N("www.example.");
	assert_int_equal(cs_dname_target(&m, &q, &out), CS_ENOTFOUND);
	/* Damaged RDATA is not used. */
	rrs[0].rdata_err = CS_ERDATA;
	q = N("www.sec.dname.example.");
	assert_null(cs_dname_for(&m, &q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_substitute),
	    cmocka_unit_test(test_dname_of_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
