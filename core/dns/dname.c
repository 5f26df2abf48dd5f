/*
 * dname.c - DNAME redirection (RFC 6672).
 */
#include "dns/dname.h"
#include "dns/rrtype.h"

#include <string.h>

cs_err cs_dname_substitute(const cs_name *qname, const cs_name *owner, const cs_name *target,
			   cs_name *out)
{
	if (qname->len <= owner->len || !cs_name_is_below(qname, owner))
		return CS_EINVAL;
	/* qname's leading labels: everything before the owner's octets. */
	size_t head = (size_t)(qname->len - owner->len);
	if (head + target->len > CS_NAME_MAXLEN)
		return CS_ENAMELEN;
	cs_name r;
	r.len = (uint8_t)(head + target->len);
	memcpy(r.data, qname->data, head);
	memcpy(r.data + head, target->data, target->len);
	*out = r;
	return CS_OK;
}

const cs_rr *cs_dname_for(const cs_msg *m, const cs_name *qname)
{
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		if (rr->type == CS_TYPE_DNAME && rr->rdata_err == CS_OK &&
		    qname->len > rr->owner.len && cs_name_is_below(qname, &rr->owner))
			return rr;
	}
	return NULL;
}

cs_err cs_dname_target(const cs_msg *m, const cs_name *qname, cs_name *out)
{
	const cs_rr *d = cs_dname_for(m, qname);
	if (d == NULL)
		return CS_ENOTFOUND;
	cs_name target;
	cs_err err = cs_name_from_wire(d->rdata, d->rdlen, &target, NULL);
	if (err != CS_OK)
		return err;
	return cs_dname_substitute(qname, &d->owner, &target, out);
}
