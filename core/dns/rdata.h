/*
 * rdata.h - RDATA on the wire: reading from a packet (with name
 * decompression where RFC 3597 §4 allows it), structural checks, canonical
 * form (RFC 4034 §6.2 as amended by RFC 6840 §5.1), and views of the DNSSEC
 * record types. Presentation format is in text/rdata_text.h.
 *
 * Stored RDATA is always uncompressed wire format. Types chainscope does not
 * know are kept byte-exact.
 */
#ifndef CS_RDATA_H
#define CS_RDATA_H

#include "base/buf.h"
#include "base/error.h"
#include "dns/name.h"
#include "dns/rrtype.h"
#include "dns/wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
