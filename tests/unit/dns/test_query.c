/*
 * test_query - core/dns/query: the names of the query enums. They are the
 * strings of a capture's "transport", "purpose" and "result" keys
 * (docs/capture-format.md, "A query"), so they are spelled out here; the
 * capture reader maps a string back to the first value whose name equals
 * it, which is done the same way here to check the round trip. Values
 * outside an enum get a name that is none of the real ones; never NULL.
 */
#include "dns/query.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

static const char *const RESULTS[] = {
    [CS_QRESULT_ANSWER] = "answer",   [CS_QRESULT_TIMEOUT] = "timeout",
    [CS_QRESULT_REFUSED] = "refused", [CS_QRESULT_NETERROR] = "network-error",
    [CS_QRESULT_SKIPPED] = "skipped", [CS_QRESULT_LIMIT] = "limit",
};

static const char *const PURPOSES[] = {
    [CS_QPURPOSE_REFERRAL] = "referral", [CS_QPURPOSE_TARGET] = "target",
    [CS_QPURPOSE_DNSKEY] = "dnskey",	 [CS_QPURPOSE_DS] = "ds",
    [CS_QPURPOSE_SOA] = "soa",		 [CS_QPURPOSE_NS] = "ns",
    [CS_QPURPOSE_CDS] = "cds",		 [CS_QPURPOSE_CDNSKEY] = "cdnskey",
    [CS_QPURPOSE_NXNAME] = "nxname",	 [CS_QPURPOSE_NXTYPE] = "nxtype",
    [CS_QPURPOSE_ADDRESS] = "address",	 [CS_QPURPOSE_PLAIN] = "plain",
};

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

static const char *result_name(unsigned i)
{
	return cs_qresult_str((cs_qresult)i);
}

static const char *purpose_name(unsigned i)
{
	return cs_qpurpose_str((cs_qpurpose)i);
}

static const char *transport_name(unsigned i)
{
	return cs_transport_str((cs_transport)i);
}

/* The capture reader's lookup: the first value named s, or count. */
static unsigned lookup(const char *(*name_of)(unsigned), unsigned count, const char *s)
{
	for (unsigned i = 0; i < count; i++)
		if (strcmp(name_of(i), s) == 0)
			return i;
	return count;
}

/* Every result has its documented name and reads back as itself. */
static void test_results(void **state)
{
	(void)state;
	assert_int_equal(CS_QRESULT_COUNT, COUNT(RESULTS));
	for (unsigned i = 0; i < CS_QRESULT_COUNT; i++) {
		assert_string_equal(cs_qresult_str((cs_qresult)i), RESULTS[i]);
		assert_int_equal(lookup(result_name, CS_QRESULT_COUNT, RESULTS[i]), i);
	}
	assert_int_equal(lookup(result_name, CS_QRESULT_COUNT, "Answer"), CS_QRESULT_COUNT);
}

/* Every purpose has its documented name and reads back as itself. */
static void test_purposes(void **state)
{
	(void)state;
	assert_int_equal(CS_QPURPOSE_COUNT, COUNT(PURPOSES));
	for (unsigned i = 0; i < CS_QPURPOSE_COUNT; i++) {
		assert_string_equal(cs_qpurpose_str((cs_qpurpose)i), PURPOSES[i]);
		assert_int_equal(lookup(purpose_name, CS_QPURPOSE_COUNT, PURPOSES[i]), i);
	}
}

/* Both transports, and their round trip over the two values the capture
 * reader accepts. */
static void test_transports(void **state)
{
	(void)state;
	assert_int_equal(CS_TRANSPORT_UDP, 0);
	assert_int_equal(CS_TRANSPORT_TCP, 1);
	assert_string_equal(cs_transport_str(CS_TRANSPORT_UDP), "udp");
	assert_string_equal(cs_transport_str(CS_TRANSPORT_TCP), "tcp");
	assert_int_equal(lookup(transport_name, 2, "udp"), CS_TRANSPORT_UDP);
	assert_int_equal(lookup(transport_name, 2, "tcp"), CS_TRANSPORT_TCP);
	assert_int_equal(lookup(transport_name, 2, "TCP"), 2);
}

/* Out-of-range values get a name that is not a real one, never NULL. */
static void test_out_of_range(void **state)
{
	(void)state;
	const char *r = cs_qresult_str(CS_QRESULT_COUNT);
	assert_string_equal(r, "unknown");
	assert_string_equal(cs_qresult_str((cs_qresult)-1), "unknown");
	assert_int_equal(lookup(result_name, CS_QRESULT_COUNT, r), CS_QRESULT_COUNT);
	const char *p = cs_qpurpose_str(CS_QPURPOSE_COUNT);
	assert_string_equal(p, "unknown");
	assert_string_equal(cs_qpurpose_str((cs_qpurpose)-1), "unknown");
	assert_int_equal(lookup(purpose_name, CS_QPURPOSE_COUNT, p), CS_QPURPOSE_COUNT);
	assert_non_null(cs_transport_str((cs_transport)7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_results),
	    cmocka_unit_test(test_purposes),
	    cmocka_unit_test(test_transports),
	    cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
