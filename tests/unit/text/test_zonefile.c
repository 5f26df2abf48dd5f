/*
 * test_zonefile - core/zonefile: the master file format of RFC 1035 §5.1
 * ($ORIGIN, $TTL, owner inheritance, "@", parentheses, comments, quoted
 * strings), BIND's TTL units, the trust anchor files chainscope reads
 * (unbound's root.key, IANA/Debian root.ds), and error reports that name
 * the right line with a detail.
 */
#include "rrfixture.h"
#include "text/rdata_text.h"
#include "text/zonefile.h"

#include "dns/rdata.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- Helpers ------------------------------------------------------------------------ */

static cs_name name(const char *text)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(text, strlen(text), NULL, &n), CS_OK);
	return n;
}

/* Parse text with the given origin (NULL for none) and default TTL 3600. */
static cs_err parse(fixture *f, const char *text, const char *origin)
{
	cs_rrlist_free(&f->l);
	cs_name o;
	if (origin != NULL)
		o = name(origin);
	return cs_zone_parse(text, strlen(text), origin ? &o : NULL, 3600, &f->a, &f->l, &f->e);
}

/* A parse that must fail with expect, on line, with a detail containing
 * detail_part. */
static void assert_fails(fixture *f, const char *text, cs_err expect, size_t line,
			 const char *detail_part)
{
	cs_err err = parse(f, text, "example.");
	if (err != expect)
		fail_msg("got %s (%s), expected %s", cs_errtoken(err), f->e.detail,
			 cs_errtoken(expect));
	assert_int_equal(f->e.line, line);
	if (strstr(f->e.detail, detail_part) == NULL)
		fail_msg("detail \"%s\" lacks \"%s\"", f->e.detail, detail_part);
}

static void assert_owner(const cs_rr *rr, const char *text)
{
	cs_name want = name(text);
	assert_int_equal(rr->owner.len, want.len);
	assert_memory_equal(rr->owner.data, want.data, want.len);
}

static void assert_rdata(const cs_rr *rr, const void *wire, size_t len)
{
	assert_int_equal(rr->rdlen, len);
	assert_memory_equal(rr->rdata, wire, len);
}

#define WIRE(lit) (lit), (sizeof(lit) - 1)

/* Key tag, RFC 4034 Appendix B (not algorithm 1). */
static unsigned key_tag(const uint8_t *rd, size_t len)
{
	unsigned long ac = 0;
	for (size_t i = 0; i < len; i++)
		ac += (i & 1) ? rd[i] : (unsigned long)rd[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	return ac & 0xFFFF;
}

/* --- Records ------------------------------------------------------------------------ */

/* RFC 1035 §5.1: $ORIGIN and $TTL, "@", relative names, parentheses with
 * comments inside, owner inheritance by leading white space, and TTL and
 * class in either order. */
static void test_zone_with_directives(void **state)
{
	fixture *f = *state;
	const char *zone = "$ORIGIN example.com.\n"
			   "$TTL 1h30m\n"
			   "@   IN  SOA ns1 hostmaster (\n"
			   "        2024010101 ; serial\n"
			   "        7200       ; refresh (2 hours)\n"
			   "        3600       ; retry\n"
			   "        1209600    ; expire\n"
			   "        300 )      ; minimum\n"
			   "    IN  NS  ns1\n"
			   "\tNS ns2.example.net.\n"
			   "\n"
			   "; a comment line\n"
			   "ns1 300 IN A 192.0.2.53\n"
			   "www IN 60 A 192.0.2.80\n"
			   "www.example.com. AAAA 2001:db8::80\n";
	assert_int_equal(parse(f, zone, NULL), CS_OK);
	assert_int_equal(f->l.n, 6);
	const cs_rr *r = f->l.v;

	assert_owner(&r[0], "example.com.");
	assert_int_equal(r[0].type, CS_TYPE_SOA);
	assert_int_equal(r[0].rclass, CS_CLASS_IN);
	assert_int_equal(r[0].ttl, 5400);
	assert_rdata(&r[0], WIRE("\003ns1\007example\003com\000"
				 "\012hostmaster\007example\003com\000"
				 "\170\243\361\165\000\000\034\040\000\000\016\020"
				 "\000\022\165\000\000\000\001\054"));

	/* Leading white space: the previous owner (RFC 1035 §5.1). */
	assert_owner(&r[1], "example.com.");
	assert_int_equal(r[1].type, CS_TYPE_NS);
	assert_int_equal(r[1].ttl, 5400);
	assert_rdata(&r[1], WIRE("\003ns1\007example\003com\000"));
	assert_owner(&r[2], "example.com.");
	assert_rdata(&r[2], WIRE("\003ns2\007example\003net\000"));

	assert_owner(&r[3], "ns1.example.com.");
	assert_int_equal(r[3].ttl, 300);
	assert_rdata(&r[3], WIRE("\300\000\002\065"));

	assert_owner(&r[4], "www.example.com.");
	assert_int_equal(r[4].ttl, 60);
	assert_int_equal(r[4].rclass, CS_CLASS_IN);

	assert_owner(&r[5], "www.example.com.");
	assert_int_equal(r[5].type, CS_TYPE_AAAA);
	assert_int_equal(r[5].ttl, 5400);
}

/* RFC 4034 §5.4, as printed there: a DNSKEY spread over lines with a
 * comment after the closing parenthesis, and its DS. */
static void test_rfc4034_multiline_records(void **state)
{
	fixture *f = *state;
	const char *text = "dskey.example.com. 86400 IN DNSKEY 256 3 5 ( AQOeiiR0GOMYkDshWoSKz9Xz\n"
			   "                                             fwJr1AYtsmx3TGkJaNXVbfi/\n"
			   "                                             2pHm822aJ5iI9BMzNXxeYCmZ\n"
			   "                                             DRD99WYwYqUSdjMmmAphXdvx\n"
			   "                                             egXd/M5+X7OrzKBaMbCVdFLU\n"
			   "                                             Uh6DhweJBjEVv5f2wwjM9Xzc\n"
			   "                                             nOf+EPbtG9DMBmADjFDc2w/r\n"
			   "                                             ljwvFw==\n"
			   "                                             ) ;  key id = 60485\n"
			   "\n"
			   "dskey.example.com. 86400 IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A\n"
			   "                                          98631FAD1A292118 )\n";
	assert_int_equal(parse(f, text, NULL), CS_OK);
	assert_int_equal(f->l.n, 2);
	const cs_rr *key = &f->l.v[0], *ds = &f->l.v[1];
	assert_owner(key, "dskey.example.com.");
	assert_int_equal(key->type, CS_TYPE_DNSKEY);
	assert_int_equal(key->ttl, 86400);
	assert_int_equal(key_tag(key->rdata, key->rdlen), 60485);

	cs_ds_view v;
	assert_int_equal(cs_ds_view_parse(ds->rdata, ds->rdlen, &v), CS_OK);
	assert_int_equal(v.key_tag, 60485);
	assert_int_equal(v.algorithm, 5);
	assert_int_equal(v.digest_type, 1);
	assert_int_equal(v.digest_len, 20);
	assert_memory_equal(v.digest,
			    "\053\261\203\257\137\042\130\201\171\245\073\012\230\143\037\255"
			    "\032\051\041\030",
			    20);
}

/* The root KSK-2017 in unbound's root.key format (tabs, trailing comments
 * after the key) and the matching DS in root.ds format (RFC 7958 §2.2
 * data, as Debian's dns-root-data ships it). */
static void test_root_key_and_root_ds(void **state)
{
	fixture *f = *state;
	const char *key =
	    "; autotrust trust anchor file\n"
	    ";;id: . 1\n"
	    ".\t172800\tIN\tDNSKEY\t257 3 8 "
	    "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/"
	    "4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWX"
	    "gnLh4+"
	    "B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/"
	    "EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/"
	    "ilBmSVIzu"
	    "DWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU= ;{id = 20326 "
	    "(ksk), size = 2048b} ;;state=2 [  VALID  ] ;;count=0 ;;lastchange=1502294422\n";
	assert_int_equal(parse(f, key, NULL), CS_OK);
	assert_int_equal(f->l.n, 1);
	const cs_rr *k = &f->l.v[0];
	assert_owner(k, ".");
	assert_int_equal(k->ttl, 172800);
	assert_int_equal(k->type, CS_TYPE_DNSKEY);
	cs_dnskey_view kv;
	assert_int_equal(cs_dnskey_view_parse(k->rdata, k->rdlen, &kv), CS_OK);
	assert_int_equal(kv.flags, 257);
	assert_int_equal(kv.algorithm, 8);
	assert_int_equal(kv.key_len, 1 + 3 + 256); /* exponent length, 65537, 2048-bit modulus */
	assert_int_equal(key_tag(k->rdata, k->rdlen), 20326);

	const char *ds =
	    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n";
	assert_int_equal(parse(f, ds, NULL), CS_OK);
	assert_int_equal(f->l.n, 1);
	const cs_rr *d = &f->l.v[0];
	assert_owner(d, ".");
	assert_int_equal(d->ttl, 3600); /* the default TTL passed in */
	assert_int_equal(d->rclass, CS_CLASS_IN);
	cs_ds_view dv;
	assert_int_equal(cs_ds_view_parse(d->rdata, d->rdlen, &dv), CS_OK);
	assert_int_equal(dv.key_tag, 20326);
	assert_int_equal(dv.algorithm, 8);
	assert_int_equal(dv.digest_type, 2);
	assert_int_equal(dv.digest_len, 32);
	assert_memory_equal(dv.digest, "\340\155\104\270", 4);
	assert_int_equal(dv.digest[31], 0x8D);
}

/* RFC 1035 §5.1: a line that begins with white space continues the previous
 * owner. So "  . IN DS ..." is not an indented root record: as the first
 * line it has no owner to continue, and after another record its "." is
 * neither a TTL, a class nor a type. */
static void test_indented_line_is_owner_inheritance(void **state)
{
	fixture *f = *state;
	assert_fails(f,
		     "  . IN DS 20326 8 2 "
		     "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n",
		     CS_ESYNTAX, 1, "without an owner");
	assert_fails(f,
		     "a.example. IN A 192.0.2.1\n"
		     "  . IN DS 20326 8 2 E06D44B8\n",
		     CS_EUNKNOWN, 2, "'.'");
	/* A white-space-only or comment-only line is no record at all. */
	assert_int_equal(parse(f, "   \n\t; just a comment\n  \t  \n", NULL), CS_OK);
	assert_int_equal(f->l.n, 0);
}

static void test_ttl_units(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		uint32_t ttl;
	} ok[] = {
	    {"0", 0},	    {"3600", 3600},  {"1h30m", 5400},	     {"1H30M", 5400},
	    {"90s", 90},    {"2d", 172800},  {"1w2d3h4m5s", 788645}, {"4294967295", 4294967295u},
	    {"1w", 604800}, {"30m1h", 5400},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint32_t v = 0;
		assert_int_equal(cs_ttl_from_text(ok[i].text, strlen(ok[i].text), &v), CS_OK);
		assert_int_equal(v, ok[i].ttl);
	}
	static const struct {
		const char *text;
		cs_err err;
	} bad[] = {{"", CS_ESYNTAX},	      {"h", CS_ESYNTAX},    {"1x", CS_ESYNTAX},
		   {"1hh", CS_ESYNTAX},	      {"-1", CS_ESYNTAX},   {"1.5h", CS_ESYNTAX},
		   {"4294967296", CS_ERANGE}, {"7102w", CS_ERANGE}, {"99999999999", CS_ERANGE}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t v = 77;
		assert_int_equal(cs_ttl_from_text(bad[i].text, strlen(bad[i].text), &v),
				 bad[i].err);
		assert_int_equal(v, 77);
	}
}

/* RFC 1035 §5.1: TTL and class may come in either order and either may be
 * left out; an omitted class is the last one stated, an omitted TTL the
 * $TTL default (RFC 2308 §4). */
static void test_ttl_and_class_order(void **state)
{
	fixture *f = *state;
	const char *text = "a 300 IN A 192.0.2.1\n"
			   "b IN 300 A 192.0.2.2\n"
			   "c CH 1d TXT \"x\"\n"
			   "d TXT \"y\"\n"
			   "e CLASS1 7 A 192.0.2.5\n";
	assert_int_equal(parse(f, text, "example."), CS_OK);
	assert_int_equal(f->l.n, 5);
	const cs_rr *r = f->l.v;
	assert_int_equal(r[0].ttl, 300);
	assert_int_equal(r[0].rclass, CS_CLASS_IN);
	assert_int_equal(r[1].ttl, 300);
	assert_int_equal(r[1].rclass, CS_CLASS_IN);
	assert_int_equal(r[2].ttl, 86400);
	assert_int_equal(r[2].rclass, CS_CLASS_CH);
	assert_owner(&r[3], "d.example.");
	assert_int_equal(r[3].rclass, CS_CLASS_CH);
	assert_int_equal(r[3].ttl, 3600);
	assert_int_equal(r[4].rclass, CS_CLASS_IN);
	assert_int_equal(r[4].ttl, 7);
}

/* "ANY" names a class and a type: after a class it is the type, so a
 * record printed as "IN ANY \# 0" reads back (found by fuzz_text). */
static void test_any_is_class_then_type(void **state)
{
	fixture *f = *state;
	const char *text = "a 300 IN ANY \\# 0\n"
			   "b ANY ANY \\# 0\n"
			   "c ANY 300 TXT \"x\"\n";
	assert_int_equal(parse(f, text, "example."), CS_OK);
	assert_int_equal(f->l.n, 3);
	const cs_rr *r = f->l.v;
	assert_int_equal(r[0].type, CS_TYPE_ANY);
	assert_int_equal(r[0].rclass, CS_CLASS_IN);
	assert_int_equal(r[1].type, CS_TYPE_ANY);
	assert_int_equal(r[1].rclass, 255);
	assert_int_equal(r[2].type, CS_TYPE_TXT);
	assert_int_equal(r[2].rclass, 255);
}

/* "@" is the current origin; $ORIGIN itself may be relative to the one
 * before; names with a final dot ignore it. */
static void test_origin_and_at(void **state)
{
	fixture *f = *state;
	const char *text = "@ A 192.0.2.1\n"
			   "$ORIGIN sub\n"
			   "@ A 192.0.2.2\n"
			   "www A 192.0.2.3\n"
			   "abs.example.net. A 192.0.2.4\n"
			   "$ORIGIN other.test.\n"
			   "x CNAME @\n";
	assert_int_equal(parse(f, text, "example."), CS_OK);
	assert_int_equal(f->l.n, 5);
	assert_owner(&f->l.v[0], "example.");
	assert_owner(&f->l.v[1], "sub.example.");
	assert_owner(&f->l.v[2], "www.sub.example.");
	assert_owner(&f->l.v[3], "abs.example.net.");
	assert_owner(&f->l.v[4], "x.other.test.");
	assert_rdata(&f->l.v[4], WIRE("\005other\004test\000"));

	/* Without any origin, "@" has nothing to stand for. */
	assert_int_equal(parse(f, "@ A 192.0.2.1\n", NULL), CS_ESYNTAX);
	assert_int_equal(f->e.line, 1);
	assert_non_null(strstr(f->e.detail, "owner"));
}

/* Quoted strings hide ';', '(' and ')' (RFC 1035 §5.1); escapes keep a
 * quote inside one. */
static void test_quotes_and_comments(void **state)
{
	fixture *f = *state;
	const char *text = "t TXT \"a;b\" \"(\" \"say \\\"hi\\\"\" ; real comment )\n"
			   "u TXT ( \"one\" ; comment ( inside\n"
			   "        \"two\" )\n";
	assert_int_equal(parse(f, text, "example."), CS_OK);
	assert_int_equal(f->l.n, 2);
	assert_rdata(&f->l.v[0], WIRE("\003a;b\001(\010say \"hi\""));
	assert_rdata(&f->l.v[1], WIRE("\003one\003two"));
}

/* --- Errors ------------------------------------------------------------------------- */

/* The line reported is the 1-based line on which the failing record
 * starts; records before it are kept. */
static void test_error_line_numbers(void **state)
{
	fixture *f = *state;
	assert_fails(f, "a A 192.0.2.1\nb A 300.1.1.1\n", CS_ESYNTAX, 2, "300.1.1.1");
	assert_int_equal(f->l.n, 1);
	assert_non_null(strstr(f->e.detail, "A RDATA"));

	assert_fails(f, "; header\n\n$TTL 60\nx BOGUS data\n", CS_EUNKNOWN, 4, "BOGUS");

	/* A record spanning lines 2-4 fails on line 4 and is reported at 2. */
	assert_fails(f,
		     "a A 192.0.2.1\n"
		     "b SOA ns host (\n"
		     "      1 2 3 4\n"
		     "      4294967296 )\n"
		     "c A 192.0.2.3\n",
		     CS_ERANGE, 2, "SOA");

	assert_fails(f, "a 300 IN\n", CS_ESYNTAX, 1, "missing record type");
	assert_fails(f, "a\n", CS_ESYNTAX, 1, "missing record type");
	assert_fails(f, "a..b A 192.0.2.1\n", CS_ESYNTAX, 1, "a..b");
	assert_fails(f, "\"quoted\" A 192.0.2.1\n", CS_ESYNTAX, 1, "owner");
	assert_fails(f, "$TTL 1y\n", CS_ESYNTAX, 1, "$TTL");
	assert_fails(f, "$ORIGIN a..b\n", CS_ESYNTAX, 1, "$ORIGIN");
	assert_fails(f, "a A 192.0.2.1\n\n\n  MX 10\n", CS_ESYNTAX, 4, "MX");
}

/* $INCLUDE (RFC 1035 §5.1) would read other files from an untrusted zone;
 * it and $GENERATE are refused. */
static void test_include_refused(void **state)
{
	fixture *f = *state;
	assert_fails(f, "a A 192.0.2.1\n$INCLUDE /etc/passwd\n", CS_ESYNTAX, 2, "$INCLUDE");
	assert_int_equal(f->l.n, 1);
	assert_fails(f, "$GENERATE 1-10 host$ A 192.0.2.$\n", CS_ESYNTAX, 1, "$GENERATE");
	assert_fails(f, "$ORIGIN\n", CS_ESYNTAX, 1, "$ORIGIN"); /* missing argument */
}

static void test_unbalanced_parentheses_and_quotes(void **state)
{
	fixture *f = *state;
	assert_fails(f, "a A 192.0.2.1\nb TXT ( \"x\"\n\"y\"\n", CS_ESYNTAX, 2, "unterminated");
	assert_fails(f, "a TXT \"x\" )\n", CS_ESYNTAX, 1, "')'");
	assert_fails(f, "a TXT ( \"x\" ) )\n", CS_ESYNTAX, 1, "')'");
	assert_fails(f, "a A 192.0.2.1\nb TXT \"abc\n", CS_ESYNTAX, 2, "quote");
	assert_fails(f, "a TXT \"abc\\\"\n", CS_ESYNTAX, 1, "quote");
}

/* Zone text is text: a NUL byte anywhere fails on its line. */
static void test_nul_byte(void **state)
{
	fixture *f = *state;
	static const char text[] = "a A 192.0.2.1\nb.exa\0mple. A 192.0.2.2\n";
	cs_name o = name("example.");
	cs_err err = cs_zone_parse(text, sizeof(text) - 1, &o, 3600, &f->a, &f->l, &f->e);
	assert_int_equal(err, CS_ESYNTAX);
	assert_int_equal(f->e.line, 2);
	assert_non_null(strstr(f->e.detail, "NUL"));
	assert_int_equal(f->l.n, 1);
}

/* Text without a final newline, and CRLF line ends, are read alike. */
static void test_line_ends(void **state)
{
	fixture *f = *state;
	assert_int_equal(parse(f, "a A 192.0.2.1\r\nb A 192.0.2.2", "example."), CS_OK);
	assert_int_equal(f->l.n, 2);
	assert_rdata(&f->l.v[1], WIRE("\300\000\002\002"));
	assert_int_equal(parse(f, "", "example."), CS_OK);
	assert_int_equal(f->l.n, 0);
}

/* --- Files and single records -------------------------------------------------------- */

static void test_parse_file(void **state)
{
	fixture *f = *state;
	cs_name root = name(".");
	assert_int_equal(cs_zone_parse_file("/nonexistent/chainscope/root.key", &root, 3600, &f->a,
					    &f->l, &f->e),
			 CS_EIO);
	assert_int_equal(f->e.line, 0);
	assert_non_null(strstr(f->e.detail, "cannot open"));
	assert_non_null(strstr(f->e.detail, "No such file"));

	char path[] = "/tmp/test_zonefile_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char body[] =
	    "; root.ds\n"
	    ". IN DS 20326 8 2 "
	    "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
	    ". IN DS 1 8 2 NOTHEX\n";
	assert_int_equal(write(fd, body, sizeof(body) - 1), (ssize_t)(sizeof(body) - 1));
	close(fd);
	cs_err err = cs_zone_parse_file(path, &root, 3600, &f->a, &f->l, &f->e);
	unlink(path);
	assert_int_equal(err, CS_ESYNTAX);
	assert_int_equal(f->e.line, 3);
	assert_non_null(strstr(f->e.detail, "DS"));
	assert_int_equal(f->l.n, 1);
	assert_int_equal(f->l.v[0].type, CS_TYPE_DS);
}

static void test_rr_from_text(void **state)
{
	fixture *f = *state;
	cs_name origin = name("example.");
	cs_rr rr;
	assert_int_equal(cs_rr_from_text("www 60 IN MX 10 mail", &origin, &f->a, &rr, &f->e),
			 CS_OK);
	assert_owner(&rr, "www.example.");
	assert_int_equal(rr.type, CS_TYPE_MX);
	assert_int_equal(rr.ttl, 60);
	assert_rdata(&rr, WIRE("\000\012\004mail\007example\000"));

	/* Without a TTL the record gets 3600. */
	assert_int_equal(cs_rr_from_text("www A 192.0.2.1", &origin, &f->a, &rr, &f->e), CS_OK);
	assert_int_equal(rr.ttl, 3600);

	assert_int_equal(
	    cs_rr_from_text("a A 192.0.2.1\nb A 192.0.2.2", &origin, &f->a, &rr, &f->e),
	    CS_ESYNTAX);
	assert_non_null(strstr(f->e.detail, "exactly one"));
	assert_int_equal(cs_rr_from_text("; nothing", &origin, &f->a, &rr, &f->e), CS_ESYNTAX);
	assert_int_equal(cs_rr_from_text("a A 1.2.3", &origin, &f->a, &rr, &f->e), CS_ESYNTAX);
}

/* What cs_rr_to_text prints, the reader reads back identically. */
static void test_print_and_read_back(void **state)
{
	fixture *f = *state;
	const char *text = "$ORIGIN example.\n"
			   "$TTL 300\n"
			   "@ SOA ns hostmaster 1 2 3 4 5\n"
			   "  NSEC3PARAM 1 0 0 -\n"
			   "w\\032x TXT \"a b\" \"\\\"\" \"\"\n"
			   "\\@ CH TYPE65280 \\# 3 ABCDEF\n"
			   "*.w RRSIG A 8 3 300 20240201000000 20240101000000 1 Example. AAEC\n";
	assert_int_equal(parse(f, text, NULL), CS_OK);
	assert_int_equal(f->l.n, 5);
	static const char *const expect[] = {
	    "example. 300 IN SOA ns.example. hostmaster.example. 1 2 3 4 5",
	    "example. 300 IN NSEC3PARAM 1 0 0 -",
	    "w\\032x.example. 300 IN TXT \"a b\" \"\\\"\" \"\"",
	    "\\@.example. 300 CH TYPE65280 \\# 3 ABCDEF",
	    "*.w.example. 300 CH RRSIG A 8 3 300 20240201000000 20240101000000 1 Example. AAEC",
	};
	cs_buf b;
	cs_buf_init(&b);
	for (size_t i = 0; i < f->l.n; i++) {
		const cs_rr *rr = &f->l.v[i];
		cs_buf_reset(&b);
		cs_rr_to_text(rr, &b);
		assert_string_equal(cs_buf_cstr(&b), expect[i]);
		cs_rr back;
		assert_int_equal(cs_rr_from_text(cs_buf_cstr(&b), NULL, &f->a, &back, &f->e),
				 CS_OK);
		assert_int_equal(back.owner.len, rr->owner.len);
		assert_memory_equal(back.owner.data, rr->owner.data, rr->owner.len);
		assert_int_equal(back.type, rr->type);
		assert_int_equal(back.rclass, rr->rclass);
		assert_int_equal(back.ttl, rr->ttl);
		assert_int_equal(back.rdlen, rr->rdlen);
		assert_memory_equal(back.rdata, rr->rdata, rr->rdlen);
	}
	cs_buf_free(&b);
}

static void test_rrlist(void **state)
{
	(void)state;
	cs_rrlist l = {0};
	cs_rr rr;
	memset(&rr, 0, sizeof(rr));
	for (uint32_t i = 0; i < 100; i++) {
		rr.ttl = i;
		assert_int_equal(cs_rrlist_add(&l, &rr), CS_OK);
	}
	assert_int_equal(l.n, 100);
	for (uint32_t i = 0; i < 100; i++)
		assert_int_equal(l.v[i].ttl, i);
	cs_rrlist_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	cs_rrlist_free(&l);
	cs_rrlist_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_zone_with_directives),
	    T(test_rfc4034_multiline_records),
	    T(test_root_key_and_root_ds),
	    T(test_indented_line_is_owner_inheritance),
	    T(test_ttl_units),
	    T(test_ttl_and_class_order),
	    T(test_any_is_class_then_type),
	    T(test_origin_and_at),
	    T(test_quotes_and_comments),
	    T(test_error_line_numbers),
	    T(test_include_refused),
	    T(test_unbalanced_parentheses_and_quotes),
	    T(test_nul_byte),
	    T(test_line_ends),
	    T(test_parse_file),
	    T(test_rr_from_text),
	    T(test_print_and_read_back),
	    T(test_rrlist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
