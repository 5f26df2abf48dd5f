/*
 * relay.c - the lab's delay relay: listens on every public lab address
 * (UDP and TCP, one port) and forwards to the NSD instance behind it
 * (127.54.x.y), holding every message DELAY milliseconds in each
 * direction, so a query's round trip grows by 2 x DELAY.
 *
 * usage: relay --map FILE --port N --delay MS --pidfile FILE
 *   FILE lines: "public-address backend-address" (IPv4, loopback only)
 *
 * One thread, one epoll loop. Since the delay is the same for every
 * message, the messages waiting form one FIFO ordered by due time. UDP
 * clients get one upstream socket each per listener (like a NAT binding),
 * closed after UDP_IDLE_S of silence or, when UDP_MAX_BINDINGS are in use,
 * the least recently used quarter. Everything is bounded: waiting messages
 * (QUEUE_MAX, QUEUE_BYTES_MAX; beyond, a message is dropped as a congested
 * network would), TCP connections (TCP_MAX). Every address it binds or
 * connects to must be in 127.0.0.0/8. SIGTERM or SIGINT stops it: sockets
 * closed, the PID file removed, exit 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LISTENERS	 1024
#define UDP_MAX_BINDINGS 16384
#define INDEX_CAP	 (2 * UDP_MAX_BINDINGS) /* hash index over the bindings */
#define UDP_IDLE_S	 10
#define TCP_MAX		 1024
#define QUEUE_MAX	 (1u << 17) /* messages waiting, a power of two */
#define QUEUE_BYTES_MAX	 (64u << 20)
#define MSG_MAX		 65536
#define LISTEN_BUF	 (4 << 20) /* socket buffers asked for (the kernel caps them) */
#define UPSTREAM_BUF	 (1 << 20)

enum { EV_UDP_LISTEN, EV_TCP_LISTEN, EV_UPSTREAM, EV_TCP_CLIENT, EV_TCP_BACKEND };

typedef struct {
	struct sockaddr_in pub, backend;
	int udp, tcp;
} listener;

typedef struct {
	int fd; /* -1: free */
	uint32_t gen;
	int lst;
	struct sockaddr_in client;
	int64_t last_ms;
} binding;

typedef struct {
	int fd[2]; /* 0: client side, 1: backend side; -1 closed */
	uint32_t gen;
	bool eof[2]; /* read EOF from side i */
	bool used;
} tcpconn;

typedef struct {
	int64_t due_ms;
	int kind; /* EV_UDP_LISTEN: reply to a client; EV_UPSTREAM: to a backend;
		     EV_TCP_CLIENT/BACKEND: TCP data read from that side */
	int idx;  /* listener, binding or connection */
	uint32_t gen;
	struct sockaddr_in to;
	size_t len; /* 0 for TCP: EOF */
	uint8_t data[];
} msg;

typedef struct {
	int ep;
	listener lst[MAX_LISTENERS];
	int nlst;
	binding *bind;	 /* UDP_MAX_BINDINGS slots, fd -1 when free */
	int nbind;	 /* live bindings */
	int *index;	 /* INDEX_CAP: binding numbers by client, -1 empty */
	int free_cursor; /* where the search for a free slot starts */
	tcpconn tcp[TCP_MAX];
	msg *q[QUEUE_MAX];
	unsigned qhead, qlen;
	size_t qbytes;
	int64_t delay_ms;
	unsigned long dropped;
} relay;

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t ev_data(int kind, int idx)
{
	return ((uint64_t)(unsigned)kind << 32) | (unsigned)idx;
}

static bool loopback(const struct sockaddr_in *a)
{
	return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
}

static int watch(relay *r, int fd, int kind, int idx)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = ev_data(kind, idx)};
	return epoll_ctl(r->ep, EPOLL_CTL_ADD, fd, &ev);
}

static void close_fd(relay *r, int *fd)
{
	if (*fd < 0)
		return;
	epoll_ctl(r->ep, EPOLL_CTL_DEL, *fd, NULL);
	close(*fd);
	*fd = -1;
}

/* Queue a message due delay_ms from now; dropped when the queue is full. */
static void enqueue(relay *r, int kind, int idx, uint32_t gen, const struct sockaddr_in *to,
		    const uint8_t *data, size_t len)
{
	if (r->qlen == QUEUE_MAX || r->qbytes + len > QUEUE_BYTES_MAX) {
		r->dropped++;
		return;
	}
	msg *m = malloc(sizeof(*m) + len);
	if (m == NULL) {
		r->dropped++;
		return;
	}
	m->due_ms = now_ms() + r->delay_ms;
	m->kind = kind;
	m->idx = idx;
	m->gen = gen;
	if (to != NULL)
		m->to = *to;
	m->len = len;
	memcpy(m->data, data, len);
	r->q[(r->qhead + r->qlen) & (QUEUE_MAX - 1)] = m;
	r->qlen++;
	r->qbytes += len;
}

static void tcp_close(relay *r, int c)
{
	tcpconn *t = &r->tcp[c];
	close_fd(r, &t->fd[0]);
	close_fd(r, &t->fd[1]);
	t->used = false;
	t->gen++;
}

/* Deliver one due message. */
static void deliver(relay *r, msg *m)
{
	if (m->kind == EV_UDP_LISTEN) {
		(void)sendto(r->lst[m->idx].udp, m->data, m->len, MSG_DONTWAIT,
			     (const struct sockaddr *)&m->to, sizeof(m->to));
	} else if (m->kind == EV_UPSTREAM) {
		binding *b = &r->bind[m->idx];
		if (b->fd >= 0 && b->gen == m->gen)
			(void)send(b->fd, m->data, m->len, MSG_DONTWAIT);
	} else {
		tcpconn *t = &r->tcp[m->idx];
		int to = m->kind == EV_TCP_CLIENT ? 1 : 0;
		if (!t->used || t->gen != m->gen || t->fd[to] < 0)
			return;
		if (m->len == 0) {
			shutdown(t->fd[to], SHUT_WR);
			if (t->eof[0] && t->eof[1])
				tcp_close(r, m->idx);
			return;
		}
		size_t off = 0;
		while (off < m->len) {
			ssize_t n = send(t->fd[to], m->data + off, m->len - off, MSG_NOSIGNAL);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				tcp_close(r, m->idx);
				return;
			}
			off += (size_t)n;
		}
	}
}

static void run_due(relay *r)
{
	int64_t t = now_ms();
	while (r->qlen > 0 && r->q[r->qhead]->due_ms <= t) {
		msg *m = r->q[r->qhead];
		r->qhead = (r->qhead + 1) & (QUEUE_MAX - 1);
		r->qlen--;
		r->qbytes -= m->len;
		deliver(r, m);
		free(m);
	}
}

static uint32_t client_hash(int lst, const struct sockaddr_in *client)
{
	return (ntohl(client->sin_addr.s_addr) * 2654435761u) ^
	       ((uint32_t)ntohs(client->sin_port) * 40503u) ^ (uint32_t)lst;
}

static void index_add(relay *r, int bi)
{
	uint32_t h = client_hash(r->bind[bi].lst, &r->bind[bi].client);
	for (uint32_t k = 0;; k++) {
		int *slot = &r->index[(h + k) % INDEX_CAP];
		if (*slot < 0) {
			*slot = bi;
			return;
		}
	}
}

/* Close idle bindings; with force, also the least recently used quarter.
 * Then rebuild the index (binding numbers stay). */
static void sweep(relay *r, bool force)
{
	int64_t cut = now_ms() - UDP_IDLE_S * 1000;
	if (force) {
		/* The last use a quarter of the bindings are older than, from a
		 * sample. */
		int64_t sample[64];
		int ns = 0;
		for (int i = 0; i < UDP_MAX_BINDINGS && ns < 64; i += UDP_MAX_BINDINGS / 64)
			if (r->bind[i].fd >= 0)
				sample[ns++] = r->bind[i].last_ms;
		for (int i = 1; i < ns; i++)
			for (int k = i; k > 0 && sample[k] < sample[k - 1]; k--) {
				int64_t x = sample[k];
				sample[k] = sample[k - 1];
				sample[k - 1] = x;
			}
		if (ns > 0 && sample[ns / 4] > cut)
			cut = sample[ns / 4];
	}
	for (int i = 0; i < UDP_MAX_BINDINGS; i++) {
		binding *b = &r->bind[i];
		if (b->fd >= 0 && b->last_ms <= cut) {
			close_fd(r, &b->fd);
			b->gen++;
			r->nbind--;
		}
	}
	for (int i = 0; i < INDEX_CAP; i++)
		r->index[i] = -1;
	for (int i = 0; i < UDP_MAX_BINDINGS; i++)
		if (r->bind[i].fd >= 0)
			index_add(r, i);
}

/* The binding of client at listener lst, or -1. */
static int find_binding(relay *r, int lst, const struct sockaddr_in *client)
{
	uint32_t h = client_hash(lst, client);
	for (uint32_t k = 0;; k++) {
		int bi = r->index[(h + k) % INDEX_CAP];
		if (bi < 0)
			return -1;
		const binding *b = &r->bind[bi];
		if (b->lst == lst && b->client.sin_addr.s_addr == client->sin_addr.s_addr &&
		    b->client.sin_port == client->sin_port)
			return bi;
	}
}

/* A free binding slot (there is one: nbind < UDP_MAX_BINDINGS). */
static int free_binding(relay *r)
{
	for (int k = 0; k < UDP_MAX_BINDINGS; k++) {
		int i = (r->free_cursor + k) % UDP_MAX_BINDINGS;
		if (r->bind[i].fd < 0) {
			r->free_cursor = (i + 1) % UDP_MAX_BINDINGS;
			return i;
		}
	}
	return -1;
}

static void udp_from_client(relay *r, int li)
{
	static uint8_t buf[MSG_MAX];
	for (int burst = 0; burst < 64; burst++) {
		struct sockaddr_in client;
		socklen_t cl = sizeof(client);
		ssize_t n = recvfrom(r->lst[li].udp, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&client, &cl);
		if (n < 0)
			return;
		int bi = find_binding(r, li, &client);
		if (bi < 0) {
			if (r->nbind >= UDP_MAX_BINDINGS * 3 / 4)
				sweep(r, true);
			int slot = free_binding(r);
			if (slot < 0) {
				r->dropped++;
				continue;
			}
			int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			int sz = UPSTREAM_BUF;
			if (fd >= 0)
				setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
			if (fd < 0 || connect(fd, (const struct sockaddr *)&r->lst[li].backend,
					      sizeof(r->lst[li].backend)) != 0) {
				if (fd >= 0)
					close(fd);
				r->dropped++;
				continue;
			}
			binding *b = &r->bind[slot];
			b->fd = fd;
			b->gen++;
			b->lst = li;
			b->client = client;
			if (watch(r, fd, EV_UPSTREAM, slot) != 0) {
				close_fd(r, &b->fd);
				r->dropped++;
				continue;
			}
			r->nbind++;
			index_add(r, slot);
			bi = slot;
		}
		binding *b = &r->bind[bi];
		b->last_ms = now_ms();
		enqueue(r, EV_UPSTREAM, bi, b->gen, NULL, buf, (size_t)n);
	}
}

static void udp_from_backend(relay *r, int bi)
{
	static uint8_t buf[MSG_MAX];
	binding *b = &r->bind[bi];
	for (int burst = 0; burst < 64 && b->fd >= 0; burst++) {
		ssize_t n = recv(b->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			return;
		b->last_ms = now_ms();
		enqueue(r, EV_UDP_LISTEN, b->lst, 0, &b->client, buf, (size_t)n);
	}
}

static void tcp_accept(relay *r, int li)
{
	int fd = accept4(r->lst[li].tcp, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	int c = -1;
	for (int i = 0; i < TCP_MAX && c < 0; i++)
		if (!r->tcp[i].used)
			c = i;
	int up = c < 0 ? -1 : socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* A blocking connect on loopback: immediate. */
	if (up < 0 || connect(up, (const struct sockaddr *)&r->lst[li].backend,
			      sizeof(r->lst[li].backend)) != 0) {
		if (up >= 0)
			close(up);
		close(fd);
		return;
	}
	fcntl(up, F_SETFL, fcntl(up, F_GETFL) | O_NONBLOCK);
	tcpconn *t = &r->tcp[c];
	t->used = true;
	t->gen++;
	t->fd[0] = fd;
	t->fd[1] = up;
	t->eof[0] = t->eof[1] = false;
	if (watch(r, fd, EV_TCP_CLIENT, c) != 0 || watch(r, up, EV_TCP_BACKEND, c) != 0)
		tcp_close(r, c);
}

static void tcp_read(relay *r, int c, int side)
{
	static uint8_t buf[MSG_MAX];
	tcpconn *t = &r->tcp[c];
	if (!t->used || t->fd[side] < 0)
		return;
	ssize_t n = recv(t->fd[side], buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	int kind = side == 0 ? EV_TCP_CLIENT : EV_TCP_BACKEND;
	if (n <= 0) {
		t->eof[side] = true;
		epoll_ctl(r->ep, EPOLL_CTL_DEL, t->fd[side], NULL);
		enqueue(r, kind, c, t->gen, NULL, buf, 0);
		return;
	}
	enqueue(r, kind, c, t->gen, NULL, buf, (size_t)n);
}

static bool parse_addr(const char *s, uint16_t port, struct sockaddr_in *out)
{
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = htons(port);
	return inet_pton(AF_INET, s, &out->sin_addr) == 1 && loopback(out);
}

static int open_listener(relay *r, listener *l, int idx)
{
	int one = 1;
	l->udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	l->tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->udp < 0 || l->tcp < 0)
		return -1;
	int buf = LISTEN_BUF;
	setsockopt(l->udp, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	setsockopt(l->udp, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(l->tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l->udp, (const struct sockaddr *)&l->pub, sizeof(l->pub)) != 0 ||
	    bind(l->tcp, (const struct sockaddr *)&l->pub, sizeof(l->pub)) != 0 ||
	    listen(l->tcp, 128) != 0)
		return -1;
	if (watch(r, l->udp, EV_UDP_LISTEN, idx) != 0 || watch(r, l->tcp, EV_TCP_LISTEN, idx) != 0)
		return -1;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: relay --map FILE --port N --delay MS --pidfile FILE\n");
	return 2;
}

static int load_map(relay *r, const char *path, uint16_t port)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "relay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[256], pub[64], back[64];
	int rc = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%63s %63s", pub, back) != 2)
			continue;
		if (r->nlst == MAX_LISTENERS) {
			fprintf(stderr, "relay: more than %d addresses\n", MAX_LISTENERS);
			rc = -1;
			break;
		}
		listener *l = &r->lst[r->nlst];
		if (!parse_addr(pub, port, &l->pub) || !parse_addr(back, port, &l->backend)) {
			fprintf(stderr, "relay: %s %s: not two IPv4 loopback addresses\n", pub,
				back);
			rc = -1;
			break;
		}
		l->udp = l->tcp = -1;
		if (open_listener(r, l, r->nlst) != 0) {
			fprintf(stderr, "relay: %s port %u: %s\n", pub, port, strerror(errno));
			r->nlst++;
			rc = -1;
			break;
		}
		r->nlst++;
	}
	fclose(f);
	return rc;
}

static void cleanup(relay *r)
{
	for (int i = 0; i < r->nlst; i++) {
		close_fd(r, &r->lst[i].udp);
		close_fd(r, &r->lst[i].tcp);
	}
	for (int i = 0; r->bind != NULL && i < UDP_MAX_BINDINGS; i++)
		close_fd(r, &r->bind[i].fd);
	for (int i = 0; i < TCP_MAX; i++)
		if (r->tcp[i].used)
			tcp_close(r, i);
	while (r->qlen > 0) {
		free(r->q[r->qhead]);
		r->qhead = (r->qhead + 1) & (QUEUE_MAX - 1);
		r->qlen--;
	}
	free(r->bind);
	free(r->index);
	close(r->ep);
}

int main(int argc, char **argv)
{
	const char *map = NULL, *pidfile = NULL;
	long port = -1, delay = -1;
	for (int i = 1; i + 1 < argc; i += 2) {
		char *end;
		if (strcmp(argv[i], "--map") == 0)
			map = argv[i + 1];
		else if (strcmp(argv[i], "--pidfile") == 0)
			pidfile = argv[i + 1];
		else if (strcmp(argv[i], "--port") == 0)
			port = strtol(argv[i + 1], &end, 10);
		else if (strcmp(argv[i], "--delay") == 0)
			delay = strtol(argv[i + 1], &end, 10);
		else
			return usage();
	}
	if (argc % 2 == 0 || map == NULL || pidfile == NULL || port < 1 || port > 65535 ||
	    delay < 0 || delay > 60000)
		return usage();

	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	relay *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return 1;
	r->delay_ms = delay;
	r->bind = malloc(UDP_MAX_BINDINGS * sizeof(*r->bind));
	r->index = malloc(INDEX_CAP * sizeof(*r->index));
	r->ep = epoll_create1(EPOLL_CLOEXEC);
	if (r->bind == NULL || r->index == NULL || r->ep < 0) {
		fprintf(stderr, "relay: out of resources\n");
		return 1;
	}
	for (int i = 0; i < UDP_MAX_BINDINGS; i++) {
		r->bind[i].fd = -1;
		r->bind[i].lst = -1;
		r->bind[i].gen = 0;
	}
	for (int i = 0; i < INDEX_CAP; i++)
		r->index[i] = -1;
	for (int i = 0; i < TCP_MAX; i++)
		r->tcp[i].fd[0] = r->tcp[i].fd[1] = -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (load_map(r, map, (uint16_t)port) != 0) {
		cleanup(r);
		free(r);
		return 1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", pidfile);
	FILE *pf = fopen(tmp, "w");
	if (pf == NULL || fprintf(pf, "%d\n", (int)getpid()) < 0 || fclose(pf) != 0 ||
	    rename(tmp, pidfile) != 0) {
		fprintf(stderr, "relay: %s: %s\n", pidfile, strerror(errno));
		cleanup(r);
		free(r);
		return 1;
	}
	printf("relay: %d addresses, port %ld, delay %ld ms each way (C, one epoll loop)\n",
	       r->nlst, port, delay);
	fflush(stdout);
	int64_t last_sweep = now_ms();
	struct epoll_event evs[256];
	while (!stop) {
		int timeout = 1000;
		if (r->qlen > 0) {
			int64_t wait = r->q[r->qhead]->due_ms - now_ms();
			timeout = wait < 0 ? 0 : wait > 1000 ? 1000 : (int)wait;
		}
		int n = epoll_wait(r->ep, evs, 256, timeout);
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			int kind = (int)(evs[i].data.u64 >> 32);
			int idx = (int)(evs[i].data.u64 & 0xffffffffu);
			switch (kind) {
			case EV_UDP_LISTEN:
				udp_from_client(r, idx);
				break;
			case EV_TCP_LISTEN:
				tcp_accept(r, idx);
				break;
			case EV_UPSTREAM:
				udp_from_backend(r, idx);
				break;
			case EV_TCP_CLIENT:
				tcp_read(r, idx, 0);
				break;
			case EV_TCP_BACKEND:
				tcp_read(r, idx, 1);
				break;
			}
		}
		run_due(r);
		if (now_ms() - last_sweep > UDP_IDLE_S * 1000) {
			sweep(r, false);
			last_sweep = now_ms();
		}
	}
	unsigned long dropped = r->dropped;
	cleanup(r);
	free(r);
	unlink(pidfile);
	printf("relay: stopped (%lu messages dropped)\n", dropped);
	return 0;
}
