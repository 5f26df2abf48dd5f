/*
 * test_rrtype - core/dns/rrtype: RR type and class mnemonics. What
 * rrtype.h promises: known types and classes by name both ways, ignoring
 * case when parsing; every other value as the RFC 3597 §5 generic form
 * "TYPEnnn" / "CLASSnnn" (decimal), which also parses for known values;
 * anything else is CS_EUNKNOWN; parsing reads exactly len characters.
 */
#include "dns/rrtype.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

/* Type numbers from the IANA registry, by defining RFC. */
static const struct {
	uint16_t type;
	const char *name;
} TYPES[] = {
    {1, "A"},		/* RFC 1035 §3.2.2 */
    {2, "NS"},		/* RFC 1035 §3.2.2 */
    {5, "CNAME"},	/* RFC 1035 §3.2.2 */
    {6, "SOA"},		/* RFC 1035 §3.2.2 */
    {12, "PTR"},	/* RFC 1035 §3.2.2 */
    {15, "MX"},		/* RFC 1035 §3.2.2 */
    {16, "TXT"},	/* RFC 1035 §3.2.2 */
    {28, "AAAA"},	/* RFC 3596 §2.1 */
    {33, "SRV"},	/* RFC 2782 */
    {39, "DNAME"},	/* RFC 6672 §2.1 */
    {41, "OPT"},	/* RFC 6891 §6.1.1 */
    {43, "DS"},		/* RFC 4034 §5 */
    {46, "RRSIG"},	/* RFC 4034 §3 */
    {47, "NSEC"},	/* RFC 4034 §4 */
    {48, "DNSKEY"},	/* RFC 4034 §2 */
    {50, "NSEC3"},	/* RFC 5155 §3 */
    {51, "NSEC3PARAM"}, /* RFC 5155 §4 */
    {59, "CDS"},	/* RFC 7344 §3.1 */
    {60, "CDNSKEY"},	/* RFC 7344 §3.2 */
    {61, "OPENPGPKEY"}, /* RFC 7929 §2.1 */
    {255, "ANY"},	/* RFC 1035 §3.2.3 ("*") */
    {257, "CAA"},	/* RFC 8659 §4 */
};

static void assert_type_text(const char *text, uint16_t want)
{
	uint16_t got = 0xBEEF;
	cs_err err = cs_rrtype_from_text(text, strlen(text), &got);
	if (err != CS_OK || got != want)
		fail_msg("\"%s\": %s, %u (want %u)", text, cs_errtoken(err), got, want);
}

static void assert_type_unknown(const char *text, size_t len)
{
	uint16_t got = 0;
	cs_err err = cs_rrtype_from_text(text, len, &got);
	if (err != CS_EUNKNOWN)
		fail_msg("\"%.*s\": %s, not unknown", (int)len, text, cs_errtoken(err));
}

static void assert_class_text(const char *text, uint16_t want)
{
	uint16_t got = 0xBEEF;
	cs_err err = cs_rrclass_from_text(text, strlen(text), &got);
	if (err != CS_OK || got != want)
		fail_msg("\"%s\": %s, %u (want %u)", text, cs_errtoken(err), got, want);
}

static void assert_class_unknown(const char *text)
{
	uint16_t got = 0;
	cs_err err = cs_rrclass_from_text(text, strlen(text), &got);
	if (err != CS_EUNKNOWN)
		fail_msg("\"%s\": %s, not unknown", text, cs_errtoken(err));
}

/* Known types: number to mnemonic and back, in any case. */
static void test_known_types_both_ways(void **state)
{
	(void)state;
	char buf[16];
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++) {
		assert_string_equal(cs_rrtype_str(TYPES[i].type, buf), TYPES[i].name);
		assert_type_text(TYPES[i].name, TYPES[i].type);
		char lower[16];
		size_t n = strlen(TYPES[i].name);
		for (size_t k = 0; k <= n; k++)
			lower[k] = (char)(TYPES[i].name[k] >= 'A' && TYPES[i].name[k] <= 'Z'
					      ? TYPES[i].name[k] + 32
					      : TYPES[i].name[k]);
		assert_type_text(lower, TYPES[i].type);
		assert_non_null(cs_rrtype_info_get(TYPES[i].type));
		assert_int_equal(cs_rrtype_info_get(TYPES[i].type)->type, TYPES[i].type);
	}
	assert_type_text("DnsKey", 48);
	assert_type_text("nSeC3pArAm", 51);
	/* The returned pointer is the caller's buffer. */
	assert_ptr_equal(cs_rrtype_str(1, buf), buf);
}

/* Types without an entry print as TYPEnnn (RFC 3597 §5), including the
 * extremes; TYPEnnn parses, in any case, also for known types. */
static void test_generic_type_form(void **state)
{
	(void)state;
	char buf[16];
	assert_string_equal(cs_rrtype_str(0, buf), "TYPE0");
	assert_string_equal(cs_rrtype_str(65280, buf), "TYPE65280"); /* private use */
	assert_string_equal(cs_rrtype_str(65535, buf), "TYPE65535");
	assert_string_equal(cs_rrtype_str(3, buf), "TYPE3");
	assert_null(cs_rrtype_info_get(0));
	assert_null(cs_rrtype_info_get(65280));
	assert_null(cs_rrtype_info_get(3));

	assert_type_text("TYPE0", 0);
	assert_type_text("TYPE65280", 65280);
	assert_type_text("type65280", 65280);
	assert_type_text("Type65535", 65535);
	assert_type_text("TYPE1", 1);
	assert_type_text("TYPE48", 48);
}

/* Anything else is unknown: unknown names, TYPE without digits, with
 * other characters, or beyond 16 bits. */
static void test_unknown_types(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",		 "FOO",	      "AA",	    "DNSKEYS",	      "DNSKE",	"TYPE",
	    "TYPE-1",	 "TYPE+1",    "TYPE1x",	    "TYPE 1",	      " A",	"A ",
	    "TYPE65536", "TYPE99999", "TYPE123456", "TYPE0x10",	      "CLASS1", "IN",
	    "TYP1",	 "TYPEA",     "*",	    "TYPE4294967297",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_type_unknown(bad[i], strlen(bad[i]));
}

/* Exactly len characters are read: a longer string is cut, a shorter len
 * is a different word. */
static void test_type_len_is_honoured(void **state)
{
	(void)state;
	uint16_t t = 0;
	assert_int_equal(cs_rrtype_from_text("DNSKEY trailing", 6, &t), CS_OK);
	assert_int_equal(t, 48);
	assert_int_equal(cs_rrtype_from_text("NSEC3PARAM", 5, &t), CS_OK);
	assert_int_equal(t, 50);
	assert_int_equal(cs_rrtype_from_text("TYPE655350", 9, &t), CS_OK);
	assert_int_equal(t, 65535);
	assert_type_unknown("NS", 1);
	assert_type_unknown("A", 0);
}

/* Every 16-bit value prints to something that parses back to it, within
 * the 16-octet buffer. */
static void test_every_type_round_trips(void **state)
{
	(void)state;
	for (unsigned v = 0; v <= 65535; v++) {
		char buf[16];
		const char *s = cs_rrtype_str((uint16_t)v, buf);
		uint16_t back = 0;
		assert_true(strlen(s) < 16);
		if (cs_rrtype_from_text(s, strlen(s), &back) != CS_OK || back != v)
			fail_msg("type %u prints as %s, reads back as %u", v, s, back);
	}
}

/* Classes: IN 1, CH 3, HS 4 (RFC 1035 §3.2.4), ANY 255 (RFC 1035 §3.2.5,
 * "*"); everything else CLASSnnn (RFC 3597 §5). */
static void test_classes(void **state)
{
	(void)state;
	char buf[16];
	assert_string_equal(cs_rrclass_str(1, buf), "IN");
	assert_string_equal(cs_rrclass_str(3, buf), "CH");
	assert_string_equal(cs_rrclass_str(4, buf), "HS");
	assert_string_equal(cs_rrclass_str(255, buf), "ANY");
	assert_string_equal(cs_rrclass_str(0, buf), "CLASS0");
	assert_string_equal(cs_rrclass_str(2, buf), "CLASS2");
	assert_string_equal(cs_rrclass_str(254, buf), "CLASS254");
	assert_string_equal(cs_rrclass_str(65535, buf), "CLASS65535");
	assert_ptr_equal(cs_rrclass_str(1, buf), buf);

	assert_class_text("IN", 1);
	assert_class_text("in", 1);
	assert_class_text("Ch", 3);
	assert_class_text("hs", 4);
	assert_class_text("aNy", 255);
	assert_class_text("CLASS7", 7);
	assert_class_text("class1", 1);
	assert_class_text("CLASS65535", 65535);
	assert_class_text("CLASS0", 0);

	static const char *const bad[] = {"",	   "INN",     "I",	    "CS",
					  "CLASS", "CLASS-1", "CLASS65536", "CLASSx",
					  "TYPE1", "A",	      "CLAS1",	    "CLASS1 "};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_class_unknown(bad[i]);

	uint16_t c = 0;
	assert_int_equal(cs_rrclass_from_text("INX", 2, &c), CS_OK);
	assert_int_equal(c, 1);

	for (unsigned v = 0; v <= 65535; v++) {
		const char *s = cs_rrclass_str((uint16_t)v, buf);
		uint16_t back = 0;
		if (cs_rrclass_from_text(s, strlen(s), &back) != CS_OK || back != v)
			fail_msg("class %u prints as %s, reads back as %u", v, s, back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_types_both_ways),
	    cmocka_unit_test(test_generic_type_form),
	    cmocka_unit_test(test_unknown_types),
	    cmocka_unit_test(test_type_len_is_honoured),
	    cmocka_unit_test(test_every_type_round_trips),
	    cmocka_unit_test(test_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
