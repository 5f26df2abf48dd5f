/*
 * fuzz_msg - libFuzzer target for the DNS message parser, with a round trip:
 * every well-formed RDATA of a known type is printed, parsed back from its
 * presentation form and must give the same octets; canonical form and
 * signed-data construction run over every RRset the packet claims to sign.
 */
#include "base/arena.h"
#include "base/buf.h"
#include "dns/msg.h"
#include "dns/rdata.h"
#include "dnssec/sigdata.h"
#include "text/rdata_text.h"
#include "text/token.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const cs_rr *rr, cs_buf *text, cs_buf *wire, cs_token *toks)
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(rr->type);
	if (rr->rdata_err != CS_OK || ti == NULL || ti->fields == NULL)
		return;
	cs_buf_reset(text);
	cs_buf_reset(wire);
	if (cs_rdata_to_text(rr->type, rr->rdata, rr->rdlen, text) != CS_OK)
		return;
	size_t n;
	const char *s = cs_buf_cstr(text);
	if (cs_tokenize(s, text->len, toks, 4096, &n, NULL) != CS_OK)
		abort();
	if (cs_rdata_from_text(rr->type, toks, n, NULL, wire) != CS_OK)
		abort();
	if (wire->len != rr->rdlen || memcmp(wire->data, rr->rdata, rr->rdlen) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	if (cs_msg_parse(data, size, &a, &m, NULL) == CS_OK) {
		cs_buf text, wire;
		cs_buf_init(&text);
		cs_buf_init(&wire);
		cs_token *toks = malloc(4096 * sizeof(*toks));
		cs_msg_to_text(&m, &text);
		for (int s = 0; s < CS_SEC_COUNT; s++) {
			for (size_t i = 0; i < m.counts[s]; i++) {
				const cs_rr *rr = &m.sections[s][i];
				roundtrip(rr, &text, &wire, toks);
				cs_buf_reset(&wire);
				cs_rdata_canonical(rr->type, rr->rdata, rr->rdlen, &wire);
				if (rr->type != CS_TYPE_RRSIG)
					continue;
				/* Signed data over the records this RRSIG covers. */
				const cs_rr *set[64];
				size_t n = 0;
				cs_rrsig_view v;
				if (cs_rrsig_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK)
					continue;
				for (size_t j = 0; j < m.counts[s] && n < 64; j++)
					if (m.sections[s][j].type == v.type_covered &&
					    cs_name_equal(&m.sections[s][j].owner, &rr->owner))
						set[n++] = &m.sections[s][j];
				cs_buf_reset(&wire);
				(void)cs_sigdata_build(rr->rdata, rr->rdlen, set, n, &wire);
			}
		}
		free(toks);
		cs_buf_free(&text);
		cs_buf_free(&wire);
	}
	cs_arena_clear(&a);
	return 0;
}
