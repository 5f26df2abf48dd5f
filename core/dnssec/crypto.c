#include "dnssec/crypto.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

/* Data pointer for an empty message, so OpenSSL never sees NULL. */
static const uint8_t empty_data[1];

const char *cs_verify_result_str(cs_verify_result r)
{
	switch (r) {
	case CS_VERIFY_VALID:
		return "valid";
	case CS_VERIFY_MISMATCH:
		return "mismatch";
	case CS_VERIFY_BAD_KEY:
		return "bad-key";
	case CS_VERIFY_BAD_SIG:
		return "bad-sig";
	case CS_VERIFY_UNSUPPORTED_ALG:
		return "unsupported-alg";
	case CS_VERIFY_PROHIBITED_ALG:
		return "prohibited-alg";
	case CS_VERIFY_INTERNAL:
		return "internal";
	}
	return "unknown";
}

/* --- Algorithm facts ---------------------------------------------------- */

#define ALG(num, mnem, sup, val, sign, slen)                                                       \
	{                                                                                          \
		.number = (num), .mnemonic = (mnem), .supported = (sup),                           \
		.validation_status = CS_ALG_##val, .signing_status = CS_ALG_##sign,                \
		.sig_len = (slen)                                                                  \
	}

/* RFC 8624 §3.1 (validation, signing), IANA mnemonics; signature lengths
 * from RFC 2536 (DSA: T|R|S), 5933 (GOST), 6605 and 8080. Assigned numbers
 * outside RFC 8624's table carry CS_ALG_UNKNOWN. */
static const cs_alg_info known_algs[] = {
    ALG(0, "DELETE", false, UNKNOWN, UNKNOWN, 0),
    ALG(1, "RSAMD5", false, MUST_NOT, MUST_NOT, 0),
    ALG(2, "DH", false, UNKNOWN, UNKNOWN, 0),
    ALG(3, "DSA", false, MUST_NOT, MUST_NOT, 41),
    ALG(5, "RSASHA1", true, MUST, NOT_RECOMMENDED, 0),
    ALG(6, "DSA-NSEC3-SHA1", false, MUST_NOT, MUST_NOT, 41),
    ALG(7, "RSASHA1-NSEC3-SHA1", true, MUST, NOT_RECOMMENDED, 0),
    ALG(8, "RSASHA256", true, MUST, MUST, 0),
    ALG(10, "RSASHA512", true, MUST, NOT_RECOMMENDED, 0),
    ALG(12, "ECC-GOST", false, MAY, MUST_NOT, 64),
    ALG(13, "ECDSAP256SHA256", true, MUST, MUST, 64),
    ALG(14, "ECDSAP384SHA384", true, RECOMMENDED, MAY, 96),
    ALG(15, "ED25519", true, RECOMMENDED, RECOMMENDED, 64),
    ALG(16, "ED448", true, RECOMMENDED, MAY, 114),
    ALG(17, "SM2SM3", false, UNKNOWN, UNKNOWN, 0),
    ALG(23, "ECC-GOST12", false, UNKNOWN, UNKNOWN, 0),
    ALG(252, "INDIRECT", false, UNKNOWN, UNKNOWN, 0),
    ALG(253, "PRIVATEDNS", false, UNKNOWN, UNKNOWN, 0),
    ALG(254, "PRIVATEOID", false, UNKNOWN, UNKNOWN, 0),
};

/* One entry per number for everything else, so .number always matches. */
#define UNK1(n)	 ALG(n, NULL, false, UNKNOWN, UNKNOWN, 0)
#define UNK4(n)	 UNK1(n), UNK1((n) + 1), UNK1((n) + 2), UNK1((n) + 3)
#define UNK16(n) UNK4(n), UNK4((n) + 4), UNK4((n) + 8), UNK4((n) + 12)
#define UNK64(n) UNK16(n), UNK16((n) + 16), UNK16((n) + 32), UNK16((n) + 48)

static const cs_alg_info unknown_algs[256] = {UNK64(0), UNK64(64), UNK64(128), UNK64(192)};

const cs_alg_info *cs_alg_lookup(uint8_t alg)
{
	for (size_t i = 0; i < sizeof(known_algs) / sizeof(known_algs[0]); i++)
		if (known_algs[i].number == alg)
			return &known_algs[i];
	return &unknown_algs[alg];
}

/* --- Key formats (no OpenSSL) ------------------------------------------- */

/* RSA public key of RFC 3110 §2, leading zero octets skipped. */
typedef struct {
	const uint8_t *e;
	size_t elen;
	const uint8_t *n;
	size_t nlen;
} rsa_pub;

/* Bits in the big-endian number p[0..len), p[0] != 0, len > 0; UINT_MAX if
 * it does not fit. */
static unsigned bit_length(const uint8_t *p, size_t len)
{
	if (len > UINT_MAX / 8)
		return UINT_MAX;
	unsigned top = 0;
	for (unsigned v = p[0]; v != 0; v >>= 1)
		top++;
	return (unsigned)(len - 1) * 8 + top;
}

/* Split an RFC 3110 key field. Returns false when the exponent length is
 * truncated, exponent or modulus is empty or zero, the modulus is even or
 * the exponent is not below the modulus. */
static bool rsa_parse(const uint8_t *key, size_t len, rsa_pub *out)
{
	size_t off, elen;
	if (key == NULL || len < 1)
		return false;
	if (key[0] != 0) {
		elen = key[0];
		off = 1;
	} else {
		if (len < 3)
			return false;
		elen = (size_t)key[1] << 8 | key[2];
		off = 3;
	}
	if (elen == 0 || elen >= len - off)
		return false;
	rsa_pub k = {key + off, elen, key + off + elen, len - off - elen};
	while (k.elen > 0 && k.e[0] == 0) {
		k.e++;
		k.elen--;
	}
	while (k.nlen > 0 && k.n[0] == 0) {
		k.n++;
		k.nlen--;
	}
	if (k.elen == 0 || k.nlen == 0 || (k.n[k.nlen - 1] & 1) == 0)
		return false;
	if (k.elen > k.nlen || (k.elen == k.nlen && memcmp(k.e, k.n, k.nlen) >= 0))
		return false;
	*out = k;
	return true;
}

unsigned cs_crypto_key_bits(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len)
{
	rsa_pub k;
	if (pubkey == NULL && pubkey_len != 0)
		return 0;
	switch (alg) {
	case 1:
	case 5:
	case 7:
	case 8:
	case 10:
		return rsa_parse(pubkey, pubkey_len, &k) ? bit_length(k.n, k.nlen) : 0;
	case 3:
	case 6:
		/* RFC 2536 §2: T, Q (20), P, G, Y (64 + 8T each), T <= 8. */
		if (pubkey_len < 1 || pubkey[0] > 8 ||
		    pubkey_len != 1 + 20 + 3 * (64 + 8 * (size_t)pubkey[0]))
			return 0;
		return 512 + 64 * (unsigned)pubkey[0];
	case 12:
		return pubkey_len == 64 ? 256 : 0;
	case 13:
		return pubkey_len == 64 ? 256 : 0;
	case 14:
		return pubkey_len == 96 ? 384 : 0;
	case 15:
		return pubkey_len == 32 ? 256 : 0;
	case 16:
		return pubkey_len == 57 ? 456 : 0;
	default:
		return 0;
	}
}

uint16_t cs_keytag(const uint8_t *dnskey_rdata, size_t rdata_len)
{
	if (dnskey_rdata == NULL || rdata_len < 4)
		return 0;
	if (dnskey_rdata[3] == 1)
		return (uint16_t)(dnskey_rdata[rdata_len - 3] << 8 | dnskey_rdata[rdata_len - 2]);
	uint64_t ac = 0;
	for (size_t i = 0; i < rdata_len; i++)
		ac += (i & 1) ? dnskey_rdata[i] : (uint64_t)dnskey_rdata[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}

/* --- OpenSSL helpers ------------------------------------------------------ */

/* Classify a failed key import: allocation failure is ours, anything else
 * (an off-curve point, say) is the key's. */
static cs_verify_result key_failure(void)
{
	unsigned long e = ERR_peek_last_error();
	return ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE ? CS_VERIFY_INTERNAL : CS_VERIFY_BAD_KEY;
}

/* Public key of type ("RSA", "EC") from the parameters in bld. Returns the
 * key, or NULL with *err set to CS_VERIFY_BAD_KEY or CS_VERIFY_INTERNAL. */
static EVP_PKEY *pkey_from_params(const char *type, OSSL_PARAM_BLD *bld, cs_verify_result *err)
{
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	*err = CS_VERIFY_INTERNAL;
	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1)
		goto cleanup;
	if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		pkey = NULL;
		*err = key_failure();
	}
cleanup:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

/* Verify sig over data with pkey, hashing with md (NULL for EdDSA). */
static cs_verify_result digest_verify(EVP_PKEY *pkey, const EVP_MD *md, const uint8_t *sig,
				      size_t sig_len, const uint8_t *data, size_t data_len)
{
	cs_verify_result r = CS_VERIFY_INTERNAL;
	int rc;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) != 1)
		goto cleanup;
	rc = EVP_DigestVerify(ctx, sig, sig_len, data, data_len);
	if (rc == 1)
		r = CS_VERIFY_VALID;
	else if (rc == 0)
		r = CS_VERIFY_MISMATCH;
cleanup:
	EVP_MD_CTX_free(ctx);
	return r;
}

/* --- Signature algorithms ------------------------------------------------ */

/* OpenSSL's limits on RSA public keys (rsa_ossl_public_decrypt). */
#define RSA_MAX_MODULUS_BITS   16384
#define RSA_SMALL_MODULUS_BITS 3072
#define RSA_MAX_PUBEXP_BITS    64

/* Largest ECDSA coordinate / scalar here: P-384. */
#define EC_MAX_HALF 48

/* A DNSKEY public key field made ready for verifications. The checks keep
 * cs_crypto_verify's order: the algorithm, NULL arguments, the key field's
 * form, the signature length, then OpenSSL's own view of the key. */
struct cs_crypto_key {
	uint8_t alg;
	cs_verify_result early; /* the algorithm's or the key field's failure;
				   CS_VERIFY_VALID when there is none */
	cs_verify_result late;	/* OpenSSL refused the key (after the signature
				   length is checked); CS_VERIFY_VALID when pkey is set */
	size_t sig_len;		/* the one signature length the key takes */
	size_t half;		/* ECDSA: octets of r and of s; 0 otherwise */
	const EVP_MD *md;	/* NULL for EdDSA */
	EVP_PKEY *pkey;
};

/* RSASSA-PKCS1-v1_5 (RFC 3110, 5702). */
static void key_rsa(cs_crypto_key *k, const EVP_MD *md, const uint8_t *key, size_t key_len)
{
	rsa_pub rp;
	k->md = md;
	if (!rsa_parse(key, key_len, &rp)) {
		k->early = CS_VERIFY_BAD_KEY;
		return;
	}
	unsigned nbits = bit_length(rp.n, rp.nlen);
	if (nbits > RSA_MAX_MODULUS_BITS ||
	    (nbits > RSA_SMALL_MODULUS_BITS && bit_length(rp.e, rp.elen) > RSA_MAX_PUBEXP_BITS)) {
		k->early = CS_VERIFY_BAD_KEY;
		return;
	}
	k->sig_len = rp.nlen;
	k->late = CS_VERIFY_INTERNAL;
	BIGNUM *n = BN_bin2bn(rp.n, (int)rp.nlen, NULL);
	BIGNUM *e = BN_bin2bn(rp.e, (int)rp.elen, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	if (n != NULL && e != NULL && bld != NULL &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1) {
		k->pkey = pkey_from_params("RSA", bld, &k->late);
		if (k->pkey != NULL)
			k->late = CS_VERIFY_VALID;
	}
	OSSL_PARAM_BLD_free(bld);
	BN_free(e);
	BN_free(n);
}

struct cs_crypto_curves {
	EVP_PKEY *p256; /* keys of each curve (their points are of no use) */
	EVP_PKEY *p384;
};

/* The parameters of the named curve, as a key without a point. */
static EVP_PKEY *curve_key(const char *group)
{
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
	    OSSL_PARAM_construct_end()};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEY_PARAMETERS, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

cs_err cs_crypto_curves_new(cs_crypto_curves **out)
{
	cs_crypto_curves *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	c->p256 = curve_key("P-256");
	c->p384 = curve_key("P-384");
	if (c->p256 == NULL || c->p384 == NULL) {
		ERR_clear_error();
		cs_crypto_curves_free(&c);
		return CS_ENOMEM;
	}
	*out = c;
	return CS_OK;
}

void cs_crypto_curves_free(cs_crypto_curves **pc)
{
	if (pc == NULL || *pc == NULL)
		return;
	EVP_PKEY_free((*pc)->p256);
	EVP_PKEY_free((*pc)->p384);
	free(*pc);
	*pc = NULL;
}

/* Public key at point (SEC 1 uncompressed) on the curve whose parameters
 * params carries: copying the parameters skips building the curve again.
 * Returns the key, or NULL with *err set as pkey_from_params does. */
static EVP_PKEY *pkey_on_curve(const EVP_PKEY *params, const uint8_t *point, size_t len,
			       cs_verify_result *err)
{
	EVP_PKEY *pkey = EVP_PKEY_new();
	*err = CS_VERIFY_INTERNAL;
	if (pkey == NULL || EVP_PKEY_copy_parameters(pkey, params) != 1) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	/* OpenSSL refuses a point off the curve here (EC_POINT_oct2point). */
	if (EVP_PKEY_set1_encoded_public_key(pkey, point, len) != 1) {
		*err = key_failure();
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

/* ECDSA (RFC 6605): the key is x|y of half octets each. params: a key of
 * the curve to copy the parameters from, or NULL (built from group). */
static void key_ecdsa(cs_crypto_key *k, const char *group, const EVP_PKEY *params, size_t half,
		      const EVP_MD *md, const uint8_t *key, size_t key_len)
{
	k->md = md;
	k->half = half;
	k->sig_len = 2 * half;
	if (key_len != 2 * half) {
		k->early = CS_VERIFY_BAD_KEY;
		return;
	}
	uint8_t point[1 + 2 * EC_MAX_HALF];
	point[0] = 0x04; /* uncompressed, SEC 1 §2.3.3 */
	memcpy(point + 1, key, key_len);
	k->late = CS_VERIFY_INTERNAL;
	if (params != NULL) {
		k->pkey = pkey_on_curve(params, point, 1 + key_len, &k->late);
		if (k->pkey != NULL)
			k->late = CS_VERIFY_VALID;
		return;
	}
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	if (bld != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 1 + key_len) ==
		1) {
		k->pkey = pkey_from_params("EC", bld, &k->late);
		if (k->pkey != NULL)
			k->late = CS_VERIFY_VALID;
	}
	OSSL_PARAM_BLD_free(bld);
}

/* EdDSA (RFC 8080): raw key and signature, no pre-hash. */
static void key_eddsa(cs_crypto_key *k, int type, size_t want_key, size_t want_sig,
		      const uint8_t *key, size_t key_len)
{
	k->sig_len = want_sig;
	if (key_len != want_key) {
		k->early = CS_VERIFY_BAD_KEY;
		return;
	}
	k->pkey = EVP_PKEY_new_raw_public_key(type, NULL, key, key_len);
	k->late = k->pkey != NULL ? CS_VERIFY_VALID : key_failure();
}

/* DER ECDSA-Sig-Value from r|s of half octets each; its length, or 0 on
 * failure (allocation). */
static size_t ecdsa_der(const uint8_t *sig, size_t half, uint8_t *der, size_t der_size)
{
	size_t len = 0;
	int need;
	unsigned char *p = der;
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	if (es == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1)
		goto cleanup;
	r = s = NULL; /* owned by es now */
	need = i2d_ECDSA_SIG(es, NULL);
	if (need <= 0 || (size_t)need > der_size)
		goto cleanup;
	if (i2d_ECDSA_SIG(es, &p) == need)
		len = (size_t)need;
cleanup:
	BN_free(s);
	BN_free(r);
	ECDSA_SIG_free(es);
	return len;
}

/* Fill k from the key field of a supported algorithm alg. */
static void key_parse(cs_crypto_key *k, const cs_crypto_curves *cv, uint8_t alg,
		      const uint8_t *pubkey, size_t pubkey_len)
{
	switch (alg) {
	case 5:
	case 7:
		key_rsa(k, EVP_sha1(), pubkey, pubkey_len);
		break;
	case 8:
		key_rsa(k, EVP_sha256(), pubkey, pubkey_len);
		break;
	case 10:
		key_rsa(k, EVP_sha512(), pubkey, pubkey_len);
		break;
	case 13:
		key_ecdsa(k, "P-256", cv ? cv->p256 : NULL, 32, EVP_sha256(), pubkey, pubkey_len);
		break;
	case 14:
		key_ecdsa(k, "P-384", cv ? cv->p384 : NULL, 48, EVP_sha384(), pubkey, pubkey_len);
		break;
	case 15:
		key_eddsa(k, EVP_PKEY_ED25519, 32, 64, pubkey, pubkey_len);
		break;
	default: /* 16 */
		key_eddsa(k, EVP_PKEY_ED448, 57, 114, pubkey, pubkey_len);
		break;
	}
}

cs_err cs_crypto_key_new(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len, cs_crypto_key **out)
{
	return cs_crypto_key_new_on(NULL, alg, pubkey, pubkey_len, out);
}

cs_err cs_crypto_key_new_on(const cs_crypto_curves *cv, uint8_t alg, const uint8_t *pubkey,
			    size_t pubkey_len, cs_crypto_key **out)
{
	cs_crypto_key *k = calloc(1, sizeof(*k));
	if (k == NULL)
		return CS_ENOMEM;
	k->alg = alg;
	switch (alg) {
	case 1:
	case 3:
	case 6:
	case 12:
		k->early = CS_VERIFY_PROHIBITED_ALG;
		break;
	case 5:
	case 7:
	case 8:
	case 10:
	case 13:
	case 14:
	case 15:
	case 16:
		/* A NULL key field with a length is the caller's error, found
		 * before anything the field says. */
		if (pubkey == NULL && pubkey_len != 0)
			k->early = CS_VERIFY_INTERNAL;
		break;
	default:
		k->early = CS_VERIFY_UNSUPPORTED_ALG;
		break;
	}
	if (k->early == CS_VERIFY_VALID)
		key_parse(k, cv, alg, pubkey, pubkey_len);
	/* Reasons OpenSSL queued for a refused key are answered by k->late. */
	if (k->late != CS_VERIFY_VALID)
		ERR_clear_error();
	*out = k;
	return CS_OK;
}

void cs_crypto_key_free(cs_crypto_key **pk)
{
	if (pk == NULL || *pk == NULL)
		return;
	EVP_PKEY_free((*pk)->pkey);
	free(*pk);
	*pk = NULL;
}

cs_verify_result cs_crypto_key_verify(const cs_crypto_key *k, const uint8_t *sig, size_t sig_len,
				      const uint8_t *data, size_t data_len)
{
	if (k->early == CS_VERIFY_PROHIBITED_ALG || k->early == CS_VERIFY_UNSUPPORTED_ALG)
		return k->early;
	if ((sig == NULL && sig_len != 0) || (data == NULL && data_len != 0))
		return CS_VERIFY_INTERNAL;
	if (k->early != CS_VERIFY_VALID)
		return k->early;
	if (sig_len != k->sig_len)
		return CS_VERIFY_BAD_SIG;
	if (k->late != CS_VERIFY_VALID)
		return k->late;
	if (data == NULL)
		data = empty_data;
	cs_verify_result r;
	if (k->half != 0) {
		uint8_t der[2 * (2 + 1 + EC_MAX_HALF) + 2 + 8];
		size_t der_len = ecdsa_der(sig, k->half, der, sizeof(der));
		r = der_len == 0 ? CS_VERIFY_INTERNAL
				 : digest_verify(k->pkey, k->md, der, der_len, data, data_len);
	} else {
		r = digest_verify(k->pkey, k->md, sig, sig_len, data, data_len);
	}
	/* A failed check leaves reasons on OpenSSL's per-thread error queue;
	 * they are answered by r, so do not let them leak to the next call. */
	if (r != CS_VERIFY_VALID)
		ERR_clear_error();
	return r;
}

cs_verify_result cs_crypto_verify(uint8_t alg, const uint8_t *pubkey, size_t pubkey_len,
				  const uint8_t *sig, size_t sig_len, const uint8_t *data,
				  size_t data_len)
{
	cs_crypto_key *k = NULL;
	if (cs_crypto_key_new(alg, pubkey, pubkey_len, &k) != CS_OK)
		return CS_VERIFY_INTERNAL;
	cs_verify_result r = cs_crypto_key_verify(k, sig, sig_len, data, data_len);
	cs_crypto_key_free(&k);
	return r;
}

/* --- DS digests ----------------------------------------------------------- */

static const EVP_MD *ds_md(uint8_t digest_type)
{
	switch (digest_type) {
	case 1:
		return EVP_sha1();
	case 2:
		return EVP_sha256();
	case 4:
		return EVP_sha384();
	default:
		return NULL;
	}
}

cs_digest_result cs_ds_digest(uint8_t digest_type, const uint8_t *owner_wire, size_t owner_len,
			      const uint8_t *dnskey_rdata, size_t rdata_len, uint8_t *out,
			      size_t *out_len)
{
	const EVP_MD *md = ds_md(digest_type);
	if (md == NULL)
		return CS_DIGEST_UNSUPPORTED;
	if (out == NULL || out_len == NULL || (owner_wire == NULL && owner_len != 0) ||
	    (dnskey_rdata == NULL && rdata_len != 0))
		return CS_DIGEST_INTERNAL;

	cs_digest_result r = CS_DIGEST_INTERNAL;
	uint8_t buf[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, owner_wire, owner_len) != 1 ||
	    EVP_DigestUpdate(ctx, dnskey_rdata, rdata_len) != 1 ||
	    EVP_DigestFinal_ex(ctx, buf, &n) != 1 || n > CS_DIGEST_MAX) {
		ERR_clear_error();
		goto cleanup;
	}
	memcpy(out, buf, n);
	*out_len = n;
	r = CS_DIGEST_OK;
cleanup:
	EVP_MD_CTX_free(ctx);
	return r;
}

size_t cs_ds_digest_len(uint8_t digest_type)
{
	switch (digest_type) {
	case 1:
		return 20;
	case 2:
	case 3:
		return 32;
	case 4:
		return 48;
	default:
		return 0;
	}
}

const char *cs_ds_digest_name(uint8_t digest_type)
{
	switch (digest_type) {
	case 1:
		return "SHA-1";
	case 2:
		return "SHA-256";
	case 3:
		return "GOST R 34.11-94";
	case 4:
		return "SHA-384";
	default:
		return NULL;
	}
}

/* --- NSEC3 ------------------------------------------------------------------ */

#define SHA1_LEN 20

/* out = SHA-1(a | b). Returns false if OpenSSL fails. out may alias a. */
static bool sha1_two(EVP_MD_CTX *ctx, const EVP_MD *md, const uint8_t *a, size_t alen,
		     const uint8_t *b, size_t blen, uint8_t out[SHA1_LEN])
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    EVP_DigestUpdate(ctx, b, blen) != 1 || EVP_DigestFinal_ex(ctx, h, &n) != 1 ||
	    n != SHA1_LEN)
		return false;
	memcpy(out, h, SHA1_LEN);
	return true;
}

bool cs_nsec3_hash(uint8_t hash_alg, uint16_t iterations, const uint8_t *salt, size_t salt_len,
		   const uint8_t *name_wire, size_t name_len, uint8_t out[20])
{
	if (hash_alg != 1 || out == NULL || (salt == NULL && salt_len != 0) ||
	    (name_wire == NULL && name_len != 0))
		return false;

	bool ok = false;
	uint8_t h[SHA1_LEN];
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA1", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (md == NULL || ctx == NULL)
		goto cleanup;
	/* IH(salt, x, 0) = H(x | salt); IH(salt, x, k) = H(IH(salt, x, k-1) | salt). */
	if (!sha1_two(ctx, md, name_wire, name_len, salt, salt_len, h))
		goto cleanup;
	for (unsigned i = 0; i < iterations; i++)
		if (!sha1_two(ctx, md, h, sizeof(h), salt, salt_len, h))
			goto cleanup;
	memcpy(out, h, sizeof(h));
	ok = true;
cleanup:
	if (!ok)
		ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ok;
}

const char *cs_crypto_openssl_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
