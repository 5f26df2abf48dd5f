#include "text.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "escape.h"
#include "text/dnstime.h"

#include <stdio.h>
#include <string.h>

typedef struct {
	cs_buf *out;
	bool colour;
	bool verbose; /* every server address on its own line */
} pen;

static const char *state_colour(cs_state s)
{
	switch (s) {
	case CS_STATE_SECURE:
		return "\033[32m";
	case CS_STATE_INSECURE:
		return "\033[36m";
	case CS_STATE_INDETERMINATE:
		return "\033[33m";
	default:
		return "\033[1;31m";
	}
}

static const char *sev_colour(cs_severity s)
{
	return s == CS_SEV_ERROR ? "\033[1;31m" : s == CS_SEV_WARNING ? "\033[33m" : "\033[36m";
}

static void put(pen *p, const char *s)
{
	cs_escape_term(p->out, s);
}

static void state_tag(pen *p, cs_state s)
{
	if (p->colour)
		cs_buf_str(p->out, state_colour(s));
	cs_buf_printf(p->out, "[%s]", cs_state_str(s));
	if (p->colour)
		cs_buf_str(p->out, "\033[0m");
}

static void name(pen *p, const cs_name *n)
{
	char b[CS_NAME_TEXT_MAX];
	cs_buf_str(p->out, cs_name_str(n, b)); /* presentation format: already escaped */
}

/* Wrap text at width with an indent (words are not split). */
static void wrapped(pen *p, const char *indent, const char *label, const char *text)
{
	size_t width = 78, col = strlen(indent) + strlen(label);
	cs_buf_str(p->out, indent);
	cs_buf_str(p->out, label);
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t wl = e ? (size_t)(e - s) : strlen(s);
		if (col + wl + 1 > width && col > strlen(indent) + strlen(label)) {
			cs_buf_u8(p->out, '\n');
			cs_buf_str(p->out, indent);
			for (size_t i = 0; i < strlen(label); i++)
				cs_buf_u8(p->out, ' ');
			col = strlen(indent) + strlen(label);
		} else if (s != text) {
			cs_buf_u8(p->out, ' ');
			col++;
		}
		char word[1024];
		size_t n = wl < sizeof(word) - 1 ? wl : sizeof(word) - 1;
		memcpy(word, s, n);
		word[n] = 0;
		/* A word longer than the line (base64 signatures): cut it. */
		size_t room = width > col ? width - col : 1;
		size_t done = 0;
		while (n - done > room && room > 8) {
			char part[1024];
			memcpy(part, word + done, room);
			part[room] = 0;
			put(p, part);
			done += room;
			cs_buf_u8(p->out, '\n');
			cs_buf_str(p->out, indent);
			for (size_t i = 0; i < strlen(label); i++)
				cs_buf_u8(p->out, ' ');
			col = strlen(indent) + strlen(label);
			room = width > col ? width - col : 1;
		}
		put(p, word + done);
		col += n - done;
		s += wl;
		while (*s == ' ')
			s++;
	}
	cs_buf_u8(p->out, '\n');
}

static void finding(pen *p, const cs_finding *f, const char *indent)
{
	const cs_finding_info *fi = cs_finding_info_get(f->code);
	cs_buf_str(p->out, indent);
	if (p->colour)
		cs_buf_str(p->out, sev_colour(fi->severity));
	cs_buf_printf(p->out, "%s %s",
		      fi->severity == CS_SEV_ERROR     ? "ERROR  "
		      : fi->severity == CS_SEV_WARNING ? "WARNING"
						       : "NOTICE ",
		      fi->code);
	if (p->colour)
		cs_buf_str(p->out, "\033[0m");
	cs_buf_u8(p->out, '\n');
	char in2[128];
	snprintf(in2, sizeof(in2), "%s    ", indent);
	wrapped(p, in2, "", f->message);
	if (f->nservers > 0) {
		cs_buf b;
		cs_buf_init(&b);
		for (size_t i = 0; i < f->nservers; i++)
			cs_buf_printf(&b, "%s%s", i ? ", " : "", f->servers[i]);
		wrapped(p, in2, "servers: ", cs_buf_cstr(&b));
		cs_buf_free(&b);
	}
	for (size_t i = 0; i < f->nevidence; i++)
		wrapped(p, in2, "seen: ", f->evidence[i]);
	wrapped(p, in2, "fix: ", f->fix ? f->fix : fi->fix);
	/* Records to publish: whole, each on its own line, never wrapped, so
	 * they can be pasted into a registrar form or a zone file. */
	for (size_t i = 0; i < f->npublish; i++) {
		cs_buf_printf(p->out, "%s     ", in2);
		put(p, f->publish[i]);
		cs_buf_u8(p->out, '\n');
	}
}

/* "server ADDRESS NAME [state]"; when that passes 80 columns (an IPv6
 * address and a long name), the name goes on the next line, indented. */
static void server_line(pen *p, const char *in2, const cs_server_view *s)
{
	char in3[96];
	snprintf(in3, sizeof(in3), "%s    ", in2);
	size_t width = strlen(in2) + strlen("server ") + strlen(s->address) + 1 +
		       strlen(s->ns_name) + 1 + strlen(cs_state_str(s->state)) + 2;
	bool named = s->ns_name[0] != 0; /* servers given with --ns have no name */
	cs_buf_printf(p->out, "%sserver ", in2);
	put(p, s->address);
	cs_buf_u8(p->out, ' ');
	if (width <= 80 && named) {
		put(p, s->ns_name);
		cs_buf_u8(p->out, ' ');
	}
	state_tag(p, s->state);
	cs_buf_u8(p->out, '\n');
	if (width > 80 && named) {
		cs_buf_str(p->out, in3);
		put(p, s->ns_name);
		cs_buf_u8(p->out, '\n');
	}
	if (s->reason[0])
		wrapped(p, in3, "", s->reason);
}

static void zone_block(pen *p, const cs_analysis *a, size_t zi, unsigned depth)
{
	const cs_zone *z = &a->zones[zi];
	char indent[64] = "";
	for (unsigned i = 0; i < depth && i < 15; i++)
		strcat(indent, "  ");
	cs_buf_str(p->out, indent);
	name(p, &z->name);
	cs_buf_u8(p->out, ' ');
	state_tag(p, z->state);
	if (z->parent >= 0 && z->delegation != z->state) {
		cs_buf_str(p->out, "  delegation ");
		state_tag(p, z->delegation);
	}
	cs_buf_u8(p->out, '\n');
	char in2[80];
	snprintf(in2, sizeof(in2), "%s  ", indent);
	/* DS and keys */
	for (size_t d = 0; d < z->nds; d++)
		for (size_t k = 0; k < z->ds[d].nrrs; k++) {
			cs_ds_view v;
			if (cs_ds_view_parse(z->ds[d].rrs[k]->rdata, z->ds[d].rrs[k]->rdlen, &v) !=
			    CS_OK)
				continue;
			cs_buf_printf(p->out, "%sDS %u alg %u %s ", in2, v.key_tag, v.algorithm,
				      cs_ds_digest_name(v.digest_type)
					  ? cs_ds_digest_name(v.digest_type)
					  : "?");
			state_tag(p, z->ds[d].state);
			cs_buf_u8(p->out, '\n');
		}
	if (z->ds_proven_absent)
		cs_buf_printf(p->out, "%sno DS at the parent (proven)\n", in2);
	for (size_t i = 0; i < z->nanchors; i++) {
		const cs_anchor_link *l = &z->anchors[i];
		cs_buf_printf(p->out, "%strust anchor %s %u alg %u from ", in2,
			      l->rr->type == CS_TYPE_DS ? "DS" : "DNSKEY", l->tag, l->algorithm);
		put(p, l->source);
		cs_buf_printf(p->out, ": %s\n", cs_anchor_status_str(l->status));
	}
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		const cs_alg_info *ai = cs_alg_lookup(key->algorithm);
		cs_buf_printf(p->out, "%sDNSKEY %u %s %s %u bits%s%s%s\n", in2, key->tag,
			      (key->flags & CS_DNSKEY_FLAG_SEP) ? "KSK" : "ZSK",
			      ai->mnemonic ? ai->mnemonic : "alg?", key->bits,
			      key->anchored   ? ", trust anchor"
			      : key->ds_match ? ", matches DS"
					      : "",
			      key->signs_dnskey ? ", signs DNSKEY" : "",
			      (key->flags & CS_DNSKEY_FLAG_REVOKE) ? ", REVOKED" : "");
	}
	/* servers: every address with -v; else the dissenters on their own
	 * and one line for the others */
	const cs_server_summary *sm = &z->server_summary;
	for (size_t i = 0; i < z->nservers; i++)
		if (p->verbose || z->servers[i].dissents)
			server_line(p, in2, &z->servers[i]);
	size_t others = sm->naddresses - sm->ndissent;
	if (!p->verbose && others > 0) {
		cs_buf_str(p->out, in2);
		if (sm->ndissent == 0)
			cs_buf_printf(p->out, "%zu address%s (%zu server%s): all ", sm->naddresses,
				      sm->naddresses == 1 ? "" : "es", sm->nnames,
				      sm->nnames == 1 ? "" : "s");
		else
			cs_buf_printf(p->out, "%zu other%s: ", others, others == 1 ? "" : "s");
		if (p->colour)
			cs_buf_str(p->out, state_colour(sm->majority));
		cs_buf_str(p->out, cs_state_str(sm->majority));
		if (p->colour)
			cs_buf_str(p->out, "\033[0m");
		cs_buf_u8(p->out, '\n');
	}
	const cs_server_summary *m = &z->server_summary;
	if (m->degraded) {
		char line[160];
		snprintf(line, sizeof(line),
			 "%zu of %zu server addresses fail validation: about %u%% of cold-cache "
			 "lookups SERVFAIL",
			 m->nfailing, m->naddresses, m->failing_percent);
		wrapped(p, in2, "", line);
	}
	for (size_t i = 0; i < a->nfindings; i++)
		if (cs_name_equal(&a->findings[i].zone, &z->name))
			finding(p, &a->findings[i], in2);
}

void cs_render_text(const cs_analysis *a, const cs_capture *c, const cs_text_opts *o, cs_buf *out)
{
	pen p = {.out = out, .colour = o && o->colour, .verbose = o && o->verbose};
	char tb[16], iso[24];
	cs_buf_str(out, "chainscope check ");
	name(&p, &c->qname);
	cs_buf_printf(out, " %s\nevaluated at %s\n", cs_rrtype_str(c->qtype, tb),
		      cs_time_format_iso(a->at, iso));
	if (a->nanchor_sources > 0) {
		cs_buf_str(out, "trust anchors from ");
		for (size_t i = 0; i < a->nanchor_sources; i++) {
			if (i)
				cs_buf_str(out, ", ");
			put(&p, a->anchor_sources[i]);
		}
		cs_buf_u8(out, '\n');
	}
	cs_buf_u8(out, '\n');
	/* The zones in chain order: each with its depth below the root. */
	for (size_t i = 0; i < a->nzones; i++) {
		unsigned depth = 0;
		for (int q = a->zones[i].parent; q >= 0 && depth < 64; q = a->zones[q].parent)
			depth++;
		zone_block(&p, a, i, depth);
	}
	cs_buf_str(out, "\nanswer:\n");
	for (size_t i = 0; i < a->nlinks; i++) {
		const cs_answer_link *l = &a->links[i];
		cs_buf_str(out, "  ");
		name(&p, &l->name);
		cs_buf_printf(out, " %s: %s ", cs_rrtype_str(l->type, tb),
			      cs_answer_kind_str(l->kind));
		state_tag(&p, l->state);
		cs_buf_u8(out, '\n');
		if (l->proof)
			wrapped(&p, "    ", "proof: ", l->proof);
	}
	/* Findings that belong to no zone of the chain (the root pseudo-zone
	 * "." is a zone; others: e.g. expiry notices) are under the root. */
	cs_buf_str(out, "\n");
	if (p.colour)
		cs_buf_str(out, state_colour(a->verdict));
	cs_buf_printf(out, "verdict: %s", cs_state_str(a->verdict));
	if (p.colour)
		cs_buf_str(out, "\033[0m");
	cs_buf_printf(out, " (%s): %u errors, %u warnings, %u notices\n",
		      cs_answer_kind_str(a->answer), a->counts[CS_SEV_ERROR],
		      a->counts[CS_SEV_WARNING], a->counts[CS_SEV_NOTICE]);
	if (a->has_next_break) {
		/* Wrapped: a long zone name must not widen the report. */
		cs_buf line;
		cs_buf_init(&line);
		bool past = a->next_break < a->at; /* a bogus chain: when it broke */
		cs_buf_printf(&line, "%s, when the %s %s", cs_time_format_iso(a->next_break, iso),
			      a->next_break_what ? a->next_break_what : "signature",
			      past ? "expired" : "expires");
		wrapped(&p, "", past ? "broke: " : "next break: ", cs_buf_cstr(&line));
		cs_buf_free(&line);
	} else {
		cs_buf_str(out, "next break: none (no signature in use)\n");
	}
}
