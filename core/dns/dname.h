/*
 * dname.h - DNAME redirection (RFC 6672): which DNAME of a response applies
 * to a name, and the CNAME target it synthesises. Validators trust the
 * synthesised CNAME (which servers send unsigned) through the DNAME's
 * signature and this rule, so the probe follows, and the analyzer checks,
 * the target computed here rather than the one served.
 */
#ifndef CS_DNAME_H
#define CS_DNAME_H

#include "base/error.h"
#include "dns/msg.h"
#include "dns/name.h"

/* The name qname becomes under a DNAME owned by owner with target target:
 * qname's labels above owner, followed by target (RFC 6672 §2.2). Returns
 * CS_OK with *out set; CS_EINVAL when qname is not strictly below owner;
 * CS_ENAMELEN when the result would exceed 255 octets (a server answers
 * YXDOMAIN). out is untouched on error. */
cs_err cs_dname_substitute(const cs_name *qname, const cs_name *owner, const cs_name *target,
			   cs_name *out);

/* The first well-formed DNAME in m's answer section whose owner is a
 * proper ancestor of qname, or NULL. */
const cs_rr *cs_dname_for(const cs_msg *m, const cs_name *qname);

/* The CNAME target a resolver synthesises for qname from m's DNAME: CS_OK
 * with *out set, CS_ENOTFOUND when no DNAME of m applies, or an error of
 * cs_dname_substitute / the DNAME's RDATA. */
cs_err cs_dname_target(const cs_msg *m, const cs_name *qname, cs_name *out);

#endif
