/*
 * test_tui_model - render/tui_model: the terminal inspector's tree, without
 * curses. Built from the saved captures (directory in argv[1]): the tree's
 * shape, navigation, expand/collapse, fold/unfold, search, finding
 * navigation, the problems filter, carrying state over a rebuild, and the
 * detail text (content, width, printable ASCII only) for every row of every
 * capture.
 */
#include "tui_model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The captures directory, from the command line (set once in main). */
static const char *captures_dir;

typedef struct {
	cs_capture *cap;
	cs_analysis *an;
	tm_model *m;
} fixture;

static void load(fixture *f, const char *name, const char *at)
{
	char path[1024], msg[512];
	snprintf(path, sizeof(path), "%s/%s", captures_dir, name);
	memset(f, 0, sizeof(*f));
	assert_int_equal(cs_capture_load(path, &f->cap, msg, sizeof(msg)), CS_OK);
	cs_analyze_opts o;
	cs_analyze_opts_default(&o, f->cap);
	if (at)
		o.at += strtoll(at, NULL, 10);
	assert_int_equal(cs_analyze(f->cap, &o, &f->an, msg, sizeof(msg)), CS_OK);
	assert_int_equal(tm_build(f->an, f->cap, &f->m), CS_OK);
}

static void unload(fixture *f)
{
	tm_free(&f->m);
	assert_null(f->m);
	cs_analysis_free(&f->an);
	cs_capture_free(&f->cap);
}

static const char *sel_label(const tm_model *m)
{
	return tm_selected(m)->label;
}

/* Index of the first row whose label starts with prefix, -1. */
static long row_named(const tm_model *m, const char *prefix)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (strncmp(m->rows[i].label, prefix, strlen(prefix)) == 0)
			return (long)i;
	return -1;
}

static bool visible(const tm_model *m, size_t row)
{
	for (size_t i = 0; i < m->nvis; i++)
		if (m->vis[i] == row)
			return true;
	return false;
}

static void test_shape(void **state)
{
	(void)state;
	fixture f;
	load(&f, "badsig.json", NULL);
	tm_model *m = f.m;
	assert_true(m->nrows > 10);
	assert_int_equal(m->rows[0].kind, TM_ZONE);
	assert_string_equal(m->rows[0].label, ".");
	assert_int_equal(m->rows[0].depth, 0);
	assert_int_equal(m->rows[0].end, m->nrows);
	/* Every finding is a row; the root counts them all. */
	unsigned nf = 0;
	for (size_t i = 0; i < m->nrows; i++) {
		nf += m->rows[i].kind == TM_FINDING;
		const tm_row *r = &m->rows[i];
		if (r->parent >= 0) {
			assert_true((size_t)r->parent < i);
			assert_int_equal(r->depth, m->rows[r->parent].depth + 1);
			assert_true(r->end <= m->rows[r->parent].end);
		}
	}
	assert_int_equal(nf, f.an->nfindings);
	assert_int_equal(m->rows[0].nfindings, nf);
	/* Zones in chain order below each other, bogus zone marked. */
	long z = row_named(m, "badsig.example.");
	assert_true(z > 0);
	assert_int_equal(m->rows[z].kind, TM_ZONE);
	assert_int_equal(m->rows[z].depth, 2);
	/* The crypto failure is under the RRset it concerns, in the answer,
	 * whose path starts open, so it is visible at once. */
	long fr = row_named(m, "error RRSIG_CRYPTO_FAILED");
	assert_true(fr > 0);
	assert_int_equal(m->rows[fr].mark, TM_MARK_ERROR);
	long fp = m->rows[fr].parent;
	assert_int_equal(m->rows[fp].kind, TM_RRSET);
	assert_int_equal(m->rows[m->rows[fp].parent].kind, TM_ANSWER);
	assert_true(visible(m, (size_t)fr));
	/* The first row is selected. */
	assert_int_equal(m->sel, 0);
	assert_int_equal(tm_sel_pos(m), 0);
	unload(&f);
}

static void test_move(void **state)
{
	(void)state;
	fixture f;
	load(&f, "valid-deep.json", NULL);
	tm_model *m = f.m;
	tm_move(m, -1);
	assert_int_equal(tm_sel_pos(m), 0);
	tm_move(m, 1);
	assert_int_equal(tm_sel_pos(m), 1);
	assert_int_equal(m->sel, m->vis[1]);
	tm_move(m, 100000);
	assert_int_equal(tm_sel_pos(m), m->nvis - 1);
	tm_select_pos(m, 0);
	assert_int_equal(m->sel, 0);
	tm_select_pos(m, 100000);
	assert_int_equal(tm_sel_pos(m), m->nvis - 1);
	unload(&f);
}

static void test_toggle_fold_unfold(void **state)
{
	(void)state;
	fixture f;
	load(&f, "valid-deep.json", NULL);
	tm_model *m = f.m;
	size_t all = m->nvis;
	assert_true(all > 3);
	/* Enter on the root: collapse, then expand again. */
	assert_true(tm_toggle(m));
	assert_int_equal(m->nvis, 1);
	assert_false(m->rows[0].expanded);
	assert_true(tm_toggle(m));
	assert_int_equal(m->nvis, all);
	/* A collapsed group: Right expands, Right again enters it. */
	long g = row_named(m, "DNSKEY RRset");
	assert_true(g >= 0);
	assert_false(m->rows[g].expanded);
	m->sel = (size_t)g;
	assert_true(tm_unfold(m));
	assert_true(m->rows[g].expanded);
	assert_int_equal(m->nvis, all + (size_t)(m->rows[g].end - (size_t)g - 1));
	assert_true(tm_unfold(m));
	assert_int_equal(m->rows[m->sel].parent, g);
	assert_int_equal(m->rows[m->sel].kind, TM_KEY);
	/* A leaf: Right does nothing, Left goes to the parent, Left again folds. */
	assert_false(tm_unfold(m));
	assert_false(tm_toggle(m));
	assert_true(tm_fold(m));
	assert_int_equal(m->sel, (size_t)g);
	assert_true(tm_fold(m));
	assert_false(m->rows[g].expanded);
	assert_int_equal(m->nvis, all);
	/* Collapsing an ancestor of the selection moves it to the ancestor. */
	m->rows[g].expanded = true;
	tm_move(m, 0);
	long key = (long)g + 1;
	m->sel = (size_t)key;
	m->sel = 0;
	assert_true(tm_toggle(m));
	assert_int_equal(m->sel, 0);
	/* Left on the top row with it collapsed changes nothing. */
	assert_false(tm_fold(m));
	unload(&f);
}

static void test_findings_nav(void **state)
{
	(void)state;
	fixture f;
	load(&f, "stale.json", NULL);
	tm_model *m = f.m;
	assert_true(f.an->nfindings >= 2);
	/* Collapse everything: n still finds findings and reveals them. */
	for (size_t i = 0; i < m->nrows; i++)
		m->rows[i].expanded = false;
	tm_set_filter(m, false);
	assert_int_equal(m->nvis, 1);
	size_t seen = 0, first = 0;
	for (size_t k = 0; k < f.an->nfindings; k++) {
		assert_true(tm_next_finding(m, 1));
		assert_int_equal(tm_selected(m)->kind, TM_FINDING);
		assert_true(visible(m, m->sel));
		if (k == 0)
			first = m->sel;
		else
			assert_true(m->sel > seen);
		seen = m->sel;
	}
	/* Wraps to the first; N goes back to the last. */
	assert_true(tm_next_finding(m, 1));
	assert_int_equal(m->sel, first);
	assert_true(tm_next_finding(m, -1));
	assert_int_equal(m->sel, seen);
	unload(&f);
	/* No findings: false, selection unchanged. */
	load(&f, "valid.json", NULL);
	assert_false(tm_next_finding(f.m, 1));
	assert_int_equal(f.m->sel, 0);
	unload(&f);
}

static void test_search(void **state)
{
	(void)state;
	fixture f;
	load(&f, "badsig.json", NULL);
	tm_model *m = f.m;
	/* A key tag: the key row (collapsed group) is revealed. */
	long key = row_named(m, "DNSKEY 13723");
	assert_true(key > 0);
	assert_false(visible(m, (size_t)key));
	assert_true(tm_search(m, "DNSKEY 13723", 1));
	assert_int_equal(m->sel, (size_t)key);
	assert_true(visible(m, (size_t)key));
	/* A finding code, any case. */
	assert_true(tm_search(m, "rrsig_crypto", 1));
	assert_int_equal(tm_selected(m)->kind, TM_FINDING);
	assert_non_null(strstr(sel_label(m), "RRSIG_CRYPTO_FAILED"));
	/* A name; searching backwards from there finds the zone again. */
	m->sel = 0;
	assert_true(tm_search(m, "badsig.example.", 1));
	size_t a = m->sel;
	assert_true(tm_search(m, "badsig.example.", 1));
	assert_true(m->sel > a);
	assert_true(tm_search(m, "badsig.example.", -1));
	assert_int_equal(m->sel, a);
	/* No match, or an empty query: false and nothing moves. */
	assert_false(tm_search(m, "no-such-thing", 1));
	assert_false(tm_search(m, "", 1));
	assert_int_equal(m->sel, a);
	unload(&f);
}

static void test_filter(void **state)
{
	(void)state;
	fixture f;
	load(&f, "badsig.json", NULL);
	tm_model *m = f.m;
	size_t before = m->nvis;
	m->sel = (size_t)row_named(m, "DNSKEY RRset"); /* the root's: no problem */
	tm_set_filter(m, true);
	assert_true(m->problems_only);
	assert_true(m->nvis > 0 && m->nvis < before);
	for (size_t i = 0; i < m->nvis; i++)
		assert_true(m->rows[m->vis[i]].problem);
	/* The selection moved to a visible row; the finding is shown. */
	assert_true(visible(m, m->sel));
	assert_true(visible(m, (size_t)row_named(m, "error RRSIG_CRYPTO_FAILED")));
	/* Search and n only visit rows that pass the filter. */
	assert_false(tm_search(m, "DNSKEY 13723", 1));
	assert_true(tm_next_finding(m, 1));
	tm_set_filter(m, false);
	assert_false(m->problems_only);
	assert_true(m->nvis >= before);
	unload(&f);
	/* A secure chain has nothing to show under the filter. */
	load(&f, "valid.json", NULL);
	tm_set_filter(f.m, true);
	assert_int_equal(f.m->nvis, 0);
	assert_null(tm_selected(f.m));
	tm_move(f.m, 1);
	assert_false(tm_toggle(f.m));
	unload(&f);
}

static void test_carry_state(void **state)
{
	(void)state;
	fixture a, b;
	load(&a, "expired.json", NULL);
	load(&b, "expired.json", "-86400000"); /* 1000 days earlier: labels differ */
	long g = row_named(a.m, "DNSKEY RRset");
	a.m->rows[0].expanded = true;
	a.m->sel = (size_t)g;
	assert_true(tm_unfold(a.m));
	assert_true(tm_unfold(a.m));
	size_t sel = a.m->sel;
	tm_set_filter(a.m, false);
	tm_carry_state(b.m, a.m);
	assert_int_equal(b.m->sel, sel);
	assert_string_equal(sel_label(b.m), sel_label(a.m));
	assert_true(b.m->rows[g].expanded);
	unload(&b);
	/* The same analysis again: the very same visible rows, filter too. */
	load(&b, "expired.json", NULL);
	tm_set_filter(a.m, true);
	a.m->sel = 0;
	assert_true(tm_toggle(a.m));
	assert_int_equal(a.m->nvis, 1);
	tm_carry_state(b.m, a.m);
	assert_true(b.m->problems_only);
	assert_int_equal(b.m->nvis, a.m->nvis);
	assert_int_equal(b.m->nvis, 1);
	unload(&a);
	unload(&b);
}

/* Every byte printable ASCII, lines at most width columns. */
/* Is the line at s (up to the newline) a record to publish of some
 * finding of an (printed whole, never wrapped)? */
static bool publish_line(const cs_analysis *an, const char *s)
{
	while (*s == ' ')
		s++;
	size_t l = strcspn(s, "\n");
	for (size_t i = 0; an && i < an->nfindings; i++)
		for (size_t r = 0; r < an->findings[i].npublish; r++)
			if (strlen(an->findings[i].publish[r]) == l &&
			    strncmp(an->findings[i].publish[r], s, l) == 0)
				return true;
	return false;
}

/* Printable ASCII only, every line within width except the records to
 * publish of an (NULL: none). */
static void assert_text_an(const char *s, size_t width, const cs_analysis *an)
{
	size_t col = 0;
	const char *line = s;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			col = 0;
			line = (const char *)p + 1;
			continue;
		}
		if (*p < 0x20 || *p >= 0x7F)
			fail_msg("byte %u in %s", *p, s);
		if (++col > width && !publish_line(an, line))
			fail_msg("line longer than %zu: %s", width, s);
	}
}

static void assert_text(const char *s, size_t width)
{
	assert_text_an(s, width, NULL);
}

static void check_all_rows(fixture *f, size_t width)
{
	tm_model *m = f->m;
	for (size_t i = 0; i < m->nrows; i++) {
		assert_text(m->rows[i].label, 10000);
		for (int p = m->rows[i].parent; p >= 0; p = m->rows[p].parent)
			m->rows[p].expanded = true;
		m->sel = i;
		tm_set_filter(m, false);
		assert_int_equal(m->sel, i);
		cs_buf b;
		cs_buf_init(&b);
		tm_detail(m, width, &b);
		assert_true(b.len > 0);
		assert_text_an(cs_buf_cstr(&b), width, m->an);
		cs_buf_free(&b);
	}
	cs_buf t;
	cs_buf_init(&t);
	tm_title(m, &t);
	assert_text(cs_buf_cstr(&t), 10000);
	cs_buf_free(&t);
}

static void test_detail_every_capture(void **state)
{
	(void)state;
	DIR *d = opendir(captures_dir);
	assert_non_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 ||
		    (l > 11 && strcmp(e->d_name + l - 11, ".check.json") == 0))
			continue;
		fixture f;
		load(&f, e->d_name, NULL);
		check_all_rows(&f, n % 2 ? 40 : 79);
		unload(&f);
		n++;
	}
	closedir(d);
	assert_true(n >= 10);
}

static char *detail_of(tm_model *m, long row, size_t width)
{
	assert_true(row >= 0);
	for (int p = m->rows[row].parent; p >= 0; p = m->rows[p].parent)
		m->rows[p].expanded = true;
	m->sel = (size_t)row;
	cs_buf b;
	cs_buf_init(&b);
	tm_detail(m, width, &b);
	char *s = strdup(cs_buf_cstr(&b));
	cs_buf_free(&b);
	return s;
}

static void test_detail_content(void **state)
{
	(void)state;
	fixture f;
	load(&f, "expired.json", NULL);
	tm_model *m = f.m;
	/* An expired signature: its record, times with time left, its key. */
	long sig = -1;
	for (size_t i = 0; i < m->nrows && sig < 0; i++)
		if (m->rows[i].kind == TM_SIG && m->rows[i].sig->status == CS_SIG_EXPIRED)
			sig = (long)i;
	char *s = detail_of(m, sig, 79);
	assert_non_null(strstr(s, "signature: expired"));
	assert_non_null(strstr(s, " IN RRSIG DNSKEY "));
	assert_non_null(strstr(s, "expiration"));
	assert_non_null(strstr(s, " ago)"));
	assert_non_null(strstr(s, "key: DNSKEY "));
	assert_non_null(strstr(s, "served by: 127.53."));
	free(s);
	/* The key set lists the finding with its fix. */
	s = detail_of(m, row_named(m, "error RRSIG_EXPIRED"), 79);
	assert_non_null(strstr(s, "ERROR RRSIG_EXPIRED"));
	assert_non_null(strstr(s, "fix: "));
	free(s);
	unload(&f);
	/* A DS that matches no key by digest. */
	load(&f, "ds-baddigest.json", NULL);
	long z = row_named(f.m, "ds-baddigest.example.");
	long d = -1;
	for (size_t i = (size_t)z; i < f.m->nrows && d < 0; i++)
		if (f.m->rows[i].kind == TM_DELEGATION)
			d = (long)i;
	s = detail_of(f.m, d, 79);
	assert_non_null(strstr(s, " IN DS "));
	assert_non_null(strstr(s, "no DS digest matches it"));
	assert_non_null(strstr(s, "DS_DIGEST_MISMATCH"));
	assert_non_null(strstr(s, "fix: "));
	free(s);
	unload(&f);
}

int main(int argc, char **argv)
{
	captures_dir = argc > 1 ? argv[1] : getenv("CS_CAPTURES");
	if (captures_dir == NULL) {
		fprintf(stderr, "usage: test_tui_model CAPTURES_DIR\n");
		return 2;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape),
	    cmocka_unit_test(test_move),
	    cmocka_unit_test(test_toggle_fold_unfold),
	    cmocka_unit_test(test_findings_nav),
	    cmocka_unit_test(test_search),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_carry_state),
	    cmocka_unit_test(test_detail_content),
	    cmocka_unit_test(test_detail_every_capture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
