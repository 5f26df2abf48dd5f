/*
 * test_probe_hub - core/probe_hub's timing of answers, which batch's window
 * follows: each answer against its server's fastest so far (the waiting),
 * on the hub's clock (a fake one here, set before each send and each step),
 * with a real loopback server that echoes every query as its answer.
 */
#include "probe/probe_hub.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int64_t fake_now(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* Answer `count` queries on fd: the same octets with QR set. */
typedef struct {
	int fd;
	int count;
} echo;

static void *echo_run(void *arg)
{
	echo *e = arg;
	for (int i = 0; i < e->count; i++) {
		uint8_t b[512];
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(e->fd, b, sizeof(b), 0, (struct sockaddr *)&from, &flen);
		if (n < 12)
			break;
		b[2] |= 0x80; /* QR: an answer (NOERROR, no records) */
		sendto(e->fd, b, (size_t)n, 0, (struct sockaddr *)&from, flen);
	}
	return NULL;
}

static void on_answer(void *arg, const cs_hub_answer *a)
{
	int *got = arg;
	*got = a->result == CS_QRESULT_ANSWER ? 1 : -1;
}

static void test_waiting(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t slen = sizeof(sa);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &slen), 0);
	uint16_t port = ntohs(sa.sin_port);

	/* Round trips on the hub's clock: 5 ms, 8 ms (3 ms of waiting over
	 * the fastest), 4 ms (a new fastest: no waiting). */
	static const int64_t rtt[] = {5000, 8000, 4000};
	enum { N = sizeof(rtt) / sizeof(rtt[0]) };
	echo e = {.fd = fd, .count = N};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, echo_run, &e), 0);

	int64_t now = 1000000;
	cs_probe_hub *h = NULL;
	assert_int_equal(cs_probe_hub_new(2000, 0, false, fake_now, &now, NULL, &h), CS_OK);
	for (int i = 0; i < N; i++) {
		/* example. A, no EDNS; a different ID each time (the hub sets
		 * its own on the wire anyway). */
		uint8_t q[] = {0,   (uint8_t)i, 0,   0,	  0,   1,   0,	 0, 0, 0, 0, 0, 7,
			       'e', 'x',	'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
		int got = 0;
		now += 100000;
		assert_int_equal(cs_probe_hub_send(h, "127.0.0.1", port, CS_TRANSPORT_UDP, q,
						   sizeof(q), false, on_answer, &got),
				 CS_OK);
		now += rtt[i];
		for (int step = 0; step < 50 && got == 0; step++)
			assert_int_equal(cs_probe_hub_step(h, 100), CS_OK);
		assert_int_equal(got, 1);
	}
	cs_probe_hub_stats st;
	cs_probe_hub_get_stats(h, &st);
	assert_int_equal(st.sent, N);
	assert_int_equal(st.timed, N);
	assert_int_equal(st.fastest_us, 5000 + 5000 + 4000);
	assert_int_equal(st.waited_us, 3000);
	assert_int_equal(st.queued, 0);
	cs_probe_hub_free(&h);
	assert_null(h);
	pthread_join(th, NULL);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_waiting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
