/*
 * rdata.h - RR types and their RDATA: reading from a packet (with name
 * decompression where RFC 3597 §4 allows it), structural checks,
 * presentation format both ways, canonical form (RFC 4034 §6.2 as amended
 * by RFC 6840 §5.1), and views of the DNSSEC record types.
 *
 * Stored RDATA is always uncompressed wire format. Types chainscope does not
 * know are kept byte-exact and presented as RFC 3597 "\# len hex".
 */
#ifndef CS_RDATA_H
#define CS_RDATA_H

#include "buf.h"
#include "error.h"
#include "name.h"
#include "token.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	CS_TYPE_A = 1,
	CS_TYPE_NS = 2,
	CS_TYPE_CNAME = 5,
	CS_TYPE_SOA = 6,
	CS_TYPE_PTR = 12,
	CS_TYPE_HINFO = 13,
	CS_TYPE_MX = 15,
	CS_TYPE_TXT = 16,
	CS_TYPE_AAAA = 28,
	CS_TYPE_SRV = 33,
	CS_TYPE_DNAME = 39,
	CS_TYPE_OPT = 41,
	CS_TYPE_DS = 43,
	CS_TYPE_RRSIG = 46,
	CS_TYPE_NSEC = 47,
	CS_TYPE_DNSKEY = 48,
	CS_TYPE_NSEC3 = 50,
	CS_TYPE_NSEC3PARAM = 51,
	CS_TYPE_CDS = 59,
	CS_TYPE_CDNSKEY = 60,
	CS_TYPE_ANY = 255,
};

enum { CS_CLASS_IN = 1, CS_CLASS_CH = 3, CS_CLASS_ANY = 255 };

/* Static description of an RR type. */
typedef struct {
	uint16_t type;
	const char *mnemonic;
	const char *fields; /* RDATA layout (see rdata.c), NULL = opaque */
	bool canon_lower;   /* names in RDATA are lowercased in canonical form */
} cs_rrtype_info;

/* Description of a type, or NULL when chainscope has no entry for it. */
const cs_rrtype_info *cs_rrtype_info_get(uint16_t type);

/* Mnemonic of a type ("A", or "TYPE65280" for unknown types) into buf;
 * returns buf. */
const char *cs_rrtype_str(uint16_t type, char buf[16]);

/* Parse a type mnemonic or the RFC 3597 "TYPEnnn" form, ignoring case.
 * Returns CS_OK or CS_EUNKNOWN. */
cs_err cs_rrtype_from_text(const char *s, size_t len, uint16_t *out);

/* Class mnemonic ("IN", "CH", "CLASS7") into buf; returns buf. */
const char *cs_rrclass_str(uint16_t cls, char buf[16]);

/* Parse a class mnemonic or "CLASSnnn". Returns CS_OK or CS_EUNKNOWN. */
cs_err cs_rrclass_from_text(const char *s, size_t len, uint16_t *out);

/* Read rdlen octets of RDATA of the given type at the reader's position and
 * append their uncompressed form to out. The reader always ends up just
 * after the RDATA unless the packet is shorter than rdlen (then CS_ETRUNC is
 * set on the reader). When the RDATA is malformed for its type, the raw
 * octets are appended instead and the typed error (CS_ERDATA, CS_ECOMPRESS,
 * CS_EPTRFWD...) is returned without setting the reader's error, so one bad
 * record does not hide the rest of the message. */
cs_err cs_rdata_read(cs_wire *w, uint16_t type, uint16_t rdlen, cs_buf *out);

/* Check uncompressed RDATA against its type's layout. Returns CS_OK,
 * CS_ERDATA, CS_ETRUNC or a name error. Unknown types are always CS_OK. */
cs_err cs_rdata_check(uint16_t type, const uint8_t *rd, size_t len);

/* Append the presentation form of RDATA to out: typed when the RDATA is
 * well formed for a known type, otherwise "\# len hex". Returns out->err. */
cs_err cs_rdata_to_text(uint16_t type, const uint8_t *rd, size_t len, cs_buf *out);

/* Append the RFC 3597 generic form "\# len hex". */
void cs_rdata_generic_text(const uint8_t *rd, size_t len, cs_buf *out);

/* Parse presentation-format RDATA given as tokens and append its wire form
 * to out. Relative names get origin (NULL: absolute). The generic "\# len
 * hex" form is accepted for every type (and must then be well formed for
 * known types). Returns CS_OK, CS_ESYNTAX, CS_ERANGE, CS_EUNKNOWN, CS_ERDATA
 * or a name error. */
cs_err cs_rdata_from_text(uint16_t type, const cs_token *toks, size_t ntoks, const cs_name *origin,
			  cs_buf *out);

/* Append the canonical form of RDATA (names lowercased for the types that
 * require it). Malformed RDATA is copied unchanged. */
void cs_rdata_canonical(uint16_t type, const uint8_t *rd, size_t len, cs_buf *out);

/* Views of DNSSEC RDATA; pointers refer into the parsed RDATA. Each parse
 * returns CS_OK or CS_ERDATA and leaves *v untouched on error. */
typedef struct {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
	const uint8_t *digest;
	size_t digest_len;
} cs_ds_view;

typedef struct {
	uint16_t flags;
	uint8_t protocol;
	uint8_t algorithm;
	const uint8_t *key;
	size_t key_len;
} cs_dnskey_view;

#define CS_DNSKEY_FLAG_ZONE   0x0100
#define CS_DNSKEY_FLAG_REVOKE 0x0080
#define CS_DNSKEY_FLAG_SEP    0x0001

typedef struct {
	uint16_t type_covered;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t original_ttl;
	uint32_t expiration;
	uint32_t inception;
	uint16_t key_tag;
	cs_name signer;
	const uint8_t *signature;
	size_t sig_len;
	size_t signed_prefix_len; /* RDATA octets before the signature */
} cs_rrsig_view;

typedef struct {
	cs_name next;
	const uint8_t *bitmap;
	size_t bitmap_len;
} cs_nsec_view;

#define CS_NSEC3_FLAG_OPTOUT 0x01

typedef struct {
	uint8_t hash_alg;
	uint8_t flags;
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;
	const uint8_t *next_hash;
	uint8_t next_len;
	const uint8_t *bitmap;
	size_t bitmap_len;
} cs_nsec3_view;

typedef struct {
	uint8_t hash_alg;
	uint8_t flags;
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;
} cs_nsec3param_view;

cs_err cs_ds_view_parse(const uint8_t *rd, size_t len, cs_ds_view *v);
cs_err cs_dnskey_view_parse(const uint8_t *rd, size_t len, cs_dnskey_view *v);
cs_err cs_rrsig_view_parse(const uint8_t *rd, size_t len, cs_rrsig_view *v);
cs_err cs_nsec_view_parse(const uint8_t *rd, size_t len, cs_nsec_view *v);
cs_err cs_nsec3_view_parse(const uint8_t *rd, size_t len, cs_nsec3_view *v);
cs_err cs_nsec3param_view_parse(const uint8_t *rd, size_t len, cs_nsec3param_view *v);

/* True if a (well-formed) NSEC/NSEC3 type bitmap lists type. */
bool cs_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type);

/* Build a type bitmap (RFC 4034 §4.1.2) from a list of types; appends to
 * out. Duplicates are allowed. */
void cs_bitmap_build(const uint16_t *types, size_t n, cs_buf *out);

#endif
