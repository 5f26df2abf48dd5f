/*
 * crypto.h - the DNSSEC cryptography seam: canonical octets in, a verdict
 * out. Signature verification (RFC 3110, 5702, 6605, 8080), key tags
 * (RFC 4034 Appendix B), DS digests (RFC 4034 §5.1.4, 4509, 6605) and NSEC3
 * hashes (RFC 5155 §5), plus the static facts of RFC 8624 §3.1 about each
 * algorithm number.
 *
 * Every OpenSSL call of chainscope lives behind this header. Nothing here
 * parses DNS messages or builds signed data: callers hand over the DNSKEY
 * public key field, the RRSIG signature field and the octets the RRSIG signs.
 * No function keeps state between calls; all are safe to call from several
 * threads at once (a cs_crypto_key, by one thread at a time).
 */
#ifndef CS_CRYPTO_H
#define CS_CRYPTO_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of verifying one RRSIG signature. */
typedef enum {
	CS_VERIFY_VALID = 0,	   /* signature verifies over the data */
	CS_VERIFY_MISMATCH,	   /* well-formed key and signature, but it does not verify */
	CS_VERIFY_BAD_KEY,	   /* DNSKEY public key field malformed for the algorithm */
	CS_VERIFY_BAD_SIG,	   /* signature length/format wrong for the algorithm */
	CS_VERIFY_UNSUPPORTED_ALG, /* algorithm known but not implemented here / unknown number */
	CS_VERIFY_PROHIBITED_ALG,  /* must not be used for validation: 1 RSAMD5, 3 DSA,
				      6 DSA-NSEC3-SHA1, 12 ECC-GOST (see cs_crypto_verify) */
	CS_VERIFY_INTERNAL,	   /* OpenSSL failed for a reason not tied to the input
				      (e.g. out of memory), or the caller passed NULL with a length */
} cs_verify_result;

/* Short stable lowercase token for r: "valid", "mismatch", "bad-key",
 * "bad-sig", "unsupported-alg", "prohibited-alg", "internal"; "unknown" for a
 * value outside the enum. Never NULL. */
const char *cs_verify_result_str(cs_verify_result r);

/* Requirement levels of RFC 8624 §3.1. CS_ALG_UNKNOWN: the number is not in
 * that table. */
typedef enum {
	CS_ALG_MUST,
	CS_ALG_RECOMMENDED,
	CS_ALG_MAY,
	CS_ALG_NOT_RECOMMENDED,
	CS_ALG_MUST_NOT,
	CS_ALG_UNKNOWN,
} cs_alg_status;

/* Static facts about a DNSSEC algorithm number. */
typedef struct {
	uint8_t number;			 /* always equals the number looked up */
	const char *mnemonic;		 /* IANA mnemonic, e.g. "RSASHA256"; NULL if unassigned */
	bool supported;			 /* cs_crypto_verify can check it */
	cs_alg_status validation_status; /* RFC 8624 §3.1 "DNSSEC Validation" column */
	cs_alg_status signing_status;	 /* RFC 8624 §3.1 "DNSSEC Signing" column */
	size_t sig_len;			 /* fixed signature length in octets; 0 if variable
					    (RSA) or unknown */
} cs_alg_info;

/* Facts about algorithm alg. Returns a pointer to a static const entry, never
 * NULL. For numbers outside RFC 8624's table both statuses are CS_ALG_UNKNOWN
 * and supported is false; assigned numbers outside the table (0 DELETE, 2 DH,
 * 17 SM2SM3, 23 ECC-GOST12, 252 INDIRECT, 253 PRIVATEDNS, 254 PRIVATEOID)
 * keep their mnemonic, unassigned and reserved ones have mnemonic NULL. */
const cs_alg_info *cs_alg_lookup(uint8_t alg);

/* Verify signature sig over data[0..data_len) with the DNSKEY public key
 * field pubkey of algorithm alg.
 *
 * Returns CS_VERIFY_VALID or CS_VERIFY_MISMATCH when the key and signature
 * are well formed, and otherwise:
 * - CS_VERIFY_PROHIBITED_ALG for 1, 3, 6 and 12, without looking at the
 *   key. RFC 8624 §3.1 says MUST NOT validate for 1, 3 and 6 but MAY for
 *   12 (ECC-GOST); chainscope refuses 12 as well, following
 *   draft-ietf-dnsop-must-not-ecc-gost (cs_alg_lookup keeps RFC 8624's MAY).
 * - CS_VERIFY_UNSUPPORTED_ALG for any other number but 5, 7, 8, 10, 13-16.
 * - CS_VERIFY_BAD_KEY when the key field is malformed: RSA (RFC 3110 §2)
 *   with a truncated exponent length, a zero or missing exponent or
 *   modulus, an even modulus, an exponent not below the modulus, a modulus
 *   over 16384 bits or an exponent over 64 bits with a modulus over 3072
 *   bits (OpenSSL refuses both); ECDSA not 64 (P-256) or 96 (P-384) octets,
 *   or not a point of the curve; Ed25519 not 32, Ed448 not 57 octets.
 *   Leading zero octets of an RSA exponent or modulus, which RFC 3110
 *   forbids but validators accept, are skipped.
 * - CS_VERIFY_BAD_SIG when the signature length is wrong: RSA not the
 *   modulus length, ECDSA not 64/96, Ed25519 not 64, Ed448 not 114.
 * - CS_VERIFY_INTERNAL when OpenSSL fails for another reason, or when a
 *   pointer is NULL while its length is not 0.
 * An EdDSA key of the right length that is not a curve point gives
 * CS_VERIFY_MISMATCH: OpenSSL decodes it only while verifying. */
cs_verify_result cs_crypto_verify(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len,
				  const uint8_t *sig, size_t sig_len, const uint8_t *data,
				  size_t data_len);

/* A DNSKEY public key field made ready for many verifications (OpenSSL's
 * key is built once). One thread at a time may use it. */
typedef struct cs_crypto_key cs_crypto_key;

/* Prepare the key field pubkey of algorithm alg. Returns CS_OK with *out
 * set (free with cs_crypto_key_free), also for a prohibited, unsupported or
 * malformed key: its verifications then give what cs_crypto_verify would.
 * CS_ENOMEM (nothing allocated) otherwise. */
cs_err cs_crypto_key_new(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len,
			 cs_crypto_key **out);

/* The parameters of the ECDSA curves (P-256, P-384) made once, for making
 * many keys: a key made from them costs OpenSSL a quarter of one made from
 * the curve's name. Read-only once made: threads may share one. */
typedef struct cs_crypto_curves cs_crypto_curves;

/* Make both curves' parameters. Returns CS_OK, or CS_ENOMEM when OpenSSL
 * cannot (nothing allocated). */
cs_err cs_crypto_curves_new(cs_crypto_curves **out);

/* Free c; accepts NULL, clears *c. Only when no thread uses it. */
void cs_crypto_curves_free(cs_crypto_curves **c);

/* cs_crypto_key_new, an ECDSA key made from the parameters in cv (NULL:
 * from the curve's name): the same key, the same results. */
cs_err cs_crypto_key_new_on(const cs_crypto_curves *cv, uint8_t alg, const uint8_t *pubkey,
			    size_t pubkey_len, cs_crypto_key **out);

/* cs_crypto_verify(alg, pubkey, pubkey_len, sig, sig_len, data, data_len)
 * for the key k was made from: the same result on every path. */
cs_verify_result cs_crypto_key_verify(const cs_crypto_key *k, const uint8_t *sig, size_t sig_len,
				      const uint8_t *data, size_t data_len);

/* Free k; accepts NULL, clears *k. */
void cs_crypto_key_free(cs_crypto_key **k);

/* Key size in bits of a DNSKEY public key field: RSA modulus bits (leading
 * zero octets skipped; algorithms 1, 5, 7, 8, 10), 256/384 for ECDSA, 256
 * for Ed25519, 456 for Ed448, 512 + 64*T for DSA (3, 6; RFC 2536) and 256
 * for ECC-GOST (12). Returns 0 if the field is malformed for the algorithm
 * (the length checks of cs_crypto_verify) or the algorithm is unknown. */
unsigned cs_crypto_key_bits(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len);

/* RFC 4034 Appendix B key tag over the whole DNSKEY RDATA
 * (flags|protocol|algorithm|public key). For algorithm 1 (B.1) it is the
 * octets at rdata_len-3 and rdata_len-2, the most significant 16 of the
 * least significant 24 bits of the modulus. Returns 0..65535; 0 if
 * rdata_len < 4 or dnskey_rdata is NULL. */
uint16_t cs_keytag(const uint8_t *dnskey_rdata, size_t rdata_len);

/* Outcome of a DS digest computation. */
typedef enum { CS_DIGEST_OK = 0, CS_DIGEST_UNSUPPORTED, CS_DIGEST_INTERNAL } cs_digest_result;

/* Largest digest cs_ds_digest writes, in octets. */
#define CS_DIGEST_MAX 64

/* DS digest H(owner_wire | dnskey_rdata), RFC 4034 §5.1.4; owner_wire must
 * already be canonical (lowercase, uncompressed wire format). Types 1
 * SHA-1, 2 SHA-256 and 4 SHA-384 are computed. out must hold CS_DIGEST_MAX
 * octets. Returns CS_DIGEST_OK and sets *out_len; CS_DIGEST_UNSUPPORTED for
 * 3 (GOST R 34.11-94) and every other type; CS_DIGEST_INTERNAL if OpenSSL
 * fails, out or out_len is NULL, or an input is NULL with a nonzero length.
 * On failure out and *out_len are left unchanged. */
cs_digest_result cs_ds_digest(uint8_t digest_type, const uint8_t *owner_wire, size_t owner_len,
			      const uint8_t *dnskey_rdata, size_t rdata_len, uint8_t *out,
			      size_t *out_len);

/* Digest length in octets for a DS digest type: 20 (1), 32 (2), 32 (3,
 * GOST, though not computed here, so DS records of that type can be
 * length-checked) or 48 (4); 0 for any other type. */
size_t cs_ds_digest_len(uint8_t digest_type);

/* Name of a DS digest type: "SHA-1", "SHA-256", "GOST R 34.11-94",
 * "SHA-384"; NULL for any other type. */
const char *cs_ds_digest_name(uint8_t digest_type);

/* RFC 5155 §5 NSEC3 hash of name_wire (canonical: lowercase, uncompressed
 * wire format) with the given salt and number of additional iterations.
 * Only hash algorithm 1 (SHA-1) exists. Returns true and writes 20 octets
 * to out; false, leaving out unchanged, for any other hash_alg, if OpenSSL
 * fails, or if out is NULL or an input is NULL with a nonzero length.
 * Every iteration count up to 65535 is computed (65536 SHA-1 runs at most):
 * bounding the work, e.g. per RFC 9276, is the caller's business. */
bool cs_nsec3_hash(uint8_t hash_alg, uint16_t iterations, const uint8_t *salt, size_t salt_len,
		   const uint8_t *name_wire, size_t name_len, uint8_t out[20]);

/* The OpenSSL version this process runs with (OpenSSL_version), e.g.
 * "OpenSSL 3.0.19 27 Jan 2026". */
const char *cs_crypto_openssl_version(void);

#endif
