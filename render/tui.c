/*
 * tui.c - the curses view of the terminal inspector. Layout, top to
 * bottom: a title line, the tree, a separator, the detail pane of the
 * selected row, and a status line (messages, prompts, progress, keys).
 * Everything drawn from the model is printable ASCII already; the only
 * non-ASCII output is the state symbols in a UTF-8 locale.
 */
#include "tui.h"

#include "base/buf.h"
#include "escape.h"
#include "tui_model.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one piece of global state: set by the SIGINT/SIGTERM handler and
 * read by the event loop, which then restores the terminal and returns. */
static volatile sig_atomic_t tui_signal;

static void on_signal(int sig)
{
	tui_signal = sig;
}

enum { PAIR_SECURE = 1, PAIR_INSECURE, PAIR_INDET, PAIR_BOGUS };

typedef enum { PROMPT_NONE = 0, PROMPT_SEARCH, PROMPT_TIME, PROMPT_SAVE, PROMPT_SVG } prompt_kind;

typedef struct {
	const cs_tui_source *src;
	tm_model *m;
	bool utf8, colour;
	int rows, cols;
	int tree_top, tree_h, detail_top, detail_h;
	size_t scroll;	      /* first visible tree position shown */
	size_t detail_scroll; /* first detail line shown */
	size_t detail_sel;    /* row the detail scroll belongs to */
	bool help;
	prompt_kind prompt;
	char input[256];
	size_t ninput;
	char last_search[256];
	char msg[512];	  /* transient message (plain text; escaped when drawn) */
	char status[256]; /* work in progress, from poll */
	bool quit;
} view;

/* ---- drawing ---- */

static const char *glyph(const view *v, tm_mark mk)
{
	switch (mk) {
	case TM_MARK_SECURE:
		return v->utf8 ? "\xe2\x9c\x93" : "+"; /* U+2713 check mark */
	case TM_MARK_INSECURE:
		return "-";
	case TM_MARK_INDETERMINATE:
		return "?";
	case TM_MARK_BOGUS:
	case TM_MARK_ERROR:
		return v->utf8 ? "\xe2\x9c\x97" : "X"; /* U+2717 ballot X */
	case TM_MARK_WARNING:
		return "!";
	case TM_MARK_NOTICE:
		return "i";
	default:
		return " ";
	}
}

static int mark_pair(tm_mark mk)
{
	switch (mk) {
	case TM_MARK_SECURE:
		return PAIR_SECURE;
	case TM_MARK_INSECURE:
	case TM_MARK_NOTICE:
		return PAIR_INSECURE;
	case TM_MARK_INDETERMINATE:
	case TM_MARK_WARNING:
		return PAIR_INDET;
	case TM_MARK_BOGUS:
	case TM_MARK_ERROR:
		return PAIR_BOGUS;
	default:
		return 0;
	}
}

/* Draw printable-ASCII text from the current position, at most n columns. */
static void put_ascii(const char *s, int n)
{
	if (n > 0)
		addnstr(s, n);
}

/* Draw a plain-text string that may hold anything (a message): escaped. */
static void put_plain(const char *s, int n)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_escape_term(&b, s);
	put_ascii(cs_buf_cstr(&b), n);
	cs_buf_free(&b);
}

static void layout(view *v)
{
	getmaxyx(stdscr, v->rows, v->cols);
	int body = v->rows - 3; /* title, separator, status */
	v->tree_top = 1;
	v->tree_h = body > 4 ? body / 2 : (body > 0 ? body : 0);
	v->detail_top = v->tree_top + v->tree_h + 1;
	v->detail_h = v->rows - 1 - v->detail_top;
	if (v->detail_h < 0)
		v->detail_h = 0;
}

static void draw_row(view *v, int y, size_t ri, bool selected)
{
	const tm_row *r = &v->m->rows[ri];
	move(y, 0);
	if (selected)
		attron(A_REVERSE);
	int col = 0, w = v->cols;
	for (unsigned d = 0; d < r->depth && col + 2 < w / 2; d++, col += 2)
		addstr("  ");
	const char *fold = !tm_has_children(v->m, ri) ? " "
			   : r->expanded	      ? (v->utf8 ? "\xe2\x96\xbe" : "v")
						      : (v->utf8 ? "\xe2\x96\xb8" : ">");
	addstr(fold);
	addch(' ');
	int pair = v->colour ? mark_pair(r->mark) : 0;
	if (pair)
		attron(COLOR_PAIR(pair) | A_BOLD);
	addstr(glyph(v, r->mark));
	if (pair)
		attroff(COLOR_PAIR(pair) | A_BOLD);
	addch(' ');
	col += 4;
	char count[32] = "";
	if (r->nfindings)
		snprintf(count, sizeof(count), " (%u finding%s)", r->nfindings,
			 r->nfindings == 1 ? "" : "s");
	int room = w - col - (int)strlen(count);
	int ll = (int)strlen(r->label);
	if (room < 1) {
		room = w - col;
		count[0] = 0;
	}
	put_ascii(r->label, ll < room ? ll : room);
	col += ll < room ? ll : room;
	if (count[0] && col < w)
		put_ascii(count, w - col);
	if (selected) {
		int cy, cx;
		getyx(stdscr, cy, cx);
		(void)cy;
		for (; cx < w; cx++)
			addch(' ');
		attroff(A_REVERSE);
	}
}

static void draw_tree(view *v)
{
	tm_model *m = v->m;
	if (m == NULL || m->nvis == 0) {
		mvaddstr(v->tree_top, 2,
			 m == NULL ? "probing..." : "nothing to show (f: show everything)");
		return;
	}
	size_t pos = tm_sel_pos(m), h = (size_t)v->tree_h;
	if (pos < v->scroll)
		v->scroll = pos;
	if (h && pos >= v->scroll + h)
		v->scroll = pos - h + 1;
	if (v->scroll + h > m->nvis)
		v->scroll = m->nvis > h ? m->nvis - h : 0;
	for (size_t i = 0; i < h && v->scroll + i < m->nvis; i++)
		draw_row(v, v->tree_top + (int)i, m->vis[v->scroll + i], v->scroll + i == pos);
}

static void draw_detail(view *v)
{
	move(v->detail_top - 1, 0);
	for (int x = 0; x < v->cols; x++)
		addch('-');
	const char *tag = v->m && v->m->problems_only ? " detail [problems only] " : " detail ";
	if ((int)strlen(tag) + 2 < v->cols)
		mvaddstr(v->detail_top - 1, 2, tag);
	if (v->m == NULL || v->detail_h <= 0)
		return;
	if (v->detail_sel != v->m->sel) {
		v->detail_sel = v->m->sel;
		v->detail_scroll = 0;
	}
	cs_buf b;
	cs_buf_init(&b);
	tm_detail(v->m, (size_t)(v->cols > 21 ? v->cols - 1 : 20), &b);
	const char *s = cs_buf_cstr(&b);
	size_t nlines = 0;
	for (const char *p = s; *p; p++)
		nlines += *p == '\n';
	if (v->detail_scroll >= nlines)
		v->detail_scroll = nlines ? nlines - 1 : 0;
	size_t ln = 0;
	int y = v->detail_top;
	while (*s && y < v->detail_top + v->detail_h) {
		const char *e = strchr(s, '\n');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		/* A line wider than the screen (a record to publish, printed
		 * whole) continues on the next rows instead of being cut. */
		for (size_t off = 0; ln >= v->detail_scroll && v->cols > 0 &&
				     y < v->detail_top + v->detail_h && (off < l || off == 0);
		     off += (size_t)v->cols) {
			move(y++, 0);
			size_t left = l - off;
			put_ascii(s + off, (int)(left < (size_t)v->cols ? left : (size_t)v->cols));
			if (l == 0)
				break;
		}
		ln++;
		s += l + (e ? 1 : 0);
	}
	if (nlines > v->detail_scroll + (size_t)v->detail_h && v->cols > 40)
		mvaddstr(v->detail_top - 1, v->cols - 16, " PgDn: more ");
	cs_buf_free(&b);
}

static const char *prompt_label(prompt_kind k)
{
	switch (k) {
	case PROMPT_SEARCH:
		return "search: ";
	case PROMPT_TIME:
		return "time (ISO 8601, @SECONDS, now, +7d, -3h): ";
	case PROMPT_SAVE:
		return "save capture to: ";
	case PROMPT_SVG:
		return "export SVG to: ";
	default:
		return "";
	}
}

static void draw_status(view *v)
{
	int y = v->rows - 1;
	move(y, 0);
	clrtoeol();
	if (v->prompt) {
		const char *l = prompt_label(v->prompt);
		put_ascii(l, v->cols);
		int room = v->cols - (int)strlen(l) - 1;
		const char *in = v->input;
		if ((int)v->ninput > room && room > 0)
			in += v->ninput - (size_t)room;
		put_ascii(in, room);
		return;
	}
	attron(A_REVERSE);
	char line[512];
	if (v->msg[0])
		snprintf(line, sizeof(line), "%s", v->msg);
	else if (v->status[0])
		snprintf(line, sizeof(line), "%s", v->status);
	else
		snprintf(line, sizeof(line),
			 "q quit ?help /search n/N finding f filter%s e svg s save t time "
			 "r probe",
			 v->m && v->m->problems_only ? "*" : "");
	put_plain(line, v->cols);
	int cy, cx;
	getyx(stdscr, cy, cx);
	(void)cy;
	for (; cx < v->cols; cx++)
		addch(' ');
	attroff(A_REVERSE);
}

static const char *const help_lines[] = {
    "chainscope inspector: keys",
    "",
    "Up/Down j/k     move the selection",
    "PgUp/PgDn       scroll the detail pane",
    "Home/End g/G    first / last row",
    "Enter Space     expand or collapse the row",
    "Right l         unfold (again: to the first child)",
    "Left h          fold (again: to the parent)",
    "/               search names, key tags, codes",
    "n N             next / previous finding",
    "f               show only problems (toggle)",
    "t               set the evaluation time",
    "r               re-probe",
    "s               save the capture",
    "e               export the chain as SVG",
    "?               this help       q  quit",
    "",
    "press any key to close",
};

static void draw_help(view *v)
{
	int n = (int)(sizeof(help_lines) / sizeof(help_lines[0])) + 1; /* + legend */
	int w = 52;
	if (w > v->cols)
		w = v->cols;
	int top = (v->rows - n - 2) / 2, left = (v->cols - w) / 2;
	if (top < 0)
		top = 0;
	for (int i = 0; i < n + 2 && top + i < v->rows; i++) {
		move(top + i, left);
		for (int x = 0; x < w; x++)
			addch(i == 0 || i == n + 1 ? '-' : (x == 0 || x == w - 1 ? '|' : ' '));
	}
	for (int i = 0; i < n && top + 1 + i < v->rows; i++) {
		move(top + 1 + i, left + 2);
		if (i < n - 1) {
			put_ascii(help_lines[i], w - 4);
			continue;
		}
		/* The legend, with the symbols this terminal shows. */
		static const tm_mark mk[] = {TM_MARK_SECURE, TM_MARK_INSECURE,
					     TM_MARK_INDETERMINATE, TM_MARK_BOGUS, TM_MARK_WARNING};
		static const char *const nm[] = {"secure", "insecure", "indet.", "bogus",
						 "warning"};
		for (size_t k = 0; k < 5; k++) {
			addstr(glyph(v, mk[k]));
			addch(' ');
			addstr(nm[k]);
			addstr(" ");
		}
	}
}

static void draw(view *v)
{
	erase();
	layout(v);
	if (v->rows < 8 || v->cols < 30) {
		mvaddstr(0, 0, "terminal too small");
		refresh();
		return;
	}
	move(0, 0);
	attron(A_BOLD);
	cs_buf t;
	cs_buf_init(&t);
	if (v->m)
		tm_title(v->m, &t);
	else
		cs_buf_str(&t, "chainscope");
	put_ascii(cs_buf_cstr(&t), v->cols);
	cs_buf_free(&t);
	attroff(A_BOLD);
	draw_tree(v);
	draw_detail(v);
	draw_status(v);
	if (v->help)
		draw_help(v);
	refresh();
}

/* ---- keys ---- */

static void start_prompt(view *v, prompt_kind k, const char *initial)
{
	v->prompt = k;
	snprintf(v->input, sizeof(v->input), "%s", initial);
	v->ninput = strlen(v->input);
}

static void finish_prompt(view *v)
{
	prompt_kind k = v->prompt;
	v->prompt = PROMPT_NONE;
	const char *in = v->input;
	char msg[400] = "";
	if (v->ninput == 0 && k != PROMPT_SEARCH)
		return;
	switch (k) {
	case PROMPT_SEARCH:
		if (v->ninput)
			snprintf(v->last_search, sizeof(v->last_search), "%s", in);
		if (v->m && !tm_search(v->m, v->last_search, 1))
			snprintf(v->msg, sizeof(v->msg), "not found: %s", v->last_search);
		break;
	case PROMPT_TIME:
		if (v->src->set_time == NULL)
			snprintf(v->msg, sizeof(v->msg), "time travel is not available");
		else if (!v->src->set_time(v->src->ctx, in, msg, sizeof(msg)))
			snprintf(v->msg, sizeof(v->msg), "%s", msg);
		else
			snprintf(v->msg, sizeof(v->msg), "evaluating at %s", in);
		break;
	case PROMPT_SAVE:
		if (v->src->save_capture == NULL)
			snprintf(v->msg, sizeof(v->msg), "saving is not available");
		else if (v->src->save_capture(v->src->ctx, in, msg, sizeof(msg)))
			snprintf(v->msg, sizeof(v->msg), "capture saved to %s", in);
		else
			snprintf(v->msg, sizeof(v->msg), "save failed: %s", msg);
		break;
	case PROMPT_SVG:
		if (v->src->export_svg == NULL || v->m == NULL)
			snprintf(v->msg, sizeof(v->msg), "nothing to export yet");
		else if (v->src->export_svg(v->src->ctx, in, msg, sizeof(msg)))
			snprintf(v->msg, sizeof(v->msg), "SVG written to %s", in);
		else
			snprintf(v->msg, sizeof(v->msg), "export failed: %s", msg);
		break;
	default:
		break;
	}
}

static void prompt_key(view *v, int ch)
{
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		finish_prompt(v);
	} else if (ch == 27) {
		v->prompt = PROMPT_NONE;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (v->ninput)
			v->input[--v->ninput] = 0;
	} else if (ch == 21) { /* ^U */
		v->ninput = 0;
		v->input[0] = 0;
	} else if (ch >= 0x20 && ch < 0x7F && v->ninput + 1 < sizeof(v->input)) {
		v->input[v->ninput++] = (char)ch;
		v->input[v->ninput] = 0;
	}
}

static void mouse_key(view *v)
{
	MEVENT e;
	if (v->m == NULL || getmouse(&e) != OK)
		return;
	if (e.bstate & BUTTON4_PRESSED)
		tm_move(v->m, -3);
	else if (e.bstate & (BUTTON5_PRESSED))
		tm_move(v->m, 3);
	else if (e.y >= v->tree_top && e.y < v->tree_top + v->tree_h) {
		size_t pos = v->scroll + (size_t)(e.y - v->tree_top);
		if (pos < v->m->nvis) {
			bool again = v->m->vis[pos] == v->m->sel;
			tm_select_pos(v->m, pos);
			if (again)
				tm_toggle(v->m);
		}
	}
}

static void key(view *v, int ch)
{
	if (v->help) {
		v->help = false;
		return;
	}
	if (v->prompt) {
		prompt_key(v, ch);
		return;
	}
	v->msg[0] = 0;
	tm_model *m = v->m;
	switch (ch) {
	case 'q':
		v->quit = true;
		return;
	case '?':
		v->help = true;
		return;
	case '/':
		start_prompt(v, PROMPT_SEARCH, "");
		return;
	case 't':
		start_prompt(v, PROMPT_TIME, "");
		return;
	case 's':
		start_prompt(v, PROMPT_SAVE, "chainscope-capture.json");
		return;
	case 'e':
		start_prompt(v, PROMPT_SVG, "chainscope.svg");
		return;
	case 'r':
		if (v->src->reprobe == NULL)
			snprintf(v->msg, sizeof(v->msg), "re-probe is not available");
		else
			(void)v->src->reprobe(v->src->ctx, v->msg, sizeof(v->msg));
		return; /* progress shows on the status line */
	case KEY_MOUSE:
		mouse_key(v);
		return;
	case KEY_NPAGE:
		v->detail_scroll += (size_t)(v->detail_h > 1 ? v->detail_h - 1 : 1);
		return;
	case KEY_PPAGE: {
		size_t d = (size_t)(v->detail_h > 1 ? v->detail_h - 1 : 1);
		v->detail_scroll = v->detail_scroll > d ? v->detail_scroll - d : 0;
		return;
	}
	default:
		break;
	}
	if (m == NULL)
		return;
	switch (ch) {
	case KEY_UP:
	case 'k':
		tm_move(m, -1);
		break;
	case KEY_DOWN:
	case 'j':
		tm_move(m, 1);
		break;
	case KEY_HOME:
	case 'g':
		tm_select_pos(m, 0);
		break;
	case KEY_END:
	case 'G':
		tm_select_pos(m, m->nvis ? m->nvis - 1 : 0);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case ' ':
		tm_toggle(m);
		break;
	case KEY_RIGHT:
	case 'l':
		tm_unfold(m);
		break;
	case KEY_LEFT:
	case 'h':
		tm_fold(m);
		break;
	case 'n':
	case 'N':
		if (!tm_next_finding(m, ch == 'n' ? 1 : -1))
			snprintf(v->msg, sizeof(v->msg), "no findings");
		break;
	case 'f':
		tm_set_filter(m, !m->problems_only);
		snprintf(v->msg, sizeof(v->msg), "%s",
			 m->problems_only ? "showing only problems (f: show everything)"
					  : "showing everything");
		break;
	default:
		break;
	}
}

/* ---- the loop ---- */

static void poll_source(view *v)
{
	const cs_analysis *an = NULL;
	const cs_capture *cap = NULL;
	v->status[0] = 0;
	if (!v->src->poll(v->src->ctx, &an, &cap, v->status, sizeof(v->status)))
		return;
	tm_model *nm = NULL;
	if (tm_build(an, cap, &nm) != CS_OK) {
		/* The old model points into the analysis the source just freed. */
		tm_free(&v->m);
		snprintf(v->msg, sizeof(v->msg), "out of memory");
		return;
	}
	if (v->m)
		tm_carry_state(nm, v->m);
	tm_free(&v->m);
	v->m = nm;
	v->detail_sel = (size_t)-1;
}

int cs_tui_run(const cs_tui_source *src, char *errmsg, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(errmsg, errlen, "the inspector needs a terminal (stdin and stdout)");
		return -1;
	}
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	view v = {.src = src, .detail_sel = (size_t)-1};
	v.utf8 = cs && strcmp(cs, "UTF-8") == 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		snprintf(errmsg, errlen, "cannot use the terminal (TERM=%.40s)",
			 getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(scr);
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	tui_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(100);
	(void)curs_set(0);
	v.colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (v.colour) {
		start_color();
		use_default_colors();
		init_pair(PAIR_SECURE, COLOR_GREEN, -1);
		init_pair(PAIR_INSECURE, COLOR_CYAN, -1);
		init_pair(PAIR_INDET, COLOR_YELLOW, -1);
		init_pair(PAIR_BOGUS, COLOR_RED, -1);
	}
	mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	while (!v.quit && !tui_signal) {
		poll_source(&v);
		draw(&v);
		int ch = getch();
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		key(&v, ch);
	}
	mousemask(0, NULL);
	endwin();
	delscreen(scr);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	tm_free(&v.m);
	return tui_signal ? 128 + tui_signal : 0;
}

const char *cs_tui_ncurses_version(void)
{
	return curses_version();
}
