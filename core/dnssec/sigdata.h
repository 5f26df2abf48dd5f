/*
 * sigdata.h - the octets an RRSIG signs (RFC 4034 §3.1.8.1): the RRSIG
 * RDATA without its signature (signer name in canonical form), followed by
 * the RRset in canonical form and order (§6.2, §6.3) with the RRSIG's
 * original TTL, duplicates removed, and the owner rebuilt as a wildcard when
 * the labels field says so (RFC 4035 §5.3.2).
 */
#ifndef CS_SIGDATA_H
#define CS_SIGDATA_H

#include "base/buf.h"
#include "base/error.h"
#include "dns/msg.h"

#include <stddef.h>

/* Append the signed data for the RRSIG with RDATA rrsig[0..rrsig_len) over
 * the n records of rrset (one owner, type and class; the first record's
 * owner and class are used). Returns CS_OK, CS_ERDATA (malformed RRSIG),
 * CS_EINVAL (empty RRset), CS_ERANGE (labels field larger than the owner's
 * label count, so no owner can be rebuilt) or CS_ENOMEM. */
cs_err cs_sigdata_build(const uint8_t *rrsig, size_t rrsig_len, const cs_rr *const *rrset, size_t n,
			cs_buf *out);

/* Compare two RDATA in canonical order (RFC 4034 §6.3: octet-wise, a
 * shorter prefix first). */
int cs_rdata_canon_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
