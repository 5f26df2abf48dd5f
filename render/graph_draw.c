/*
 * graph_draw.c - the drawing kit over cgraph and the Graphviz context:
 * the only file of chainscope that calls cgraph and gvc.
 */
#include "graph.h"
#include "graph_draw.h"

#include "escape.h"

#include <gvc.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a state looks: colour and line style, so greyscale still tells. */
typedef struct {
	const char *color, *fontcolor, *style, *penwidth;
} look;

static const look LOOKS[] = {
    [CS_STATE_SECURE] = {"#1f3f9f", "black", "solid", "1.5"},
    [CS_STATE_INSECURE] = {"grey55", "grey35", "solid", "1"},
    [CS_STATE_INDETERMINATE] = {"#e69500", "#8a5a00", "dotted", "2"},
    [CS_STATE_BOGUS] = {"red", "red3", "dashed,bold", "2.5"},
};

/* Set an attribute; a value must not end in a backslash (cgraph would
 * write it before the closing quote), so one gets a space. */
void gd_set(void *obj, const char *k, const char *v)
{
	size_t l = strlen(v);
	if (l > 0 && v[l - 1] == '\\') {
		char *t = malloc(l + 2);
		if (t == NULL)
			return;
		memcpy(t, v, l);
		t[l] = ' ';
		t[l + 1] = 0;
		agsafeset(obj, (char *)k, t, (char *)"");
		free(t);
		return;
	}
	agsafeset(obj, (char *)k, (char *)v, (char *)"");
}

void gd_look(void *obj, cs_state s, const char *basestyle, bool edge)
{
	const look *l = &LOOKS[s];
	char style[64];
	if (basestyle && *basestyle)
		snprintf(style, sizeof(style), "%s,%s", basestyle, l->style);
	else
		snprintf(style, sizeof(style), "%s", l->style);
	gd_set(obj, "color", l->color);
	gd_set(obj, "fontcolor", l->fontcolor);
	gd_set(obj, "style", style);
	gd_set(obj, "penwidth", l->penwidth);
	(void)edge;
}

/* True the first time key is seen: duplicate edges are drawn once. */
bool gd_first_time(gctx *x, const char *key)
{
	for (size_t i = 0; i < x->nseen; i++)
		if (strcmp(x->seen[i], key) == 0)
			return false;
	if (x->nseen == x->capseen) {
		size_t nc = x->capseen ? x->capseen * 2 : 64;
		char **v = realloc(x->seen, nc * sizeof(*v));
		if (v == NULL) {
			x->oom = true;
			return false;
		}
		x->seen = v;
		x->capseen = nc;
	}
	x->seen[x->nseen] = strdup(key);
	if (x->seen[x->nseen] == NULL) {
		x->oom = true;
		return false;
	}
	x->nseen++;
	return true;
}

gnode *gd_node(gctx *x, gv_sub *sub, const char *id, const char *subject, cs_state s,
	       const char *shape, const char *basestyle)
{
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 64;
		gnode *v = realloc(x->nodes, nc * sizeof(*v));
		if (v == NULL) {
			x->oom = true;
			return NULL;
		}
		x->nodes = v;
		x->cap = nc;
	}
	Agnode_t *n = agnode(sub, (char *)id, 1);
	if (n == NULL) {
		x->oom = true;
		return NULL;
	}
	gnode *gn = &x->nodes[x->n++];
	memset(gn, 0, sizeof(*gn));
	gn->n = n;
	gn->id = strdup(id);
	if (gn->id == NULL)
		x->oom = true;
	gn->subject = subject ? strdup(subject) : NULL;
	cs_buf_init(&gn->label);
	gd_set(n, "shape", shape);
	gd_look(n, s, basestyle, false);
	return gn;
}

gnode *gd_find(gctx *x, const char *id)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(gd_id(&x->nodes[i]), id) == 0)
			return &x->nodes[i];
	return NULL;
}

gv_edge *gd_edge(gctx *x, gnode *t, gnode *h, cs_state s, const char *basestyle)
{
	if (t == NULL || h == NULL)
		return NULL;
	gv_edge *e = agedge(x->g, t->n, h->n, NULL, 1);
	if (e == NULL) {
		x->oom = true;
		return NULL;
	}
	gd_look(e, s, basestyle, true);
	return e;
}

/* An invisible edge that only keeps t above h in the layout. */
void gd_layout_edge(gctx *x, gnode *t, gnode *h)
{
	if (t == NULL || h == NULL || t == h)
		return;
	gv_edge *e = agedge(x->g, t->n, h->n, NULL, 1);
	if (e == NULL) {
		x->oom = true;
		return;
	}
	gd_set(e, "style", "invis");
}

const char *gd_id(const gnode *n)
{
	return n->id;
}

gv_sub *gd_subgraph(gctx *x, const char *name)
{
	gv_sub *s = agsubg(x->g, (char *)name, 1);
	if (s == NULL)
		x->oom = true;
	return s;
}

void gd_defaults(gctx *x)
{
	agattr(x->g, AGNODE, (char *)"fontname", (char *)"Helvetica");
	agattr(x->g, AGEDGE, (char *)"fontname", (char *)"Helvetica");
	agattr(x->g, AGEDGE, (char *)"fontsize", (char *)"10");
}

void gd_html_node(gctx *x, gv_sub *sub, const char *id, const char *table)
{
	Agnode_t *n = agnode(sub, (char *)id, 1);
	if (n == NULL) {
		x->oom = true;
		return;
	}
	char *html = agstrdup_html(x->g, (char *)table);
	if (html == NULL) {
		x->oom = true;
		return;
	}
	agsafeset(n, (char *)"label", html, (char *)"");
	agstrfree(x->g, html);
	gd_set(n, "shape", "plaintext");
	gd_set(n, "fontsize", "10");
}

/* Object ids in creation order. cgraph's own id discipline uses the address
 * of a name's string as its id, and orders subgraphs by id: the clusters
 * would come out in heap order. Named objects here get a sequential id and
 * cgraph keeps their names in its internal map. */
typedef struct {
	IDTYPE next;
} idstate;

static void *id_open(gv_sub *g, Agdisc_t *d)
{
	(void)g;
	(void)d;
	idstate *s = malloc(sizeof(*s));
	if (s)
		s->next = 1;
	return s;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	(void)objtype;
	idstate *s = state;
	if (str != NULL || !createflag || s == NULL)
		return 0; /* names: cgraph's internal map */
	*id = s->next;
	s->next += 2;
	return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0;
}

static void id_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return NULL;
}

static void id_close(void *state)
{
	free(state);
}

static void id_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_ids = {id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};

static char g_errbuf[512];

/* Graphviz's messages: keep the first, print none. */
static int on_gv_error(char *msg)
{
	if (g_errbuf[0] == 0 && msg) {
		snprintf(g_errbuf, sizeof(g_errbuf), "%s", msg);
		size_t l = strlen(g_errbuf);
		while (l > 0 && (g_errbuf[l - 1] == '\n' || g_errbuf[l - 1] == ' '))
			g_errbuf[--l] = 0;
	}
	return 0;
}

struct cs_graphviz {
	GVC_t *gvc;
};

cs_graphviz *cs_graphviz_new(void)
{
	cs_graphviz *g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	g->gvc = gvContext();
	if (g->gvc == NULL) {
		free(g);
		return NULL;
	}
	return g;
}

void cs_graphviz_free(cs_graphviz **g)
{
	if (g == NULL || *g == NULL)
		return;
	gvFreeContext((*g)->gvc);
	free(*g);
	*g = NULL;
}

cs_err cs_render_graph(cs_graphviz *gv, const cs_analysis *a, const cs_capture *c,
		       const char *format, const cs_graph_opts *opts, FILE *out, char *errmsg,
		       size_t errlen)
{
	bool dot = strcmp(format, "dot") == 0;
	if (!dot && strcmp(format, "svg") != 0 && strcmp(format, "png") != 0) {
		snprintf(errmsg, errlen, "unknown graph format '%s' (dot, svg or png)", format);
		return CS_EINVAL;
	}
	cs_err rc = CS_OK;
	gctx x = {0};
	x.all_signatures = opts && opts->all_signatures;
	GVC_t *gvc = NULL;
	g_errbuf[0] = 0;
	agusererrf old = agseterrf(on_gv_error);
	x.cl = calloc(a->nzones + 1, sizeof(*x.cl));
	x.cl_label = calloc(a->nzones + 1, sizeof(*x.cl_label));
	Agdisc_t disc = {&AgMemDisc, &seq_ids, &AgIoDisc};
	x.g = agopen((char *)"chainscope", Agdirected, &disc);
	if (x.cl == NULL || x.cl_label == NULL || x.g == NULL) {
		rc = CS_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < a->nzones; i++)
		cs_buf_init(&x.cl_label[i]);
	cs_graph_build(&x, a, c);
	if (x.oom) {
		rc = CS_ENOMEM;
		goto out;
	}
	if (dot) {
		if (agwrite(x.g, out) != 0)
			rc = CS_EIO;
		goto out;
	}
	gvc = gv->gvc;
	if (gvLayout(gvc, x.g, "dot") != 0) {
		rc = CS_EIO;
		goto out;
	}
	if (gvRender(gvc, x.g, format, out) != 0)
		rc = strcmp(format, "png") == 0 ? CS_EINVAL : CS_EIO;
	gvFreeLayout(gvc, x.g);
out:
	if (rc != CS_OK) {
		char safe[512];
		cs_buf b;
		cs_buf_init(&b);
		cs_escape_term(&b, g_errbuf[0] ? g_errbuf : cs_strerror(rc));
		snprintf(safe, sizeof(safe), "%s", cs_buf_cstr(&b));
		cs_buf_free(&b);
		snprintf(errmsg, errlen, "graphviz (%s): %s", format, safe);
	}
	if (x.g)
		agclose(x.g);
	for (size_t i = 0; i < x.n; i++) {
		free(x.nodes[i].subject);
		free(x.nodes[i].id);
		cs_buf_free(&x.nodes[i].label);
	}
	free(x.nodes);
	for (size_t i = 0; i < x.nseen; i++)
		free(x.seen[i]);
	free(x.seen);
	if (x.cl_label)
		for (size_t i = 0; i < a->nzones; i++)
			cs_buf_free(&x.cl_label[i]);
	free(x.cl_label);
	free(x.cl);
	agseterrf(old);
	return rc;
}

void cs_graph_graphviz_version(char *buf, size_t len)
{
	/* A context without plugins: libgvc's own version, nothing loaded. */
	GVC_t *gvc = gvContextPlugins(NULL, 0);
	const char *v = gvc ? gvcVersion(gvc) : NULL;
	snprintf(buf, len, "%s", v ? v : "unknown");
	if (gvc)
		gvFreeContext(gvc);
}
