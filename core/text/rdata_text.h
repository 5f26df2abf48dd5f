/*
 * rdata_text.h - presentation format (RFC 1035 §5, RFC 3597 for unknown
 * types) of RDATA, whole records and messages, both ways for RDATA.
 */
#ifndef CS_RDATA_TEXT_H
#define CS_RDATA_TEXT_H

#include "base/buf.h"
#include "base/error.h"
#include "dns/msg.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "text/token.h"

#include <stddef.h>
#include <stdint.h>

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

/* Append the presentation form of one RR ("owner ttl class type rdata"). */
void cs_rr_to_text(const cs_rr *rr, cs_buf *out);

/* Append a dig-like presentation of the whole message. */
void cs_msg_to_text(const cs_msg *m, cs_buf *out);

#endif
