/*
 * fuzz_text - libFuzzer target for the presentation-format parser (zone
 * files, trust anchors, hints), with a round trip: every record parsed is
 * printed and parsed again and must give the same owner, type, class, TTL
 * and RDATA octets. The same input also goes through the trust anchor
 * reader (every format it detects: BIND, unbound auto-trust, RFC 7958 XML),
 * whose records must print and parse back too.
 */
#include "base/arena.h"
#include "base/buf.h"
#include "dns/msg.h"
#include "dns/rrtype.h"
#include "text/anchors.h"
#include "text/rdata_text.h"
#include "text/zonefile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist l = {0};
	cs_zone_error e;
	cs_name origin;
	cs_name_from_text("example.", 8, NULL, &origin);
	(void)cs_zone_parse((const char *)data, size, &origin, 3600, &a, &l, &e);
	cs_buf text;
	cs_buf_init(&text);
	for (size_t i = 0; i < l.n; i++) {
		const cs_rr *rr = &l.v[i];
		cs_buf_reset(&text);
		cs_rr_to_text(rr, &text);
		cs_rr back;
		if (cs_rr_from_text(cs_buf_cstr(&text), NULL, &a, &back, &e) != CS_OK)
			abort();
		if (!cs_name_equal(&back.owner, &rr->owner) ||
		    memcmp(back.owner.data, rr->owner.data, rr->owner.len) != 0 ||
		    back.type != rr->type || back.rclass != rr->rclass || back.ttl != rr->ttl ||
		    back.rdlen != rr->rdlen || memcmp(back.rdata, rr->rdata, rr->rdlen) != 0)
			abort();
	}
	/* The anchor reader: whatever it keeps is a DS or DNSKEY that prints
	 * and parses back. */
	l.n = 0;
	(void)cs_anchors_parse((const char *)data, size, 1700000000, &a, &l, &e);
	for (size_t i = 0; i < l.n; i++) {
		const cs_rr *rr = &l.v[i];
		if (rr->type != CS_TYPE_DS && rr->type != CS_TYPE_DNSKEY)
			abort();
		cs_buf_reset(&text);
		cs_rr_to_text(rr, &text);
		cs_rr back;
		if (cs_rr_from_text(cs_buf_cstr(&text), NULL, &a, &back, &e) != CS_OK ||
		    back.rdlen != rr->rdlen || memcmp(back.rdata, rr->rdata, rr->rdlen) != 0)
			abort();
	}
	cs_buf_free(&text);
	cs_rrlist_free(&l);
	cs_arena_clear(&a);
	return 0;
}
