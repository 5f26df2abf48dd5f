#include "dnssec/sigdata.h"

#include "dns/rdata.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t off; /* offset of the canonical RDATA in the scratch buffer */
	size_t len;
} span;

int cs_rdata_canon_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t m = alen < blen ? alen : blen;
	int c = m ? memcmp(a, b, m) : 0;
	if (c != 0)
		return c;
	return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

/* Insertion sort of spans by content: RRsets are small, and this keeps the
 * comparison free of global state (qsort has no context argument in C11). */
static void sort_spans(span *s, size_t n, const uint8_t *base)
{
	for (size_t i = 1; i < n; i++) {
		span x = s[i];
		size_t j = i;
		while (j > 0 && cs_rdata_canon_cmp(base + s[j - 1].off, s[j - 1].len, base + x.off,
						   x.len) > 0) {
			s[j] = s[j - 1];
			j--;
		}
		s[j] = x;
	}
}

cs_err cs_sigdata_build(const uint8_t *rrsig, size_t rrsig_len, const cs_rr *const *rrset, size_t n,
			cs_buf *out)
{
	cs_rrsig_view sig;
	if (cs_rrsig_view_parse(rrsig, rrsig_len, &sig) != CS_OK)
		return CS_ERDATA;
	if (n == 0)
		return CS_EINVAL;

	cs_name owner = rrset[0]->owner;
	unsigned labels = cs_name_labels(&owner);
	if (sig.labels > labels)
		return CS_ERANGE;
	if (sig.labels < labels) {
		cs_name suffix;
		cs_name_suffix(&owner, sig.labels, &suffix);
		if (cs_name_prepend(&suffix, (const uint8_t *)"*", 1, &owner) != CS_OK)
			return CS_ERANGE;
	}
	cs_name_lower(&owner);

	/* RRSIG RDATA up to the signer name, then the lowercased signer. */
	cs_name signer = sig.signer;
	cs_name_lower(&signer);
	cs_buf_put(out, rrsig, 18);
	cs_buf_put(out, signer.data, signer.len);

	cs_buf scratch;
	cs_buf_init(&scratch);
	span *spans = calloc(n, sizeof(*spans));
	if (spans == NULL)
		return CS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		spans[i].off = scratch.len;
		cs_rdata_canonical(rrset[i]->type, rrset[i]->rdata, rrset[i]->rdlen, &scratch);
		spans[i].len = scratch.len - spans[i].off;
	}
	cs_err err = scratch.err;
	/* All-empty RDATA leaves the scratch buffer unallocated. */
	static const uint8_t empty[1] = {0};
	const uint8_t *base = scratch.data ? scratch.data : empty;
	if (err == CS_OK) {
		sort_spans(spans, n, base);
		for (size_t i = 0; i < n; i++) {
			const uint8_t *rd = base + spans[i].off;
			if (i > 0 && cs_rdata_canon_cmp(base + spans[i - 1].off, spans[i - 1].len,
							rd, spans[i].len) == 0)
				continue; /* duplicate RR: RFC 4034 §6.3 */
			cs_buf_put(out, owner.data, owner.len);
			cs_buf_u16(out, rrset[0]->type);
			cs_buf_u16(out, rrset[0]->rclass);
			cs_buf_u32(out, sig.original_ttl);
			cs_buf_u16(out, (uint16_t)spans[i].len);
			cs_buf_put(out, rd, spans[i].len);
		}
		err = out->err;
	}
	free(spans);
	cs_buf_free(&scratch);
	return err;
}
