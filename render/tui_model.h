/*
 * tui_model.h - the tree behind the terminal inspector (`chainscope tui`):
 * rows built from an analysis, their expand state, the selection, the
 * "problems only" filter, search and finding navigation, and the detail
 * text of the selected row.
 *
 * Plain C with no curses and no I/O, so it is unit-tested on its own; the
 * curses view (tui.c) only draws what this model says. Every string a row
 * or the detail text holds has gone through cs_escape_term: it is printable
 * ASCII, whatever the DNS data held.
 */
#ifndef CS_RENDER_TUI_MODEL_H
#define CS_RENDER_TUI_MODEL_H

#include "analyze/analyze.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "capture/capture.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TM_ZONE = 0,   /* a zone of the chain */
	TM_DELEGATION, /* the DS link from the parent */
	TM_DNSKEYS,    /* the zone's DNSKEY RRset */
	TM_KEY,	       /* one DNSKEY */
	TM_RRSET,      /* an RRset (DS, DNSKEY variant, answer, proof) */
	TM_SIG,	       /* one RRSIG over its parent row's RRset */
	TM_ANSWER,     /* one link of the answer (name, type, outcome) */
	TM_SERVERS,    /* the zone's server addresses */
	TM_SERVER,     /* one server address */
	TM_FINDING,    /* one finding, under the row it concerns */
} tm_kind;

/* What a row's symbol and colour say. */
typedef enum {
	TM_MARK_NONE = 0,
	TM_MARK_SECURE,
	TM_MARK_INSECURE,
	TM_MARK_INDETERMINATE,
	TM_MARK_BOGUS,
	TM_MARK_ERROR, /* findings, by severity */
	TM_MARK_WARNING,
	TM_MARK_NOTICE,
} tm_mark;

typedef struct {
	tm_kind kind;
	tm_mark mark;
	unsigned depth;
	int parent;	    /* row index, -1 at the top */
	size_t end;	    /* index one past the row's subtree */
	const char *label;  /* printable ASCII */
	size_t idlen;	    /* label octets that identify the row across rebuilds */
	unsigned nfindings; /* finding rows below this one */
	bool problem;	    /* this row or a row below is a problem (the filter) */
	bool expanded;
	/* what the row shows; NULL/-1 when not applicable */
	int zone; /* index in the analysis */
	const cs_rrset *set;
	const cs_sig_eval *sig;
	const cs_key *key;
	const cs_server_view *server;
	const cs_answer_link *link;
	const cs_finding *finding;
} tm_row;

typedef struct {
	const cs_analysis *an;
	const cs_capture *cap;
	tm_row *rows; /* pre-order: a row's subtree is rows (i, end) */
	size_t nrows;
	size_t *vis; /* row indices of the visible rows */
	size_t nvis;
	size_t sel; /* selected row index (always visible when nrows > 0) */
	bool problems_only;
	cs_arena arena; /* labels */
} tm_model;

/* Build the tree of analysis an (of capture cap; both must outlive the
 * model). Zones and the paths to findings start expanded, the first row is
 * selected. Returns CS_OK with *out (free with tm_free) or CS_ENOMEM. */
cs_err tm_build(const cs_analysis *an, const cs_capture *cap, tm_model **out);

/* Free a model; accepts NULL, clears *m. */
void tm_free(tm_model **m);

/* Take over the expand state, the filter and the selection of from for the
 * rows of to that have the same path of identities (kind and label without
 * its state), so a rebuilt tree (time travel, re-probe) keeps its shape. */
void tm_carry_state(tm_model *to, const tm_model *from);

/* The visible position of the selected row (0 when there are no rows). */
size_t tm_sel_pos(const tm_model *m);

/* The selected row, or NULL when the tree is empty. */
const tm_row *tm_selected(const tm_model *m);

/* Move the selection by delta visible rows, clamped to the list. */
void tm_move(tm_model *m, long delta);

/* Select the visible row at position pos (clamped). */
void tm_select_pos(tm_model *m, size_t pos);

/* Enter/Space: expand a collapsed row, collapse an expanded one. Returns
 * false when the row has no children. */
bool tm_toggle(tm_model *m);

/* Right: expand the selected row; when it is already expanded, move to its
 * first visible child. Returns false when nothing changed. */
bool tm_unfold(tm_model *m);

/* Left: collapse the selected row; when it is collapsed or a leaf, move to
 * its parent. Returns false when nothing changed. */
bool tm_fold(tm_model *m);

/* Show only problems (rows whose subtree holds a bogus or indeterminate
 * state or an error or warning finding) or everything. Turning the filter
 * on expands every problem path; the selection moves to a visible row. */
void tm_set_filter(tm_model *m, bool problems_only);

/* Select the next (dir > 0) or previous (dir < 0) row after the selection,
 * wrapping, whose label contains query (ASCII case-insensitive): names, key
 * tags, finding codes. Collapsed ancestors of the match are expanded; with
 * the filter on only rows that pass it are searched. Returns false (the
 * selection unchanged) when none matches or query is empty. */
bool tm_search(tm_model *m, const char *query, int dir);

/* Select the next (dir > 0) or previous (dir < 0) finding row, wrapping,
 * expanding its ancestors. Returns false when there is no finding. */
bool tm_next_finding(tm_model *m, int dir);

/* True when row (an index into m->rows) has children: the view's fold
 * marker. */
bool tm_has_children(const tm_model *m, size_t row);

/* Append the detail text of the selected row to out: lines separated by
 * '\n', each at most width columns (width >= 20), printable ASCII: the
 * record(s) in presentation format, signature times with the time left at
 * the evaluation time, the verifying key and how it is trusted, the servers,
 * and each finding below the row with its fix. */
void tm_detail(const tm_model *m, size_t width, cs_buf *out);

/* Append the one-line summary of the analysis (query, verdict, counts,
 * evaluation time) to out, printable ASCII. */
void tm_title(const tm_model *m, cs_buf *out);

/* "secure", "bogus", "error"... for a mark; "" for TM_MARK_NONE. */
const char *tm_mark_str(tm_mark mk);

#endif
