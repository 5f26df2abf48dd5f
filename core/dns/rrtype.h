/*
 * rrtype.h - the RR type and class table: numbers, mnemonics (RFC 3597
 * "TYPEnnn"/"CLASSnnn" forms for the rest) and each known type's RDATA
 * layout, shared by the wire reader (dns/rdata) and the presentation
 * format (text/rdata_text).
 */
#ifndef CS_RRTYPE_H
#define CS_RRTYPE_H

#include "base/error.h"

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

#endif
