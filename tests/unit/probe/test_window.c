/*
 * test_window - core/probe/window: a batch loop's names in flight, driven
 * with made-up clocks and hub counters. It grows while answers keep pace
 * and the loop idles (doubling per round at first, then by one per
 * window's worth of names), holds while busy or while queries queue for a
 * server, loses a quarter while answers wait (once per two paths), halves
 * on a loss (once per timeout), and stays within its bounds.
 */
#include "probe/window.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define PATH_US 20000 /* each answer's path: 20 ms */

typedef struct {
	cs_window w;
	cs_probe_hub_stats st;
	int64_t now;
} sim;

static void start(sim *s, unsigned first, unsigned max)
{
	*s = (sim){.now = 5000000};
	cs_window_init(&s->w, first, max, 1500, s->now);
}

/* n names finish, dt_us apart, each after one answer that waited wait_us
 * over its path; the loop idles a fraction idle of the time. */
static void finish(sim *s, unsigned n, int64_t dt_us, int64_t wait_us, double idle)
{
	for (unsigned i = 0; i < n; i++) {
		s->now += dt_us;
		cs_window_stepped(&s->w, dt_us, (int64_t)((1.0 - idle) * (double)dt_us));
		s->st.timed++;
		s->st.fastest_us += PATH_US;
		s->st.waited_us += (unsigned long long)wait_us;
		cs_window_finished(&s->w, &s->st, s->now);
	}
}

static void test_bounds(void **state)
{
	(void)state;
	sim s;
	start(&s, 16, 512);
	assert_int_equal(s.w.size, 16);
	start(&s, 16, 4);
	assert_int_equal(s.w.size, 4);
	start(&s, 0, 512);
	assert_int_equal(s.w.size, 2);
	start(&s, 16, 1); /* --max-inflight 1: one, even after a loss */
	assert_int_equal(s.w.size, 1);
	s.st.losses = 1;
	finish(&s, 1, 1000, 0, 0.9);
	assert_int_equal(s.w.size, 1);
}

/* Answers keep pace and the loop idles: one more name per finished name
 * while probing (a doubling per round), never above max. */
static void test_grows_while_answers_flow(void **state)
{
	(void)state;
	sim s;
	start(&s, 16, 512);
	finish(&s, 200, 1000, 0, 0.9); /* the first period judges time to spare */
	unsigned after = s.w.size;
	assert_true(after > 100);
	finish(&s, 1000, 1000, 0, 0.9);
	assert_int_equal(s.w.size, 512);
}

/* Busy (the loop on the CPU nearly all the time): no growth. */
static void test_holds_when_busy(void **state)
{
	(void)state;
	sim s;
	start(&s, 16, 512);
	finish(&s, 500, 1000, 0, 0.05);
	assert_int_equal(s.w.size, 16);
}

/* Queries queue for a server's free slot: no growth, and probing ends
 * (later growth is one per window's worth of names). */
static void test_queue_stops_growth(void **state)
{
	(void)state;
	sim s;
	start(&s, 16, 512);
	finish(&s, 150, 1000, 0, 0.9);
	unsigned size = s.w.size;
	s.st.queued = 3;
	finish(&s, 100, 1000, 0, 0.9);
	assert_int_equal(s.w.size, size);
	s.st.queued = 0;
	finish(&s, size, 1000, 0, 0.9);
	assert_int_equal(s.w.size, size + 1); /* one per window's worth */
}

/* Answers wait (over an eighth of their path, plus slack): a quarter off,
 * at most once per two paths, down to 3. */
static void test_waiting_eases(void **state)
{
	(void)state;
	sim s;
	start(&s, 100, 512);
	finish(&s, 1, 1000, 10000, 0.9);
	assert_int_equal(s.w.size, 75);
	finish(&s, 1, 1000, 10000, 0.9); /* 1 ms later: within two paths */
	assert_int_equal(s.w.size, 75);
	finish(&s, 1, 2 * PATH_US + 2000, 10000, 0.9);
	assert_int_equal(s.w.size, 57);
	for (int i = 0; i < 40; i++)
		finish(&s, 1, 2 * PATH_US + 2000, 10000, 0.9);
	assert_int_equal(s.w.size, 3); /* a quarter of 3 rounds to nothing */
	/* a wait between a sixteenth and an eighth: hold */
	start(&s, 100, 512);
	finish(&s, 300, 1000, PATH_US / 10, 0.9);
	assert_int_equal(s.w.size, 100);
}

/* A loss halves at once, again only a timeout later. */
static void test_loss_halves(void **state)
{
	(void)state;
	sim s;
	start(&s, 64, 512);
	s.st.losses = 1;
	finish(&s, 1, 1000, 0, 0.9);
	assert_int_equal(s.w.size, 32);
	s.st.losses = 2;
	finish(&s, 1, 1000, 0, 0.9);
	assert_int_equal(s.w.size, 32);
	s.st.losses = 3;
	finish(&s, 1, 1500000, 0, 0.9);
	assert_int_equal(s.w.size, 16);
	/* no loss since: growth again, one per window's worth */
	finish(&s, 16, 1000, 0, 0.9);
	assert_int_equal(s.w.size, 17);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounds),	    cmocka_unit_test(test_grows_while_answers_flow),
	    cmocka_unit_test(test_holds_when_busy), cmocka_unit_test(test_queue_stops_growth),
	    cmocka_unit_test(test_waiting_eases),   cmocka_unit_test(test_loss_halves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
