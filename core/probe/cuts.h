/*
 * cuts.h - zone cuts that no referral shows: a parent and a child served
 * by the same servers answer for the child authoritatively, with no
 * referral (the root servers serve arpa., hosting providers serve
 * example.com and sub.example.com together). Validators find such a cut
 * from the signatures (RFC 4035 §5; unbound's FINDKEY state): a signer
 * below the zone the walk believes it is in is a zone of its own, whose DS
 * is asked at the parent's servers and whose DNSKEY, SOA and NS at the
 * servers that answered.
 */
#ifndef CS_CUTS_H
#define CS_CUTS_H

#include "dns/msg.h"
#include "dns/name.h"

#include <stdbool.h>

/* Does authoritative response m, from a server of zone, show a cut below
 * zone on the way to target? True with *cut the deepest signer name of an
 * RRSIG in the answer or authority section that lies strictly below zone
 * and at or above target; false when none does (then *cut is untouched). */
bool cs_cut_from_signers(const cs_msg *m, const cs_name *zone, const cs_name *target, cs_name *cut);

/* Is authoritative response m unsigned (no RRSIG in any section)? Then,
 * from a server of a signed zone, the name may lie in an unsigned child on
 * the same servers: the DS answers for the names in between tell. */
bool cs_cut_unsigned(const cs_msg *m);

/* Does m (an answer to "qname SOA" from the servers of a zone above qname)
 * show a zone apex at qname: authoritative, NOERROR, with an SOA owned by
 * qname in the answer section? The servers serve a zone at qname, so the
 * parent's DS answer must prove the cut (a DS, or NSEC or NSEC3 proof of a
 * delegation without one); unlike the NSEC check below this needs no
 * hashing, so it finds an unsigned child under an NSEC3 parent too. */
bool cs_cut_soa_apex(const cs_msg *m, const cs_name *qname);

/* Does m (an answer to "qname DS" from the parent's servers) show a
 * delegation at qname: an NSEC owned by qname whose type bitmap has NS and
 * not SOA (RFC 4035 §5.2: an unsigned delegation)? NSEC3 is not read
 * (cs_cut_soa_apex finds those cuts). */
bool cs_cut_nsec_delegation(const cs_msg *m, const cs_name *qname);

#endif
