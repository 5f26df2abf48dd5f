/*
 * graph_text.c - the text that goes into the graph's labels and tooltips,
 * escaped for Graphviz (no Graphviz call here: those are all in graph.c).
 */
#include "graph_text.h"

#include "dns/rdata.h"
#include "escape.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include <string.h>

void cs_gtext_name(cs_buf *b, const cs_name *n)
{
	char t[CS_NAME_TEXT_MAX];
	cs_escape_dot(b, cs_name_str(n, t));
}

void cs_gtext_rr(cs_buf *b, const cs_rr *rr)
{
	cs_buf t;
	cs_buf_init(&t);
	cs_rr_to_text(rr, &t);
	cs_escape_dot(b, cs_buf_cstr(&t));
	cs_buf_free(&t);
	cs_buf_str(b, "\\n");
}

void cs_gtext_servers(cs_buf *b, const char *const *sv, size_t n)
{
	if (n == 0)
		return;
	cs_buf_str(b, "servers:");
	for (size_t i = 0; i < n; i++) {
		cs_buf_u8(b, ' ');
		cs_escape_dot(b, sv[i]);
	}
	cs_buf_str(b, "\\n");
}

cs_state cs_gtext_sig_state(cs_sig_status s)
{
	if (s == CS_SIG_VALID)
		return CS_STATE_SECURE;
	if (s == CS_SIG_UNSUPPORTED_ALG)
		return CS_STATE_INSECURE;
	return CS_STATE_BOGUS;
}

/* Tag and algorithm from an RRSIG's RDATA (0 when it is too short). */
void cs_gtext_sig_tag(const cs_sig_eval *s, unsigned *tag, unsigned *alg)
{
	const cs_rr *r = s->rrsig;
	*tag = *alg = 0;
	if (r && r->rdata && r->rdlen >= 18) {
		*alg = r->rdata[2];
		*tag = (unsigned)r->rdata[16] << 8 | r->rdata[17];
	}
}

void cs_gtext_sig_tooltip(cs_buf *b, const cs_rrset *rs, const cs_sig_eval *s)
{
	char tb[16], i1[24], i2[24];
	unsigned tag, alg;
	cs_gtext_sig_tag(s, &tag, &alg);
	cs_buf_printf(b, "RRSIG %s by key %u alg %u: %s\\n", cs_rrtype_str(rs->type, tb), tag, alg,
		      cs_sig_status_str(s->status));
	cs_buf_printf(b, "inception %s\\nexpiration %s\\n", cs_time_format_iso(s->inception, i1),
		      cs_time_format_iso(s->expiration, i2));
	if (s->rrsig)
		cs_gtext_rr(b, s->rrsig);
	cs_gtext_servers(b, rs->servers, rs->nservers);
}

/* Wrap text (raw) at width, escaping each line; lines end with \l. */
void cs_gtext_wrap(cs_buf *out, const char *indent, const char *text, size_t width)
{
	size_t col = 0;
	cs_buf line;
	cs_buf_init(&line);
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t wl = e ? (size_t)(e - s) : strlen(s);
		if (col > 0 && col + 1 + wl > width) {
			cs_buf_str(out, indent);
			cs_escape_dot(out, cs_buf_cstr(&line));
			cs_buf_str(out, "\\l");
			cs_buf_reset(&line);
			col = 0;
		}
		if (col > 0) {
			cs_buf_u8(&line, ' ');
			col++;
		}
		cs_buf_put(&line, s, wl);
		col += wl;
		s += wl;
		while (*s == ' ')
			s++;
	}
	cs_buf_str(out, indent);
	cs_escape_dot(out, cs_buf_cstr(&line));
	cs_buf_str(out, "\\l");
	cs_buf_free(&line);
}

void cs_gtext_title(cs_buf *b, const cs_analysis *a, const cs_capture *c)
{
	char tb[16], iso[24];
	cs_buf_str(b, "chainscope check ");
	cs_gtext_name(b, &c->qname);
	cs_buf_printf(b, " %s\\nverdict: %s (%s): %u errors, %u warnings, %u notices\\n",
		      cs_rrtype_str(c->qtype, tb), cs_state_str(a->verdict),
		      cs_answer_kind_str(a->answer), a->counts[CS_SEV_ERROR],
		      a->counts[CS_SEV_WARNING], a->counts[CS_SEV_NOTICE]);
	if (a->has_next_break) {
		bool past = a->next_break < a->at; /* a bogus chain: when it broke */
		cs_buf_printf(b, "%s: %s, when the ", past ? "broke" : "next break",
			      cs_time_format_iso(a->next_break, iso));
		cs_escape_dot(b, a->next_break_what ? a->next_break_what : "signature");
		cs_buf_str(b, past ? " expired" : " expires");
	} else {
		cs_buf_str(b, "next break: none (no signature in use)");
	}
	cs_buf_printf(b, "\\nevaluated at %s", cs_time_format_iso(a->at, iso));
}
