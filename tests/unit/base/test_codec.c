/*
 * test_codec - core/codec against the RFC 4648 §10 test vectors, both
 * directions: base16 (§8, written uppercase), base64 (§4, padded) and
 * base32hex (§7, written lowercase and unpadded as RFC 5155 §3.3 presents
 * NSEC3 hashes). Then the inputs each decoder must refuse.
 */
#include "base/codec.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

/* RFC 4648 §10: the inputs are prefixes of "foobar". */
static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
static const char *const base64[] = {"",	 "Zg==",     "Zm8=",	"Zm9v",
				     "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
static const char *const base32hex[] = {
    "", "CO======", "CPNG====", "CPNMU===", "CPNMUOG=", "CPNMUOJ1", "CPNMUOJ1E8======"};
static const char *const base16[] = {"",	 "66",	       "666F",	      "666F6F",
				     "666F6F62", "666F6F6261", "666F6F626172"};
#define NVEC (sizeof(plain) / sizeof(plain[0]))

typedef void (*encoder)(cs_buf *, const uint8_t *, size_t);
typedef cs_err (*decoder)(cs_buf *, const char *, size_t);

static void assert_encodes(encoder enc, const char *in, const char *expect)
{
	cs_buf b;
	cs_buf_init(&b);
	enc(&b, (const uint8_t *)in, strlen(in));
	assert_int_equal(b.err, CS_OK);
	assert_string_equal(cs_buf_cstr(&b), expect);
	cs_buf_free(&b);
}

static void assert_decodes(decoder dec, const char *in, const char *expect)
{
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(dec(&b, in, strlen(in)), CS_OK);
	assert_int_equal(b.len, strlen(expect));
	if (b.len > 0)
		assert_memory_equal(b.data, expect, b.len);
	cs_buf_free(&b);
}

static void assert_rejects(decoder dec, const char *in)
{
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(dec(&b, in, strlen(in)), CS_ESYNTAX);
	cs_buf_free(&b);
}

/* The RFC 4648 §10 vectors with the padding dropped and case changed the way
 * presentation format writes them. */
static void unpadded_lower(const char *in, char *out)
{
	size_t n = 0;
	for (; in[n] != '\0' && in[n] != '='; n++)
		out[n] = (in[n] >= 'A' && in[n] <= 'Z') ? (char)(in[n] + 32) : in[n];
	out[n] = '\0';
}

static void test_hex_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		assert_encodes(cs_hex_encode, plain[i], base16[i]);
		assert_decodes(cs_hex_decode, base16[i], plain[i]);
	}
}

/* Decoding takes either case and skips white space; encoding is uppercase. */
static void test_hex_case_and_whitespace(void **state)
{
	(void)state;
	assert_decodes(cs_hex_decode, "666f6F62 61\n72", "foobar");
	assert_decodes(cs_hex_decode, " \t\r\n", "");
	const uint8_t all[] = {0x00, 0x09, 0xAB, 0xFF};
	cs_buf b;
	cs_buf_init(&b);
	cs_hex_encode(&b, all, sizeof(all));
	assert_string_equal(cs_buf_cstr(&b), "0009ABFF");
	cs_buf_free(&b);
}

static void test_hex_rejects(void **state)
{
	(void)state;
	assert_rejects(cs_hex_decode, "0G");  /* not a digit */
	assert_rejects(cs_hex_decode, "666"); /* odd number of digits */
	assert_rejects(cs_hex_decode, "6 6 6");
	assert_rejects(cs_hex_decode, "0x66");
	assert_rejects(cs_hex_decode, "-1");
}

static void test_base64_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		assert_encodes(cs_b64_encode, plain[i], base64[i]);
		assert_decodes(cs_b64_decode, base64[i], plain[i]);
	}
}

/* Base64 in zone files is split over lines (RFC 4034 §2.2 keys): white
 * space between and after quanta is skipped. */
static void test_base64_whitespace(void **state)
{
	(void)state;
	assert_decodes(cs_b64_decode, "Zm9v\nYmFy", "foobar");
	assert_decodes(cs_b64_decode, " Zm 9v Yg = = ", "foob");
	assert_decodes(cs_b64_decode, "Zm8=\n", "fo");
}

/* Every octet value survives encode then decode (the full alphabet, '+' and
 * '/' included). */
static void test_base64_all_octets(void **state)
{
	(void)state;
	uint8_t all[256];
	for (size_t i = 0; i < sizeof(all); i++)
		all[i] = (uint8_t)i;
	for (size_t n = 0; n <= sizeof(all); n += 1 + n / 3) {
		cs_buf enc, dec;
		cs_buf_init(&enc);
		cs_buf_init(&dec);
		cs_b64_encode(&enc, all, n);
		assert_int_equal(enc.len, (n + 2) / 3 * 4);
		assert_int_equal(cs_b64_decode(&dec, (const char *)enc.data, enc.len), CS_OK);
		assert_int_equal(dec.len, n);
		if (n > 0)
			assert_memory_equal(dec.data, all, n);
		cs_buf_free(&enc);
		cs_buf_free(&dec);
	}
}

static void test_base64_rejects(void **state)
{
	(void)state;
	assert_rejects(cs_b64_decode, "Zg");	   /* incomplete quantum */
	assert_rejects(cs_b64_decode, "Zg=");	   /* padding too short */
	assert_rejects(cs_b64_decode, "Z===");	   /* three pad characters */
	assert_rejects(cs_b64_decode, "====");	   /* padding only */
	assert_rejects(cs_b64_decode, "Z=g=");	   /* data after padding */
	assert_rejects(cs_b64_decode, "Zg==Zg=="); /* a quantum after the padded one */
	assert_rejects(cs_b64_decode, "Zm9v!");	   /* not in the alphabet */
	assert_rejects(cs_b64_decode, "Zm9v-_");   /* base64url is not base64 */
}

static void test_base32hex_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		char expect[32];
		unpadded_lower(base32hex[i], expect);
		assert_encodes(cs_b32hex_encode, plain[i], expect);
		assert_decodes(cs_b32hex_decode, expect, plain[i]);
		/* Uppercase digits decode the same (RFC 4648 §7 is case-insensitive). */
		char upper[32];
		size_t n = 0;
		for (; base32hex[i][n] != '\0' && base32hex[i][n] != '='; n++)
			upper[n] = base32hex[i][n];
		upper[n] = '\0';
		assert_decodes(cs_b32hex_decode, upper, plain[i]);
	}
}

/* The alphabet is "0-9a-v" and the final digit must not carry stray bits:
 * "co" is "f" but "cp" would be "f" plus a set padding bit. Padding and
 * white space are not part of the unpadded form. */
static void test_base32hex_rejects(void **state)
{
	(void)state;
	assert_rejects(cs_b32hex_decode, "CO======");
	assert_rejects(cs_b32hex_decode, "w");
	assert_rejects(cs_b32hex_decode, "c");	    /* 5 bits: no whole octet */
	assert_rejects(cs_b32hex_decode, "cpn");    /* 15 bits: 7 left over */
	assert_rejects(cs_b32hex_decode, "cp");	    /* non-zero padding bits */
	assert_rejects(cs_b32hex_decode, "cpng c"); /* white space */
	assert_decodes(cs_b32hex_decode, "co", "f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hex_rfc4648_vectors),
	    cmocka_unit_test(test_hex_case_and_whitespace),
	    cmocka_unit_test(test_hex_rejects),
	    cmocka_unit_test(test_base64_rfc4648_vectors),
	    cmocka_unit_test(test_base64_whitespace),
	    cmocka_unit_test(test_base64_all_octets),
	    cmocka_unit_test(test_base64_rejects),
	    cmocka_unit_test(test_base32hex_rfc4648_vectors),
	    cmocka_unit_test(test_base32hex_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
