/*
 * tui_model.c - building the inspector's tree from an analysis, and the
 * navigation on it (expand state, filter, search, findings). The detail
 * text is in tui_detail.c.
 */
#include "tui_model.h"

#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "escape.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building: a linked tree first, flattened to pre-order at the end ---- */

typedef struct {
	tm_row r;
	int parent, first, last, next;
} node;

typedef struct {
	node *v;
	size_t n, cap;
	cs_arena *ar;
	bool oom;
	const cs_analysis *an;
} builder;

static tm_mark state_mark(cs_state s)
{
	switch (s) {
	case CS_STATE_SECURE:
		return TM_MARK_SECURE;
	case CS_STATE_INSECURE:
		return TM_MARK_INSECURE;
	case CS_STATE_INDETERMINATE:
		return TM_MARK_INDETERMINATE;
	default:
		return TM_MARK_BOGUS;
	}
}

static tm_mark sig_mark(cs_sig_status s)
{
	if (s == CS_SIG_VALID)
		return TM_MARK_SECURE;
	if (s == CS_SIG_UNSUPPORTED_ALG)
		return TM_MARK_INSECURE;
	return TM_MARK_BOGUS;
}

/* A new node under parent (-1: top), inserted before the first zone child
 * when before_zones (so a zone's findings come before its child zones).
 * label is copied; idlen 0 means the whole label. Returns its index, -1
 * when out of memory. */
static int add_node(builder *b, int parent, tm_kind kind, tm_mark mark, const char *label,
		    size_t idlen, bool before_zones)
{
	if (b->oom)
		return -1;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 64;
		node *v = realloc(b->v, nc * sizeof(*v));
		if (v == NULL) {
			b->oom = true;
			return -1;
		}
		b->v = v;
		b->cap = nc;
	}
	char *l = cs_arena_strdup(b->ar, label);
	if (l == NULL) {
		b->oom = true;
		return -1;
	}
	int i = (int)b->n++;
	node *x = &b->v[i];
	memset(x, 0, sizeof(*x));
	x->r.kind = kind;
	x->r.mark = mark;
	x->r.label = l;
	x->r.idlen = idlen ? idlen : strlen(l);
	x->r.zone = -1;
	x->parent = parent;
	x->first = x->last = x->next = -1;
	if (parent < 0)
		return i;
	node *p = &b->v[parent];
	if (before_zones) {
		int prev = -1;
		for (int c = p->first; c >= 0; prev = c, c = b->v[c].next) {
			if (b->v[c].r.kind != TM_ZONE)
				continue;
			x->next = c;
			if (prev < 0)
				p->first = i;
			else
				b->v[prev].next = i;
			return i;
		}
	}
	if (p->last < 0)
		p->first = i;
	else
		b->v[p->last].next = i;
	p->last = i;
	return i;
}

/* Append the presentation form of n, escaped for the terminal. */
static void put_name(cs_buf *o, const cs_name *n)
{
	char t[CS_NAME_TEXT_MAX];
	cs_escape_term(o, cs_name_str(n, t));
}

static int add_sig(builder *b, int parent, const cs_rrset *s, const cs_sig_eval *e)
{
	cs_buf l;
	cs_buf_init(&l);
	char tb[16];
	cs_rrsig_view v;
	cs_buf_str(&l, "RRSIG ");
	if (cs_rrsig_view_parse(e->rrsig->rdata, e->rrsig->rdlen, &v) == CS_OK) {
		cs_buf_printf(&l, "%s by %u ", cs_rrtype_str(v.type_covered, tb), v.key_tag);
		put_name(&l, &v.signer);
	} else {
		cs_buf_str(&l, "(malformed)");
	}
	size_t idlen = l.len;
	cs_buf_printf(&l, ": %s", cs_sig_status_str(e->status));
	int r = add_node(b, parent, TM_SIG, sig_mark(e->status), cs_buf_cstr(&l), idlen, false);
	cs_buf_free(&l);
	if (r >= 0) {
		b->v[r].r.set = s;
		b->v[r].r.sig = e;
	}
	return r;
}

static void add_sigs(builder *b, int parent, const cs_rrset *s)
{
	for (size_t i = 0; i < s->nsigs; i++)
		add_sig(b, parent, s, &s->sigs[i]);
}

/* An RRset row with its signatures below it. variant/nvariants > 1 adds
 * "variant i of n". */
static int add_rrset(builder *b, int parent, int zone, const cs_rrset *s, const char *prefix,
		     size_t variant, size_t nvariants)
{
	cs_buf l;
	cs_buf_init(&l);
	char tb[16];
	cs_buf_str(&l, prefix);
	if (s->type == CS_TYPE_DS) {
		cs_buf_str(&l, "DS");
		for (size_t i = 0; i < s->nrrs; i++) {
			cs_ds_view v;
			if (cs_ds_view_parse(s->rrs[i]->rdata, s->rrs[i]->rdlen, &v) != CS_OK)
				continue;
			const char *dn = cs_ds_digest_name(v.digest_type);
			cs_buf_printf(&l, "%s %u alg %u %s", i ? "," : "", v.key_tag, v.algorithm,
				      dn ? dn : "?");
		}
	} else {
		put_name(&l, &s->owner);
		cs_buf_printf(&l, " %s, %zu record%s", cs_rrtype_str(s->type, tb), s->nrrs,
			      s->nrrs == 1 ? "" : "s");
	}
	if (nvariants > 1)
		cs_buf_printf(&l, " (variant %zu of %zu)", variant + 1, nvariants);
	int r = add_node(b, parent, TM_RRSET, state_mark(s->state), cs_buf_cstr(&l), 0, false);
	cs_buf_free(&l);
	if (r < 0)
		return r;
	b->v[r].r.set = s;
	b->v[r].r.zone = zone;
	add_sigs(b, r, s);
	return r;
}

static void add_keys(builder *b, int zrow, int zi, const cs_zone *z)
{
	if (z->nkeys == 0 && z->ndnskey == 0)
		return;
	cs_state st = CS_STATE_SECURE;
	for (size_t v = 0; v < z->ndnskey; v++)
		st = cs_state_worst(st, z->dnskey[v].state);
	char l[64];
	snprintf(l, sizeof(l), "DNSKEY RRset, %zu key%s", z->nkeys, z->nkeys == 1 ? "" : "s");
	int g = add_node(b, zrow, TM_DNSKEYS, z->ndnskey ? state_mark(st) : TM_MARK_NONE, l,
			 strlen("DNSKEY RRset"), false);
	if (g < 0)
		return;
	b->v[g].r.zone = zi;
	if (z->ndnskey == 1)
		b->v[g].r.set = &z->dnskey[0];
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		const cs_alg_info *ai = cs_alg_lookup(key->algorithm);
		cs_buf t;
		cs_buf_init(&t);
		cs_buf_printf(&t, "DNSKEY %u %s", key->tag,
			      (key->flags & CS_DNSKEY_FLAG_SEP) ? "KSK" : "ZSK");
		size_t idlen = t.len;
		cs_buf_printf(&t, " %s %u bits%s%s%s", ai->mnemonic ? ai->mnemonic : "alg?",
			      key->bits, key->ds_match ? ", matches DS" : "",
			      key->signs_dnskey ? ", signs DNSKEY" : "",
			      (key->flags & CS_DNSKEY_FLAG_REVOKE) ? ", REVOKED" : "");
		tm_mark mk = key->trusted ? TM_MARK_SECURE : state_mark(z->state);
		int r = add_node(b, g, TM_KEY, mk, cs_buf_cstr(&t), idlen, false);
		cs_buf_free(&t);
		if (r >= 0) {
			b->v[r].r.key = key;
			b->v[r].r.zone = zi;
		}
	}
	if (z->ndnskey == 1)
		add_sigs(b, g, &z->dnskey[0]);
	else
		for (size_t v = 0; v < z->ndnskey; v++)
			add_rrset(b, g, zi, &z->dnskey[v], "", v, z->ndnskey);
}

static void add_servers(builder *b, int zrow, int zi, const cs_zone *z)
{
	if (z->nservers == 0)
		return;
	cs_state st = CS_STATE_SECURE;
	for (size_t i = 0; i < z->nservers; i++)
		st = cs_state_worst(st, z->servers[i].state);
	const cs_server_summary *sm = &z->server_summary;
	char l[128];
	int w = snprintf(l, sizeof(l), "servers, %zu address%s (%zu server%s)", z->nservers,
			 z->nservers == 1 ? "" : "es", sm->nnames, sm->nnames == 1 ? "" : "s");
	if (w > 0 && (size_t)w < sizeof(l)) {
		if (sm->ndissent == 0)
			snprintf(l + w, sizeof(l) - (size_t)w, ": all %s",
				 cs_state_str(sm->majority));
		else
			snprintf(l + w, sizeof(l) - (size_t)w, ": %zu differ%s", sm->ndissent,
				 sm->ndissent == 1 ? "s" : "");
	}
	int g = add_node(b, zrow, TM_SERVERS, state_mark(st), l, strlen("servers"), false);
	if (g < 0)
		return;
	b->v[g].r.zone = zi;
	for (size_t i = 0; i < z->nservers; i++) {
		const cs_server_view *s = &z->servers[i];
		cs_buf t;
		cs_buf_init(&t);
		cs_escape_term(&t, s->address);
		cs_buf_u8(&t, ' ');
		cs_escape_term(&t, s->ns_name ? s->ns_name : "");
		int r = add_node(b, g, TM_SERVER, state_mark(s->state), cs_buf_cstr(&t), 0, false);
		cs_buf_free(&t);
		if (r >= 0) {
			b->v[r].r.server = s;
			b->v[r].r.zone = zi;
		}
	}
}

static void add_link(builder *b, int parent, const cs_answer_link *k)
{
	cs_buf t;
	cs_buf_init(&t);
	char tb[16];
	cs_buf_str(&t, "answer ");
	put_name(&t, &k->name);
	cs_buf_printf(&t, " %s", cs_rrtype_str(k->type, tb));
	size_t idlen = t.len;
	cs_buf_printf(&t, ": %s", cs_answer_kind_str(k->kind));
	int r = add_node(b, parent, TM_ANSWER, state_mark(k->state), cs_buf_cstr(&t), idlen, false);
	cs_buf_free(&t);
	if (r < 0)
		return;
	b->v[r].r.link = k;
	b->v[r].r.zone = k->zone;
	for (size_t i = 0; i < k->nrrsets; i++) {
		uint16_t ty = k->rrsets[i].type;
		bool proof =
		    k->kind != CS_ANSWER_DATA && (ty == CS_TYPE_NSEC || ty == CS_TYPE_NSEC3);
		add_rrset(b, r, k->zone, &k->rrsets[i], proof ? "proof: " : "", 0, 1);
	}
}

/* The first child of row p of the given kind, -1. */
static int child_of_kind(const builder *b, int p, tm_kind kind)
{
	if (p < 0)
		return -1;
	for (int c = b->v[p].first; c >= 0; c = b->v[c].next)
		if (b->v[c].r.kind == kind)
			return c;
	return -1;
}

/* Where a finding goes: the RRset, delegation, key set or server it is
 * about when its subject or code says so, else its zone. */
static int finding_parent(const builder *b, const int *zrow, const cs_finding *f)
{
	const cs_analysis *an = b->an;
	int zi = -1;
	for (size_t i = 0; i < an->nzones && zi < 0; i++)
		if (cs_name_equal(&an->zones[i].name, &f->zone))
			zi = (int)i;
	int zr = zi >= 0 ? zrow[zi] : (an->nzones ? zrow[0] : -1);
	const char *code = cs_finding_info_get(f->code)->code;
	const char *sp = f->subject ? strrchr(f->subject, ' ') : NULL;
	uint16_t type = 0;
	cs_name owner;
	if (sp && cs_rrtype_from_text(sp + 1, strlen(sp + 1), &type) == CS_OK &&
	    cs_name_from_text(f->subject, (size_t)(sp - f->subject), NULL, &owner) == CS_OK) {
		if (type == CS_TYPE_DNSKEY && child_of_kind(b, zr, TM_DNSKEYS) >= 0)
			return child_of_kind(b, zr, TM_DNSKEYS);
		if (type == CS_TYPE_DS && child_of_kind(b, zr, TM_DELEGATION) >= 0)
			return child_of_kind(b, zr, TM_DELEGATION);
		for (size_t i = 0; i < b->n; i++) {
			const tm_row *r = &b->v[i].r;
			if (r->kind == TM_RRSET && r->set && b->v[i].parent >= 0 &&
			    b->v[b->v[i].parent].r.kind == TM_ANSWER && r->set->type == type &&
			    cs_name_equal(&r->set->owner, &owner))
				return (int)i;
		}
		for (size_t i = 0; i < b->n; i++) {
			const tm_row *r = &b->v[i].r;
			if (r->kind == TM_ANSWER && r->link->type == type &&
			    cs_name_equal(&r->link->name, &owner))
				return (int)i;
		}
	}
	if ((strncmp(code, "DS_", 3) == 0 || strncmp(code, "DELEGATION_", 11) == 0) &&
	    child_of_kind(b, zr, TM_DELEGATION) >= 0)
		return child_of_kind(b, zr, TM_DELEGATION);
	if (strncmp(code, "SERVER_", 7) == 0 && f->nservers == 1) {
		int g = child_of_kind(b, zr, TM_SERVERS);
		for (int c = g >= 0 ? b->v[g].first : -1; c >= 0; c = b->v[c].next)
			if (strcmp(b->v[c].r.server->address, f->servers[0]) == 0)
				return c;
	}
	return zr;
}

static void add_finding(builder *b, const int *zrow, const cs_finding *f)
{
	const cs_finding_info *fi = cs_finding_info_get(f->code);
	cs_buf t;
	cs_buf_init(&t);
	cs_buf_printf(&t, "%s %s", cs_severity_str(fi->severity), fi->code);
	size_t idlen = t.len;
	if (f->subject && f->subject[0]) {
		cs_buf_str(&t, ": ");
		cs_escape_term(&t, f->subject);
	}
	tm_mark mk = fi->severity == CS_SEV_ERROR     ? TM_MARK_ERROR
		     : fi->severity == CS_SEV_WARNING ? TM_MARK_WARNING
						      : TM_MARK_NOTICE;
	int p = finding_parent(b, zrow, f);
	int r = add_node(b, p, TM_FINDING, mk, cs_buf_cstr(&t), idlen, true);
	cs_buf_free(&t);
	if (r >= 0) {
		b->v[r].r.finding = f;
		b->v[r].r.zone = p >= 0 ? b->v[p].r.zone : -1;
	}
}

static bool is_problem(tm_mark mk)
{
	return mk == TM_MARK_BOGUS || mk == TM_MARK_INDETERMINATE || mk == TM_MARK_ERROR ||
	       mk == TM_MARK_WARNING;
}

/* Copy node i and its subtree to m->rows in pre-order. */
static void flatten(const builder *b, int i, int parent, unsigned depth, tm_model *m)
{
	size_t at = m->nrows++;
	tm_row *r = &m->rows[at];
	*r = b->v[i].r;
	r->parent = parent;
	r->depth = depth;
	for (int c = b->v[i].first; c >= 0; c = b->v[c].next)
		flatten(b, c, (int)at, depth + 1, m);
	r = &m->rows[at];
	r->end = m->nrows;
	r->problem = is_problem(r->mark);
	r->nfindings = 0;
	for (size_t k = at + 1; k < r->end; k++) {
		r->nfindings += m->rows[k].kind == TM_FINDING;
		r->problem |= is_problem(m->rows[k].mark);
	}
	/* Zones and the paths to findings start open. */
	r->expanded = r->kind == TM_ZONE || r->nfindings > 0;
}

static void update_vis(tm_model *m);

cs_err tm_build(const cs_analysis *an, const cs_capture *cap, tm_model **out)
{
	tm_model *m = calloc(1, sizeof(*m));
	int *zrow = calloc(an->nzones + 1, sizeof(*zrow));
	builder b = {.an = an};
	if (m == NULL || zrow == NULL)
		goto oom;
	m->an = an;
	m->cap = cap;
	cs_arena_init(&m->arena);
	b.ar = &m->arena;
	for (size_t i = 0; i < an->nzones; i++) {
		const cs_zone *z = &an->zones[i];
		int p = z->parent >= 0 && (size_t)z->parent < i ? zrow[z->parent] : -1;
		cs_buf t;
		cs_buf_init(&t);
		put_name(&t, &z->name);
		zrow[i] = add_node(&b, p, TM_ZONE, state_mark(z->state), cs_buf_cstr(&t), 0, false);
		if (zrow[i] < 0) {
			cs_buf_free(&t);
			goto oom;
		}
		b.v[zrow[i]].r.zone = (int)i;
		if (z->parent >= 0 && (size_t)z->parent < an->nzones) {
			cs_buf_reset(&t);
			cs_buf_str(&t, "delegation: ");
			size_t idlen = t.len;
			if (z->nds > 0)
				cs_buf_str(&t, "DS at ");
			else if (z->ds_proven_absent)
				cs_buf_str(&t, "no DS (proven) at ");
			else if (z->delegation == CS_STATE_INDETERMINATE)
				cs_buf_str(&t, "DS not known at "); /* unanswered, or probing */
			else
				cs_buf_str(&t, "no DS at ");
			put_name(&t, &an->zones[z->parent].name);
			int d = add_node(&b, zrow[i], TM_DELEGATION, state_mark(z->delegation),
					 cs_buf_cstr(&t), idlen, false);
			if (d >= 0) {
				b.v[d].r.zone = (int)i;
				for (size_t v = 0; v < z->nds; v++)
					add_rrset(&b, d, z->parent, &z->ds[v], "", v, z->nds);
			}
		}
		cs_buf_free(&t);
		add_keys(&b, zrow[i], (int)i, z);
		for (size_t k = 0; k < an->nlinks; k++)
			if (an->links[k].zone == (int)i)
				add_link(&b, zrow[i], &an->links[k]);
		add_servers(&b, zrow[i], (int)i, z);
	}
	for (size_t k = 0; k < an->nlinks; k++)
		if (an->links[k].zone < 0 || (size_t)an->links[k].zone >= an->nzones)
			add_link(&b, -1, &an->links[k]);
	for (size_t i = 0; i < an->nfindings; i++)
		add_finding(&b, zrow, &an->findings[i]);
	if (b.oom)
		goto oom;
	m->rows = calloc(b.n + 1, sizeof(*m->rows));
	m->vis = calloc(b.n + 1, sizeof(*m->vis));
	if (m->rows == NULL || m->vis == NULL)
		goto oom;
	for (size_t i = 0; i < b.n; i++)
		if (b.v[i].parent < 0)
			flatten(&b, (int)i, -1, 0, m);
	free(b.v);
	free(zrow);
	update_vis(m);
	*out = m;
	return CS_OK;
oom:
	free(b.v);
	free(zrow);
	tm_free(&m);
	return CS_ENOMEM;
}

void tm_free(tm_model **m)
{
	if (m == NULL || *m == NULL)
		return;
	free((*m)->rows);
	free((*m)->vis);
	cs_arena_clear(&(*m)->arena);
	free(*m);
	*m = NULL;
}

/* ---- visibility and selection ---- */

static bool passes(const tm_model *m, size_t i)
{
	return !m->problems_only || m->rows[i].problem;
}

static bool is_visible(const tm_model *m, size_t i)
{
	if (!passes(m, i))
		return false;
	for (int p = m->rows[i].parent; p >= 0; p = m->rows[p].parent)
		if (!m->rows[p].expanded || !passes(m, (size_t)p))
			return false;
	return true;
}

/* Recompute the visible rows and keep the selection on one of them: the
 * nearest visible ancestor of a hidden selection, else the first row. */
static void update_vis(tm_model *m)
{
	m->nvis = 0;
	for (size_t i = 0; i < m->nrows;) {
		const tm_row *r = &m->rows[i];
		if (!passes(m, i)) {
			i = r->end;
			continue;
		}
		m->vis[m->nvis++] = i;
		i = r->expanded ? i + 1 : r->end;
	}
	if (m->nrows == 0 || is_visible(m, m->sel))
		return;
	for (int p = m->rows[m->sel].parent; p >= 0; p = m->rows[p].parent)
		if (is_visible(m, (size_t)p)) {
			m->sel = (size_t)p;
			return;
		}
	m->sel = m->nvis ? m->vis[0] : 0;
}

size_t tm_sel_pos(const tm_model *m)
{
	for (size_t i = 0; i < m->nvis; i++)
		if (m->vis[i] == m->sel)
			return i;
	return 0;
}

const tm_row *tm_selected(const tm_model *m)
{
	return m->nvis ? &m->rows[m->sel] : NULL;
}

void tm_select_pos(tm_model *m, size_t pos)
{
	if (m->nvis == 0)
		return;
	m->sel = m->vis[pos < m->nvis ? pos : m->nvis - 1];
}

void tm_move(tm_model *m, long delta)
{
	long p = (long)tm_sel_pos(m) + delta;
	tm_select_pos(m, p < 0 ? 0 : (size_t)p);
}

bool tm_has_children(const tm_model *m, size_t row)
{
	return row < m->nrows && m->rows[row].end > row + 1;
}

bool tm_toggle(tm_model *m)
{
	if (m->nvis == 0 || !tm_has_children(m, m->sel))
		return false;
	m->rows[m->sel].expanded = !m->rows[m->sel].expanded;
	update_vis(m);
	return true;
}

bool tm_unfold(tm_model *m)
{
	if (m->nvis == 0 || !tm_has_children(m, m->sel))
		return false;
	if (!m->rows[m->sel].expanded) {
		m->rows[m->sel].expanded = true;
		update_vis(m);
		return true;
	}
	size_t p = tm_sel_pos(m);
	if (p + 1 < m->nvis && m->rows[m->vis[p + 1]].parent == (int)m->sel) {
		m->sel = m->vis[p + 1];
		return true;
	}
	return false;
}

bool tm_fold(tm_model *m)
{
	if (m->nvis == 0)
		return false;
	tm_row *r = &m->rows[m->sel];
	if (r->expanded && tm_has_children(m, m->sel)) {
		r->expanded = false;
		update_vis(m);
		return true;
	}
	if (r->parent >= 0) {
		m->sel = (size_t)r->parent;
		return true;
	}
	return false;
}

void tm_set_filter(tm_model *m, bool problems_only)
{
	m->problems_only = problems_only;
	if (problems_only)
		for (size_t i = 0; i < m->nrows; i++)
			if (m->rows[i].problem && tm_has_children(m, i))
				m->rows[i].expanded = true;
	update_vis(m);
}

/* Expand every ancestor of row i and select it. */
static void reveal(tm_model *m, size_t i)
{
	for (int p = m->rows[i].parent; p >= 0; p = m->rows[p].parent)
		m->rows[p].expanded = true;
	m->sel = i;
	update_vis(m);
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < n && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* The first row after the selection in direction dir (wrapping) that
 * passes the filter and pred(m, row, arg); -1. */
static long find_row(const tm_model *m, int dir,
		     bool (*pred)(const tm_model *, size_t, const void *), const void *arg)
{
	size_t n = m->nrows;
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (m->sel + k) % n : (m->sel + n - k % n) % n;
		if (passes(m, i) && pred(m, i, arg))
			return (long)i;
	}
	return -1;
}

static bool label_matches(const tm_model *m, size_t i, const void *q)
{
	return contains_ci(m->rows[i].label, q);
}

static bool is_finding(const tm_model *m, size_t i, const void *unused)
{
	(void)unused;
	return m->rows[i].kind == TM_FINDING;
}

bool tm_search(tm_model *m, const char *query, int dir)
{
	if (m->nrows == 0 || query == NULL || query[0] == 0)
		return false;
	long i = find_row(m, dir, label_matches, query);
	if (i < 0)
		return false;
	reveal(m, (size_t)i);
	return true;
}

bool tm_next_finding(tm_model *m, int dir)
{
	if (m->nrows == 0)
		return false;
	long i = find_row(m, dir, is_finding, NULL);
	if (i < 0)
		return false;
	reveal(m, (size_t)i);
	return true;
}

/* ---- carrying state over a rebuild ---- */

static bool same_id(const tm_row *a, const tm_row *b)
{
	return a->kind == b->kind && a->idlen == b->idlen &&
	       memcmp(a->label, b->label, a->idlen) == 0;
}

void tm_carry_state(tm_model *to, const tm_model *from)
{
	if (to->nrows == 0 || from->nrows == 0)
		return;
	long *map = malloc(to->nrows * sizeof(*map)); /* row of from, -1 */
	if (map == NULL)
		return;
	for (size_t i = 0; i < to->nrows; i++) {
		map[i] = -1;
		const tm_row *r = &to->rows[i];
		/* Candidates: from's top rows, or the children of the parent's match. */
		size_t lo = 0, hi = from->nrows;
		if (r->parent >= 0) {
			long pm = map[r->parent];
			if (pm < 0)
				continue;
			lo = (size_t)pm + 1;
			hi = from->rows[pm].end;
		}
		for (size_t k = lo; k < hi; k = from->rows[k].end)
			if (same_id(r, &from->rows[k])) {
				map[i] = (long)k;
				break;
			}
		if (map[i] >= 0) {
			to->rows[i].expanded = from->rows[map[i]].expanded;
			if ((size_t)map[i] == from->sel)
				to->sel = i;
		}
	}
	free(map);
	to->problems_only = from->problems_only;
	update_vis(to);
}

const char *tm_mark_str(tm_mark mk)
{
	static const char *const n[] = {"",	 "secure", "insecure", "indeterminate",
					"bogus", "error",  "warning",  "notice"};
	return (unsigned)mk <= TM_MARK_NOTICE ? n[mk] : "";
}
