#include "probe/net.h"

#include "probe/tap.h"

#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Queries one channel carries in its life. Recent c-ares (1.34) times an
 * attempt out after five times the server's average response time once it
 * has three answers from it, down to 250 ms: a large answer that takes a
 * little longer would time out well before --timeout. A channel that never
 * sees three answers keeps the timeout we set. Before 1.20 (no socket per
 * query, no server metrics) the timeout is ours whatever a channel has
 * seen, and a channel's fixed cost (1.18: about 90,000 instructions to
 * make and destroy, its query tables) is spread over many queries. */
#if ARES_VERSION >= 0x011400
#define CHAN_QUERIES 2
#else
#define CHAN_QUERIES 64
#endif

typedef struct pending_query pending_query;

typedef struct {
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	cs_transport tr;
	bool plain; /* queries without EDNS: no ARES_FLAG_EDNS (see below) */
	ares_channel ch;
	cs_tap *tap; /* every message crossing the channel's sockets */
	unsigned pending;
	bool stale;		     /* c-ares dropped EDNS on it: open a fresh channel */
	unsigned used;		     /* queries given to it */
	pending_query *first, *last; /* in flight, in the order sent */
} chan;

struct cs_net {
	unsigned timeout_ms;
	unsigned retries;
	int rcvbuf; /* SO_RCVBUF for new channels; 0: the default */
	chan **chans;
	size_t nchans;
	size_t cap;
	unsigned pending;
	bool destroying;
	bool own_library; /* called ares_library_init: clean up on free */
	struct pollfd *fds;
	size_t *fd_chan;
	size_t fds_cap;
};

struct pending_query {
	cs_net *net;
	chan *chan;
	pending_query *prev, *next; /* the channel's list */
	/* The attempt on the wire, as the tap saw it written: c-ares puts its
	 * own ID on it, and may change the rest (1.34 adds a DNS cookie to
	 * EDNS queries, and removes OPT when it falls back). */
	bool on_wire;
	uint16_t wire_id;
	uint64_t sock;
	uint8_t *sent;
	size_t sent_len;
	unsigned attempts_left;
	cs_net_cb cb;
	void *arg;
	size_t len;
	uint8_t query[];
};

const char *cs_net_cares_version(void)
{
	return ares_version(NULL);
}

cs_err cs_net_library_init(void)
{
	return ares_library_init(ARES_LIB_INIT_ALL) == ARES_SUCCESS ? CS_OK : CS_EIO;
}

void cs_net_library_cleanup(void)
{
	ares_library_cleanup();
}

cs_err cs_net_new_shared(unsigned timeout_ms, unsigned retries, cs_net **out)
{
	cs_net *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return CS_ENOMEM;
	n->timeout_ms = timeout_ms ? timeout_ms : 1;
	n->retries = retries;
	*out = n;
	return CS_OK;
}

cs_err cs_net_new(unsigned timeout_ms, unsigned retries, cs_net **out)
{
	if (cs_net_library_init() != CS_OK)
		return CS_EIO;
	cs_err err = cs_net_new_shared(timeout_ms, retries, out);
	if (err != CS_OK) {
		cs_net_library_cleanup();
		return err;
	}
	(*out)->own_library = true;
	return CS_OK;
}

void cs_net_set_rcvbuf(cs_net *n, int bytes)
{
	n->rcvbuf = bytes > 0 ? bytes : 0;
}

void cs_net_free(cs_net **pn)
{
	if (pn == NULL || *pn == NULL)
		return;
	cs_net *n = *pn;
	n->destroying = true;
	for (size_t i = 0; i < n->nchans; i++) {
		ares_destroy(n->chans[i]->ch);
		cs_tap_free(&n->chans[i]->tap);
		free(n->chans[i]);
	}
	free(n->chans);
	free(n->fds);
	free(n->fd_chan);
	bool own = n->own_library;
	free(n);
	if (own)
		ares_library_cleanup();
	*pn = NULL;
}

/* The tap saw a message written on one of c's sockets: a retransmission of
 * a query already on the wire (same ID), or the first attempt of the oldest
 * query in flight that asks the same question. */
static void on_sent(void *arg, const cs_tap_msg *m)
{
	chan *c = arg;
	pending_query *p = c->first;
	while (p != NULL && !(p->on_wire && p->wire_id == m->id))
		p = p->next;
	for (pending_query *q = c->first; p == NULL && q != NULL; q = q->next)
		if (!q->on_wire && cs_tap_same_question(q->query, q->len, m->data, m->len))
			p = q;
	if (p == NULL)
		return;
	uint8_t *copy = realloc(p->sent, m->len);
	if (copy == NULL)
		return; /* unmatched: the query ends without an answer */
	memcpy(copy, m->data, m->len);
	p->sent = copy;
	p->sent_len = m->len;
	p->sock = m->sock;
	p->wire_id = m->id;
	p->on_wire = true;
}

static cs_err open_chan(cs_net *n, const char *addr, uint16_t port, cs_transport tr, bool plain,
			size_t *idx)
{
	for (size_t i = 0; i < n->nchans; i++) {
		chan *c = n->chans[i];
		if (!c->stale && c->used < CHAN_QUERIES && c->port == port && c->tr == tr &&
		    c->plain == plain && strcmp(c->addr, addr) == 0) {
			*idx = i;
			return CS_OK;
		}
	}
	struct ares_addr_port_node node;
	memset(&node, 0, sizeof(node));
	if (inet_pton(AF_INET, addr, &node.addr.addr4) == 1)
		node.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &node.addr.addr6) == 1)
		node.family = AF_INET6;
	else
		return CS_EINVAL;
	node.udp_port = port;
	node.tcp_port = port;
	if (strlen(addr) >= INET6_ADDRSTRLEN)
		return CS_EINVAL;

	if (n->nchans == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 16;
		chan **v = realloc(n->chans, cap * sizeof(*v));
		if (v == NULL)
			return CS_ENOMEM;
		n->chans = v;
		n->cap = cap;
	}
	struct ares_options o;
	memset(&o, 0, sizeof(o));
	/* ARES_FLAG_EDNS only for EDNS queries: with it c-ares would "fall back"
	 * on a FORMERR by cutting 11 octets off a query that has no OPT. A
	 * plain query's answer is at most 512 octets over UDP anyway. */
	o.flags =
	    ARES_FLAG_NOCHECKRESP | ARES_FLAG_IGNTC | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
	if (!plain)
		o.flags |= ARES_FLAG_EDNS;
	o.ednspsz = 65535;
	if (tr == CS_TRANSPORT_TCP)
		o.flags |= ARES_FLAG_USEVC;
#if ARES_VERSION < 0x011400
	/* Before 1.20 a channel's UDP socket would be closed each time its
	 * queries drop to none and opened again for the next (socket,
	 * connect, three fcntl, close: as many system calls as the queries
	 * themselves); kept open, it lasts the channel's CHAN_QUERIES. 1.20+
	 * gets a socket per query (udp_max_queries below). */
	o.flags |= ARES_FLAG_STAYOPEN;
#endif
	o.timeout = (int)n->timeout_ms;
	o.tries = 1;
	o.ndomains = 0;
	o.domains = NULL;
	o.lookups = (char *)"b";
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_DOMAINS |
		   ARES_OPT_LOOKUPS | ARES_OPT_EDNSPSZ | ARES_OPT_SOCK_STATE_CB;
#ifdef ARES_OPT_MAXTIMEOUTMS
	/* 1.22+: never wait longer than our timeout (see CHAN_QUERIES for
	 * never less). */
	o.maxtimeout = (int)n->timeout_ms;
	mask |= ARES_OPT_MAXTIMEOUTMS;
#endif
#ifdef ARES_OPT_QUERY_CACHE
	/* 1.31+: no answers from c-ares' cache (a TTL cap of 0 turns it off). */
	o.qcache_max_ttl = 0;
	mask |= ARES_OPT_QUERY_CACHE;
#endif
#ifdef ARES_OPT_UDP_MAX_QUERIES
	/* 1.20+: a UDP socket per query, so that an answer c-ares rejects
	 * (1.28+ closes the socket on one that does not parse) ends only its
	 * own query. */
	o.udp_max_queries = 1;
	mask |= ARES_OPT_UDP_MAX_QUERIES;
#endif
	if (n->rcvbuf > 0) {
		o.socket_receive_buffer_size = n->rcvbuf;
		mask |= ARES_OPT_SOCK_RCVBUF;
	}
	chan *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return CS_ENOMEM;
	if (cs_tap_new(on_sent, c, &c->tap) != CS_OK) {
		free(c);
		return CS_ENOMEM;
	}
	o.sock_state_cb = cs_tap_sock_state;
	o.sock_state_cb_data = c->tap;
	if (ares_init_options(&c->ch, &o, mask) != ARES_SUCCESS) {
		cs_tap_free(&c->tap);
		free(c);
		return CS_EIO;
	}
	cs_tap_attach(c->tap, c->ch);
	if (ares_set_servers_ports(c->ch, &node) != ARES_SUCCESS) {
		ares_destroy(c->ch);
		cs_tap_free(&c->tap);
		free(c);
		return CS_EIO;
	}
	strcpy(c->addr, addr);
	c->port = port;
	c->tr = tr;
	c->plain = plain;
	n->chans[n->nchans] = c;
	*idx = n->nchans++;
	return CS_OK;
}

static void on_ares(void *arg, int status, int timeouts, unsigned char *abuf, int alen);

/* Did c-ares (up to 1.27) fall back to queries without EDNS on this channel?
 * It then clears ARES_FLAG_EDNS for the channel: the next queries get a
 * fresh one. */
static void check_stale(chan *c)
{
	struct ares_options o;
	int mask;
	if (ares_save_options(c->ch, &o, &mask) != ARES_SUCCESS)
		return;
	/* No setter for flags alone: the channel is replaced lazily by
	 * marking it unusable for new queries. */
	if (!(o.flags & ARES_FLAG_EDNS))
		c->stale = true;
	ares_destroy_options(&o);
}

static void link_query(chan *c, pending_query *p)
{
	p->next = NULL;
	p->prev = c->last;
	if (c->last)
		c->last->next = p;
	else
		c->first = p;
	c->last = p;
}

static void unlink_query(chan *c, pending_query *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		c->first = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		c->last = p->prev;
	p->prev = p->next = NULL;
}

static void submit(pending_query *p)
{
	chan *c = p->chan;
	c->pending++;
	p->on_wire = false;
	link_query(c, p);
	ares_send(c->ch, p->query, (int)p->len, on_ares, p);
}

static void free_query(pending_query *p)
{
	free(p->sent);
	free(p);
}

/* ARCOUNT of a message (len >= 12). */
static unsigned arcount(const uint8_t *m)
{
	return (unsigned)m[10] << 8 | m[11];
}

/* What c-ares reports is only when and how the query ended: the answer is
 * the server's message the tap recorded, matched by the socket, ID and
 * question of the attempt on the wire (from c-ares 1.28 on, abuf is a
 * re-serialised copy, so it is never used). */
static void on_ares(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	(void)timeouts;
	(void)abuf;
	(void)alen;
	pending_query *p = arg;
	cs_net *n = p->net;
	chan *c = p->chan;
	c->pending--;
	unlink_query(c, p);
	if (status == ARES_EDESTRUCTION || n->destroying) {
		free_query(p);
		return;
	}
	const cs_tap_msg *ans =
	    p->on_wire ? cs_tap_answer(c->tap, p->sock, p->sent, p->sent_len) : NULL;
	if (ans == NULL && status == ARES_ETIMEOUT && p->attempts_left > 0) {
		if (p->on_wire)
			cs_tap_forget(c->tap, p->sock, p->wire_id);
		p->attempts_left--;
		submit(p);
		return;
	}
	cs_net_reply r = {.result = CS_QRESULT_NETERROR};
	if (ans != NULL) {
		/* Whatever c-ares made of it (1.28+ rejects answers that do not
		 * parse; 1.34 may drop one for its DNS cookie), this is what the
		 * server answered. */
		r.result = CS_QRESULT_ANSWER;
		r.resp = ans->data;
		r.resp_len = ans->len;
	} else if (status == ARES_ETIMEOUT) {
		r.result = CS_QRESULT_TIMEOUT;
	} else if (status == ARES_ECONNREFUSED) {
		r.result = CS_QRESULT_REFUSED;
	}
	if (p->on_wire) {
		r.query = p->sent;
		r.query_len = p->sent_len;
		/* c-ares' EDNS fallback: asked again without the OPT record. */
		r.edns_dropped = ans != NULL && arcount(p->query) > 0 && arcount(p->sent) == 0;
	}
	if (ans != NULL && !c->plain)
		check_stale(c);
	n->pending--;
	p->cb(p->arg, &r);
	if (p->on_wire)
		cs_tap_forget(c->tap, p->sock, p->wire_id);
	if (c->pending == 0)
		cs_tap_clear(c->tap);
	free_query(p);
}

cs_err cs_net_send(cs_net *n, const char *addr, uint16_t port, cs_transport tr,
		   const uint8_t *query, size_t len, cs_net_cb cb, void *arg)
{
	if (len < 12 || len > 65535)
		return CS_EINVAL;
	size_t idx;
	bool plain = query[10] == 0 && query[11] == 0; /* no additional record: no OPT */
	cs_err err = open_chan(n, addr, port, tr, plain, &idx);
	if (err != CS_OK)
		return err;
	pending_query *p = calloc(1, sizeof(*p) + len);
	if (p == NULL)
		return CS_ENOMEM;
	p->net = n;
	p->chan = n->chans[idx];
	p->chan->used++;
	p->attempts_left = n->retries;
	p->cb = cb;
	p->arg = arg;
	p->len = len;
	memcpy(p->query, query, len);
	n->pending++;
	submit(p);
	return CS_OK;
}

unsigned cs_net_pending(const cs_net *n)
{
	return n->pending;
}

/* Destroy the channels that take no more queries and have none in flight
 * (outside c-ares' callbacks, where ares_destroy must not be called). */
static void close_spent(cs_net *n)
{
	size_t w = 0;
	for (size_t i = 0; i < n->nchans; i++) {
		chan *c = n->chans[i];
		if (c->pending == 0 && (c->stale || c->used >= CHAN_QUERIES)) {
			ares_destroy(c->ch);
			cs_tap_free(&c->tap);
			free(c);
		} else {
			n->chans[w++] = c;
		}
	}
	n->nchans = w;
}

/* Room for at least need poll entries. */
static cs_err grow_fds(cs_net *n, size_t need)
{
	if (need <= n->fds_cap)
		return CS_OK;
	size_t cap = n->fds_cap ? n->fds_cap : 64;
	while (cap < need)
		cap *= 2;
	struct pollfd *f = realloc(n->fds, cap * sizeof(*f));
	if (f == NULL)
		return CS_ENOMEM;
	n->fds = f;
	size_t *fc = realloc(n->fd_chan, cap * sizeof(*fc));
	if (fc == NULL)
		return CS_ENOMEM;
	n->fd_chan = fc;
	n->fds_cap = cap;
	return CS_OK;
}

cs_err cs_net_step(cs_net *n, int max_wait_ms)
{
	size_t nfds = 0;
	long wait_ms = max_wait_ms;
	for (size_t i = 0; i < n->nchans; i++) {
		chan *c = n->chans[i];
		if (c->pending == 0)
			continue;
		size_t k = cs_tap_poll_fds(c->tap, n->fds + nfds, n->fds_cap - nfds);
		if (nfds + k > n->fds_cap) {
			if (grow_fds(n, nfds + k) != CS_OK)
				return CS_ENOMEM;
			cs_tap_poll_fds(c->tap, n->fds + nfds, k);
		}
		for (size_t j = nfds; j < nfds + k; j++)
			n->fd_chan[j] = i;
		nfds += k;
		struct timeval tv, *tvp = ares_timeout(c->ch, NULL, &tv);
		if (tvp != NULL) {
			long ms = tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000;
			if (wait_ms < 0 || ms < wait_ms)
				wait_ms = ms;
		}
	}
	int rc = poll(n->fds, nfds, (int)wait_ms);
	if (rc < 0 && errno != EINTR)
		return CS_EIO;
	for (size_t k = 0; k < nfds && rc > 0; k++) {
		if (n->fds[k].revents == 0)
			continue;
		chan *c = n->chans[n->fd_chan[k]];
		ares_socket_t rfd = (n->fds[k].revents & (POLLIN | POLLERR | POLLHUP))
					? n->fds[k].fd
					: ARES_SOCKET_BAD;
		ares_socket_t wfd = (n->fds[k].revents & POLLOUT) ? n->fds[k].fd : ARES_SOCKET_BAD;
		ares_process_fd(c->ch, rfd, wfd);
	}
	/* Let every busy channel handle its timeouts. */
	for (size_t i = 0; i < n->nchans; i++)
		if (n->chans[i]->pending > 0)
			ares_process_fd(n->chans[i]->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	close_spent(n);
	return CS_OK;
}
