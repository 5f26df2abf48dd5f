#include "probe/window.h"

#define MIN_SIZE	2
#define ADAPT_PERIOD_US 100000 /* how often time to spare is judged */
#define IDLE_FRACTION	0.15   /* below: the loop is busy, more names would not help */
#define WAIT_SLACK_US	1000   /* an answer's wait not counted as waiting */

void cs_window_init(cs_window *w, unsigned start, unsigned max, unsigned timeout_ms, int64_t now_us)
{
	*w = (cs_window){0};
	w->max = max > 0 ? max : 1;
	w->min = MIN_SIZE < w->max ? MIN_SIZE : w->max;
	w->size = start < w->min ? w->min : start > w->max ? w->max : start;
	w->timeout_us = (int64_t)timeout_ms * 1000;
	w->period_start_us = now_us;
	w->probing = true;
	/* long ago: the first loss halves, the first wait eases, at once */
	w->halved_us = w->eased_us = now_us - ((int64_t)1 << 40);
}

void cs_window_stepped(cs_window *w, int64_t wall_us, int64_t cpu_us)
{
	if (wall_us > cpu_us)
		w->idle_us += wall_us - cpu_us;
}

/* Did answers lately wait for more than an eighth of their path, with
 * slack? Under a sixteenth: they flow. Between: hold. */
static bool answers_wait(const cs_window *w)
{
	return w->wait_avg > w->path_avg / 8 + WAIT_SLACK_US;
}

static bool answers_flow(const cs_window *w)
{
	return w->wait_avg <= w->path_avg / 16 + WAIT_SLACK_US / 2;
}

/* Fold the hub's answers since the last look into the averages. */
static void watch_answers(cs_window *w, const cs_probe_hub_stats *st)
{
	unsigned long n = st->timed - w->timed_seen;
	if (n == 0)
		return;
	double wait = (double)(st->waited_us - w->waited_seen) / (double)n;
	double path = (double)(st->fastest_us - w->fastest_seen) / (double)n;
	if (w->timed_seen == 0) {
		w->wait_avg = wait;
		w->path_avg = path;
	} else {
		w->wait_avg += (wait - w->wait_avg) / 8;
		w->path_avg += (path - w->path_avg) / 8;
	}
	w->timed_seen = st->timed;
	w->waited_seen = st->waited_us;
	w->fastest_seen = st->fastest_us;
}

static unsigned at_least_min(const cs_window *w, unsigned size)
{
	return size > w->min ? size : w->min;
}

void cs_window_finished(cs_window *w, const cs_probe_hub_stats *st, int64_t now_us)
{
	if (now_us - w->period_start_us >= ADAPT_PERIOD_US) {
		/* Waiting for the network with nothing to do: answers keep
		 * pace. (On a loaded machine, waiting for a core counts too;
		 * answers_wait catches what that costs.) */
		w->spare =
		    (double)w->idle_us > IDLE_FRACTION * (double)(now_us - w->period_start_us);
		w->period_start_us = now_us;
		w->idle_us = 0;
	}
	watch_answers(w, st);
	if (st->losses > w->losses_seen) {
		w->losses_seen = st->losses;
		w->probing = false;
		if (now_us - w->halved_us >= w->timeout_us) {
			w->halved_us = now_us;
			w->size = at_least_min(w, w->size / 2);
		}
		return;
	}
	if (answers_wait(w)) {
		/* At most once per two paths: a round of names sees the cut
		 * before the next. */
		w->probing = false;
		w->credit = 0;
		if (now_us - w->eased_us >= 2 * (int64_t)w->path_avg + WAIT_SLACK_US) {
			w->eased_us = now_us;
			w->size = at_least_min(w, w->size - w->size / 4);
		}
		return;
	}
	/* Queries waiting for a busy server's free slot: more names would
	 * only wait longer (and the window has found its size). */
	if (st->queued > 0)
		w->probing = false;
	if (!w->spare || st->queued > 0 || !answers_flow(w) || w->size >= w->max)
		return;
	if (w->probing || ++w->credit >= w->size) {
		w->credit = 0;
		w->size++;
	}
}
