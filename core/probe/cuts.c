/*
 * cuts.c - zone cuts found from the signers of an answer.
 */
#include "probe/cuts.h"

#include "dns/rdata.h"
#include "dns/rrtype.h"

bool cs_cut_from_signers(const cs_msg *m, const cs_name *zone, const cs_name *target, cs_name *cut)
{
	if (!m->aa)
		return false;
	bool found = false;
	cs_name best = {0};
	const int secs[] = {CS_SEC_ANSWER, CS_SEC_AUTHORITY};
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < m->counts[secs[s]]; i++) {
			const cs_rr *rr = &m->sections[secs[s]][i];
			cs_rrsig_view v;
			if (rr->type != CS_TYPE_RRSIG || rr->rdata_err != CS_OK ||
			    cs_rrsig_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK)
				continue;
			const cs_name *signer = &v.signer;
			if (cs_name_labels(signer) <= cs_name_labels(zone) ||
			    !cs_name_is_below(signer, zone) || !cs_name_is_below(target, signer))
				continue;
			if (!found || cs_name_labels(signer) > cs_name_labels(&best)) {
				best = *signer;
				found = true;
			}
		}
	if (found)
		*cut = best;
	return found;
}

bool cs_cut_unsigned(const cs_msg *m)
{
	if (!m->aa)
		return false;
	for (int s = 0; s < CS_SEC_COUNT; s++)
		for (size_t i = 0; i < m->counts[s]; i++)
			if (m->sections[s][i].type == CS_TYPE_RRSIG)
				return false;
	return true;
}

bool cs_cut_soa_apex(const cs_msg *m, const cs_name *qname)
{
	if (!m->aa || m->rcode != CS_RCODE_NOERROR)
		return false;
	for (size_t i = 0; i < m->counts[CS_SEC_ANSWER]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_ANSWER][i];
		if (rr->type == CS_TYPE_SOA && rr->rdata_err == CS_OK &&
		    cs_name_equal(&rr->owner, qname))
			return true;
	}
	return false;
}

/* Is type in an NSEC type bitmap (RFC 4034 §4.1.2)? */
static bool bitmap_has(const uint8_t *b, size_t len, uint16_t type)
{
	size_t i = 0;
	while (i + 2 <= len) {
		unsigned window = b[i], n = b[i + 1];
		if (n == 0 || n > 32 || i + 2 + n > len)
			return false;
		if (window == (unsigned)(type >> 8)) {
			unsigned lo = type & 0xff;
			return lo / 8 < n && (b[i + 2 + lo / 8] & (0x80 >> (lo % 8)));
		}
		i += 2 + n;
	}
	return false;
}

bool cs_cut_nsec_delegation(const cs_msg *m, const cs_name *qname)
{
	for (size_t i = 0; i < m->counts[CS_SEC_AUTHORITY]; i++) {
		const cs_rr *rr = &m->sections[CS_SEC_AUTHORITY][i];
		cs_nsec_view v;
		if (rr->type != CS_TYPE_NSEC || rr->rdata_err != CS_OK ||
		    !cs_name_equal(&rr->owner, qname) ||
		    cs_nsec_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK)
			continue;
		if (bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_NS) &&
		    !bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_SOA) &&
		    !bitmap_has(v.bitmap, v.bitmap_len, CS_TYPE_DS))
			return true;
	}
	return false;
}
