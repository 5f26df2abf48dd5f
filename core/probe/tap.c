#include "probe/tap.h"

#include "base/buf.h"
#include "dns/name.h"
#include "dns/wire.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MSG_MAX	   4096	      /* messages kept per channel and direction */
#define STREAM_MAX (3u << 16) /* a TCP buffer holds less than two messages */
#define HDR_LEN	   12
#define SKIP_MAX   64 /* stray datagrams skipped per read */

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

typedef struct {
	ares_socket_t fd;
	uint64_t serial;
	bool tcp;
	bool want_read, want_write; /* what c-ares waits for */
	cs_buf in, out;		    /* TCP: octets not yet forming a whole message */
} sock;

typedef struct {
	cs_tap_msg *v;
	size_t n, cap;
} msg_list;

struct cs_tap {
	cs_tap_sent_cb on_sent;
	void *arg;
	uint64_t next_serial;
	sock *socks;
	size_t nsocks, socks_cap;
	msg_list rx, tx; /* received; sent (the last per socket and ID) */
	struct ares_socket_functions funcs;
};

static sock *find_sock(cs_tap *t, ares_socket_t fd)
{
	for (size_t i = 0; i < t->nsocks; i++)
		if (t->socks[i].fd == fd)
			return &t->socks[i];
	return NULL;
}

static void msg_free(cs_tap_msg *m)
{
	free(m->data);
	m->data = NULL;
}

/* Drop the messages of list l on sock with id. */
static void drop(msg_list *l, uint64_t serial, uint16_t id)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].sock == serial && l->v[i].id == id)
			msg_free(&l->v[i]);
		else
			l->v[w++] = l->v[i];
	}
	l->n = w;
}

static void drop_all(msg_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		msg_free(&l->v[i]);
	l->n = 0;
}

/* Append a copy of a message to l, which grows to MSG_MAX messages (then
 * the oldest goes). Running out of memory only loses the message. */
static void append(msg_list *l, uint64_t serial, const uint8_t *p, size_t len)
{
	if (l->n == l->cap && l->cap < MSG_MAX) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		cs_tap_msg *v = realloc(l->v, cap * sizeof(*v));
		if (v != NULL) {
			l->v = v;
			l->cap = cap;
		}
	}
	if (l->n == l->cap && l->n > 0) {
		msg_free(&l->v[0]);
		memmove(l->v, l->v + 1, (l->n - 1) * sizeof(*l->v));
		l->n--;
	}
	uint8_t *copy = l->n < l->cap ? malloc(len) : NULL;
	if (copy == NULL)
		return;
	memcpy(copy, p, len);
	l->v[l->n++] = (cs_tap_msg){
	    .sock = serial, .id = (uint16_t)(p[0] << 8 | p[1]), .data = copy, .len = len};
}

static void keep_received(cs_tap *t, uint64_t serial, const uint8_t *p, size_t len)
{
	if (len >= HDR_LEN) /* else no DNS header: it answers nothing */
		append(&t->rx, serial, p, len);
}

static void keep_sent(cs_tap *t, uint64_t serial, const uint8_t *p, size_t len)
{
	if (len < HDR_LEN)
		return;
	drop(&t->tx, serial, (uint16_t)(p[0] << 8 | p[1]));
	append(&t->tx, serial, p, len);
	cs_tap_msg m = {
	    .sock = serial, .id = (uint16_t)(p[0] << 8 | p[1]), .data = (uint8_t *)p, .len = len};
	t->on_sent(t->arg, &m);
}

/* Does a datagram received on sock answer a message sent on it (same ID and
 * question)? Others are hidden from c-ares, as c-ares up to 1.27 ignored
 * them: from 1.28 on, one that does not parse would end every query on the
 * socket. */
static bool answers_sent(const cs_tap *t, uint64_t serial, const uint8_t *p, size_t len)
{
	if (len < HDR_LEN)
		return false;
	uint16_t id = (uint16_t)(p[0] << 8 | p[1]);
	for (size_t i = 0; i < t->tx.n; i++)
		if (t->tx.v[i].sock == serial && t->tx.v[i].id == id &&
		    cs_tap_same_question(t->tx.v[i].data, t->tx.v[i].len, p, len))
			return true;
	return false;
}

/* Cut whole length-prefixed messages off the front of a TCP stream. */
static void drain_stream(cs_tap *t, sock *s, cs_buf *b, bool received)
{
	size_t off = 0;
	while (b->len - off >= 2) {
		size_t n = (size_t)b->data[off] << 8 | b->data[off + 1];
		if (b->len - off - 2 < n)
			break;
		if (received)
			keep_received(t, s->serial, b->data + off + 2, n);
		else
			keep_sent(t, s->serial, b->data + off + 2, n);
		off += 2 + n;
	}
	memmove(b->data, b->data + off, b->len - off);
	b->len -= off;
}

static void add_stream(cs_tap *t, sock *s, cs_buf *b, const uint8_t *p, size_t len, bool rx)
{
	if (b->len + len > STREAM_MAX || b->err != CS_OK)
		return; /* cannot happen with whole messages; record nothing more */
	cs_buf_put(b, p, len);
	drain_stream(t, s, b, rx);
}

static ares_socket_t tap_socket(int domain, int type, int protocol, void *arg)
{
	cs_tap *t = arg;
	if (t->nsocks == t->socks_cap) {
		size_t cap = t->socks_cap ? t->socks_cap * 2 : 4;
		sock *v = realloc(t->socks, cap * sizeof(*v));
		if (v == NULL) {
			errno = ENOMEM;
			return ARES_SOCKET_BAD;
		}
		t->socks = v;
		t->socks_cap = cap;
	}
	int fd = socket(domain, type, protocol);
	if (fd < 0)
		return ARES_SOCKET_BAD;
	/* c-ares up to 1.33 sets these itself; 1.34 leaves it to us. */
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		close(fd);
		return ARES_SOCKET_BAD;
	}
	sock *s = &t->socks[t->nsocks++];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->serial = ++t->next_serial;
	int base = type;
#ifdef SOCK_CLOEXEC
	base &= ~(SOCK_CLOEXEC | SOCK_NONBLOCK);
#endif
	s->tcp = base == SOCK_STREAM;
	cs_buf_init(&s->in);
	cs_buf_init(&s->out);
	return fd;
}

static int tap_close(ares_socket_t fd, void *arg)
{
	cs_tap *t = arg;
	sock *s = find_sock(t, fd);
	if (s != NULL) {
		cs_buf_free(&s->in);
		cs_buf_free(&s->out);
		*s = t->socks[--t->nsocks];
	}
	return close(fd);
}

static int tap_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *arg)
{
	(void)arg;
	return connect(fd, sa, len);
}

static ares_ssize_t tap_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
				 struct sockaddr *from, ares_socklen_t *fromlen, void *arg)
{
	cs_tap *t = arg;
	sock *s = find_sock(t, fd);
	for (unsigned skipped = 0; skipped < SKIP_MAX; skipped++) {
		ssize_t n = recvfrom(fd, buf, len, flags, from, fromlen);
		if (n <= 0 || s == NULL)
			return n;
		if (s->tcp) {
			add_stream(t, s, &s->in, buf, (size_t)n, true);
			return n;
		}
		if (answers_sent(t, s->serial, buf, (size_t)n)) {
			keep_received(t, s->serial, buf, (size_t)n);
			return n;
		}
		/* Not an answer to anything sent here: read the next one (the
		 * socket is non-blocking, so this ends with EAGAIN). */
	}
	errno = EAGAIN; /* a flood: let the event loop come back later */
	return -1;
}

static ares_ssize_t tap_sendv(ares_socket_t fd, const struct iovec *iov, int iovcnt, void *arg)
{
	cs_tap *t = arg;
	struct msghdr mh;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = (struct iovec *)iov;
	mh.msg_iovlen = (size_t)iovcnt;
	ssize_t n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	sock *s = n > 0 ? find_sock(t, fd) : NULL;
	if (s == NULL)
		return n;
	/* What was really written: the first n octets of the vector. */
	cs_buf b;
	cs_buf_init(&b);
	size_t left = (size_t)n;
	for (int i = 0; i < iovcnt && left > 0; i++) {
		size_t k = iov[i].iov_len < left ? iov[i].iov_len : left;
		cs_buf_put(&b, iov[i].iov_base, k);
		left -= k;
	}
	if (b.err == CS_OK && s->tcp)
		add_stream(t, s, &s->out, b.data, b.len, false);
	else if (b.err == CS_OK)
		keep_sent(t, s->serial, b.data, b.len);
	cs_buf_free(&b);
	return n;
}

void cs_tap_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	sock *s = find_sock(data, fd);
	if (s != NULL) {
		s->want_read = readable != 0;
		s->want_write = writable != 0;
	}
}

size_t cs_tap_poll_fds(const cs_tap *t, struct pollfd *fds, size_t room)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nsocks; i++) {
		const sock *s = &t->socks[i];
		if (!s->want_read && !s->want_write)
			continue;
		if (n < room) {
			fds[n].fd = s->fd;
			fds[n].events =
			    (short)((s->want_read ? POLLIN : 0) | (s->want_write ? POLLOUT : 0));
			fds[n].revents = 0;
		}
		n++;
	}
	return n;
}

cs_err cs_tap_new(cs_tap_sent_cb on_sent, void *arg, cs_tap **out)
{
	cs_tap *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return CS_ENOMEM;
	t->on_sent = on_sent;
	t->arg = arg;
	t->funcs.asocket = tap_socket;
	t->funcs.aclose = tap_close;
	t->funcs.aconnect = tap_connect;
	t->funcs.arecvfrom = tap_recvfrom;
	t->funcs.asendv = tap_sendv;
	*out = t;
	return CS_OK;
}

void cs_tap_free(cs_tap **pt)
{
	if (pt == NULL || *pt == NULL)
		return;
	cs_tap *t = *pt;
	cs_tap_clear(t);
	for (size_t i = 0; i < t->nsocks; i++) {
		cs_buf_free(&t->socks[i].in);
		cs_buf_free(&t->socks[i].out);
	}
	free(t->socks);
	free(t->rx.v);
	free(t->tx.v);
	free(t);
	*pt = NULL;
}

void cs_tap_attach(cs_tap *t, ares_channel ch)
{
	ares_set_socket_functions(ch, &t->funcs, t);
}

/* The first question of a message: its name, type and class. */
static bool question(const uint8_t *p, size_t len, cs_name *name, uint16_t *type, uint16_t *cls)
{
	if (len < HDR_LEN || (p[4] == 0 && p[5] == 0))
		return false;
	cs_wire w;
	cs_wire_init(&w, p, len);
	cs_wire_skip(&w, HDR_LEN);
	if (cs_name_read(&w, name, true) != CS_OK)
		return false;
	*type = cs_wire_u16(&w);
	*cls = cs_wire_u16(&w);
	return w.err == CS_OK;
}

bool cs_tap_same_question(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	cs_name na, nb;
	uint16_t ta, tb, ca, cb;
	return question(a, alen, &na, &ta, &ca) && question(b, blen, &nb, &tb, &cb) && ta == tb &&
	       ca == cb && cs_name_equal(&na, &nb);
}

const cs_tap_msg *cs_tap_answer(const cs_tap *t, uint64_t sock_serial, const uint8_t *q, size_t len)
{
	if (len < HDR_LEN)
		return NULL;
	uint16_t id = (uint16_t)(q[0] << 8 | q[1]);
	for (size_t i = 0; i < t->rx.n; i++) {
		const cs_tap_msg *m = &t->rx.v[i];
		if (m->sock == sock_serial && m->id == id &&
		    cs_tap_same_question(q, len, m->data, m->len))
			return m;
	}
	return NULL;
}

void cs_tap_forget(cs_tap *t, uint64_t sock_serial, uint16_t id)
{
	drop(&t->rx, sock_serial, id);
	drop(&t->tx, sock_serial, id);
}

void cs_tap_clear(cs_tap *t)
{
	drop_all(&t->rx);
	drop_all(&t->tx);
}
