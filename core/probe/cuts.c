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
