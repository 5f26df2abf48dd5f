/*
 * window.h - how many names one batch event loop keeps in flight.
 *
 * The window adapts by itself (AIMD, as TCP's congestion window does): it
 * grows while the loop has time to spare, no query waits for a busy
 * server's free slot and answers keep pace; it loses a quarter while
 * answers wait; it halves on a loss (a timeout from a server that has
 * answered before). At first it grows by a name per finished name
 * (doubling per round of names), after the first wait or loss by one per
 * window's worth of finished names. More names than the round trips need
 * would only queue: memory and probe times would grow, not the rate.
 *
 * Each answer is timed against its server's fastest answer (the hub's
 * counters): what it took more is waiting, for a core or in a queue, not
 * its path, so a list of near and far names, or names with timeouts, does
 * not look like waiting.
 *
 * Pure bookkeeping: the caller passes the time and the hub's counters, and
 * starts names while it has fewer in flight than cs_window_size.
 */
#ifndef CS_WINDOW_H
#define CS_WINDOW_H

#include "probe/probe_hub.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	unsigned size;	    /* names to keep in flight now */
	unsigned min, max;  /* its bounds */
	int64_t timeout_us; /* the probe's per-attempt timeout: one halving per */
	/* time to spare: measured per period of ADAPT_PERIOD_US */
	int64_t period_start_us;
	int64_t idle_us; /* this period: time not on the CPU while stepping */
	bool spare;	 /* the last period had enough idle time */
	/* the hub's counters at the last look, and moving averages (1/8 per
	 * look) of an answer's wait and path */
	unsigned long losses_seen, timed_seen;
	unsigned long long fastest_seen, waited_seen;
	double wait_avg, path_avg;
	int64_t halved_us, eased_us; /* when it last halved / shrank for waiting */
	bool probing;		     /* no wait or loss yet: grow per finished name */
	unsigned credit;	     /* finished names towards the next growth */
} cs_window;

/* A window of start names (at most max, at least 2 or max when smaller),
 * for probes with timeout_ms per attempt, at time now_us (monotonic). */
void cs_window_init(cs_window *w, unsigned start, unsigned max, unsigned timeout_ms,
		    int64_t now_us);

/* The loop stepped (polled and handled answers) for wall_us, of which it
 * spent cpu_us on the CPU. */
void cs_window_stepped(cs_window *w, int64_t wall_us, int64_t cpu_us);

/* A name finished at now_us; st: the loop's hub counters now. Adapts
 * w->size. */
void cs_window_finished(cs_window *w, const cs_probe_hub_stats *st, int64_t now_us);

#endif
