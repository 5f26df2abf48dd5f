/*
 * test_rdata - core/rdata: every type with a layout goes text -> wire ->
 * text -> wire with the wire octets and the printed text pinned down;
 * unknown types and the generic form (RFC 3597 §5); type and class
 * mnemonics (RFC 3597 §5 "TYPEnnn"/"CLASSnnn"); type bitmaps (RFC 4034
 * §4.1.2); canonical form (RFC 4034 §6.2 as corrected by RFC 6840 §5.1);
 * and the DNSSEC views.
 *
 * Vectors marked with an RFC section are copied from that RFC's examples.
 */
#include "dns/rdata.h"
#include "text/rdata_text.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Helpers ----------------------------------------------------------------------- */

#define WIRE(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

/* Tokenize text as the zone reader would and parse it as RDATA of type,
 * appending to out. */
static cs_err from_text(uint16_t type, const char *text, const cs_name *origin, cs_buf *out)
{
	cs_token toks[64];
	size_t n = 0;
	int parens = 0;
	assert_int_equal(cs_tokenize(text, strlen(text), toks, 64, &n, &parens), CS_OK);
	assert_int_equal(parens, 0);
	return cs_rdata_from_text(type, toks, n, origin, out);
}

/* A parse that must fail with expect and leave out as it was. */
static void assert_text_err(uint16_t type, const char *text, cs_err expect)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "keep");
	cs_err err = from_text(type, text, NULL, &b);
	if (err != expect)
		fail_msg("type %u \"%s\": got %s, expected %s", (unsigned)type, text,
			 cs_errtoken(err), cs_errtoken(expect));
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "keep", 4);
	cs_buf_free(&b);
}

static cs_name name(const char *text)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(text, strlen(text), NULL, &n), CS_OK);
	return n;
}

/*
 * The round trip: text parses (relative names against origin) to wire
 * (equal to wire/wire_len when wire is non-NULL); the wire passes the
 * structural check and prints as canon; canon parses back to the same wire.
 */
static void round_trip(uint16_t type, const char *text, const cs_name *origin, const char *canon,
		       const uint8_t *wire, size_t wire_len)
{
	cs_buf w1, t1, w2;
	cs_buf_init(&w1);
	cs_buf_init(&t1);
	cs_buf_init(&w2);
	cs_err err = from_text(type, text, origin, &w1);
	if (err != CS_OK)
		fail_msg("type %u \"%s\": %s", (unsigned)type, text, cs_errtoken(err));
	if (wire != NULL) {
		assert_int_equal(w1.len, wire_len);
		assert_memory_equal(w1.data, wire, wire_len);
	}
	assert_int_equal(cs_rdata_check(type, w1.data, w1.len), CS_OK);
	assert_int_equal(cs_rdata_to_text(type, w1.data, w1.len, &t1), CS_OK);
	assert_string_equal(cs_buf_cstr(&t1), canon);
	assert_int_equal(from_text(type, canon, NULL, &w2), CS_OK);
	assert_int_equal(w2.len, w1.len);
	if (w1.len > 0)
		assert_memory_equal(w2.data, w1.data, w1.len);
	cs_buf_free(&w1);
	cs_buf_free(&t1);
	cs_buf_free(&w2);
}

/* RFC 4034 §5.4 (dskey.example.com. DNSKEY, key id 60485, and its DS). */
static const char rfc4034_key[] = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/"
				  "2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvx"
				  "egXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9Xzc"
				  "nOf+EPbtG9DMBmADjFDc2w/rljwvFw==";
static const char rfc4034_ds_digest[] = "2BB183AF5F22588179A53B0A98631FAD1A292118";

/* RFC 4034 §3.3: host.example.com. RRSIG A, signature split as printed. */
static const char rfc4034_sig[] = "oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr"
				  "PYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o"
				  "B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t"
				  "GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG"
				  "J5D6fwFm8nN+6pBzeDQfsS3Ap3o=";

/* RFC 4034 §4.3: host.example.com. A MX RRSIG NSEC TYPE1234, as wire. */
static const uint8_t rfc4034_nsec_wire[] = {
    0x04, 'h',	'o',  's',  't',  0x07, 'e',  'x',  'a',  'm',	'p',  'l',  'e',  0x03,
    'c',  'o',	'm',  0x00, 0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20};

/* --- Round trips, one per type ------------------------------------------------------------ */

static void test_rfc1035_types(void **state)
{
	(void)state;
	cs_name origin = name("example.");
	round_trip(CS_TYPE_A, "192.0.2.1", NULL, "192.0.2.1", WIRE("\300\000\002\001"));
	round_trip(CS_TYPE_NS, "NS1.Example.", NULL, "NS1.Example.",
		   WIRE("\003NS1\007Example\000"));
	round_trip(CS_TYPE_CNAME, "www", &origin, "www.example.", WIRE("\003www\007example\000"));
	round_trip(CS_TYPE_SOA, "ns @ ( 2024010101 7200 3600 1209600 300 )", &origin,
		   "ns.example. example. 2024010101 7200 3600 1209600 300",
		   WIRE("\002ns\007example\000\007example\000"
			"\170\243\361\165"
			"\000\000\034\040"
			"\000\000\016\020"
			"\000\022\165\000"
			"\000\000\001\054"));
	round_trip(CS_TYPE_PTR, "host.example.", NULL, "host.example.",
		   WIRE("\004host\007example\000"));
	round_trip(CS_TYPE_HINFO, "\"PC Intel\" Linux", NULL, "\"PC Intel\" \"Linux\"",
		   WIRE("\010PC Intel\005Linux"));
	round_trip(CS_TYPE_MX, "10 mail", &origin, "10 mail.example.",
		   WIRE("\000\012\004mail\007example\000"));
	round_trip(CS_TYPE_AAAA, "2001:DB8:0:0:0:0:0:1", NULL, "2001:db8::1",
		   WIRE("\040\001\015\270\000\000\000\000\000\000\000\000\000\000\000\001"));
	round_trip(CS_TYPE_AAAA, "::ffff:192.0.2.1", NULL, "::ffff:192.0.2.1", NULL, 0);
	/* RFC 2782: priority, weight, port, target. */
	round_trip(CS_TYPE_SRV, "0 5 5060 SIP.example.", NULL, "0 5 5060 SIP.example.",
		   WIRE("\000\000\000\005\023\304\003SIP\007example\000"));
	/* RFC 6672 */
	round_trip(CS_TYPE_DNAME, "target.example.", NULL, "target.example.",
		   WIRE("\006target\007example\000"));
}

/* RFC 1035 §3.3.14, §5.1: TXT is one or more character-strings; quotes make
 * one string of words, "\"" and "\\" escape, \DDD is an octet, "" is an
 * empty string. Output quotes every string and escapes what needs it. */
static void test_txt_strings(void **state)
{
	(void)state;
	round_trip(CS_TYPE_TXT,
		   "\"hello world\" plain \"quote\\\"d\" \"back\\\\slash\" \"\\009tab;\" \"\"",
		   NULL,
		   "\"hello world\" \"plain\" \"quote\\\"d\" \"back\\\\slash\" \"\\009tab;\" \"\"",
		   WIRE("\013hello world\005plain\007quote\"d\012back\\slash\005\ttab;\000"));
	round_trip(CS_TYPE_TXT, "\"\"", NULL, "\"\"", WIRE("\000"));
	round_trip(CS_TYPE_TXT, "\"\\255\\127\\000\" ( \"a;b\" )", NULL,
		   "\"\\255\\127\\000\" \"a;b\"", WIRE("\003\377\177\000\003a;b"));
	/* RFC 7208 SPF has the TXT layout. */
	round_trip(99, "\"v=spf1 -all\"", NULL, "\"v=spf1 -all\"", WIRE("\013v=spf1 -all"));

	/* A character-string holds at most 255 octets. */
	char *big = malloc(300);
	assert_non_null(big);
	big[0] = '"';
	memset(big + 1, 'x', 255);
	big[256] = '"';
	big[257] = '\0';
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(from_text(CS_TYPE_TXT, big, NULL, &b), CS_OK);
	assert_int_equal(b.len, 256);
	cs_buf_free(&b);
	memcpy(big + 256, "x\"", 3);
	assert_text_err(CS_TYPE_TXT, big, CS_ESYNTAX);
	free(big);

	assert_text_err(CS_TYPE_TXT, "", CS_ESYNTAX); /* at least one string */
	assert_text_err(CS_TYPE_TXT, "\"\\256\"", CS_ESYNTAX);
	assert_text_err(CS_TYPE_TXT, "\"\\12\"", CS_ESYNTAX);
}

static void test_dnssec_types(void **state)
{
	(void)state;
	uint8_t wire[512];
	char text[1024];
	size_t n;

	/* RFC 4034 §5.4 DS, hex taken in either case and split. */
	n = 0;
	wire[n++] = 0xEC; /* 60485 */
	wire[n++] = 0x45;
	wire[n++] = 5;
	wire[n++] = 1;
	n += unhex(rfc4034_ds_digest, wire + n, sizeof(wire) - n);
	snprintf(text, sizeof(text), "60485 5 1 %s", rfc4034_ds_digest);
	round_trip(CS_TYPE_DS, "60485 5 1 2bb183af5f22588179a53b0a 98631FAD1A292118", NULL, text,
		   wire, n);
	/* RFC 7344 CDS shares the layout; RFC 8078 §4 "0 0 0 00" deletes. */
	round_trip(CS_TYPE_CDS, text, NULL, text, wire, n);
	round_trip(CS_TYPE_CDS, "0 0 0 00", NULL, "0 0 0 00", WIRE("\000\000\000\000\000"));

	/* RFC 4034 §5.4 DNSKEY, base64 split over tokens. */
	snprintf(text, sizeof(text), "256 3 5 %s", rfc4034_key);
	round_trip(CS_TYPE_DNSKEY,
		   "256 3 5 ( AQOeiiR0GOMYkDshWoSKz9Xz fwJr1AYtsmx3TGkJaNXVbfi/ "
		   "2pHm822aJ5iI9BMzNXxeYCmZ DRD99WYwYqUSdjMmmAphXdvx "
		   "egXd/M5+X7OrzKBaMbCVdFLU Uh6DhweJBjEVv5f2wwjM9Xzc "
		   "nOf+EPbtG9DMBmADjFDc2w/r ljwvFw== )",
		   NULL, text, NULL, 0);
	round_trip(CS_TYPE_CDNSKEY, text, NULL, text, NULL, 0);
	round_trip(CS_TYPE_CDNSKEY, "0 3 0 AA==", NULL, "0 3 0 AA==", WIRE("\000\000\003\000\000"));

	/* RFC 4034 §3.3 RRSIG; times in either form print as YYYYMMDDHHmmSS. */
	snprintf(text, sizeof(text),
		 "A 5 3 86400 20030322173103 20030220173103 2642 example.com. %s", rfc4034_sig);
	round_trip(CS_TYPE_RRSIG, text, NULL, text, NULL, 0);
	char decimal[1024];
	snprintf(decimal, sizeof(decimal), "a 5 3 86400 1048354263 1045762263 2642 example.com. %s",
		 rfc4034_sig);
	round_trip(CS_TYPE_RRSIG, decimal, NULL, text, NULL, 0);

	/* RFC 4034 §4.3 NSEC, octet for octet. */
	round_trip(CS_TYPE_NSEC, "host.example.com. ( A MX RRSIG NSEC TYPE1234 )", NULL,
		   "host.example.com. A MX RRSIG NSEC TYPE1234", rfc4034_nsec_wire,
		   sizeof(rfc4034_nsec_wire));
	/* An NSEC with an empty bitmap is well formed. */
	round_trip(CS_TYPE_NSEC, "next.example.", NULL, "next.example.",
		   WIRE("\004next\007example\000"));

	/* RFC 5155 Appendix A NSEC3: the bitmap prints in type order. */
	n = 0;
	memcpy(wire, "\001\001\000\014\004\252\273\314\335\024", 10);
	n = 10;
	static const uint8_t hash[20] = {0x17, 0x4E, 0xB2, 0x40, 0x9F, 0xE2, 0x8B,
					 0xCB, 0x48, 0x87, 0xA1, 0x83, 0x6F, 0x95,
					 0x7F, 0x0A, 0x84, 0x25, 0xE2, 0x7B};
	memcpy(wire + n, hash, 20);
	n += 20;
	memcpy(wire + n, "\000\007\042\001\000\000\000\002\220", 9);
	n += 9;
	round_trip(CS_TYPE_NSEC3,
		   "1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA "
		   "NSEC3PARAM RRSIG )",
		   NULL,
		   "1 1 12 AABBCCDD 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY "
		   "NSEC3PARAM",
		   wire, n);
	/* Empty salt is "-" (RFC 5155 §3.3); the bitmap may be empty. */
	n = 0;
	memcpy(wire, "\001\000\000\000\000\024", 6);
	memcpy(wire + 6, hash, 20);
	round_trip(CS_TYPE_NSEC3, "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR", NULL,
		   "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr", wire, 26);

	round_trip(CS_TYPE_NSEC3PARAM, "1 0 12 aabbccdd", NULL, "1 0 12 AABBCCDD",
		   WIRE("\001\000\000\014\004\252\273\314\335"));
	round_trip(CS_TYPE_NSEC3PARAM, "1 0 0 -", NULL, "1 0 0 -", WIRE("\001\000\000\000\000"));
}

/* RFC 3597 §5: types without a layout are written and read as
 * "\# length hex". */
static void test_unknown_types_generic(void **state)
{
	(void)state;
	round_trip(65280, "\\# 4 0A000001", NULL, "\\# 4 0A000001", WIRE("\012\000\000\001"));
	round_trip(65280, "\\# 4 0a00 0001", NULL, "\\# 4 0A000001", WIRE("\012\000\000\001"));
	round_trip(65280, "\\# 0", NULL, "\\# 0", (const uint8_t *)"", 0);
	/* A type with a mnemonic but no layout (CAA) is handled the same. */
	round_trip(257, "\\# 3 000000", NULL, "\\# 3 000000", WIRE("\000\000\000"));

	/* Without the generic form there is nothing to parse them by. */
	assert_text_err(65280, "0A000001", CS_ESYNTAX);
	assert_text_err(257, "0 issue \"ca.example.net\"", CS_ESYNTAX);
}

/* RFC 3597 §5: the generic form is accepted for known types and must then
 * hold RDATA valid for the type; it is equivalent to the typed form. */
static void test_generic_form_for_known_types(void **state)
{
	(void)state;
	cs_buf g, t;
	cs_buf_init(&g);
	cs_buf_init(&t);
	assert_int_equal(from_text(CS_TYPE_A, "\\# 4 0A000001", NULL, &g), CS_OK);
	assert_int_equal(from_text(CS_TYPE_A, "10.0.0.1", NULL, &t), CS_OK);
	assert_int_equal(g.len, 4);
	assert_memory_equal(g.data, t.data, 4);
	cs_buf_free(&g);
	cs_buf_free(&t);

	/* It prints in the typed form. */
	round_trip(CS_TYPE_A, "\\# 4 0A000001", NULL, "10.0.0.1", WIRE("\012\000\000\001"));
	round_trip(CS_TYPE_NS, "\\# 13 036E7331076578616D706C6500", NULL, "ns1.example.",
		   WIRE("\003ns1\007example\000"));

	assert_text_err(CS_TYPE_A, "\\# 3 0A0000", CS_ERDATA); /* an A is 4 octets */
	assert_text_err(CS_TYPE_A, "\\# 0", CS_ERDATA);
	assert_text_err(CS_TYPE_A, "\\# 5 0A000001", CS_ESYNTAX); /* length disagrees */
	assert_text_err(CS_TYPE_A, "\\# 4 0A00001", CS_ESYNTAX);  /* odd hex */
	assert_text_err(CS_TYPE_A, "\\# 4 0A0000XY", CS_ESYNTAX);
	assert_text_err(CS_TYPE_A, "\\# four 0A000001", CS_ESYNTAX);
	assert_text_err(CS_TYPE_A, "\\#", CS_ESYNTAX);
	assert_text_err(65280, "\\# 70000 00", CS_ESYNTAX); /* beyond 65535 */
	/* Stored RDATA is uncompressed: a pointer is not a valid NS. */
	assert_text_err(CS_TYPE_NS, "\\# 2 C00C", CS_ERDATA);
	/* A DS needs a digest. */
	assert_text_err(CS_TYPE_DS, "\\# 4 EC450501", CS_ERDATA);
}

static void test_typed_syntax_errors(void **state)
{
	(void)state;
	assert_text_err(CS_TYPE_A, "256.0.0.1", CS_ESYNTAX);
	assert_text_err(CS_TYPE_A, "10.0.0.1 10.0.0.2", CS_ESYNTAX); /* extra field */
	assert_text_err(CS_TYPE_A, "", CS_ESYNTAX);
	assert_text_err(CS_TYPE_AAAA, "192.0.2.1", CS_ESYNTAX);
	assert_text_err(CS_TYPE_MX, "65536 mx.example.", CS_ERANGE);
	assert_text_err(CS_TYPE_MX, "10", CS_ESYNTAX);
	assert_text_err(CS_TYPE_MX, "-1 mx.example.", CS_ESYNTAX);
	assert_text_err(CS_TYPE_MX, "10 \"mx.example.\"", CS_ESYNTAX); /* a name is not quoted */
	assert_text_err(CS_TYPE_NS, "a..example.", CS_ESYNTAX);
	assert_text_err(CS_TYPE_SOA, "ns. host. 1 2 3 4 4294967296", CS_ERANGE);
	assert_text_err(CS_TYPE_DS, "60485 5 1", CS_ESYNTAX);
	assert_text_err(CS_TYPE_DS, "60485 5 1 XYZ", CS_ESYNTAX);
	assert_text_err(CS_TYPE_DS, "60485 256 1 AA", CS_ERANGE);
	assert_text_err(CS_TYPE_DNSKEY, "257 3 8 !!!!", CS_ESYNTAX);
	assert_text_err(CS_TYPE_DNSKEY, "257 3 8", CS_ESYNTAX);
	assert_text_err(CS_TYPE_RRSIG,
			"BOGUS 8 2 3600 20240201000000 20240101000000 1 ex. AA==", CS_EUNKNOWN);
	assert_text_err(CS_TYPE_RRSIG,
			"A 8 2 3600 20241301000000 20240101000000 1 ex. AA==", CS_ESYNTAX);
	assert_text_err(CS_TYPE_NSEC, "next.example. A BOGUS", CS_EUNKNOWN);
	assert_text_err(CS_TYPE_NSEC3, "1 0 0 xyz 2t7b4g4vsa5smi47k61mv5bv1a22bojr", CS_ESYNTAX);
	assert_text_err(CS_TYPE_NSEC3, "1 0 0 - 0", CS_ESYNTAX);
	assert_text_err(CS_TYPE_NSEC3, "1 0 0 -", CS_ESYNTAX); /* no hash */
	assert_text_err(CS_TYPE_NSEC3PARAM, "1 0 0", CS_ESYNTAX);
	assert_text_err(CS_TYPE_HINFO, "\"PC\"", CS_ESYNTAX);
}

/* --- Mnemonics ---------------------------------------------------------------------------- */

static void assert_type(const char *text, uint16_t expect)
{
	uint16_t v = 0;
	assert_int_equal(cs_rrtype_from_text(text, strlen(text), &v), CS_OK);
	assert_int_equal(v, expect);
}

static void assert_type_unknown(const char *text)
{
	uint16_t v = 4242;
	assert_int_equal(cs_rrtype_from_text(text, strlen(text), &v), CS_EUNKNOWN);
	assert_int_equal(v, 4242);
}

static void test_type_mnemonics(void **state)
{
	(void)state;
	char buf[16];
	static const struct {
		uint16_t type;
		const char *name;
	} known[] = {{1, "A"},	    {2, "NS"},		{5, "CNAME"},  {6, "SOA"},
		     {12, "PTR"},   {13, "HINFO"},	{15, "MX"},    {16, "TXT"},
		     {28, "AAAA"},  {33, "SRV"},	{39, "DNAME"}, {41, "OPT"},
		     {43, "DS"},    {46, "RRSIG"},	{47, "NSEC"},  {48, "DNSKEY"},
		     {50, "NSEC3"}, {51, "NSEC3PARAM"}, {59, "CDS"},   {60, "CDNSKEY"},
		     {99, "SPF"},   {255, "ANY"},	{257, "CAA"}};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		assert_string_equal(cs_rrtype_str(known[i].type, buf), known[i].name);
		assert_type(known[i].name, known[i].type);
	}
	assert_type("dnskey", CS_TYPE_DNSKEY); /* case-insensitive */
	assert_type("Nsec3Param", CS_TYPE_NSEC3PARAM);
	/* RFC 3597 §5: TYPEnnn for any type, known ones included. */
	assert_type("TYPE65280", 65280);
	assert_type("type1", CS_TYPE_A);
	assert_type("TYPE65535", 65535);
	assert_string_equal(cs_rrtype_str(65280, buf), "TYPE65280");
	assert_string_equal(cs_rrtype_str(1234, buf), "TYPE1234");
	assert_ptr_equal(cs_rrtype_str(1, buf), buf);
	assert_type_unknown("TYPE65536");
	assert_type_unknown("TYPE");
	assert_type_unknown("TYPE12x");
	assert_type_unknown("TYPE-1");
	assert_type_unknown("BOGUS");
	assert_type_unknown("");
	assert_type_unknown("AA");

	/* The layout table: NSEC's next name is not lowercased (RFC 6840
	 * §5.1), RRSIG's signer is. */
	const cs_rrtype_info *ti = cs_rrtype_info_get(CS_TYPE_NSEC);
	assert_non_null(ti);
	assert_false(ti->canon_lower);
	ti = cs_rrtype_info_get(CS_TYPE_RRSIG);
	assert_non_null(ti);
	assert_true(ti->canon_lower);
	assert_null(cs_rrtype_info_get(65280));
}

static void test_class_mnemonics(void **state)
{
	(void)state;
	char buf[16];
	uint16_t v = 0;
	static const struct {
		uint16_t cls;
		const char *name;
	} known[] = {{1, "IN"}, {3, "CH"}, {4, "HS"}, {255, "ANY"}};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		assert_string_equal(cs_rrclass_str(known[i].cls, buf), known[i].name);
		assert_int_equal(cs_rrclass_from_text(known[i].name, strlen(known[i].name), &v),
				 CS_OK);
		assert_int_equal(v, known[i].cls);
	}
	assert_int_equal(cs_rrclass_from_text("in", 2, &v), CS_OK);
	assert_int_equal(v, CS_CLASS_IN);
	assert_int_equal(cs_rrclass_from_text("CLASS7", 6, &v), CS_OK);
	assert_int_equal(v, 7);
	assert_string_equal(cs_rrclass_str(7, buf), "CLASS7");
	assert_int_equal(cs_rrclass_from_text("CLASS1", 6, &v), CS_OK);
	assert_int_equal(v, CS_CLASS_IN);
	v = 99;
	assert_int_equal(cs_rrclass_from_text("CLASS65536", 10, &v), CS_EUNKNOWN);
	assert_int_equal(cs_rrclass_from_text("XX", 2, &v), CS_EUNKNOWN);
	assert_int_equal(cs_rrclass_from_text("A", 1, &v), CS_EUNKNOWN);
	assert_int_equal(cs_rrclass_from_text("CLASS", 5, &v), CS_EUNKNOWN);
	assert_int_equal(v, 99);
}

/* --- Type bitmaps ------------------------------------------------------------------------- */

/* RFC 4034 §4.1.2: one block per window in increasing order, each only as
 * long as its highest set bit needs. */
static void test_bitmap_build_and_has(void **state)
{
	(void)state;
	const uint16_t types[] = {1234, CS_TYPE_NSEC, 257, CS_TYPE_A, CS_TYPE_RRSIG, CS_TYPE_A};
	cs_buf b;
	cs_buf_init(&b);
	cs_bitmap_build(types, sizeof(types) / sizeof(types[0]), &b);
	uint8_t expect[64];
	size_t n = 0;
	memcpy(expect, "\000\006\100\000\000\000\000\003", 8); /* A, RRSIG, NSEC */
	n = 8;
	memcpy(expect + n, "\001\001\100", 3); /* CAA = 256 + 1 */
	n += 3;
	expect[n++] = 4; /* TYPE1234 = 4 * 256 + 210 */
	expect[n++] = 27;
	memset(expect + n, 0, 26);
	n += 26;
	expect[n++] = 0x20;
	assert_int_equal(b.len, n);
	assert_memory_equal(b.data, expect, n);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		assert_true(cs_bitmap_has(b.data, b.len, types[i]));
	const uint16_t absent[] = {0, 2, 45, 48, 256, 258, 1233, 1235, 1024, 65535, 512};
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		assert_false(cs_bitmap_has(b.data, b.len, absent[i]));

	/* RFC 4034 §4.3's bitmap, read as sent. */
	const uint8_t *bm = rfc4034_nsec_wire + 18;
	size_t bml = sizeof(rfc4034_nsec_wire) - 18;
	assert_true(cs_bitmap_has(bm, bml, CS_TYPE_MX));
	assert_true(cs_bitmap_has(bm, bml, 1234));
	assert_false(cs_bitmap_has(bm, bml, CS_TYPE_AAAA));

	/* An empty list builds an empty bitmap; nothing is in it. */
	cs_buf_reset(&b);
	cs_bitmap_build(types, 0, &b);
	assert_int_equal(b.len, 0);
	assert_false(cs_bitmap_has(b.data, 0, CS_TYPE_A));
	cs_buf_free(&b);
}

/* NSEC RDATA "." + bitmap, checked structurally. */
static cs_err check_nsec_bitmap(const uint8_t *bm, size_t len)
{
	uint8_t rd[64];
	rd[0] = 0;
	memcpy(rd + 1, bm, len);
	return cs_rdata_check(CS_TYPE_NSEC, rd, len + 1);
}

static void test_bitmap_malformed(void **state)
{
	(void)state;
	assert_int_equal(check_nsec_bitmap(WIRE("\000\001\100")), CS_OK);
	assert_int_equal(check_nsec_bitmap(WIRE("\000\001\100\001\001\100")), CS_OK);
	/* Windows out of order or repeated. */
	assert_int_equal(check_nsec_bitmap(WIRE("\001\001\100\000\001\100")), CS_ERDATA);
	assert_int_equal(check_nsec_bitmap(WIRE("\000\001\100\000\001\040")), CS_ERDATA);
	/* Block length 0 and 33 (1..32 allowed). */
	assert_int_equal(check_nsec_bitmap(WIRE("\000\000")), CS_ERDATA);
	uint8_t big[2 + 33];
	big[0] = 0;
	big[1] = 33;
	memset(big + 2, 0x01, 33);
	assert_int_equal(check_nsec_bitmap(big, sizeof(big)), CS_ERDATA);
	big[1] = 32;
	assert_int_equal(check_nsec_bitmap(big, 2 + 32), CS_OK);
	/* Trailing zero octets must be omitted. */
	assert_int_equal(check_nsec_bitmap(WIRE("\000\002\100\000")), CS_ERDATA);
	/* Truncated block, lone window octet. */
	assert_int_equal(check_nsec_bitmap(WIRE("\000\005\100")), CS_ERDATA);
	assert_int_equal(check_nsec_bitmap(WIRE("\000")), CS_ERDATA);

	/* The same rules apply to NSEC3's bitmap (RFC 5155 §3.2.1). */
	uint8_t rd[32];
	memcpy(rd, "\001\000\000\000\000\001\252", 7);
	memcpy(rd + 7, "\001\001\100\000\001\100", 6);
	assert_int_equal(cs_rdata_check(CS_TYPE_NSEC3, rd, 13), CS_ERDATA);
	assert_int_equal(cs_rdata_check(CS_TYPE_NSEC3, rd, 10), CS_OK);
	/* And malformed RDATA prints generically. */
	cs_buf b;
	cs_buf_init(&b);
	cs_rdata_to_text(CS_TYPE_NSEC3, rd, 13, &b);
	assert_string_equal(cs_buf_cstr(&b), "\\# 13 010000000001AA010140000140");
	cs_buf_free(&b);
}

/* Known-type RDATA that does not fit its layout prints in the generic form
 * so nothing is hidden (RFC 3597 §5). */
static void test_malformed_prints_generic(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(cs_rdata_to_text(CS_TYPE_A, WIRE("\012\000\000"), &b), CS_OK);
	assert_string_equal(cs_buf_cstr(&b), "\\# 3 0A0000");
	cs_buf_reset(&b);
	assert_int_equal(cs_rdata_to_text(CS_TYPE_A, (const uint8_t *)"", 0, &b), CS_OK);
	assert_string_equal(cs_buf_cstr(&b), "\\# 0");
	cs_buf_reset(&b);
	assert_int_equal(cs_rdata_to_text(CS_TYPE_TXT, WIRE("\005abc"), &b), CS_OK);
	assert_string_equal(cs_buf_cstr(&b), "\\# 4 05616263");
	cs_buf_free(&b);
	assert_int_equal(cs_rdata_check(CS_TYPE_A, WIRE("\012\000\000\001\002")), CS_ERDATA);
	assert_int_equal(cs_rdata_check(CS_TYPE_MX, WIRE("\000\012\003mx")), CS_ERDATA);
	assert_int_equal(cs_rdata_check(65280, WIRE("\377")), CS_OK);
}

/* --- Reading from a packet ---------------------------------------------------------------- */

static void test_rdata_read(void **state)
{
	(void)state;
	/* 0: "example."  9: MX RDATA 10 "mx" + pointer to 0  16: four octets  20: end */
	static const uint8_t pkt[] = "\007example\000"
				     "\000\012\002mx\300\000"
				     "\001\002\003\004";
	cs_wire w;
	cs_wire_init(&w, pkt, sizeof(pkt) - 1);
	w.pos = 9;
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(cs_rdata_read(&w, CS_TYPE_MX, 7, &b), CS_OK);
	assert_int_equal(w.pos, 16);
	assert_int_equal(b.len, 2 + 3 + 9);
	assert_memory_equal(b.data, "\000\012\002mx\007example\000", 14);

	/* Unknown types are copied byte-exact. */
	cs_buf_reset(&b);
	w.pos = 16;
	assert_int_equal(cs_rdata_read(&w, 65280, 4, &b), CS_OK);
	assert_int_equal(w.pos, 20);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "\001\002\003\004", 4);

	/* Malformed for its type: raw octets, typed error, reader fine. */
	cs_buf_reset(&b);
	w.pos = 16;
	assert_int_equal(cs_rdata_read(&w, CS_TYPE_AAAA, 4, &b), CS_ERDATA);
	assert_int_equal(w.err, CS_OK);
	assert_int_equal(w.pos, 20);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "\001\002\003\004", 4);

	/* RDATA longer than the packet sets the reader's error. */
	cs_buf_reset(&b);
	w.pos = 16;
	assert_int_equal(cs_rdata_read(&w, 65280, 5, &b), CS_ETRUNC);
	assert_int_equal(w.err, CS_ETRUNC);
	cs_buf_free(&b);
}

/* --- Canonical form ----------------------------------------------------------------------- */

/* The canonical form of text's RDATA must equal expect. */
static void assert_canonical(uint16_t type, const char *text, const uint8_t *expect, size_t len)
{
	cs_buf w, c;
	cs_buf_init(&w);
	cs_buf_init(&c);
	assert_int_equal(from_text(type, text, NULL, &w), CS_OK);
	cs_rdata_canonical(type, w.data, w.len, &c);
	assert_int_equal(c.err, CS_OK);
	assert_int_equal(c.len, len);
	assert_memory_equal(c.data, expect, len);
	cs_buf_free(&w);
	cs_buf_free(&c);
}

/* RFC 4034 §6.2 (3): names in the RDATA of NS, SOA, MX, SRV, DNAME, RRSIG
 * and the like are lowercased; RFC 6840 §5.1 removed NSEC from that list.
 * Octets that are not names keep their case even when they look like
 * letters. */
static void test_canonical_form(void **state)
{
	(void)state;
	assert_canonical(CS_TYPE_NS, "NS.Example.", WIRE("\002ns\007example\000"));
	assert_canonical(CS_TYPE_CNAME, "WWW.Example.", WIRE("\003www\007example\000"));
	assert_canonical(CS_TYPE_PTR, "Host.Example.", WIRE("\004host\007example\000"));
	assert_canonical(CS_TYPE_MX, "16705 MAIL.Example.",
			 WIRE("\101\101\004mail\007example\000"));
	/* Serial 0x41424344 is "ABCD" as octets: it stays. */
	assert_canonical(CS_TYPE_SOA, "NS.Ex. Host.EX. 1094861636 1 2 3 4",
			 WIRE("\002ns\002ex\000\004host\002ex\000"
			      "\101\102\103\104\000\000\000\001\000\000\000\002"
			      "\000\000\000\003\000\000\000\004"));
	assert_canonical(CS_TYPE_SRV, "0 5 5060 SIP.Example.",
			 WIRE("\000\000\000\005\023\304\003sip\007example\000"));
	assert_canonical(CS_TYPE_DNAME, "Target.EXAMPLE.", WIRE("\006target\007example\000"));
	/* RRSIG: signer lowercased, signature ("QUJD" = "ABC") untouched. */
	assert_canonical(CS_TYPE_RRSIG,
			 "A 8 2 3600 20240201000000 20240101000000 16962 EXAMPLE. QUJD",
			 WIRE("\000\001\010\002\000\000\016\020"
			      "\145\272\337\000\145\222\000\200"
			      "\102\102\007example\000ABC"));
	/* NSEC keeps its next name as it is. */
	assert_canonical(CS_TYPE_NSEC, "Host.Example.COM. A",
			 WIRE("\004Host\007Example\003COM\000\000\001\100"));
	/* Not names at all. */
	assert_canonical(CS_TYPE_TXT, "\"ABC\"", WIRE("\003ABC"));
	assert_canonical(CS_TYPE_HINFO, "PC LINUX", WIRE("\002PC\005LINUX"));
	assert_canonical(CS_TYPE_DS, "16962 8 2 4142", WIRE("\102\102\010\002\101\102"));
	assert_canonical(65280, "\\# 3 414243", WIRE("ABC"));

	/* Malformed RDATA is copied unchanged. */
	cs_buf c;
	cs_buf_init(&c);
	cs_rdata_canonical(CS_TYPE_NS, WIRE("\002NS\007Example"), &c);
	assert_int_equal(c.len, 11);
	assert_memory_equal(c.data, "\002NS\007Example", 11);
	cs_buf_free(&c);
}

/* --- DNSSEC views ------------------------------------------------------------------------- */

static void parse_text(uint16_t type, const char *text, cs_buf *out)
{
	cs_buf_init(out);
	assert_int_equal(from_text(type, text, NULL, out), CS_OK);
}

static void test_ds_and_dnskey_views(void **state)
{
	(void)state;
	char text[512];
	cs_buf b;
	snprintf(text, sizeof(text), "60485 5 1 %s", rfc4034_ds_digest);
	parse_text(CS_TYPE_DS, text, &b);
	cs_ds_view ds;
	assert_int_equal(cs_ds_view_parse(b.data, b.len, &ds), CS_OK);
	assert_int_equal(ds.key_tag, 60485);
	assert_int_equal(ds.algorithm, 5);
	assert_int_equal(ds.digest_type, 1);
	assert_int_equal(ds.digest_len, 20);
	assert_ptr_equal(ds.digest, b.data + 4);
	assert_int_equal(ds.digest[0], 0x2B);
	/* Four octets or fewer is no DS. */
	cs_ds_view before;
	memset(&ds, 0x6B, sizeof(ds));
	before = ds;
	for (size_t len = 0; len <= 4; len++)
		assert_int_equal(cs_ds_view_parse(b.data, len, &ds), CS_ERDATA);
	assert_memory_equal(&ds, &before, sizeof(ds));
	cs_buf_free(&b);

	snprintf(text, sizeof(text), "257 3 5 %s", rfc4034_key);
	parse_text(CS_TYPE_DNSKEY, text, &b);
	cs_dnskey_view k;
	assert_int_equal(cs_dnskey_view_parse(b.data, b.len, &k), CS_OK);
	assert_int_equal(k.flags, 257);
	assert_true(k.flags & CS_DNSKEY_FLAG_ZONE);
	assert_true(k.flags & CS_DNSKEY_FLAG_SEP);
	assert_false(k.flags & CS_DNSKEY_FLAG_REVOKE);
	assert_int_equal(k.protocol, 3);
	assert_int_equal(k.algorithm, 5);
	assert_int_equal(k.key_len, b.len - 4);
	assert_ptr_equal(k.key, b.data + 4);
	assert_int_equal(k.key[0], 0x01); /* "AQ" starts with octet 1 */
	cs_dnskey_view kb;
	memset(&k, 0x6B, sizeof(k));
	kb = k;
	for (size_t len = 0; len <= 4; len++)
		assert_int_equal(cs_dnskey_view_parse(b.data, len, &k), CS_ERDATA);
	assert_memory_equal(&k, &kb, sizeof(k));
	cs_buf_free(&b);
}

static void test_rrsig_view(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof(text),
		 "A 5 3 86400 20030322173103 20030220173103 2642 example.com. %s", rfc4034_sig);
	cs_buf b;
	parse_text(CS_TYPE_RRSIG, text, &b);
	cs_rrsig_view v;
	assert_int_equal(cs_rrsig_view_parse(b.data, b.len, &v), CS_OK);
	assert_int_equal(v.type_covered, CS_TYPE_A);
	assert_int_equal(v.algorithm, 5);
	assert_int_equal(v.labels, 3);
	assert_int_equal(v.original_ttl, 86400);
	assert_int_equal(v.expiration, 1048354263);
	assert_int_equal(v.inception, 1045762263);
	assert_int_equal(v.key_tag, 2642);
	cs_name signer = name("example.com.");
	assert_int_equal(v.signer.len, signer.len);
	assert_memory_equal(v.signer.data, signer.data, signer.len);
	/* RFC 4034 §3.1.8.1: the signed data starts with the RDATA up to the
	 * signature: 18 fixed octets and the 13-octet signer. */
	assert_int_equal(v.signed_prefix_len, 18 + 13);
	assert_ptr_equal(v.signature, b.data + 31);
	assert_int_equal(v.sig_len, b.len - 31);
	assert_int_equal(v.sig_len, 128); /* 1024-bit RSA */

	/* Truncated anywhere up to and including the signer, or without a
	 * signature: not an RRSIG. */
	cs_rrsig_view before;
	memset(&v, 0x6B, sizeof(v));
	before = v;
	for (size_t len = 0; len <= 31; len++)
		assert_int_equal(cs_rrsig_view_parse(b.data, len, &v), CS_ERDATA);
	assert_memory_equal(&v, &before, sizeof(v));
	assert_int_equal(cs_rrsig_view_parse(b.data, 32, &v), CS_OK);
	assert_int_equal(v.sig_len, 1);

	/* The signer may not be compressed (RFC 4034 §3.1.7). */
	uint8_t rd[64];
	memcpy(rd, b.data, 18);
	rd[18] = 0xC0;
	rd[19] = 0x00;
	rd[20] = 0xAA;
	assert_int_equal(cs_rrsig_view_parse(rd, 21, &v), CS_ERDATA);
	cs_buf_free(&b);
}

static void test_nsec_view(void **state)
{
	(void)state;
	cs_nsec_view v;
	assert_int_equal(cs_nsec_view_parse(rfc4034_nsec_wire, sizeof(rfc4034_nsec_wire), &v),
			 CS_OK);
	cs_name next = name("host.example.com.");
	assert_int_equal(v.next.len, next.len);
	assert_memory_equal(v.next.data, next.data, next.len);
	assert_ptr_equal(v.bitmap, rfc4034_nsec_wire + 18);
	assert_int_equal(v.bitmap_len, sizeof(rfc4034_nsec_wire) - 18);
	assert_true(cs_bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_NSEC));

	cs_nsec_view before;
	memset(&v, 0x6B, sizeof(v));
	before = v;
	/* Cut inside the name, or inside a bitmap block. */
	for (size_t len = 0; len < 18; len++)
		assert_int_equal(cs_nsec_view_parse(rfc4034_nsec_wire, len, &v), CS_ERDATA);
	for (size_t len = 19; len < 26; len++)
		assert_int_equal(cs_nsec_view_parse(rfc4034_nsec_wire, len, &v), CS_ERDATA);
	assert_memory_equal(&v, &before, sizeof(v));
	/* Cut at a block boundary: a shorter but valid bitmap. */
	assert_int_equal(cs_nsec_view_parse(rfc4034_nsec_wire, 26, &v), CS_OK);
	assert_int_equal(v.bitmap_len, 8);
}

static void test_nsec3_views(void **state)
{
	(void)state;
	cs_buf b;
	parse_text(CS_TYPE_NSEC3, "1 1 12 AABBCCDD 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX", &b);
	cs_nsec3_view v;
	assert_int_equal(cs_nsec3_view_parse(b.data, b.len, &v), CS_OK);
	assert_int_equal(v.hash_alg, 1);
	assert_int_equal(v.flags, CS_NSEC3_FLAG_OPTOUT);
	assert_int_equal(v.iterations, 12);
	assert_int_equal(v.salt_len, 4);
	assert_memory_equal(v.salt, "\252\273\314\335", 4);
	assert_int_equal(v.next_len, 20);
	assert_ptr_equal(v.next_hash, b.data + 10);
	assert_int_equal(v.next_hash[0], 0x17);
	assert_ptr_equal(v.bitmap, b.data + 30);
	assert_int_equal(v.bitmap_len, b.len - 30);
	assert_true(cs_bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_MX));
	assert_false(cs_bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_DS));

	cs_nsec3_view before;
	memset(&v, 0x6B, sizeof(v));
	before = v;
	for (size_t len = 0; len < 30; len++)
		assert_int_equal(cs_nsec3_view_parse(b.data, len, &v), CS_ERDATA);
	assert_int_equal(cs_nsec3_view_parse(b.data, 31, &v), CS_ERDATA); /* lone window */
	assert_memory_equal(&v, &before, sizeof(v));
	/* A zero-length hash is not allowed (RFC 5155 §3.2: at least one octet). */
	assert_int_equal(cs_nsec3_view_parse(WIRE("\001\000\000\000\000\000"), &v), CS_ERDATA);
	cs_buf_free(&b);

	parse_text(CS_TYPE_NSEC3PARAM, "1 0 10 -", &b);
	cs_nsec3param_view p;
	assert_int_equal(cs_nsec3param_view_parse(b.data, b.len, &p), CS_OK);
	assert_int_equal(p.hash_alg, 1);
	assert_int_equal(p.flags, 0);
	assert_int_equal(p.iterations, 10);
	assert_int_equal(p.salt_len, 0);
	cs_nsec3param_view pb;
	memset(&p, 0x6B, sizeof(p));
	pb = p;
	for (size_t len = 0; len < b.len; len++)
		assert_int_equal(cs_nsec3param_view_parse(b.data, len, &p), CS_ERDATA);
	/* A salt length beyond the RDATA, or octets after the salt. */
	assert_int_equal(cs_nsec3param_view_parse(WIRE("\001\000\000\012\004\252\273"), &p),
			 CS_ERDATA);
	assert_int_equal(cs_nsec3param_view_parse(WIRE("\001\000\000\012\000\377"), &p), CS_ERDATA);
	assert_memory_equal(&p, &pb, sizeof(p));
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc1035_types),
	    cmocka_unit_test(test_txt_strings),
	    cmocka_unit_test(test_dnssec_types),
	    cmocka_unit_test(test_unknown_types_generic),
	    cmocka_unit_test(test_generic_form_for_known_types),
	    cmocka_unit_test(test_typed_syntax_errors),
	    cmocka_unit_test(test_type_mnemonics),
	    cmocka_unit_test(test_class_mnemonics),
	    cmocka_unit_test(test_bitmap_build_and_has),
	    cmocka_unit_test(test_bitmap_malformed),
	    cmocka_unit_test(test_malformed_prints_generic),
	    cmocka_unit_test(test_rdata_read),
	    cmocka_unit_test(test_canonical_form),
	    cmocka_unit_test(test_ds_and_dnskey_views),
	    cmocka_unit_test(test_rrsig_view),
	    cmocka_unit_test(test_nsec_view),
	    cmocka_unit_test(test_nsec3_views),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
