/*
 * test_crypto - core/crypto against the published DNSSEC examples:
 * RFC 4034 §5.4 and RFC 4509 §2.3 (key tag, DS digests), RFC 5702 §6
 * (RSA/SHA-2), RFC 6605 §6 (ECDSA), RFC 8080 §6 with verified erratum 4935
 * (EdDSA) and RFC 5155 Appendix A (NSEC3 hashes); then every error class,
 * pseudo-random garbage for every algorithm number, and the RFC 8624 table.
 *
 * Keys, signatures and digests are copied from the RFC text, split where the
 * RFC splits them. The signed data is built here by hand from the records as
 * printed (RFC 4034 §3.1.8.1), independent of core/sigdata.
 */
#include "dnssec/crypto.h"
#include "dnssec/verify_cache.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../testutil.h"

#include <stdlib.h>
#include <string.h>

/* --- Small codecs, local to this test ------------------------------------- */

/* Decode base64 text (whitespace skipped, padding honoured) into out.
 * Returns the number of octets; fails the test on a bad character or on
 * overflow of out. */
static size_t b64(const char *text, uint8_t *out, size_t cap)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t n = 0;
	for (const char *p = text; *p != '\0' && *p != '='; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t')
			continue;
		const char *hit = strchr(alphabet, *p);
		assert_non_null(hit);
		acc = ((acc & 0xFFFF) << 6) | (uint32_t)(hit - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			assert_true(n < cap);
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n;
}

/* Lowercase base32hex without padding (RFC 4648 §7) of 20 octets. */
static void b32hex20(const uint8_t in[20], char out[33])
{
	static const char alphabet[] = "0123456789abcdefghijklmnopqrstuv";
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t n = 0;
	for (size_t i = 0; i < 20; i++) {
		acc = ((acc & 0xFF) << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[n++] = alphabet[(acc >> bits) & 31];
		}
	}
	out[n] = '\0';
}

/* Append a lowercase dotted name ("www.example.net", "" for the root) in
 * wire format. */
static void put_name(bytes *o, const char *text)
{
	const char *p = text;
	while (*p != '\0') {
		const char *dot = strchr(p, '.');
		size_t len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		assert_true(len > 0 && len < 64);
		put8(o, (unsigned)len);
		put(o, p, len);
		p += len;
		if (*p == '.')
			p++;
	}
	put8(o, 0);
}

static bool is_leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned digits(const char *p, size_t n)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(p[i] - '0');
	return v;
}

/* RRSIG time field as printed (RFC 4034 §3.2): YYYYMMDDHHmmSS, or plain
 * seconds since the epoch. */
static uint32_t dnstime(const char *text)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(text) != 14)
		return (uint32_t)strtoul(text, NULL, 10);
	unsigned y = digits(text, 4), m = digits(text + 4, 2), d = digits(text + 6, 2);
	uint32_t days = 0;
	for (unsigned i = 1970; i < y; i++)
		days += is_leap(i) ? 366 : 365;
	for (unsigned i = 1; i < m; i++)
		days += mdays[i - 1] + (i == 2 && is_leap(y) ? 1 : 0);
	days += d - 1;
	return days * 86400 + digits(text + 8, 2) * 3600 + digits(text + 10, 2) * 60 +
	       digits(text + 12, 2);
}

/* --- RFC 4034 §5.4 / RFC 4509 §2.3 ---------------------------------------- */

/* RFC 4034 §5.4: dskey.example.com. 86400 IN DNSKEY 256 3 5 (...) ; key id = 60485 */
static const char rfc4034_key[] = "AQOeiiR0GOMYkDshWoSKz9Xz"
				  "fwJr1AYtsmx3TGkJaNXVbfi/"
				  "2pHm822aJ5iI9BMzNXxeYCmZ"
				  "DRD99WYwYqUSdjMmmAphXdvx"
				  "egXd/M5+X7OrzKBaMbCVdFLU"
				  "Uh6DhweJBjEVv5f2wwjM9Xzc"
				  "nOf+EPbtG9DMBmADjFDc2w/r"
				  "ljwvFw==";

static void dnskey_rdata(bytes *o, unsigned flags, uint8_t alg, const char *key_b64)
{
	uint8_t key[512];
	size_t n = b64(key_b64, key, sizeof(key));
	o->n = 0;
	put16(o, flags);
	put8(o, 3);
	put8(o, alg);
	put(o, key, n);
}

static void test_rfc4034_ds(void **state)
{
	(void)state;
	bytes rd, owner = {.n = 0};
	uint8_t want[CS_DIGEST_MAX], got[CS_DIGEST_MAX];
	size_t got_len = 0;

	dnskey_rdata(&rd, 256, 5, rfc4034_key);
	put_name(&owner, "dskey.example.com");
	assert_int_equal(cs_keytag(rd.b, rd.n), 60485);

	/* RFC 4034 §5.4: DS 60485 5 1 ( 2BB183AF5F22588179A53B0A 98631FAD1A292118 ) */
	size_t want_len = unhex("2BB183AF5F22588179A53B0A 98631FAD1A292118", want, sizeof(want));
	assert_int_equal(cs_ds_digest(1, owner.b, owner.n, rd.b, rd.n, got, &got_len),
			 CS_DIGEST_OK);
	assert_int_equal(got_len, want_len);
	assert_int_equal(got_len, cs_ds_digest_len(1));
	assert_memory_equal(got, want, want_len);

	/* RFC 4509 §2.3: the same key, DS 60485 5 2 ( D4B7D520E7BB5F0F67674A0CCEB1E3E0
	 * 614B93C4F9E99B8383F6A1E4469DA50A ) */
	want_len = unhex("D4B7D520E7BB5F0F67674A0CCEB1E3E0 614B93C4F9E99B8383F6A1E4469DA50A", want,
			 sizeof(want));
	assert_int_equal(cs_ds_digest(2, owner.b, owner.n, rd.b, rd.n, got, &got_len),
			 CS_DIGEST_OK);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);

	/* Algorithm 1 is prohibited before the key is looked at. */
	assert_int_equal(cs_crypto_verify(1, rd.b + 4, rd.n - 4, NULL, 0, NULL, 0),
			 CS_VERIFY_PROHIBITED_ALG);
}

/* --- Signing examples ------------------------------------------------------- */

typedef struct {
	const char *signer; /* DNSKEY owner and RRSIG signer name */
	unsigned flags;
	uint8_t alg;
	const char *key;      /* base64 public key field */
	uint16_t key_tag;     /* as the RFC states it */
	unsigned key_bits;    /* RFC's "size =" or the curve's */
	uint8_t ds_type;      /* 0: the example gives no DS */
	const char *ds;	      /* hex digest */
	const char *owner;    /* of the signed RRset */
	uint16_t type;	      /* 1 A or 15 MX */
	const char *a;	      /* A: dotted quad */
	unsigned mx_pref;     /* MX */
	const char *mx_host;  /* MX */
	uint32_t ttl;	      /* RRset TTL = RRSIG original TTL */
	uint8_t labels;	      /* RRSIG labels field */
	const char *expire;   /* as printed */
	const char *incept;   /* as printed */
	const char *sig;      /* base64 signature field */
	const char *orig_sig; /* RFC 8080 as published, before erratum 4935 */
} example;

/* RFC 5702 §6.1 */
static const example rfc5702_sha256 = {
    .signer = "example.net",
    .flags = 256,
    .alg = 8,
    .key = "AwEAAcFcGsaxxdgiuuGmCkVI"
	   "my4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8P"
	   "kxUdp6p/DlUmObdk=",
    .key_tag = 9033,
    .key_bits = 512,
    .owner = "www.example.net",
    .type = 1,
    .a = "192.0.2.91",
    .ttl = 3600,
    .labels = 3,
    .expire = "20300101000000",
    .incept = "20000101000000",
    .sig = "kRCOH6u7l0QGy9qpC9"
	   "l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEa"
	   "cFYK/lPtPiVYP4bwg==",
};

/* RFC 5702 §6.2 */
static const example rfc5702_sha512 = {
    .signer = "example.net",
    .flags = 256,
    .alg = 10,
    .key = "AwEAAdHoNTOW+et86KuJOWRD"
	   "p1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFD"
	   "xj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8g"
	   "pMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL",
    .key_tag = 3740,
    .key_bits = 1024,
    .owner = "www.example.net",
    .type = 1,
    .a = "192.0.2.91",
    .ttl = 3600,
    .labels = 3,
    .expire = "20300101000000",
    .incept = "20000101000000",
    .sig = "tsb4wnjRUDnB1BUi+t"
	   "6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRa"
	   "eUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOL"
	   "DiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw"
	   "=",
};

/* RFC 6605 §6.1 */
static const example rfc6605_p256 = {
    .signer = "example.net",
    .flags = 257,
    .alg = 13,
    .key = "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb"
	   "krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
    .key_tag = 55648,
    .key_bits = 256,
    .ds_type = 2,
    .ds = "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1"
	  "e2770ce6d6e37df61d17",
    .owner = "www.example.net",
    .type = 1,
    .a = "192.0.2.1",
    .ttl = 3600,
    .labels = 3,
    .expire = "20100909100439",
    .incept = "20100812100439",
    .sig = "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXA"
	   "yGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==",
};

/* RFC 6605 §6.2 */
static const example rfc6605_p384 = {
    .signer = "example.net",
    .flags = 257,
    .alg = 14,
    .key = "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1"
	   "w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8"
	   "/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
    .key_tag = 10771,
    .key_bits = 384,
    .ds_type = 4,
    .ds = "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8"
	  "d7e9495f27e305c6a9b0563a9b5f4d288405c3008a94"
	  "6df983d6",
    .owner = "www.example.net",
    .type = 1,
    .a = "192.0.2.1",
    .ttl = 3600,
    .labels = 3,
    .expire = "20100909102025",
    .incept = "20100812102025",
    .sig = "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP"
	   "95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuz"
	   "WTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm",
};

/* RFC 8080 §6: the RRSIGs as published leave out the algorithm field and
 * were made over a labels count of 3 for example.com. (two labels); the
 * verified erratum 4935 gives "RRSIG MX 15 2 3600" (16 for Ed448) and new
 * signatures, used here as .sig. The published signature is kept as
 * .orig_sig and checked over the labels-3 data it was made for. */
#define RFC8080_RRSET                                                                              \
	.signer = "example.com", .flags = 257, .owner = "example.com", .type = 15, .mx_pref = 10,  \
	.mx_host = "mail.example.com", .ttl = 3600, .labels = 2, .expire = "1440021600",           \
	.incept = "1438207200", .ds_type = 2

/* RFC 8080 §6.1, first example */
static const example rfc8080_ed25519_a = {
    RFC8080_RRSET,
    .alg = 15,
    .key = "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
    .key_tag = 3613,
    .key_bits = 256,
    .ds = "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79"
	  "a304b",
    .sig = "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3f"
	   "x8A4M3e23mRZ9VrbpMngwcrqNAg==",
    .orig_sig = "Edk+IB9KNNWg0HAjm7FazXyrd5m3Rk8zNZbvNpAcM+eysqcUOMIjWoevFkj"
		"H5GaMWeG96GUVZu6ECKOQmemHDg==",
};

/* RFC 8080 §6.1, second example */
static const example rfc8080_ed25519_b = {
    RFC8080_RRSET,
    .alg = 15,
    .key = "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=",
    .key_tag = 35217,
    .key_bits = 256,
    .ds = "401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c"
	  "6614c",
    .sig = "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQ"
	   "oSm5poJ7gD7AQR0O7KuI5k2pcBg==",
    .orig_sig = "5LL2obmzdqjWI+Xto5eP5adXt/T5tMhasWvwcyW4L3SzfcRawOle9bodhC+"
		"oip9ayUGjY9T/rL4rN3bOuESGDA==",
};

/* RFC 8080 §6.2, first example */
static const example rfc8080_ed448_a = {
    RFC8080_RRSET,
    .alg = 16,
    .key = "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx"
	   "1FYYUcJKm1MDpJtIA",
    .key_tag = 9713,
    .key_bits = 456,
    .ds = "6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2"
	  "b19c7",
    .sig = "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0am"
	   "xWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N3Aj/"
	   "JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA",
    .orig_sig = "Nmc0rgGKpr3GKYXcB1JmqqS4NYwhmechvJTqVzt3jR+Qy/lSLFoIk1L+9e3"
		"9GPL+5tVzDPN3f9kAwiu8KCuPPjtl227ayaCZtRKZuJax7n9NuYlZJIusX0"
		"SOIOKBGzG+yWYtz1/jjbzl5GGkWvREUCUA",
};

/* RFC 8080 §6.2, second example */
static const example rfc8080_ed448_b = {
    RFC8080_RRSET,
    .alg = 16,
    .key = "kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcN"
	   "Lp5HlHAMy12VoISsA",
    .key_tag = 38353,
    .key_bits = 456,
    .ds = "645ff078b3568f5852b70cb60e8e696cc77b75bfaaffc118cf79cbda1ba"
	  "28af4",
    .sig = "E1/oLjSGIbmLny/4fcgM1z4oL6aqo+izT3urCyHyvEp4Sp8Syg1eI+lJ57C"
	   "SnZqjJP41O/9l4m0AsQ4f7qI1gVnML8vWWiyW2KXhT9kuAICUSxv5OWbf81"
	   "Rq7Yu60npabODB0QFPb/rkW3kUZmQ0YQUA",
    .orig_sig = "+JjANio/LIzp7osmMYE5XD3H/YES8kXs5Vb9H8MjPS8OAGZMD37+LsCIcjg"
		"5ivt0d4Om/UaqETEAsJjaYe56CEQP5lhRWuD2ivBqE0zfwJTyp4WqvpULbp"
		"vaukswvv/WNEFxzEYQEIm9+xDlXj4pMAMA",
};

static void put_rdata(bytes *o, const example *ex)
{
	bytes rd = {.n = 0};
	if (ex->type == 1) {
		unsigned a[4];
		const char *p = ex->a;
		for (int i = 0; i < 4; i++) {
			char *end;
			a[i] = (unsigned)strtoul(p, &end, 10);
			p = end + 1;
		}
		for (int i = 0; i < 4; i++)
			put8(&rd, a[i]);
	} else {
		put16(&rd, ex->mx_pref);
		put_name(&rd, ex->mx_host);
	}
	put16(o, (unsigned)rd.n);
	put(o, rd.b, rd.n);
}

/* RFC 4034 §3.1.8.1: RRSIG RDATA without the signature, then the one RR of
 * the RRset in canonical form with the original TTL. */
static void signed_data(bytes *o, const example *ex, uint8_t labels)
{
	o->n = 0;
	put16(o, ex->type);
	put8(o, ex->alg);
	put8(o, labels);
	put32(o, ex->ttl);
	put32(o, dnstime(ex->expire));
	put32(o, dnstime(ex->incept));
	put16(o, ex->key_tag);
	put_name(o, ex->signer);
	put_name(o, ex->owner);
	put16(o, ex->type);
	put16(o, 1); /* IN */
	put32(o, ex->ttl);
	put_rdata(o, ex);
}

static void check_example(const example *ex)
{
	bytes rd, owner = {.n = 0}, data;
	uint8_t sig[256], ds[CS_DIGEST_MAX], got[CS_DIGEST_MAX];
	size_t got_len = 0;

	dnskey_rdata(&rd, ex->flags, ex->alg, ex->key);
	const uint8_t *key = rd.b + 4;
	size_t key_len = rd.n - 4;
	size_t sig_len = b64(ex->sig, sig, sizeof(sig));

	assert_int_equal(cs_keytag(rd.b, rd.n), ex->key_tag);
	assert_int_equal(cs_crypto_key_bits(ex->alg, key, key_len), ex->key_bits);
	const cs_alg_info *info = cs_alg_lookup(ex->alg);
	assert_true(info->supported);
	if (info->sig_len != 0)
		assert_int_equal(sig_len, info->sig_len);
	else
		assert_int_equal(sig_len * 8, ex->key_bits);

	if (ex->ds_type != 0) {
		size_t ds_len = unhex(ex->ds, ds, sizeof(ds));
		put_name(&owner, ex->signer);
		assert_int_equal(
		    cs_ds_digest(ex->ds_type, owner.b, owner.n, rd.b, rd.n, got, &got_len),
		    CS_DIGEST_OK);
		assert_int_equal(got_len, ds_len);
		assert_int_equal(got_len, cs_ds_digest_len(ex->ds_type));
		assert_memory_equal(got, ds, ds_len);
	}

	signed_data(&data, ex, ex->labels);
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
			 CS_VERIFY_VALID);

	/* A key made once gives the same verdicts, verification after
	 * verification. */
	cs_crypto_key *k = NULL;
	assert_int_equal(cs_crypto_key_new(ex->alg, key, key_len, &k), CS_OK);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(cs_crypto_key_verify(k, sig, sig_len, data.b, data.n),
				 CS_VERIFY_VALID);
		data.b[0] ^= 0x80;
		assert_int_equal(cs_crypto_key_verify(k, sig, sig_len, data.b, data.n),
				 CS_VERIFY_MISMATCH);
		data.b[0] ^= 0x80;
		assert_int_equal(cs_crypto_key_verify(k, sig, sig_len - 1, data.b, data.n),
				 CS_VERIFY_BAD_SIG);
		assert_int_equal(cs_crypto_key_verify(k, NULL, sig_len, data.b, data.n),
				 CS_VERIFY_INTERNAL);
	}
	cs_crypto_key_free(&k);
	assert_null(k);
	cs_crypto_key_free(&k); /* NULL: nothing */
	/* An analysis's memo keeps the key it made (room for one here): the
	 * same verdicts again, for data it has not seen, and for a second key
	 * it has no room for. */
	cs_verify_cache *memo = NULL;
	cs_name zone;
	assert_int_equal(cs_name_from_text("d0001.bulk.", 11, NULL, &zone), CS_OK);
	assert_int_equal(cs_verify_cache_new_local(1 << 16, 1, NULL, &memo), CS_OK);
	assert_true(cs_verify_cache_covers(memo, &zone));
	for (int round = 0; round < 2; round++) {
		assert_int_equal(cs_verify_cached(memo, &zone, ex->alg, key, key_len, sig, sig_len,
						  data.b, data.n),
				 CS_VERIFY_VALID);
		data.b[1] ^= 0x01;
		assert_int_equal(cs_verify_cached(memo, &zone, ex->alg, key, key_len, sig, sig_len,
						  data.b, data.n),
				 CS_VERIFY_MISMATCH);
		data.b[1] ^= 0x01;
		assert_int_equal(
		    cs_verify_cached(memo, &zone, ex->alg, key, key_len - 1, sig, sig_len, data.b,
				     data.n),
		    cs_crypto_verify(ex->alg, key, key_len - 1, sig, sig_len, data.b, data.n));
	}
	uint64_t hits = 0, misses = 0;
	cs_verify_cache_counts(memo, &hits, &misses);
	assert_int_equal(hits, 3);
	assert_int_equal(misses, 3);
	cs_verify_cache_free(&memo);
	assert_null(memo);

	/* An empty key field: malformed, but a wrong signature length is a
	 * caller's NULL first. */
	assert_int_equal(cs_crypto_key_new(ex->alg, key, 0, &k), CS_OK);
	assert_int_equal(cs_crypto_key_verify(k, sig, sig_len, data.b, data.n), CS_VERIFY_BAD_KEY);
	assert_int_equal(cs_crypto_key_verify(k, NULL, 3, data.b, data.n), CS_VERIFY_INTERNAL);
	cs_crypto_key_free(&k);

	/* One bit of the data, first and last octet. */
	data.b[data.n - 1] ^= 0x01;
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
			 CS_VERIFY_MISMATCH);
	data.b[data.n - 1] ^= 0x01;
	data.b[0] ^= 0x80;
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
			 CS_VERIFY_MISMATCH);
	data.b[0] ^= 0x80;

	/* One bit of the signature. */
	sig[sig_len / 2] ^= 0x01;
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
			 CS_VERIFY_MISMATCH);
	sig[sig_len / 2] ^= 0x01;

	/* One bit of the key: never valid (RSA/ECDSA may call it malformed). */
	uint8_t bad_key[512];
	memcpy(bad_key, key, key_len);
	bad_key[key_len / 2] ^= 0x01;
	assert_int_not_equal(
	    cs_crypto_verify(ex->alg, bad_key, key_len, sig, sig_len, data.b, data.n),
	    CS_VERIFY_VALID);

	/* Wrong lengths. */
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len - 1, data.b, data.n),
			 CS_VERIFY_BAD_SIG);
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, sig_len + 1, data.b, data.n),
			 CS_VERIFY_BAD_SIG);
	assert_int_equal(cs_crypto_verify(ex->alg, key, key_len, sig, 0, data.b, data.n),
			 CS_VERIFY_BAD_SIG);
	if (ex->alg >= 13) {
		assert_int_equal(
		    cs_crypto_verify(ex->alg, key, key_len - 1, sig, sig_len, data.b, data.n),
		    CS_VERIFY_BAD_KEY);
		assert_int_equal(
		    cs_crypto_verify(ex->alg, key, key_len + 1, sig, sig_len, data.b, data.n),
		    CS_VERIFY_BAD_KEY);
	}
	assert_int_equal(cs_crypto_verify(ex->alg, key, 0, sig, sig_len, data.b, data.n),
			 CS_VERIFY_BAD_KEY);

	/* The same key under another algorithm number of its family. */
	if (ex->alg == 8 || ex->alg == 10)
		assert_int_equal(cs_crypto_verify(ex->alg == 8 ? 10 : 8, key, key_len, sig, sig_len,
						  data.b, data.n),
				 CS_VERIFY_MISMATCH);

	if (ex->orig_sig != NULL) {
		/* Erratum 4935: the published signature covers labels = 3. */
		sig_len = b64(ex->orig_sig, sig, sizeof(sig));
		assert_int_equal(
		    cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
		    CS_VERIFY_MISMATCH);
		signed_data(&data, ex, 3);
		assert_int_equal(
		    cs_crypto_verify(ex->alg, key, key_len, sig, sig_len, data.b, data.n),
		    CS_VERIFY_VALID);
	}
}

/* Keys of algorithms that are not verified, and a NULL key field: the
 * algorithm's verdict comes before anything else. */
static void test_key_refused(void **state)
{
	(void)state;
	static const uint8_t key[64] = {1};
	static const uint8_t sig[64] = {2};
	static const uint8_t data[4] = {3};
	cs_crypto_key *k = NULL;
	assert_int_equal(cs_crypto_key_new(1, key, sizeof(key), &k), CS_OK);
	assert_int_equal(cs_crypto_key_verify(k, sig, sizeof(sig), data, sizeof(data)),
			 CS_VERIFY_PROHIBITED_ALG);
	assert_int_equal(cs_crypto_key_verify(k, NULL, 9, data, sizeof(data)),
			 CS_VERIFY_PROHIBITED_ALG);
	cs_crypto_key_free(&k);
	assert_int_equal(cs_crypto_key_new(200, key, sizeof(key), &k), CS_OK);
	assert_int_equal(cs_crypto_key_verify(k, sig, sizeof(sig), data, sizeof(data)),
			 CS_VERIFY_UNSUPPORTED_ALG);
	cs_crypto_key_free(&k);
	assert_int_equal(cs_crypto_key_new(13, NULL, 64, &k), CS_OK);
	assert_int_equal(cs_crypto_key_verify(k, sig, sizeof(sig), data, sizeof(data)),
			 CS_VERIFY_INTERNAL);
	cs_crypto_key_free(&k);
	/* 64 octets that are not a P-256 point: the key is refused, after the
	 * signature's length. */
	assert_int_equal(cs_crypto_key_new(13, key, sizeof(key), &k), CS_OK);
	assert_int_equal(cs_crypto_key_verify(k, sig, 63, data, sizeof(data)), CS_VERIFY_BAD_SIG);
	assert_int_equal(cs_crypto_key_verify(k, sig, sizeof(sig), data, sizeof(data)),
			 CS_VERIFY_BAD_KEY);
	assert_int_equal(cs_crypto_verify(13, key, sizeof(key), sig, 63, data, sizeof(data)),
			 CS_VERIFY_BAD_SIG);
	assert_int_equal(
	    cs_crypto_verify(13, key, sizeof(key), sig, sizeof(sig), data, sizeof(data)),
	    CS_VERIFY_BAD_KEY);
	cs_crypto_key_free(&k);
}

static void test_rfc5702_rsasha256(void **state)
{
	(void)state;
	check_example(&rfc5702_sha256);
}

static void test_rfc5702_rsasha512(void **state)
{
	(void)state;
	check_example(&rfc5702_sha512);
}

static void test_rfc6605_p256(void **state)
{
	(void)state;
	check_example(&rfc6605_p256);
}

static void test_rfc6605_p384(void **state)
{
	(void)state;
	check_example(&rfc6605_p384);
}

static void test_rfc8080_ed25519(void **state)
{
	(void)state;
	check_example(&rfc8080_ed25519_a);
	check_example(&rfc8080_ed25519_b);
}

static void test_rfc8080_ed448(void **state)
{
	(void)state;
	check_example(&rfc8080_ed448_a);
	check_example(&rfc8080_ed448_b);
}

/* The second RFC 8080 key of each curve must not verify the first's
 * signature over the same data. */
static void test_rfc8080_cross_keys(void **state)
{
	(void)state;
	const example *pairs[][2] = {{&rfc8080_ed25519_a, &rfc8080_ed25519_b},
				     {&rfc8080_ed448_a, &rfc8080_ed448_b}};
	for (size_t i = 0; i < 2; i++) {
		bytes rd, data;
		uint8_t sig[256];
		size_t sig_len = b64(pairs[i][0]->sig, sig, sizeof(sig));
		signed_data(&data, pairs[i][0], 2);
		dnskey_rdata(&rd, 257, pairs[i][1]->alg, pairs[i][1]->key);
		assert_int_equal(cs_crypto_verify(pairs[i][1]->alg, rd.b + 4, rd.n - 4, sig,
						  sig_len, data.b, data.n),
				 CS_VERIFY_MISMATCH);
	}
}

/* --- RFC 5155 Appendix A ------------------------------------------------------ */

static void test_rfc5155_hashes(void **state)
{
	(void)state;
	/* RFC 5155 Appendix A: NSEC3PARAM 1 0 12 aabbccdd, and the owner names
	 * of the example zone with their hashes (";  H(name) = hash" lines). */
	static const struct {
		const char *name, *hash;
	} v[] = {
	    {"example", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},
	    {"a.example", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
	    {"ai.example", "gjeqe526plbf1g8mklp59enfd789njgi"},
	    {"ns1.example", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
	    {"ns2.example", "q04jkcevqvmu85r014c7dkba38o0ji5r"},
	    {"w.example", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
	    {"*.w.example", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"},
	    {"x.w.example", "b4um86eghhds6nea196smvmlo4ors995"},
	    {"y.w.example", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"},
	    {"x.y.w.example", "2vptu5timamqttgl4luu9kg21e0aor3s"},
	    {"xx.example", "t644ebqk9bibcna874givr6joj62mlhv"},
	    {"2t7b4g4vsa5smi47k61mv5bv1a22bojr.example", "kohar7mbb8dc2ce8a9qvl8hon4k53uhi"},
	};
	const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bytes name = {.n = 0};
		uint8_t h[20];
		char text[33];
		put_name(&name, v[i].name);
		assert_true(cs_nsec3_hash(1, 12, salt, sizeof(salt), name.b, name.n, h));
		b32hex20(h, text);
		assert_string_equal(text, v[i].hash);
	}
}

static void test_nsec3_edges(void **state)
{
	(void)state;
	bytes com = {.n = 0};
	uint8_t h[20], h2[20];
	char text[33];
	put_name(&com, "com");

	/* No salt, no extra iterations: com.'s own NSEC3 owner in the com zone
	 * (NSEC3PARAM 1 0 0 -), also asserted by BIND 9's nsec3hash test. */
	assert_true(cs_nsec3_hash(1, 0, NULL, 0, com.b, com.n, h));
	b32hex20(h, text);
	assert_string_equal(text, "ck0pojmg874ljref7efn8430qvit8bsm");

	/* Only SHA-1 exists; out is left alone otherwise. */
	memset(h2, 0x5a, sizeof(h2));
	for (unsigned alg = 0; alg < 256; alg++)
		if (alg != 1)
			assert_false(cs_nsec3_hash((uint8_t)alg, 0, NULL, 0, com.b, com.n, h2));
	for (size_t i = 0; i < sizeof(h2); i++)
		assert_int_equal(h2[i], 0x5a);

	/* The maximum iteration count is computed, not refused. */
	assert_true(cs_nsec3_hash(1, 65535, NULL, 0, com.b, com.n, h2));
	assert_memory_not_equal(h, h2, sizeof(h));

	/* Misuse is refused, not crashed on. */
	assert_false(cs_nsec3_hash(1, 0, NULL, 4, com.b, com.n, h2));
	assert_false(cs_nsec3_hash(1, 0, NULL, 0, NULL, 5, h2));
	assert_false(cs_nsec3_hash(1, 0, NULL, 0, com.b, com.n, NULL));
	assert_true(cs_nsec3_hash(1, 0, NULL, 0, NULL, 0, h2));
}

/* --- Error classes ------------------------------------------------------------ */

static void test_prohibited_and_unsupported(void **state)
{
	(void)state;
	const uint8_t junk[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	const uint8_t prohibited[] = {1, 3, 6, 12};
	for (size_t i = 0; i < sizeof(prohibited); i++) {
		assert_int_equal(cs_crypto_verify(prohibited[i], NULL, 0, NULL, 0, NULL, 0),
				 CS_VERIFY_PROHIBITED_ALG);
		assert_int_equal(cs_crypto_verify(prohibited[i], junk, 8, junk, 8, junk, 8),
				 CS_VERIFY_PROHIBITED_ALG);
	}
	const uint8_t unsupported[] = {0, 2, 4, 9, 11, 17, 23, 200, 252, 253, 254, 255};
	for (size_t i = 0; i < sizeof(unsupported); i++)
		assert_int_equal(cs_crypto_verify(unsupported[i], junk, 8, junk, 8, junk, 8),
				 CS_VERIFY_UNSUPPORTED_ALG);
}

static void test_bad_key_rsa(void **state)
{
	(void)state;
	uint8_t sig[64] = {0}, data[4] = {0};
	/* RFC 3110 §2 key fields that must be refused for every RSA number. */
	static const struct {
		const char *why;
		const char *hex;
	} bad[] = {
	    {"empty", ""},
	    {"long exponent length truncated", "00"},
	    {"long exponent length truncated", "0000"},
	    {"long exponent length zero", "000000 03 c5"},
	    {"exponent runs off the end", "05 010001"},
	    {"no modulus", "03 010001"},
	    {"long form, no modulus", "000003 010001"},
	    {"zero exponent", "01 00 c5c5"},
	    {"zero modulus", "01 03 0000"},
	    {"even modulus", "01 03 c5c4"},
	    {"exponent equals modulus", "02 c5c5 c5c5"},
	    {"exponent above modulus", "03 010001 c5"},
	};
	const uint8_t algs[] = {5, 7, 8, 10};
	for (size_t a = 0; a < sizeof(algs); a++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			uint8_t key[16];
			size_t n = unhex(bad[i].hex, key, sizeof(key));
			cs_verify_result r =
			    cs_crypto_verify(algs[a], key, n, sig, sizeof(sig), data, sizeof(data));
			if (r != CS_VERIFY_BAD_KEY)
				fail_msg("alg %u, %s: %s", algs[a], bad[i].why,
					 cs_verify_result_str(r));
			assert_int_equal(cs_crypto_key_bits(algs[a], key, n), 0);
		}
	}

	/* Modulus over OpenSSL's 16384 bits. */
	static uint8_t big[1 + 3 + 2049];
	big[0] = 3;
	big[1] = 0x01;
	big[3] = 0x01;
	memset(big + 4, 0xc5, sizeof(big) - 4);
	assert_int_equal(cs_crypto_verify(8, big, sizeof(big), sig, sizeof(sig), data, 4),
			 CS_VERIFY_BAD_KEY);
	/* 4096-bit modulus with a 72-bit exponent: OpenSSL refuses it. */
	uint8_t wide[1 + 9 + 512];
	wide[0] = 9;
	memset(wide + 1, 0x01, 9);
	memset(wide + 10, 0xc5, 512);
	assert_int_equal(cs_crypto_verify(8, wide, sizeof(wide), sig, sizeof(sig), data, 4),
			 CS_VERIFY_BAD_KEY);
	assert_int_equal(cs_crypto_key_bits(8, wide, sizeof(wide)), 4096);

	/* Leading zero octets are skipped, not refused: the RFC 5702 §6.1 key
	 * with zero padding still verifies, and its size is unchanged. */
	bytes rd, data2;
	uint8_t s[64], padded[128];
	dnskey_rdata(&rd, 256, 8, rfc5702_sha256.key);
	size_t slen = b64(rfc5702_sha256.sig, s, sizeof(s));
	signed_data(&data2, &rfc5702_sha256, 3);
	assert_int_equal(rd.b[4], 3); /* one-octet exponent length, exponent 010001 */
	padded[0] = 4;		      /* exponent 00 010001 */
	padded[1] = 0;
	memcpy(padded + 2, rd.b + 5, 3);
	padded[5] = 0; /* modulus 00 c15c... */
	memcpy(padded + 6, rd.b + 8, rd.n - 8);
	size_t plen = 6 + rd.n - 8;
	assert_int_equal(cs_crypto_key_bits(8, padded, plen), 512);
	assert_int_equal(cs_crypto_verify(8, padded, plen, s, slen, data2.b, data2.n),
			 CS_VERIFY_VALID);
	/* Long exponent-length form (0, then two octets) of the same key. */
	uint8_t longform[128];
	longform[0] = 0;
	longform[1] = 0;
	longform[2] = 3;
	memcpy(longform + 3, rd.b + 5, rd.n - 5);
	assert_int_equal(cs_crypto_verify(8, longform, rd.n - 5 + 3, s, slen, data2.b, data2.n),
			 CS_VERIFY_VALID);
}

static void test_bad_key_ec(void **state)
{
	(void)state;
	uint8_t key[128], sig[128], data[4] = {0};
	memset(sig, 0x11, sizeof(sig));
	static const struct {
		uint8_t alg;
		size_t key_len, sig_len;
	} a[] = {{13, 64, 64}, {14, 96, 96}, {15, 32, 64}, {16, 57, 114}};
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		memset(key, 0x01, sizeof(key));
		const size_t lens[] = {0, 1, a[i].key_len - 1, a[i].key_len + 1, 2 * a[i].key_len};
		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			assert_int_equal(cs_crypto_verify(a[i].alg, key, lens[j], sig, a[i].sig_len,
							  data, sizeof(data)),
					 CS_VERIFY_BAD_KEY);
			assert_int_equal(cs_crypto_key_bits(a[i].alg, key, lens[j]), 0);
		}
		/* Signature lengths checked once the key length is right. */
		const size_t slens[] = {0, 1, a[i].sig_len - 1, a[i].sig_len + 1};
		bytes rd;
		const example *ex = a[i].alg == 13   ? &rfc6605_p256
				    : a[i].alg == 14 ? &rfc6605_p384
				    : a[i].alg == 15 ? &rfc8080_ed25519_a
						     : &rfc8080_ed448_a;
		dnskey_rdata(&rd, 257, ex->alg, ex->key);
		for (size_t j = 0; j < sizeof(slens) / sizeof(slens[0]); j++)
			assert_int_equal(cs_crypto_verify(a[i].alg, rd.b + 4, rd.n - 4, sig,
							  slens[j], data, sizeof(data)),
					 CS_VERIFY_BAD_SIG);
	}

	/* ECDSA: X|Y not on the curve, the point at infinity's (0,0), and a
	 * coordinate not below p. */
	const uint8_t fill[] = {0x01, 0x00, 0xff};
	for (size_t f = 0; f < sizeof(fill); f++) {
		memset(key, fill[f], sizeof(key));
		assert_int_equal(cs_crypto_verify(13, key, 64, sig, 64, data, 4),
				 CS_VERIFY_BAD_KEY);
		assert_int_equal(cs_crypto_verify(14, key, 96, sig, 96, data, 4),
				 CS_VERIFY_BAD_KEY);
	}
	/* A valid P-256 key's Y with one bit flipped. */
	bytes rd;
	dnskey_rdata(&rd, 257, 13, rfc6605_p256.key);
	rd.b[rd.n - 1] ^= 0x01;
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, sig, 64, data, 4), CS_VERIFY_BAD_KEY);

	/* ECDSA r = s = 0 and r, s = all ones (>= n): well-formed lengths, so
	 * only a mismatch. */
	dnskey_rdata(&rd, 257, 13, rfc6605_p256.key);
	memset(sig, 0, 64);
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, sig, 64, data, 4), CS_VERIFY_MISMATCH);
	memset(sig, 0xff, 64);
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, sig, 64, data, 4), CS_VERIFY_MISMATCH);
}

/* Keys made from shared curve parameters (what a batch's analyses use)
 * give the verdicts keys made from the curve's name give: a valid RFC 6605
 * signature, a mismatch, points off the curve, wrong lengths; and
 * non-ECDSA algorithms are unaffected. */
static void test_key_on_curves(void **state)
{
	(void)state;
	cs_crypto_curves *cv = NULL;
	assert_int_equal(cs_crypto_curves_new(&cv), CS_OK);
	assert_non_null(cv);
	const example *const exs[] = {&rfc6605_p256, &rfc6605_p384, &rfc5702_sha256,
				      &rfc8080_ed25519_a};
	for (size_t e = 0; e < sizeof(exs) / sizeof(exs[0]); e++) {
		const example *ex = exs[e];
		bytes rd, data;
		uint8_t sig[600];
		dnskey_rdata(&rd, ex->flags, ex->alg, ex->key);
		size_t sig_len = b64(ex->sig, sig, sizeof(sig));
		signed_data(&data, ex, ex->labels);
		uint8_t key[600];
		size_t key_len = rd.n - 4;
		memcpy(key, rd.b + 4, key_len);
		/* the key as published, one bit of Y flipped (off the curve for
		 * ECDSA), all 0x01 / 0x00 / 0xff, and one octet short */
		for (int variant = 0; variant < 5; variant++) {
			uint8_t k2[600];
			size_t n = key_len;
			memcpy(k2, key, n);
			if (variant == 1)
				k2[n - 1] ^= 0x01;
			else if (variant >= 2 && variant <= 4)
				memset(k2, variant == 2 ? 0x01 : variant == 3 ? 0x00 : 0xff, n);
			if (variant == 4)
				n--;
			cs_crypto_key *by_name = NULL, *on = NULL;
			assert_int_equal(cs_crypto_key_new(ex->alg, k2, n, &by_name), CS_OK);
			assert_int_equal(cs_crypto_key_new_on(cv, ex->alg, k2, n, &on), CS_OK);
			cs_verify_result want =
			    cs_crypto_key_verify(by_name, sig, sig_len, data.b, data.n);
			assert_int_equal(cs_crypto_key_verify(on, sig, sig_len, data.b, data.n),
					 want);
			if (variant == 0)
				assert_int_equal(want, CS_VERIFY_VALID);
			if ((ex->alg == 13 || ex->alg == 14) && variant >= 1 &&
			    want != CS_VERIFY_BAD_KEY)
				fail_msg("alg %u variant %d: %s", ex->alg, variant,
					 cs_verify_result_str(want));
			data.b[0] ^= 0x80;
			assert_int_equal(
			    cs_crypto_key_verify(on, sig, sig_len, data.b, data.n),
			    cs_crypto_key_verify(by_name, sig, sig_len, data.b, data.n));
			data.b[0] ^= 0x80;
			cs_crypto_key_free(&on);
			cs_crypto_key_free(&by_name);
		}
	}
	/* A local verification cache makes its keys from a shared cache's
	 * curves: the same verdicts. */
	cs_verify_cache *shared = NULL, *local = NULL;
	cs_name zone;
	assert_int_equal(cs_name_from_text("example.net.", 12, NULL, &zone), CS_OK);
	assert_int_equal(cs_verify_cache_new(1, 1 << 16, &shared), CS_OK);
	assert_int_equal(cs_verify_cache_new_local(1 << 16, 4, shared, &local), CS_OK);
	bytes rd, data;
	uint8_t sig[200];
	dnskey_rdata(&rd, rfc6605_p256.flags, 13, rfc6605_p256.key);
	size_t sig_len = b64(rfc6605_p256.sig, sig, sizeof(sig));
	signed_data(&data, &rfc6605_p256, rfc6605_p256.labels);
	assert_int_equal(
	    cs_verify_cached(local, &zone, 13, rd.b + 4, rd.n - 4, sig, sig_len, data.b, data.n),
	    CS_VERIFY_VALID);
	data.b[2] ^= 0x01;
	assert_int_equal(
	    cs_verify_cached(local, &zone, 13, rd.b + 4, rd.n - 4, sig, sig_len, data.b, data.n),
	    CS_VERIFY_MISMATCH);
	cs_verify_cache_free(&local);
	cs_verify_cache_free(&shared);
	cs_crypto_curves_free(&cv);
	assert_null(cv);
	cs_crypto_curves_free(&cv); /* NULL: nothing */
}

static void test_null_arguments(void **state)
{
	(void)state;
	bytes rd, data;
	uint8_t sig[64];
	dnskey_rdata(&rd, 257, 13, rfc6605_p256.key);
	size_t sig_len = b64(rfc6605_p256.sig, sig, sizeof(sig));
	signed_data(&data, &rfc6605_p256, 3);
	assert_int_equal(cs_crypto_verify(13, NULL, 64, sig, sig_len, data.b, data.n),
			 CS_VERIFY_INTERNAL);
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, NULL, 64, data.b, data.n),
			 CS_VERIFY_INTERNAL);
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, sig, sig_len, NULL, data.n),
			 CS_VERIFY_INTERNAL);
	/* Empty data is a message like any other. */
	assert_int_equal(cs_crypto_verify(13, rd.b + 4, 64, sig, sig_len, NULL, 0),
			 CS_VERIFY_MISMATCH);
	assert_int_equal(cs_crypto_verify(15, NULL, 0, NULL, 0, NULL, 0), CS_VERIFY_BAD_KEY);
	assert_int_equal(cs_crypto_key_bits(13, NULL, 64), 0);
	assert_int_equal(cs_keytag(NULL, 10), 0);
}

/* xorshift64 (Marsaglia 13/7/17): deterministic garbage. The left shifts
 * drop the high bits explicitly, so no sanitizer sees a wraparound. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= (*s & (UINT64_MAX >> 13)) << 13;
	*s ^= *s >> 7;
	*s ^= (*s & (UINT64_MAX >> 17)) << 17;
	return *s;
}

static size_t rng_len(uint64_t *s, size_t exact, size_t max)
{
	/* Half the time the length the algorithm wants, so the garbage reaches
	 * OpenSSL; otherwise anything up to max. */
	uint64_t r = rng_next(s);
	if ((r & 1) && exact != 0)
		return exact;
	return (size_t)((r >> 1) % (max + 1));
}

static void test_garbage(void **state)
{
	(void)state;
	static uint8_t key[1100], sig[1100], data[300];
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	unsigned counts[7] = {0};
	for (unsigned alg = 0; alg < 256; alg++) {
		const cs_alg_info *info = cs_alg_lookup((uint8_t)alg);
		unsigned rounds = info->supported ? 400 : 4;
		size_t want_key = alg == 13   ? 64
				  : alg == 14 ? 96
				  : alg == 15 ? 32
				  : alg == 16 ? 57
					      : 0;
		for (unsigned i = 0; i < rounds; i++) {
			for (size_t j = 0; j < sizeof(key); j++)
				key[j] = (uint8_t)rng_next(&seed);
			for (size_t j = 0; j < sizeof(sig); j++)
				sig[j] = (uint8_t)rng_next(&seed);
			for (size_t j = 0; j < sizeof(data); j++)
				data[j] = (uint8_t)rng_next(&seed);
			size_t key_len = rng_len(&seed, want_key, sizeof(key));
			size_t sig_len = rng_len(&seed, info->sig_len, sizeof(sig));
			size_t data_len = rng_len(&seed, 0, sizeof(data));
			if (want_key == 0 && info->supported && (i & 1)) {
				/* RSA: a plausible RFC 3110 field (odd modulus, e = 3
				 * or 65537) with a signature of the modulus length. */
				size_t nlen = 1 + (size_t)(rng_next(&seed) % 520);
				bool e3 = rng_next(&seed) & 1;
				key[0] = e3 ? 1 : 3;
				key[1] = e3 ? 3 : 1;
				key[2] = 0;
				key[3] = 1;
				size_t off = e3 ? 2 : 4;
				key[off] |= 0x80;
				key[off + nlen - 1] |= 1;
				key_len = off + nlen;
				sig_len = nlen;
			}
			if ((alg == 13 || alg == 14) && (i & 1)) {
				/* ECDSA: random keys are never curve points, so use
				 * the RFC 6605 key to get garbage signatures checked. */
				bytes rd;
				dnskey_rdata(&rd, 257, (uint8_t)alg,
					     alg == 13 ? rfc6605_p256.key : rfc6605_p384.key);
				memcpy(key, rd.b + 4, rd.n - 4);
				key_len = rd.n - 4;
			}
			cs_verify_result r = cs_crypto_verify((uint8_t)alg, key, key_len, sig,
							      sig_len, data, data_len);
			assert_true((unsigned)r <= CS_VERIFY_INTERNAL);
			assert_int_not_equal(r, CS_VERIFY_VALID);
			assert_int_not_equal(r, CS_VERIFY_INTERNAL);
			counts[r]++;
			(void)cs_crypto_key_bits((uint8_t)alg, key, key_len);
			(void)cs_keytag(key, key_len);
		}
	}
	/* The garbage reached every verdict it can. */
	assert_true(counts[CS_VERIFY_MISMATCH] > 0);
	assert_true(counts[CS_VERIFY_BAD_KEY] > 0);
	assert_true(counts[CS_VERIFY_BAD_SIG] > 0);
	assert_true(counts[CS_VERIFY_UNSUPPORTED_ALG] > 0);
	assert_true(counts[CS_VERIFY_PROHIBITED_ALG] > 0);
}

/* --- Algorithm table, key tags, digests, strings ------------------------------ */

static void test_alg_lookup(void **state)
{
	(void)state;
	/* RFC 8624 §3.1: number, mnemonic, signing, validation. */
	static const struct {
		uint8_t n;
		const char *mnemonic;
		cs_alg_status sign, validate;
	} rfc8624[] = {
	    {1, "RSAMD5", CS_ALG_MUST_NOT, CS_ALG_MUST_NOT},
	    {3, "DSA", CS_ALG_MUST_NOT, CS_ALG_MUST_NOT},
	    {5, "RSASHA1", CS_ALG_NOT_RECOMMENDED, CS_ALG_MUST},
	    {6, "DSA-NSEC3-SHA1", CS_ALG_MUST_NOT, CS_ALG_MUST_NOT},
	    {7, "RSASHA1-NSEC3-SHA1", CS_ALG_NOT_RECOMMENDED, CS_ALG_MUST},
	    {8, "RSASHA256", CS_ALG_MUST, CS_ALG_MUST},
	    {10, "RSASHA512", CS_ALG_NOT_RECOMMENDED, CS_ALG_MUST},
	    {12, "ECC-GOST", CS_ALG_MUST_NOT, CS_ALG_MAY},
	    {13, "ECDSAP256SHA256", CS_ALG_MUST, CS_ALG_MUST},
	    {14, "ECDSAP384SHA384", CS_ALG_MAY, CS_ALG_RECOMMENDED},
	    {15, "ED25519", CS_ALG_RECOMMENDED, CS_ALG_RECOMMENDED},
	    {16, "ED448", CS_ALG_MAY, CS_ALG_RECOMMENDED},
	};
	for (size_t i = 0; i < sizeof(rfc8624) / sizeof(rfc8624[0]); i++) {
		const cs_alg_info *a = cs_alg_lookup(rfc8624[i].n);
		assert_string_equal(a->mnemonic, rfc8624[i].mnemonic);
		assert_int_equal(a->signing_status, rfc8624[i].sign);
		assert_int_equal(a->validation_status, rfc8624[i].validate);
	}
	assert_int_equal(cs_alg_lookup(13)->sig_len, 64);
	assert_int_equal(cs_alg_lookup(14)->sig_len, 96);
	assert_int_equal(cs_alg_lookup(15)->sig_len, 64);
	assert_int_equal(cs_alg_lookup(16)->sig_len, 114);
	assert_int_equal(cs_alg_lookup(8)->sig_len, 0);
	assert_string_equal(cs_alg_lookup(253)->mnemonic, "PRIVATEDNS");
	assert_null(cs_alg_lookup(4)->mnemonic);
	assert_null(cs_alg_lookup(200)->mnemonic);
	assert_null(cs_alg_lookup(255)->mnemonic);

	unsigned supported = 0, in_table = 0;
	const uint8_t junk[1] = {0};
	for (unsigned n = 0; n < 256; n++) {
		const cs_alg_info *a = cs_alg_lookup((uint8_t)n);
		assert_non_null(a);
		assert_int_equal(a->number, n);
		assert_true(a == cs_alg_lookup((uint8_t)n));
		/* supported agrees with what cs_crypto_verify does. */
		cs_verify_result r = cs_crypto_verify((uint8_t)n, junk, 0, junk, 0, junk, 0);
		assert_int_equal(a->supported,
				 r != CS_VERIFY_UNSUPPORTED_ALG && r != CS_VERIFY_PROHIBITED_ALG);
		if (r == CS_VERIFY_PROHIBITED_ALG)
			assert_true(n == 1 || n == 3 || n == 6 || n == 12);
		if (a->mnemonic == NULL) {
			assert_int_equal(a->validation_status, CS_ALG_UNKNOWN);
			assert_int_equal(a->signing_status, CS_ALG_UNKNOWN);
			assert_false(a->supported);
		}
		if (a->validation_status != CS_ALG_UNKNOWN)
			in_table++;
		supported += a->supported;
	}
	assert_int_equal(supported, 8);
	assert_int_equal(in_table, 12);
}

static void test_keytag_alg1(void **state)
{
	(void)state;
	/* RFC 4034 Appendix B.1: for algorithm 1 the tag is the most
	 * significant 16 of the least significant 24 bits of the modulus. */
	const uint8_t rd[] = {0x01, 0x00, 0x03, 0x01, 0x01, 0x03, 0xc1, 0x23, 0xab, 0xcd, 0xef};
	assert_int_equal(cs_keytag(rd, sizeof(rd)), 0xabcd);
	/* The same octets under algorithm 5 take the Appendix B checksum. */
	uint8_t rd5[sizeof(rd)];
	memcpy(rd5, rd, sizeof(rd));
	rd5[3] = 5;
	uint32_t ac = 0;
	for (size_t i = 0; i < sizeof(rd5); i++)
		ac += (i & 1) ? rd5[i] : (uint32_t)rd5[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	assert_int_equal(cs_keytag(rd5, sizeof(rd5)), ac & 0xFFFF);
	assert_int_not_equal(cs_keytag(rd5, sizeof(rd5)), 0xabcd);
	/* Short RDATA. */
	assert_int_equal(cs_keytag(rd, 3), 0);
	assert_int_equal(cs_keytag(rd, 0), 0);
	assert_int_equal(cs_keytag(rd, 4), (rd[1] << 8) | rd[2]);
}

static void test_key_bits(void **state)
{
	(void)state;
	/* DSA (RFC 2536 §2): T, Q, P, G, Y; 512 + 64T bits. */
	static uint8_t dsa[1 + 20 + 3 * 128];
	dsa[0] = 8;
	assert_int_equal(cs_crypto_key_bits(3, dsa, sizeof(dsa)), 1024);
	assert_int_equal(cs_crypto_key_bits(6, dsa, sizeof(dsa)), 1024);
	assert_int_equal(cs_crypto_key_bits(3, dsa, sizeof(dsa) - 1), 0);
	dsa[0] = 9;
	assert_int_equal(cs_crypto_key_bits(3, dsa, sizeof(dsa)), 0);
	dsa[0] = 0;
	assert_int_equal(cs_crypto_key_bits(3, dsa, 1 + 20 + 3 * 64), 512);
	uint8_t k[64] = {0};
	assert_int_equal(cs_crypto_key_bits(12, k, 64), 256);
	assert_int_equal(cs_crypto_key_bits(200, k, 64), 0);
	/* RSA bits count from the top set bit. */
	const uint8_t rsa[] = {0x01, 0x03, 0x01, 0xff, 0xff};
	assert_int_equal(cs_crypto_key_bits(5, rsa, sizeof(rsa)), 17);
}

static void test_ds_digest_types(void **state)
{
	(void)state;
	const uint8_t owner[] = {0}, rd[] = {1, 0, 3, 13};
	uint8_t out[CS_DIGEST_MAX];
	size_t len = 12345;
	/* 3 is GOST R 34.11-94 (RFC 5933): named and sized, not computed. */
	assert_int_equal(cs_ds_digest(3, owner, 1, rd, 4, out, &len), CS_DIGEST_UNSUPPORTED);
	assert_int_equal(len, 12345);
	const uint8_t unsupported[] = {0, 3, 5, 6, 255};
	for (size_t i = 0; i < sizeof(unsupported); i++)
		assert_int_equal(cs_ds_digest(unsupported[i], owner, 1, rd, 4, out, &len),
				 CS_DIGEST_UNSUPPORTED);
	assert_int_equal(len, 12345);

	assert_int_equal(cs_ds_digest_len(1), 20);
	assert_int_equal(cs_ds_digest_len(2), 32);
	assert_int_equal(cs_ds_digest_len(3), 32);
	assert_int_equal(cs_ds_digest_len(4), 48);
	assert_int_equal(cs_ds_digest_len(0), 0);
	assert_int_equal(cs_ds_digest_len(5), 0);
	assert_string_equal(cs_ds_digest_name(1), "SHA-1");
	assert_string_equal(cs_ds_digest_name(2), "SHA-256");
	assert_string_equal(cs_ds_digest_name(3), "GOST R 34.11-94");
	assert_string_equal(cs_ds_digest_name(4), "SHA-384");
	assert_null(cs_ds_digest_name(0));
	assert_null(cs_ds_digest_name(5));

	/* Every computed length matches cs_ds_digest_len and fits. */
	const uint8_t computed[] = {1, 2, 4};
	for (size_t i = 0; i < sizeof(computed); i++) {
		assert_int_equal(cs_ds_digest(computed[i], owner, 1, rd, 4, out, &len),
				 CS_DIGEST_OK);
		assert_int_equal(len, cs_ds_digest_len(computed[i]));
		assert_true(len <= CS_DIGEST_MAX);
	}
	/* Misuse. */
	assert_int_equal(cs_ds_digest(2, NULL, 1, rd, 4, out, &len), CS_DIGEST_INTERNAL);
	assert_int_equal(cs_ds_digest(2, owner, 1, NULL, 4, out, &len), CS_DIGEST_INTERNAL);
	assert_int_equal(cs_ds_digest(2, owner, 1, rd, 4, NULL, &len), CS_DIGEST_INTERNAL);
	assert_int_equal(cs_ds_digest(2, owner, 1, rd, 4, out, NULL), CS_DIGEST_INTERNAL);
}

static void test_result_strings(void **state)
{
	(void)state;
	static const char *const want[] = {"valid",   "mismatch",	 "bad-key",
					   "bad-sig", "unsupported-alg", "prohibited-alg",
					   "internal"};
	for (unsigned r = CS_VERIFY_VALID; r <= CS_VERIFY_INTERNAL; r++)
		assert_string_equal(cs_verify_result_str((cs_verify_result)r), want[r]);
	assert_string_equal(cs_verify_result_str((cs_verify_result)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc4034_ds),
	    cmocka_unit_test(test_key_refused),
	    cmocka_unit_test(test_rfc5702_rsasha256),
	    cmocka_unit_test(test_rfc5702_rsasha512),
	    cmocka_unit_test(test_rfc6605_p256),
	    cmocka_unit_test(test_rfc6605_p384),
	    cmocka_unit_test(test_rfc8080_ed25519),
	    cmocka_unit_test(test_rfc8080_ed448),
	    cmocka_unit_test(test_rfc8080_cross_keys),
	    cmocka_unit_test(test_rfc5155_hashes),
	    cmocka_unit_test(test_nsec3_edges),
	    cmocka_unit_test(test_prohibited_and_unsupported),
	    cmocka_unit_test(test_bad_key_rsa),
	    cmocka_unit_test(test_bad_key_ec),
	    cmocka_unit_test(test_key_on_curves),
	    cmocka_unit_test(test_null_arguments),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_alg_lookup),
	    cmocka_unit_test(test_keytag_alg1),
	    cmocka_unit_test(test_key_bits),
	    cmocka_unit_test(test_ds_digest_types),
	    cmocka_unit_test(test_result_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
