/*
 * msg.h - DNS messages: parsing a received packet into records (RFC 1035
 * §4, EDNS per RFC 6891) and building queries.
 */
#ifndef CS_MSG_H
#define CS_MSG_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One resource record; rdata is uncompressed wire format. */
typedef struct {
	cs_name owner;
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata;
	cs_err rdata_err; /* CS_OK, or why the RDATA is malformed for its type
			     (then rdata holds the raw octets) */
} cs_rr;

enum { CS_SEC_ANSWER = 0, CS_SEC_AUTHORITY = 1, CS_SEC_ADDITIONAL = 2, CS_SEC_COUNT = 3 };

enum {
	CS_RCODE_NOERROR = 0,
	CS_RCODE_FORMERR = 1,
	CS_RCODE_SERVFAIL = 2,
	CS_RCODE_NXDOMAIN = 3,
	CS_RCODE_NOTIMP = 4,
	CS_RCODE_REFUSED = 5,
	CS_RCODE_BADVERS = 16,
};

typedef struct {
	uint16_t id;
	bool qr, aa, tc, rd, ra, z, ad, cd;
	uint8_t opcode;
	uint16_t rcode; /* 12 bits when EDNS is present, else the header's 4 */
	uint16_t qdcount;
	bool has_question;
	cs_name qname;
	uint16_t qtype;
	uint16_t qclass;
	cs_rr *sections[CS_SEC_COUNT];
	size_t counts[CS_SEC_COUNT];
	/* EDNS (RFC 6891) */
	bool has_edns;
	uint16_t edns_udp_size;
	uint8_t edns_version;
	bool edns_do;
	uint16_t edns_flags;	     /* all 16 flag bits, DO included */
	const uint8_t *edns_options; /* raw option octets */
	uint16_t edns_options_len;
	size_t trailing; /* octets after the last section (kept, not fatal) */
} cs_msg;

/* Parse pkt[0..len) into out; all storage comes from arena a. Returns CS_OK,
 * or the first structural error: CS_ETRUNC (header, record or RDATA past the
 * end, counts larger than the packet), a name error (CS_EPTRFWD,
 * CS_EPTRHOPS, CS_ENAMELEN, CS_ELABELTYPE), CS_EOPT (OPT outside the
 * additional section, more than one, or not owned by the root), CS_ENOMEM.
 * *err_offset, when non-NULL, gets the offset where parsing stopped. RDATA
 * that is malformed only for its type does not fail the parse: see
 * cs_rr.rdata_err. out is fully written on CS_OK only. */
cs_err cs_msg_parse(const uint8_t *pkt, size_t len, cs_arena *a, cs_msg *out, size_t *err_offset);

/* How to build a query. */
typedef struct {
	uint16_t id;
	bool rd;     /* recursion desired */
	bool cd;     /* checking disabled */
	bool ad;     /* ask for the AD bit (RFC 6840 §5.7) */
	bool edns;   /* add an OPT record */
	bool do_bit; /* DNSSEC OK (needs edns) */
	uint16_t edns_size;
	uint32_t case_seed; /* non-zero: randomise letter case (0x20) from it */
} cs_query_opts;

/* Append a query for qname/qtype/qclass to out (qname written as given, or
 * with case randomised from opts->case_seed). Returns out->err. */
cs_err cs_msg_build_query(const cs_name *qname, uint16_t qtype, uint16_t qclass,
			  const cs_query_opts *opts, cs_buf *out);

/* Mnemonic of an rcode ("NOERROR", ..., "RCODE23"); into buf, returns buf. */
const char *cs_rcode_str(uint16_t rcode, char buf[16]);

#endif
