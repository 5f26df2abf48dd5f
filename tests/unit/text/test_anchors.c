/*
 * test_anchors - core/text/anchors: trust anchor files in the formats
 * operators have, told apart by content: presentation DS/DNSKEY (with and
 * without TTL and class, comments, several per file), BIND trust-anchors /
 * managed-keys / trusted-keys, unbound auto-trust state files, RFC 7958
 * root-anchors.xml with its validity windows; and errors that name the
 * line. The keys are the root's KSK-2017 (20326) and KSK-2024 (38696) and
 * the retired KSK-2010 (19036), as IANA publishes them.
 */
#include "rrfixture.h"
#include "text/anchors.h"

#include "dns/rdata.h"
#include "dns/rrtype.h"
#include "dnssec/crypto.h"
#include "text/dnstime.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KSK20326                                                                                   \
	"AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/"                               \
	"4RgWOq7HrxRixHlFlExOLAJr5emLvN7S"                                                         \
	"WXgnLh4+"                                                                                 \
	"B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS"        \
	"3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/" \
	"il"                                                                                       \
	"BmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU="
#define KSK38696                                                                                   \
	"AwEAAa96jeuknZlaeSrvyAJj6ZHv28hhOKkx3rLGXVaC6rXTsDc449/"                                  \
	"cidltpkyGwCJNnOAlFNKF2jBosZBU5eeHsp"                                                      \
	"aQWOmOElZsjICMQMC3aeHbGiShvZsx4wMYSjH8e7Vrhbu6irwCzVBApESjbUdpWWmEnhathWu1jo+"            \
	"siFUiRAAxm9qyJ"                                                                           \
	"Ng/wOZqqzL/dL/q8PkcRU5oUKEpUge71M3ej2/"                                                   \
	"7CPqpdVwuMoTvoB+ZOT4YeGyxMvHmbrxlFzGOHOijtzN+u1TQNat"                                     \
	"X2XBuzZNQ1K+s2CXkPIZo7s6JgZyvaBevYtxPvYLw4z9mR7K2vaF18UYH9Z9GNUUeayffKC73PYc="
#define DS20326 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"
#define DS38696 "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"
#define DS19036 "49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5"

static int64_t at(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(cs_time_parse_iso(iso, &t), CS_OK);
	return t;
}

static cs_err parse(fixture *f, const char *text, int64_t when)
{
	f->l.n = 0;
	memset(&f->e, 0, sizeof(f->e));
	return cs_anchors_parse(text, strlen(text), when, &f->a, &f->l, &f->e);
}

/* The key tag of record i: from the DS, or computed from the DNSKEY. */
static unsigned tag_of(const fixture *f, size_t i)
{
	const cs_rr *rr = &f->l.v[i];
	if (rr->type == CS_TYPE_DS) {
		cs_ds_view d;
		assert_int_equal(cs_ds_view_parse(rr->rdata, rr->rdlen, &d), CS_OK);
		return d.key_tag;
	}
	assert_int_equal(rr->type, CS_TYPE_DNSKEY);
	return cs_keytag(rr->rdata, rr->rdlen);
}

static void test_detect(void **state)
{
	(void)state;
	const char *xml = "<?xml version=\"1.0\"?>\n<TrustAnchor id=\"x\">";
	assert_int_equal(cs_anchor_detect(xml, strlen(xml)), CS_ANCHOR_FMT_XML);
	const char *bind = "trust-anchors {\n};\n";
	assert_int_equal(cs_anchor_detect(bind, strlen(bind)), CS_ANCHOR_FMT_BIND);
	const char *mk = "options { };\nmanaged-keys{ };";
	assert_int_equal(cs_anchor_detect(mk, strlen(mk)), CS_ANCHOR_FMT_BIND);
	const char *at = "; autotrust trust anchor file\n;;id: . 1\n";
	assert_int_equal(cs_anchor_detect(at, strlen(at)), CS_ANCHOR_FMT_AUTOTRUST);
	const char *ds = ". IN DS 20326 8 2 " DS20326 " ; managed-keys is only a comment\n";
	assert_int_equal(cs_anchor_detect(ds, strlen(ds)), CS_ANCHOR_FMT_PRESENTATION);
	assert_string_equal(cs_anchor_format_str(CS_ANCHOR_FMT_AUTOTRUST), "unbound-autotrust");
}

static void test_presentation(void **state)
{
	fixture *f = *state;
	/* With TTL and class, without either, class then TTL, comments, and a
	 * DNSKEY split over lines in parentheses. */
	const char *text = "; root anchors\n"
			   ". 172800 IN DS 20326 8 2 " DS20326 "\n"
			   ". DS 38696 8 2 " DS38696 " ; KSK-2024\n"
			   ". IN 3600 DNSKEY 257 3 8 ( " KSK20326 " )\n"
			   "\n"
			   ". DNSKEY 257 3 8 (\n " KSK38696 "\n ) ; keytag 38696\n";
	assert_int_equal(parse(f, text, 0), CS_OK);
	assert_int_equal(f->l.n, 4);
	assert_int_equal(tag_of(f, 0), 20326);
	assert_int_equal(f->l.v[0].ttl, 172800);
	assert_int_equal(tag_of(f, 1), 38696);
	assert_int_equal(tag_of(f, 2), 20326);
	assert_int_equal(tag_of(f, 3), 38696);
	assert_int_equal(f->l.v[3].type, CS_TYPE_DNSKEY);
}

static void test_presentation_wrong_type(void **state)
{
	fixture *f = *state;
	const char *text = ". DS 20326 8 2 " DS20326 "\n. NS a.root-servers.net.\n";
	assert_int_equal(parse(f, text, 0), CS_ESYNTAX);
	assert_int_equal(f->e.line, 2);
	assert_non_null(strstr(f->e.detail, "not NS"));
	assert_int_equal(parse(f, "; nothing but a comment\n", 0), CS_ESYNTAX);
	assert_non_null(strstr(f->e.detail, "no trust anchors"));
	assert_int_equal(parse(f, ". DS 20326 8 2\n", 0), CS_ESYNTAX);
	assert_int_equal(f->e.line, 1);
}

static void test_bind(void **state)
{
	fixture *f = *state;
	const char *text = "// BIND 9.16 style\n"
			   "options { directory \"/var/cache/bind\"; };\n"
			   "trust-anchors {\n"
			   "  # KSK-2017\n"
			   "  . initial-key 257 3 8 \"" KSK20326 "\";\n"
			   "  /* the 2024 key, as DS */\n"
			   "  \".\" static-ds 38696 8 2 \"" DS38696 "\";\n"
			   "  example.org. static-key 257 3 13 \"" KSK20326 "\";\n"
			   "};\n"
			   "managed-keys { . initial-ds 20326 8 2 \"" DS20326 "\"; };\n"
			   "trusted-keys {\n  \".\" 257 3 8 \"" KSK38696 "\";\n};\n";
	assert_int_equal(parse(f, text, 0), CS_OK);
	assert_int_equal(f->l.n, 5);
	assert_int_equal(f->l.v[0].type, CS_TYPE_DNSKEY);
	assert_int_equal(tag_of(f, 0), 20326);
	assert_int_equal(f->l.v[1].type, CS_TYPE_DS);
	assert_int_equal(tag_of(f, 1), 38696);
	char nb[CS_NAME_TEXT_MAX];
	assert_string_equal(cs_name_str(&f->l.v[2].owner, nb), "example.org.");
	assert_int_equal(f->l.v[3].type, CS_TYPE_DS);
	assert_int_equal(tag_of(f, 3), 20326);
	assert_int_equal(tag_of(f, 4), 38696);
	/* A key split over several lines inside its quotes (BIND allows it). */
	char split[1024];
	snprintf(split, sizeof(split), "trust-anchors { . static-key 257 3 8 \"%.100s\n  %s\"; };",
		 KSK20326, KSK20326 + 100);
	assert_int_equal(parse(f, split, 0), CS_OK);
	assert_int_equal(tag_of(f, 0), 20326);
}

static void test_bind_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(parse(f, "trust-anchors {\n . static-thing 1 2 3 \"AA\";\n};", 0),
			 CS_ESYNTAX);
	assert_int_equal(f->e.line, 2);
	assert_int_equal(parse(f, "trust-anchors {\n\n . static-ds 20326 8 2;\n};", 0), CS_ESYNTAX);
	assert_int_equal(f->e.line, 3);
	assert_int_equal(parse(f, "trust-anchors {\n . static-ds 20326 8 2 \"" DS20326 "\";\n", 0),
			 CS_ESYNTAX);
	assert_int_equal(parse(f, "trust-anchors { . static-ds 20326 8 2 \"ZZ\"; };", 0),
			 CS_ESYNTAX);
	assert_int_equal(f->e.line, 1);
	assert_int_equal(parse(f, "trust-anchors { . static-key 257 3 8 \"unterminated", 0),
			 CS_ESYNTAX);
	/* A NUL octet in a statement the reader skips (found by fuzzing: the
	 * lexer once stopped there without moving). */
	static const char nul[] =
	    "options { x\0y; };\ntrust-anchors { . static-ds 20326 8 2 \"" DS20326 "\"; };";
	f->l.n = 0;
	assert_int_equal(cs_anchors_parse(nul, sizeof(nul) - 1, 0, &f->a, &f->l, &f->e), CS_OK);
	assert_int_equal(f->l.n, 1);
}

static void test_autotrust(void **state)
{
	fixture *f = *state;
	const char *text =
	    "; autotrust trust anchor file\n"
	    ";;id: . 1\n"
	    ";;last_queried: 1700000000 ;;Tue Nov 14 22:13:20 2023\n"
	    ". 86400 IN DNSKEY 257 3 8 " KSK20326 " ;{id = 20326 (ksk), size = 2048b} ;;state=2 [  "
	    "VALID  ] ;;count=0 ;;lastchange=1502010000 ;;Sun Aug  6 08:20:00 2017\n"
	    ". 86400 IN DNSKEY 257 3 8 " KSK38696 " ;{id = 38696 (ksk), size = 2048b} ;;state=1 [ "
	    "ADDPEND ] ;;count=1 ;;lastchange=1700000000\n";
	assert_int_equal(parse(f, text, 0), CS_OK);
	assert_int_equal(f->l.n, 1); /* ADDPEND is not trusted yet */
	assert_int_equal(tag_of(f, 0), 20326);
	/* MISSING is used; REVOKED and REMOVED are not. */
	const char *states = "; autotrust trust anchor file\n"
			     ". 86400 IN DNSKEY 257 3 8 " KSK20326 " ;;state=3 [ MISSING ]\n"
			     ". 86400 IN DNSKEY 257 3 8 " KSK38696 " ;;state=4 [ REVOKED ]\n"
			     ". 86400 IN DNSKEY 257 3 8 " KSK38696 " ;;state=5 [ REMOVED ]\n";
	assert_int_equal(parse(f, states, 0), CS_OK);
	assert_int_equal(f->l.n, 1);
	assert_int_equal(tag_of(f, 0), 20326);
	/* A ;;REVOKED header: the whole trust point is revoked. */
	const char *revoked = "; autotrust trust anchor file\n;;REVOKED\n;;id: . 1\n"
			      ". 86400 IN DNSKEY 257 3 8 " KSK20326 " ;;state=2 [ VALID ]\n";
	assert_int_equal(parse(f, revoked, 0), CS_ESYNTAX);
	assert_int_equal(f->l.n, 0);
	assert_non_null(strstr(f->e.detail, "REVOKED"));
	/* Only removed keys: no anchor. */
	const char *none = "; autotrust trust anchor file\n"
			   ". 86400 IN DNSKEY 257 3 8 " KSK20326 " ;;state=5 [ REMOVED ]\n";
	assert_int_equal(parse(f, none, 0), CS_ESYNTAX);
	/* A damaged record names its line. */
	const char *bad = "; autotrust trust anchor file\n;;id: . 1\n"
			  ". 86400 IN DNSKEY 257 3 8 !!! ;;state=2 [ VALID ]\n";
	assert_int_not_equal(parse(f, bad, 0), CS_OK);
	assert_int_equal(f->e.line, 3);
}

/* IANA's root-anchors.xml as published in 2024 (RFC 7958 and RFC 9718). */
static const char xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TrustAnchor id=\"E9724F53-1851-4F86-85E5-F1392102940B\" "
    "source=\"http://data.iana.org/root-anchors/root-anchors.xml\">\n"
    "<Zone>.</Zone>\n"
    "<KeyDigest id=\"Kjqmt7v\" validFrom=\"2010-07-15T00:00:00+00:00\" "
    "validUntil=\"2019-01-11T00:00:00+00:00\">\n"
    "<KeyTag>19036</KeyTag>\n<Algorithm>8</Algorithm>\n<DigestType>2</DigestType>\n"
    "<Digest>" DS19036 "</Digest>\n</KeyDigest>\n"
    "<KeyDigest id=\"Klajeyz\" validFrom=\"2017-02-02T00:00:00+00:00\">\n"
    "<KeyTag>20326</KeyTag>\n<Algorithm>8</Algorithm>\n<DigestType>2</DigestType>\n"
    "<Digest>" DS20326 "</Digest>\n</KeyDigest>\n"
    "<KeyDigest id=\"Kmyv6jo\" validFrom=\"2024-07-18T00:00:00+00:00\">\n"
    "<KeyTag>38696</KeyTag>\n<Algorithm>8</Algorithm>\n<DigestType>2</DigestType>\n"
    "<Digest>" DS38696 "</Digest>\n<Flags>257</Flags>\n</KeyDigest>\n"
    "</TrustAnchor>\n";

static void test_xml_windows(void **state)
{
	fixture *f = *state;
	/* 2017-08-21: 19036 and 20326 are valid, 38696 not yet. */
	assert_int_equal(parse(f, xml, at("2017-08-21T12:00:00Z")), CS_OK);
	assert_int_equal(f->l.n, 2);
	assert_int_equal(tag_of(f, 0), 19036);
	assert_int_equal(tag_of(f, 1), 20326);
	/* 2022: 19036 is past its validUntil. */
	assert_int_equal(parse(f, xml, at("2022-02-20T00:00:00Z")), CS_OK);
	assert_int_equal(f->l.n, 1);
	assert_int_equal(tag_of(f, 0), 20326);
	/* validUntil is exclusive; validFrom inclusive. */
	assert_int_equal(parse(f, xml, at("2019-01-11T00:00:00Z")), CS_OK);
	assert_int_equal(f->l.n, 1);
	assert_int_equal(parse(f, xml, at("2024-07-18T00:00:00Z")), CS_OK);
	assert_int_equal(f->l.n, 2);
	assert_int_equal(tag_of(f, 1), 38696);
	assert_int_equal(f->l.v[1].type, CS_TYPE_DS);
	/* Before any window: nothing valid is an error that says when. */
	assert_int_equal(parse(f, xml, at("2009-01-01T00:00:00Z")), CS_ESYNTAX);
	assert_non_null(strstr(f->e.detail, "2009-01-01"));
}

static void test_xml_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(parse(f,
			       "<TrustAnchor>\n<KeyDigest validFrom=\"2010-07-15T00:00:00Z\">"
			       "</KeyDigest></TrustAnchor>",
			       0),
			 CS_ESYNTAX); /* no Zone */
	const char *nodigest = "<TrustAnchor>\n<Zone>.</Zone>\n\n<KeyDigest "
			       "validFrom=\"2010-07-15T00:00:00Z\">\n<KeyTag>1</KeyTag>\n"
			       "</KeyDigest></TrustAnchor>";
	assert_int_equal(parse(f, nodigest, at("2020-01-01")), CS_ESYNTAX);
	assert_int_equal(f->e.line, 4);
	assert_non_null(strstr(f->e.detail, "Algorithm"));
	const char *badtime = "<TrustAnchor>\n<Zone>.</Zone>\n<KeyDigest validFrom=\"yesterday\">"
			      "</KeyDigest></TrustAnchor>";
	assert_int_equal(parse(f, badtime, 0), CS_ESYNTAX);
	assert_int_equal(f->e.line, 3);
	const char *open = "<TrustAnchor>\n<Zone>.</Zone>\n<KeyDigest validFrom=\"2010-07-15\"";
	assert_int_equal(parse(f, open, 0), CS_ESYNTAX);
	/* The closing tag before the start tag's '>' (a fuzzer's find: the
	 * body's length went negative and the reader ran off the text). */
	const char *inside = "<TrustAnchor>\n<Zone>.</Zone>\n<KeyDigest</KeyDigest> "
			     "validFrom=\"2010-07-15T00:00:00Z\">";
	assert_int_equal(parse(f, inside, 0), CS_ESYNTAX);
	assert_int_equal(f->e.line, 3);
	assert_non_null(strstr(f->e.detail, "unterminated"));
}

static void test_file(void **state)
{
	fixture *f = *state;
	char path[] = "/tmp/cs-anchors-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "trust-anchors { . static-ds 20326 8 2 \"" DS20326 "\"; };\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(cs_anchors_parse_file(path, 0, &f->a, &f->l, &f->e), CS_OK);
	assert_int_equal(f->l.n, 1);
	unlink(path);
	assert_int_equal(cs_anchors_parse_file(path, 0, &f->a, &f->l, &f->e), CS_EIO);
	assert_true(f->e.detail[0] != 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_detect),	 T(test_presentation), T(test_presentation_wrong_type),
	    T(test_bind),	 T(test_bind_errors),  T(test_autotrust),
	    T(test_xml_windows), T(test_xml_errors),   T(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
