/*
 * tui.h - the terminal inspector's curses view: draws the tree model
 * (tui_model.h), a detail pane and a status line, and maps keys to model
 * operations. It does no network or file I/O itself: probing, time travel,
 * saving and exporting are callbacks supplied by cmd/.
 */
#ifndef CS_RENDER_TUI_H
#define CS_RENDER_TUI_H

#include "analyze/analyze.h"
#include "capture/capture.h"

#include <stdbool.h>
#include <stddef.h>

/* What the view asks of its caller. Every callback runs on the view's
 * thread; messages written to msg are plain text (the view escapes them). */
typedef struct {
	void *ctx;
	/* Called about ten times a second. Returns true when a new analysis is
	 * ready, with *an and *cap set (owned by the caller; valid until the
	 * next call that returns true, when the caller may free them). Writes
	 * the status of work in progress to status ("" when none). Required. */
	bool (*poll)(void *ctx, const cs_analysis **an, const cs_capture **cap, char *status,
		     size_t len);
	/* 'r': start probing again. Returns false with msg when it cannot;
	 * the new analysis arrives through poll. */
	bool (*reprobe)(void *ctx, char *msg, size_t len);
	/* 't': evaluate at spec (the syntax of --at); the new analysis arrives
	 * through poll. Returns false with msg when spec is not a time. */
	bool (*set_time)(void *ctx, const char *spec, char *msg, size_t len);
	/* 's': save the capture to path. Returns false with msg on failure. */
	bool (*save_capture)(void *ctx, const char *path, char *msg, size_t len);
	/* 'e': write the chain as SVG to path. Returns false with msg on failure. */
	bool (*export_svg)(void *ctx, const char *path, char *msg, size_t len);
} cs_tui_source;

/* Run the inspector on the terminal (stdin/stdout) until 'q', SIGINT or
 * SIGTERM; the terminal is restored on every way out. Returns 0 after
 * 'q', 128 + the signal number after a signal, or -1 when the terminal
 * cannot be used (errmsg says why; nothing was drawn). */
int cs_tui_run(const cs_tui_source *src, char *errmsg, size_t errlen);

/* The ncurses version this process runs with (curses_version()). */
const char *cs_tui_ncurses_version(void);

#endif
