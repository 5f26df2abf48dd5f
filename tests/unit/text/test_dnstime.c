/*
 * test_dnstime - core/dnstime: civil dates to epoch seconds, the RRSIG
 * time field (RFC 4034 §3.1.5 wire value, §3.2 presentation forms), serial
 * number arithmetic across the 2^32 wrap (RFC 1982 §3, as RFC 4034 §3.1.5
 * requires), and the absolute times a user may type.
 *
 * Expected epoch values were computed independently (GNU date -u).
 */
#include "text/dnstime.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#define TWO32 4294967296LL

static void test_from_civil_known_values(void **state)
{
	(void)state;
	assert_int_equal(cs_time_from_civil(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(cs_time_from_civil(1969, 12, 31, 23, 59, 59), -1);
	assert_int_equal(cs_time_from_civil(2000, 1, 1, 0, 0, 0), 946684800);
	assert_int_equal(cs_time_from_civil(2024, 2, 29, 0, 0, 0), 1709164800); /* leap day */
	assert_int_equal(cs_time_from_civil(1900, 3, 1, 0, 0, 0), -2203891200LL);
	assert_int_equal(cs_time_from_civil(2100, 3, 1, 0, 0, 0), 4107542400LL);
	/* 2^31 and 2^32 seconds: where signed and unsigned 32-bit time end. */
	assert_int_equal(cs_time_from_civil(2038, 1, 19, 3, 14, 8), 2147483648LL);
	assert_int_equal(cs_time_from_civil(2106, 2, 7, 6, 28, 16), TWO32);
	/* The RFC 4034 §3.3 RRSIG example's expiration. */
	assert_int_equal(cs_time_from_civil(2003, 3, 22, 17, 31, 3), 1048354263);
}

/* 1900 and 2100 are not leap years, 2000 is (Gregorian rule). */
static void test_from_civil_century_rules(void **state)
{
	(void)state;
	assert_int_equal(cs_time_from_civil(1900, 3, 1, 0, 0, 0) -
			     cs_time_from_civil(1900, 2, 28, 0, 0, 0),
			 86400);
	assert_int_equal(cs_time_from_civil(2000, 3, 1, 0, 0, 0) -
			     cs_time_from_civil(2000, 2, 28, 0, 0, 0),
			 2 * 86400);
	assert_int_equal(cs_time_from_civil(2100, 3, 1, 0, 0, 0) -
			     cs_time_from_civil(2100, 2, 28, 0, 0, 0),
			 86400);
}

static void test_format_compact_and_iso(void **state)
{
	(void)state;
	char c[16], iso[24];
	assert_string_equal(cs_time_format_compact(946684800, c), "20000101000000");
	assert_string_equal(cs_time_format_iso(946684800, iso), "2000-01-01T00:00:00Z");
	assert_string_equal(cs_time_format_compact(1048354263, c), "20030322173103");
	assert_string_equal(cs_time_format_iso(1048354263, iso), "2003-03-22T17:31:03Z");
	assert_string_equal(cs_time_format_compact(1709164800 + 86399, c), "20240229235959");
	assert_string_equal(cs_time_format_iso(-1, iso), "1969-12-31T23:59:59Z");
	assert_string_equal(cs_time_format_compact(TWO32, c), "21060207062816");
	/* The functions return their buffer. */
	assert_ptr_equal(cs_time_format_compact(0, c), c);
	assert_ptr_equal(cs_time_format_iso(0, iso), iso);
}

/* Years outside 0..9999 are clamped so the text keeps its fixed width. */
static void test_format_clamps_years(void **state)
{
	(void)state;
	char c[16], iso[24];
	cs_time_format_compact(cs_time_from_civil(12000, 6, 1, 0, 0, 0), c);
	assert_int_equal(strlen(c), 14);
	assert_memory_equal(c, "9999", 4);
	cs_time_format_iso(cs_time_from_civil(-50, 6, 1, 0, 0, 0), iso);
	assert_int_equal(strlen(iso), 20);
	assert_memory_equal(iso, "0000-", 5);
}

static uint32_t rrsig_ok(const char *text)
{
	uint32_t v = 0xDEADBEEF;
	assert_int_equal(cs_time_parse_rrsig(text, strlen(text), &v), CS_OK);
	return v;
}

static void assert_rrsig_err(const char *text, cs_err expect)
{
	uint32_t v = 0xDEADBEEF;
	cs_err err = cs_time_parse_rrsig(text, strlen(text), &v);
	if (err != expect)
		fail_msg("\"%s\" gave %s (value %lu), expected %s", text, cs_errtoken(err),
			 (unsigned long)v, cs_errtoken(expect));
	assert_int_equal(v, 0xDEADBEEF); /* untouched on error */
}

/* RFC 4034 §3.2: the field is either YYYYMMDDHHmmSS (UTC) or an unsigned
 * decimal number of seconds; both denote the same 32-bit value. */
static void test_parse_rrsig_forms(void **state)
{
	(void)state;
	assert_int_equal(rrsig_ok("20030322173103"), 1048354263);
	assert_int_equal(rrsig_ok("1048354263"), 1048354263);
	assert_int_equal(rrsig_ok("20030220173103"), 1045762263);
	assert_int_equal(rrsig_ok("0"), 0);
	assert_int_equal(rrsig_ok("4294967295"), 4294967295u);
	/* Dates past 2106 are taken modulo 2^32 (RFC 4034 §3.1.5). */
	assert_int_equal(rrsig_ok("21060207062816"), 0);
	assert_int_equal(rrsig_ok("21060207062817"), 1);
}

static void test_parse_rrsig_rejects(void **state)
{
	(void)state;
	assert_rrsig_err("", CS_ESYNTAX);
	assert_rrsig_err("4294967296", CS_ERANGE);
	assert_rrsig_err("9999999999", CS_ERANGE);
	assert_rrsig_err("12345678901", CS_ESYNTAX);	/* 11 digits: neither form */
	assert_rrsig_err("2003032217310", CS_ESYNTAX);	/* 13 digits */
	assert_rrsig_err("2003032217310x", CS_ESYNTAX); /* not a digit */
	assert_rrsig_err("20031322173103", CS_ESYNTAX); /* month 13 */
	assert_rrsig_err("20030300173103", CS_ESYNTAX); /* day 0 */
	assert_rrsig_err("20030322243103", CS_ESYNTAX); /* hour 24 */
	assert_rrsig_err("20030322176003", CS_ESYNTAX); /* minute 60 */
	assert_rrsig_err("-1", CS_ESYNTAX);
	assert_rrsig_err("+5", CS_ESYNTAX);
	assert_rrsig_err("12 4", CS_ESYNTAX);
}

/* A calendar date that does not exist (RFC 4034 §3.2 fields are a real
 * UTC date; ISO 8601 likewise) is a syntax error, not silently a day of the
 * next month: February has 28 days outside leap years, April has 30. */
static void test_parse_rejects_nonexistent_dates(void **state)
{
	(void)state;
	assert_rrsig_err("20230229000000", CS_ESYNTAX);
	assert_rrsig_err("20240230000000", CS_ESYNTAX);
	assert_rrsig_err("20240431000000", CS_ESYNTAX);
	assert_rrsig_err("21000229000000", CS_ESYNTAX); /* 2100 is not a leap year */
	assert_int_equal(rrsig_ok("20240229000000"), 1709164800);
	assert_int_equal(rrsig_ok("20000229000000"), 951782400);
	assert_int_equal(rrsig_ok("20240131235959"), 1706745599);
	int64_t v = 5;
	assert_int_equal(cs_time_parse_iso("2023-02-29", &v), CS_ESYNTAX);
	assert_int_equal(cs_time_parse_iso("2024-06-31T00:00:00Z", &v), CS_ESYNTAX);
	assert_int_equal(cs_time_parse_iso("20230229000000", &v), CS_ESYNTAX);
	assert_int_equal(v, 5);
}

/* RFC 4034 §3.1.5: the 32-bit value is the time within 2^31 seconds of now
 * (RFC 1982 serial arithmetic), so signatures keep working across the
 * 2106 wrap and before it. */
static void test_resolve_serial_arithmetic(void **state)
{
	(void)state;
	const int64_t now = 1700000000;
	assert_int_equal(cs_dnstime_resolve(1700000100, now), 1700000100);
	assert_int_equal(cs_dnstime_resolve(1699999900, now), 1699999900);
	/* Nearly 2^31 either side still resolves near now. */
	assert_int_equal(cs_dnstime_resolve((uint32_t)(now + 2147483647LL), now),
			 now + 2147483647LL);
	assert_int_equal(cs_dnstime_resolve((uint32_t)(now - 2147483647LL), now),
			 now - 2147483647LL);

	/* Just before the wrap, a small value lies in the future after it. */
	const int64_t before = TWO32 - 100;
	assert_int_equal(cs_dnstime_resolve(50, before), TWO32 + 50);
	assert_int_equal(cs_dnstime_resolve(0xFFFFFF00u, before), (int64_t)0xFFFFFF00u);
	/* Just after it, a large value lies in the past before it. */
	const int64_t after = TWO32 + 100;
	assert_int_equal(cs_dnstime_resolve(0xFFFFFFCEu, after), TWO32 - 50);
	assert_int_equal(cs_dnstime_resolve(200, after), TWO32 + 200);
	/* Two wraps on, the same rule holds. */
	assert_int_equal(cs_dnstime_resolve(10, 2 * TWO32 - 10), 2 * TWO32 + 10);
}

static int64_t iso_ok(const char *text)
{
	int64_t v = 0x5A5A5A5A;
	assert_int_equal(cs_time_parse_iso(text, &v), CS_OK);
	return v;
}

static void test_parse_iso_forms(void **state)
{
	(void)state;
	assert_int_equal(iso_ok("2000-01-01"), 946684800);
	assert_int_equal(iso_ok("2000-01-01T12:34"), 946684800 + 12 * 3600 + 34 * 60);
	assert_int_equal(iso_ok("2000-01-01T12:34:56"), 946684800 + 45296);
	assert_int_equal(iso_ok("2000-01-01T12:34:56Z"), 946684800 + 45296);
	assert_int_equal(iso_ok("2000-01-01t12:34:56z"), 946684800 + 45296);
	assert_int_equal(iso_ok("2000-01-01 12:34:56"), 946684800 + 45296);
	assert_int_equal(iso_ok("2000-01-01Z"), 946684800);
	assert_int_equal(iso_ok("20030322173103"), 1048354263);
	assert_int_equal(iso_ok("@946684800"), 946684800);
	assert_int_equal(iso_ok("@0"), 0);
	assert_int_equal(iso_ok("@-1"), -1);
	assert_int_equal(iso_ok("@4294967296"), TWO32);
}

static void test_parse_iso_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "@",
	    "@-",
	    "@12a",
	    "@ 1",
	    "2000",
	    "2000-1-01",
	    "2000/01/01",
	    "2000-01-01T",
	    "2000-01-01T12",
	    "2000-01-01T12:3",
	    "2000-01-01T12:34:5",
	    "2000-01-01T12:34:56ZZ",
	    "2000-01-01X",
	    "2000-13-01",
	    "2000-00-10",
	    "2000-01-32",
	    "2000-01-01T24:00",
	    "2000-01-01T23:60",
	    "2000013100000",
	    "20001301000000",
	    "yesterday",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 77;
		cs_err err = cs_time_parse_iso(bad[i], &v);
		if (err != CS_ESYNTAX)
			fail_msg("\"%s\" gave %s, expected a syntax error", bad[i],
				 cs_errtoken(err));
		assert_int_equal(v, 77);
	}
}

/* Formatting then parsing gives the same instant, for every form. */
static void test_format_parse_round_trip(void **state)
{
	(void)state;
	for (int64_t t = 0; t < 4 * TWO32; t += 98765431) {
		char c[16], iso[24];
		int64_t back;
		assert_int_equal(cs_time_parse_iso(cs_time_format_compact(t, c), &back), CS_OK);
		assert_int_equal(back, t);
		assert_int_equal(cs_time_parse_iso(cs_time_format_iso(t, iso), &back), CS_OK);
		assert_int_equal(back, t);
		uint32_t wire;
		assert_int_equal(cs_time_parse_rrsig(c, strlen(c), &wire), CS_OK);
		assert_int_equal(wire, (uint32_t)t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_from_civil_known_values),
	    cmocka_unit_test(test_from_civil_century_rules),
	    cmocka_unit_test(test_format_compact_and_iso),
	    cmocka_unit_test(test_format_clamps_years),
	    cmocka_unit_test(test_parse_rrsig_forms),
	    cmocka_unit_test(test_parse_rrsig_rejects),
	    cmocka_unit_test(test_parse_rejects_nonexistent_dates),
	    cmocka_unit_test(test_resolve_serial_arithmetic),
	    cmocka_unit_test(test_parse_iso_forms),
	    cmocka_unit_test(test_parse_iso_rejects),
	    cmocka_unit_test(test_format_parse_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
