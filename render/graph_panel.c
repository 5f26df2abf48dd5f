/*
 * graph_panel.c - the row under the chain: the findings panel, with a
 * marker on every node or zone a finding concerns, and the legend.
 */
#include "graph_draw.h"
#include "graph_text.h"

#include "escape.h"

#include <stdio.h>
#include <string.h>

/* Does node n belong to zone zi's DS link (a DS node or "no DS")? */
static bool ds_node_of(const gnode *n, size_t zi)
{
	char p[32], q[32];
	snprintf(p, sizeof(p), "z%zu_ds", zi);
	snprintf(q, sizeof(q), "z%zu_nods", zi);
	return strncmp(gd_id(n), p, strlen(p)) == 0 || strcmp(gd_id(n), q) == 0;
}

/* Put finding f's marker [code] where it belongs (cs_finding_place_of):
 * on the DS link, on the key or RRset its subject names (the KSKs for a
 * key finding without one), else on its zone's box. */
static void mark(gctx *x, const cs_analysis *a, const cs_finding *f, const char *code)
{
	int zi = -1;
	for (size_t z = 0; z < a->nzones && zi < 0; z++)
		if (cs_name_equal(&a->zones[z].name, &f->zone))
			zi = (int)z;
	cs_finding_place place = cs_finding_place_of(f->code);
	char keys[CS_NAME_TEXT_MAX + 16];
	bool any = false;
	for (size_t k = 0; k < x->n && place != CS_PLACE_ZONE; k++) {
		gnode *n = &x->nodes[k];
		bool hit = place == CS_PLACE_DS
			       ? zi >= 0 && ds_node_of(n, (size_t)zi)
			       : f->subject && n->subject && strcmp(n->subject, f->subject) == 0;
		if (hit) {
			cs_buf_printf(&n->label, "\\n[%s]", code);
			any = true;
		}
	}
	if (!any && place == CS_PLACE_KEYS && zi >= 0) {
		snprintf(keys, sizeof(keys), "%s DNSKEY", cs_name_str(&f->zone, keys));
		for (size_t k = 0; k < x->n; k++)
			if (x->nodes[k].subject && strcmp(x->nodes[k].subject, keys) == 0) {
				cs_buf_printf(&x->nodes[k].label, "\\n[%s]", code);
				any = true;
			}
	}
	if (!any)
		cs_buf_printf(&x->cl_label[zi >= 0 ? zi : 0], "\\n[%s]", code);
}

static void findings(gctx *x, const cs_analysis *a, gv_sub *bottom)
{
	gnode *panel = gd_node(x, bottom, "findings", NULL, CS_STATE_INSECURE, "note", "");
	if (panel == NULL)
		return;
	gd_set(panel->n, "color", "black");
	gd_set(panel->n, "fontcolor", "black");
	if (a->nfindings == 0)
		cs_buf_str(&panel->label, "No findings\\l");
	else
		cs_buf_str(&panel->label, "Findings\\l");
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding *f = &a->findings[i];
		const cs_finding_info *fi = cs_finding_info_get(f->code);
		char zn[CS_NAME_TEXT_MAX];
		cs_buf head;
		cs_buf_init(&head);
		cs_buf_printf(&head, "[%s] %s %s: %s", fi->code, cs_severity_str(fi->severity),
			      cs_name_str(&f->zone, zn), f->message ? f->message : fi->title);
		cs_gtext_wrap(&panel->label, "", cs_buf_cstr(&head), 80);
		cs_buf_reset(&head);
		cs_buf_printf(&head, "fix: %s", f->fix ? f->fix : fi->fix);
		cs_gtext_wrap(&panel->label, "    ", cs_buf_cstr(&head), 76);
		/* Records to publish: whole, one a line. */
		for (size_t r = 0; r < f->npublish; r++) {
			cs_buf_str(&panel->label, "         ");
			cs_escape_dot(&panel->label, f->publish[r]);
			cs_buf_str(&panel->label, "\\l");
		}
		cs_buf_free(&head);
		mark(x, a, f, fi->code);
	}
}

/* The legend: one node with a static HTML-like table (no DNS data in it),
 * so it stays a compact column beside the chain. Cell borders take each
 * state's colour and line style. */
static void legend(gctx *x, gv_sub *bottom)
{
	static const char table[] =
	    "<TABLE BORDER=\"1\" COLOR=\"grey70\" CELLBORDER=\"1\" CELLSPACING=\"5\" "
	    "CELLPADDING=\"4\">"
	    "<TR><TD BORDER=\"0\"><B>legend</B></TD></TR>"
	    "<TR><TD COLOR=\"#1f3f9f\">secure: blue, solid</TD></TR>"
	    "<TR><TD COLOR=\"grey55\"><FONT COLOR=\"grey35\">insecure: grey, thin</FONT></TD></TR>"
	    "<TR><TD COLOR=\"red\" BORDER=\"2\" STYLE=\"dashed\"><FONT COLOR=\"red3\">bogus: "
	    "red, dashed</FONT></TD></TR>"
	    "<TR><TD COLOR=\"#e69500\" BORDER=\"2\" STYLE=\"dotted\"><FONT "
	    "COLOR=\"#8a5a00\">indeterminate: orange, dotted</FONT></TD></TR>"
	    "<TR><TD BORDER=\"0\">pentagon: trust anchor</TD></TR>"
	    "<TR><TD BORDER=\"0\">rectangle: KSK (SEP)</TD></TR>"
	    "<TR><TD BORDER=\"0\">ellipse: ZSK</TD></TR>"
	    "<TR><TD BORDER=\"0\">rounded: RRset or DS</TD></TR>"
	    "<TR><TD BORDER=\"0\">octagon: NXDOMAIN / NODATA</TD></TR>"
	    "<TR><TD BORDER=\"0\">dashed box: missing key</TD></TR>"
	    "<TR><TD BORDER=\"0\">arrow: signature, key to what it signs;<BR/>"
	    "DS to the key it matches</TD></TR>"
	    "<TR><TD BORDER=\"0\">[CODE]: a finding, listed in Findings</TD></TR>"
	    "</TABLE>";
	gd_html_node(x, bottom, "legend", table);
}

void cs_graph_panel(gctx *x, const cs_analysis *a)
{
	gv_sub *bottom = gd_subgraph(x, "bottom");
	if (bottom == NULL)
		return;
	gd_set(bottom, "rank", "same");
	findings(x, a, bottom);
	legend(x, bottom);
}
