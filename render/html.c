/*
 * html.c - the self-contained HTML report. Every string from DNS data or a
 * capture goes through cs_escape_html; the picture is the SVG written by
 * cs_render_graph (which escapes its own labels), inlined without its XML
 * prolog. No script: the findings' background uses <details>.
 */
#include "html.h"

#include "base/buf.h"
#include "dns/rdata.h"
#include "escape.h"
#include "graph.h"
#include "text/dnstime.h"

#include <stdlib.h>
#include <string.h>

/* Colours match the picture (docs/graph.md): blue, grey, orange, red. */
static const char CSS[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:1.5em;color:#111;max-width:110em}"
    "h1{font-size:1.4em;margin:0 0 .3em 0;font-family:monospace}"
    "h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    ".banner{border:3px solid;padding:.6em 1em;border-radius:4px}"
    ".banner p{margin:.2em 0}"
    ".st{font-weight:bold;padding:0 .3em;border:1px solid;border-radius:3px}"
    ".secure{color:#1f3f9f;border-color:#1f3f9f}"
    ".insecure{color:#595959;border-color:#8c8c8c}"
    ".indeterminate{color:#8a5a00;border-color:#e69500;border-style:dotted}"
    ".bogus{color:#b00000;border-color:red;border-style:dashed}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
    /* long names and addresses break rather than widen the page past 800 px */
    "td{overflow-wrap:anywhere}td.error,td.warning,td.notice{white-space:nowrap}"
    "th{background:#f2f2f2}"
    "td.mono,pre{font-family:monospace;font-size:.9em}"
    "ul.servers{list-style:none;margin:0;padding:0}"
    "ul.servers li{margin:.1em 0}"
    ".addr{overflow-wrap:anywhere}"
    ".st{white-space:nowrap;display:inline-block}"
    "pre{white-space:pre-wrap;word-break:break-all;margin:.2em 0}"
    /* a record to publish stays on one line and scrolls inside its cell
     * (width 0: it never widens the table) */
    "pre.publish{white-space:pre;word-break:normal;overflow-x:auto;width:0;min-width:100%;"
    "box-sizing:border-box;"
    "background:#f7f7f7;padding:.2em .4em}"
    ".error{color:#b00000;font-weight:bold}.warning{color:#8a5a00;font-weight:bold}"
    ".notice{color:#1f3f9f}.degraded{color:#8a5a00;font-family:sans-serif}"
    ".picture{overflow:auto;border:1px solid #ccc;padding:.5em}"
    ".picture svg{max-width:100%;height:auto}"
    "footer{margin-top:2em;color:#666;font-size:.85em}";

static void esc(cs_buf *b, const char *s)
{
	cs_escape_html(b, s ? s : "");
}

static void esc_name(cs_buf *b, const cs_name *n)
{
	char t[CS_NAME_TEXT_MAX];
	esc(b, cs_name_str(n, t));
}

/* <span class="st STATE">STATE</span>: the word is always there, so the
 * state reads without colour. */
static void state_span(cs_buf *b, cs_state s)
{
	cs_buf_printf(b, "<span class=\"st %s\">%s</span>", cs_state_str(s), cs_state_str(s));
}

static void banner(cs_buf *b, const cs_analysis *a, const cs_capture *c)
{
	char tb[16], iso[24];
	cs_buf_printf(b, "<div class=\"banner %s\">\n<h1>", cs_state_str(a->verdict));
	esc_name(b, &c->qname);
	cs_buf_printf(b, " %s</h1>\n<p>verdict: ", cs_rrtype_str(c->qtype, tb));
	state_span(b, a->verdict);
	cs_buf_printf(b, " (%s): %u errors, %u warnings, %u notices</p>\n",
		      cs_answer_kind_str(a->answer), a->counts[CS_SEV_ERROR],
		      a->counts[CS_SEV_WARNING], a->counts[CS_SEV_NOTICE]);
	if (a->has_next_break && a->next_break < a->at) {
		cs_buf_printf(b, "<p>broke: <b>%s</b>, when the ",
			      cs_time_format_iso(a->next_break, iso));
		esc(b, a->next_break_what ? a->next_break_what : "signature");
		cs_buf_str(b, " expired</p>\n");
	} else if (a->has_next_break) {
		cs_buf_printf(b, "<p>next break: <b>%s</b>, when the ",
			      cs_time_format_iso(a->next_break, iso));
		esc(b, a->next_break_what ? a->next_break_what : "signature");
		cs_buf_str(b, " expires (if nothing is re-signed)</p>\n");
	} else {
		cs_buf_str(b, "<p>next break: none (no signature in use)</p>\n");
	}
	if (a->nanchor_sources > 0) {
		cs_buf_str(b, "<p>trust anchors from ");
		for (size_t i = 0; i < a->nanchor_sources; i++) {
			if (i)
				cs_buf_str(b, ", ");
			cs_buf_str(b, "<span class=\"mono\">");
			esc(b, a->anchor_sources[i]);
			cs_buf_str(b, "</span>");
		}
		cs_buf_str(b, "</p>\n");
	}
	cs_buf_printf(b, "<p>evaluated at %s", cs_time_format_iso(a->at, iso));
	cs_buf_printf(b, "; probed at %s by ", cs_time_format_iso(c->started_s, iso));
	esc(b, c->tool);
	cs_buf_str(b, " (");
	esc(b, c->mode);
	if (c->resolver) {
		cs_buf_str(b, " through ");
		esc(b, c->resolver);
	}
	cs_buf_printf(b, ", %zu queries, %.3f s)</p>\n</div>\n", c->nqueries,
		      (double)c->duration_us / 1e6);
}

static void key_list(cs_buf *b, const cs_zone *z)
{
	if (z->nkeys == 0) {
		cs_buf_str(b, z->signed_zone	   ? "no usable DNSKEY"
			      : z->dnskey_answered ? "unsigned"
						   : "keys unknown (DNSKEY not answered)");
		return;
	}
	for (size_t k = 0; k < z->nkeys; k++) {
		const cs_key *key = &z->keys[k];
		cs_buf_printf(b, "%s%s %u alg %u %u bits%s%s%s", k ? "<br/>" : "",
			      (key->flags & CS_DNSKEY_FLAG_SEP) ? "KSK" : "ZSK", key->tag,
			      key->algorithm, key->bits,
			      (key->flags & CS_DNSKEY_FLAG_REVOKE) ? " REVOKED" : "",
			      key->anchored   ? ", trust anchor"
			      : key->ds_match ? ", matches DS"
					      : "",
			      key->trusted ? ", trusted" : "");
	}
}

static void server_item(cs_buf *b, const cs_server_view *sv)
{
	cs_buf_str(b, "<li><span class=\"addr\">");
	esc(b, sv->address);
	if (sv->ns_name) {
		cs_buf_str(b, " (");
		esc(b, sv->ns_name);
		cs_buf_str(b, ")");
	}
	cs_buf_str(b, "</span> ");
	state_span(b, sv->state);
	if (sv->reason[0]) {
		cs_buf_str(b, " ");
		esc(b, sv->reason);
	}
	cs_buf_str(b, "</li>");
}

/* The servers of a zone: the addresses that dissent, one line for the
 * others, and every address in a <details>. */
static void servers_cell(cs_buf *b, const cs_zone *z)
{
	const cs_server_summary *sm = &z->server_summary;
	cs_buf_str(b, "<ul class=\"servers\">");
	for (size_t s = 0; s < z->nservers; s++)
		if (z->servers[s].dissents)
			server_item(b, &z->servers[s]);
	size_t others = sm->naddresses - sm->ndissent;
	if (others > 0) {
		if (sm->ndissent == 0)
			cs_buf_printf(b, "<li>%zu address%s (%zu server%s): all ", sm->naddresses,
				      sm->naddresses == 1 ? "" : "es", sm->nnames,
				      sm->nnames == 1 ? "" : "s");
		else
			cs_buf_printf(b, "<li>%zu other%s: ", others, others == 1 ? "" : "s");
		state_span(b, sm->majority);
		cs_buf_str(b, "</li>");
	}
	cs_buf_str(b, "</ul>");
	if (z->nservers > 1) {
		cs_buf_printf(b,
			      "<details><summary>all %zu addresses</summary><ul class=\"servers\">",
			      z->nservers);
		for (size_t s = 0; s < z->nservers; s++)
			server_item(b, &z->servers[s]);
		cs_buf_str(b, "</ul></details>");
	}
}

static void zones(cs_buf *b, const cs_analysis *a)
{
	cs_buf_str(b, "<h2>The chain</h2>\n<table>\n<tr><th>zone</th><th>state</th>"
		      "<th>delegation</th><th>keys</th><th>servers (a cold-cache validator "
		      "asking only that address)</th></tr>\n");
	for (size_t i = 0; i < a->nzones; i++) {
		const cs_zone *z = &a->zones[i];
		cs_buf_str(b, "<tr><td class=\"mono\">");
		esc_name(b, &z->name);
		cs_buf_str(b, "</td><td>");
		state_span(b, z->state);
		cs_buf_str(b, "</td><td>");
		if (z->nanchors > 0) {
			state_span(b, z->delegation);
			for (size_t k = 0; k < z->nanchors; k++) {
				const cs_anchor_link *l = &z->anchors[k];
				cs_buf_printf(b, "<br/>trust anchor %s %u from ",
					      l->rr->type == CS_TYPE_DS ? "DS" : "DNSKEY", l->tag);
				esc(b, l->source);
				cs_buf_printf(b, ": %s", cs_anchor_status_str(l->status));
			}
		} else if (z->parent >= 0) {
			state_span(b, z->delegation);
		} else {
			cs_buf_str(b, "no trust anchor");
		}
		cs_buf_str(b, "</td><td class=\"mono\">");
		key_list(b, z);
		cs_buf_str(b, "</td><td class=\"mono\">");
		servers_cell(b, z);
		if (z->server_summary.degraded)
			cs_buf_printf(
			    b,
			    "<br/><span class=\"degraded\">%zu of %zu server addresses fail "
			    "validation: about %u%% of cold-cache lookups SERVFAIL</span>",
			    z->server_summary.nfailing, z->server_summary.naddresses,
			    z->server_summary.failing_percent);
		cs_buf_str(b, "</td></tr>\n");
	}
	cs_buf_str(b, "</table>\n");
}

static void findings(cs_buf *b, const cs_analysis *a)
{
	cs_buf_printf(b, "<h2>Findings (%zu)</h2>\n", a->nfindings);
	if (a->nfindings == 0) {
		cs_buf_str(b, "<p>No findings.</p>\n");
		return;
	}
	cs_buf_str(b, "<table>\n<tr><th>severity</th><th>code</th><th>zone</th><th>servers</th>"
		      "<th>what</th><th>fix</th></tr>\n");
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding *f = &a->findings[i];
		const cs_finding_info *fi = cs_finding_info_get(f->code);
		const char *sev = cs_severity_str(fi->severity);
		cs_buf_printf(b, "<tr id=\"finding-%zu\"><td class=\"%s\">%s</td>", i + 1, sev,
			      sev);
		cs_buf_printf(b, "<td class=\"mono\">%s</td><td class=\"mono\">", fi->code);
		esc_name(b, &f->zone);
		cs_buf_str(b, "</td><td class=\"mono\">");
		for (size_t s = 0; s < f->nservers; s++) {
			if (s)
				cs_buf_str(b, "<br/>");
			esc(b, f->servers[s]);
		}
		if (f->nservers == 0)
			cs_buf_str(b, "all");
		cs_buf_str(b, "</td><td>");
		if (f->subject) {
			cs_buf_str(b, "<span class=\"mono\">");
			esc(b, f->subject);
			cs_buf_str(b, "</span>: ");
		}
		esc(b, f->message ? f->message : fi->title);
		if (f->nevidence > 0) {
			cs_buf_str(b, "<pre>");
			for (size_t e = 0; e < f->nevidence; e++) {
				esc(b, f->evidence[e]);
				cs_buf_u8(b, '\n');
			}
			cs_buf_str(b, "</pre>");
		}
		cs_buf_str(b, "<details><summary>why it matters (");
		esc(b, fi->rfc);
		cs_buf_str(b, ")</summary>");
		esc(b, fi->meaning);
		cs_buf_str(b, "</details></td><td>");
		esc(b, f->fix ? f->fix : fi->fix);
		if (f->npublish > 0) {
			cs_buf_str(b, "<pre class=\"publish\">");
			for (size_t r = 0; r < f->npublish; r++) {
				esc(b, f->publish[r]);
				cs_buf_u8(b, '\n');
			}
			cs_buf_str(b, "</pre>");
		}
		cs_buf_str(b, "</td></tr>\n");
	}
	cs_buf_str(b, "</table>\n");
}

static void notes(cs_buf *b, const cs_capture *c)
{
	if (c->nnotes == 0)
		return;
	cs_buf_str(b, "<h2>Probe notes</h2>\n<ul>\n");
	for (size_t i = 0; i < c->nnotes; i++) {
		cs_buf_str(b, "<li>");
		esc(b, c->notes[i]);
		cs_buf_str(b, "</li>\n");
	}
	cs_buf_str(b, "</ul>\n");
}

/* The picture as SVG, from "<svg" on (no XML prolog or DOCTYPE inside
 * HTML). */
static cs_err picture(cs_graphviz *gv, cs_buf *b, const cs_analysis *a, const cs_capture *c,
		      const cs_graph_opts *opts, char *errmsg, size_t errlen)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	if (f == NULL)
		return CS_ENOMEM;
	cs_err rc = cs_render_graph(gv, a, c, "svg", opts, f, errmsg, errlen);
	if (fclose(f) != 0 && rc == CS_OK)
		rc = CS_ENOMEM;
	if (rc == CS_OK) {
		const char *svg = mem ? strstr(mem, "<svg") : NULL;
		if (svg == NULL) {
			snprintf(errmsg, errlen, "graphviz wrote no SVG element");
			rc = CS_EIO;
		} else {
			cs_buf_str(b, "<h2>The picture</h2>\n<div class=\"picture\">\n");
			cs_buf_str(b, svg);
			cs_buf_str(b, "</div>\n");
		}
	}
	free(mem);
	return rc;
}

cs_err cs_render_html(cs_graphviz *gv, const cs_analysis *a, const cs_capture *c,
		      const cs_graph_opts *opts, FILE *out, char *errmsg, size_t errlen)
{
	char tb[16];
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
		       "lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>chainscope: ");
	esc_name(&b, &c->qname);
	cs_buf_printf(&b, " %s: %s</title>\n<style>%s</style>\n</head>\n<body>\n",
		      cs_rrtype_str(c->qtype, tb), cs_state_str(a->verdict), CSS);
	banner(&b, a, c);
	findings(&b, a);
	zones(&b, a);
	cs_err rc = picture(gv, &b, a, c, opts, errmsg, errlen);
	if (rc == CS_OK) {
		notes(&b, c);
		cs_buf_str(&b, "<footer>Made by ");
		esc(&b, c->tool);
		cs_buf_str(&b, ". Reading the picture: colour and line style give each link's "
			       "state (secure solid blue, insecure grey, bogus red dashed, "
			       "indeterminate orange dotted); hover over a node or edge for the "
			       "records, signatures and servers behind it.</footer>\n</body>\n"
			       "</html>\n");
		if (b.err != CS_OK)
			rc = CS_ENOMEM;
		else if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
			snprintf(errmsg, errlen, "write failed");
			rc = CS_EIO;
		}
	}
	if (rc == CS_ENOMEM && errmsg[0] == 0)
		snprintf(errmsg, errlen, "out of memory");
	cs_buf_free(&b);
	return rc;
}
